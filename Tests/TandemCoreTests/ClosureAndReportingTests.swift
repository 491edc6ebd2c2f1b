import Foundation
import Testing

@testable import TandemCore

@Suite("Closing cases")
struct ClosureRulesTests {
    let calendar = WorkingCalendar()

    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        calendar.instant(CivilDate(year, month, day), minute: hour * 60 + minute, second: second)
    }

    @Test("the ten closure reasons of Lambeth 3.4: all resolved but 'Other (please specify) Closed'")
    func reasons() {
        #expect(ClosureReason.allCases.count == 10)
        #expect(ClosureReason.allCases.filter { $0.outcome == .closed } == [.otherClosed])
        #expect(ClosureReason.allCases.filter(\.needsSpecifying) == [.otherResolved, .otherClosed])
        #expect(ClosureReason.noComplaintsThreeMonths.label == "No complaints for 3 months")
    }

    @Test("an emailed notice holds the case until delivered, then runs from delivery; a posted one ends as set")
    func noticeEndsOnDelivery() {
        // Setup
        let given = at(2026, 11, 23, 10, 0)
        let closes = at(2026, 11, 30, 10, 0)

        // Act / Check
        #expect(
            ClosureRules.noticeEnds(closesAt: closes, noticeGivenAt: given, emailStatus: nil, emailSentAt: nil)
                == closes)
        #expect(
            ClosureRules.noticeEnds(closesAt: closes, noticeGivenAt: given, emailStatus: .queued, emailSentAt: nil)
                == nil)
        #expect(
            ClosureRules.noticeEnds(closesAt: closes, noticeGivenAt: given, emailStatus: .failed, emailSentAt: nil)
                == nil)
        // Sent within the minute: the notice ends as set. Sent two days late: two days later, to the minute.
        #expect(
            ClosureRules.noticeEnds(
                closesAt: closes, noticeGivenAt: given, emailStatus: .sent, emailSentAt: at(2026, 11, 23, 10, 0, 30))
                == at(2026, 11, 30, 10, 0, 30))
        #expect(
            ClosureRules.noticeEnds(
                closesAt: closes, noticeGivenAt: given, emailStatus: .sent, emailSentAt: at(2026, 11, 25, 9, 41))
                == at(2026, 12, 2, 9, 41))
    }

    @Test("a proposal needs a reason and a summary; an 'other' reason needs saying what it is")
    func proposals() {
        #expect(ClosureRules.proposalProblems(reason: nil, summary: "x").map(\.field) == ["reason"])
        #expect(ClosureRules.proposalProblems(reason: .withdrawn, summary: "").map(\.field) == ["summary"])
        #expect(ClosureRules.proposalProblems(reason: .otherClosed, summary: "No info").map(\.field) == ["summary"])
        #expect(
            ClosureRules.proposalProblems(reason: .otherClosed, summary: "Information requested was never provided")
                .isEmpty)
    }

    @Test("only a waiting proposal on an open case is decided; a return says why; nothing else is a decision")
    func decisions() {
        // Setup: the fields each entry should complain about.
        func fields(_ decision: String?, _ note: String, _ state: ClosureRules.ProposalState?, open: Bool = true)
            -> [String]
        {
            ClosureRules.decisionProblems(decision: decision, note: note, state: state, caseIsOpen: open).map(\.field)
        }
        // Act and check.
        #expect(fields("sign_off", "", .proposed).isEmpty)
        #expect(fields("return", "Interview the neighbour first", .proposed).isEmpty)
        #expect(fields("return", "", .proposed) == ["note"])
        #expect(fields(nil, "", .proposed) == ["decision"])
        #expect(fields("'; DROP TABLE case_closures; --", "", .proposed) == ["decision"])
        #expect(fields("sign_off", "", .returned) == ["decision"])
        #expect(fields("sign_off", "", .noticeGiven) == ["decision"])
        #expect(fields("sign_off", "", .proposed, open: false) == ["decision"])
        #expect(fields("return", "", .withdrawn) == ["decision", "note"])
    }

    @Test("seven days' notice to the second, across the change to GMT; closes when it ends, not before")
    func notice() {
        // Notice at 10:15:30 on Friday 23 October 2026; the clocks go back on Sunday 25 October.
        let given = at(2026, 10, 23, 10, 15, 30)
        let closes = ClosureRules.closesAt(noticeGivenAt: given, policy: .standard)
        #expect(closes.timeIntervalSince(given) == 7 * 86_400)
        #expect(!ClosureRules.isDue(closesAt: closes, now: closes.addingTimeInterval(-1)))
        #expect(ClosureRules.isDue(closesAt: closes, now: closes))
        #expect(!ClosureRules.isDue(closesAt: nil, now: closes))
        let fourteen = ClosurePolicy(noticeDays: 14, reopenDays: 28, satisfactionTargetPercent: 60)
        #expect(ClosureRules.closesAt(noticeGivenAt: given, policy: fourteen) == given.addingTimeInterval(14 * 86_400))
    }

    @Test("a case can be reopened up to the last second of the period; after it a new linked case opens")
    func reopening() {
        let closed = at(2026, 11, 1, 9, 0)
        let policy = ClosurePolicy(noticeDays: 7, reopenDays: 28, satisfactionTargetPercent: 60)
        let end = closed.addingTimeInterval(28 * 86_400)
        #expect(ClosureRules.reopen(closedAt: closed, now: end, policy: policy) == .reopen)
        #expect(
            ClosureRules.reopen(closedAt: closed, now: end.addingTimeInterval(1), policy: policy)
                == .newLinkedCase(closedFor: 28))
        let never = ClosurePolicy(noticeDays: 7, reopenDays: 0, satisfactionTargetPercent: 60)
        #expect(ClosureRules.reopen(closedAt: closed, now: closed, policy: never) == .reopen)
        #expect(
            ClosureRules.reopen(closedAt: closed, now: closed.addingTimeInterval(60), policy: never)
                == .newLinkedCase(closedFor: 0))
    }

    @Test("calendar days to resolve count wall-calendar days in UK time")
    func calendarDays() {
        // Received 23:30 on 31 March (BST starts 29 March), closed 00:30 on 2 April: two calendar days.
        #expect(
            ClosureRules.calendarDays(from: at(2026, 3, 31, 23, 30), to: at(2026, 4, 2, 0, 30), calendar: calendar) == 2
        )
        #expect(
            ClosureRules.calendarDays(from: at(2026, 5, 1, 9, 0), to: at(2026, 5, 1, 17, 0), calendar: calendar) == 0)
        #expect(
            ClosureRules.calendarDays(from: at(2025, 12, 31, 12, 0), to: at(2026, 12, 31, 12, 0), calendar: calendar)
                == 365)
    }

    @Test("a closure candidate: open, quiet for three months to the second, every action done")
    func candidates() {
        let now = at(2026, 11, 23, 10, 0)
        let zone = calendar.timeZone
        let cutoff = at(2026, 8, 23, 10, 0)
        #expect(ClosureCandidates.quietSince(now: now, timeZone: zone) == cutoff)
        func candidate(_ status: CaseStatus = .open, last: Date?, opened: Date = at(2026, 1, 5, 9, 0), actions: Int = 0)
            -> Bool
        {
            ClosureCandidates.isCandidate(
                status: status, lastIncidentAt: last, openedAt: opened, openActions: actions, now: now, timeZone: zone)
        }
        #expect(candidate(last: cutoff))
        #expect(!candidate(last: cutoff.addingTimeInterval(1)))
        #expect(!candidate(last: cutoff, actions: 1))
        #expect(!candidate(.closurePending, last: cutoff))
        #expect(candidate(last: nil, opened: cutoff))
        #expect(!candidate(last: nil, opened: at(2026, 10, 1, 9, 0)))
    }

    @Test("partners to tell: shared organisations and services still working referrals, each once")
    func partners() {
        let names = ClosureRules.partnersToNotify(
            sharedWith: ["Riverside Police", "Victim Support"],
            referrals: [
                ("Victim Support", .engaged), ("Mental health services", .accepted), ("Noise team", .declined),
                ("Mediation service", .closed), ("victim support", .sent),
            ])
        #expect(names == ["Riverside Police", "Victim Support", "Mental health services"])
    }

    @Test("the local closure policy refuses nonsense")
    func policy() {
        #expect(ClosurePolicy.problems(noticeDays: 7, reopenDays: 28, target: 60).isEmpty)
        #expect(
            ClosurePolicy.problems(noticeDays: 0, reopenDays: -1, target: 101).map(\.field)
                == ["notice_days", "reopen_days", "target"])
        #expect(ClosurePolicy.problems(noticeDays: nil, reopenDays: nil, target: nil).count == 3)
    }
}

@Suite("Reporting measures")
struct ReportingRulesTests {
    let calendar = WorkingCalendar()

    @Test("percentages round half up; nothing to divide by shows as no figure")
    func percentages() {
        #expect(Measure.percent(2, of: 3) == 67)
        #expect(Measure.percent(1, of: 8) == 13)  // 12.5 rounds up
        #expect(Measure.percent(1, of: 3) == 33)
        #expect(Measure.percent(0, of: 0) == nil)
        #expect(Measure.average(total: 10, count: 4) == 2.5)
        #expect(Measure.average(total: 1, count: 0) == nil)
        #expect(Measure.format(2.5) == "2.5")
        #expect(Measure.format(3) == "3")
    }

    @Test("NM01 per 1,000 homes to two decimal places")
    func nm01() {
        #expect(Measure.perThousandHomes(3, homes: 2_000) == 1.5)
        #expect(Measure.perThousandHomes(1, homes: 3_000) == 0.33)
        #expect(Measure.perThousandHomes(5, homes: 0) == nil)
        #expect(Measure.formatRate(1.5) == "1.50")
    }

    @Test("the reporting year runs 1 April to 31 March and its months come in order")
    func periods() {
        let year = ReportingPeriod.reportingYear(of: CivilDate(2027, 3, 31))
        #expect(year.first == CivilDate(2026, 4, 1))
        #expect(year.last == CivilDate(2027, 3, 31))
        #expect(ReportingPeriod.reportingYear(of: CivilDate(2026, 4, 1)).first == CivilDate(2026, 4, 1))
        #expect(ReportingPeriod.yearLabel(starting: 2099) == "2099/00")
        #expect(year.months.count == 12)
        #expect(year.months[10] == ReportingPeriod(first: CivilDate(2027, 2, 1), last: CivilDate(2027, 2, 28)))
        // The period ends at the first moment of the day after its last day.
        #expect(year.end(calendar) == calendar.instant(CivilDate(2027, 4, 1), minute: 0))
    }

    @Test("a period from the filter: both days needed, in order, three years at most")
    func parsing() throws {
        #expect(try ReportingPeriod.parse(from: nil, to: nil).get() == nil)
        #expect(
            try ReportingPeriod.parse(from: "2026-04-01", to: "2026-04-30").get()
                == ReportingPeriod(first: CivilDate(2026, 4, 1), last: CivilDate(2026, 4, 30)))
        for (from, to, field) in [
            ("2026-02-30", "2026-03-01", "from"), ("2026-04-01", "", "to"), ("2026-04-02", "2026-04-01", "to"),
            ("2020-01-01", "2026-01-01", "to"), ("<script>", "2026-01-01", "from"),
        ] {
            if case .failure(let problem) = ReportingPeriod.parse(from: from, to: to) {
                #expect(problem.field == field, "\(from) to \(to)")
            } else {
                Issue.record("\(from) to \(to) should be refused")
            }
        }
    }

    @Test("repeat callers: six four-week periods ending yesterday, oldest first")
    func repeatWindow() {
        let periods = RepeatCallerWindow.periods(endingBefore: CivilDate(2026, 11, 24))
        #expect(periods.count == 6)
        #expect(periods.last == ReportingPeriod(first: CivilDate(2026, 10, 27), last: CivilDate(2026, 11, 23)))
        #expect(periods.first?.first == CivilDate(2026, 6, 9))
        #expect(periods.map { $0.last.dayNumber - $0.first.dayNumber + 1 } == Array(repeating: 28, count: 6))
    }

    @Test("response compliance: met by the limit to the second, missed after, pending until due")
    func compliance() {
        let due = calendar.instant(CivilDate(2026, 6, 1), minute: 600)
        #expect(ResponseCompliance.classify(respondedAt: due, dueAt: due, now: due) == .met)
        #expect(ResponseCompliance.classify(respondedAt: due.addingTimeInterval(1), dueAt: due, now: due) == .missed)
        #expect(ResponseCompliance.classify(respondedAt: nil, dueAt: due, now: due) == .pending)
        #expect(ResponseCompliance.classify(respondedAt: nil, dueAt: due, now: due.addingTimeInterval(1)) == .missed)
    }

    @Test("survey answers: five points, any question may be left out, at least one answered")
    func survey() {
        let (scores, problems) = SurveyRules.read([.handling: "5", .tp12: "2", .outcome: ""])
        #expect(problems.isEmpty)
        #expect(scores == [.handling: .verySatisfied, .tp12: .fairlyDissatisfied])
        #expect(SurveyRules.read([.handling: "6"]).problems.map(\.field) == ["q_handling"])
        #expect(SurveyRules.read([.empathy: "' OR 1=1 --"]).problems.map(\.field) == ["q_empathy"])
        #expect(SurveyRules.read([:]).problems.map(\.field) == ["q_handling"])
        #expect(SatisfactionScore.allCases.filter(\.isSatisfied) == [.fairlySatisfied, .verySatisfied])
        #expect(
            SurveyQuestion.tp12.text(landlord: "Riverside Homes")
                == "How satisfied or dissatisfied are you with Riverside Homes's approach to handling anti-social behaviour?"
        )
    }
}
