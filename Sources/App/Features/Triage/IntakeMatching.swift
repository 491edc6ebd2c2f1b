import Fluent
import Foundation
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
        guard !family.isEmpty else { return [] }
        var candidates = try await Person.query(on: db).filter(\.$familyKey == family).with(\.$place)
            .limit(200).all()
        if let organisationID, !candidates.isEmpty {
            let known = Set(
                try await CaseParty.query(on: db).filter(\.$person.$id ~~ candidates.compactMap(\.id))
                    .join(CaseRecord.self, on: \CaseParty.$caseRecord.$id == \CaseRecord.$id)
                    .filter(CaseRecord.self, \.$organisation.$id == organisationID)
                    .all().compactMap { $0.$person.id })
            candidates = candidates.filter { $0.id.map(known.contains) ?? false }
        }
        let byID = Dictionary(uniqueKeysWithValues: candidates.compactMap { p in p.id.map { ($0, p) } })
        let matches = PersonMatching.matches(
            name: name, dateOfBirth: dateOfBirth, postcode: postcode,
            among: candidates.compactMap { person in
                person.id.map {
                    PersonMatching.Candidate(
                        id: $0, name: person.fullName, dateOfBirth: person.dateOfBirth.flatMap(CivilDate.init(iso:)),
                        postcode: person.place?.postcode)
                }
            })
        return matches.prefix(limit).compactMap { match in byID[match.id].map { PersonMatch(person: $0, match: match) }
        }
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
        guard !why.isEmpty else { return [] }
        let records = try await CaseRecord.query(on: db).filter(\.$id ~~ Array(why.keys))
            .filter(\.$organisation.$id == organisationID).with(\.$officer).all()
        return records.compactMap { record in
            record.id.map { RelatedCase(record: record, why: Array(Set(why[$0] ?? [])).sorted()) }
        }.sorted { $0.record.openedAt > $1.record.openedAt }
    }

    private static func caseIDs(person ids: [UUID], on db: any Database) async throws -> [UUID] {
        guard !ids.isEmpty else { return [] }
        return try await CaseParty.query(on: db).filter(\.$person.$id ~~ ids).limit(200).all()
            .map { $0.$caseRecord.id }
    }

    /// The NM01 routing suggestion for a report, from its related cases.
    static func routing(_ related: [RelatedCase]) -> ReportRouting.Decision {
        ReportRouting.route(
            sameParties: related.compactMap { item in
                guard let id = item.record.id, let status = CaseStatus(rawValue: item.record.status) else {
                    return nil
                }
                return .init(id: id, status: status, openedAt: item.record.openedAt)
            })
    }
}
