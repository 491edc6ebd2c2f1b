import Fluent
import Foundation
import TandemCore
import Vapor

/// The Risk Assessment Matrix's bands: local policy an administrator sets.
/// The page also shows each question with how its scores were read.
struct RiskMatrixController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.riskMatrix), use: show)
        routes.post(.admin(.riskMatrix), use: save)
    }

    struct QuestionRow: Encodable {
        var number: Int
        var section: String
        var text: String
        var options: String
        var reading: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var lowMaximum: String
        var mediumMaximum: String
        var maximum: Int
        var questions: [QuestionRow]
        var action: String
    }

    @Sendable
    func show(request: Request) async throws -> View {
        try request.authorize(.manageReferenceData)
        let bands = try await RiskMatrixSettings.current(on: request.db)
        return try await render(
            request, low: String(bands.lowMaximum), medium: String(bands.mediumMaximum), form: FormState())
    }

    func render(_ request: Request, low: String, medium: String, form: FormState) async throws -> View {
        try await request.view.render(
            "admin/risk-matrix",
            Page(
                layout: request.layout(
                    title: form.isValid ? "Risk Assessment Matrix" : "Error: Risk Assessment Matrix", section: .matrix),
                form: form, lowMaximum: low, mediumMaximum: medium, maximum: RiskMatrix.maximum,
                questions: RiskMatrix.questions.map { question in
                    QuestionRow(
                        number: question.number, section: question.section.label, text: question.text,
                        options: question.options.map { "\($0.label) \($0.score)" }.joined(separator: "; "),
                        reading: question.reading)
                }, action: SiteURL.admin(.riskMatrix).path))
    }

    struct Input: Content {
        var lowMaximum: String?
        var mediumMaximum: String?

        enum CodingKeys: String, CodingKey {
            case lowMaximum = "low_maximum"
            case mediumMaximum = "medium_maximum"
        }
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let input = (try? request.content.decode(Input.self)) ?? Input()
        let lowText = TextRules.clean(input.lowMaximum)
        let mediumText = TextRules.clean(input.mediumMaximum)
        var form = FormState()
        let low = lowText.count <= 3 ? Int(lowText) : nil
        let medium = mediumText.count <= 3 ? Int(mediumText) : nil
        if low == nil { form.add("low_maximum", "Enter the top of the Low band as a whole number") }
        if medium == nil { form.add("medium_maximum", "Enter the top of the Medium band as a whole number") }
        if let low, let medium {
            for problem in MatrixBands(lowMaximum: low, mediumMaximum: medium).problems {
                form.add(problem.contains("Low band cannot") ? "low_maximum" : "medium_maximum", problem)
            }
        }
        guard form.isValid, let low, let medium else {
            return try await render(request, low: lowText, medium: mediumText, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let settings =
            try await RiskMatrixSettings.query(on: request.db).first() ?? RiskMatrixSettings(bands: .standard)
        settings.lowMaximum = low
        settings.mediumMaximum = medium
        try await request.write { work in try await work.save(settings, "Changed the Risk Assessment Matrix bands") }
        return request.redirect(to: SiteURL.admin(.riskMatrix).path, flash: .bandsSaved)
    }
}
