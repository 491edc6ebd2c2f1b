import Foundation

/// Repeat reporting and the ASB Case Review threshold.
///
/// When a victim reports again within six months the officer explains the
/// ASB Case Review; when the local threshold is met (default: three reports
/// in six months, the Westminster committee report on the Case Review) the case is
/// flagged. Both are local policy and can be changed.
public struct RepeatRules: Equatable, Codable, Sendable {
    public var windowMonths: Int
    public var caseReviewThreshold: Int

    public init(windowMonths: Int = 6, caseReviewThreshold: Int = 3) {
        self.windowMonths = windowMonths
        self.caseReviewThreshold = caseReviewThreshold
    }

    public struct Assessment: Equatable, Sendable {
        /// Reports by this person in the window, the new one included.
        public var reportsInWindow: Int
        /// A second (or later) report inside the window: explain the ASB Case Review.
        public var explainCaseReview: Bool
        /// The Case Review threshold is met: flag the case.
        public var thresholdMet: Bool
    }

    /// - Parameter reportDates: when this reporting person reported, the new report included.
    public func assess(reportDates: [Date], now: Date, timeZone: TimeZone) -> Assessment {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let windowStart = calendar.date(byAdding: .month, value: -windowMonths, to: now)!
        let count = reportDates.filter { $0 > windowStart && $0 <= now }.count
        return Assessment(
            reportsInWindow: count, explainCaseReview: count >= 2, thresholdMet: count >= caseReviewThreshold)
    }
}

/// Where a new report goes, by the Regulator of Social Housing's NM01 counting
/// rule: a further report about the same parties while a case is open is a
/// new incident on that case, not a new case; after closure it opens a new
/// case linked to the old one.
public enum ReportRouting {
    public struct ExistingCase: Equatable, Sendable {
        public var id: UUID
        public var status: CaseStatus
        public var openedAt: Date

        public init(id: UUID, status: CaseStatus, openedAt: Date) {
            self.id = id
            self.status = status
            self.openedAt = openedAt
        }
    }

    public enum Decision: Equatable, Sendable {
        case joinCase(UUID)
        case newCaseLinked(to: UUID)
        case newCase
    }

    /// - Parameter sameParties: cases about the same reporting person, respondent or address.
    public static func route(sameParties: [ExistingCase]) -> Decision {
        let newestFirst = sameParties.sorted { $0.openedAt > $1.openedAt }
        if let active = newestFirst.first(where: { $0.status.isActive }) {
            return .joinCase(active.id)
        }
        if let closed = newestFirst.first {
            return .newCaseLinked(to: closed.id)
        }
        return .newCase
    }

    /// Cases counted for NM01: one per case, however many reports joined it.
    public static func countedCases(reportCaseIDs: [UUID]) -> Int {
        Set(reportCaseIDs).count
    }
}
