import Foundation

/// A complaint about the behaviour found in the records of a relevant body in Tandem: a report made by the applicant
/// (or the victim they apply for) to the council, the police or a landlord.
public struct RecordedComplaint: Sendable, Equatable {
    public var id: UUID
    /// The relevant body the complaint was made to.
    public var bodyID: UUID
    public var reportedOn: CivilDate
    public var behaviourOn: CivilDate

    public init(id: UUID, bodyID: UUID, reportedOn: CivilDate, behaviourOn: CivilDate) {
        self.id = id
        self.bodyID = bodyID
        self.reportedOn = reportedOn
        self.behaviourOn = behaviourOn
    }
}

/// One complaint weighed against the rules.
public struct ComplaintFinding: Sendable, Equatable {
    public var complaint: RecordedComplaint
    /// Made within the months after the behaviour the Act allows (one).
    public var madeInTime: Bool
    /// Made within the months before the application the Act allows (six), and in the counting period.
    public var recentEnough: Bool
    /// Made after the application was received: it cannot be behind it.
    public var afterApplication: Bool
    /// Another body's complaint about the same incident, which is counted instead (the same behaviour reported to
    /// the council and the police counts once).
    public var sameIncidentAs: UUID?

    public var qualifies: Bool { madeInTime && recentEnough && !afterApplication }
    public var counted: Bool { qualifies && sameIncidentAs == nil }

    /// Why a complaint does not count, in the applicant's terms.
    public var reasons: [String] {
        var reasons: [String] = []
        if afterApplication { reasons.append("Made after the application") }
        if !madeInTime { reasons.append("Made more than a month after the behaviour") }
        if !recentEnough && !afterApplication { reasons.append("Made too long before the application") }
        if sameIncidentAs != nil { reasons.append("The same incident as a complaint to another body: counted once") }
        return reasons
    }
}

/// What the records show, and the decision Tandem proposes to the single point of contact.
public struct Eligibility: Sendable, Equatable {
    public var findings: [ComplaintFinding]
    public var counted: Int
    public var threshold: Int
    /// The local test (persistence, harm) and any other condition needs a person's judgement.
    public var needsJudgement: Bool

    public var proposed: ThresholdDecision { counted >= threshold ? .met : .notMet }
}

public enum CaseReviewEligibility {
    /// Weighs each recorded complaint against the Act's rules and the local threshold, as of the day the
    /// application was received.
    ///
    /// - A complaint qualifies when made within `complaintWithinMonths` of the behaviour (s.104: within one month),
    ///   and the application comes within `applicationWithinMonths` of it (six) and inside the counting period.
    /// - Complaints to different bodies about behaviour on the same day are taken as one incident and counted once
    ///   (the earliest report counts); the single point of contact can decide otherwise.
    public static func assess(
        _ complaints: [RecordedComplaint], applicationOn: CivilDate, arrangements: CaseReviewArrangements
    ) -> Eligibility {
        let earliest = CivilDate.monthsBefore(
            min(arrangements.applicationWithinMonths, arrangements.periodMonths), applicationOn)
        let ordered = complaints.sorted {
            ($0.reportedOn, $0.id.uuidString) < ($1.reportedOn, $1.id.uuidString)
        }
        var findings: [ComplaintFinding] = []
        var countedByDay: [CivilDate: (id: UUID, body: UUID)] = [:]
        for complaint in ordered {
            var finding = ComplaintFinding(
                complaint: complaint,
                madeInTime: complaint.reportedOn
                    <= CivilDate.monthsAfter(arrangements.complaintWithinMonths, complaint.behaviourOn)
                    && complaint.reportedOn >= complaint.behaviourOn,
                recentEnough: complaint.reportedOn >= earliest, afterApplication: complaint.reportedOn > applicationOn,
                sameIncidentAs: nil)
            if finding.qualifies {
                if let first = countedByDay[complaint.behaviourOn], first.body != complaint.bodyID {
                    finding.sameIncidentAs = first.id
                } else if countedByDay[complaint.behaviourOn] == nil {
                    countedByDay[complaint.behaviourOn] = (complaint.id, complaint.bodyID)
                }
            }
            findings.append(finding)
        }
        return Eligibility(
            findings: findings, counted: findings.filter(\.counted).count, threshold: arrangements.threshold,
            needsJudgement: arrangements.localTest != nil || arrangements.requiresClosedCase)
    }

    /// Where the application is routed as well as the review (Lambeth 3.6.2 stage 2), from the case it is about.
    public static func routes(
        vulnerability: RiskLevel?, hateIncident: Bool, respondentUnder18: Bool, anotherLandlord: Bool
    ) -> [CaseReviewRoute] {
        var routes: [CaseReviewRoute] = []
        if vulnerability == .high { routes.append(.vulnerableVictimsPanel) }
        if hateIncident { routes.append(.hateCrimeCoordinator) }
        if respondentUnder18 { routes.append(.youthOffending) }
        if anotherLandlord { routes.append(.landlord) }
        return routes
    }
}

extension CivilDate {
    /// The same day `months` calendar months earlier; a day the month lacks (31 April, 29 February) falls back to
    /// the month's last day.
    public static func monthsBefore(_ months: Int, _ day: CivilDate) -> CivilDate { monthsAfter(-months, day) }

    /// The same day `months` calendar months later (or earlier when negative), falling back to the month's last day.
    public static func monthsAfter(_ months: Int, _ day: CivilDate) -> CivilDate {
        let index = day.year * 12 + (day.month - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        var dayOfMonth = day.day
        while CivilDate(validating: year, month, dayOfMonth) == nil && dayOfMonth > 28 { dayOfMonth -= 1 }
        return CivilDate(year, month, dayOfMonth)
    }
}
