import Foundation

/// What a notification tells someone (issue 20, item 2). Each user chooses
/// which kinds also come by email; none do until they choose.
public enum NotificationKind: String, CaseIterable, Codable, Sendable {
    /// A case was allocated to me.
    case allocated
    /// A partner sent my organisation a referral through Tandem.
    case referralToUs = "referral_to_us"
    /// A case was shared with my organisation.
    case shareToUs = "share_to_us"
    /// The reporting person added to their diary on one of my cases.
    case residentDiary = "resident_diary"
    /// A closure on my team waits for my sign-off.
    case signOffRequested = "sign_off_requested"
    /// A closure I proposed was signed off or returned.
    case signOffDecided = "sign_off_decided"
    /// Something on one of my cases falls due tomorrow.
    case deadlineTomorrow = "deadline_tomorrow"
    /// A case was referred to a panel I coordinate (issue 21).
    case panelReferral = "panel_referral"
    /// A panel gave me or my organisation an action.
    case panelAction = "panel_action"
    /// The minutes of a panel I sit on were issued.
    case minutesIssued = "minutes_issued"
    /// Minutes of a panel I chair wait for my approval.
    case minutesToApprove = "minutes_to_approve"
    /// An ASB Case Review needs me: an application to work, information to supply, a letter to sign, an appeal.
    case caseReview = "case_review"

    public var label: String {
        switch self {
        case .allocated: "A case is allocated to me"
        case .referralToUs: "A referral to my organisation"
        case .shareToUs: "A case shared with my organisation"
        case .residentDiary: "A resident adds to their diary on my case"
        case .signOffRequested: "A closure waits for my sign-off"
        case .signOffDecided: "My closure proposal is decided"
        case .deadlineTomorrow: "A deadline on my case is tomorrow"
        case .panelReferral: "A case is referred to a panel I coordinate"
        case .panelAction: "A panel gives me or my organisation an action"
        case .minutesIssued: "The minutes of a panel I sit on are issued"
        case .minutesToApprove: "The minutes of a panel I chair wait for my approval"
        case .caseReview: "An ASB Case Review needs me"
        }
    }

    /// The stored list of kinds a user wants by email, as text ("allocated,resident_diary").
    public static func parse(_ text: String?) -> Set<NotificationKind> {
        Set((text ?? "").split(separator: ",").compactMap { NotificationKind(rawValue: String($0)) })
    }

    public static func text(_ kinds: Set<NotificationKind>) -> String {
        allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ",")
    }

    /// A notification email's body: it says what happened and links to Tandem, never the case's content
    /// (issue 20: no special category data and nothing identifying the reporting person in an email).
    public static func emailBody(summary: String, link: String) -> String {
        """
        \(summary)

        Sign in to Tandem to see it: \(link)

        This email carries no case details. You chose to have these notifications by email; \
        you can change that under "Notifications" in Tandem.
        """
    }
}
