import Fluent
import Foundation
import TandemCore
import Vapor

/// Decisions about the respondent's next step, and the household-at-risk flag.
struct RespondentDecisionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .respondentDecisions), use: decide)
        routes.post(.case(.key, .householdAtRisk), use: householdAtRisk)
    }

    struct DecisionInput: Content {
        var decidedStep: String?
        var reason: String?
        var partyId: String?

        enum CodingKeys: String, CodingKey {
            case decidedStep = "decided_step"
            case reason
            case partyId = "party_id"
        }
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(DecisionInput.self)) ?? DecisionInput()
        let suggestion = CorrespondenceRules.suggest(try await RespondentFactsLoader.load(record, on: request.db))
        var form = FormState()
        let decided = input.decidedStep.flatMap(RespondentStep.init(rawValue:))
        let reason = TextRules.clean(input.reason)
        Casework.add(
            CorrespondenceRules.decisionProblems(decided: decided, reason: reason, suggested: suggestion.steps),
            to: &form)
        if let problem = TextRules.multilineProblem(reason, label: "the reason", required: false, max: 4000) {
            form.add("decision_reason", problem)
        }
        var partyID: UUID?
        if let raw = input.partyId, !raw.isEmpty {
            partyID = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$role == PartyRole.respondent).all().first { $0.id?.uuidString == raw }?.id
            if partyID == nil { form.add("decision_party", "Select a respondent on this case") }
        }
        guard form.isValid, let decided else { return try await PlanPageBuilder.fail(request, record, facts, form) }
        let decision = RespondentDecision()
        decision.$caseRecord.id = caseID
        decision.$party.id = partyID
        decision.suggested = suggestion.steps.map(\.rawValue).joined(separator: ",")
        decision.decided = decided
        decision.reason = reason
        decision.decidedAt = request.now
        decision.$decidedBy.id = user.id
        let summary = "Decision about the respondent: \(decided.label). Reason: \(reason)"
        try await Casework.write(request, record, user: user, kind: .respondent, timeline: summary) { work in
            try await work.insert(decision, "Decided next step with the respondent")
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .decisionRecorded)
    }

    @Sendable
    func householdAtRisk(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let confirmed = (try? request.content.get(String.self, at: "confirm")) == "yes"
        var form = FormState()
        if let problem = HouseholdAtRiskRules.problem(alreadyRecordedAt: record.householdAtRiskAt, confirmed: confirmed)
        {
            form.add(problem.field, problem.message)
        }
        guard form.isValid else { return try await PlanPageBuilder.fail(request, record, facts, form) }
        let calendar = try await request.intakePolicy().calendar
        record.householdAtRiskAt = request.now
        let context = RiskService.Context(
            userID: user.id, actor: request.auditActor, now: request.now, calendar: calendar)
        try await Casework.write(
            request, record, user: user, kind: .household,
            timeline: "Recorded: a household with children is at risk of losing its home"
        ) { work in
            try await work.update(record, "Household with children at risk of losing its home")
            try await RiskService.householdAtRisk(caseID: caseID, context: context, in: work)
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .householdRecorded)
    }
}
