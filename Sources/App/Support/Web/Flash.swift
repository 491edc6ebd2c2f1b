import Vapor

/// A one-off confirmation shown on the page after a POST-redirect-GET.
/// Only a fixed code travels in the cookie, never free text.
enum FlashMessage: String, CaseIterable {
    case signedOut = "signed-out"
    case passwordChanged = "password-changed"
    case organisationCreated = "organisation-created"
    case organisationUpdated = "organisation-updated"
    case userCreated = "user-created"
    case rolesChanged = "roles-changed"
    case userDeactivated = "user-deactivated"
    case userReactivated = "user-reactivated"
    case reportRecorded = "report-recorded"
    case reportTriaged = "report-triaged"
    case caseAllocated = "case-allocated"
    case acknowledgementRecorded = "acknowledgement-recorded"
    case caseReviewExplained = "case-review-explained"
    case partyAdded = "party-added"
    case riskChanged = "risk-changed"
    case referenceDataSaved = "reference-data-saved"
    case policySaved = "policy-saved"
    case placeSaved = "place-saved"
    case personSaved = "person-saved"
    case assessmentRecorded = "assessment-recorded"
    case offerRecorded = "offer-recorded"
    case taskClosed = "task-closed"
    case oversightRecorded = "oversight-recorded"
    case respondentAssessed = "respondent-assessed"
    case mentalHealthRecorded = "mental-health-recorded"
    case markerSaved = "marker-saved"
    case visitRecorded = "visit-recorded"
    case safeguardingSaved = "safeguarding-saved"
    case bandsSaved = "bands-saved"
    case interviewRecorded = "interview-recorded"
    case planSaved = "plan-saved"
    case planAgreed = "plan-agreed"
    case reviewRecorded = "review-recorded"
    case contactLogged = "contact-logged"
    case decisionRecorded = "decision-recorded"
    case householdRecorded = "household-recorded"
    case diaryAdded = "diary-added"
    case evidenceAdded = "evidence-added"
    case interventionSaved = "intervention-saved"
    case referralSaved = "referral-saved"
    case letterRecorded = "letter-recorded"
    case linkRevoked = "link-revoked"
    case templateSaved = "template-saved"
    case residentDiaryAdded = "resident-diary-added"
    case residentSignedOut = "resident-signed-out"
    case reviewSubmitted = "review-submitted"
    case reviewDecided = "review-decided"
    case measureRecorded = "measure-recorded"
    case measureUpdated = "measure-updated"
    case hearingRecorded = "hearing-recorded"
    case orderRecorded = "order-recorded"
    case orderBreachRecorded = "order-breach-recorded"
    case costRecorded = "cost-recorded"
    case powerSaved = "power-saved"
    case closureProposed = "closure-proposed"
    case closureReturned = "closure-returned"
    case closureSignedOff = "closure-signed-off"
    case closureWithdrawn = "closure-withdrawn"
    case caseReopened = "case-reopened"
    case surveyRecorded = "survey-recorded"
    case residentSurveyThanks = "resident-survey-thanks"
    case reportingSettingsSaved = "reporting-settings-saved"
    case agreementSaved = "agreement-saved"
    case caseShared = "case-shared"
    case shareRevoked = "share-revoked"
    case noteAdded = "note-added"
    case incidentRecorded = "incident-recorded"
    case referralAnswered = "referral-answered"
    case workCompleted = "work-completed"
    case taskAssigned = "task-assigned"
    case notificationsRead = "notifications-read"
    case notificationSettingsSaved = "notification-settings-saved"
    case emailRetried = "email-retried"
    case testEmailQueued = "test-email-queued"

    var text: String {
        switch self {
        case .notificationsRead: "All your notifications are marked as read."
        case .notificationSettingsSaved: "Your email choices are saved."
        case .emailRetried: "The message is queued to be sent again."
        case .testEmailQueued: "A test message is queued to your address."
        case .signedOut: "You have signed out."
        case .passwordChanged: "Your password has been changed."
        case .organisationCreated: "Organisation added."
        case .organisationUpdated: "Organisation updated."
        case .userCreated: "User added."
        case .rolesChanged: "Roles updated."
        case .userDeactivated: "User deactivated. They can no longer sign in; their history is kept."
        case .userReactivated: "User reactivated."
        case .reportRecorded: "Report recorded. It is now in the triage queue."
        case .reportTriaged: "Triage decision recorded."
        case .caseAllocated: "Allocation saved."
        case .acknowledgementRecorded: "Acknowledgement recorded."
        case .caseReviewExplained: "Recorded that the ASB Case Review was explained."
        case .partyAdded: "Person added to the case."
        case .riskChanged: "Risk rating changed and the response deadline recalculated."
        case .referenceDataSaved: "Saved."
        case .policySaved: "Response policy saved. New deadlines use it from now on."
        case .placeSaved: "Place saved."
        case .personSaved: "Person's details saved."
        case .assessmentRecorded: "Vulnerability assessment recorded. Tasks for its band are listed below."
        case .offerRecorded: "Recorded. The vulnerability assessment is due within 48 hours."
        case .taskClosed: "Task updated."
        case .oversightRecorded: "Line-manager discussion recorded."
        case .respondentAssessed: "Respondent assessment recorded."
        case .mentalHealthRecorded: "Mental health record saved."
        case .markerSaved: "Safety markers updated."
        case .visitRecorded: "Home visit logged."
        case .safeguardingSaved: "Safeguarding concern saved."
        case .bandsSaved: "Risk Assessment Matrix bands saved. New assessments use them from now on."
        case .interviewRecorded: "Interview recorded."
        case .planSaved: "Action plan saved. The change is kept in the plan's history."
        case .planAgreed: "Agreement recorded. Print a copy for the reporting person."
        case .reviewRecorded: "Review meeting recorded and the plan updated."
        case .contactLogged: "Contact logged. The next promised contact has been scheduled."
        case .decisionRecorded: "Decision about the respondent recorded."
        case .householdRecorded: "Recorded. Tasks to engage adult social care and children's services were created."
        case .diaryAdded: "Diary entry added."
        case .evidenceAdded: "Evidence added to the register."
        case .interventionSaved: "Intervention saved."
        case .referralSaved: "Referral saved."
        case .letterRecorded: "Letter recorded as sent."
        case .linkRevoked: "The private link has been revoked. It no longer works."
        case .templateSaved: "Letter template saved."
        case .residentDiaryAdded: "Thank you. Your diary entry has been added to your case."
        case .residentSignedOut: "You have left your case page."
        case .reviewSubmitted:
            "Review completed. A senior officer who is not the case officer now signs it off or sends it back."
        case .reviewDecided: "Decision recorded."
        case .measureRecorded: "Legal measure recorded."
        case .measureUpdated: "Legal measure updated."
        case .hearingRecorded: "Hearing recorded."
        case .orderRecorded: "Order recorded, with its expiry reminder."
        case .orderBreachRecorded: "Breach of the order recorded."
        case .costRecorded: "Cost recorded."
        case .powerSaved: "Power saved."
        case .closureProposed: "Closure proposed. A senior officer signs it off or returns it."
        case .closureReturned: "Closure proposal returned to the officer."
        case .closureSignedOff:
            "Closure signed off. The closure notice is recorded as sent and the case closes when the notice ends."
        case .closureWithdrawn: "The case stays open."
        case .caseReopened: "Case reopened."
        case .surveyRecorded: "Survey answers recorded."
        case .residentSurveyThanks: "Thank you for answering our survey. Your answers help us improve."
        case .reportingSettingsSaved: "Reporting settings saved."
        case .agreementSaved: "Information sharing agreement saved."
        case .caseShared: "Case shared. The organisation can now see the sections in scope."
        case .shareRevoked: "Share revoked. The organisation can no longer see the case."
        case .noteAdded: "Case note added. Everyone who can see the case can read it."
        case .incidentRecorded: "Incident recorded as a report on the case."
        case .referralAnswered: "Your answer has been recorded and the referring officer can see it."
        case .workCompleted: "Marked as done."
        case .taskAssigned: "Task assigned."
        }
    }

    static let cookieName = "tandem_flash"
}

extension Request {
    var flash: String? {
        cookies[FlashMessage.cookieName].flatMap { FlashMessage(rawValue: $0.string)?.text }
    }

    /// Redirects (303) with a confirmation for the next page.
    func redirect(to path: String, flash: FlashMessage) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        response.cookies[FlashMessage.cookieName] = sessionCookie(flash.rawValue)
        return response
    }
}

/// Clears the flash cookie once a page has shown it.
struct FlashMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.method == .GET, request.cookies[FlashMessage.cookieName] != nil,
            response.cookies[FlashMessage.cookieName] == nil, response.status == .ok
        {
            response.cookies[FlashMessage.cookieName] = request.sessionCookie("", expired: true)
        }
        return response
    }
}
