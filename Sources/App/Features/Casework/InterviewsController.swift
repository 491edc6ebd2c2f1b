import Fluent
import Foundation
import TandemCore
import Vapor

/// Interviews with the reporting person and the respondent, against Lambeth 3.3.1's questions.
struct InterviewsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .newInterview), use: newInterview)
        routes.post(.case(.key, .interviews), use: recordInterview)
    }

    struct InterviewPage: Encodable {
        struct Question: Encodable {
            var id: String
            var text: String
            var yesNo: Bool
            var required: Bool
            var answer: String
            var yes: Bool
            var no: Bool
            var error: String?
        }

        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var partyID: String
        var partyLabel: String
        var isRespondent: Bool
        var questions: [Question]
        var responses: [Choice]
        var interviewedOn: String
        var method: String
        var interpreterPresent: Bool
        var notesGivenOn: String
        var notes: String
    }

    private func interviewee(_ request: Request, _ caseID: UUID, raw: String?) async throws -> CaseParty? {
        guard let raw, let id = UUID(uuidString: raw) else { return nil }
        return try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID).filter(\.$id == id)
            .filter(\.$role ~~ [PartyRole.reportingPerson, PartyRole.respondent]).with(\.$person)
            .first()
    }

    private func renderInterview(
        _ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, party: CaseParty, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let kind: InterviewKind = party.role == PartyRole.respondent ? .respondent : .reportingPerson
        let values = form.values
        let today = try await request.intakePolicy().calendar.local(request.now).day
        let page = InterviewPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "\(kind.label) interview, case \(record.reference)",
                section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .plan),
            partyID: party.id?.uuidString ?? "", partyLabel: Casework.partyLabel(party),
            isRespondent: kind == .respondent,
            questions: InterviewQuestions.questions(for: kind).map { question in
                let answer = values["q_\(question.id)"] ?? ""
                return InterviewPage.Question(
                    id: question.id, text: question.text, yesNo: question.style == .yesNo, required: question.required,
                    answer: answer, yes: answer == "yes", no: answer == "no", error: form.errors[question.id])
            },
            responses: Choice.list(
                AllegationResponse.allCases, value: \.rawValue, label: \.label,
                selected: [values["allegation_response"] ?? ""]),
            interviewedOn: values["interviewed_on"] ?? today.description, method: values["method"] ?? "",
            interpreterPresent: values["interpreter_present"] == "yes", notesGivenOn: values["notes_given_on"] ?? "",
            notes: values["notes"] ?? "")
        return try await request.view.render("casework/interview", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func newInterview(request: Request) async throws -> Response {
        let (record, facts, _) = try await Casework.prepare(request, in: .casework)
        guard let party = try await interviewee(request, try record.requireID(), raw: request.query["party"]) else {
            throw Abort(.notFound)
        }
        try await request.auditCaseView(record, "the interview form")
        return try await renderInterview(request, record, facts, party: party, form: FormState())
    }

    @Sendable
    func recordInterview(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        guard let party = try await interviewee(request, caseID, raw: fields["party_id"]) else {
            var form = FormState()
            form.add("party", "Select the person interviewed")
            return try await PlanPageBuilder.fail(request, record, facts, form)
        }
        let kind: InterviewKind = party.role == PartyRole.respondent ? .respondent : .reportingPerson
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        var form = FormState()
        form.values = fields.filter { $0.key != CSRFMiddleware.formField }
        var answers: [String: String] = [:]
        for question in InterviewQuestions.questions(for: kind) {
            let answer = TextRules.clean(fields["q_\(question.id)"])
            if let problem = TextRules.multilineProblem(answer, label: "the answer", required: false, max: 4000) {
                form.add(question.id, problem)
            }
            if !answer.isEmpty { answers[question.id] = answer }
        }
        let method = TextRules.clean(fields["method"])
        if let problem = TextRules.problem(method, label: "how the interview took place", max: 100) {
            form.add("method", problem)
        }
        let notes = TextRules.clean(fields["notes"])
        if let problem = TextRules.multilineProblem(notes, label: "the notes", required: false, max: 8000) {
            form.add("notes", problem)
        }
        let response = fields["allegation_response"].flatMap(AllegationResponse.init(rawValue:))
        let notesGiven = Casework.day(fields["notes_given_on"])
        if !(fields["notes_given_on"] ?? "").isEmpty && notesGiven == nil {
            form.add("notes_given_on", "Enter the date the notes were given, like 2026-11-23")
        }
        let interviewedOn = Casework.day(fields["interviewed_on"])
        let rules = InterviewRecord(
            kind: kind, answers: answers, interpreterPresent: fields["interpreter_present"] == "yes",
            allegationResponse: response, notesGivenOn: notesGiven, interviewedOn: interviewedOn)
        Casework.add(InterviewRules.problems(rules, today: today), to: &form)
        guard form.isValid, let interviewedOn else {
            return try await renderInterview(request, record, facts, party: party, form: form, status: .badRequest)
        }
        let interview = Interview()
        interview.$caseRecord.id = caseID
        interview.$party.id = try party.requireID()
        interview.kind = kind
        interview.interviewedOn = interviewedOn
        interview.method = method
        interview.interpreterPresent = rules.interpreterPresent
        interview.answers = Interview.encode(answers)
        interview.allegationResponse = kind == .respondent ? response : nil
        interview.notesGivenOn = kind == .respondent ? notesGiven : nil
        interview.notes = notes.isEmpty ? nil : notes
        interview.recordedAt = request.now
        interview.$recordedBy.id = user.id
        if kind == .reportingPerson {
            // Lambeth 3.3.2: the interview is a point where the assessment is offered.
            RiskService.offer(record, occasion: .firstInterview, at: request.now)
        }
        try await Casework.write(
            request, record, user: user, kind: .interview,
            timeline:
                "\(kind.label) interview recorded (\(Casework.partyLabel(party)), \(DisplayDate.civil(interviewedOn)))"
        ) { work in
            try await work.insert(
                interview, "Recorded \(kind.label.lowercased()) interview on case \(record.reference)")
            if kind == .reportingPerson {
                try await work.update(record, "Interview: vulnerability assessment to be offered")
            }
        }
        return request.redirect(to: try PlanPageBuilder.path(record), flash: .interviewRecorded)
    }
}
