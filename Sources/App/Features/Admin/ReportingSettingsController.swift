import Fluent
import Foundation
import TandemCore
import Vapor

/// `/admin/reporting`: the closure policy (notice, reopening period,
/// satisfaction target) and the homes each landlord owns per reporting year,
/// the denominator of NM01.
struct ReportingSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.reporting), use: show)
        routes.post(.admin(.reporting), use: savePolicy)
        routes.post(.admin(.reportingHomes), use: saveHomes)
    }

    struct HomesRow: Encodable {
        var landlord: String
        var year: String
        var homes: Int
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var noticeDays: String
        var reopenDays: String
        var target: String
        var homes: [HomesRow]
        var hasHomes: Bool
        var landlords: [Choice]
        var years: [Choice]
        var policyAction: String
        var homesAction: String
    }

    private func render(_ request: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let policy = try await ClosureSettingsRecord.load(on: request.db)
        let homes = try await LandlordHomes.query(on: request.db).with(\.$organisation)
            .sort(\.$yearStart, .descending).all()
        let thisYear = ReportingPeriod.reportingYear(of: ReportDay.today(request)).first.year
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Closure and reporting", section: .reporting),
            form: form, noticeDays: form.values["notice_days"] ?? String(policy.noticeDays),
            reopenDays: form.values["reopen_days"] ?? String(policy.reopenDays),
            target: form.values["target"] ?? String(policy.satisfactionTargetPercent),
            homes: homes.map {
                HomesRow(
                    landlord: $0.organisation.name, year: ReportingPeriod.yearLabel(starting: $0.yearStart),
                    homes: $0.homes)
            },
            hasHomes: !homes.isEmpty,
            landlords: try await HousingMeasuresController.landlords(on: request.db).map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: false)
            },
            years: (0..<5).map { thisYear - $0 }.map {
                Choice(value: String($0), label: ReportingPeriod.yearLabel(starting: $0), selected: false)
            },
            policyAction: SiteURL.admin(.reporting).path, homesAction: SiteURL.admin(.reportingHomes).path)
        return try await request.view.render("admin/reporting", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        return try await render(request, form: FormState())
    }

    struct PolicyInput: Content {
        var noticeDays: String?
        var reopenDays: String?
        var target: String?

        enum CodingKeys: String, CodingKey {
            case target
            case noticeDays = "notice_days"
            case reopenDays = "reopen_days"
        }
    }

    @Sendable
    func savePolicy(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let input = (try? request.content.decode(PolicyInput.self)) ?? PolicyInput()
        let notice = Int(TextRules.clean(input.noticeDays))
        let reopen = Int(TextRules.clean(input.reopenDays))
        let target = Int(TextRules.clean(input.target))
        var form = FormState()
        for problem in ClosurePolicy.problems(noticeDays: notice, reopenDays: reopen, target: target) {
            form.add(problem.field, problem.message)
        }
        guard form.isValid, let notice, let reopen, let target else {
            form.values = [
                "notice_days": TextRules.clean(input.noticeDays), "reopen_days": TextRules.clean(input.reopenDays),
                "target": TextRules.clean(input.target),
            ]
            return try await render(request, form: form, status: .badRequest)
        }
        let record = try await ClosureSettingsRecord.query(on: request.db).first() ?? ClosureSettingsRecord()
        record.noticeDays = notice
        record.reopenDays = reopen
        record.satisfactionTarget = target
        record.updatedAt = request.now
        try await request.write { work in
            try await work.save(record, "Changed the closure and reporting policy")
        }
        return request.redirect(to: SiteURL.admin(.reporting).path, flash: .reportingSettingsSaved)
    }

    struct HomesInput: Content {
        var landlord: String?
        var year: String?
        var homes: String?
    }

    @Sendable
    func saveHomes(request: Request) async throws -> Response {
        let user = try request.authorize(.manageReferenceData)
        let input = (try? request.content.decode(HomesInput.self)) ?? HomesInput()
        var form = FormState()
        let landlords = try await HousingMeasuresController.landlords(on: request.db)
        let landlord = landlords.first { $0.id?.uuidString == input.landlord }
        if landlord == nil { form.add("landlord", "Select the landlord") }
        let thisYear = ReportingPeriod.reportingYear(of: ReportDay.today(request)).first.year
        let year = Int(TextRules.clean(input.year)).flatMap { (2000...thisYear).contains($0) ? $0 : nil }
        if year == nil { form.add("year", "Select the reporting year") }
        let homes = Int(TextRules.clean(input.homes)).flatMap { (1...2_000_000).contains($0) ? $0 : nil }
        if homes == nil { form.add("homes", "Enter the number of homes owned as a whole number from 1 to 2,000,000") }
        guard form.isValid, let landlord, let year, let homes, let landlordID = landlord.id else {
            form.values["homes"] = TextRules.clean(input.homes)
            return try await render(request, form: form, status: .badRequest)
        }
        let record =
            try await LandlordHomes.query(on: request.db).filter(\.$organisation.$id == landlordID)
            .filter(\.$yearStart == year).first() ?? LandlordHomes()
        record.$organisation.id = landlordID
        record.yearStart = year
        record.homes = homes
        record.updatedAt = request.now
        record.$updatedBy.id = user.id
        let summary = "Homes owned by \(landlord.name) in \(ReportingPeriod.yearLabel(starting: year))"
        try await request.write { work in try await work.save(record, summary) }
        return request.redirect(to: SiteURL.admin(.reporting).path, flash: .reportingSettingsSaved)
    }
}
