import Fluent
import FluentSQL
import SQLKit
import TandemCore
import Vapor

struct CaseRow: Encodable, Sendable {
    var id: String
    var reference: String
    var title: String
    var status: String
    var risk: String?
    var officer: String?
    var opened: String
}

/// Case queries that honour the policy's `CaseListScope`, so a list never
/// shows a case that the case page would refuse.
enum CaseQueries {
    static func visible(
        _ scope: CaseListScope, on db: any Database, page: Int, perPage: Int
    ) async throws -> (rows: [CaseRow], hasNext: Bool) {
        guard !scope.isEmpty else { return ([], false) }
        let query = CaseRecord.query(on: db).group(.or) { or in
            if let owner = scope.ownedBy {
                or.filter(\.$organisation.$id == owner)
            }
            if let sharedWith = scope.sharedWith {
                let shared = SQLSubquery.select { sub in
                    sub.column("case_id").from(CaseShare.schema).where("organisation_id", .equal, sharedWith)
                }
                or.filter(.sql(SQLBinaryExpression(SQLColumn("id", table: CaseRecord.schema), .in, shared)))
            }
        }
        let records =
            try await query
            .with(\.$officer)
            .sort(\.$openedAt, .descending)
            .sort(\.$reference, .ascending)
            .offset((page - 1) * perPage)
            .limit(perPage + 1)
            .all()
        let rows = try records.prefix(perPage).map(row)
        return (rows, records.count > perPage)
    }

    static func row(_ record: CaseRecord) throws -> CaseRow {
        CaseRow(
            id: try record.requireID().uuidString,
            reference: record.reference,
            title: record.title,
            status: record.status,
            risk: record.riskLevel,
            officer: record.officer?.displayName,
            opened: DisplayDate.day(record.openedAt)
        )
    }
}
