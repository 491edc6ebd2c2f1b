import FluentKit
import Foundation
import TandemCore

/// A model whose changes are written to the audit trail. Its snapshot is read
/// from its own database fields, so a column added to the model is audited
/// without anyone remembering to list it; what is left out is named in
/// `auditExemptions`, each with its reason (issue 18: the hand-kept lists had
/// drifted, `CaseRecord`'s leaving out when a case was allocated).
protocol Audited: Model {
    /// What the trail calls this kind of record.
    static var recordType: RecordType { get }
    /// Database keys never written to the audit trail, with why.
    static var auditExemptions: [String: String] { get }
    /// Database keys whose content is special category data: the trail records that they hold something,
    /// written "(recorded)", never what (an auditor may read the trail but not the record), with why.
    static var auditMasked: [String: String] { get }
    /// Database keys that keep a session alive (when it was last used, when it lapses), written straight
    /// to the row on every page like a staff session's last activity: not a change anyone made to the
    /// record, so the unit of work does not audit them on their own, with why.
    static var sessionFields: [String: String] { get }
}

extension Audited {
    static var auditExemptions: [String: String] { [:] }
    static var auditMasked: [String: String] { [:] }
    static var sessionFields: [String: String] { [:] }

    /// Every database field but the id (the event names the record) and the exemptions, as text; a masked
    /// field as "(recorded)" when it holds a value.
    var auditSnapshot: [String: String?] { Self.auditView(of: fieldValues(unmodified: true)) }

    /// The fields set since the model was read, as the trail writes them.
    var auditModified: [String: String?] { Self.auditView(of: fieldValues(unmodified: false)) }

    /// Every stored field as text, exemptions included but session fields left out: what the unit compares
    /// to decide whether an update changes the record at all.
    var storedFields: [String: String?] { Self.withoutSessionFields(fieldValues(unmodified: true)) }

    /// The stored fields set since the model was read, exemptions included, session fields left out.
    var modifiedStoredFields: [String: String?] { Self.withoutSessionFields(fieldValues(unmodified: false)) }

    private func fieldValues(unmodified: Bool) -> [String: String?] {
        let collector = AuditSnapshot.Collector(unmodified: unmodified)
        input(to: collector)
        return collector.values
    }

    private static func auditView(of values: [String: String?]) -> [String: String?] {
        var snapshot: [String: String?] = [:]
        for (key, value) in values where key != "id" && auditExemptions[key] == nil {
            snapshot[key] = auditMasked[key] == nil ? value : value.map { _ in AuditSnapshot.maskedValue }
        }
        return snapshot
    }

    private static func withoutSessionFields(_ values: [String: String?]) -> [String: String?] {
        values.filter { sessionFields[$0.key] == nil }
    }
}

enum AuditSnapshot {
    /// What the trail writes for a masked field that holds something.
    static let maskedValue = "(recorded)"

    /// Receives every field's current value, changed or not.
    final class Collector: DatabaseInput {
        var values: [String: String?] = [:]
        let wantsUnmodifiedKeys: Bool

        /// `unmodified` false: only the fields set since the model was read, as an update writes them.
        init(unmodified: Bool = true) { wantsUnmodifiedKeys = unmodified }

        func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
            values[key.description] = AuditSnapshot.text(value)
        }
    }

    /// A stored value as the audit trail writes it: timestamps in ISO 8601, ids in upper case, no value as nil.
    static func text(_ value: DatabaseQuery.Value) -> String? {
        switch value {
        case .bind(let bound): text(of: bound)
        case .enumCase(let name): name
        case .null, .default: nil
        default: String(describing: value)
        }
    }

    static func text(of value: Any) -> String? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            return mirror.children.first.flatMap { text(of: $0.value) }
        }
        // A typed field (a status stored as its text) is written as the text stored.
        if let typed = value as? any RawRepresentable { return text(of: typed.rawValue) }
        switch value {
        case let text as String: return text
        case let id as UUID: return id.uuidString
        case let date as Date: return AuditContent.timestamp(date)
        case let flag as Bool: return String(flag)
        case let number as any BinaryInteger: return String(describing: number)
        case let number as Double: return String(number)
        default: return String(describing: value)
        }
    }
}

/// Every model the unit of work tracks: each gets the guard that refuses a write outside the unit, and the
/// route-table test compares each one's table before and after every form. A model left out of this list
/// is one of the few written outside the unit on purpose, named here with why:
/// - `UserSession`: a signed-in browser's token and last activity, touched on every request; sign-in and
///   sign-out are audited as events instead.
/// - `SignInAttempt`: the throttle's own count of tries, written before anyone is known; failed sign-ins
///   are audited as events.
/// - `AuditEvent`: the trail itself, written only by `AuditLog.append`.
enum TrackedModels {
    static let all: [any Audited.Type] = [
        ActionPlan.self, CaseCategory.self, CaseClosure.self, CaseEvent.self, CaseNote.self, CaseParty.self,
        CaseRecord.self, CaseReview.self, CaseReviewArrangementsRecord.self, CaseReviewBody.self,
        CaseReviewComplaint.self, CaseReviewRequest.self, CaseReviewUpdate.self, CaseShare.self, Category.self,
        Disclosure.self, DisposalBatch.self, DisposalBatchItem.self, ClosureSettingsRecord.self, ContactLog.self,
        CourtHearing.self,
        CourtOrder.self, DiaryEntry.self, EmailMessage.self, Estate.self, EvidenceItem.self, HomeVisit.self,
        IntakeSettingsRecord.self, LegalHoldRecord.self,
        Intervention.self, InterventionBreach.self, Interview.self, LandlordHomes.self, LegalCost.self,
        LegalMeasure.self, LegalPower.self, Letter.self, LetterTemplate.self, MentalHealthRecord.self,
        UserNotification.self,
        OfficeClosure.self, OrderBreach.self, Organisation.self, OutboxMessage.self, OversightDiscussion.self,
        Panel.self, PanelAttendance.self, PanelItem.self, PanelMeeting.self, PanelMember.self, PanelMinutes.self,
        PanelReferral.self, PanelResearch.self,
        Person.self, Place.self, PlanAction.self, PlanRevision.self, ProportionalityReview.self, Referral.self,
        ReferralUpdate.self, Report.self, ReportCategory.self, RespondentAssessmentRecord.self,
        RespondentDecision.self, ResidentLink.self, ResponseTargetRecord.self, ReviewMeeting.self,
        RetentionRuleRecord.self, RiskMatrixSettings.self,
        RiskTask.self, SafeguardingConcern.self, SafetyMarker.self, ShareConsentRecord.self, SharingAgreement.self,
        SharingAgreementParty.self, SubjectAccessRedaction.self, SubjectAccessRequest.self, SurveyResponse.self,
        User.self, UserRole.self,
        VulnerabilityAssessmentRecord.self, Ward.self,
    ]

    /// Puts the guard in front of every tracked model.
    static func guardWrites(on databases: Databases, migrations: MigrationWindow) {
        for model in all { model.guardWrites(on: databases, migrations: migrations) }
    }
}
