import Fluent
import Foundation
import TandemCore
import Vapor

/// `/admin/retention`: the schedule, what is due under each rule, the legal holds, the batches waiting for
/// approval and the disposal register.
struct RetentionPage: Encodable {
    struct RuleRow: Encodable {
        var kind: String
        var label: String
        var months: String
        var from: String
        var error: String?
    }

    struct DueRow: Encodable {
        var kind: String
        var label: String
        var rule: String
        var due: Int
        var capped: Bool
        var held: Int
        var waiting: String?
    }

    struct HoldRow: Encodable {
        var subject: String
        var reason: String
        var setBy: String
        var setOn: String
        var reviewOn: String
        var reviewDue: Bool
        var liftAction: String
        var liftField: String
    }

    struct BatchRow: Encodable {
        var link: String
        var rule: String
        var count: Int
        var status: String
        var prepared: String
        var decided: String
        var deleted: Int
        var anonymised: Int
        var files: Int
        var events: Int
    }

    var layout: LayoutContext
    var form: FormState
    var rules: [RuleRow]
    var due: [DueRow]
    var holds: [HoldRow]
    var hasHolds: Bool
    var waiting: [BatchRow]
    var hasWaiting: Bool
    var register: [BatchRow]
    var hasRegister: Bool
    var rulesAction = SiteURL.admin(.retentionRules).path
    var holdAction = SiteURL.admin(.legalHolds).path
    var prepareAction = SiteURL.admin(.disposalBatches).path

    static func build(_ request: Request, user: CurrentUser, form: FormState) async throws -> RetentionPage {
        let org = user.organisationID
        let db = request.db
        let today = ReportDay.today(request)
        let rules = try await RetentionSchedule.rules(for: org, on: db)
        let holds = try await RetentionSchedule.holds(for: org, today: today, on: db)
        let batches = try await DisposalBatch.query(on: db).filter(\.$organisation.$id == org)
            .with(\.$decidedBy).sort(\.$preparedAt, .descending).limit(200).all()
        var due: [DueRow] = []
        for rule in rules {
            let listing = try await RetentionDue.list(rule, organisationID: org, now: request.now, holds: holds, on: db)
            let waiting = batches.first { $0.record == rule.record && $0.status == .prepared }
            due.append(
                DueRow(
                    kind: rule.record.rawValue, label: rule.record.label, rule: DisposalBatch.text(of: rule),
                    due: listing.count, capped: listing.capped, held: listing.held.count,
                    waiting: try waiting.map { SiteURL.admin(.disposalBatch(.value(try $0.requireID()))).path }))
        }
        // The case is named, not linked: whoever keeps the schedule does not read casework.
        let holdRecords = try await LegalHoldRecord.query(on: db).filter(\.$organisation.$id == org)
            .filter(\.$liftedOn == nil).with(\.$caseRecord).with(\.$person).with(\.$setBy)
            .sort(\.$reviewOn).all()
        return RetentionPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Retention and disposal", section: .retention),
            form: form,
            rules: rules.map { rule in
                let key = "months_\(rule.record.rawValue)"
                return RuleRow(
                    kind: rule.record.rawValue, label: rule.record.label,
                    months: form.values[key] ?? String(rule.months), from: rule.from.label, error: form.errors[key])
            },
            due: due,
            holds: try holdRecords.map { hold in
                let reference = hold.caseRecord?.reference
                let subject =
                    hold.person.map { "\($0.fullName), on every case" + (reference.map { " (set from \($0))" } ?? "") }
                    ?? "Case \(reference ?? "")"
                return HoldRow(
                    subject: subject,
                    reason: hold.reason, setBy: hold.setBy.displayName, setOn: DisplayDate.civil(hold.setOn),
                    reviewOn: DisplayDate.civil(hold.reviewOn), reviewDue: hold.hold.isDueForReview(on: today),
                    liftAction: SiteURL.admin(.liftHold(.value(try hold.requireID()))).path,
                    liftField: "lift_reason_\(try hold.requireID().uuidString.prefix(8))")
            },
            hasHolds: !holdRecords.isEmpty,
            waiting: try batches.filter { $0.status == .prepared }.map(Self.row),
            hasWaiting: batches.contains { $0.status == .prepared },
            register: try batches.filter { $0.status != .prepared }.map(Self.row),
            hasRegister: batches.contains { $0.status != .prepared })
    }

    static func row(_ batch: DisposalBatch) throws -> BatchRow {
        BatchRow(
            link: SiteURL.admin(.disposalBatch(.value(try batch.requireID()))).path, rule: batch.ruleText,
            count: batch.itemCount, status: batch.status.label,
            prepared: DisplayDate.dayAndTime(batch.preparedAt) + " by " + batch.preparedBy,
            decided: batch.decidedAt.map {
                DisplayDate.dayAndTime($0) + (batch.decidedBy.map { " by \($0.displayName)" } ?? "")
            } ?? "",
            deleted: batch.rowsDeleted ?? 0, anonymised: batch.rowsAnonymised ?? 0, files: batch.filesRemoved ?? 0,
            events: batch.eventsDisposed ?? 0)
    }
}

extension DisposalBatch.Status {
    var label: String {
        switch self {
        case .prepared: "Waiting for approval"
        case .disposed: "Disposed of"
        case .cancelled: "Cancelled"
        }
    }
}
