import Fluent
import Foundation
import TandemCore
import Vapor

/// Gathers what the prerequisite rules read from a case: tenure, warnings and
/// later behaviour, notices served, and the review gate for a power.
enum EnforcementFactsLoader {
    /// The latest change to the case's vulnerability record: a vulnerability
    /// or respondent assessment, a mental health record or a safeguarding
    /// concern. A review signed off before it needs another look.
    static func lastVulnerabilityChange(_ caseID: UUID, on db: any Database) async throws -> Date? {
        let dates: [Date?] = [
            try await VulnerabilityAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$assessedAt, .descending).first()?.assessedAt,
            try await RespondentAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$assessedAt, .descending).first()?.assessedAt,
            try await MentalHealthRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$recordedAt, .descending).first()?.recordedAt,
            try await SafeguardingConcern.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$recordedAt, .descending).first()?.recordedAt,
        ]
        return dates.compactMap { $0 }.max()
    }

    /// The latest review for each power on the case, with its gate state.
    static func gates(_ caseID: UUID, on db: any Database) async throws -> [UUID: (
        ProportionalityReview, ReviewGateState
    )] {
        let changed = try await lastVulnerabilityChange(caseID, on: db)
        let reviews = try await ProportionalityReview.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$preparedAt, .descending).all()
        var latest: [UUID: (ProportionalityReview, ReviewGateState)] = [:]
        for review in reviews where latest[review.$power.id] == nil {
            latest[review.$power.id] = (
                review,
                ReviewRules.gate(
                    status: review.status, signedOffAt: review.decidedAt, lastVulnerabilityChange: changed)
            )
        }
        return latest
    }

    /// The facts for the case, apart from the review (which is per power).
    static func caseFacts(_ record: CaseRecord, respondent: CaseParty?, calendar: WorkingCalendar, on db: any Database)
        async throws -> EnforcementFacts
    {
        let caseID = try record.requireID()
        var tenure: Tenure?
        if let placeID = respondent?.person?.$place.id, let place = try await Place.find(placeID, on: db) {
            tenure = place.tenure
        }
        if tenure == nil, let place = record.place {
            tenure = place.tenure
        }
        let warning = try await Intervention.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$kind == InterventionKind.writtenWarning).sort(\.$startedOn).first()
        let lastDiary = try await DiaryEntry.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$occurredAt, .descending).first()
        let lastReport = try await Report.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$behaviourDate, .descending).first()
        let lastBreach = try await InterventionBreach.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$occurredOn, .descending).first()
        let behaviour: [CivilDate?] = [
            lastDiary.map { calendar.local($0.occurredAt).day },
            lastReport?.behaviourDate,
            lastBreach?.occurredOn,
        ]
        let measures = try await LegalMeasure.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$power).all()
        let nosp = measures.contains {
            $0.power.key == LegalPowerCatalogue.noticeOfSeekingPossessionKey && $0.servedAt != nil
        }
        let closureNotice = measures.filter { $0.power.key == LegalPowerCatalogue.closureNoticeKey }
            .compactMap(\.servedAt).max()
        return EnforcementFacts(
            tenure: tenure, writtenWarningOn: warning?.startedOn,
            lastBehaviourOn: behaviour.compactMap { $0 }.max(), noticeOfSeekingPossessionServed: nosp,
            closureNoticeServedAt: closureNotice)
    }
}
