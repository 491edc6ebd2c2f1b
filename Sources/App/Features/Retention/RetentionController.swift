import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// `/admin/retention`: the information governance lead (or an administrator) keeps the organisation's retention
/// schedule, sets and lifts legal holds, and prepares disposal batches (issue 23, item 1). Approving a batch is on
/// the batch's own page (`DisposalBatchController`).
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.retention), use: show)
        routes.post(.admin(.retentionRules), use: saveRules)
        routes.post(.admin(.legalHolds), use: setHold)
        routes.post(.admin(.liftHold(.key)), use: liftHold)
        routes.post(.admin(.disposalBatches), use: prepare)
    }

    private func render(_ request: Request, user: CurrentUser, form: FormState, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let page = try await RetentionPage.build(request, user: user, form: form)
        // The page names the people under a hold: a view of personal data.
        if page.hasHolds {
            try await request.auditView(
                recordType: .legalHold, recordID: user.organisationID.uuidString,
                summary: "Viewed the legal holds in force")
        }
        return try await request.view.render("admin/retention", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        return try await render(request, user: user, form: FormState())
    }

    @Sendable
    func saveRules(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        let input = (try? request.content.decode([String: String].self)) ?? [:]
        var form = FormState()
        var months: [RetainedRecord: Int] = [:]
        for kind in RetainedRecord.allCases {
            let key = "months_\(kind.rawValue)"
            let text = TextRules.clean(input[key])
            form.values[key] = String(text.prefix(20))
            guard let value = Int(text), (1...1200).contains(value) else {
                form.add(
                    key, "Enter how many months to keep a \(kind.label.lowercased()), a whole number from 1 to 1,200")
                continue
            }
            months[kind] = value
        }
        guard form.isValid else { return try await render(request, user: user, form: form, status: .badRequest) }
        let stored = try await RetentionRuleRecord.query(on: request.db)
            .filter(\.$organisation.$id == user.organisationID).all()
        let now = request.now
        let chosen = months
        try await request.write { work in
            for rule in RetentionRule.defaults {
                let record = stored.first { $0.record == rule.record } ?? RetentionRuleRecord()
                let value = chosen[rule.record] ?? rule.months
                if record.id != nil && record.months == value { continue }
                record.$organisation.id = user.organisationID
                record.record = rule.record
                record.months = value
                record.from = rule.from
                record.updatedAt = now
                record.$updatedBy.id = user.id
                try await work.save(record, "Retention schedule: \(rule.record.label) kept \(value) months")
            }
        }
        return request.redirect(to: SiteURL.admin(.retention).path, flash: .retentionSaved)
    }

    struct HoldInput: Content {
        var caseReference: String?
        var person: String?
        var reason: String?
        var reviewOn: String?

        enum CodingKeys: String, CodingKey {
            case person, reason
            case caseReference = "case_reference"
            case reviewOn = "review_on"
        }
    }

    @Sendable
    func setHold(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        let input = (try? request.content.decode(HoldInput.self)) ?? HoldInput()
        let reference = TextRules.clean(input.caseReference).uppercased()
        let personName = TextRules.clean(input.person)
        let reason = TextRules.clean(input.reason)
        let reviewText = TextRules.clean(input.reviewOn)
        var form = FormState()
        form.values = [
            "case_reference": String(reference.prefix(40)), "person": String(personName.prefix(200)),
            "reason": String(reason.prefix(2000)), "review_on": String(reviewText.prefix(20)),
        ]
        var found: CaseRecord?
        if let problem = TextRules.problem(reference, label: "the case reference", max: 40) {
            form.add("case_reference", problem)
        } else {
            // Only the organisation's own cases: another's reference is answered as not found.
            found = try await CaseRecord.query(on: request.db).filter(\.$reference == reference)
                .filter(\.$organisation.$id == user.organisationID).first()
            if found == nil {
                form.add("case_reference", "No case of your organisation has the reference \(reference)")
            }
        }
        var person: UUID?
        if let problem = TextRules.problem(personName, label: "the person's name", required: false, max: 200) {
            form.add("person", problem)
        } else if !personName.isEmpty, let found {
            person = try await Self.person(named: personName, on: found, db: request.db)
            if person == nil {
                form.add(
                    "person", "No one called \(personName) is on case \(found.reference): enter the name as recorded")
            }
        }
        if let problem = TextRules.multilineProblem(reason, label: "why the hold is set", required: true, max: 2000) {
            form.add("reason", problem)
        }
        let today = ReportDay.today(request)
        let reviewOn = CivilDate(iso: reviewText)
        if !reviewText.isEmpty && reviewOn == nil {
            form.add("review_on", "Enter the review date as a real date, like 2027-06-30")
        }
        for problem in LegalHold.problems(reason: reason, setOn: today, reviewOn: reviewOn)
        where !problem.hasPrefix("Say why") {
            form.add("review_on", problem)
        }
        guard form.isValid, let found, let reviewOn else {
            return try await render(request, user: user, form: form, status: .badRequest)
        }
        let hold = LegalHoldRecord()
        hold.$organisation.id = user.organisationID
        hold.$caseRecord.id = try found.requireID()
        hold.$person.id = person
        hold.reason = reason
        hold.setOn = today
        hold.reviewOn = reviewOn
        hold.setAt = request.now
        hold.$setBy.id = user.id
        let summary =
            person == nil
            ? "Legal hold set on case \(found.reference)" : "Legal hold set on a person of \(found.reference)"
        try await request.write { work in try await work.insert(hold, summary) }
        return request.redirect(to: SiteURL.admin(.retention).path, flash: .holdSet)
    }

    /// The person of that name on the case: a party, the reporting person, or the subject of an assessment.
    static func person(named name: String, on record: CaseRecord, db: any Database) async throws -> UUID? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let caseID = try record.requireID()
        let rows = try await sql.raw(
            """
            SELECT p.id AS id, p.full_name AS name FROM people p WHERE p.id IN (
              SELECT person_id FROM case_parties WHERE case_id = \(bind: caseID)
              UNION SELECT reporter_person_id FROM reports WHERE case_id = \(bind: caseID)
              UNION SELECT person_id FROM vulnerability_assessments WHERE case_id = \(bind: caseID))
            """
        ).all()
        let wanted = name.lowercased()
        for row in rows where try row.decode(column: "name", as: String.self).lowercased() == wanted {
            return try row.decode(column: "id", as: UUID.self)
        }
        return nil
    }

    @Sendable
    func liftHold(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        guard let id = request.parameters.get("holdID", as: UUID.self),
            let hold = try await LegalHoldRecord.query(on: request.db).filter(\.$id == id)
                .filter(\.$organisation.$id == user.organisationID).first()
        else { throw Abort(.notFound) }
        let field = "lift_reason_\(id.uuidString.prefix(8))"
        let input = (try? request.content.decode([String: String].self)) ?? [:]
        let reason = TextRules.clean(input[field])
        var form = FormState()
        form.values[field] = String(reason.prefix(2000))
        if hold.liftedOn != nil { form.add(field, "This hold has already been lifted") }
        if let problem = TextRules.multilineProblem(reason, label: "why the hold is lifted", required: true, max: 2000)
        {
            form.add(field, problem)
        }
        guard form.isValid else { return try await render(request, user: user, form: form, status: .badRequest) }
        hold.liftedOn = ReportDay.today(request)
        hold.liftedAt = request.now
        hold.$liftedBy.id = user.id
        hold.liftReason = reason
        try await request.write { work in try await work.update(hold, "Legal hold lifted") }
        return request.redirect(to: SiteURL.admin(.retention).path, flash: .holdLifted)
    }

    struct PrepareInput: Content {
        var kind: String?
    }

    @Sendable
    func prepare(request: Request) async throws -> Response {
        let user = try request.authorize(.manageRetention)
        let input = (try? request.content.decode(PrepareInput.self)) ?? PrepareInput()
        guard let kind = RetainedRecord(rawValue: TextRules.clean(input.kind)) else {
            var form = FormState()
            form.add("kind", "Choose a kind of record to prepare a batch for")
            return try await render(request, user: user, form: form, status: .badRequest)
        }
        let batch = try await request.write { work in
            try await RetentionBatches.prepare(
                kind, organisationID: user.organisationID, preparedBy: user.email, work: work)
        }
        guard let batch else { return request.redirect(to: SiteURL.admin(.retention).path, flash: .nothingDue) }
        return request.redirect(
            to: SiteURL.admin(.disposalBatch(.value(try batch.requireID()))).path, flash: .batchPrepared)
    }
}
