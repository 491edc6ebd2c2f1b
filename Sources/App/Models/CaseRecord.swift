import Fluent
import Foundation

/// An ASB case: the log of activity responding to reports about the same
/// parties. Intake and casework extend it; this is the part the foundation
/// needs to decide who may see a case.
final class CaseRecord: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "reference") var reference: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "status") var status: String
    @OptionalField(key: "risk_level") var riskLevel: String?
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "officer_id") var officer: User?
    @Field(key: "opened_at") var openedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(
        reference: String, title: String, summary: String, status: String, riskLevel: String?,
        organisationID: UUID, officerID: UUID?, at now: Date
    ) {
        self.reference = reference
        self.title = title
        self.summary = summary
        self.status = status
        self.riskLevel = riskLevel
        self.$organisation.id = organisationID
        self.$officer.id = officerID
        self.openedAt = now
        self.updatedAt = now
    }

    var auditSnapshot: [String: String?] {
        [
            "reference": reference, "title": title, "summary": summary, "status": status,
            "risk_level": riskLevel, "organisation_id": $organisation.id.uuidString,
            "officer_id": $officer.id?.uuidString,
        ]
    }
}

/// A case shared with a partner organisation, which lets its practitioners see it.
final class CaseShare: Model, @unchecked Sendable {
    static let schema = "case_shares"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "shared_at") var sharedAt: Date

    init() {}

    init(caseID: UUID, organisationID: UUID, at now: Date) {
        self.$caseRecord.id = caseID
        self.$organisation.id = organisationID
        self.sharedAt = now
    }
}
