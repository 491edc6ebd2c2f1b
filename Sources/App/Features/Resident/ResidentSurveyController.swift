import Fluent
import Foundation
import TandemCore
import Vapor

/// The satisfaction survey on the resident's private link, once their case has closed.
struct ResidentSurveyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.resident(.key, .survey), use: survey)
        routes.post(.resident(.key, .survey), use: answerSurvey)
    }

    // MARK: - The satisfaction survey

    struct SurveyPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var token: String
        var links: ResidentPageLinks
        var reference: String
        var questions: [ClosurePageBuilder.QuestionField]
        var comments: String
    }

    /// The survey is open to this person once closure is signed off, once.
    private func surveyCase(_ request: Request, _ link: ResidentLink) async throws -> CaseRecord {
        guard
            let record = try await CaseRecord.query(on: request.db).filter(\.$id == link.$caseRecord.id)
                .with(\.$organisation).first(),
            SurveyForm.isAsked(record)
        else { throw Abort(.notFound, reason: "There is no survey for your case yet.") }
        if try await SurveyResponse.query(on: request.db).filter(\.$residentLink.$id == link.id).count() > 0 {
            throw Abort(.gone, reason: "You have already answered the survey. Thank you.")
        }
        return record
    }

    private func renderSurvey(
        _ request: Request, record: CaseRecord, token: String, form: FormState, comments: String = "",
        status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.view.render(
            "resident/survey",
            SurveyPage(
                layout: request.layout(title: (form.isValid ? "" : "Error: ") + "How did we do?"), form: form,
                token: token, links: ResidentPageLinks(token), reference: record.reference,
                questions: ClosurePageBuilder.questionFields(form: form, landlord: record.organisation.name),
                comments: comments)
        ).encodeResponse(status: status, for: request)
    }

    @Sendable
    func survey(request: Request) async throws -> Response {
        guard let (link, token) = try await ResidentController.session(request) else {
            return request.redirect(to: SiteURL.resident(.value(request.parameters.get("token") ?? "")))
        }
        let record = try await surveyCase(request, link)
        try await ResidentController.touch(request, link)
        return try await renderSurvey(request, record: record, token: token, form: FormState())
    }

    @Sendable
    func answerSurvey(request: Request) async throws -> Response {
        guard let (link, token) = try await ResidentController.session(request) else {
            return request.redirect(to: SiteURL.resident(.value(request.parameters.get("token") ?? "")))
        }
        let record = try await surveyCase(request, link)
        let input = (try? request.content.decode(SurveyForm.Input.self)) ?? SurveyForm.Input()
        var form = FormState()
        var answers = SurveyForm.read(input, form: &form)
        // The reporting person's own survey has no "what worked" question; that is the respondent's.
        answers.whatWorked = ""
        guard form.isValid else {
            return try await renderSurvey(
                request, record: record, token: token, form: form, comments: answers.comments, status: .badRequest)
        }
        let survey = SurveyForm.response(
            answers, caseID: link.$caseRecord.id, audience: .reportingPerson, method: .online, at: request.now)
        survey.$residentLink.id = link.id
        try await ResidentController.write(request, as: link) { work in
            try await work.insert(survey, "Resident answered the survey on case \(record.reference)")
            try await work.timeline(
                link.$caseRecord.id, kind: .survey, "The reporting person answered the survey online", actorID: nil)
        }
        return request.redirect(to: SiteURL.resident(.value(token), .caseView).path, flash: .residentSurveyThanks)
    }
}
