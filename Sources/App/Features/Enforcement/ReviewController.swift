import Fluent
import Foundation
import TandemCore
import Vapor

/// The proportionality and Equality Act review with the pre-court checklist
/// (Lambeth 3.3.2; 002's internal case review), and its senior sign-off.
struct ReviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .newReview), use: new)
        routes.post(.case(.key, .reviews), use: create)
        routes.get(.case(.key, .review(.key)), use: show)
        routes.post(.case(.key, .reviewDecision(.key)), use: decide)
    }

    struct QuestionRow: Encodable {
        var key: String
        var text: String
        var shows: [String]
        var hasShows: Bool
        var answer: String
        var error: String?
    }

    struct CheckRow: Encodable {
        var key: String
        var text: String
        var checked: Bool
        var error: String?
    }

    struct NewPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var power: String
        var powerKey: String
        var questions: [QuestionRow]
        var checklist: [CheckRow]
        var parties: [Choice]
    }

    private static func renderNew(
        _ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, power: LegalPower, form: FormState,
        answers: [ReviewQuestion: String]?, confirmed: Set<ChecklistItem>, partyID: String?
    ) async throws -> View {
        let evidence = try await ReviewEvidence.load(
            record, showMentalHealth: request.may(.viewMentalHealth(facts)), on: request.db)
        let parties = try await Casework.parties(try record.requireID(), on: request.db)
        let respondent = parties.first { $0.role == PartyRole.respondent }?.id?.uuidString
        let questions = ReviewQuestion.allCases.map { question in
            let shows = evidence[question.prefill] ?? []
            return QuestionRow(
                key: question.rawValue, text: question.text, shows: shows, hasShows: !shows.isEmpty,
                answer: answers?[question] ?? shows.joined(separator: "\n"),
                error: form.errors["q_\(question.rawValue)"])
        }
        let page = NewPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Proportionality review, case \(record.reference)",
                section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .enforcement),
            power: power.name, powerKey: power.key, questions: questions,
            checklist: ChecklistItem.allCases.map {
                CheckRow(
                    key: $0.rawValue, text: $0.text, checked: confirmed.contains($0),
                    error: form.errors["c_\($0.rawValue)"])
            },
            parties: Casework.partyChoices(
                parties, roles: [.respondent], selected: partyID ?? respondent))
        return try await request.view.render("enforcement/review-new", page)
    }

    @Sendable
    func new(request: Request) async throws -> View {
        let (record, facts, _) = try await Casework.prepare(request, in: .enforcement)
        guard let power = try await LegalPower.active(key: request.query[String.self, at: "power"], on: request.db),
            power.needsReview
        else { throw Abort(.notFound) }
        try await request.auditCaseView(record, "the new proportionality review")
        return try await Self.renderNew(
            request, record, facts, power: power, form: FormState(), answers: nil, confirmed: [], partyID: nil)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .enforcement)
        let caseID = try record.requireID()
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        guard let power = try await LegalPower.active(key: fields["power"], on: request.db), power.needsReview else {
            var form = FormState()
            form.add("power", "Select a power that needs a review")
            return try await EnforcementPageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        var answers: [ReviewQuestion: String] = [:]
        var form = FormState()
        for question in ReviewQuestion.allCases {
            let text = TextRules.clean(fields["q_\(question.rawValue)"])
            answers[question] = text
            if let problem = TextRules.multilineProblem(text, label: "the answer", required: false, max: 4000) {
                form.add("q_\(question.rawValue)", problem)
            }
        }
        let confirmed = Set(ChecklistItem.allCases.filter { fields["c_\($0.rawValue)"] == "yes" })
        Casework.add(ReviewRules.submissionProblems(answers: answers, confirmed: confirmed), to: &form)
        let parties = try await Casework.parties(caseID, on: request.db)
        let partyRaw = TextRules.clean(fields["party_id"])
        let party = parties.first { $0.id?.uuidString == partyRaw }
        if !partyRaw.isEmpty && party == nil { form.add("party_id", "Select a person on this case") }
        guard form.isValid else {
            return try await Self.renderNew(
                request, record, facts, power: power, form: form, answers: answers, confirmed: confirmed,
                partyID: partyRaw
            ).encodeResponse(status: .badRequest, for: request)
        }
        let review = ProportionalityReview()
        review.$caseRecord.id = caseID
        review.$power.id = try power.requireID()
        review.$party.id = party?.id
        review.answers = ProportionalityReview.encode(answers)
        review.confirmed = ChecklistItem.allCases.filter(confirmed.contains).map(\.rawValue).joined(separator: ",")
        review.status = .awaitingSignOff
        review.preparedAt = request.now
        review.$preparedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .legalReview,
            timeline: "Proportionality review for \(power.name.lowercased()) completed; waiting for sign-off"
        ) { work in
            try await work.insert(
                review, "Completed the proportionality review for \(power.name) on case \(record.reference)")
            // Those who may sign it off are told, as for a closure (issue 20, item 2).
            try await Notifier.askForSignOff(
                on: record, summary: "A proportionality review on case \(record.reference) waits for sign-off",
                href: SiteURL.case(.value(caseID), .review(.value(try review.requireID()))).path, except: user.id,
                base: Notifier.base(request), in: work)
        }
        return request.redirect(
            to: SiteURL.case(.value(caseID), .review(.value(try review.requireID()))).path, flash: .reviewSubmitted)
    }

    struct AnswerRow: Encodable {
        var text: String
        var answer: String
    }

    struct ShowPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var id: String
        /// Where the sign-off form posts.
        var decisionAction: String
        var power: String
        var who: String?
        var gate: String
        var current: Bool
        var awaiting: Bool
        var preparedBy: String
        var preparedAt: String
        var decidedBy: String?
        var decidedAt: String?
        var decision: String
        var reason: String?
        var answers: [AnswerRow]
        var checklist: [String]
        var mayDecide: Bool
        var whyNot: String?
    }

    private static func find(_ request: Request, _ record: CaseRecord) async throws -> ProportionalityReview {
        guard let id = request.parameters.get("reviewID", as: UUID.self),
            let review = try await ProportionalityReview.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == record.requireID()).with(\.$power).with(\.$preparedBy)
                .with(\.$decidedBy).with(\.$party) { $0.with(\.$person) }.first()
        else { throw Abort(.notFound) }
        return review
    }

    private static func renderShow(
        _ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, review: ProportionalityReview,
        form: FormState
    ) async throws -> View {
        let user = try request.requireUser()
        let caseID = try record.requireID()
        let gates = try await EnforcementFactsLoader.gates(caseID, on: request.db)
        // Only the latest review for a power is the gate; an older one was replaced by it.
        let latest = gates[review.$power.id]
        let gate = latest?.0.id == review.id ? latest?.1 : nil
        let decision = Action.decideLegalReview(
            facts, caseOfficerID: record.$officer.id, preparedByID: review.$preparedBy.id)
        let whyNot = ReviewRules.signOffProblem(
            deciderID: user.id, deciderIsSenior: !user.roles.isDisjoint(with: [.seniorOfficer, .teamManager]),
            caseOfficerID: record.$officer.id, preparedByID: review.$preparedBy.id, status: review.status)
        let answers = review.decodedAnswers
        let party = review.party
        let page = ShowPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Proportionality review, case \(record.reference)",
                section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .enforcement),
            id: review.id?.uuidString ?? "",
            decisionAction: review.id.map { SiteURL.case(.value(caseID), .reviewDecision(.value($0))).path } ?? "",
            power: review.power.name, who: party.map(Casework.partyLabel),
            gate: gate?.label ?? "Replaced by a later review for this power", current: gate == .current,
            awaiting: review.status == .awaitingSignOff,
            preparedBy: review.preparedBy.displayName, preparedAt: DisplayDate.dayAndTime(review.preparedAt),
            decidedBy: review.decidedBy?.displayName, decidedAt: review.decidedAt.map(DisplayDate.dayAndTime),
            decision: review.status.label, reason: review.decisionReason,
            answers: ReviewQuestion.allCases.map { AnswerRow(text: $0.text, answer: answers[$0] ?? "") },
            checklist: ChecklistItem.allCases.filter(review.confirmedItems.contains).map(\.text),
            mayDecide: request.may(decision) && whyNot == nil && record.isActive,
            whyNot: review.status == .awaitingSignOff ? whyNot : nil)
        return try await request.view.render("enforcement/review", page)
    }

    /// The review's answers speak of disability and mental health: only the
    /// owning team, who need to know, read them.
    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .enforcement)
        try request.authorize(.viewCase(facts))
        try request.authorize(.viewMentalHealth(facts))
        let review = try await Self.find(request, record)
        try await request.auditCaseView(record, "a proportionality review")
        return try await Self.renderShow(request, record, facts, review: review, form: FormState())
    }

    struct DecisionInput: Content {
        var decision: String?
        var reason: String?
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .enforcement)
        try request.authorize(.viewCase(facts))
        let review = try await Self.find(request, record)
        let user = try request.authorize(
            .decideLegalReview(facts, caseOfficerID: record.$officer.id, preparedByID: review.$preparedBy.id))
        guard record.isActive else { throw Abort(.badRequest) }
        let input = (try? request.content.decode(DecisionInput.self)) ?? DecisionInput()
        let reason = TextRules.clean(input.reason)
        var form = FormState()
        // The policy has already required a senior role; the rule adds who may not decide, and when.
        if let problem = ReviewRules.signOffProblem(
            deciderID: user.id, deciderIsSenior: true, caseOfficerID: record.$officer.id,
            preparedByID: review.$preparedBy.id, status: review.status)
        {
            form.add("decision", problem)
        }
        let signOff = input.decision == "sign_off"
        switch input.decision {
        case "sign_off":
            if let problem = TextRules.multilineProblem(reason, label: "the note", required: false, max: 4000) {
                form.add("reason", problem)
            }
        case "return":
            if let problem = ReviewRules.returnProblem(reason: reason) { form.add(problem.field, problem.message) }
            if let problem = TextRules.multilineProblem(reason, label: "the reasons", required: false, max: 4000) {
                form.add("reason", problem)
            }
        default: form.add("decision", "Choose to sign off the review or send it back")
        }
        guard form.isValid else {
            return try await Self.renderShow(request, record, facts, review: review, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        review.status = signOff ? .signedOff : .returned
        review.decidedAt = request.now
        review.$decidedBy.id = user.id
        review.decisionReason = reason.isEmpty ? nil : reason
        let power = review.power.name.lowercased()
        try await Casework.write(
            request, record, user: user, kind: .legalReview,
            timeline: signOff
                ? "Proportionality review for \(power) signed off by \(user.displayName)"
                : "Proportionality review for \(power) sent back by \(user.displayName)"
        ) { work in
            try await work.update(
                review,
                (signOff ? "Signed off" : "Sent back") + " the proportionality review on case \(record.reference)")
            // Whoever prepared it hears the decision.
            let caseID = try record.requireID()
            try await Notifier.notify(
                [review.$preparedBy.id],
                .init(
                    kind: .signOffDecided, caseID: caseID,
                    summary: "The proportionality review on case \(record.reference) was "
                        + (signOff ? "signed off" : "sent back"),
                    href: SiteURL.case(.value(caseID), .review(.value(try review.requireID()))).path),
                except: user.id, base: Notifier.base(request), in: work)
        }
        return request.redirect(
            to: SiteURL.case(.value(try record.requireID()), .review(.value(try review.requireID()))).path,
            flash: .reviewDecided)
    }
}
