import Fluent
import Foundation
import TandemCore
import Vapor

/// What staff do to a case at intake: allocate (one or many), record the
/// acknowledgement, record the Case Review explanation, re-rate the risk and
/// add people. Each write commits with its audit event and timeline entry.
struct CaseActionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.allocateMany, use: allocateMany)
        routes.post(.case(.key, .allocate), use: allocate)
        routes.post(.case(.key, .acknowledge), use: acknowledge)
        routes.get(.case(.key, .acknowledgement), use: letter)
        routes.post(.case(.key, .caseReviewExplained), use: caseReviewExplained)
        routes.post(.case(.key, .risk), use: changeRisk)
    }

    struct AllocateInput: Content {
        var officerId: String?
        var caseIds: [String]?

        enum CodingKeys: String, CodingKey {
            case officerId = "officer_id"
            case caseIds = "case_ids"
        }
    }

    @Sendable
    func allocate(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        try request.authorize(.viewCase(facts))
        let user = try request.authorize(.allocateCases)
        try request.authorize(.workCase(facts))
        let input = (try? request.content.decode(AllocateInput.self)) ?? AllocateInput()
        guard let officer = try await officer(input.officerId, organisationID: record.$organisation.id, on: request.db)
        else {
            return try await fail(request, record, facts, "officer_id", "Select an officer to allocate the case to")
        }
        if !record.isActive {
            return try await fail(request, record, facts, "officer_id", "A closed case cannot be allocated")
        }
        let base = Notifier.base(request)
        try await request.write { work in try await Self.give(record, to: officer, by: user, base: base, in: work) }
        return request.redirect(to: SiteURL.case(.value(try record.requireID())).path, flash: .caseAllocated)
    }

    @Sendable
    func allocateMany(request: Request) async throws -> Response {
        let user = try request.authorize(.allocateCases)
        let input = (try? request.content.decode(AllocateInput.self)) ?? AllocateInput()
        let ids = (input.caseIds ?? []).compactMap(UUID.init(uuidString:))
        var form = FormState()
        let officer = try await officer(input.officerId, organisationID: user.organisationID, on: request.db)
        if officer == nil { form.add("officer_id", "Select an officer to allocate the cases to") }
        if ids.isEmpty || ids.count != (input.caseIds ?? []).count || ids.count > 100 {
            form.add("case_ids", "Select between 1 and 100 cases from the list")
        }
        // Only this organisation's unallocated cases; anything else in the list refuses the whole batch.
        let records =
            ids.isEmpty
            ? []
            : try await CaseRecord.query(on: request.db).filter(\.$id ~~ ids)
                .filter(\.$organisation.$id == user.organisationID).all()
        if form.isValid {
            if records.count != Set(ids).count {
                form.add("case_ids", "Some of the selected cases could not be found. Nothing was allocated")
            } else if let refused = records.first(where: {
                $0.status != .triaged || $0.$officer.id != nil
            }) {
                form.add("case_ids", "Case \(refused.reference) is already allocated. Nothing was allocated")
            }
        }
        guard form.isValid, let officer else {
            return try await CasesController().list(
                request, user: user, queue: .unallocated, heading: "Unallocated cases", section: .unallocated,
                intro: "Triaged cases waiting for a named officer.", form: form
            ).encodeResponse(status: .badRequest, for: request)
        }
        try await request.write { work in
            for record in records {
                try await Self.give(record, to: officer, by: user, base: Notifier.base(request), in: work)
            }
        }
        return request.redirect(to: SiteURL.unallocated.path, flash: .caseAllocated)
    }

    /// Allocation makes the officer the single point of contact and opens the case.
    static func give(
        _ record: CaseRecord, to officer: User, by user: CurrentUser, base: String, in work: UnitOfWork
    ) async throws {
        let now = work.now
        if record.status == .triaged {
            guard case .success(let status) = CaseLifecycle.move(from: .triaged, to: .open) else {
                throw Abort(.conflict)
            }
            record.status = status
        }
        record.$officer.id = try officer.requireID()
        record.allocatedAt = now
        record.updatedAt = now
        try await work.update(record, "Allocated case \(record.reference) to \(officer.displayName)")
        try await work.timeline(
            try record.requireID(), kind: .allocated,
            "Allocated to \(officer.displayName) as single point of contact", actorID: user.id)
        let caseID = try record.requireID()
        try await Notifier.notify(
            [try officer.requireID()],
            .init(
                kind: .allocated, caseID: caseID, summary: "Case \(record.reference) is allocated to you",
                href: SiteURL.case(.value(caseID)).path),
            except: user.id, base: base, in: work)
    }

    struct AcknowledgeInput: Content {
        var method: String?
    }

    @Sendable
    func acknowledge(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.workCase(facts))
        let input = (try? request.content.decode(AcknowledgeInput.self)) ?? AcknowledgeInput()
        guard let method = input.method.flatMap(ContactMethod.init(rawValue:)) else {
            return try await fail(request, record, facts, "method", "Select how the acknowledgement was sent")
        }
        if record.acknowledgedAt != nil {
            return try await fail(request, record, facts, "method", "The acknowledgement has already been recorded")
        }
        let calendar = try await request.intakePolicy().calendar
        // By email, Tandem sends it (issue 20): to the reporting person's address on record, or not at all.
        var email: EmailMessage?
        if method == .email {
            let caseID = try record.requireID()
            let reporter = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$role == PartyRole.reportingPerson).with(\.$person).sort(\.$addedAt).all()
                .compactMap(\.person).first
            guard let reporter, let address = reporter.email, MailFormat.isSafeAddress(address) else {
                return try await fail(
                    request, record, facts, "method",
                    "The reporting person has no email address on record that mail can go to: add one, or choose another way"
                )
            }
            email = EmailMessage(
                purpose: .letter, to: address,
                subject: "Your report of anti-social behaviour: case \(record.reference)",
                body: AcknowledgementText.body(
                    recipient: reporter.fullName, reference: record.reference, organisation: record.organisation.name,
                    officer: record.officer?.displayName, received: record.receivedAt.map(DisplayDate.day),
                    responseDue: record.responseDueAt.map(DisplayDate.dayAndTime),
                    caseReviewText: AcknowledgementText.secondReport(record)
                        ? AcknowledgementText.caseReview(
                            applyURL: Notifier.base(request) + SiteURL.caseReviewApply.path) : nil),
                caseID: caseID, at: request.now)
        }
        let queued = email
        try await update(
            request, record, user: user, kind: .acknowledged,
            note: queued.map { "Acknowledgement queued to be emailed to \($0.toAddress)" }
                ?? "Acknowledgement sent by \(method.label.lowercased())",
            also: { work in
                if let queued { try await EmailOutbox.queue(queued, "Queued the acknowledgement by email", in: work) }
            },
            change: { record, now in
                record.acknowledgedAt = now
                record.acknowledgementMethod = method
                record.noteResponse(at: now)
                // The acknowledgement is the first contact: "Our Promise" runs from here.
                record.lastContactAt = now
                record.nextContactDueAt = ContactPromise.nextDue(
                    after: now, every: record.promisedFrequency, calendar: calendar)
                record.refreshNextDeadline()
            })
        return request.redirect(to: SiteURL.case(.value(try record.requireID())).path, flash: .acknowledgementRecorded)
    }

    @Sendable
    func caseReviewExplained(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.workCase(facts))
        if record.caseReviewExplainedAt != nil {
            return try await fail(request, record, facts, "case_review", "The explanation has already been recorded")
        }
        try await update(
            request, record, user: user, kind: .caseReviewExplained,
            note: "ASB Case Review explained to the reporting person"
        ) { record, now in
            record.caseReviewExplainedAt = now
            record.caseReviewPrompt = false
        }
        return request.redirect(to: SiteURL.case(.value(try record.requireID())).path, flash: .caseReviewExplained)
    }

    struct RiskInput: Content {
        var risk: String?
        var reason: String?
    }

    @Sendable
    func changeRisk(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.workCase(facts))
        let input = (try? request.content.decode(RiskInput.self)) ?? RiskInput()
        let reason = TextRules.clean(input.reason)
        guard let risk = input.risk.flatMap(RiskLevel.init(rawValue:)) else {
            return try await fail(request, record, facts, "risk", "Select a risk rating")
        }
        if let problem = TextRules.problem(reason, label: "the reason for the change", max: 500) {
            return try await fail(request, record, facts, "risk_reason", problem)
        }
        if risk == record.riskLevel {
            return try await fail(
                request, record, facts, "risk", "The case is already rated \(risk.label.lowercased())")
        }
        let policy = try await request.intakePolicy()
        let from = record.riskLevel?.label ?? "not rated"
        try await update(
            request, record, user: user, kind: .riskChanged,
            note: "Risk changed from \(from) to \(risk.label): \(reason)"
        ) { record, now in
            record.riskLevel = risk
            TriageService.setDeadline(record, risk: risk, policy: policy)
            RiskService.bandChanged(record, now: now, timeZone: policy.calendar.timeZone)
        }
        return request.redirect(to: SiteURL.case(.value(try record.requireID())).path, flash: .riskChanged)
    }

    struct LetterPage: Encodable {
        var layout: LayoutContext
        var caseID: String
        /// "Back to the case".
        var caseHref: String
        var reference: String
        var date: String
        var recipient: String?
        var address: String?
        var anonymous: Bool
        var officer: String?
        var organisation: String
        var received: String?
        var responseDue: String?
        /// Set when the reporting person has reported again within six months (issue 22, item 6).
        var caseReviewText: String?
    }

    /// A printable acknowledgement for the reporting person.
    @Sendable
    func letter(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        try request.authorize(.workCase(facts))
        let caseID = try record.requireID()
        let reporter = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$role == PartyRole.reportingPerson).with(\.$person) { $0.with(\.$place) }
            .sort(\.$addedAt).first()
        try await request.auditView(
            recordType: .`case`, recordID: caseID.uuidString,
            summary: "Viewed acknowledgement letter for case \(record.reference)")
        return try await request.view.render(
            "cases/acknowledgement",
            LetterPage(
                layout: request.layout(title: "Acknowledgement letter, \(record.reference)", section: .cases),
                caseID: caseID.uuidString, caseHref: SiteURL.case(.value(caseID)).path, reference: record.reference,
                date: DisplayDate.day(request.now),
                recipient: reporter?.person?.fullName, address: reporter?.person?.place?.oneLine,
                anonymous: reporter == nil, officer: record.officer?.displayName,
                organisation: record.organisation.name, received: record.receivedAt.map(DisplayDate.day),
                responseDue: record.responseDueAt.map(DisplayDate.dayAndTime),
                caseReviewText: AcknowledgementText.secondReport(record)
                    ? AcknowledgementText.caseReview(applyURL: Notifier.base(request) + SiteURL.caseReviewApply.path)
                    : nil))
    }

    // MARK: - Helpers

    private func officer(_ raw: String?, organisationID: UUID, on db: any Database) async throws -> User? {
        guard let raw, let id = UUID(uuidString: raw) else { return nil }
        return try await Allocation.officer(id, of: organisationID, on: db)
    }

    private func update(
        _ request: Request, _ record: CaseRecord, user: CurrentUser, kind: CaseEventKind, note: String,
        also: @escaping @Sendable (UnitOfWork) async throws -> Void = { _ in },
        change: @escaping @Sendable (CaseRecord, Date) -> Void
    ) async throws {
        let now = request.now
        change(record, now)
        record.updatedAt = now
        let caseID = try record.requireID()
        try await request.write { work in
            try await work.update(record, "\(note) (case \(record.reference))")
            try await work.timeline(caseID, kind: kind, note, actorID: user.id)
            try await also(work)
        }
    }

    private func fail(
        _ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ field: String, _ message: String
    ) async throws -> Response {
        var form = FormState()
        form.add(field, message)
        return try await CasePageBuilder.render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }
}
