import Foundation

/// Referrals sent through Tandem to an organisation that uses it (issue 19, item 4): the referral lands in that
/// organisation's queue, and accepting it shares the case under the agreement, sections and consent the
/// referrer chose, checked by `SharingRules.validate` when it is sent and again when it is accepted.
public enum ReferralSharing {
    /// How long a share opened by accepting a referral lasts unless renewed: about six months, the share form's
    /// own default, and never beyond the agreement's end date.
    public static let shareDays = 182

    public static func shareEnds(from day: CivilDate, agreementEndsOn: CivilDate?) -> CivilDate {
        let end = day.adding(days: shareDays)
        guard let agreementEndsOn else { return end }
        return min(end, agreementEndsOn)
    }

    /// The share a referral asks for, as the rules check it. Accepting it shares the summary and parties of
    /// everyone on the case, so it carries each named person's consent decision, as a direct share does; a reason
    /// is kept only where consent was not sought. `mayOverrideConsent` is the referrer's right when sending; at
    /// acceptance it is whether a senior decision was recorded then, since the receiver cannot make one.
    public static func shareRequest(
        owningOrganisationID: UUID, to organisationID: UUID, agreement: AgreementTerms?, purpose: String,
        sections: Set<ShareSection>, consents: [ShareRequest.Consent], endsOn: CivilDate?, seniorDecision: String?,
        mayOverrideConsent: Bool
    ) -> ShareRequest {
        ShareRequest(
            owningOrganisationID: owningOrganisationID, organisationID: organisationID, agreement: agreement,
            purpose: purpose, sections: sections,
            consents: consents.map {
                ShareRequest.Consent(
                    personID: $0.personID, consent: $0.consent,
                    notSoughtReason: $0.consent == .notSought ? $0.notSoughtReason : nil)
            },
            endsOn: endsOn, seniorDecision: seniorDecision, mayOverrideConsent: mayOverrideConsent)
    }

    /// The decisions as a referral stores them until it is answered: one line per person,
    /// "<person id> <consent>[ <reason not sought>]".
    public static func consentText(_ consents: [ShareRequest.Consent]) -> String {
        consents.map { consent in
            [consent.personID.uuidString, consent.consent?.rawValue ?? "", consent.notSoughtReason?.rawValue]
                .compactMap { $0 }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// The stored decisions by person; a line that does not parse is left out, so that person's consent counts
    /// as missing and the referral cannot be accepted as sent.
    public static func consents(from text: String) -> [UUID: ShareRequest.Consent] {
        var decisions: [UUID: ShareRequest.Consent] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard let first = parts.first, let id = UUID(uuidString: first), parts.count >= 2,
                let consent = ShareConsent(rawValue: parts[1])
            else { continue }
            let reason = parts.count > 2 ? ConsentNotSoughtReason(rawValue: parts[2]) : nil
            decisions[id] = ShareRequest.Consent(personID: id, consent: consent, notSoughtReason: reason)
        }
        return decisions
    }

    /// The consents for acceptance: a decision for each person on the case now, as the referrer recorded it;
    /// someone added since the referral was sent has none, so the rules refuse until it is sent again.
    public static func consentsNow(personIDs: [UUID], stored: [UUID: ShareRequest.Consent]) -> [ShareRequest.Consent] {
        personIDs.map { stored[$0] ?? ShareRequest.Consent(personID: $0, consent: nil) }
    }

    /// What the receiving organisation may answer: acknowledge, accept or decline while the referral waits; once
    /// accepted, how the person engages, or close it with what came of it. Closing one that was never accepted
    /// is the referrer's (a withdrawal), and a declined or closed referral is finished for the receiver.
    public static func receiverChoices(_ status: ReferralStatus) -> [ReferralStatus] {
        switch status {
        case .sent: [.acknowledged, .accepted, .declined]
        case .acknowledged: [.accepted, .declined]
        case .accepted, .engaged, .disengaged: status.next
        case .declined, .closed: []
        }
    }

    /// Whether the receiver has accepted the referral and not yet closed it: from then on its updates need the
    /// case still shared with the receiver.
    public static func isAccepted(_ status: ReferralStatus) -> Bool {
        [.accepted, .engaged, .disengaged].contains(status)
    }

    /// What the referring officer may set on a referral sent through Tandem, beside chasing it: only closing
    /// (withdrawing) it. Accepting or declining is the receiver's answer, since accepting shares the case.
    public static func referrerChoices(_ status: ReferralStatus) -> [ReferralStatus] {
        status.next.filter { $0 == .closed }
    }

    /// A problem with the receiver's answer, or nil. Declining needs the reason the referring officer will see
    /// (issue 19: "Declining records the reason"); closing needs the outcome.
    public static func answerProblem(
        from status: ReferralStatus, to answer: ReferralStatus?, declineReason: String, note: String
    ) -> CaseworkProblem? {
        guard let answer else { return CaseworkProblem("answer", "Select your answer to the referral") }
        let choices = receiverChoices(status)
        if !choices.contains(answer) {
            if choices.isEmpty {
                return CaseworkProblem(
                    "answer", "This referral is \(status.label.lowercased()) and cannot be answered again")
            }
            let words = choices.map { $0.label.lowercased() }.joined(separator: ", ")
            return CaseworkProblem(
                "answer", "A referral that is \(status.label.lowercased()) can only become: \(words)")
        }
        if answer == .declined && declineReason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return CaseworkProblem("decline_reason", "Enter why you are declining the referral")
        }
        if answer == .closed && note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return CaseworkProblem("note", "Enter what came of the referral")
        }
        return nil
    }

    /// A problem with the referring officer's own update of a referral sent through Tandem, or nil.
    public static func referrerProblem(from status: ReferralStatus, to: ReferralStatus?) -> CaseworkProblem? {
        guard let to, !status.next.isEmpty else { return ReferralRules.transitionProblem(from: status, to: to) }
        if referrerChoices(status).contains(to) { return nil }
        return CaseworkProblem(
            "status",
            "The organisation the referral was sent to answers it through Tandem: you can chase it or close it")
    }
}
