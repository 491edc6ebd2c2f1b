import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The header search's two reads (issue 20, item 4): cases by part of their reference, title, where the
/// behaviour happens or their place's address and postcode; people by part of a name, tolerant of spelling.
/// Each starts from the trigram index of its database (M021) and is limited to what the user may see: cases
/// their organisation owns or has a share in force for; people only for those who may find people, and
/// only people on their organisation's cases.
enum SearchQueries {
    struct CaseHit: Sendable {
        var id: UUID
        var reference: String
        var title: String
        var location: String?
        var status: String
    }

    struct PersonHit: Sendable {
        var id: UUID
        var name: String
        var address: String?
    }

    static let limit = 20

    private static func isSQLite(_ sql: any SQLDatabase) -> Bool { sql.dialect.name == "sqlite" }

    /// An FTS5 phrase: the text in double quotes, its own quotes doubled, so nothing typed is query syntax.
    static func phrase(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A LIKE pattern for the text anywhere, its own wildcards escaped.
    static func anywhere(_ text: String) -> String {
        "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    static func cases(
        _ query: String, scope: CaseListScope, today: CivilDate, on db: any Database, limit: Int = limit,
        openOnly: Bool = false
    ) async throws -> [CaseHit] {
        guard !scope.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let text = query.lowercased()
        let match: SQLQueryString
        if isSQLite(sql) {
            match = """
                (c.rowid IN (SELECT rowid FROM cases_search WHERE cases_search MATCH \(bind: phrase(text)))
                 OR c.place_id IN (SELECT pl.id FROM places pl WHERE pl.rowid IN
                   (SELECT rowid FROM places_search WHERE places_search MATCH \(bind: phrase(text)))))
                """
        } else {
            let like = anywhere(text)
            match = """
                (lower(c.reference) LIKE \(bind: like) OR lower(c.title) LIKE \(bind: like)
                 OR lower(c.location) LIKE \(bind: like)
                 OR c.place_id IN (SELECT pl.id FROM places pl
                   WHERE lower(pl.line1) LIKE \(bind: like) OR lower(pl.postcode) LIKE \(bind: like)))
                """
        }
        var visible: [SQLQueryString] = []
        if let owner = scope.ownedBy { visible.append("c.organisation_id = \(bind: owner)") }
        if let partner = scope.sharedWith {
            // Only a share in force opens a case (issue 19): not revoked, not past its last day.
            visible.append(
                """
                c.id IN (SELECT s.case_id FROM case_shares s WHERE s.organisation_id = \(bind: partner)
                  AND s.revoked_at IS NULL AND (s.ends_on IS NULL OR s.ends_on >= \(bind: today.description)))
                """)
        }
        let rows = try await sql.raw(
            """
            SELECT c.id, c.reference, c.title, c.location, c.status FROM cases c
            WHERE \(match) AND (\(visible.joined(separator: " OR ")))
              \(unsafeRaw: openOnly ? "AND c.status <> 'closed'" : "")
            ORDER BY c.opened_at DESC LIMIT \(bind: limit + 1)
            """
        ).all()
        return try rows.map { row in
            CaseHit(
                id: try row.decode(column: "id", as: UUID.self),
                reference: try row.decode(column: "reference", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                location: try row.decode(column: "location", as: String?.self),
                status: try row.decode(column: "status", as: String.self))
        }
    }

    /// People on `organisationID`'s cases whose name contains the query, or has a word alike to it
    /// ("Lopes" finds Maria Lopez). Candidates come from the trigram index; the likeness is then scored the
    /// same way on both databases (`SearchText.wordSimilarity`).
    static func people(_ query: String, knownTo organisationID: UUID, on db: any Database) async throws
        -> [PersonHit]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        let key = PersonMatching.nameKey(query)
        guard key.count >= SearchText.minimumLength else { return [] }
        let candidates: SQLQueryString
        // On PostgreSQL the candidates come best first, so the 300 kept are the likest (SQLite's index
        // ranks its own).
        var best: SQLQueryString = ""
        if isSQLite(sql) {
            // The exact run, or any three letters of it: the index ranks names sharing the most first.
            let pieces = key.split(separator: " ").flatMap { word -> [String] in
                let letters = Array(word)
                guard letters.count >= 3 else { return [] }
                return (0...(letters.count - 3)).map { String(letters[$0..<$0 + 3]) }
            }
            let expression = ([phrase(key)] + Set(pieces).sorted().map(phrase)).joined(separator: " OR ")
            candidates = """
                p.rowid IN (SELECT rowid FROM people_search WHERE people_search MATCH \(bind: expression)
                  ORDER BY rank LIMIT 300)
                """
        } else {
            candidates = "(lower(p.name_key) LIKE \(bind: anywhere(key)) OR \(bind: key) <% lower(p.name_key))"
            best = "ORDER BY word_similarity(\(bind: key), lower(p.name_key)) DESC, p.id"
        }
        let rows = try await sql.raw(
            """
            SELECT p.id, p.full_name, p.name_key, pl.line1, pl.postcode FROM people p
            LEFT JOIN places pl ON pl.id = p.place_id
            WHERE \(candidates)
              AND EXISTS (SELECT 1 FROM case_parties cp JOIN cases c ON c.id = cp.case_id
                WHERE cp.person_id = p.id AND c.organisation_id = \(bind: organisationID))
            \(best) LIMIT 300
            """
        ).all()
        let hits = try rows.compactMap { row -> (PersonHit, Double)? in
            let nameKey = try row.decode(column: "name_key", as: String.self)
            let score =
                nameKey.contains(key)
                ? 1 + (nameKey.hasPrefix(key) ? 0.5 : 0) : SearchText.wordSimilarity(key, in: nameKey)
            guard score >= SearchText.similarityThreshold else { return nil }
            let address = [
                try row.decode(column: "line1", as: String?.self), try row.decode(column: "postcode", as: String?.self),
            ]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return (
                PersonHit(
                    id: try row.decode(column: "id", as: UUID.self),
                    name: try row.decode(column: "full_name", as: String.self), address: address.isEmpty ? nil : address
                ),
                score
            )
        }
        return hits.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.name < $1.0.name }.prefix(limit + 1).map(\.0)
    }
}
