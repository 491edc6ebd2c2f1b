import Fluent
import Foundation
import TandemCore
import Vapor

/// The "Diary and evidence" page.
enum EvidencePageBuilder {
    struct DiaryRow: Encodable {
        var when: String
        var what: String
        var who: String?
        var effect: String?
        var source: String
        var fromResident: Bool
    }

    struct EvidenceRow: Encodable {
        var id: String
        var kind: String
        var title: String
        var description: String?
        var obtained: String
        var file: String?
        var size: String?
        /// Where the file is downloaded.
        var fileHref: String
        var fromResident: Bool
        var added: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var diary: [DiaryRow]
        var hasDiary: Bool
        var evidence: [EvidenceRow]
        var hasEvidence: Bool
        var kinds: [Choice]
        /// The upload form: the owning team, and a partner whose share opens the reports (issue 19).
        var mayAddEvidence: Bool
        var today: String
        var maxUpload: String
    }

    static func render(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> View
    {
        let db = request.db
        let caseID = try record.requireID()
        let links = CaseLinks(caseID)
        let calendar = try await request.intakePolicy().calendar
        let entries = try await DiaryEntry.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$occurredAt, .descending).limit(200).all()
        let items = try await EvidenceItem.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$addedBy) { $0.with(\.$organisation) }.sort(\.$addedAt, .descending).limit(200).all()
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Diary and evidence, case \(record.reference)",
                section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .evidence),
            diary: entries.map {
                DiaryRow(
                    when: DisplayDate.dayAndTime($0.occurredAt), what: $0.whatHappened, who: $0.whoInvolved,
                    effect: $0.effect, source: $0.source.label, fromResident: $0.source == .resident)
            },
            hasDiary: !entries.isEmpty,
            evidence: items.map { item in
                EvidenceRow(
                    id: item.id?.uuidString ?? "", kind: item.kind.label, title: item.title,
                    description: item.description, obtained: DisplayDate.civil(item.obtainedOn),
                    file: item.storageKey == nil ? nil : item.fileName,
                    size: item.fileSize.map(EvidenceFileRules.describe),
                    fileHref: item.id.map { links.to(.evidenceFile(.value($0))) } ?? "",
                    fromResident: item.fromResident,
                    added: DisplayDate.dayAndTime(item.addedAt)
                        + (item.addedBy.map { " by \($0.displayName)\(partnerName($0, record))" } ?? " by the resident")
                )
            },
            hasEvidence: !items.isEmpty,
            kinds: Choice.list(EvidenceKind.allCases, value: \.rawValue, label: \.label, selected: []),
            mayAddEvidence: request.may(.contribute(facts, .reports)) && record.isActive,
            today: calendar.local(request.now).day.description,
            maxUpload: EvidenceFileRules.describe(request.application.settings.maxUploadBytes))
        return try await request.view.render("casework/evidence", page)
    }

    /// " (Riverside Safer Neighbourhoods Police)" for evidence a partner added; nothing for the owning team's.
    static func partnerName(_ user: User, _ record: CaseRecord) -> String {
        guard let organisation = user.$organisation.value, organisation.id != record.$organisation.id else { return "" }
        return " (\(organisation.name))"
    }
}
