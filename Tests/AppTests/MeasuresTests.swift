import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Every measure computed by SQL on a small dataset built by hand, with the
/// right answers worked out here in comments: period boundaries, a reopened
/// case, a bank holiday in a response time, hate incidents in NM01, TP12,
/// and repeat callers. Runs on SQLite and on PostgreSQL.
@Suite("Performance measures on a hand-built dataset")
struct MeasuresTests {
    let calendar = WorkingCalendar()

    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        calendar.instant(CivilDate(year, month, day), minute: hour * 60 + minute, second: second)
    }

    struct Built {
        var organisationID: UUID
        var landlordID: UUID
        var wardA: UUID
        var wardB: UUID
    }

    /// A case straight into the database, as the closure and intake code leave it.
    @discardableResult
    func makeCase(
        _ app: Application, _ built: Built, _ reference: String, received: Date, risk: RiskLevel = .medium,
        respondedAt: Date? = nil, closedAt: Date? = nil, outcome: ClosureOutcome? = nil, days: Int? = nil,
        status: CaseStatus? = nil, hate: Bool = false, ward: UUID? = nil, landlord: UUID? = nil
    ) async throws -> UUID {
        let record = CaseRecord(
            reference: reference, title: reference, summary: "",
            status: status ?? (closedAt == nil ? .open : .closed),
            riskLevel: risk, organisationID: built.organisationID, officerID: nil, at: received)
        record.receivedAt = received
        record.responseDueAt =
            ResponsePolicy.lambethDefault.deadline(
                risk: risk, receivedAt: received, inProgress: false, calendar: calendar
            )
            .dueAt
        record.firstResponseAt = respondedAt
        record.closedAt = closedAt
        record.closureOutcome = outcome
        record.closureReason = outcome.map { $0 == .resolved ? ClosureReason.reportingPersonSatisfied : .otherClosed }
        record.daysToClose = days
        record.hateIncident = hate
        record.$ward.id = ward ?? built.wardA
        if let landlord {
            let place = Place(
                kind: .home, line1: "1 \(reference) Road", postcode: nil, wardID: record.$ward.id, at: received)
            place.$landlord.id = landlord
            try await place.arrangeCreate(on: app.db)
            record.$place.id = place.id
        }
        try await record.arrangeCreate(on: app.db)
        return try record.requireID()
    }

    func build(_ app: Application) async throws -> Built {
        try await createUser(app, email: "manager@test.example", roles: [.teamManager])
        try await createUser(
            app, email: "homes@test.example", roles: [.caseOfficer], organisation: "Riverside Homes",
            kind: .housingProvider)
        let organisation = try #require(
            try await Organisation.query(on: app.db).filter(\.$name == "Riverside Council ASB Team").first()?.id)
        let landlord = try #require(
            try await Organisation.query(on: app.db).filter(\.$name == "Riverside Homes").first()?.id)
        let a = Ward(name: "Ward A", at: testStart)
        let b = Ward(name: "Ward B", at: testStart)
        try await a.arrangeCreate(on: app.db)
        try await b.arrangeCreate(on: app.db)
        return Built(
            organisationID: organisation, landlordID: landlord, wardA: try a.requireID(), wardB: try b.requireID())
    }

    func scope(_ built: Built, _ first: CivilDate, _ last: CivilDate, ward: UUID? = nil) -> ReportScope {
        ReportScope(
            organisationID: built.organisationID, period: ReportingPeriod(first: first, last: last), wardID: ward,
            officerID: nil, calendar: calendar, now: testStart)
    }

    @Test("closed, resolved and days to resolve count the cases closed inside the period, to the second")
    func closures() async throws {
        try await withTandem { app, _ in
            let built = try await build(app)
            // In April: C1 at 23:59:59 on the last day, C3 at 00:00 on the first, C6 mid-month.
            try await makeCase(
                app, built, "C1", received: at(2026, 4, 20, 9, 0), closedAt: at(2026, 4, 30, 23, 59, 59),
                outcome: .resolved, days: 10)
            try await makeCase(
                app, built, "C3", received: at(2026, 2, 20, 9, 0), closedAt: at(2026, 4, 1, 0, 0), outcome: .closed,
                days: 40)
            try await makeCase(
                app, built, "C6", received: at(2026, 3, 26, 9, 0), closedAt: at(2026, 4, 15, 12, 0), outcome: .resolved,
                days: 20)
            // Outside: C2 at midnight starting 1 May, C4 a second before April.
            try await makeCase(
                app, built, "C2", received: at(2026, 4, 1, 9, 0), closedAt: at(2026, 5, 1, 0, 0), outcome: .resolved,
                days: 30)
            try await makeCase(
                app, built, "C4", received: at(2026, 3, 1, 9, 0), closedAt: at(2026, 3, 31, 23, 59, 59),
                outcome: .resolved, days: 30)
            // C5 closed on 10 April and was reopened: its closure no longer counts.
            try await makeCase(app, built, "C5", received: at(2026, 3, 1, 9, 0), status: .open)

            let april = try await MeasureQueries.closures(
                scope(built, CivilDate(2026, 4, 1), CivilDate(2026, 4, 30)), on: app.db)
            // 3 closed (C1, C3, C6); 2 resolved (C1, C6): 67%; average days (10 + 20) / 2 = 15.
            #expect(april == MeasureQueries.Closures(closed: 3, resolved: 2, resolvedDays: 30))
            #expect(april.resolvedPercent == 67)
            #expect(april.averageDaysToResolve == 15)
            let reasons = try await MeasureQueries.closureReasons(
                scope(built, CivilDate(2026, 4, 1), CivilDate(2026, 4, 30)), on: app.db)
            #expect(
                reasons == [
                    Count(label: "Reporting person satisfied", value: 2),
                    Count(label: "Other (please specify): closed", value: 1),
                ])
            // The trend: received in April C1 and C2; closed in April C1, C3, C6; in May C2.
            let trend = try await MeasureQueries.trend(
                scope(built, CivilDate(2026, 4, 1), CivilDate(2026, 5, 31)), on: app.db)
            #expect(trend.map(\.opened) == [2, 0])
            #expect(trend.map(\.closed) == [3, 1])
        }
    }

    @Test("response times by band on the working-day calendar, with the Spring bank holiday in the way")
    func responses() async throws {
        try await withTandem { app, _ in
            let built = try await build(app)
            // Medium, Friday 22 May 2026 10:00: five working days skip Monday 25 May (bank holiday),
            // so the limit is 10:00 on Monday 1 June (26, 27, 28, 29 May, 1 June).
            let friday = at(2026, 5, 22, 10, 0)
            let limit = ResponsePolicy.lambethDefault.deadline(
                risk: .medium, receivedAt: friday, inProgress: false, calendar: calendar
            ).dueAt
            #expect(limit == at(2026, 6, 1, 10, 0))
            // M1 met: 10 calendar days but 5 working days. M2 missed by a minute. M3 never responded: missed.
            try await makeCase(app, built, "M1", received: friday, risk: .medium, respondedAt: at(2026, 6, 1, 9, 30))
            try await makeCase(app, built, "M2", received: friday, risk: .medium, respondedAt: at(2026, 6, 1, 10, 1))
            try await makeCase(app, built, "M3", received: at(2026, 5, 5, 9, 0), risk: .high)
            try await makeCase(
                app, built, "M4", received: at(2026, 5, 29, 12, 0), risk: .low, respondedAt: at(2026, 5, 29, 13, 0),
                ward: built.wardB)  // met
            // M6 was received in June: not in May.
            try await makeCase(
                app, built, "M6", received: at(2026, 6, 1, 9, 0), risk: .high, respondedAt: at(2026, 6, 9, 9, 0))
            // A case received in May not yet due at the test's "now" would be pending; here none is.
            let may = try await MeasureQueries.responses(
                scope(built, CivilDate(2026, 5, 1), CivilDate(2026, 5, 31)), on: app.db)
            #expect(may.map(\.risk) == [.high, .medium, .low])
            #expect(may.map(\.met) == [0, 1, 1])
            #expect(may.map(\.missed) == [1, 1, 0])
            #expect(may.map(\.percent) == [0, 50, 100])
            // Ward B has only the Low case.
            let wardB = try await MeasureQueries.responses(
                scope(built, CivilDate(2026, 5, 1), CivilDate(2026, 5, 31), ward: built.wardB), on: app.db)
            #expect(wardB.map(\.percent) == [nil, nil, 100])
            let risks = try await MeasureQueries.riskRatings(
                scope(built, CivilDate(2026, 5, 1), CivilDate(2026, 5, 31)), on: app.db)
            #expect(
                risks == [
                    Count(label: "High", value: 1), Count(label: "Medium", value: 2), Count(label: "Low", value: 1),
                ])
        }
    }

    @Test("NM01 per 1,000 homes for a landlord's year, hate incidents apart, and TP12 from the surveys")
    func tenantSatisfactionMeasures() async throws {
        try await withTandem { app, _ in
            let built = try await build(app)
            let homes = built.landlordID
            // 2026/27 runs from 00:00 on 1 April 2026 to the end of 31 March 2027.
            let l1 = try await makeCase(app, built, "L1", received: at(2026, 4, 1, 0, 0), landlord: homes)
            let l2 = try await makeCase(
                app, built, "L2", received: at(2027, 3, 31, 23, 59), hate: true, landlord: homes)
            let l4 = try await makeCase(app, built, "L4", received: at(2026, 6, 10, 9, 0), hate: true, landlord: homes)
            // Not counted: L3 next year, L0 last year, X1 not about this landlord's home.
            try await makeCase(app, built, "L3", received: at(2027, 4, 1, 0, 0), hate: true, landlord: homes)
            try await makeCase(app, built, "L0", received: at(2026, 3, 31, 23, 59), landlord: homes)
            try await makeCase(app, built, "X1", received: at(2026, 7, 1, 9, 0), hate: true)
            let record = LandlordHomes()
            record.$organisation.id = homes
            record.yearStart = 2026
            record.homes = 2_000
            record.updatedAt = testStart
            try await record.arrangeCreate(on: app.db)
            // 3 cases (L1, L2, L4), 2 with hate incidents, 2,000 homes: 1.50 and 1.00 per 1,000.
            let nm01 = try await StatisticsQueries.nm01(landlordID: homes, year: 2026, calendar: calendar, on: app.db)
            #expect(nm01.cases == 3 && nm01.hateCases == 2 && nm01.homes == 2_000)
            #expect(nm01.perThousand == 1.5 && nm01.hatePerThousand == 1.0)
            // No homes entered for 2025/26: counts but no rate.
            let earlier = try await StatisticsQueries.nm01(
                landlordID: homes, year: 2025, calendar: calendar, on: app.db)
            #expect(earlier.cases == 1 && earlier.perThousand == nil)

            // TP12: L1 very satisfied, L2 neither, L4 left TP12 out: 1 of 2 answers satisfied.
            for (caseID, tp12, handling) in [(l1, 5, 5), (l2, 3, 2), (l4, nil, 4)] as [(UUID, Int?, Int)] {
                let survey = SurveyResponse()
                survey.$caseRecord.id = caseID
                survey.audience = .reportingPerson
                survey.method = .paper
                survey.tp12 = tp12
                survey.handling = handling
                survey.answeredAt = at(2026, 9, 1, 12, 0)
                try await survey.arrangeCreate(on: app.db)
            }
            let year = ReportingPeriod.reportingYear(starting: 2026)
            let tp12 = try await StatisticsQueries.satisfaction(
                .tp12, organisationID: built.organisationID, landlordID: homes, from: year.start(calendar),
                to: year.end(calendar), on: app.db)
            #expect(tp12 == StatisticsQueries.Satisfaction(answered: 2, satisfied: 1))
            // Case handling across the council's cases: 5, 2 and 4: two of three satisfied, 67%.
            let handling = try await StatisticsQueries.satisfaction(
                .handling, organisationID: built.organisationID, from: year.start(calendar), to: year.end(calendar),
                on: app.db)
            #expect(handling.percent == 67)
        }
    }

    @Test("repeat callers: three or more reports in the 24 weeks, counted by four-week period")
    func repeatCallers() async throws {
        try await withTandem { app, _ in
            let built = try await build(app)
            let caseID = try await makeCase(app, built, "R1", received: at(2026, 6, 1, 9, 0))
            let noise = try #require(try await Category.query(on: app.db).filter(\.$name == "Noise").first())
            func person(_ name: String) async throws -> UUID {
                let person = Person(fullName: name, at: testStart)
                try await person.arrangeCreate(on: app.db)
                return try person.requireID()
            }
            let often = try await person("Often Caller")
            let twice = try await person("Twice Caller")
            var number = 0
            func report(_ who: UUID, _ when: Date) async throws {
                number += 1
                let report = Report()
                report.reference = "RPT-T-\(number)"
                report.$organisation.id = built.organisationID
                report.source = .staff
                report.channel = ReportChannel.phone
                report.receivedAt = when
                report.reporterKind = ReporterKind.named
                report.interpreterNeeded = false
                report.behaviourDate = CivilDate(2026, 11, 1)
                report.happeningNow = false
                report.location = "Somewhere"
                report.description = "Noise"
                report.hateIncident = false
                report.hateStrands = ""
                report.status = Report.Status.triaged
                report.policeReferred = false
                report.$reporterPerson.id = who
                report.$caseRecord.id = caseID
                report.$ward.id = built.wardA
                try await report.arrangeCreate(on: app.db)
                try await ReportCategory(reportID: try report.requireID(), categoryID: try noise.requireID())
                    .arrangeCreate(on: app.db)
            }
            // "Now" is 23 November 2026; the window is 9 June to 23 November in six 28-day periods.
            try await report(often, at(2026, 6, 9, 0, 0))  // first moment of period 1
            try await report(often, at(2026, 10, 30, 9, 0))  // period 6
            try await report(often, at(2026, 11, 20, 9, 0))  // period 6
            try await report(often, at(2026, 6, 8, 23, 59))  // before the window
            try await report(twice, at(2026, 11, 1, 9, 0))
            try await report(twice, at(2026, 11, 2, 9, 0))
            let periods = RepeatCallerWindow.periods(endingBefore: CivilDate(2026, 11, 24))
            let callers = try await RepeatQueries.callers(
                organisationID: built.organisationID, wardID: nil, periods: periods, calendar: calendar, limit: 10,
                on: app.db)
            #expect(callers.map(\.name) == ["Often Caller"])
            #expect(callers.first?.periods == [1, 0, 0, 0, 0, 2])
            #expect(callers.first?.total == 3)
            #expect(callers.first?.nature == "noise (3)")
            // Filtering to another ward finds no one.
            #expect(
                try await RepeatQueries.callers(
                    organisationID: built.organisationID, wardID: built.wardB, periods: periods, calendar: calendar,
                    limit: 10, on: app.db
                ).isEmpty)
        }
    }
}
