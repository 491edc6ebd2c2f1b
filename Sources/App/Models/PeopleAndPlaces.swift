import Fluent
import Foundation
import TandemCore

/// An address or a place a case can be about (an estate, a block, a park).
final class Place: Model, Audited, @unchecked Sendable {
    static let schema = "places"
    static let recordType = RecordType.place

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: PlaceKind
    @Field(key: "line1") var line1: String
    @OptionalField(key: "line2") var line2: String?
    @OptionalField(key: "postcode") var postcode: String?
    @OptionalField(key: "postcode_key") var postcodeKey: String?
    @OptionalField(key: "property_reference") var propertyReference: String?
    @OptionalParent(key: "ward_id") var ward: Ward?
    @OptionalParent(key: "estate_id") var estate: Estate?
    @OptionalField(key: "tenure") var tenure: Tenure?
    @OptionalParent(key: "landlord_organisation_id") var landlord: Organisation?
    /// Registered as a sensitive let after an eviction for ASB (Westminster section 8).
    @OptionalField(key: "sensitive_let_at") var sensitiveLetAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(kind: PlaceKind, line1: String, postcode: String?, wardID: UUID?, at now: Date) {
        self.kind = kind
        self.line1 = line1
        self.postcode = postcode
        self.postcodeKey = postcode.map(Postcode.key)
        self.$ward.id = wardID
        self.createdAt = now
    }

    var oneLine: String {
        [line1, line2, postcode].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// The lines of a postal address block, one per row, or nil when nothing is recorded.
    var addressBlock: String? {
        let lines = ([line1] + [line2, postcode].compactMap { $0 }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// A person known to the service, whatever part they play on each case.
final class Person: Model, Audited, @unchecked Sendable {
    static let schema = "people"
    static let recordType = RecordType.person

    @ID(key: .id) var id: UUID?
    @Field(key: "full_name") var fullName: String
    @Field(key: "name_key") var nameKey: String
    @Field(key: "family_key") var familyKey: String
    /// When known; stored as its ISO text.
    @OptionalField(key: "date_of_birth") var dateOfBirth: CivilDate?
    /// Age in years when the date of birth is not known.
    @OptionalField(key: "age") var age: Int?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "preferred_contact") var preferredContact: ContactMethod?
    @OptionalField(key: "language") var language: String?
    @Field(key: "interpreter_needed") var interpreterNeeded: Bool
    @OptionalField(key: "other_needs") var otherNeeds: String?
    @OptionalParent(key: "place_id") var place: Place?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(fullName: String, at now: Date) {
        self.interpreterNeeded = false
        self.createdAt = now
        self.updatedAt = now
        setName(fullName)
    }

    func setName(_ name: String) {
        fullName = name
        nameKey = PersonMatching.nameKey(name)
        familyKey = PersonMatching.familyName(name)
    }
}
