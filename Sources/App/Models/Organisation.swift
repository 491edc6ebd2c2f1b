import Fluent
import Foundation
import TandemCore

final class Organisation: Model, Audited, @unchecked Sendable {
    static let schema = "organisations"
    static let recordType = RecordType.organisation

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: OrganisationKind
    @Field(key: "active") var active: Bool
    /// The address and contact lines printed under the name at the top of its letters (M023).
    @OptionalField(key: "letterhead") var letterhead: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(id: UUID? = nil, name: String, kind: OrganisationKind, active: Bool = true, at now: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.active = active
        self.createdAt = now
        self.updatedAt = now
    }
}
