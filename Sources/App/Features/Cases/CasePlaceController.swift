import Fluent
import Foundation
import TandemCore
import Vapor

/// The place a case is about: its address, property reference, ward and
/// estate, the tenure and the landlord or managing organisation (which later
/// decide the enforcement powers open to the case).
struct CasePlaceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .place), use: update)
    }

    struct PlaceInput: Content {
        var placeKind: String?
        var line1: String?
        var postcode: String?
        var propertyReference: String?
        var wardID: String?
        var estateID: String?
        var tenure: String?
        var landlordID: String?

        enum CodingKeys: String, CodingKey {
            case placeKind = "place_kind"
            case line1 = "place_line1"
            case postcode = "place_postcode"
            case propertyReference = "property_reference"
            case wardID = "place_ward_id"
            case estateID = "estate_id"
            case tenure
            case landlordID = "landlord_id"
        }
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.workCase(facts))
        let input = (try? request.content.decode(PlaceInput.self)) ?? PlaceInput()
        let db = request.db
        var form = FormState()
        let kind = input.placeKind.flatMap(PlaceKind.init(rawValue:))
        if kind == nil { form.add("place_kind", "Select what the case is about") }
        let line1 = TextRules.clean(input.line1)
        if let problem = TextRules.problem(line1, label: "the address or place", max: 300) {
            form.add("place_line1", problem)
        }
        let postcode = TextRules.clean(input.postcode)
        if !postcode.isEmpty && !Postcode.isPlausible(postcode) {
            form.add("place_postcode", "Enter a real postcode, like RV1 2AB")
        }
        let reference = TextRules.clean(input.propertyReference)
        if let problem = TextRules.problem(reference, label: "the property reference", required: false, max: 40) {
            form.add("property_reference", problem)
        }
        let ward = try await optionalID(
            input.wardID, field: "place_ward_id", message: "Select a ward from the list", form: &form
        ) {
            try await Ward.find($0, on: db) != nil
        }
        let estate = try await optionalID(
            input.estateID, field: "estate_id", message: "Select an estate from the list", form: &form
        ) { id in
            guard let estate = try await Estate.find(id, on: db) else { return false }
            return ward == nil || estate.$ward.id == ward
        }
        let tenure = input.tenure.flatMap { $0.isEmpty ? nil : Tenure(rawValue: $0) }
        if let raw = input.tenure, !raw.isEmpty, tenure == nil { form.add("tenure", "Select a tenure from the list") }
        let landlord = try await optionalID(
            input.landlordID, field: "landlord_id", message: "Select a landlord from the list", form: &form
        ) { try await Organisation.find($0, on: db) != nil }
        guard form.isValid, let kind else {
            return try await CasePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let caseID = try record.requireID()
        let existing = try await record.$place.get(on: db)
        try await request.write { work in
            let place = existing ?? Place(kind: kind, line1: line1, postcode: nil, wardID: nil, at: work.now)
            place.kind = kind
            place.line1 = line1
            place.postcode = postcode.nilIfEmpty
            place.postcodeKey = postcode.isEmpty ? nil : Postcode.key(postcode)
            place.propertyReference = reference.nilIfEmpty
            place.$ward.id = ward
            place.$estate.id = estate
            place.tenure = tenure
            place.$landlord.id = landlord
            try await work.save(place, "Updated the place of case \(record.reference)")
            record.$place.id = try place.requireID()
            record.$ward.id = ward
            record.location = line1
            record.updatedAt = work.now
            try await work.update(record, "Place of case \(record.reference) changed")
            try await work.timeline(caseID, kind: .place, "Place recorded: \(line1)", actorID: user.id)
        }
        return request.redirect(to: SiteURL.case(.value(caseID)).path, flash: .placeSaved)
    }

    /// An optional id from a select: blank is nil; anything else must pass `exists`.
    private func optionalID(
        _ raw: String?, field: String, message: String, form: inout FormState,
        exists: (UUID) async throws -> Bool
    ) async throws -> UUID? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw), try await exists(id) else {
            form.add(field, message)
            return nil
        }
        return id
    }
}
