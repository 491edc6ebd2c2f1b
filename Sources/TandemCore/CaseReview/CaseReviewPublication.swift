import Foundation

/// One application as the annual publication counts it.
public struct PublishedApplication: Sendable, Equatable {
    public var channel: CaseReviewChannel
    public var decision: ThresholdDecision?
    /// The threshold decision was made within its working-day deadline.
    public var decidedOnTime: Bool?
    public var reviewed: Bool
    public var recommendations: Bool
    public var victimAttended: Bool
    public var appealed: Bool
    public var appealOutcome: AppealOutcome?

    public init(
        channel: CaseReviewChannel, decision: ThresholdDecision? = nil, decidedOnTime: Bool? = nil,
        reviewed: Bool = false, recommendations: Bool = false, victimAttended: Bool = false, appealed: Bool = false,
        appealOutcome: AppealOutcome? = nil
    ) {
        self.channel = channel
        self.decision = decision
        self.decidedOnTime = decidedOnTime
        self.reviewed = reviewed
        self.recommendations = recommendations
        self.victimAttended = victimAttended
        self.appealed = appealed
        self.appealOutcome = appealOutcome
    }
}

/// The figures the relevant bodies publish at least every 12 months (Anti-social Behaviour, Crime and Policing Act
/// 2014 s.104(11)): applications, those where the threshold was not met, reviews carried out and reviews that led to
/// recommendations; and what the 2025 guidance and ASB Help's returns ask about besides.
public struct CaseReviewPublication: Sendable, Equatable {
    /// The figures a drill-down can open, by the name the page and the CSV use.
    public enum Figure: String, CaseIterable, Sendable {
        case applications
        case thresholdNotMet = "threshold_not_met"
        case reviews
        case recommendations
        case decidedOnTime = "decided_on_time"
        case decidedLate = "decided_late"
        case victimAttended = "victim_attended"
        case appeals

        public var label: String {
            switch self {
            case .applications: "Applications received"
            case .thresholdNotMet: "Applications where the threshold was not met"
            case .reviews: "Case reviews carried out"
            case .recommendations: "Case reviews that led to recommendations"
            case .decidedOnTime: "Threshold decisions within the timescale"
            case .decidedLate: "Threshold decisions after the timescale"
            case .victimAttended: "Reviews the victim attended"
            case .appeals: "Appeals"
            }
        }

        /// Whether an application is behind this figure.
        public func includes(_ row: PublishedApplication) -> Bool {
            switch self {
            case .applications: true
            case .thresholdNotMet: row.decision == .notMet
            case .reviews: row.reviewed
            case .recommendations: row.reviewed && row.recommendations
            case .decidedOnTime: row.decidedOnTime == true
            case .decidedLate: row.decidedOnTime == false
            case .victimAttended: row.reviewed && row.victimAttended
            case .appeals: row.appealed
            }
        }
    }

    public var figures: [Figure: Int]
    public var byChannel: [CaseReviewChannel: Int]
    public var appealOutcomes: [AppealOutcome: Int]

    public init(
        figures: [Figure: Int], byChannel: [CaseReviewChannel: Int], appealOutcomes: [AppealOutcome: Int]
    ) {
        self.figures = figures
        self.byChannel = byChannel
        self.appealOutcomes = appealOutcomes
    }

    public func count(_ figure: Figure) -> Int { figures[figure] ?? 0 }

    /// The counts over applications received in the period. The app counts the same in SQL; the tests hold the
    /// two to each other.
    public static func count(_ rows: [PublishedApplication]) -> CaseReviewPublication {
        var figures: [Figure: Int] = [:]
        for figure in Figure.allCases { figures[figure] = rows.filter(figure.includes).count }
        var byChannel: [CaseReviewChannel: Int] = [:]
        for row in rows { byChannel[row.channel, default: 0] += 1 }
        var outcomes: [AppealOutcome: Int] = [:]
        for row in rows { if let outcome = row.appealOutcome { outcomes[outcome, default: 0] += 1 } }
        return CaseReviewPublication(figures: figures, byChannel: byChannel, appealOutcomes: outcomes)
    }

    /// The 12 months ending on `day` (inclusive), as the publication's default period.
    public static func year(endingOn day: CivilDate) -> (from: CivilDate, to: CivilDate) {
        (CivilDate.monthsBefore(12, day).adding(days: 1), day)
    }
}
