import Foundation
import Testing

@testable import TandemCore

/// Information governance rules (issue 23): retention dates and holds, the subject access request's time limits
/// as the ICO counts them, and the default redactions.
@Suite("Information governance rules")
struct GovernanceRulesTests {
    static let london = WorkingCalendar()

    // MARK: - Retention

    @Test("a case file is due six years after closure, to the day; 29 February falls back to 28 February")
    func retentionDates() {
        // Setup
        let rule = RetentionRule.defaults.first { $0.record == .caseFile }!
        // Act and check
        #expect(rule.dueOn(eventOn: CivilDate(2020, 3, 14)) == CivilDate(2026, 3, 14))
        #expect(rule.dueOn(eventOn: CivilDate(2020, 2, 29)) == CivilDate(2026, 2, 28))
        #expect(
            Retention.status(rule: rule, eventOn: CivilDate(2020, 12, 1), holds: [], today: CivilDate(2026, 11, 30))
                == .kept(until: CivilDate(2026, 12, 1)))
        #expect(
            Retention.status(rule: rule, eventOn: CivilDate(2020, 12, 1), holds: [], today: CivilDate(2026, 12, 1))
                == .due(since: CivilDate(2026, 12, 1)))
        #expect(Retention.status(rule: rule, eventOn: nil, holds: [], today: CivilDate(2026, 12, 1)) == .notStarted)
        #expect(RetentionRule(record: .caseFile, months: 0, from: .caseClosed).problems.count == 1)
        #expect(RetentionRule.defaults.allSatisfy { $0.months == 72 })
    }

    @Test("a legal hold stops the clock while in force, and a batch holding a held record is refused whole")
    func holds() {
        // Setup
        let rule = RetentionRule(record: .caseFile, months: 36, from: .caseClosed)
        let hold = LegalHold(reason: "Possession claim", setOn: CivilDate(2026, 6, 1), reviewOn: CivilDate(2027, 6, 1))
        let lifted = LegalHold(
            reason: "Inquiry", setOn: CivilDate(2025, 1, 1), reviewOn: CivilDate(2025, 6, 1),
            liftedOn: CivilDate(2026, 1, 1))
        let today = CivilDate(2026, 12, 1)
        // Act
        let held = Retention.status(rule: rule, eventOn: CivilDate(2022, 1, 1), holds: [hold], today: today)
        let free = Retention.status(rule: rule, eventOn: CivilDate(2022, 1, 1), holds: [lifted], today: today)
        // Check
        #expect(held == .held(wasDue: CivilDate(2025, 1, 1)))
        #expect(free == .due(since: CivilDate(2025, 1, 1)))
        #expect(!lifted.isActive(on: today))
        #expect(hold.isActive(on: CivilDate(2026, 6, 1)) && !hold.isActive(on: CivilDate(2026, 5, 31)))
        #expect(hold.isDueForReview(on: CivilDate(2027, 6, 1)) && !hold.isDueForReview(on: CivilDate(2027, 5, 31)))
        #expect(Retention.batchProblems([("ASB-2020-00001", free)]).isEmpty)
        #expect(Retention.batchProblems([("ASB-2020-00001", free), ("ASB-2020-00002", held)]).count == 1)
        #expect(Retention.batchProblems([]).count == 1)
        #expect(LegalHold.problems(reason: " ", setOn: today, reviewOn: today).count == 2)
        #expect(LegalHold.problems(reason: "Claim", setOn: today, reviewOn: nil).count == 1)
    }

    // MARK: - Subject access

    @Test("the response is due on the corresponding day of the next month, or its last day, or the next working day")
    func subjectAccessDue() {
        // Act and check: ICO's own examples, and the 2026 Christmas bank holidays.
        #expect(
            SubjectAccessRules.dueOn(startingOn: CivilDate(2026, 9, 3), calendar: Self.london) == CivilDate(2026, 10, 5)
        )
        #expect(
            SubjectAccessRules.dueOn(startingOn: CivilDate(2026, 3, 31), calendar: Self.london)
                == CivilDate(2026, 4, 30))
        #expect(
            SubjectAccessRules.dueOn(startingOn: CivilDate(2027, 1, 31), calendar: Self.london) == CivilDate(2027, 3, 1)
        )
        #expect(
            SubjectAccessRules.dueOn(startingOn: CivilDate(2026, 11, 25), calendar: Self.london)
                == CivilDate(2026, 12, 29))
        #expect(
            SubjectAccessRules.dueOn(startingOn: CivilDate(2026, 10, 7), calendar: Self.london)
                == CivilDate(2026, 11, 9))
        #expect(
            SubjectAccessRules.extendedDueOn(startingOn: CivilDate(2026, 10, 7), calendar: Self.london)
                == CivilDate(2027, 1, 7))
        #expect(
            SubjectAccessRules.startsOn(
                received: CivilDate(2026, 10, 1), identityConfirmed: CivilDate(2026, 10, 7), clarified: nil)
                == CivilDate(2026, 10, 7))
    }

    @Test("an extension needs a reason and the requester told within the first month")
    func subjectAccessExtension() {
        // Setup: the clock started on 7 October 2026, so the first month ends on Monday 9 November.
        let start = CivilDate(2026, 10, 7)
        // Act and check
        #expect(
            SubjectAccessRules.extensionProblems(
                reason: "Records across four agencies", toldOn: CivilDate(2026, 11, 9), startingOn: start,
                calendar: Self.london
            ).isEmpty)
        #expect(
            SubjectAccessRules.extensionProblems(
                reason: "Records across four agencies", toldOn: CivilDate(2026, 11, 10), startingOn: start,
                calendar: Self.london
            ).count == 1)
        #expect(
            SubjectAccessRules.extensionProblems(reason: "", toldOn: nil, startingOn: start, calendar: Self.london)
                .count == 2)
        #expect(
            SubjectAccessRules.extensionProblems(
                reason: "Complex", toldOn: CivilDate(2026, 10, 6), startingOn: start, calendar: Self.london
            ).count == 1)
    }

    // MARK: - Redaction

    @Test("third parties are redacted by default; a respondent never gets the reporting person by lifting a default")
    func redactions() {
        for requester in RequesterRole.allCases {
            #expect(!RedactionRules.redactedByDefault(.requester, requester: requester))
            #expect(!RedactionRules.redactedByDefault(.staff, requester: requester))
            for other in RequesterRole.allCases {
                #expect(RedactionRules.redactedByDefault(.thirdParty(other), requester: requester))
                #expect(RedactionRules.redactedByDefault(.identifyingContext(of: other), requester: requester))
            }
        }
        #expect(
            RedactionRules.liftProblems(.thirdParty(.reportingPerson), requester: .respondent, reason: "Consent")
                .count == 1)
        #expect(
            RedactionRules.liftProblems(.identifyingContext(of: .reportingPerson), requester: .respondent, reason: "")
                .count == 2)
        #expect(
            RedactionRules.liftProblems(.thirdParty(.witness), requester: .reportingPerson, reason: "Consented").isEmpty
        )
    }

    @Test("the cut-off day selects exactly the records due, month ends included")
    func cutOffDay() {
        // Setup: six years, and a day on which 29 February six years earlier falls due (28 Feb 2026).
        let rule = RetentionRule(record: .caseFile, months: 72, from: .caseClosed)
        for today in [CivilDate(2026, 2, 28), CivilDate(2026, 3, 1), CivilDate(2026, 12, 4), CivilDate(2027, 3, 31)] {
            // Act
            let last = Retention.lastEventDay(rule: rule, today: today)
            // Check: the last day is due, the next is not.
            #expect(rule.dueOn(eventOn: last) <= today, "\(today)")
            #expect(rule.dueOn(eventOn: last.adding(days: 1)) > today, "\(today)")
        }
        #expect(Retention.lastEventDay(rule: rule, today: CivilDate(2026, 2, 28)) == CivilDate(2020, 2, 29))
        #expect(Retention.lastEventDay(rule: rule, today: CivilDate(2026, 12, 4)) == CivilDate(2020, 12, 4))
    }
}

@Suite("Chronology")
struct ChronologyTests {
    static func entry(_ day: CivilDate, _ minute: Int?, _ kind: ChronologyKind, _ reference: String = "ASB-1")
        -> ChronologyEntry
    {
        ChronologyEntry(
            day: day, minute: minute, kind: kind, caseReference: reference, organisation: "Council", text: "\(kind)")
    }

    @Test("entries run oldest first, by time within a day, dated-only first, and filter by period and kind")
    func arrange() {
        // Setup: entries out of order across two days and two cases.
        let day = CivilDate(2026, 11, 2)
        let entries = [
            Self.entry(day.adding(days: 1), 9 * 60, .contact),
            Self.entry(day, 14 * 60, .report, "ASB-2"),
            Self.entry(day, nil, .order),
            Self.entry(day, 9 * 60, .report),
            Self.entry(day, 9 * 60, .assessment),
        ]
        // Act
        let all = Chronology.arrange(entries, from: nil, to: nil, kinds: Set(ChronologyKind.allCases))
        let firstDay = Chronology.arrange(entries, from: day, to: day, kinds: [.report])
        // Check
        #expect(all.map(\.kind) == [.order, .report, .assessment, .report, .contact])
        #expect(firstDay.map(\.caseReference) == ["ASB-1", "ASB-2"])
        #expect(
            Chronology.arrange(entries, from: day.adding(days: 2), to: nil, kinds: Set(ChronologyKind.allCases)).isEmpty
        )
        #expect(Chronology.problems(from: day, to: day.adding(days: -1)).count == 1)
        #expect(ChronologyKind.order.section == .enforcement && ChronologyKind.assessment.section == .risk)
    }
}
