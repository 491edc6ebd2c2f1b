import Fluent
import Foundation
import TandemCore
import Vapor

/// A data subject request's page: where the request stands, its deadline, and for access the bundle's details with
/// each decision, and the bundle as the requester will read it.
struct SubjectAccessPage: Encodable {
    struct RedactionRow: Encodable {
        var label: String
        var whose: String
        var text: String
        var defaultDecision: String
        var decision: String
        var withheld: Bool
        var decided: String?
        var action: String
        var field: String
        var error: String?
        var reason: String
    }

    struct Document: Encodable {
        var name: String
        var text: String
    }

    var layout: LayoutContext
    var form: FormState
    var reference: String
    var kind: String
    var isAccess: Bool
    var requester: String
    var role: String
    var caseReference: String
    var details: String
    var received: String
    var identity: String?
    var startsOn: String
    var due: String
    var overdue: Bool
    var extensionNote: String?
    var status: String
    var signedOff: String?
    var released: String?
    var outcome: String?
    var mayGather: Bool
    var gathered: Bool
    var maySignOff: Bool
    var mayRelease: Bool
    var mayDownload: Bool
    var mayDecideOutcome: Bool
    var redactions: [RedactionRow]
    var documents: [Document]
    var links: Links
    var back = SiteURL.subjectAccess.path

    struct Links: Encodable {
        var identity: String
        var extend: String
        var gather: String
        var signOff: String
        var release: String
        var bundle: String
        var outcome: String
    }

    static let changedSinceSignOff =
        "The records have changed since the bundle was signed off: gather it again, review it and sign it off"

    /// A digest of the bundle as it would be sent, kept at sign-off so what goes out is what was reviewed.
    static func digest(_ bundle: SubjectAccessBundle, decisions: [String: Bool], reference: String) -> String {
        let text = bundle.rendered(decisions: decisions, reference: reference).map { "\($0.name)\n\($0.text)" }
            .joined(separator: "\u{0}")
        return EvidenceStore.sha256Hex(Array(text.utf8))
    }

    static func digest(_ record: SubjectAccessRequest, on db: any Database) async throws -> String {
        digest(
            try await SubjectAccessBundle.gather(record, on: db), decisions: try await decisions(record, on: db),
            reference: record.reference)
    }

    static func decisions(_ record: SubjectAccessRequest, on db: any Database) async throws -> [String: Bool] {
        let rows = try await SubjectAccessRedaction.query(on: db).filter(\.$request.$id == record.requireID()).all()
        return Dictionary(rows.map { ($0.itemKey, $0.redacted) }, uniquingKeysWith: { first, _ in first })
    }

    static func render(
        _ request: Request, _ record: SubjectAccessRequest, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let id = try record.requireID()
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let due = record.dueOn(calendar)
        let finished = record.status == .released || record.status == .decided
        let caseReference = try await record.$caseRecord.get(on: request.db)?.reference ?? ""
        let rows = try await SubjectAccessRedaction.query(on: request.db).filter(\.$request.$id == id)
            .with(\.$decidedBy).sort(\.$position).all()
        var documents: [Document] = []
        var texts: [String: String] = [:]
        if record.gatheredAt != nil {
            let bundle = try await SubjectAccessBundle.gather(record, on: request.db)
            // The page shows each case's reports and people: a view of each case, recorded against it.
            for caseID in bundle.caseIDs {
                try await request.auditView(
                    recordType: .case, recordID: caseID.uuidString,
                    summary: "Viewed the case's records for subject access request \(record.reference)")
            }
            texts = Dictionary(bundle.items.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
            let decisions = Dictionary(rows.map { ($0.itemKey, $0.redacted) }, uniquingKeysWith: { first, _ in first })
            documents = bundle.rendered(decisions: decisions, reference: record.reference).map {
                Document(name: $0.name, text: $0.text)
            }
        }
        let links = Links(
            identity: SiteURL.subjectAccessRequest(.value(id), .identity).path,
            extend: SiteURL.subjectAccessRequest(.value(id), .extend).path,
            gather: SiteURL.subjectAccessRequest(.value(id), .gather).path,
            signOff: SiteURL.subjectAccessRequest(.value(id), .signOff).path,
            release: SiteURL.subjectAccessRequest(.value(id), .release).path,
            bundle: SiteURL.subjectAccessRequest(.value(id), .bundle).path,
            outcome: SiteURL.subjectAccessRequest(.value(id), .outcome).path)
        let page = SubjectAccessPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Request \(record.reference)", section: .subjectAccess),
            form: form, reference: record.reference, kind: record.kind.label, isAccess: record.kind == .access,
            requester: record.requesterName, role: record.requesterRole.label, caseReference: caseReference,
            details: record.details, received: DisplayDate.civil(record.receivedOn),
            identity: record.identityConfirmedOn.map {
                "\(record.identityMethod ?? "Checked"), confirmed \(DisplayDate.civil($0))"
            },
            startsOn: DisplayDate.civil(record.startsOn), due: DisplayDate.civil(due),
            overdue: !finished && due < ReportDay.today(request),
            extensionNote: record.extensionReason.map {
                "Extended by two months: \($0) (requester told \(record.extensionToldOn.map(DisplayDate.civil) ?? ""))"
            },
            status: record.status.label,
            signedOff: record.signedOffAt.map {
                DisplayDate.dayAndTime($0) + (record.signedOffBy.map { " by \($0.displayName)" } ?? "")
            },
            released: record.releasedAt.map {
                DisplayDate.dayAndTime($0) + " (\(record.releaseMethod ?? ""))"
                    + (record.releasedBy.map { " by \($0.displayName)" } ?? "")
            },
            outcome: record.outcome.map { "\($0) (\(record.outcomeOn.map(DisplayDate.civil) ?? ""))" },
            mayGather: record.kind == .access && record.identityConfirmedOn != nil && record.status != .released,
            gathered: record.gatheredAt != nil, maySignOff: record.status == .inReview,
            mayRelease: record.status == .signedOff,
            mayDownload: record.status == .signedOff,
            mayDecideOutcome: record.kind != .access && record.status != .decided && record.identityConfirmedOn != nil,
            redactions: try rows.map { row in
                let field = "reason_\(try row.requireID().uuidString.prefix(8))"
                let detail = DisclosedDetail(stored: row.detail)
                return RedactionRow(
                    label: row.label, whose: detail?.label ?? row.detail,
                    text: texts[row.itemKey] ?? "(no longer held)",
                    defaultDecision: row.defaultRedacted ? "Withhold" : "Release",
                    decision: row.redacted ? "Withheld" : "Released", withheld: row.redacted,
                    decided: row.decidedAt.map {
                        DisplayDate.dayAndTime($0) + (row.decidedBy.map { " by \($0.displayName)" } ?? "")
                            + (row.reason.map { ": \($0)" } ?? "")
                    },
                    action: SiteURL.subjectAccessRequest(.value(id), .redaction(.value(try row.requireID()))).path,
                    field: field, error: form.errors[field], reason: form.values[field] ?? "")
            },
            documents: documents, links: links)
        try await request.auditView(
            recordType: .subjectAccessRequest, recordID: id.uuidString, summary: "Viewed request \(record.reference)")
        return try await request.view.render("subject-access/show", page).encodeResponse(status: status, for: request)
    }
}
