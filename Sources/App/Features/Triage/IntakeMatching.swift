import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Finds what a new report may already be about: likely matches for the
/// people it names and existing cases for the same people or address.
/// Every query is narrowed by an index (family name, postcode key, person).
enum IntakeMatching {
    struct PersonMatch: Sendable {
        var person: Person
        var match: PersonMatching.Match
    }

    /// Likely matches for a name, optionally with date of birth and postcode. With `knownTo`, only
    /// people on that organisation's cases are offered: one partner's records are not another's to browse.
    static func people(
        name: String, dateOfBirth: CivilDate?, postcode: String?, knownTo organisationID: UUID?,
        on db: any Database, limit: Int = 10
    ) async throws -> [PersonMatch] {
        let family = PersonMatching.familyName(name)
        guard !family.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        // Candidates are read as plain rows (id, name, birth date, postcode): the
        // scoring needs nothing else, and decoding 200 full person records was
        // most of a search's CPU time. Only the few best matches load as records.
        let known: SQLQueryString =
            organisationID.map {
                """
                AND EXISTS (SELECT 1 FROM case_parties cp JOIN cases c ON c.id = cp.case_id
                  WHERE cp.person_id = p.id AND c.organisation_id = \(bind: $0))
                """
            } ?? ""
        let rows = try await sql.raw(
            """
            SELECT p.id AS id, p.full_name AS name, p.date_of_birth AS born, pl.postcode AS postcode
            FROM people p LEFT JOIN places pl ON pl.id = p.place_id
            WHERE p.family_key = \(bind: family) \(known)
            LIMIT 200
            """
        ).all()
        let candidates = try rows.map { row in
            PersonMatching.Candidate(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                dateOfBirth: try row.decode(column: "born", as: String?.self).flatMap(CivilDate.init(iso:)),
                postcode: try row.decode(column: "postcode", as: String?.self))
        }
        let matches = PersonMatching.matches(
            name: name, dateOfBirth: dateOfBirth, postcode: postcode, among: candidates
        ).prefix(limit)
        guard !matches.isEmpty else { return [] }
        let people = try await Person.query(on: db).filter(\.$id ~~ matches.map(\.id)).with(\.$place).all()
        let byID = Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p) } })
        return matches.compactMap { match in byID[match.id].map { PersonMatch(person: $0, match: match) } }
    }

    struct RelatedCase: Sendable {
        var record: CaseRecord
        var why: [String]
    }

    /// Cases of `organisationID` about the same people or the same address as a report.
    static func cases(
        for report: Report, organisationID: UUID, on db: any Database
    ) async throws -> [RelatedCase] {
        var why: [UUID: [String]] = [:]
        if let name = report.reporterName {
            let ids = try await people(
                name: name, dateOfBirth: nil, postcode: report.reporterPostcode, knownTo: organisationID, on: db
            ).compactMap(\.person.id)
            for id in try await caseIDs(person: ids, on: db) { why[id, default: []].append("same reporting person") }
        }
        if let name = report.respondentName {
            let ids = try await people(
                name: name, dateOfBirth: nil, postcode: nil, knownTo: organisationID, on: db
            ).compactMap(\.person.id)
            for id in try await caseIDs(person: ids, on: db) { why[id, default: []].append("same respondent") }
        }
        if let postcode = report.locationPostcode.map(Postcode.key), !postcode.isEmpty {
            let places = try await Place.query(on: db).filter(\.$postcodeKey == postcode).limit(200).all()
                .compactMap(\.id)
            if !places.isEmpty {
                let found = try await CaseRecord.query(on: db).filter(\.$place.$id ~~ places).limit(50).all()
                for record in found { if let id = record.id { why[id, default: []].append("same postcode") } }
            }
        }
        // The same address with no postcode given (issue 20: an anonymous report at the exact address of an open
        // case was not matched): found through the search index, then compared whole.
        let address = Self.addressKey(report.location)
        // The index is searched for the address's longest word (punctuation and spacing differ as typed).
        if let word = address.split(separator: " ").max(by: { $0.count < $1.count }),
            word.count >= SearchText.minimumLength
        {
            let hits = try await SearchQueries.cases(
                String(word), scope: CaseListScope(ownedBy: organisationID, sharedWith: nil),
                today: DisplayDate.civilDay(report.receivedAt), on: db, limit: 500)
            for hit in hits where hit.location.map(Self.addressKey) == address {
                why[hit.id, default: []].append("same address")
            }
        }
        guard !why.isEmpty else { return [] }
        let records = try await CaseRecord.query(on: db).filter(\.$id ~~ Array(why.keys))
            .filter(\.$organisation.$id == organisationID).with(\.$officer).all()
        return records.compactMap { record in
            record.id.map { RelatedCase(record: record, why: Array(Set(why[$0] ?? [])).sorted()) }
        }.sorted { $0.record.openedAt > $1.record.openedAt }
    }

    /// An address as typed, compared without case, accents, punctuation or extra spaces.
    static func addressKey(_ text: String) -> String { PersonMatching.nameKey(text) }

    private static func caseIDs(person ids: [UUID], on db: any Database) async throws -> [UUID] {
        guard !ids.isEmpty else { return [] }
        return try await CaseParty.query(on: db).filter(\.$person.$id ~~ ids).limit(200).all()
            .map { $0.$caseRecord.id }
    }

    /// The NM01 routing suggestion for a report, from its related cases.
    static func routing(_ related: [RelatedCase]) -> ReportRouting.Decision {
        ReportRouting.route(
            sameParties: related.compactMap { item in
                guard let id = item.record.id else { return nil }
                return .init(id: id, status: item.record.status, openedAt: item.record.openedAt)
            })
    }
}
