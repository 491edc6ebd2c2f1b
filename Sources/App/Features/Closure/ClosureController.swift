import Fluent
import Foundation
import TandemCore
import Vapor

/// Closing a case (Lambeth 3.4): the officer proposes with a reason, a
/// senior officer who did not propose it signs off or returns it, the
/// reporting person gets seven days' notice with their Case Review right,
/// and the case closes when the notice ends unless they respond. A closed
/// case can be reopened within the local period.
struct ClosureController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .closure), use: show)
        routes.post(.case(.key, .closure), use: propose)
        routes.post(.case(.key, .closureDecision(.key)), use: decide)
        routes.post(.case(.key, .closureResponse(.key)), use: respond)
        routes.post(.case(.key, .reopen), use: reopen)
    }

    struct ProposalInput: Content {
        var reason: String?
        var summary: String?
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "closure")
        return try await ClosurePageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    @Sendable
    func propose(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ProposalInput.self)) ?? ProposalInput()
        let reason = input.reason.flatMap(ClosureReason.init(rawValue:))
        let summary = TextRules.clean(input.summary)
        var form = FormState()
        Casework.add(ClosureRules.proposalProblems(reason: reason, summary: summary), to: &form)
        if let problem = TextRules.multilineProblem(summary, label: "the summary", required: false, max: 4000) {
            form.add("summary", problem)
        }
        if record.status != .open {
            form.add("reason", "Only an open case can be proposed for closure")
        } else if try await ClosurePageBuilder.active(caseID, on: request.db) != nil {
            form.add("reason", "Closure has already been proposed and is waiting for a decision")
        }
        guard form.isValid, let reason else {
            form.values = ["reason": input.reason ?? "", "summary": summary]
            return try await ClosurePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let closure = CaseClosure(caseID: caseID, reason: reason, summary: summary, by: user.id, at: request.now)
        let base = Notifier.base(request)
        try await Casework.write(
            request, record, user: user, kind: .closureProposed,
            timeline: "Closure proposed (\(reason.label)); waiting for a senior officer's sign-off"
        ) { work in
            try await work.insert(closure, "Proposed closure of case \(record.reference)")
            try await Notifier.askForSignOff(
                on: record, summary: ClosureService.signOffSummary(record),
                href: SiteURL.case(.value(caseID), .closure).path, except: user.id, base: base, in: work)
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .closure).path, flash: .closureProposed)
    }

    struct DecisionInput: Content {
        var decision: String?
        var note: String?
        var override: String?
        var overrideReason: String?

        enum CodingKeys: String, CodingKey {
            case decision, note, override
            case overrideReason = "override_reason"
        }
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        let closure = try await find(request, record)
        let user = try request.authorize(.decideClosure(facts, proposedByID: closure.$proposedBy.id))
        let input = (try? request.content.decode(DecisionInput.self)) ?? DecisionInput()
        let note = TextRules.clean(input.note)
        var form = FormState()
        Casework.add(
            ClosureRules.decisionProblems(
                decision: input.decision, note: note, state: closure.state,
                caseIsOpen: record.status == .open),
            to: &form)
        if let problem = TextRules.multilineProblem(note, label: "the note", required: false, max: 4000) {
            form.add("note", problem)
        }
        // Signing off against what the record shows needs an explicit override and its reason (issue 20).
        let overrideReason = TextRules.clean(input.overrideReason)
        if let problem = TextRules.multilineProblem(
            overrideReason, label: "why you sign it off anyway", required: false, max: 1000)
        {
            form.add("override_reason", problem)
        }
        let warnings = try await ClosureWarningsQuery.warnings(for: closure, now: request.now, on: request.db)
        let signingOff = input.decision == ClosureRules.Decision.signOff.rawValue
        Casework.add(
            ClosureWarnings.overrideProblems(
                warnings: warnings, signingOff: signingOff, override: input.override == "yes",
                reason: overrideReason),
            to: &form)
        guard form.isValid else {
            form.values = [
                "note": note, "override": input.override == "yes" ? "yes" : "", "override_reason": overrideReason,
                "decision": input.decision ?? "",
            ]
            return try await ClosurePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let caseID = try record.requireID()
        let overridden = signingOff && warnings.contains(where: \.contradictsReason)
        let base = Notifier.base(request)
        if input.decision == ClosureRules.Decision.returnToOfficer.rawValue {
            closure.state = .returned
            closure.decidedAt = request.now
            closure.$decidedBy.id = user.id
            closure.decisionNote = note
            try await Casework.write(
                request, record, user: user, kind: .closureReturned,
                timeline: "Closure proposal returned by \(user.displayName): \(note)"
            ) { work in
                try await work.update(closure, "Returned the closure proposal on case \(record.reference)")
                try await Self.tellProposer(
                    closure, record: record, decision: "returned", by: user, base: base, in: work)
            }
            return request.redirect(to: SiteURL.case(.value(caseID), .closure).path, flash: .closureReturned)
        }
        // An override is kept with the decision, in its words, with what it overrode.
        let overrideNote =
            overridden
            ? "Signed off despite: "
                + warnings.filter(\.contradictsReason).map(\.text).joined(separator: "; ") + ". Because: "
                + overrideReason : nil
        let decisionNote = [overrideNote, note.isEmpty ? nil : note].compactMap { $0 }.joined(separator: "\n")
        closure.decisionNote = decisionNote.isEmpty ? nil : decisionNote
        let policy = try await ClosureSettingsRecord.load(on: request.db)
        let letter = try await noticeLetter(request, record: record, closure: closure, user: user)
        let noticeEmail = try await noticeAddress(letter, on: request.db)
        let partners = try await partnersToNotify(caseID, today: request.today(), on: request.db)
        let closesAt = ClosureRules.closesAt(noticeGivenAt: request.now, policy: policy)
        let noticeNote =
            letter.map {
                $0.method == .email
                    ? "closure notice to \($0.recipientName) queued to be emailed"
                    : "closure notice sent to \($0.recipientName) by \($0.method.rawValue)"
            }
            ?? "no reporting person on record to write to"
        try await Casework.write(
            request, record, user: user, kind: .closureSignedOff,
            timeline:
                "Closure signed off by \(user.displayName); \(noticeNote); the case closes on \(DisplayDate.dayAndTime(closesAt)) unless the reporting person responds"
        ) { work in
            try await ClosureService.giveNotice(
                closure, record: record, letter: letter, emailTo: letter?.method == .email ? noticeEmail : nil,
                partners: partners, policy: policy, by: user, in: work)
            try await Self.tellProposer(closure, record: record, decision: "signed off", by: user, base: base, in: work)
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .closure).path, flash: .closureSignedOff)
    }

    /// The closure notice, filled from the admin-editable template, to the
    /// reporting person on record. Nil when the case has no named reporting person.
    private func noticeLetter(_ request: Request, record: CaseRecord, closure: CaseClosure, user: CurrentUser)
        async throws -> Letter?
    {
        let caseID = try record.requireID()
        guard
            let template = try await LetterTemplate.query(on: request.db).filter(\.$key == "closure_notice").first(),
            let party = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$role == PartyRole.reportingPerson).with(\.$person, { $0.with(\.$place) })
                .sort(\.$addedAt).all().first(where: { $0.person != nil }),
            let person = party.person
        else { return nil }
        let reason = closure.reason.label
        let draft = LettersController.Draft(
            template: template, party: party, audience: .reportingPerson, recipientName: person.fullName)
        let body = try await LettersController().fill(
            draft, record: record, behaviour: "The reason is: \(reason.lowercased()).", terms: "", request: request)
        let calendar = try await request.intakePolicy().calendar
        let letter = Letter()
        letter.$caseRecord.id = caseID
        letter.templateKey = template.key
        letter.audience = .reportingPerson
        letter.$party.id = try party.requireID()
        letter.recipientName = person.fullName
        letter.title = template.title
        letter.body = body
        // By email only to an address mail can go to; the notice is then really sent (issue 20).
        // Without a mail server nothing would reach them, and the case would wait for a delivery that never
        // comes (ClosureRules.noticeEnds): then the notice goes by post.
        letter.method =
            request.application.settings.smtp != nil && MailFormat.isSafeAddress(person.email ?? "") ? .email : .post
        letter.sentOn = calendar.local(request.now).day
        letter.recordedAt = request.now
        letter.$recordedBy.id = user.id
        return letter
    }

    /// The officer who proposed a closure hears the decision.
    private static func tellProposer(
        _ closure: CaseClosure, record: CaseRecord, decision: String, by user: CurrentUser, base: String,
        in work: UnitOfWork
    ) async throws {
        let caseID = try record.requireID()
        try await Notifier.notify(
            [closure.$proposedBy.id],
            .init(
                kind: .signOffDecided, caseID: caseID,
                summary: "Your closure proposal on case \(record.reference) was \(decision) by \(user.displayName)",
                href: SiteURL.case(.value(caseID), .closure).path),
            except: user.id, base: base, in: work)
    }

    /// The reporting person's email, for a notice going by email.
    private func noticeAddress(_ letter: Letter?, on db: any Database) async throws -> String? {
        guard let letter, letter.method == .email, let partyID = letter.$party.id else { return nil }
        return try await CaseParty.query(on: db).filter(\.$id == partyID).with(\.$person).first()?.person?.email
    }

    private func partnersToNotify(_ caseID: UUID, today: CivilDate, on db: any Database) async throws -> [String] {
        // Only the partners the case is shared with now: a revoked or lapsed share is told nothing more (issue 19).
        let shares = try await CaseShare.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$organisation)
            .sort(\.$sharedAt).all().filter { $0.isActive(today: today) }
        // A referral through Tandem is named by the organisation it went to, and left out once that organisation
        // has lost the case (a share revoked or ended after it was accepted): the share list names those in force.
        let active = Set(shares.map(\.$organisation.id))
        let referrals = try await Referral.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$toOrganisation)
            .sort(\.$sentOn).all()
            .filter { referral in
                let accepted = ReferralSharing.isAccepted(referral.status)
                return referral.$toOrganisation.id.map { active.contains($0) || !accepted } ?? true
            }
        return ClosureRules.partnersToNotify(
            sharedWith: shares.map(\.organisation.name),
            referrals: referrals.map {
                ($0.toOrganisation?.name ?? $0.organisationName ?? $0.service.label, $0.status)
            })
    }

    struct ResponseInput: Content {
        var note: String?
    }

    /// The reporting person answered the notice: the case stays open.
    @Sendable
    func respond(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let closure = try await find(request, record)
        let input = (try? request.content.decode(ResponseInput.self)) ?? ResponseInput()
        let note = TextRules.clean(input.note)
        var form = FormState()
        if closure.state != .noticeGiven || record.status != .closurePending {
            form.add("response_note", "The case is not in its notice period")
        }
        if let problem = TextRules.multilineProblem(
            note, label: "what the reporting person said", required: true, max: 4000)
        {
            form.add("response_note", problem)
        }
        guard form.isValid, case .success(let status) = CaseLifecycle.move(from: .closurePending, to: .open) else {
            return try await ClosurePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        closure.state = .withdrawn
        closure.endedAt = request.now
        closure.endedNote = note
        record.status = status
        record.closesAt = nil
        record.updatedAt = request.now
        try await Casework.write(
            request, record, user: user, kind: .closureWithdrawn,
            timeline: "The reporting person responded to the closure notice; the case stays open: \(note)"
        ) { work in
            try await work.update(closure, "Closure withdrawn on case \(record.reference)")
            try await work.update(record, "Case \(record.reference) stays open")
        }
        return request.redirect(
            to: SiteURL.case(.value(try record.requireID()), .closure).path, flash: .closureWithdrawn)
    }

    struct ReopenInput: Content {
        var reason: String?
    }

    @Sendable
    func reopen(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        let user = try request.authorize(.reopenCase(facts))
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ReopenInput.self)) ?? ReopenInput()
        let reason = TextRules.clean(input.reason)
        var form = FormState()
        if let problem = TextRules.multilineProblem(
            reason, label: "why the case is reopened", required: true, max: 4000)
        {
            form.add("reopen_reason", problem)
        }
        let policy = try await ClosureSettingsRecord.load(on: request.db)
        let closure = try await CaseClosure.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$state == .closed).sort(\.$proposedAt, .descending).first()
        if record.status != .closed {
            form.add("reopen_reason", "Only a closed case can be reopened")
        } else if record.disposedAt != nil {
            // Its personal data is gone and its closure is what the counts hold (issue 23).
            form.add("reopen_reason", "This case file was disposed of: record a new report, which opens a new case")
        } else if let closedAt = record.closedAt,
            case .newLinkedCase(let days) = ClosureRules.reopen(closedAt: closedAt, now: request.now, policy: policy)
        {
            form.add(
                "reopen_reason",
                "This case closed \(days) days ago, after the \(policy.reopenDays)-day reopening period: record a new report, which opens a new case linked to this one"
            )
        }
        guard form.isValid, case .success(let status) = CaseLifecycle.move(from: .closed, to: .open) else {
            return try await ClosurePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let calendar = try await request.intakePolicy().calendar
        record.status = status
        record.reopenedAt = request.now
        record.closedAt = nil
        record.closesAt = nil
        record.closureReason = nil
        record.closureOutcome = nil
        record.daysToClose = nil
        // Reopened work starts again on the promise: the next contact is due as if just made.
        record.nextContactDueAt = ContactPromise.nextDue(
            after: request.now, every: record.promisedFrequency, calendar: calendar)
        record.refreshNextDeadline()
        record.updatedAt = request.now
        closure?.state = .reopened
        closure?.reopenedAt = request.now
        closure?.$reopenedBy.id = user.id
        closure?.reopenReason = reason
        try await Casework.write(request, record, user: user, kind: .reopened, timeline: "Case reopened: \(reason)") {
            work in
            try await work.update(record, "Reopened case \(record.reference)")
            if let closure {
                try await work.update(closure, "Closure reversed on case \(record.reference)")
            }
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .closure).path, flash: .caseReopened)
    }

    private func find(_ request: Request, _ record: CaseRecord) async throws -> CaseClosure {
        guard let id = request.parameters.get("closureID", as: UUID.self),
            let closure = try await CaseClosure.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == (try record.requireID())).first()
        else { throw Abort(.notFound) }
        return closure
    }
}
