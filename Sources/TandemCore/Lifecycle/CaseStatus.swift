/// Where a case is in its life. Only the transitions below are allowed; the
/// web layer asks `CaseLifecycle` and never sets a status directly.
public enum CaseStatus: String, CaseIterable, Codable, Sendable {
    /// A report has come in and waits for triage.
    case reported
    /// Triage decided it is ASB and a case is to be worked, but no officer yet.
    case triaged
    /// Allocated to a named officer and being worked.
    case open
    /// The officer has proposed closure; the reporting person has notice (Lambeth: 7 days).
    case closurePending = "closure_pending"
    case closed

    public var label: String {
        switch self {
        case .reported: "Reported"
        case .triaged: "Triaged, awaiting allocation"
        case .open: "Open"
        case .closurePending: "Closure pending"
        case .closed: "Closed"
        }
    }

    public var isActive: Bool { self != .closed }
}

public enum CaseLifecycle {
    public struct Refused: Error, Equatable, Sendable {
        public var from: CaseStatus
        public var to: CaseStatus
        public var reason: String
    }

    static let allowed: [CaseStatus: Set<CaseStatus>] = [
        .reported: [.triaged, .open, .closed],
        .triaged: [.open, .closed],
        .open: [.closurePending],
        .closurePending: [.open, .closed],
        // Reopening is allowed within the local reopening period (ClosureRules.reopen).
        .closed: [.open],
    ]

    public static func canMove(from: CaseStatus, to: CaseStatus) -> Bool {
        allowed[from]?.contains(to) ?? false
    }

    /// The new status, or why the move makes no sense.
    public static func move(from: CaseStatus, to: CaseStatus) -> Result<CaseStatus, Refused> {
        if canMove(from: from, to: to) { return .success(to) }
        let reason: String
        switch (from, to) {
        case (.closed, _):
            reason =
                "A closed case can only be reopened; a new report after the reopening period opens a new linked case"
        case (.open, .closed):
            reason = "An open case is closed by proposing closure first, so the reporting person has notice"
        case (_, .reported):
            reason = "A case cannot go back to being an untriaged report"
        case (let a, let b) where a == b:
            reason = "The case is already \(a.label.lowercased())"
        default:
            reason = "A case cannot move from \(from.label.lowercased()) to \(to.label.lowercased())"
        }
        return .failure(Refused(from: from, to: to, reason: reason))
    }
}
