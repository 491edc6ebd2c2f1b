import Fluent
import Foundation
import TandemCore
import Vapor

/// What the case already shows for each review question: support offered and
/// how the person engaged, interventions tried, referrals, vulnerability and
/// mental health records, care assessments and risk (issue: "pre-filled with
/// what the case already shows"). Mental health lines appear only for those
/// with a need to know.
enum ReviewEvidence {
    static func load(_ record: CaseRecord, showMentalHealth: Bool, on db: any Database) async throws
        -> [ReviewPrefill: [String]]
    {
        let caseID = try record.requireID()
        let interventions = try await Intervention.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$startedOn).all()
        let referrals = try await Referral.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$sentOn).all()
        let assessments = try await RespondentAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$assessedAt, .descending).all()
        let vulnerability = try await VulnerabilityAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$person).sort(\.$assessedAt, .descending).all()
        let concerns = try await SafeguardingConcern.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt).all()
        let mentalHealth =
            showMentalHealth
            ? try await MentalHealthRecord.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$recordedAt).all()
            : []

        let tried = interventions.map { row in
            let engagement = row.engagement.label.lowercased()
            let outcome = row.outcome?.label.lowercased()
            return "\(row.label) from \(DisplayDate.civil(row.startedOn)); engagement: \(engagement)"
                + (outcome.map { "; outcome: \($0)" } ?? "")
        }
        let referred = referrals.map { referral in
            let organisation = referral.organisationName.map { " (\($0))" } ?? ""
            return "\(referral.serviceLabel)\(organisation) referred \(DisplayDate.civil(referral.sentOn)): "
                + referral.status.label.lowercased()
        }
        var vulnerable: [String] = mentalHealth.map {
            "Mental health (\($0.status.label.lowercased())); capacity: \($0.capacityOutcome.label.lowercased())"
        }
        if let latest = assessments.first {
            let factors = latest.factors.split(separator: ",").compactMap { RespondentFactor(rawValue: String($0)) }
            if !factors.isEmpty {
                vulnerable.append(
                    "Respondent assessment \(DisplayDate.day(latest.assessedAt)): "
                        + factors.map(\.label).joined(separator: "; "))
            }
        }
        vulnerable += concerns.map { "\($0.kind.label) concern raised \(DisplayDate.civil($0.raisedOn))" }
        var care: [String] = []
        if let latest = assessments.first {
            for (service, value) in [
                (CheckedService.mentalHealth, latest.checkMentalHealth),
                (.adultSocialCare, latest.checkAdultSocialCare),
                (.childrensSocialCare, latest.checkChildrensSocialCare),
            ] {
                care.append("\(service.label): \(value.label.lowercased())")
            }
            if let support = latest.supportInPlace, !support.isEmpty { care.append("Support in place: \(support)") }
            if latest.under18 { care.append("The respondent is under 18") }
        }
        care += mentalHealth.map { "Capacity: \($0.capacityOutcome.label.lowercased())" }
        var risk: [String] = []
        if let level = record.riskLevel { risk.append("Case risk: \(level.label)") }
        var seen: Set<UUID> = []
        for assessment in vulnerability where seen.insert(assessment.$person.id).inserted {
            let band = assessment.band?.label ?? "declined"
            risk.append(
                "\(assessment.person.fullName): vulnerability \(band) (\(DisplayDate.day(assessment.assessedAt)))")
        }
        if let latest = assessments.first {
            let to = latest.riskPosedTo.split(separator: ",").compactMap { RiskPosedTo(rawValue: String($0)) }
            risk.append(
                "Risk the respondent poses: \(latest.riskPosed.label)"
                    + (to.isEmpty ? "" : " to " + to.map(\.label).joined(separator: ", ").lowercased()))
        }
        return [
            .supportOffered: tried + referred, .interventions: tried, .referrals: referred,
            .mentalHealthAndVulnerability: vulnerable, .careAssessments: care, .risk: risk,
        ]
    }
}
