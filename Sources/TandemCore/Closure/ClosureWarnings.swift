import Foundation

/// What the record says against closing a case, shown where the closure is signed off (issue 20, item 7:
/// "No complaints for 3 months" was signed off minutes after a resident's diary entry, with plan actions and
/// a referral still open, and the screen showed none of it).
public enum ClosureWarnings {
    /// What the record holds that bears on the closure.
    public struct Record: Equatable, Sendable {
        public var latestReportAt: Date?
        public var latestDiaryAt: Date?
        public var openActions: Int
        public var referralsAwaitingReply: Int
        public var openTasks: Int

        public init(
            latestReportAt: Date?, latestDiaryAt: Date?, openActions: Int, referralsAwaitingReply: Int, openTasks: Int
        ) {
            self.latestReportAt = latestReportAt
            self.latestDiaryAt = latestDiaryAt
            self.openActions = openActions
            self.referralsAwaitingReply = referralsAwaitingReply
            self.openTasks = openTasks
        }
    }

    public struct Warning: Equatable, Sendable {
        public var text: String
        /// The record contradicts the reason given: signing off needs an explicit override with its reason.
        public var contradictsReason: Bool
    }

    /// The quiet period "no complaints for 3 months" claims, counted back from the decision.
    public static let quietDays = 91

    /// The warning signs for a proposal with `reason`, proposed at `proposedAt`, decided at `now`.
    /// `describe` writes a moment for people ("23 November 2026 at 10:00").
    public static func warnings(
        reason: ClosureReason, proposedAt: Date, record: Record, now: Date, describe: (Date) -> String
    ) -> [Warning] {
        var warnings: [Warning] = []
        let quietSince = now.addingTimeInterval(-TimeInterval(quietDays) * 86_400)
        // A reason that claims quiet is contradicted by any report or diary entry within the quiet period;
        // any other reason is only warned of what arrived after the proposal.
        let claimsQuiet = reason == .noComplaintsThreeMonths
        let since = claimsQuiet ? quietSince : proposedAt
        if let at = record.latestReportAt, at > since {
            warnings.append(
                Warning(
                    text: claimsQuiet
                        ? "A report was received on \(describe(at)), within the three months this reason says were quiet"
                        : "A report was received on \(describe(at)), after the closure was proposed",
                    contradictsReason: claimsQuiet))
        }
        if let at = record.latestDiaryAt, at > since {
            warnings.append(
                Warning(
                    text: claimsQuiet
                        ? "A diary entry was added on \(describe(at)), within the three months this reason says were quiet"
                        : "A diary entry was added on \(describe(at)), after the closure was proposed",
                    contradictsReason: claimsQuiet))
        }
        if record.openActions > 0 {
            warnings.append(
                Warning(text: "\(record.openActions) plan action(s) are still open", contradictsReason: false))
        }
        if record.referralsAwaitingReply > 0 {
            warnings.append(
                Warning(
                    text: "\(record.referralsAwaitingReply) referral(s) are waiting for a reply",
                    contradictsReason: false))
        }
        if record.openTasks > 0 {
            warnings.append(Warning(text: "\(record.openTasks) risk task(s) are still open", contradictsReason: false))
        }
        return warnings
    }

    /// Signing off against a contradiction needs the override ticked and its reason.
    public static func overrideProblems(warnings: [Warning], signingOff: Bool, override: Bool, reason: String)
        -> [CaseworkProblem]
    {
        guard signingOff, warnings.contains(where: \.contradictsReason) else { return [] }
        var problems: [CaseworkProblem] = []
        if !override {
            problems.append(
                CaseworkProblem(
                    "override",
                    "The record contradicts the reason for closing: return the proposal, or confirm you sign it off anyway"
                ))
        }
        if reason.isEmpty {
            problems.append(CaseworkProblem("override_reason", "Say why you sign it off despite what the record shows"))
        }
        return problems
    }
}
