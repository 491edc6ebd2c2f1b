import Foundation

/// The working days each stage of a Case Review allows, counted from the step before (Lambeth 3.6.2).
public struct CaseReviewTimescales: Codable, Equatable, Sendable {
    /// Stage 1: the single point of contact contacts the applicant "within two working days of receiving the
    /// application".
    public var contactDays: Int
    /// Stage 2: the threshold decision and the letter saying it "within three to five working days of initially
    /// contacting the applicant" (the deadline is the upper figure).
    public var decisionDays: Int
    /// Stage 3: "The applicant will be notified of the outcome of the review within two working days of the
    /// meeting".
    public var outcomeDays: Int
    /// Stage 4: "The allocated case officer will implement the decisions of the board within five working days".
    public var actionDays: Int
    /// Stages 5 and 6: "The response and resolution stage will take five working days".
    public var resolutionDays: Int
    /// Stage 7: "The appeal process will typically take 10 working days".
    public var appealDays: Int

    public init(
        contactDays: Int = 2, decisionDays: Int = 5, outcomeDays: Int = 2, actionDays: Int = 5,
        resolutionDays: Int = 5, appealDays: Int = 10
    ) {
        self.contactDays = contactDays
        self.decisionDays = decisionDays
        self.outcomeDays = outcomeDays
        self.actionDays = actionDays
        self.resolutionDays = resolutionDays
        self.appealDays = appealDays
    }

    /// The timescales as the form names them, for validation and display.
    public var named: [(field: String, label: String, days: Int)] {
        [
            ("contact_days", "Contact the applicant", contactDays),
            ("decision_days", "Threshold decision after contact", decisionDays),
            ("outcome_days", "Outcome to the applicant after the meeting", outcomeDays),
            ("action_days", "Lead officer acts on the decisions", actionDays),
            ("resolution_days", "Resolution letter", resolutionDays),
            ("appeal_days", "Appeal", appealDays),
        ]
    }
}

/// The local arrangements for the ASB Case Review, set by the relevant bodies as local policy (Anti-social
/// Behaviour, Crime and Policing Act 2014 s.104). The numbers the Act fixes are kept here too, so that a local
/// setting which goes beyond the law is shown as a warning rather than silently applied.
public struct CaseReviewArrangements: Codable, Equatable, Sendable {
    /// Qualifying complaints needed. The Act: the threshold may be no more than three.
    public var threshold: Int
    /// The period the complaints are counted over, in months (the Act: six).
    public var periodMonths: Int
    /// A complaint qualifies when made within this many months of the behaviour (the Act: one).
    public var complaintWithinMonths: Int
    /// The application must be made within this many months of each complaint (the Act: six).
    public var applicationWithinMonths: Int
    /// Any local test of persistence, harm or the adequacy of the response the bodies take into account (the Act
    /// allows these to be considered; they need the single point of contact's judgement, not a count).
    public var localTest: String?
    /// "The case must be closed before an application": a condition the guidance does not allow.
    public var requiresClosedCase: Bool
    public var timescales: CaseReviewTimescales

    public init(
        threshold: Int = 3, periodMonths: Int = 6, complaintWithinMonths: Int = 1, applicationWithinMonths: Int = 6,
        localTest: String? = nil, requiresClosedCase: Bool = false, timescales: CaseReviewTimescales = .init()
    ) {
        self.threshold = threshold
        self.periodMonths = periodMonths
        self.complaintWithinMonths = complaintWithinMonths
        self.applicationWithinMonths = applicationWithinMonths
        self.localTest = localTest
        self.requiresClosedCase = requiresClosedCase
        self.timescales = timescales
    }

    /// The numbers the Act sets, against which local settings are checked.
    public static let statutory = CaseReviewArrangements()

    /// Settings that go beyond what the law and the 2025 guidance allow. They are saved (the relevant bodies set
    /// their own arrangements) but shown wherever the arrangements are, so nobody applies them unawares.
    public var warnings: [String] {
        var warnings: [String] = []
        if threshold > 3 {
            warnings.append(
                "The threshold is above three qualifying complaints: the Act allows no more than three.")
        }
        if periodMonths != 6 {
            warnings.append("The complaints are counted over \(periodMonths) months: the Act counts six.")
        }
        if complaintWithinMonths != 1 {
            warnings.append(
                "A complaint counts when made within \(complaintWithinMonths) months of the behaviour: the Act says one month."
            )
        }
        if applicationWithinMonths != 6 {
            warnings.append(
                "An application must come within \(applicationWithinMonths) months of the complaint: the Act allows six."
            )
        }
        if requiresClosedCase {
            warnings.append(
                "The case must be closed before an application: the guidance does not allow this condition.")
        }
        return warnings
    }

    /// Problems that stop the settings being saved at all, keyed by field.
    public var problems: [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if !(1...10).contains(threshold) {
            problems.append(.init("threshold", "Enter a threshold from 1 to 10 qualifying complaints"))
        }
        for (field, value, label) in [
            ("period_months", periodMonths, "the period"),
            ("complaint_within_months", complaintWithinMonths, "the months after the behaviour"),
            ("application_within_months", applicationWithinMonths, "the months after the complaint"),
        ] where !(1...24).contains(value) {
            problems.append(.init(field, "Enter \(label) as a number of months from 1 to 24"))
        }
        for (field, label, days) in timescales.named where !(1...60).contains(days) {
            problems.append(.init(field, "Enter \(label.lowercased()) as working days from 1 to 60"))
        }
        if let localTest, localTest.count > 2000 {
            problems.append(.init("local_test", "The local test must be 2000 characters or fewer"))
        }
        return problems
    }
}
