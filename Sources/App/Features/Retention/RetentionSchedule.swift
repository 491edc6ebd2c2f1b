import Fluent
import Foundation
import SQLKit
import TandemCore

/// An organisation's retention schedule and the legal holds in force (issue 23, item 1).
enum RetentionSchedule {
    /// Every kind's rule: the organisation's own line, or the default.
    static func rules(for organisationID: UUID, on db: any Database) async throws -> [RetentionRule] {
        let stored = try await RetentionRuleRecord.query(on: db).filter(\.$organisation.$id == organisationID).all()
        return RetentionRule.defaults.map { rule in stored.first { $0.record == rule.record }?.rule ?? rule }
    }

    static func rule(_ kind: RetainedRecord, for organisationID: UUID, on db: any Database) async throws
        -> RetentionRule
    {
        try await rules(for: organisationID, on: db).first { $0.record == kind }
            ?? RetentionRule.defaults.first { $0.record == kind }!
    }

    /// What the holds in force on `today` cover: the cases held directly, and every case and report a held person
    /// is on (as a party, the reporting person, or the person a vulnerability assessment is about).
    struct Holds: Sendable {
        var caseIDs: Set<UUID> = []
        var personIDs: Set<UUID> = []
        var reportIDs: Set<UUID> = []

        func covers(case id: UUID) -> Bool { caseIDs.contains(id) }
    }

    static func holds(for organisationID: UUID, today: CivilDate, on db: any Database) async throws -> Holds {
        let records = try await LegalHoldRecord.query(on: db).filter(\.$organisation.$id == organisationID)
            .filter(\.$liftedOn == nil).all().filter { $0.hold.isActive(on: today) }
        var holds = Holds()
        holds.caseIDs = Set(records.compactMap { $0.$caseRecord.id })
        holds.personIDs = Set(records.compactMap { $0.$person.id })
        guard !holds.personIDs.isEmpty, let sql = db as? any SQLDatabase else { return holds }
        let people = Array(holds.personIDs)
        let viaPeople = try await sql.raw(
            """
            SELECT case_id FROM case_parties WHERE person_id IN (\(binds: people))
            UNION SELECT case_id FROM vulnerability_assessments WHERE person_id IN (\(binds: people))
            UNION SELECT case_id FROM reports WHERE case_id IS NOT NULL AND reporter_person_id IN (\(binds: people))
            """
        ).all().map { try $0.decode(column: "case_id", as: UUID.self) }
        holds.caseIDs.formUnion(viaPeople)
        holds.reportIDs = Set(
            try await sql.raw("SELECT id FROM reports WHERE reporter_person_id IN (\(binds: people))").all().map {
                try $0.decode(column: "id", as: UUID.self)
            })
        return holds
    }
}
