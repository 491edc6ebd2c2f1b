import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// `tandem generate` at a small scale: a believable, deterministic dataset
/// that the app reads like its own, with an audit chain that verifies.
@Suite("Data generator")
struct GeneratorTests {
    func generate(_ app: Application, cases: Int, seed: UInt64, deferIndexesFrom: Int = 50_000) async throws {
        var generator = DataGenerator(cases: cases, seed: seed, now: testStart, log: { _ in })
        generator.deferIndexesFrom = deferIndexesFrom
        try await generator.run(on: app)
    }

    /// Every ordinary index's and trigger's name and definition (SQLite; empty on PostgreSQL).
    func indexes(_ app: Application) async throws -> [String] {
        guard !app.db.isPostgres, let sql = app.db as? any SQLDatabase else { return [] }
        return try await sql.raw(
            "SELECT name || ': ' || sql AS text FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name"
        ).all().map { try $0.decode(column: "text", as: String.self) }
    }

    @Test("the same seed gives the same cases; the chain verifies; the reports count them")
    func deterministic() async throws {
        var first: [String] = []
        for run in 0..<2 {
            try await withTandem { app, _ in
                // Act: 2,500 cases (more than one transaction's chunk).
                try await generate(app, cases: 2_500, seed: 7)
                let generated = try await CaseRecord.query(on: app.db).filter(\.$reference ~~ "ASB-G7-").count()
                #expect(generated == 2_500)
                // Check: every case has its reporting person, a category, a report and an audit event.
                let parties = try await CaseParty.query(on: app.db).filter(
                    \.$role == PartyRole.reportingPerson
                )
                .join(CaseRecord.self, on: \CaseParty.$caseRecord.$id == \CaseRecord.$id)
                .filter(CaseRecord.self, \.$reference ~~ "ASB-G7-").count()
                #expect(parties == 2_500)
                // Some reporting people have reported before, in another case.
                if let sql = app.db as? any SQLDatabase {
                    let repeated = try await sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM (SELECT person_id FROM case_parties WHERE role = 'reporting_person'
                        GROUP BY person_id HAVING COUNT(*) > 1) x
                        """
                    ).first()
                    #expect(try repeated?.decode(column: "n", as: Int.self) ?? 0 > 50)
                }
                #expect(try await Report.query(on: app.db).filter(\.$reference ~~ "RPT-G7-").count() >= 2_500)
                #expect(try await AuditEvent.query(on: app.db).filter(\.$summary ~~ "Generated case").count() == 2_500)
                #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
                // The same seed, the same data: compare a fingerprint of the cases across the two runs.
                let rows = try await CaseRecord.query(on: app.db).filter(\.$reference ~~ "ASB-G7-")
                    .sort(\.$reference).all()
                let fingerprint = rows.map {
                    "\($0.reference) \($0.status) \($0.riskLevel?.rawValue ?? "") \($0.closureReason?.rawValue ?? "") \($0.daysToClose ?? -1)"
                }
                if run == 0 { first = fingerprint } else { #expect(fingerprint == first) }
                // The reports read the generated cases like any others.
                let organisation = try #require(
                    try await Organisation.query(on: app.db).filter(\.$name == "Riverside Council ASB Team").first()?.id
                )
                let closures = try await MeasureQueries.closures(
                    ReportScope(
                        organisationID: organisation,
                        period: ReportingPeriod(first: CivilDate(2020, 1, 1), last: CivilDate(2026, 12, 31)),
                        wardID: nil, officerID: nil, calendar: WorkingCalendar(), now: testStart), on: app.db)
                let closedCases = try await CaseRecord.query(on: app.db).filter(\.$reference ~~ "ASB-G7-")
                    .filter(\.$status == .closed).count()
                #expect(closures.closed >= closedCases)
                #expect(closedCases > 500)
                // The casework between: plans with actions, interventions, referrals and some legal steps,
                // which the measures' breakdowns count.
                #expect(try await ActionPlan.query(on: app.db).count() > 1_500)
                let assessed = try await VulnerabilityAssessmentRecord.query(on: app.db).count()
                #expect(assessed > 1_200)
                #expect(
                    try await CaseRecord.query(on: app.db).filter(\.$reference ~~ "ASB-G7-")
                        .filter(\.$vulnerabilityBand != nil).count() > 1_000)
                #expect(try await PlanAction.query(on: app.db).count() > 3_000)
                #expect(try await Referral.query(on: app.db).count() > 150)
                #expect(try await LegalMeasure.query(on: app.db).count() > 20)
                let started = try await Intervention.query(on: app.db).count()
                #expect(started > 400)
                let scope = ReportScope(
                    organisationID: organisation,
                    period: ReportingPeriod(first: CivilDate(2020, 1, 1), last: CivilDate(2026, 12, 31)),
                    wardID: nil, officerID: nil, calendar: WorkingCalendar(), now: testStart)
                #expect(try await MeasureQueries.interventions(scope, on: app.db).map(\.value).reduce(0, +) == started)
                // The planner has statistics for the loaded tables (SQLite keeps them in sqlite_stat1).
                if !app.db.isPostgres, let sql = app.db as? any SQLDatabase {
                    let stats = try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_stat1").first()
                    #expect(try stats?.decode(column: "n", as: Int.self) ?? 0 > 10)
                }
                // A generated case with its casework opens for its officer.
                let caseID = try #require(try await Intervention.query(on: app.db).first()?.$caseRecord.id)
                let record = try #require(
                    try await CaseRecord.query(on: app.db).filter(\.$id == caseID).with(\.$officer).first())
                let email = try #require(record.officer?.email)
                let browser = TestBrowser(app, address: "192.0.2.91")
                #expect(try await browser.signIn(email, DemoData.password).status == .seeOther)
                for tab in ["", "/risk", "/plan", "/support", "/enforcement", "/closure"] {
                    #expect(try await browser.get("/cases/\(caseID.uuidString)\(tab)").status == .ok, "\(tab)")
                }
            }
        }
    }

    @Test("a large load sets the secondary indexes aside and rebuilds every one; a load cut short is repaired")
    func deferredIndexes() async throws {
        try await withTandem { app, _ in
            // Setup: the schema's indexes as the migrations made them.
            let before = try await indexes(app)
            // Act: a load that defers its indexes however small it is.
            try await generate(app, cases: 300, seed: 11, deferIndexesFrom: 0)
            // Check: every index is back, exactly as it was, and nothing is left to rebuild.
            #expect(try await indexes(app) == before)
            #expect(try await DeferredIndexes.restore(on: app, app.db) == 0)
            #expect(try await CaseRecord.query(on: app.db).filter(\.$reference ~~ "ASB-G11-").count() == 300)
            #expect(try await AuditVerifier.verify(on: app.db).failure == nil)
            // The measures' roll-ups, counted again when their triggers came back, match the cases.
            let organisation = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Council ASB Team").first()?.id)
            var scope = ReportScope(
                organisationID: organisation,
                period: ReportingPeriod(first: CivilDate(2024, 1, 1), last: CivilDate(2026, 11, 30)),
                wardID: nil, officerID: nil, calendar: WorkingCalendar(), now: testStart)
            let fromRollups = try await MeasureQueries.trend(scope, on: app.db)
            let closedFromRollups = try await MeasureQueries.closures(scope, on: app.db)
            scope.rollups = false
            #expect(try await MeasureQueries.trend(scope, on: app.db) == fromRollups)
            #expect(try await MeasureQueries.closures(scope, on: app.db) == closedFromRollups)
            #expect(closedFromRollups.closed > 100)
            guard !app.db.isPostgres else { return }
            scope.rollups = true
            #expect(try await MeasureRollups.usable(for: scope, on: app.db))
            #expect(before.contains { $0.hasPrefix("cases_measures_insert: ") })
            #expect(before.contains { $0.hasPrefix("cases_queue_idx: ") })

            // Act: a load cut short after setting the indexes of cases aside.
            try await DeferredIndexes.suspend(tables: ["cases"], on: app, app.db, at: testStart)
            let during = try await indexes(app)
            #expect(!during.contains { $0.hasPrefix("cases_queue_idx: ") })
            // Meanwhile the measures are counted from the cases, not from roll-ups without their triggers.
            #expect(try await !MeasureRollups.usable(for: scope, on: app.db))
            // Unique indexes are never set aside.
            #expect(before.filter { $0.contains("CREATE UNIQUE") }.allSatisfy(during.contains))
            // Check: the next start puts them back.
            #expect(try await DeferredIndexes.restore(on: app, app.db) > 5)
            #expect(try await indexes(app) == before)
            #expect(try await MeasureRollups.usable(for: scope, on: app.db))
        }
    }

    @Test("generated keys grow in order, as text too, and are valid version 7 UUIDs")
    func orderedIDs() {
        // Setup
        var ids = OrderedIDs(start: testStart, seed: 42)
        // Act
        let made = (0..<5_000).map { _ in ids.next() }
        // Check
        #expect(made.map(\.uuidString) == made.map(\.uuidString).sorted())
        #expect(Set(made).count == made.count)
        #expect(made.allSatisfy { $0.uuidString.dropFirst(14).first == "7" })
        #expect(made.allSatisfy { "89AB".contains($0.uuidString.dropFirst(19).first ?? "0") })
        // Loads started in the same millisecond with other seeds, even 4,096 apart, never share a key.
        for seed: UInt64 in [43, 42 + 4_096, 42 + 1 << 40] {
            var other = OrderedIDs(start: testStart, seed: seed)
            #expect(Set((0..<100).map { _ in other.next() }).isDisjoint(with: made), "\(seed)")
        }
    }
}
