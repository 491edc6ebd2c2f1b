import Fluent
import Foundation
import TandemCore
import Vapor

/// Letter templates an administrator edits. A template can only use the
/// fields its audience allows: a respondent letter is refused any field
/// about the reporting person.
struct LetterTemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.letterTemplates), use: list)
        routes.get(.admin(.letterTemplate(.key)), use: edit)
        routes.post(.admin(.letterTemplate(.key)), use: save)
    }

    struct Row: Encodable {
        var href: String
        var title: String
        var audience: String
        var updated: String
    }

    struct ListPage: Encodable {
        var layout: LayoutContext
        var rows: [Row]
    }

    @Sendable
    func list(request: Request) async throws -> View {
        try request.authorize(.manageReferenceData)
        let templates = try await LetterTemplate.query(on: request.db).sort(\.$title).all()
        return try await request.view.render(
            "admin/letters",
            ListPage(
                layout: request.layout(title: "Letter templates", section: .letters),
                rows: templates.map {
                    Row(
                        href: SiteURL.admin(.letterTemplate(.value(try $0.requireID()))).path, title: $0.title,
                        audience: $0.audience.label,
                        updated: DisplayDate.dayAndTime($0.updatedAt))
                }))
    }

    struct FieldRow: Encodable {
        var name: String
        var description: String
    }

    struct EditPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var action: String
        var title: String
        var body: String
        var audience: String
        var fields: [FieldRow]
        var templatesLink: String
    }

    private func find(_ request: Request) async throws -> LetterTemplate {
        try request.authorize(.manageReferenceData)
        guard let id = request.parameters.get("templateID", as: UUID.self),
            let template = try await LetterTemplate.find(id, on: request.db)
        else { throw Abort(.notFound) }
        return template
    }

    private func render(
        _ request: Request, _ template: LetterTemplate, title: String, body: String, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.view.render(
            "admin/letter-template",
            EditPage(
                layout: request.layout(
                    title: (form.isValid ? "" : "Error: ") + "Letter template: \(template.title)", section: .letters),
                form: form, action: SiteURL.admin(.letterTemplate(.value(try template.requireID()))).path,
                title: title, body: body,
                audience: template.audience.label.lowercased(),
                fields: template.audience.fields.map {
                    FieldRow(name: "{{\($0.rawValue)}}", description: $0.description)
                }, templatesLink: SiteURL.admin(.letterTemplates).path)
        ).encodeResponse(status: status, for: request)
    }

    @Sendable
    func edit(request: Request) async throws -> Response {
        let template = try await find(request)
        return try await render(request, template, title: template.title, body: template.body, form: FormState())
    }

    struct Input: Content {
        var title: String?
        var body: String?
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let template = try await find(request)
        let input = (try? request.content.decode(Input.self)) ?? Input()
        let title = TextRules.clean(input.title)
        let body = (input.body ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var form = FormState()
        if let problem = TextRules.problem(title, label: "the title", max: 200) { form.add("title", problem) }
        if let problem = TextRules.multilineProblem(body, label: "the text of the letter", required: true, max: 10000) {
            form.add("body", problem)
        } else {
            Casework.add(LetterTemplates.problems(body: body, audience: template.audience), to: &form)
        }
        guard form.isValid else {
            return try await render(request, template, title: title, body: body, form: form, status: .badRequest)
        }
        template.title = title
        template.body = body
        template.updatedAt = request.now
        template.$updatedBy.id = request.currentUser?.id
        try await request.write { work in try await work.update(template, "Changed letter template \(template.key)") }
        return request.redirect(to: SiteURL.admin(.letterTemplates).path, flash: .templateSaved)
    }
}
