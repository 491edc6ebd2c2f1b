import Fluent
import TandemCore
import Vapor

/// Sharing a case with another organisation under an information sharing agreement, and ending a share
/// (issue 19, item 2). The case officer or a senior officer shares; a senior officer alone may share special
/// category data without everyone's consent, and records why.
struct SharingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .sharing), use: show)
        routes.post(.case(.key, .sharing), use: share)
        routes.post(.case(.key, .revokeShare(.key)), use: revoke)
    }

    struct ShareForm: Content {
        var organisationID: String?
        var agreementID: String?
        var purpose: String?
        var sections: [String]?
        var consent: [String: String]?
        var reason: [String: String]?
        var endsOn: String?
        var seniorDecision: String?

        enum CodingKeys: String, CodingKey {
            case purpose, sections, consent, reason
            case organisationID = "organisation_id"
            case agreementID = "agreement_id"
            case endsOn = "ends_on"
            case seniorDecision = "senior_decision"
        }
    }

    struct RevokeForm: Content {
        var reason: String?
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        try request.authorize(.viewDisclosureLog(facts))
        try await request.auditView(
            recordType: .`case`, recordID: try record.requireID().uuidString,
            summary: "Viewed the sharing of case \(record.reference)")
        return try await SharingPage.render(request, record: record, facts: facts, form: FormState(), input: nil)
    }

    @Sendable
    func share(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.shareCase(facts))
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ShareForm.self)) ?? ShareForm()
        let today = request.today()
        var form = FormState()
        let purpose = TextRules.clean(input.purpose)
        let seniorText = TextRules.clean(input.seniorDecision)
        if let problem = TextRules.multilineProblem(
            purpose, label: "why the case is being shared", required: false, max: 2000)
        {
            form.add("purpose", problem)
        }
        if let problem = TextRules.multilineProblem(
            seniorText, label: "the reasons for the decision", required: false, max: 2000)
        {
            form.add("senior_decision", problem)
        }
        let organisationID = input.organisationID.flatMap(UUID.init(uuidString:))
        let organisation = try await organisationID.asyncMap { try await Organisation.find($0, on: request.db) } ?? nil
        if organisation == nil || organisation?.active == false {
            form.add("organisation_id", "Select the organisation to share the case with")
        }
        let agreementID = input.agreementID.flatMap(UUID.init(uuidString:))
        let agreement =
            try await agreementID.asyncMap {
                try await SharingAgreement.query(on: request.db).filter(\.$id == $0).with(\.$parties).first()
            } ?? nil
        let sectionValues = (input.sections ?? []).map(ShareSection.init(rawValue:))
        if sectionValues.contains(where: { $0 == nil }) || sectionValues.count > ShareSection.allCases.count {
            form.add("sections", "Select sections from the list")
        }
        let endsOn = Casework.day(input.endsOn)
        if endsOn == nil && !TextRules.clean(input.endsOn).isEmpty {
            form.add("ends_on", "Enter the date the share ends as a real date")
        }
        let people = try await SharingPage.people(caseID, on: request.db)
        let consents = people.map { person in
            ShareRequest.Consent(
                personID: person.id,
                consent: input.consent?[person.id.uuidString].flatMap(ShareConsent.init(rawValue:)),
                notSoughtReason: input.reason?[person.id.uuidString].flatMap(ConsentNotSoughtReason.init(rawValue:)))
        }
        let terms = try agreement.map { try $0.terms(parties: Set($0.parties.map { $0.$organisation.id })) }
        let shareRequest = ShareRequest(
            owningOrganisationID: facts.owningOrganisationID,
            organisationID: organisationID ?? UUID(), agreement: terms, purpose: purpose,
            sections: Set(sectionValues.compactMap { $0 }), consents: consents, endsOn: endsOn,
            seniorDecision: seniorText.isEmpty ? nil : seniorText,
            mayOverrideConsent: request.may(.overrideConsent(facts)))
        var valid: ValidShare?
        switch SharingRules.validate(shareRequest, today: today) {
        case .success(let share): valid = share
        case .failure(let list):
            for problem in list.problems where !(organisation == nil && problem == .ownOrganisation) {
                form.add(problem.field, problem.message)
            }
        }
        guard form.isValid, let valid, let organisation, let agreement else {
            return try await SharingPage.render(request, record: record, facts: facts, form: form, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        try await SharingWrites.share(
            valid, caseID: caseID, reference: record.reference, organisation: organisation, agreement: agreement,
            people: people, referralID: nil, by: user, in: request)
        return request.redirect(to: SiteURL.case(.value(caseID), .sharing).path, flash: .caseShared)
    }

    @Sendable
    func revoke(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.shareCase(facts))
        let caseID = try record.requireID()
        guard let shareID = request.parameters.get("shareID", as: UUID.self),
            let share = try await CaseShare.query(on: request.db).filter(\.$id == shareID)
                .filter(\.$caseRecord.$id == caseID).with(\.$organisation).with(\.$agreement).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(RevokeForm.self)) ?? RevokeForm()
        let reason = TextRules.clean(input.reason)
        var form = FormState()
        let field = "revoke_reason_\(shareID.uuidString)"
        form.values[field] = reason
        if let problem = TextRules.multilineProblem(
            reason, label: "why the share is being revoked", required: true, max: 1000)
        {
            form.add(field, problem)
        }
        if share.revokedAt != nil { form.add(field, "This share has already been revoked") }
        guard form.isValid else {
            return try await SharingPage.render(request, record: record, facts: facts, form: form, input: nil)
                .encodeResponse(status: .badRequest, for: request)
        }
        try await SharingWrites.revoke(share, reason: reason, reference: record.reference, by: user, in: request)
        return request.redirect(to: SiteURL.case(.value(caseID), .sharing).path, flash: .shareRevoked)
    }
}

/// The writes of sharing, each one unit of work with its disclosure log line and timeline entry.
enum SharingWrites {
    /// Makes a share, or renews the case's existing share with the organisation (one row per case and
    /// organisation; the disclosure log keeps every version), in its own unit of work.
    static func share(
        _ valid: ValidShare, caseID: UUID, reference: String, organisation: Organisation,
        agreement: SharingAgreement, people: [SharingPage.Person], referralID: UUID?, by user: CurrentUser,
        in request: Request
    ) async throws {
        let base = Notifier.base(request)
        try await request.write { work in
            try await share(
                valid, caseID: caseID, reference: reference, organisation: organisation, agreement: agreement,
                people: people, referralID: referralID, by: user.id, base: base, in: work)
        }
    }

    /// The share inside a larger unit of work: accepting a referral answers it and shares in one commit, and
    /// the demo loader shares at a time in the past. `seniorDecisionByID` names who made the senior decision
    /// when it is not `userID`: the referring officer, when the receiving organisation accepts.
    static func share(
        _ valid: ValidShare, caseID: UUID, reference: String, organisation: Organisation,
        agreement: SharingAgreement, people: [SharingPage.Person], referralID: UUID?, by userID: UUID,
        seniorDecisionByID: UUID? = nil, base: String = DemoData.base, in work: UnitOfWork
    ) async throws {
        let now = work.now
        let existing = try await CaseShare.query(on: work.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$organisation.$id == valid.organisationID).with(\.$consents).first()
        let share = existing ?? CaseShare(caseID: caseID, organisationID: valid.organisationID, at: now)
        share.sharedAt = now
        share.$agreement.id = valid.agreementID
        share.purpose = valid.purpose
        share.sections = ShareSection.text(valid.sections)
        share.endsOn = valid.endsOn
        share.$sharedBy.id = userID
        share.seniorDecision = valid.seniorDecision
        share.$seniorDecisionBy.id = valid.seniorDecision == nil ? nil : (seniorDecisionByID ?? userID)
        share.revokedAt = nil
        share.$revokedBy.id = nil
        share.revokeReason = nil
        share.$referral.id = referralID
        let names = Dictionary(people.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        let consentText = valid.consents.map { consent in
            let who = names[consent.personID] ?? "A person on the case"
            var text = "\(who): \((consent.consent ?? .notSought).label.lowercased())"
            if let reason = consent.notSoughtReason, consent.consent == .notSought {
                text += " (\(reason.label.lowercased()))"
            }
            return text
        }.joined(separator: "; ")
        let event: Disclosure.Event = referralID != nil ? .referralAccepted : (existing == nil ? .shared : .renewed)
        let line = Disclosure()
        line.$caseRecord.id = caseID
        line.$organisation.id = valid.organisationID
        line.$agreement.id = valid.agreementID
        line.event = event
        line.sections = share.sections
        line.purpose = valid.purpose
        line.gateways = agreement.gateways
        line.consents = consentText.isEmpty ? "No named person on the case" : consentText
        line.seniorDecision = valid.seniorDecision
        line.endsOn = valid.endsOn
        line.$actor.id = userID
        line.at = now
        let summary =
            "\(event.label) with \(organisation.name) under \"\(agreement.title)\": "
            + ShareSection.labels(valid.sections)
        if existing == nil {
            try await work.insert(share, "Shared case \(reference) with \(organisation.name)")
        } else {
            try await work.update(share, "Renewed the share of case \(reference) with \(organisation.name)")
            for old in existing?.consents ?? [] {
                try await work.delete(old, "Replaced a consent decision on the share of case \(reference)")
            }
        }
        let shareID = try share.requireID()
        for consent in valid.consents {
            try await work.insert(
                ShareConsentRecord(shareID: shareID, consent: consent, at: now),
                "Recorded consent to the share of case \(reference)")
        }
        try await work.insert(line, "Disclosure log: \(summary)")
        try await work.timeline(caseID, kind: timelineKind(valid.sections, else: .shared), summary, actorID: userID)
        // The receiving organisation's people are told (an accepted referral: they accepted it themselves).
        if referralID == nil {
            let receivers = try await Notifier.users(
                in: valid.organisationID, roles: Notifier.partnerRoles, on: work.db)
            try await Notifier.notify(
                receivers,
                .init(
                    kind: .shareToUs, caseID: caseID, summary: "Case \(reference) is shared with \(organisation.name)",
                    href: SiteURL.case(.value(caseID)).path),
                except: userID, base: base, in: work)
        }
    }

    /// Ends a share at once: the organisation loses access on its next request.
    static func revoke(
        _ share: CaseShare, reason: String, reference: String, by user: CurrentUser, in request: Request
    ) async throws {
        try await request.write { work in
            try await revoke(share, reason: reason, reference: reference, by: user.id, in: work)
        }
    }

    static func revoke(_ share: CaseShare, reason: String, reference: String, by userID: UUID, in work: UnitOfWork)
        async throws
    {
        let now = work.now
        let caseID = share.$caseRecord.id
        share.revokedAt = now
        share.$revokedBy.id = userID
        share.revokeReason = reason
        let line = Disclosure()
        line.$caseRecord.id = caseID
        line.$organisation.id = share.$organisation.id
        line.$agreement.id = share.$agreement.id
        line.event = .revoked
        line.sections = share.sections
        line.purpose = share.purpose ?? ""
        line.gateways = share.agreement?.gateways ?? ""
        line.consents = ""
        line.reason = reason
        line.$actor.id = userID
        line.at = now
        let name = share.organisation.name
        try await work.update(share, "Revoked the share of case \(reference) with \(name)")
        try await work.insert(line, "Disclosure log: share of case \(reference) with \(name) revoked")
        try await work.timeline(
            caseID, kind: timelineKind(share.sectionSet, else: .shareRevoked), "Share with \(name) revoked: \(reason)",
            actorID: userID)
    }

    /// A line about a share that opens special category data is itself special category: it says a health
    /// agency holds the case's mental health information, so only a viewer cleared for that section reads it.
    static func timelineKind(_ sections: Set<ShareSection>, else kind: CaseEventKind) -> CaseEventKind {
        sections.contains(.specialCategory) ? .specialCategoryLine : kind
    }
}
