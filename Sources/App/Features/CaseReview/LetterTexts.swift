import Foundation
import TandemCore

/// The words of the Case Review's letters, prefilled for the single point of contact to edit (issue 22). They name
/// the applicant's own application only, never the person complained about.
enum LetterTexts {
    static func greeting(_ review: CaseReview) -> String { "Dear \(review.applicantName)," }

    static func acknowledgement(_ review: CaseReview, contactBy: Date?, link: String) -> String {
        var lines = [
            greeting(review), "",
            "Thank you for applying for an ASB Case Review. Your reference is \(review.reference).",
        ]
        if let contactBy {
            lines.append(
                "Our single point of contact will get in touch by \(DisplayDate.dayAndTime(contactBy)) to explain what happens next."
            )
        }
        lines += [
            "",
            "You can follow your application, see every letter we send and tell us what you think of the outcome on your private page: \(link)",
            "Keep this link to yourself: anyone with it can read your application.", "",
            "If you are in danger, call 999.",
        ]
        return lines.joined(separator: "\n")
    }

    static func threshold(_ review: CaseReview, decision: ThresholdDecision, reason: String) -> String {
        var lines = [greeting(review), ""]
        switch decision {
        case .met:
            lines.append(
                "Your application \(review.reference) meets the threshold for an ASB Case Review. The partner agencies will review how your reports have been dealt with at the next Community Trigger MARAC meeting, and we will tell you the date so that you can take part in the way you have chosen."
            )
        case .notMet:
            lines.append(
                "We have looked carefully at your application \(review.reference). It does not meet the threshold for an ASB Case Review."
            )
        }
        lines += ["", "Our reasons: \(reason)", ""]
        lines.append(
            "Whatever the decision, we would like to offer you an assessment of how the behaviour is affecting you, so that the right support can be put in place. Reply to this letter or call us to arrange it."
        )
        if decision == .notMet {
            lines.append("If you report further incidents, you can apply again.")
        }
        return lines.joined(separator: "\n")
    }

    static func invitation(_ review: CaseReview, meeting: PanelMeeting) -> String {
        [
            greeting(review), "",
            "Your ASB Case Review \(review.reference) will be held at the Community Trigger MARAC on \(DisplayDate.civil(meeting.heldOn)) at \(meeting.startsAt), \(meeting.place).",
            "You are welcome to attend, to send a written account, or to be represented by an advocate or someone you trust. Tell us which you would like and anything you need to take part.",
        ].joined(separator: "\n")
    }

    static func outcome(_ review: CaseReview) -> String {
        [
            greeting(review), "",
            "The partner agencies reviewed your case \(review.reference) at the Community Trigger MARAC.",
            "What the review recommended: \(review.recommendations ?? "no further recommendations")",
            "The lead officer will carry out these decisions and we will write to you with the full response.",
        ].joined(separator: "\n")
    }

    static func resolutionDraft(_ review: CaseReview) -> String {
        [
            greeting(review), "",
            "This letter sets out the outcome of your ASB Case Review \(review.reference) and what the partner agencies will do.",
            "The review's recommendations: \(review.recommendations ?? "none")",
            "The action plan: \(review.actionPlan ?? "none")",
            "What has been done since: \(review.actionsNote ?? "")",
            "We would like to offer you a meeting to talk this through. If you are not satisfied with how the review was carried out, you can ask for an appeal from your private page or by contacting us.",
        ].joined(separator: "\n")
    }

    static func appealDecision(_ review: CaseReview, outcome: AppealOutcome, reason: String, escalation: String)
        -> String
    {
        [
            greeting(review), "",
            "Your appeal on ASB Case Review \(review.reference) has been heard by a senior officer who took no part in the case or the review.",
            "The decision: \(outcome.label).", "The reasons: \(reason)", "",
            "If you remain dissatisfied, you can ask \(escalation) to look at how your case review was carried out.",
        ].joined(separator: "\n")
    }
}
