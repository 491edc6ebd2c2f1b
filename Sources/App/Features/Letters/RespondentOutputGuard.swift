import Fluent
import Foundation
import TandemCore

/// Checks what an officer writes into anything addressed to a respondent
/// (letters, agreements and other terms) against the reporting people and
/// witnesses on the case, with the normalised rules of `IdentityGuard`.
enum RespondentOutputGuard {
    /// The people on the case whom respondent-facing output must not identify.
    static func protectedPeople(caseID: UUID, on db: any Database) async throws -> [ProtectedPerson] {
        let parties = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$person) { $0.with(\.$place) }.all()
        let protectedRoles: Set<PartyRole> = [.reportingPerson, .witness]
        func sameAddress(_ one: Place, _ other: Place) -> Bool {
            IdentityGuard.words(one.line1) == IdentityGuard.words(other.line1)
                && one.postcode.map(Postcode.key) == other.postcode.map(Postcode.key)
        }
        func street(_ place: Place?) -> String? {
            ProtectedPerson(role: .witness, fullName: "", addressLine: place?.line1, addressLine2: place?.line2).street
        }
        let protectedHomes = parties.filter { protectedRoles.contains($0.role) }.compactMap(\.person?.place)
        func isProtectedHome(_ place: Place) -> Bool { protectedHomes.contains { sameAddress($0, place) } }
        // Whose addresses may appear without pointing at anyone who complained: the respondents and other
        // parties who do not live with a reporting person or witness, and the place the behaviour is
        // recorded unless that is a reporting person's or witness's home. A second reporting person, a witness
        // or their household on the same street does not make the street safe to name.
        let others = parties.filter { !protectedRoles.contains($0.role) }
        let location = try await CaseRecord.query(on: db).filter(\.$id == caseID).with(\.$place).first()?.place
        let otherPlaces = (others.compactMap(\.person?.place) + [location].compactMap { $0 })
            .filter { !isProtectedHome($0) }
        let otherStreets = Set(otherPlaces.compactMap { street($0) })
        let otherPostcodes = Set(otherPlaces.compactMap { $0.postcode.map(Postcode.key) })
        let respondentFamilies = Set(
            others.filter { $0.role == .respondent }.compactMap(\.person)
                .flatMap { IdentityGuard.familyForms($0.fullName) })
        return parties.compactMap { party -> ProtectedPerson? in
            guard let person = party.person else { return nil }
            let role: ProtectedPerson.Role
            switch party.role {
            case .reportingPerson: role = .reportingPerson
            case .witness: role = .witness
            default: return nil
            }
            let own = street(person.place)
            return ProtectedPerson(
                role: role, fullName: person.fullName, phone: person.phone, email: person.email,
                addressLine: person.place?.line1, addressLine2: person.place?.line2, postcode: person.place?.postcode,
                onlyPartyOnStreet: own.map { !otherStreets.contains($0) } ?? false,
                familyNameShared: !respondentFamilies.isDisjoint(with: IdentityGuard.familyForms(person.fullName)),
                postcodeShared: person.place?.postcode.map { otherPostcodes.contains(Postcode.key($0)) } ?? false)
        }
    }

    /// One field of respondent output, as the form names it.
    struct Field {
        var name: String
        var label: String
        var text: String
    }

    /// Adds a problem to each field that would identify a protected person,
    /// saying what matched (never the value itself).
    static func check(_ fields: [Field], caseID: UUID, on db: any Database, into form: inout FormState) async throws {
        let written = fields.filter { !$0.text.isEmpty }
        guard !written.isEmpty else { return }
        let people = try await protectedPeople(caseID: caseID, on: db)
        guard !people.isEmpty else { return }
        for field in written {
            let found = IdentityGuard.matches(in: field.text, protecting: people)
            guard !found.isEmpty else { continue }
            let what = found.map(\.description)
            let list = what.count == 1 ? what[0] : what.dropLast().joined(separator: ", ") + " and " + what.last!
            form.add(
                field.name,
                "\(field.label) would identify who complained: it contains \(list). Remove it; the respondent must not be able to tell who reported them."
            )
        }
    }
}
