import Fluent
import Foundation
import TandemCore
import Vapor

/// Administrators keep the local lists: ASB categories, wards and estates.
/// Entries are retired rather than deleted, so old cases keep their meaning.
struct ReferenceDataController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.categories), use: categories)
        routes.post(.admin(.categories), use: addCategory)
        routes.post(.admin(.category(.key)), use: updateCategory)
        routes.get(.admin(.wards), use: wards)
        routes.post(.admin(.wards), use: addWard)
        routes.post(.admin(.ward(.key)), use: updateWard)
        routes.post(.admin(.wardEstates(.key)), use: addEstate)
    }

    struct Item: Encodable {
        var id: String
        var action: String
        var name: String
        var active: Bool
        var detail: String?
    }

    struct CategoriesPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var items: [Item]
        var addAction: String
    }

    struct NameInput: Content {
        var name: String?
        var active: String?
    }

    @Sendable
    func categories(request: Request) async throws -> View {
        try request.authorize(.manageReferenceData)
        return try await renderCategories(request, form: FormState())
    }

    private func renderCategories(_ request: Request, form: FormState) async throws -> View {
        let items = try await Category.query(on: request.db).sort(\.$position).all().map {
            Item(
                id: $0.id?.uuidString ?? "", action: SiteURL.admin(.category(.value(try $0.requireID()))).path,
                name: $0.name, active: $0.active,
                detail: $0.marksHate ? "Marks a report as a hate incident" : nil)
        }
        return try await request.view.render(
            "admin/categories",
            CategoriesPage(
                layout: request.layout(
                    title: form.isValid ? "ASB categories" : "Error: ASB categories", section: .reference),
                form: form, items: items, addAction: SiteURL.admin(.categories).path))
    }

    @Sendable
    func addCategory(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let input = (try? request.content.decode(NameInput.self)) ?? NameInput()
        let name = TextRules.clean(input.name)
        var form = FormState()
        form.values["name"] = name
        if let problem = TextRules.problem(name, label: "the category name", max: 120) {
            form.add("name", problem)
        } else if try await Category.query(on: request.db).filter(\.$name == name).count() > 0 {
            form.add("name", "A category with this name already exists")
        }
        guard form.isValid else {
            return try await renderCategories(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        let position = (try await Category.query(on: request.db).max(\.$position) ?? 0) + 1
        let category = Category(name: name, position: position)
        try await request.write { work in try await work.insert(category, "Added ASB category \(name)") }
        return request.redirect(to: SiteURL.admin(.categories).path, flash: .referenceDataSaved)
    }

    @Sendable
    func updateCategory(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        guard let id = request.parameters.get("categoryID", as: UUID.self),
            let category = try await Category.find(id, on: request.db)
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(NameInput.self)) ?? NameInput()
        let name = TextRules.clean(input.name)
        var form = FormState()
        if let problem = TextRules.problem(name, label: "the category name", max: 120) {
            form.add("name-\(id.uuidString)", problem)
        } else if try await Category.query(on: request.db).filter(\.$name == name).filter(\.$id != id).count() > 0 {
            form.add("name-\(id.uuidString)", "A category with this name already exists")
        }
        guard form.isValid else {
            return try await renderCategories(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        let active = input.active == "true"
        // Saving the form unchanged writes nothing.
        if category.name != name || category.active != active {
            category.name = name
            category.active = active
            try await request.write { work in try await work.update(category, "Updated ASB category \(name)") }
        }
        return request.redirect(to: SiteURL.admin(.categories).path, flash: .referenceDataSaved)
    }

    struct WardRow: Encodable {
        var id: String
        var action: String
        var estatesAction: String
        var name: String
        var active: Bool
        var estates: [String]
        var hasEstates: Bool
    }

    struct WardsPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var wards: [WardRow]
        var hasWards: Bool
        var addAction: String
    }

    @Sendable
    func wards(request: Request) async throws -> View {
        try request.authorize(.manageReferenceData)
        return try await renderWards(request, form: FormState())
    }

    private func renderWards(_ request: Request, form: FormState) async throws -> View {
        let wards = try await Ward.query(on: request.db).sort(\.$name).all()
        let estates = try await Estate.query(on: request.db).sort(\.$name).all()
        let rows = try wards.map { ward in
            let names = estates.filter { $0.$ward.id == ward.id }.map(\.name)
            let wardID = try ward.requireID()
            return WardRow(
                id: wardID.uuidString, action: SiteURL.admin(.ward(.value(wardID))).path,
                estatesAction: SiteURL.admin(.wardEstates(.value(wardID))).path, name: ward.name,
                active: ward.active, estates: names, hasEstates: !names.isEmpty)
        }
        return try await request.view.render(
            "admin/wards",
            WardsPage(
                layout: request.layout(
                    title: form.isValid ? "Wards and estates" : "Error: Wards and estates", section: .wards),
                form: form, wards: rows, hasWards: !rows.isEmpty, addAction: SiteURL.admin(.wards).path))
    }

    @Sendable
    func addWard(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let name = TextRules.clean(((try? request.content.decode(NameInput.self)) ?? NameInput()).name)
        var form = FormState()
        form.values["name"] = name
        if let problem = TextRules.problem(name, label: "the ward name", max: 120) {
            form.add("name", problem)
        } else if try await Ward.query(on: request.db).filter(\.$name == name).count() > 0 {
            form.add("name", "A ward with this name already exists")
        }
        guard form.isValid else {
            return try await renderWards(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        try await request.write { work in
            try await work.insert(Ward(name: name, at: work.now), "Added ward \(name)")
        }
        return request.redirect(to: SiteURL.admin(.wards).path, flash: .referenceDataSaved)
    }

    /// Renames a ward or stops offering it; cases and places keep it.
    @Sendable
    func updateWard(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        guard let id = request.parameters.get("wardID", as: UUID.self),
            let ward = try await Ward.find(id, on: request.db)
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(NameInput.self)) ?? NameInput()
        let name = TextRules.clean(input.name)
        var form = FormState()
        let field = "ward-\(id.uuidString)"
        if let problem = TextRules.problem(name, label: "the ward name", max: 120) {
            form.add(field, problem)
        } else if try await Ward.query(on: request.db).filter(\.$name == name).filter(\.$id != id).count() > 0 {
            form.add(field, "A ward with this name already exists")
        }
        guard form.isValid else {
            return try await renderWards(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        let active = input.active == "true"
        // Saving the form unchanged writes nothing.
        if ward.name != name || ward.active != active {
            ward.name = name
            ward.active = active
            try await request.write { work in try await work.update(ward, "Updated ward \(name)") }
        }
        return request.redirect(to: SiteURL.admin(.wards).path, flash: .referenceDataSaved)
    }

    @Sendable
    func addEstate(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        guard let wardID = request.parameters.get("wardID", as: UUID.self),
            let ward = try await Ward.find(wardID, on: request.db)
        else { throw Abort(.notFound) }
        let name = TextRules.clean(((try? request.content.decode(NameInput.self)) ?? NameInput()).name)
        var form = FormState()
        let field = "estate-\(wardID.uuidString)"
        if let problem = TextRules.problem(name, label: "the estate or block name", max: 120) {
            form.add(field, problem)
        } else if try await Estate.query(on: request.db).filter(\.$ward.$id == wardID).filter(\.$name == name).count()
            > 0
        {
            form.add(field, "\(ward.name) already has an estate with this name")
        }
        guard form.isValid else {
            return try await renderWards(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        try await request.write { work in
            let estate = Estate(wardID: wardID, name: name, at: work.now)
            try await work.insert(estate, "Added estate \(name) in \(ward.name)")
        }
        return request.redirect(to: SiteURL.admin(.wards).path, flash: .referenceDataSaved)
    }
}
