import Foundation

/// Local closure policy: how long the reporting person's notice runs, how
/// long a closed case may be reopened, and the satisfaction target. An
/// administrator changes these; the defaults are the sources' figures.
public struct ClosurePolicy: Equatable, Codable, Sendable {
    /// Lambeth 3.4: "giving 7 days' notice of the intention to close the case".
    public var noticeDays: Int
    /// A closed case may be reopened within this many days; after that a new
    /// report opens a new case linked to it (the NM01 counting rule).
    public var reopenDays: Int
    /// Westminster section 5: "the current baseline target is 60% satisfaction with case handling".
    public var satisfactionTargetPercent: Int

    public init(noticeDays: Int = 7, reopenDays: Int = 28, satisfactionTargetPercent: Int = 60) {
        self.noticeDays = noticeDays
        self.reopenDays = reopenDays
        self.satisfactionTargetPercent = satisfactionTargetPercent
    }

    public static let standard = ClosurePolicy()

    /// Why an administrator's values make no sense.
    public static func problems(noticeDays: Int?, reopenDays: Int?, target: Int?) -> [(field: String, message: String)]
    {
        var problems: [(String, String)] = []
        if !(1...28).contains(noticeDays ?? 0) {
            problems.append(("notice_days", "Enter the notice period as a whole number of days from 1 to 28"))
        }
        if !(0...365).contains(reopenDays ?? -1) {
            problems.append(("reopen_days", "Enter the reopening period as a whole number of days from 0 to 365"))
        }
        if !(1...100).contains(target ?? 0) {
            problems.append(("target", "Enter the satisfaction target as a percentage from 1 to 100"))
        }
        return problems
    }
}

/// The closure procedure: an officer proposes, a senior officer signs off or
/// returns it, the reporting person has notice, and the case closes when the
/// notice ends unless they respond (Lambeth 3.4, CIH "At the end").
public enum ClosureRules {
    /// Where a proposal stands.
    public enum ProposalState: String, CaseIterable, Codable, Sendable {
        /// Waiting for a senior officer.
        case proposed
        /// Sent back by the senior officer with a reason; the case stays open.
        case returned
        /// Signed off: the notice has gone and the case closes when it ends.
        case noticeGiven = "notice_given"
        /// The reporting person responded within the notice, so the case stays open.
        case withdrawn
        /// The notice ended and the case closed.
        case closed
        /// Closed, then reopened within the reopening period.
        case reopened

        public var label: String {
            switch self {
            case .proposed: "Waiting for sign-off"
            case .returned: "Returned by the senior officer"
            case .noticeGiven: "Notice given"
            case .withdrawn: "Withdrawn: the reporting person responded"
            case .closed: "Closed"
            case .reopened: "Reopened"
            }
        }
    }

    /// Why a proposal cannot be made as entered.
    public static func proposalProblems(reason: ClosureReason?, summary: String) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        guard let reason else {
            return [CaseworkProblem("reason", "Select the reason for closing the case")]
        }
        if summary.isEmpty {
            problems.append(CaseworkProblem("summary", "Summarise why the case can close"))
        } else if reason.needsSpecifying && summary.count < 10 {
            problems.append(
                CaseworkProblem("summary", "Say what the other reason is, in at least a sentence"))
        }
        return problems
    }

    /// A senior officer's decision on a proposal.
    public enum Decision: String, CaseIterable, Sendable {
        /// The closure is agreed and the notice goes out.
        case signOff = "sign_off"
        /// Sent back to the officer, with the reasons.
        case returnToOfficer = "return"
    }

    /// Why a decision cannot be recorded as entered. Only a proposal still
    /// waiting, on a case still open, can be decided; a return must say why,
    /// so the officer knows what to do next (Lambeth 3.4: closure is agreed
    /// by a senior officer, not by the officer who proposed it).
    public static func decisionProblems(
        decision: String?, note: String, state: ProposalState?, caseIsOpen: Bool
    ) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if state != .proposed || !caseIsOpen {
            problems.append(CaseworkProblem("decision", "This proposal has already been decided"))
        }
        switch decision.flatMap(Decision.init(rawValue:)) {
        case .signOff: break
        case .returnToOfficer:
            if note.isEmpty {
                problems.append(
                    CaseworkProblem("note", "Say why the proposal is returned, so the officer can act on it"))
            }
        case nil:
            problems.append(CaseworkProblem("decision", "Choose to sign off the closure or return it"))
        }
        return problems
    }

    /// When the case closes: the notice runs whole calendar days from the
    /// moment it is given, so a notice given at 10:15 closes at 10:15.
    public static func closesAt(noticeGivenAt: Date, policy: ClosurePolicy) -> Date {
        noticeGivenAt.addingTimeInterval(TimeInterval(policy.noticeDays) * 86_400)
    }

    /// When the notice really ends. A notice sent by email runs from its delivery, not from the sign-off, and a
    /// case never closes on an emailed notice that has not reached the reporting person: the notice carries
    /// their right to ask for an ASB Case Review (issue 20: a notice "recorded as sent" that was never sent
    /// closed the case by itself seven days later). Nil while an emailed notice is undelivered; a notice
    /// posted or handed over (no email) ends when it was set to.
    public static func noticeEnds(closesAt: Date, noticeGivenAt: Date, emailStatus: EmailStatus?, emailSentAt: Date?)
        -> Date?
    {
        guard let emailStatus else { return closesAt }
        guard emailStatus == .sent, let sentAt = emailSentAt else { return nil }
        return max(closesAt, sentAt.addingTimeInterval(closesAt.timeIntervalSince(noticeGivenAt)))
    }

    /// Whether a case in its notice period closes now.
    public static func isDue(closesAt: Date?, now: Date) -> Bool {
        guard let closesAt else { return false }
        return closesAt <= now
    }

    public enum ReopenDecision: Equatable, Sendable {
        case reopen
        /// Too late: a new report opens a new case linked to this one.
        case newLinkedCase(closedFor: Int)
    }

    /// Reopening is allowed up to and including the last moment of the period.
    public static func reopen(closedAt: Date, now: Date, policy: ClosurePolicy) -> ReopenDecision {
        let elapsed = now.timeIntervalSince(closedAt)
        if elapsed <= TimeInterval(policy.reopenDays) * 86_400 { return .reopen }
        return .newLinkedCase(closedFor: Int(elapsed / 86_400))
    }

    /// Whole calendar days from receipt to closure, for "average number of
    /// calendar days taken to resolve ASB cases" (Lambeth 3.7), counted on the
    /// wall calendar so a case received and closed the same day took 0 days.
    public static func calendarDays(from received: Date, to closed: Date, calendar: WorkingCalendar) -> Int {
        calendar.local(closed).day.dayNumber - calendar.local(received).day.dayNumber
    }
}

/// Tandem suggests closing a case that has gone quiet: no new incident for
/// three months (Lambeth 3.4 "No complaints for 3 months") and every action
/// on the plan done ("proactively close cases down", CIH "At the end").
public enum ClosureCandidates {
    public static let quietMonths = 3

    /// The moment before which the last incident must fall.
    public static func quietSince(now: Date, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(byAdding: .month, value: -quietMonths, to: now)!
    }

    public static func isCandidate(
        status: CaseStatus, lastIncidentAt: Date?, openedAt: Date, openActions: Int, now: Date, timeZone: TimeZone
    ) -> Bool {
        guard status == .open, openActions == 0 else { return false }
        let cutoff = quietSince(now: now, timeZone: timeZone)
        return (lastIncidentAt ?? openedAt) <= cutoff
    }
}

extension ClosureRules {
    /// The partners to tell that the case is closing: every organisation the
    /// case is shared with and every service still working a referral (not
    /// declined or closed), each named once, in order.
    public static func partnersToNotify(sharedWith: [String], referrals: [(name: String, status: ReferralStatus)])
        -> [String]
    {
        var seen: Set<String> = []
        var result: [String] = []
        let working = referrals.filter { $0.status != .declined && $0.status != .closed }.map(\.name)
        for name in sharedWith + working where seen.insert(name.lowercased()).inserted {
            result.append(name)
        }
        return result
    }
}
