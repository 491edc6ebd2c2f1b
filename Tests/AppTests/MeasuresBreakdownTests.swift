import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension MeasuresTests {
    @Test("breakdowns, council statistics and the team's overdue work on a hand-built dataset")
    func breakdownsAndStatistics() async throws {
        try await withTandem { app, _ in
            let built = try await build(app)
            let db = app.db
            let user = try #require(try await User.query(on: db).filter(\.$email == "manager@test.example").first()?.id)
            let noise = try #require(try await Category.query(on: db).filter(\.$name == "Noise").first()?.id)
            let drugs = try #require(
                try await Category.query(on: db).filter(\.$name == "Drugs and substance misuse and dealing").first()?.id
            )
            let estate = Estate(wardID: built.wardA, name: "Estate One", at: testStart)
            try await estate.arrangeCreate(on: db)

            // B1 (May, ward A, on Estate One, noise and drugs), B2 (May, ward B, noise), B3 (received March 2025,
            // still open, a deadline passed yesterday), B4 (April, closed in June, drugs), B5 (June, closing).
            let b1 = try await makeCase(app, built, "B1", received: at(2026, 5, 10, 9, 0))
            let b2 = try await makeCase(app, built, "B2", received: at(2026, 5, 20, 9, 0), ward: built.wardB)
            let b3 = try await makeCase(app, built, "B3", received: at(2025, 3, 15, 9, 0))
            let b4 = try await makeCase(
                app, built, "B4", received: at(2026, 4, 5, 9, 0), closedAt: at(2026, 6, 1, 9, 0), outcome: .resolved,
                days: 57)
            try await makeCase(
                app, built, "B5", received: at(2026, 6, 15, 9, 0), status: .closurePending, ward: built.wardB)
            for (caseID, category) in [(b1, noise), (b1, drugs), (b2, noise), (b4, drugs)] {
                try await CaseCategory(caseID: caseID, categoryID: category).arrangeCreate(on: db)
            }
            let place = Place(kind: .home, line1: "1 Estate One", postcode: nil, wardID: built.wardA, at: testStart)
            place.$estate.id = estate.id
            try await place.arrangeCreate(on: db)
            let b1Record = try #require(try await CaseRecord.find(b1, on: db))
            b1Record.$place.id = place.id
            try await b1Record.arrangeUpdate(on: db)
            let b3Record = try #require(try await CaseRecord.find(b3, on: db))
            b3Record.nextDeadlineAt = testStart.addingTimeInterval(-86_400)
            try await b3Record.arrangeUpdate(on: db)

            // Interventions: two started in May, one on 1 June.
            for (caseID, kind, day) in [
                (b1, InterventionKind.writtenWarning, CivilDate(2026, 5, 12)),
                (b2, .verbalWarning, CivilDate(2026, 5, 31)), (b2, .mediation, CivilDate(2026, 6, 1)),
            ] {
                let intervention = Intervention()
                intervention.$caseRecord.id = caseID
                intervention.kind = kind
                intervention.startedOn = day
                intervention.reportingConsents = true
                intervention.respondentConsents = true
                intervention.engagement = .engaged
                intervention.status = .active
                intervention.recordedAt = testStart
                intervention.$recordedBy.id = user
                try await intervention.arrangeCreate(on: db)
            }
            // A letter before action in May, another on 30 April.
            let lba = try #require(try await LegalPower.query(on: db).filter(\.$key == "lba").first())
            for day in [CivilDate(2026, 5, 15), CivilDate(2026, 4, 30)] {
                let measure = LegalMeasure()
                measure.$caseRecord.id = b1
                measure.$power.id = try lba.requireID()
                measure.status = .served
                measure.instructedOn = day
                measure.likelihood = .reasonable
                measure.recordedAt = testStart
                measure.$recordedBy.id = user
                measure.updatedAt = testStart
                try await measure.arrangeCreate(on: db)
            }
            // Referrals: the respondent's (counts, and is overdue for a reply), the reporting person's (does not).
            let respondent = CaseParty(
                caseID: b1, personID: nil, role: .respondent, respondentKind: .unknown, at: testStart)
            let reporter = CaseParty(caseID: b1, personID: nil, role: .reportingPerson, at: testStart)
            try await respondent.arrangeCreate(on: db)
            try await reporter.arrangeCreate(on: db)
            for (party, service, status, sent) in [
                (respondent, SupportService.mentalHealth, ReferralStatus.sent, CivilDate(2026, 5, 20)),
                (reporter, .victimSupport, .accepted, CivilDate(2026, 5, 21)),
            ] {
                let referral = Referral()
                referral.$caseRecord.id = b1
                referral.$party.id = party.id
                referral.service = service
                referral.asked = "Support"
                referral.sentOn = sent
                referral.replyDueOn = CivilDate(2026, 6, 1)
                referral.status = status
                referral.recordedAt = testStart
                referral.$recordedBy.id = user
                referral.updatedAt = testStart
                try await referral.arrangeCreate(on: db)
            }
            // Tasks: one open and overdue, one done.
            try await RiskTask(
                caseID: b1, kind: .informPolice, dueAt: testStart.addingTimeInterval(-3600), source: "test",
                at: testStart
            ).arrangeCreate(on: db)
            let done = RiskTask(
                caseID: b2, kind: .informPolice, dueAt: testStart.addingTimeInterval(-3600), source: "test",
                at: testStart)
            done.status = .done
            try await done.arrangeCreate(on: db)

            // Check: the May breakdowns.
            let may = scope(built, CivilDate(2026, 5, 1), CivilDate(2026, 5, 31))
            #expect(
                try await MeasureQueries.categories(may, on: db) == [
                    Count(label: "Noise", value: 2), Count(label: "Drugs and substance misuse and dealing", value: 1),
                ])
            #expect(
                try await MeasureQueries.interventions(may, on: db).sorted { $0.label < $1.label } == [
                    Count(label: "Verbal warning", value: 1), Count(label: "Written warning", value: 1),
                ])
            #expect(
                try await MeasureQueries.enforcement(may, on: db) == [Count(label: "Letter Before Action", value: 1)])
            #expect(
                try await MeasureQueries.respondentSupport(may, on: db) == [
                    Count(label: "Mental health services", value: 1)
                ])

            // Check: the council's statistics today (open, triaged and closing cases are open).
            let org = built.organisationID
            #expect(
                try await StatisticsQueries.openByWard(organisationID: org, on: db) == [
                    Count(label: "Ward A", value: 2), Count(label: "Ward B", value: 2),
                ])
            #expect(
                try await StatisticsQueries.openByEstate(organisationID: org, on: db) == [
                    Count(label: "Estate One", value: 1)
                ])
            #expect(
                try await StatisticsQueries.openByCategory(organisationID: org, on: db) == [
                    Count(label: "Noise", value: 2), Count(label: "Drugs and substance misuse and dealing", value: 1),
                ])
            // 2026/27: all five; 2025/26: only B3 (B4 came in April 2026); 2024/25: B3, received in March 2025.
            #expect(
                try await StatisticsQueries.managedPerYear(
                    organisationID: org, years: [2026, 2025, 2024], calendar: calendar, on: db
                ).map(\.value) == [5, 1, 1])

            // Check: the team's work. Over six months: B1, B2 and B3; over twelve: B3.
            let work = try await TeamWorkQueries.summary(organisationID: org, now: testStart, on: db)
            #expect(work.over6 == 3 && work.over12 == 1)
            #expect(work.overdueCases == 1 && work.overdueTasks == 1 && work.chaseReferrals == 1)
            #expect(work.ordersToExtend == 0)
            #expect(work.longRunning.map(\.reference) == ["B3", "B1", "B2"])
        }
    }
}
