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
        let respondentFamilies = Set(
            parties.filter { $0.role == PartyRole.respondent.rawValue }.compactMap(\.person)
                .flatMap { IdentityGuard.familyForms($0.fullName) })
        func street(_ place: Place?) -> String? {
            ProtectedPerson(role: .witness, fullName: "", addressLine: place?.line1, addressLine2: place?.line2).street
        }
        // Where the behaviour happens is written into letters as a matter of course.
        let location = try await CaseRecord.query(on: db).filter(\.$id == caseID).with(\.$place).first()?.place
        return parties.compactMap { party -> ProtectedPerson? in
            guard let person = party.person else { return nil }
            let role: ProtectedPerson.Role
            switch PartyRole(rawValue: party.role) {
            case .reportingPerson: role = .reportingPerson
            case .witness: role = .witness
            default: return nil
            }
            let own = street(person.place)
            // Someone else on the case (the respondent, another household) on the same street, or the behaviour
            // recorded there, makes the street alone say nothing about who complained.
            let shared =
                (own != nil && street(location) == own)
                || parties.contains { other in
                    guard let otherPerson = other.person, otherPerson.id != person.id, let own else { return false }
                    return street(otherPerson.place) == own
                }
            return ProtectedPerson(
                role: role, fullName: person.fullName, phone: person.phone, email: person.email,
                addressLine: person.place?.line1, addressLine2: person.place?.line2, postcode: person.place?.postcode,
                onlyPartyOnStreet: own != nil && !shared,
                familyNameShared: !respondentFamilies.isDisjoint(with: IdentityGuard.familyForms(person.fullName)))
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
