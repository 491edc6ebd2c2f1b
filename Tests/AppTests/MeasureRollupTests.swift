import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// The hourly roll-ups (M015) against the same figures counted from the
/// cases, on the demo borough's year and after every kind of change a case
/// goes through: a new rating, a first response, closing, reopening, a moved
/// received time, categories added and removed, and a case deleted.
@Suite("Measure roll-ups")
struct MeasureRollupTests {
    struct Figures: Equatable, CustomStringConvertible {
        var closures: MeasureQueries.Closures
        var responses: [MeasureQueries.Response]
        var categories: [Count]
        var ratings: [Count]
        var reasons: [Count]
        var trend: [MeasureQueries.MonthTrend]
        var casework: [[Count]]
        var description: String {
            "\(closures) \(responses) \(categories) \(ratings) \(reasons) \(trend) \(casework)"
        }
    }

    func figures(_ scope: ReportScope, on db: any Database) async throws -> Figures {
        // Ties are ordered by label in the roll-ups and arbitrarily in SQL: compare in one order.
        let byLabel = { (counts: [Count]) in counts.sorted { ($0.label, $0.value) < ($1.label, $1.value) } }
        return Figures(
            closures: try await MeasureQueries.closures(scope, on: db),
            responses: try await MeasureQueries.responses(scope, on: db),
            categories: byLabel(try await MeasureQueries.categories(scope, on: db)),
            ratings: try await MeasureQueries.riskRatings(scope, on: db),
            reasons: byLabel(try await MeasureQueries.closureReasons(scope, on: db)),
            trend: try await MeasureQueries.trend(scope, on: db),
            casework: [
                byLabel(try await MeasureQueries.interventions(scope, on: db)),
                byLabel(try await MeasureQueries.enforcement(scope, on: db)),
                byLabel(try await MeasureQueries.respondentSupport(scope, on: db)),
            ])
    }

    /// Both ways of counting, over a year and over one month, must agree.
    func expectAgreement(_ app: Application, _ organisation: UUID, now: Date, _ note: String) async throws {
        let calendar = WorkingCalendar()
        let today = calendar.local(now).day
        for period in [
            ReportingPeriod(first: today.adding(days: -365), last: today),
            ReportingPeriod(first: CivilDate(today.year, today.month, 1), last: today),
        ] {
            var scope = ReportScope(
                organisationID: organisation, period: period, wardID: nil, officerID: nil, calendar: calendar, now: now)
            #expect(MeasureRollups.applies(to: scope))
            let fromRollups = try await figures(scope, on: app.db)
            scope.rollups = false
            let fromCases = try await figures(scope, on: app.db)
            #expect(fromRollups == fromCases, "\(note)")
            #expect(fromCases.trend.map(\.opened).reduce(0, +) > 0, "\(note)")
            #expect(fromCases.casework.allSatisfy { !$0.isEmpty } || period.first.day == 1, "\(note)")
        }
    }

    func calendarDay(_ now: Date, _ days: Int) -> String {
        WorkingCalendar().local(now).day.adding(days: days).description
    }

    @Test("the roll-ups give the figures the cases give, through every change to a case")
    func agreement() async throws {
        try await withTandem { app, clock in
            // Setup: the demo borough's year of cases, opened, worked and closed by the app's own code.
            try await DemoSeeder.seedIfEmpty(app)
            try await DemoHistory.seed(app)
            let organisation = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Council ASB Team").first()?.id)
            let now = clock.now()
            try await expectAgreement(app, organisation, now: now, "demo history")

            // Act: every kind of change, one at a time.
            let cases = try await CaseRecord.query(on: app.db).filter(\.$organisation.$id == organisation)
                .filter(\.$receivedAt != nil).sort(\.$reference).all()
            let open = try #require(cases.first { $0.closedAt == nil && $0.firstResponseAt == nil } ?? cases.first)
            open.riskLevel =
                open.riskLevel == .high ? .low : .high
            try await open.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "risk changed")

            open.firstResponseAt = now.addingTimeInterval(-600)
            try await open.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "first response")

            open.closedAt = now.addingTimeInterval(-300)
            open.closureReason = ClosureReason.allCases.first
            open.closureOutcome = .resolved
            open.daysToClose = 12
            open.status = .closed
            try await open.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "closed")

            let closed = try #require(cases.first { $0.closedAt != nil && $0.id != open.id })
            closed.closedAt = nil
            closed.closureReason = nil
            closed.closureOutcome = nil
            closed.daysToClose = nil
            closed.status = .open
            try await closed.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "reopened")

            let moved = try #require(cases.last)
            moved.receivedAt = now.addingTimeInterval(-3 * 86_400 - 1_800)
            try await moved.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "received time moved, with its categories")

            let category = try #require(try await Category.query(on: app.db).sort(\.$position).all().last?.id)
            try await CaseCategory(caseID: try moved.requireID(), categoryID: category).arrangeCreate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "category added")
            let first = try #require(
                try await CaseCategory.query(on: app.db).filter(\.$caseRecord.$id == open.requireID()).first())
            try await first.arrangeDelete(on: app.db)
            try await expectAgreement(app, organisation, now: now, "category removed")

            // Casework counted by day: an intervention moved to another day,
            // a referral and a legal measure with their dates corrected.
            let intervention = try #require(try await Intervention.query(on: app.db).first())
            intervention.startedOn = WorkingCalendar().local(now).day.adding(days: -2)
            try await intervention.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "intervention moved")
            let referral = try #require(try await Referral.query(on: app.db).first())
            referral.sentOn = WorkingCalendar().local(now).day.adding(days: -400)
            try await referral.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "referral's sending date corrected")
            let measure = try #require(try await LegalMeasure.query(on: app.db).first())
            measure.instructedOn = WorkingCalendar().local(now).day.adding(days: -1)
            try await measure.arrangeUpdate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "legal measure's date corrected")

            // A case with nothing under it yet, created and deleted.
            let fresh = CaseRecord(
                reference: "ASB-TEST-ROLLUP", title: "Test", summary: "Test", status: .open,
                riskLevel: RiskLevel.medium, organisationID: organisation, officerID: nil, at: now)
            fresh.receivedAt = now.addingTimeInterval(-7_200)
            fresh.responseDueAt = now.addingTimeInterval(-3_600)
            try await fresh.arrangeCreate(on: app.db)
            try await expectAgreement(app, organisation, now: now, "created, its response overdue")
            try await fresh.arrangeDelete(on: app.db)
            try await expectAgreement(app, organisation, now: now, "deleted")

            // Check: an officer or ward filter still counts from the cases.
            let ward = try #require(try await Ward.query(on: app.db).first()?.id)
            let scope = ReportScope(
                organisationID: organisation,
                period: ReportingPeriod(first: CivilDate(2026, 1, 1), last: CivilDate(2026, 1, 31)),
                wardID: ward, officerID: nil, calendar: WorkingCalendar(), now: now)
            #expect(!MeasureRollups.applies(to: scope))
        }
    }

    @Test("UK local midnights, winter and summer and on the clock-change days, are bucket edges; other hours are not")
    func bucketEdges() {
        // Setup
        let calendar = WorkingCalendar()
        let midnights = [
            CivilDate(2026, 1, 1), CivilDate(2026, 3, 29), CivilDate(2026, 3, 30), CivilDate(2026, 7, 1),
            CivilDate(2026, 10, 25), CivilDate(2026, 10, 26),
        ].map { calendar.instant($0, minute: 0) }
        // Act and check: every local midnight starts a bucket; two hours later does not (one hour after
        // a summer midnight is midnight UTC, itself an edge).
        for midnight in midnights {
            #expect(MeasureRollups.isEdge(midnight), "\(midnight)")
            #expect(!MeasureRollups.isEdge(midnight.addingTimeInterval(7_200)), "\(midnight)")
            #expect(!MeasureRollups.isEdge(midnight.addingTimeInterval(60)), "\(midnight)")
        }
        // The 23 hours from midnight UTC share a bucket; 23:00 UTC is a bucket of its own.
        let day = 490_000 * 24
        #expect((0..<23).map { M015CreateMeasureRollups.bucket(hour: day + $0) }.allSatisfy { $0 == day })
        #expect(M015CreateMeasureRollups.bucket(hour: day + 23) == day + 23)
    }
}
