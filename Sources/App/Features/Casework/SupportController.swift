import Fluent
import Foundation
import TandemCore
import Vapor

/// The Interventions and referrals tab, and early interventions with their
/// breaches and outcomes. Referrals are in `ReferralsController`.
struct SupportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .support), use: show)
        routes.post(.case(.key, .interventions), use: addIntervention)
        routes.post(.case(.key, .intervention(.key)), use: updateIntervention)
        routes.post(.case(.key, .interventionBreaches(.key)), use: addBreach)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "interventions and referrals")
        return try await SupportPageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    // MARK: - Interventions

    struct InterventionInput: Content {
        var kind: String?
        var partyId: String?
        var startedOn: String?
        var reviewOn: String?
        var endsOn: String?
        var terms: String?
        var guardians: String?
        var reportingConsents: String?
        var respondentConsents: String?
        var mediationJustification: String?
        var victimConsultedOn: String?
        var victimView: String?

        enum CodingKeys: String, CodingKey {
            case kind
            case partyId = "party_id"
            case startedOn = "started_on"
            case reviewOn = "review_on"
            case endsOn = "ends_on"
            case terms, guardians
            case reportingConsents = "reporting_consents"
            case respondentConsents = "respondent_consents"
            case mediationJustification = "mediation_justification"
            case victimConsultedOn = "victim_consulted_on"
            case victimView = "victim_view"
        }
    }

    @Sendable
    func addIntervention(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(InterventionInput.self)) ?? InterventionInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        let kind = input.kind.flatMap(InterventionKind.init(rawValue:))
        if kind == nil { form.add("kind", "Select the intervention") }
        let subject = try await SupportPageBuilder.party(
            request, caseID: caseID, raw: input.partyId, form: &form, field: "party_id")
        var texts: [String: String] = [:]
        for (field, value, label, max) in [
            ("terms", input.terms, "the terms", 4000), ("guardians", input.guardians, "the parents or guardians", 500),
            ("mediation_justification", input.mediationJustification, "why mediation is right", 2000),
            ("victim_view", input.victimView, "the victim's view", 2000),
        ] {
            let text = TextRules.clean(value)
            if let problem = TextRules.multilineProblem(text, label: label, required: false, max: max) {
                form.add(field, problem)
            }
            texts[field] = text
        }
        let endsOn = Casework.day(input.endsOn)
        if !(input.endsOn ?? "").isEmpty && endsOn == nil { form.add("ends_on", "Enter the end date like 2027-02-23") }
        let reviewOn = Casework.day(input.reviewOn)
        if !(input.reviewOn ?? "").isEmpty && reviewOn == nil {
            form.add("review_on", "Enter the review date like 2026-12-23")
        }
        let victimConsulted = Casework.day(input.victimConsultedOn)
        let abuseOrHate = try await CaseFacts.abuseOrHate(record, on: request.db)
        if let kind {
            Casework.add(
                InterventionRules.problems(
                    InterventionFacts(
                        kind: kind, subjectUnder18: Casework.under18(subject, today: today),
                        guardians: texts["guardians"] ?? "", terms: texts["terms"] ?? "",
                        startedOn: Casework.day(input.startedOn), reviewOn: reviewOn, abuseOrHate: abuseOrHate,
                        mediationJustification: texts["mediation_justification"] ?? "",
                        reportingPersonConsents: input.reportingConsents == "yes",
                        respondentConsents: input.respondentConsents == "yes", victimConsultedOn: victimConsulted,
                        victimView: texts["victim_view"] ?? "", hasSubject: subject != nil), today: today),
                to: &form)
        }
        // An agreement, contract, banning letter, remedy or warning is given to the respondent (or, with no one
        // chosen, to whoever caused the behaviour), so its terms must not identify who complained (Lambeth
        // 3.3.1). One made with the reporting person or a witness is theirs; mediation both parties enter
        // knowingly; support, monitoring and transfers are not handed to the respondent.
        let forProtected = [PartyRole.reportingPerson, PartyRole.witness].contains(subject?.role)
        if let kind, kind != .mediation, kind.hasTerms || kind == .writtenWarning || kind == .verbalWarning,
            !forProtected
        {
            try await RespondentOutputGuard.check(
                [.init(name: "terms", label: "The terms", text: texts["terms"] ?? "")], caseID: caseID,
                on: request.db, into: &form)
        }
        guard form.isValid, let kind, let startedOn = Casework.day(input.startedOn) else {
            return try await SupportPageBuilder.fail(request, record, facts, form)
        }
        let row = Intervention()
        row.$caseRecord.id = caseID
        row.$party.id = subject?.id
        row.kind = kind
        row.startedOn = startedOn
        func optional(_ key: String) -> String? { (texts[key] ?? "").isEmpty ? nil : texts[key] }
        row.terms = optional("terms")
        row.guardians = optional("guardians")
        row.mediationJustification = optional("mediation_justification")
        row.victimView = optional("victim_view")
        row.reviewOn = reviewOn
        row.endsOn = endsOn
        row.reportingConsents = input.reportingConsents == "yes"
        row.respondentConsents = input.respondentConsents == "yes"
        row.victimConsultedOn = victimConsulted
        row.engagement = .notYetKnown
        row.status = .active
        row.recordedAt = request.now
        row.$recordedBy.id = user.id
        let who = subject.map { " with \(Casework.partyLabel($0))" } ?? ""
        try await Casework.write(
            request, record, user: user, kind: .intervention,
            timeline: "Intervention started: \(kind.label)\(who) on \(DisplayDate.civil(startedOn))"
        ) { work in
            try await work.insert(row, "Recorded \(kind.label.lowercased()) on case \(record.reference)")
        }
        return request.redirect(to: try SupportPageBuilder.path(record), flash: .interventionSaved)
    }

    private func findIntervention(_ request: Request, _ caseID: UUID) async throws -> Intervention {
        guard let id = request.parameters.get("interventionID", as: UUID.self),
            let row = try await Intervention.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        return row
    }

    struct OutcomeInput: Content {
        var engagement: String?
        var outcome: String?
        var outcomeNotes: String?

        enum CodingKeys: String, CodingKey {
            case engagement, outcome
            case outcomeNotes = "outcome_notes"
        }
    }

    @Sendable
    func updateIntervention(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let row = try await findIntervention(request, try record.requireID())
        let id = try row.requireID().uuidString
        let input = (try? request.content.decode(OutcomeInput.self)) ?? OutcomeInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        let engagement = input.engagement.flatMap(Engagement.init(rawValue:))
        let outcome = input.outcome.flatMap { $0.isEmpty ? nil : InterventionOutcome(rawValue: $0) }
        let notes = TextRules.clean(input.outcomeNotes)
        if row.status != .active {
            form.add("intervention-\(id)", "This intervention has ended and its outcome is recorded")
        } else if engagement == nil {
            form.add("intervention-\(id)", "Select whether the person engaged")
        } else if (input.outcome ?? "").isEmpty == false && outcome == nil {
            form.add("intervention-\(id)", "Select an outcome from the list")
        } else if let problem = TextRules.multilineProblem(notes, label: "the notes", required: false, max: 4000) {
            form.add("intervention-\(id)", problem)
        }
        guard form.isValid, let engagement else {
            return try await SupportPageBuilder.fail(request, record, facts, form)
        }
        row.engagement = engagement
        if let outcome {
            row.outcome = outcome
            row.outcomeOn = today
            row.status = .ended
        }
        if !notes.isEmpty { row.outcomeNotes = notes }
        let summary =
            "\(row.label): \(engagement.label.lowercased())"
            + (outcome.map { "; ended, \($0.label.lowercased())" } ?? "")
        try await Casework.write(request, record, user: user, kind: .intervention, timeline: summary) { work in
            try await work.update(row, summary)
        }
        return request.redirect(to: try SupportPageBuilder.path(record), flash: .interventionSaved)
    }

    struct BreachInput: Content {
        var occurredOn: String?
        var details: String?
        var actionTaken: String?

        enum CodingKeys: String, CodingKey {
            case occurredOn = "occurred_on"
            case details
            case actionTaken = "action_taken"
        }
    }

    @Sendable
    func addBreach(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let row = try await findIntervention(request, caseID)
        let id = try row.requireID()
        let input = (try? request.content.decode(BreachInput.self)) ?? BreachInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        let field = "breach-\(id.uuidString)"
        let day = Casework.day(input.occurredOn)
        let details = TextRules.clean(input.details)
        let action = TextRules.clean(input.actionTaken)
        if let problem = InterventionRules.breachProblem(occurredOn: day, startedOn: row.startedOn, today: today) {
            form.add(field, problem.message)
        } else if let problem = TextRules.multilineProblem(details, label: "what happened", required: true, max: 4000) {
            form.add(field, problem)
        } else if let problem = TextRules.multilineProblem(
            action, label: "the action taken", required: false, max: 2000)
        {
            form.add(field, problem)
        }
        guard form.isValid, let day else { return try await SupportPageBuilder.fail(request, record, facts, form) }
        let breach = InterventionBreach()
        breach.$caseRecord.id = caseID
        breach.$intervention.id = id
        breach.occurredOn = day
        breach.details = details
        breach.actionTaken = action.isEmpty ? nil : action
        breach.recordedAt = request.now
        breach.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .intervention,
            timeline: "Breach of \(row.label.lowercased()) on \(DisplayDate.civil(day)): \(details)"
        ) { work in
            try await work.insert(breach, "Recorded breach on case \(record.reference)")
        }
        return request.redirect(to: try SupportPageBuilder.path(record), flash: .interventionSaved)
    }

}

/// Facts about a case that casework rules depend on.
enum CaseFacts {
    /// Abuse, harassment or a hate incident on the case (the rule is in TandemCore).
    static func abuseOrHate(_ record: CaseRecord, on db: any Database) async throws -> Bool {
        let caseID = try record.requireID()
        let categories = try await CaseCategory.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$category)
            .all().map(\.category.name)
        let interviews = try await Interview.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$kind == InterviewKind.reportingPerson).all()
        return InterventionRules.abuseOrHate(
            hateIncident: record.hateIncident == true, categories: categories,
            interviews: interviews.map(\.decodedAnswers))
    }
}
