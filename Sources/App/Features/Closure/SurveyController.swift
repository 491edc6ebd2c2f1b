import Fluent
import Foundation
import TandemCore
import Vapor

/// The satisfaction survey as a form: read the same way whether the officer
/// records answers given by phone or on paper, or the reporting person
/// answers online through their private link.
enum SurveyForm {
    struct Input: Content {
        var method: String?
        var audience: String?
        var handling: String?
        var outcome: String?
        var empathy: String?
        var support: String?
        var contact: String?
        var tp12: String?
        var whatWorked: String?
        var comments: String?

        enum CodingKeys: String, CodingKey {
            case method, audience, comments
            case handling = "q_handling"
            case outcome = "q_outcome"
            case empathy = "q_empathy"
            case support = "q_support"
            case contact = "q_contact"
            case tp12 = "q_tp12"
            case whatWorked = "what_worked"
        }
    }

    struct Answers {
        var scores: [SurveyQuestion: SatisfactionScore]
        var whatWorked: String
        var comments: String
    }

    static func read(_ input: Input, form: inout FormState) -> Answers {
        let raw: [SurveyQuestion: String?] = [
            .handling: input.handling, .outcome: input.outcome, .empathy: input.empathy,
            .support: input.support, .contact: input.contact, .tp12: input.tp12,
        ]
        let (scores, problems) = SurveyRules.read(raw.mapValues { $0.map { TextRules.clean($0) } })
        Casework.add(problems, to: &form)
        let whatWorked = TextRules.clean(input.whatWorked)
        let comments = TextRules.clean(input.comments)
        if let problem = TextRules.multilineProblem(whatWorked, label: "what worked", required: false, max: 4000) {
            form.add("what_worked", problem)
        }
        if let problem = TextRules.multilineProblem(comments, label: "the comments", required: false, max: 4000) {
            form.add("comments", problem)
        }
        for (question, score) in scores { form.values["q_\(question.rawValue)"] = String(score.rawValue) }
        return Answers(scores: scores, whatWorked: whatWorked, comments: comments)
    }

    static func response(_ answers: Answers, caseID: UUID, audience: SurveyAudience, method: SurveyMethod, at now: Date)
        -> SurveyResponse
    {
        let survey = SurveyResponse()
        survey.$caseRecord.id = caseID
        survey.audience = audience
        survey.method = method
        survey.set(answers.scores)
        survey.whatWorked = answers.whatWorked.isEmpty ? nil : answers.whatWorked
        survey.comments = answers.comments.isEmpty ? nil : answers.comments
        survey.answeredAt = now
        return survey
    }

    /// The survey is asked at closure: while the notice runs and after the case closes.
    static func isAsked(_ record: CaseRecord) -> Bool {
        record.status == .closurePending || record.status == .closed
    }
}

/// The officer records survey answers given by phone or on paper.
struct SurveyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .surveys), use: record)
    }

    @Sendable
    func record(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        let user = try request.authorize(.workCase(facts))
        let input = (try? request.content.decode(SurveyForm.Input.self)) ?? SurveyForm.Input()
        var form = FormState()
        let method = input.method.flatMap(SurveyMethod.init(rawValue:)).flatMap { $0 == .online ? nil : $0 }
        if method == nil { form.add("method", "Select how the survey was answered") }
        let audience = input.audience.flatMap(SurveyAudience.init(rawValue:)) ?? .reportingPerson
        let answers = SurveyForm.read(input, form: &form)
        if !SurveyForm.isAsked(record) {
            form.add("method", "The survey is asked once closure has been signed off")
        }
        guard form.isValid, let method else {
            form.values["method"] = input.method ?? ""
            return try await ClosurePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let caseID = try record.requireID()
        let survey = SurveyForm.response(answers, caseID: caseID, audience: audience, method: method, at: request.now)
        survey.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .survey,
            timeline: "Satisfaction survey recorded (\(method.label.lowercased()))"
        ) { work in
            try await work.insert(survey, "Recorded a survey on case \(record.reference)")
        }
        return request.redirect(
            to: SiteURL.case(.value(caseID), .closure).path(fragment: "survey"), flash: .surveyRecorded)
    }
}
