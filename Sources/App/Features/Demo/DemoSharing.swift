import Fluent
import TandemCore
import Vapor

/// The demo borough's partnership (issue 19, item 7): a borough-wide agreement and a health agreement; cases
/// shared with the police under s.115 without the respondent's consent, with the mental health team and adult
/// social care with consent, with youth offending; a share revoked when its work ended; partner notes.
/// Every share goes through `SharingWrites`, the same code as the web, at the time it was made.
enum DemoSharing {
    struct AgreementSeed {
        var key: String
        var title: String
        var purpose: String
        var parties: [String]
        var gateways: Set<LegalGateway>
        var condition: SpecialCategoryCondition?
        var sections: Set<ShareSection>
        var reference: String
    }

    static let agreements: [AgreementSeed] = [
        .init(
            key: "borough", title: "Riverside Community Safety Partnership information sharing agreement",
            purpose:
                "Preventing and reducing anti-social behaviour, crime and disorder in Riverside: joint problem solving, risk assessment and action planning between the partners, and the ASB Case Review.",
            parties: ["council", "homes", "police", "yos", "asc", "victims", "cmht"],
            gateways: [.crimeAndDisorderAct, .publicTask, .caseReview], condition: nil,
            sections: [.summary, .reports, .risk, .casework, .enforcement], reference: "RCSP-ISA-2025"),
        .init(
            key: "health", title: "Riverside health and social care information sharing agreement",
            purpose:
                "Assessing and meeting the health and care needs of victims and respondents in ASB cases, and safeguarding adults and children at risk.",
            parties: ["council", "cmht", "asc", "homes"], gateways: [.publicTask], condition: .healthOrSocialCare,
            sections: [.summary, .risk, .specialCategory, .casework], reference: "RHSC-ISA-2025"),
    ]

    struct ShareSeed {
        var caseKey: String
        var organisationKey: String
        var agreementKey: String
        var purpose: String
        var sections: Set<ShareSection>
        /// Consent for respondents; reporting people and witnesses gave theirs.
        var respondent: (ShareConsent, ConsentNotSoughtReason?) = (.given, nil)
        var by = "officer@riverside.example"
        var revokedReason: String?
    }

    static let shares: [ShareSeed] = [
        .init(
            caseKey: "marsh", organisationKey: "police", agreementKey: "borough",
            purpose: "Joint problem solving of night-time noise and disorder at Marsh House (CDA 1998 s.115)",
            sections: [.reports, .risk, .casework, .enforcement], respondent: (.notSought, .preventionOfCrime)),
        .init(
            caseKey: "canal", organisationKey: "police", agreementKey: "borough",
            purpose: "Protecting a vulnerable older victim from harassment and missiles thrown at his window",
            sections: [.reports, .risk, .casework], respondent: (.notSought, .riskOfHarm)),
        .init(
            caseKey: "canal", organisationKey: "cmht", agreementKey: "health",
            purpose: "Assessment of the respondent's mental health, with his agreement, and joint case notes",
            sections: [.risk, .specialCategory, .casework]),
        .init(
            caseKey: "canal", organisationKey: "asc", agreementKey: "health",
            purpose: "Care and support needs of the reporting person, who lives alone", sections: [.risk, .casework]),
        .init(
            caseKey: "heron", organisationKey: "yos", agreementKey: "borough",
            purpose: "Youth outreach with the young people who gather in the stairwell",
            sections: [.reports, .casework], by: "manager@riverside.example"),
        .init(
            caseKey: "lock", organisationKey: "victims", agreementKey: "borough",
            purpose: "Emotional support for Mr Gupta while the threats were investigated", sections: [.casework],
            revokedReason: "The case closed and Victim Support's work with Mr Gupta ended."),
    ]

    static func seed(
        cases: [String: CaseRecord], organisationIDs: [String: UUID], userIDs: [String: UUID], in work: UnitOfWork
    ) async throws {
        let db = work.db
        let now = work.now
        let start = CivilDate(dayNumber: DisplayDate.civilDay(now).dayNumber - 600)
        var agreementsByKey: [String: SharingAgreement] = [:]
        for seed in agreements {
            let agreement = SharingAgreement()
            agreement.title = seed.title
            agreement.purpose = seed.purpose
            agreement.gateways = LegalGateway.text(seed.gateways)
            agreement.specialCondition = seed.condition
            agreement.sections = ShareSection.text(seed.sections)
            agreement.startsOn = start
            agreement.reviewOn = start.adding(days: 730)
            agreement.endsOn = start.adding(days: 1095)
            agreement.documentReference = seed.reference
            agreement.status = .active
            agreement.createdAt = now
            agreement.updatedAt = now
            try await work.insert(agreement, "Demo: added information sharing agreement \(seed.title)")
            for key in seed.parties {
                try await work.insert(
                    SharingAgreementParty(
                        agreementID: try agreement.requireID(), organisationID: organisationIDs[key]!),
                    "Demo: added a party to agreement \(seed.title)")
            }
            agreementsByKey[seed.key] = agreement
        }
        let organisations = try await Organisation.query(on: db).all()
        for seed in shares {
            guard let record = cases[seed.caseKey], let caseID = record.id,
                let organisation = organisations.first(where: { $0.id == organisationIDs[seed.organisationKey] }),
                let agreement = agreementsByKey[seed.agreementKey], let userID = userIDs[seed.by]
            else { continue }
            let parties = try await Casework.parties(caseID, on: db)
            let people = try await SharingPage.people(caseID, on: db)
            let consents = people.map { person in
                let isRespondent = parties.contains { $0.$person.id == person.id && $0.role == .respondent }
                return ShareRequest.Consent(
                    personID: person.id, consent: isRespondent ? seed.respondent.0 : .given,
                    notSoughtReason: isRespondent ? seed.respondent.1 : nil)
            }
            // Shared a day after the case was opened, for half a year.
            let sharedAt = record.openedAt.addingTimeInterval(86_400)
            let valid = ValidShare(
                agreementID: try agreement.requireID(), organisationID: try organisation.requireID(),
                purpose: seed.purpose, sections: seed.sections.union([.summary]), consents: consents,
                endsOn: DisplayDate.civilDay(sharedAt).adding(days: 182), seniorDecision: nil)
            let sharing = work.at(sharedAt)
            try await SharingWrites.share(
                valid, caseID: caseID, reference: record.reference, organisation: organisation, agreement: agreement,
                people: people, referralID: nil, by: userID, in: sharing)
            if let reason = seed.revokedReason,
                let share = try await CaseShare.query(on: db).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$organisation.$id == organisation.requireID()).with(\.$organisation).with(\.$agreement)
                    .first()
            {
                try await SharingWrites.revoke(
                    share, reason: reason, reference: record.reference, by: userID,
                    in: work.at(min(sharedAt.addingTimeInterval(60 * 86_400), now.addingTimeInterval(-3600))))
            }
        }
        try await notes(cases: cases, organisationIDs: organisationIDs, userIDs: userIDs, in: work)
        try await partnerWork(
            cases: cases, organisationIDs: organisationIDs, userIDs: userIDs, agreements: agreementsByKey, in: work)
    }

    /// An action the police own on Canal Street's plan, and a referral to Victim Support sent through Tandem
    /// and waiting in its queue.
    private static func partnerWork(
        cases: [String: CaseRecord], organisationIDs: [String: UUID], userIDs: [String: UUID],
        agreements: [String: SharingAgreement], in work: UnitOfWork
    ) async throws {
        guard let canal = cases["canal"], let caseID = canal.id, let officerID = userIDs["officer@riverside.example"],
            let police = organisationIDs["police"], let victims = organisationIDs["victims"],
            let borough = agreements["borough"]
        else { return }
        let calendar = try await IntakePolicy.load(on: work.db).calendar
        let at = work.now.addingTimeInterval(-2 * 86_400)
        let today = calendar.local(work.now).day
        let writing = work.at(at)
        let action = PlanAction()
        action.$caseRecord.id = caseID
        action.description = "Visit Mr Finch with the Safer Neighbourhoods team and fit a window guard"
        action.owner = .partner
        action.$ownerOrganisation.id = police
        action.dueOn = today.adding(days: 5)
        action.status = .open
        action.addedAt = at
        action.$addedBy.id = officerID
        try await writing.insert(action, "Demo: action for the police on case \(canal.reference)")
        // A new version of the plan, kept as an officer's added action keeps it.
        if let plan = try await ActionPlan.query(on: work.db).filter(\.$caseRecord.$id == caseID).first() {
            plan.version = PlanRules.nextVersion(after: plan.version)
            plan.updatedAt = at
            try await writing.update(plan, "Demo: plan version \(plan.version)")
            try await PlanHistory.keep(
                plan, change: "Action added to the plan: \(action.description)", userID: officerID, in: writing)
        }
        try await writing.timeline(
            caseID, kind: .plan, "Action added for Riverside Safer Neighbourhoods Police: window guard visit",
            actorID: officerID)

        let reporter = try await CaseParty.query(on: work.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$role == .reportingPerson).first()
        let referral = Referral()
        referral.$caseRecord.id = caseID
        referral.$party.id = reporter?.id
        referral.service = .victimSupport
        referral.asked = "Emotional support for Mr Finch, who is frightened to leave his flat"
        referral.sentOn = calendar.local(at).day
        referral.replyDueOn = ReferralRules.defaultReplyDue(sentOn: referral.sentOn, calendar: calendar)
        referral.status = .sent
        referral.recordedAt = at
        referral.$recordedBy.id = officerID
        referral.updatedAt = at
        referral.$toOrganisation.id = victims
        referral.$agreement.id = try borough.requireID()
        referral.shareSections = ShareSection.text([.summary, .casework])
        referral.consent = .given
        // The reporting person agreed; the respondent was not asked, as asking could put Mr Finch at risk.
        let people = try await SharingPage.people(caseID, on: work.db)
        referral.consents = ReferralSharing.consentText(
            people.map { person in
                person.id == reporter?.$person.id
                    ? ShareRequest.Consent(personID: person.id, consent: .given)
                    : ShareRequest.Consent(personID: person.id, consent: .notSought, notSoughtReason: .riskOfHarm)
            })
        try await writing.insert(referral, "Demo: referral to Victim Support through Tandem on case \(canal.reference)")
        let update = ReferralUpdate()
        update.$caseRecord.id = caseID
        update.$referral.id = try referral.requireID()
        update.status = ReferralUpdateStatus(.sent)
        update.note = referral.asked
        update.recordedAt = at
        update.$recordedBy.id = officerID
        try await writing.insert(update, "Demo: referral sent")
        try await writing.timeline(
            caseID, kind: .referral, "Referred to Riverside Victim Support through Tandem", actorID: officerID)
    }

    /// Joint case notes from the partners (000 section 7, Bromley).
    private static func notes(
        cases: [String: CaseRecord], organisationIDs: [String: UUID], userIDs: [String: UUID], in work: UnitOfWork
    ) async throws {
        let seeds:
            [(caseKey: String, organisation: String, author: String, daysAgo: Double, special: Bool, body: String)] = [
                (
                    "marsh", "police", "police@riverside.example", 2, false,
                    "Officers attended Marsh House at 01:40 on Saturday after a 101 call. Loud music from flat 14; the occupant turned it down when asked. Log 0142 of Saturday."
                ),
                (
                    "canal", "cmht", "cmht@riverside.example", 1, true,
                    "Mr Walsh is known to the team and has agreed to see his care coordinator this week. We will update the case after the visit."
                ),
            ]
        for seed in seeds {
            guard let caseID = cases[seed.caseKey]?.id, let organisationID = organisationIDs[seed.organisation],
                let authorID = userIDs[seed.author]
            else { continue }
            let at = work.now.addingTimeInterval(-seed.daysAgo * 86_400)
            let note = CaseNote(
                caseID: caseID, organisationID: organisationID, authorID: authorID, body: seed.body,
                specialCategory: seed.special, at: at)
            let writing = work.at(at)
            let name = try await Organisation.find(organisationID, on: work.db)?.name ?? seed.organisation
            try await writing.insert(note, "Demo: case note from \(name)")
            try await writing.timeline(
                caseID, kind: seed.special ? .specialCategoryNote : .note, CaseNoteRules.timeline(organisation: name),
                actorID: authorID)
        }
    }
}
