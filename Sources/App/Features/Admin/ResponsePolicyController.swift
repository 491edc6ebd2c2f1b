import Fluent
import Foundation
import TandemCore
import Vapor

/// Administrators change the local response policy: working days per risk
/// level, the in-progress response time, office hours, one-off closures and
/// the repeat (ASB Case Review) rules. New deadlines use the change at once.
struct ResponsePolicyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.responsePolicy), use: show)
        routes.post(.admin(.responsePolicy), use: update)
        routes.post(.admin(.officeClosures), use: addClosure)
        routes.post(.admin(.removeOfficeClosure(.key)), use: removeClosure)
    }

    struct TargetRow: Encodable {
        var risk: String
        var label: String
        var target: String
        var limit: String
        var guidance: String
        // Per-row errors: Leaf cannot look up a key built from the row.
        var targetError: String?
        var limitError: String?
        var guidanceError: String?
    }

    struct ClosureRow: Encodable {
        var removeAction: String
        var day: String
        var description: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var targets: [TargetRow]
        var closures: [ClosureRow]
        var hasClosures: Bool
        var policyAction: String
        var addClosureAction: String
    }

    @Sendable
    func show(request: Request) async throws -> View {
        try request.authorize(.manageReferenceData)
        return try await render(request, form: FormState())
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let db = request.db
        let settings = try await IntakeSettingsRecord.query(on: db).first()
        let targets = try await ResponseTargetRecord.query(on: db).all()
        var values = form.values
        if !form.hasErrors, let settings {
            values["opens"] = Self.clock(settings.opensMinute)
            values["closes"] = Self.clock(settings.closesMinute)
            values["in_progress_minutes"] = String(settings.inProgressMinutes)
            values["repeat_window_months"] = String(settings.repeatWindowMonths)
            values["case_review_threshold"] = String(settings.caseReviewThreshold)
        }
        var shown = form
        shown.values = values
        let rows = RiskLevel.allCases.reversed().map { risk in
            let record = targets.first { $0.riskLevel == risk }
            return TargetRow(
                risk: risk.rawValue, label: risk.label,
                target: form.values["\(risk.rawValue)_target"] ?? record.map { String($0.targetDays) } ?? "",
                limit: form.values["\(risk.rawValue)_limit"] ?? record.map { String($0.limitDays) } ?? "",
                guidance: form.values["\(risk.rawValue)_guidance"] ?? record?.guidance ?? "",
                targetError: form.errors["\(risk.rawValue)_target"], limitError: form.errors["\(risk.rawValue)_limit"],
                guidanceError: form.errors["\(risk.rawValue)_guidance"])
        }
        let closures = try await OfficeClosure.query(on: db).sort(\.$day).all().map {
            ClosureRow(
                removeAction: SiteURL.admin(.removeOfficeClosure(.value(try $0.requireID()))).path,
                day: DisplayDate.civil($0.day), description: $0.description)
        }
        return try await request.view.render(
            "admin/response-policy",
            Page(
                layout: request.layout(
                    title: form.isValid ? "Response policy" : "Error: Response policy", section: .policy),
                form: shown, targets: rows, closures: closures, hasClosures: !closures.isEmpty,
                policyAction: SiteURL.admin(.responsePolicy).path,
                addClosureAction: SiteURL.admin(.officeClosures).path))
    }

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    @Sendable
    func update(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        var form = FormState()
        form.values = fields.filter { $0.key != "csrf_token" }.mapValues { String($0.prefix(600)) }
        func number(_ key: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = Int(TextRules.clean(fields[key])), range.contains(value) else {
                form.add(key, "Enter \(label) as a whole number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return value
        }
        var parsed: [(RiskLevel, Int, Int, String)] = []
        for risk in RiskLevel.allCases.reversed() {
            let target = number("\(risk.rawValue)_target", "the \(risk.rawValue) risk target in working days", 0...60)
            let limit = number("\(risk.rawValue)_limit", "the \(risk.rawValue) risk limit in working days", 0...60)
            let guidance = TextRules.clean(fields["\(risk.rawValue)_guidance"])
            if let problem = TextRules.problem(guidance, label: "the \(risk.rawValue) risk examples", max: 500) {
                form.add("\(risk.rawValue)_guidance", problem)
            }
            if let target, let limit { parsed.append((risk, target, limit, guidance)) }
        }
        if parsed.count == 3 {
            let targets = Dictionary(
                uniqueKeysWithValues: parsed.map {
                    ($0.0, ResponseTarget(targetWorkingDays: $0.1, limitWorkingDays: $0.2, guidance: $0.3))
                })
            for problem in ResponsePolicy.problems(targets) {
                form.add("\(problem.risk.rawValue)_\(problem.isLimit ? "limit" : "target")", problem.message)
            }
        }
        let opens = ReportValidation.minuteOfDay(TextRules.clean(fields["opens"]))
        let closes = ReportValidation.minuteOfDay(TextRules.clean(fields["closes"]))
        if opens == nil { form.add("opens", "Enter the opening time like 09:00") }
        if closes == nil { form.add("closes", "Enter the closing time like 17:00") }
        if let opens, let closes, opens >= closes { form.add("closes", "The office must close after it opens") }
        let inProgress = number("in_progress_minutes", "the in-progress response time in minutes", 5...480)
        let window = number("repeat_window_months", "the repeat window in months", 1...24)
        let threshold = number("case_review_threshold", "the Case Review threshold", 2...10)
        guard form.isValid, let opens, let closes, let inProgress, let window, let threshold,
            let settings = try await IntakeSettingsRecord.query(on: request.db).first()
        else {
            return try await render(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        let targets = try await ResponseTargetRecord.query(on: request.db).all()
        try await request.write { [parsed] work in
            settings.opensMinute = opens
            settings.closesMinute = closes
            settings.inProgressMinutes = inProgress
            settings.repeatWindowMonths = window
            settings.caseReviewThreshold = threshold
            try await work.update(settings, "Changed the response policy")
            for (risk, target, limit, guidance) in parsed {
                let record =
                    targets.first { $0.riskLevel == risk }
                    ?? ResponseTargetRecord(risk: risk, targetDays: target, limitDays: limit, guidance: guidance)
                record.targetDays = target
                record.limitDays = limit
                record.guidance = guidance
                try await work.save(record, "Changed the response policy for \(risk.label) risk")
            }
        }
        return request.redirect(to: SiteURL.admin(.responsePolicy).path, flash: .policySaved)
    }

    struct ClosureInput: Content {
        var day: String?
        var description: String?
    }

    @Sendable
    func addClosure(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        let input = (try? request.content.decode(ClosureInput.self)) ?? ClosureInput()
        var form = FormState()
        let dayText = TextRules.clean(input.day)
        let description = TextRules.clean(input.description)
        form.values["day"] = dayText
        form.values["description"] = description
        let day = CivilDate(iso: dayText)
        if day == nil { form.add("day", "Enter a real date like 2027-06-03") }
        if let problem = TextRules.problem(description, label: "what the closure is", max: 120) {
            form.add("description", problem)
        }
        if let day, try await OfficeClosure.query(on: request.db).filter(\.$day == day).count() > 0 {
            form.add("day", "That day is already listed")
        }
        guard form.isValid, let day else {
            return try await render(request, form: form).encodeResponse(status: .badRequest, for: request)
        }
        try await request.write { work in
            let closure = OfficeClosure(day: day, description: description)
            try await work.insert(closure, "Added office closure on \(day): \(description)")
        }
        return request.redirect(to: SiteURL.admin(.responsePolicy).path, flash: .policySaved)
    }

    @Sendable
    func removeClosure(request: Request) async throws -> Response {
        try request.authorize(.manageReferenceData)
        guard let id = request.parameters.get("closureID", as: UUID.self),
            let closure = try await OfficeClosure.find(id, on: request.db)
        else { throw Abort(.notFound) }
        try await request.write { work in try await work.delete(closure, "Removed office closure on \(closure.day)") }
        return request.redirect(to: SiteURL.admin(.responsePolicy).path, flash: .policySaved)
    }
}
