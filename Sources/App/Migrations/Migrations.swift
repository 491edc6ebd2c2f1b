import Fluent

/// Every schema change, in order. Append only: a landed migration is never edited.
enum TandemMigrations {
    static let all: [any Migration] = [
        M001CreateOrganisationsAndUsers(),
        M002CreateSessionsAndAttempts(),
        M003CreateAuditEvents(),
        M004CreateCases(),
        M005CreateIntake(),
        M006ExtendCasesForIntake(),
        M007CreateRisk(),
        M008CreateCasework(),
        M009CreateEnforcement(),
        M010CreateClosureAndReporting(),
        M011IndexReportingLookups(),
        M012CoverMeasuresIndexes(),
        M013IndexBreakdownDates(),
        M014CreateDeferredIndexes(),
        M015CreateMeasureRollups(),
        M016CreateBreakdownRollups(),
        M017ProtectRespondentOutputAndResidentLinks(),
        M018CreateSharing(),
        M019RestrictSpecialCategoryNotesAndReferralConsents(),
        M020CreateEmailOutboxAndNotifications(),
        M021CreateSearchIndexes(),
        M022MarkDuplicateReports(),
        M023LettersReadyToPost(),
        M024CreateOfficerCaseloads(),
        M025SurveyInvitationLetter(),
        M026IndexNotificationOnceKeys(),
        M027CreatePanels(),
        M028CreateCaseReviews(),
        M029CreateRetention(),
        M030CreateSubjectAccess(),
        M031SubjectAccessSignedOffDigest(),
    ]
}
