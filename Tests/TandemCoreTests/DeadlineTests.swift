import Foundation
import Testing

@testable import TandemCore

@Suite("Working days and response deadlines")
struct DeadlineTests {
    let calendar = WorkingCalendar()
    let policy = ResponsePolicy.lambethDefault

    /// A UK local time.
    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Date {
        calendar.instant(CivilDate(year, month, day), minute: hour * 60 + minute)
    }

    @Test("a High report at 16:30 on the Friday before a bank holiday Monday is due 16:30 on Tuesday")
    func highBeforeBankHoliday() {
        // Friday 22 May 2026; Monday 25 May is the Spring bank holiday.
        let deadline = policy.deadline(
            risk: .high, receivedAt: at(2026, 5, 22, 16, 30), inProgress: false, calendar: calendar)
        #expect(deadline.dueAt == at(2026, 5, 26, 16, 30))
        #expect(deadline.basis == .risk(.high))
    }

    @Test("Medium aims for 2 and allows 5 working days; Low aims for 5 and allows 10")
    func mediumAndLow() {
        let monday = at(2026, 11, 23, 10, 0)
        let medium = policy.deadline(risk: .medium, receivedAt: monday, inProgress: false, calendar: calendar)
        #expect(medium.targetAt == at(2026, 11, 25, 10, 0))
        #expect(medium.dueAt == at(2026, 11, 30, 10, 0))
        let low = policy.deadline(risk: .low, receivedAt: monday, inProgress: false, calendar: calendar)
        #expect(low.targetAt == at(2026, 11, 30, 10, 0))
        #expect(low.dueAt == at(2026, 12, 7, 10, 0))
    }

    @Test("limits read as the matrix says them: one working day is 24 hours")
    func limitLabels() {
        #expect(policy.targets[.high]?.limitLabel == "1 working day (24 hours)")
        #expect(policy.targets[.medium]?.limitLabel == "5 working days")
        let changed = ResponseTarget(targetWorkingDays: 2, limitWorkingDays: 3, guidance: "")
        #expect(changed.limitLabel == "3 working days")
    }

    @Test("ASB in progress in office hours is due in 20 minutes, to the minute")
    func inProgress() {
        let deadline = policy.deadline(
            risk: .low, receivedAt: at(2026, 11, 23, 16, 45), inProgress: true, calendar: calendar)
        #expect(deadline.basis == .inProgress)
        #expect(deadline.dueAt == at(2026, 11, 23, 17, 5))
    }

    @Test("ASB in progress out of hours falls back to the risk deadline from the next opening")
    func inProgressOutOfHours() {
        // Saturday 28 November 2026, 23:10: the out-of-hours service takes it; the office responds by Tuesday 09:00.
        let deadline = policy.deadline(
            risk: .high, receivedAt: at(2026, 11, 28, 23, 10), inProgress: true, calendar: calendar)
        #expect(deadline.basis == .risk(.high))
        #expect(deadline.dueAt == at(2026, 12, 1, 9, 0))
    }

    @Test("a deadline's basis is stored as the text cases have always held, and read back from it")
    func basisRawValues() throws {
        typealias Basis = ResponsePolicy.Deadline.Basis
        #expect(Basis.inProgress.rawValue == "in_progress")
        #expect(Basis.risk(.medium).rawValue == "medium")
        #expect(Basis(rawValue: "high") == .risk(.high))
        #expect(Basis(rawValue: "in_progress") == .inProgress)
        #expect(Basis(rawValue: "working_days") == nil)
        // One JSON string, not the keyed form Swift derives for an enum with an associated value.
        let coded = try JSONEncoder().encode([Basis.risk(.low), .inProgress])
        #expect(String(decoding: coded, as: UTF8.self) == #"["low","in_progress"]"#)
        #expect(try JSONDecoder().decode([Basis].self, from: coded) == [.risk(.low), .inProgress])
        #expect(Basis.risk(.high).label == "High risk response target")
    }

    @Test("office hours begin at 09:00 and end at 17:00, to the minute")
    func officeHoursEdges() {
        #expect(!calendar.isInOfficeHours(at(2026, 11, 23, 8, 59)))
        #expect(calendar.isInOfficeHours(at(2026, 11, 23, 9, 0)))
        #expect(calendar.isInOfficeHours(at(2026, 11, 23, 16, 59)))
        #expect(!calendar.isInOfficeHours(at(2026, 11, 23, 17, 0)))
        #expect(calendar.nextOfficeMoment(from: at(2026, 11, 23, 7, 30)) == at(2026, 11, 23, 9, 0))
        #expect(calendar.nextOfficeMoment(from: at(2026, 11, 23, 17, 0)) == at(2026, 11, 24, 9, 0))
    }

    @Test("Christmas: a High report on Thursday 24 December 2026 at 11:00 is due Tuesday 29 December")
    func christmas() {
        // Friday 25 is Christmas Day, Monday 28 the Boxing Day substitute.
        let deadline = policy.deadline(
            risk: .high, receivedAt: at(2026, 12, 24, 11, 0), inProgress: false, calendar: calendar)
        #expect(deadline.dueAt == at(2026, 12, 29, 11, 0))
    }

    @Test("an administrator's closure day is not a working day")
    func closures() {
        var closed = calendar
        closed.closures = [CivilDate(2026, 11, 24)]
        let due = closed.adding(workingDays: 1, to: at(2026, 11, 23, 12, 0))
        #expect(due == at(2026, 11, 25, 12, 0))
        #expect(closed.workingDays(from: CivilDate(2026, 11, 20), to: CivilDate(2026, 11, 27)) == 4)
    }

    @Test("local time of day survives the change to summer time")
    func daylightSaving() {
        // Clocks go forward on Sunday 29 March 2026.
        let due = calendar.adding(workingDays: 1, to: at(2026, 3, 27, 10, 15))
        #expect(due == at(2026, 3, 30, 10, 15))
        #expect(due.timeIntervalSince(at(2026, 3, 27, 10, 15)) == 3 * 24 * 3600 - 3600)
    }

    @Test("configurable office hours move the in-progress window")
    func configurableHours() {
        let late = WorkingCalendar(officeHours: OfficeHours(opensAtMinute: 8 * 60, closesAtMinute: 20 * 60))
        let deadline = policy.deadline(
            risk: .medium, receivedAt: at(2026, 11, 23, 19, 0), inProgress: true, calendar: late)
        #expect(deadline.basis == .inProgress)
    }
}

@Suite("Case lifecycle")
struct CaseLifecycleTests {
    @Test("the allowed moves")
    func allowed() {
        let moves: [(CaseStatus, CaseStatus)] = [
            (.reported, .triaged), (.reported, .open), (.reported, .closed), (.triaged, .open), (.triaged, .closed),
            (.open, .closurePending), (.closurePending, .open), (.closurePending, .closed), (.closed, .open),
        ]
        for from in CaseStatus.allCases {
            for to in CaseStatus.allCases {
                let expected = moves.contains { $0 == (from, to) }
                #expect(CaseLifecycle.canMove(from: from, to: to) == expected, "\(from) to \(to)")
            }
        }
    }

    @Test("refusals say why")
    func refusals() {
        #expect(
            CaseLifecycle.move(from: .closed, to: .closurePending)
                == .failure(
                    .init(
                        from: .closed, to: .closurePending,
                        reason:
                            "A closed case can only be reopened; a new report after the reopening period opens a new linked case"
                    )
                ))
        if case .failure(let refused) = CaseLifecycle.move(from: .open, to: .closed) {
            #expect(refused.reason.contains("proposing closure first"))
        } else {
            Issue.record("open to closed should be refused")
        }
    }
}

@Suite("Repeats, the Case Review threshold and NM01 counting")
struct RepeatRulesTests {
    let london = TimeZone(identifier: "Europe/London")!
    let now = Date(timeIntervalSince1970: 1_795_428_000)  // 23 November 2026

    func monthsAgo(_ months: Int, plusDays days: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        return calendar.date(byAdding: DateComponents(month: -months, day: days), to: now)!
    }

    @Test("a second report within six months prompts the Case Review explanation")
    func secondReport() {
        let assessment = RepeatRules().assess(reportDates: [monthsAgo(5), now], now: now, timeZone: london)
        #expect(assessment.explainCaseReview)
        #expect(!assessment.thresholdMet)
    }

    @Test("three reports in six months meet the threshold; one just outside does not count")
    func threshold() {
        let rules = RepeatRules()
        #expect(rules.assess(reportDates: [monthsAgo(5), monthsAgo(1), now], now: now, timeZone: london).thresholdMet)
        let outside = rules.assess(reportDates: [monthsAgo(6), monthsAgo(1), now], now: now, timeZone: london)
        #expect(outside.reportsInWindow == 2)
        #expect(!outside.thresholdMet)
        let inside = rules.assess(
            reportDates: [monthsAgo(6, plusDays: 1), monthsAgo(1), now], now: now, timeZone: london)
        #expect(inside.thresholdMet)
    }

    @Test("the threshold is local policy")
    func configurable() {
        let rules = RepeatRules(windowMonths: 6, caseReviewThreshold: 4)
        #expect(!rules.assess(reportDates: [monthsAgo(5), monthsAgo(1), now], now: now, timeZone: london).thresholdMet)
    }

    @Test("a report about parties with an open case joins it; after closure it opens a linked case")
    func routing() {
        let closedOld = ReportRouting.ExistingCase(id: UUID(), status: .closed, openedAt: monthsAgo(12))
        let open = ReportRouting.ExistingCase(id: UUID(), status: .open, openedAt: monthsAgo(2))
        let closedRecent = ReportRouting.ExistingCase(id: UUID(), status: .closed, openedAt: monthsAgo(1))
        #expect(ReportRouting.route(sameParties: [closedOld, open]) == .joinCase(open.id))
        #expect(ReportRouting.route(sameParties: [closedOld, closedRecent]) == .newCaseLinked(to: closedRecent.id))
        #expect(ReportRouting.route(sameParties: []) == .newCase)
    }

    @Test("NM01 counts cases, not reports")
    func nm01() {
        let first = UUID()
        let second = UUID()
        #expect(ReportRouting.countedCases(reportCaseIDs: [first, first, first, second]) == 2)
    }

    @Test("case references read and print as ASB-2026-00042")
    func references() {
        #expect(CaseReference(year: 2026, number: 42).description == "ASB-2026-00042")
        #expect(CaseReference(year: 2026, number: 123_456).description == "ASB-2026-123456")
        #expect(CaseReference(" asb-2026-00042 ") == CaseReference(year: 2026, number: 42))
        #expect(CaseReference("ASB-2026-0000") == nil)
        #expect(CaseReference("ASB-26-00042") == nil)
        #expect(CaseReference("ASB-2026-00042; DROP TABLE cases") == nil)
    }
}
