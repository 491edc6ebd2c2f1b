import Fluent
import Foundation
import TandemCore
import Vapor

/// One application's page (issue 22): the applicant, the complaints found across the relevant bodies against the
/// rules, the stages with their deadlines, and the forms the signed-in person may use now.
struct CaseReviewPage: Encodable {
    struct Row: Encodable {
        var key: String
        var value: String
    }

    struct Finding: Encodable {
        var reference: String
        var href: String?
        var body: String
        var behaviourOn: String
        var reportedOn: String
        var status: String
        var counted: Bool
        var reasons: String
    }

    struct Stage: Encodable {
        var label: String
        var status: String
        var done: Bool
        var isNext: Bool
        var overdue: Bool
    }

    struct Request: Encodable {
        var body: String
        var requested: String
        var replied: String?
        var reply: String?
        var form: StepForm?
    }

    struct Update: Encodable {
        var sentAt: String
        var kind: String
        var method: String
        var summary: String
        var body: String?
        var delivery: String?
    }

    var layout: LayoutContext
    var form: FormState
    var reference: String
    var stateLabel: String
    var isOpen: Bool
    var nextLabel: String?
    var nextDue: String?
    var overdue: Bool
    var applicant: [Row]
    var description: String
    var stated: [Row]
    var hasStated: Bool
    var caseReference: String?
    var caseHref: String?
    var caseTitle: String?
    var findings: [Finding]
    var hasFindings: Bool
    var counted: Int
    var threshold: Int
    var proposed: String
    var needsJudgement: Bool
    var localTest: String?
    var warnings: [String]
    var hasWarnings: Bool
    var routes: [String]
    var hasRoutes: Bool
    var stages: [Stage]
    var forms: [StepForm]
    var requests: [Request]
    var hasRequests: Bool
    var updates: [Update]
    var hasUpdates: Bool
    var outcome: [Row]
    var hasOutcome: Bool
    var resolution: String?
    var issuedLink: String?
    var registerHref = SiteURL.caseReviews.path

    typealias HTTPRequest = Vapor.Request

    static func render(
        _ request: HTTPRequest, _ review: CaseReview, _ arrangements: LoadedArrangements, _ facts: CaseReviewFacts,
        form: FormState, issuedLink: String? = nil
    ) async throws -> View {
        let reviewID = try review.requireID()
        let db = request.db
        let calendar = try await CaseReviewReads.calendar(request)
        let rules = arrangements.rules
        let progress = review.progress
        let state = CaseReviewStages.state(progress)
        var withMeeting = progress
        withMeeting.meetingOn = review.meeting?.heldOn
        let due = CaseReviewStages.due(withMeeting, timescales: rules.timescales, calendar: calendar)
        let now = request.now
        let today = request.today()
        let names = Dictionary(
            try await Organisation.query(on: db).all().map { ($0.id ?? UUID(), $0.name) },
            uniquingKeysWith: { a, _ in a })

        // The complaints in Tandem, weighed against the rules as of the day the application came in.
        let recorded = try await CaseReviewReads.recordedComplaints(review, arrangements, on: db)
        let eligibility = CaseReviewEligibility.assess(
            recorded.map(\.complaint), applicationOn: calendar.local(review.receivedAt).day, arrangements: rules)
        let reports = Dictionary(recorded.map { ($0.complaint.id, $0.report) }, uniquingKeysWith: { a, _ in a })
        // A case is linked only for those who may open it: a relevant body sees the complaints, not every case.
        let clearance = try await PanelReads.clearance(
            recorded.compactMap(\.report.$caseRecord.id) + [review.$caseRecord.id].compactMap { $0 }, today: today,
            on: db)
        let caseLink = { (caseID: UUID?) -> String? in
            guard let caseID, let facts = clearance[caseID], request.may(.viewCase(facts)) else { return nil }
            return SiteURL.case(.value(caseID), .summary).path
        }
        let findings = eligibility.findings.map { finding in
            let report = reports[finding.complaint.id]
            let caseHref = caseLink(report?.$caseRecord.id)
            return Finding(
                reference: report.map { report in
                    report.partnerReference.map { "\(report.reference) (\($0))" } ?? report.reference
                } ?? "", href: caseHref, body: names[finding.complaint.bodyID] ?? "",
                behaviourOn: DisplayDate.civil(finding.complaint.behaviourOn),
                reportedOn: DisplayDate.civil(finding.complaint.reportedOn),
                status: finding.counted
                    ? "Counted" : finding.qualifies ? "Qualifies, counted once" : "Does not qualify",
                counted: finding.counted, reasons: finding.reasons.joined(separator: "; "))
        }

        let stated = try await CaseReviewComplaint.query(on: db).filter(\.$review.$id == reviewID).sort(\.$position)
            .all()
        let requests = try await CaseReviewRequest.query(on: db).filter(\.$review.$id == reviewID)
            .with(\.$organisation).with(\.$repliedBy).all().sorted { $0.organisation.name < $1.organisation.name }
        let updates = try await CaseReviewUpdate.query(on: db).filter(\.$review.$id == reviewID).with(\.$email)
            .sort(\.$sentAt).all()
        let routes =
            review.decidedAt == nil
            ? try await CaseReviewReads.routes(review, arrangements, today: today, on: db) : review.routeList

        let mayRun = request.may(.runCaseReview(facts))
        var forms: [StepForm] = []
        let path = { (resource: CaseReviewResource) in SiteURL.caseReview(.value(reviewID), resource).path }
        let stepPath = { (step: CaseReviewStep) in path(.step(.value(step.rawValue))) }
        if mayRun && state == .open {
            forms += try await Self.stepForms(
                review, arrangements, eligibility: eligibility, next: due?.step, form: form, today: today,
                stepPath: stepPath, path: path, on: db)
        }
        if request.may(.signOffResolution(facts)), review.resolutionDraftedAt != nil,
            review.resolutionSignedAt == nil, state == .open
        {
            forms.append(
                StepForm(
                    id: "sign-off", heading: "Sign off the resolution letter",
                    intro: "As chair of the review you confirm the letter below sets out the review's outcome.",
                    action: path(.signOff), button: "Sign off the resolution letter",
                    fields: [
                        FormField(
                            name: "confirm", label: "I have read the resolution letter and sign it off",
                            kind: .checkbox),
                        FormField(
                            name: "drafted", label: "", kind: .hidden,
                            value: review.resolutionDraftedAt.map { String(Int($0.timeIntervalSince1970 * 1000)) }
                                ?? ""),
                    ], form: form))
        }
        if request.may(.hearAppeal(facts)), review.response == .appeal, review.appealDecidedAt == nil,
            review.withdrawnAt == nil
        {
            forms.append(
                StepForm(
                    id: CaseReviewStep.appeal.rawValue, heading: CaseReviewStep.appeal.label,
                    intro:
                        "You have been nominated to hear the appeal. The whole file is on this page: the application, the complaints, the review's record and every letter.",
                    action: stepPath(.appeal), button: "Record the appeal decision",
                    fields: [
                        CaseReviewFields.radios("outcome", "Decision", AppealOutcome.allCases, labels: \.label),
                        CaseReviewFields.textarea("reason", "Reasons for the decision"),
                        FormField(name: "met_applicant", label: "I met the applicant", kind: .checkbox),
                        CaseReviewFields.method(review, label: "How the decision is sent"),
                    ], form: form))
        }
        if mayRun, review.appealDecidedAt != nil, review.escalatedAt == nil, review.withdrawnAt == nil {
            forms.append(
                StepForm(
                    id: "escalate", heading: "Record that the applicant went to \(arrangements.record.escalation)",
                    action: stepPath(.escalation), button: "Record the escalation",
                    fields: [
                        FormField(name: "reference", label: "Their reference, if given", kind: .text, maxLength: 60)
                    ], form: form))
        }
        if mayRun && state == .open {
            forms.append(
                StepForm(
                    id: "update", heading: "Send the applicant an update",
                    intro: "Every update is kept with how and when it went.", action: path(.update),
                    button: "Record the update",
                    fields: [
                        CaseReviewFields.method(review),
                        CaseReviewFields.textarea("message", "The update", max: 4000),
                    ], form: form))
            forms.append(
                StepForm(
                    id: "withdraw", heading: "Record that the applicant withdrew", action: path(.withdraw),
                    button: "Record the withdrawal",
                    fields: [CaseReviewFields.textarea("reason", "What the applicant said", max: 2000)], form: form))
        }

        let pageRequests = requests.map { row in
            var replyForm: StepForm?
            if row.repliedAt == nil, state == .open,
                request.may(.answerCaseReviewRequest(facts, organisationID: row.$organisation.id)), let id = row.id
            {
                replyForm = StepForm(
                    id: "reply-\(id.uuidString)", heading: "Your organisation's information",
                    intro:
                        "What your records show about the behaviour and your response to it. Schedule 4 to the 2014 Act requires it unless data protection law prevents it.",
                    action: path(.reply(.value(id))), button: "Send the information",
                    fields: [CaseReviewFields.textarea("reply", "What your records show", max: 8000)], form: form)
            }
            return Request(
                body: row.organisation.name, requested: DisplayDate.dayAndTime(row.requestedAt),
                replied: row.repliedAt.map {
                    "\(DisplayDate.dayAndTime($0))\(row.repliedBy.map { " by \($0.displayName)" } ?? "")"
                }, reply: row.reply, form: replyForm)
        }

        var applicant = [
            Row(key: "Received", value: "\(DisplayDate.dayAndTime(review.receivedAt)) (\(review.channel.label))"),
            Row(key: "Applicant", value: "\(review.applicantName), \(review.applicantKind.label.lowercased())"),
        ]
        if let victim = review.victimName {
            applicant.append(
                Row(key: "On behalf of", value: "\(victim) (consent \(review.consent ? "confirmed" : "not confirmed"))")
            )
        }
        for (key, value) in [
            ("Phone", review.applicantPhone), ("Email", review.applicantEmail), ("Address", review.applicantAddress),
            ("Needs to take part", review.needs),
        ] {
            if let value { applicant.append(Row(key: key, value: value)) }
        }
        applicant.append(Row(key: "How they want to take part", value: review.involvement.label))
        applicant.append(
            Row(
                key: "Offered the chance to attend",
                value: review.attendanceOffered ? "Yes" : "Not yet: the invitation goes when the review is listed"))

        var outcome: [Row] = []
        if let decision = review.decision {
            outcome.append(
                Row(
                    key: "Threshold",
                    value: "\(decision.label)\(review.decidedBy.map { ", decided by \($0.displayName)" } ?? "")"))
            if let reason = review.decisionReason { outcome.append(Row(key: "Reasons", value: reason)) }
            if let onTime = review.decidedOnTime {
                outcome.append(Row(key: "Within the timescale", value: onTime ? "Yes" : "No"))
            }
            outcome.append(
                Row(
                    key: "Vulnerability assessment",
                    value: review.assessmentOffered ? "Offered to the applicant" : "Not offered"))
        }
        if let meeting = review.meeting {
            outcome.append(
                Row(
                    key: "Review meeting",
                    value:
                        "\(arrangements.panel?.name ?? "CT-MARAC"), \(DisplayDate.civil(meeting.heldOn)) at \(meeting.startsAt)"
                ))
        }
        if review.reviewedAt != nil {
            outcome.append(Row(key: "Lead body", value: review.leadOrganisation?.name ?? ""))
            outcome.append(Row(key: "Case officer", value: review.leadOfficer?.displayName ?? ""))
            outcome.append(Row(key: "Recommendations", value: review.recommendations ?? "None"))
            outcome.append(Row(key: "Action plan", value: review.actionPlan ?? ""))
            outcome.append(Row(key: "The victim attended", value: review.victimAttended ? "Yes" : "No"))
        }
        if let note = review.actionsNote { outcome.append(Row(key: "Lead officer's actions", value: note)) }
        if let signed = review.resolutionSignedAt {
            outcome.append(
                Row(
                    key: "Resolution letter signed off",
                    value:
                        "\(DisplayDate.dayAndTime(signed)) by \(review.resolutionSignedBy?.displayName ?? "the chair")")
            )
        }
        if review.resolutionSentAt != nil {
            outcome.append(Row(key: "Meeting offered with the letter", value: review.meetingOffered ? "Yes" : "No"))
        }
        if let response = review.response {
            outcome.append(
                Row(key: "Applicant's answer", value: "\(response.label)\(review.responseNote.map { ": \($0)" } ?? "")")
            )
        }
        if let officer = review.appealOfficer {
            outcome.append(Row(key: "Appeal review officer", value: officer.displayName))
        }
        if let decision = review.appealOutcome {
            outcome.append(Row(key: "Appeal decision", value: "\(decision.label): \(review.appealReason ?? "")"))
            outcome.append(Row(key: "Met the applicant", value: review.appealMetApplicant ? "Yes" : "No"))
        }
        if review.escalatedAt != nil {
            outcome.append(
                Row(
                    key: "External review",
                    value:
                        "\(arrangements.record.escalation)\(review.escalationReference.map { ", reference \($0)" } ?? "")"
                ))
        }
        if let result = review.escalationOutcome {
            outcome.append(Row(key: "External review's outcome", value: result))
        }
        if let reason = review.withdrawnReason { outcome.append(Row(key: "Withdrawn", value: reason)) }

        let stages = CaseReviewStep.allCases.compactMap { step -> Stage? in
            let done = Self.completed(step, review)
            let isNext = due?.step == step
            if done == nil && !isNext
                && (step == .appeal && review.response != .appeal || step == .escalation && review.escalatedAt == nil)
            {
                return nil
            }
            var status = done.map { "Done \(DisplayDate.dayAndTime($0))" } ?? ""
            var overdue = false
            if isNext {
                if let dueAt = due?.dueAt {
                    overdue = now > dueAt
                    status = "\(overdue ? "Overdue: was due" : "Due") \(DisplayDate.dayAndTime(dueAt))"
                } else {
                    status = step == .review ? "Waiting: list it for a CT-MARAC meeting" : "Waiting"
                }
            }
            return Stage(label: step.label, status: status, done: done != nil, isNext: isNext, overdue: overdue)
        }

        let title = "ASB Case Review \(review.reference)"
        return try await request.view.render(
            "casereview/show",
            CaseReviewPage(
                layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .caseReviews),
                form: form, reference: review.reference, stateLabel: state.label, isOpen: state == .open,
                nextLabel: due?.step.label, nextDue: due?.dueAt.map(DisplayDate.dayAndTime),
                overdue: due?.isOverdue(at: now) ?? false, applicant: applicant, description: review.description,
                stated: stated.map {
                    Row(
                        key: DisplayDate.civil($0.reportedOn),
                        value: "\($0.madeTo)\($0.reference.map { ", reference \($0)" } ?? "")")
                }, hasStated: !stated.isEmpty,
                caseReference: caseLink(review.$caseRecord.id) == nil
                    ? review.caseRecord.map { _ in "a case your organisation cannot open" }
                    : review.caseRecord?.reference,
                caseHref: caseLink(review.$caseRecord.id),
                caseTitle: caseLink(review.$caseRecord.id) == nil ? nil : review.caseRecord?.title, findings: findings,
                hasFindings: !findings.isEmpty,
                counted: eligibility.counted, threshold: eligibility.threshold, proposed: eligibility.proposed.label,
                needsJudgement: eligibility.needsJudgement, localTest: rules.localTest, warnings: rules.warnings,
                hasWarnings: !rules.warnings.isEmpty, routes: routes.map(\.label), hasRoutes: !routes.isEmpty,
                stages: stages, forms: forms, requests: pageRequests, hasRequests: !pageRequests.isEmpty,
                updates: updates.map { update in
                    Update(
                        sentAt: DisplayDate.dayAndTime(update.sentAt), kind: update.kind.label,
                        method: update.method.label, summary: update.summary, body: update.body,
                        delivery: update.email.map { $0.status.label })
                }, hasUpdates: !updates.isEmpty, outcome: outcome, hasOutcome: !outcome.isEmpty,
                resolution: review.resolutionText, issuedLink: issuedLink))
    }

    static func completed(_ step: CaseReviewStep, _ review: CaseReview) -> Date? {
        switch step {
        case .contact: review.contactedAt
        case .thresholdDecision: review.decidedAt
        case .thresholdLetter: review.decisionLetterAt
        case .review: review.reviewedAt
        case .outcomeLetter: review.outcomeSentAt
        case .actions: review.actionsDoneAt
        case .resolutionLetter: review.resolutionSentAt
        case .applicantResponse: review.respondedAt
        case .appeal: review.appealDecidedAt
        case .escalation: review.escalationOutcomeAt
        }
    }

    /// The single point of contact's forms for where the application stands.
    private static func stepForms(
        _ review: CaseReview, _ arrangements: LoadedArrangements, eligibility: Eligibility, next: CaseReviewStep?,
        form: FormState, today: CivilDate, stepPath: (CaseReviewStep) -> String,
        path: (CaseReviewResource) -> String, on db: any Database
    ) async throws -> [StepForm] {
        var forms: [StepForm] = []
        if review.decidedAt == nil {
            forms.append(
                StepForm(
                    id: "link", heading: review.caseRecord == nil ? "Find the case in Tandem" : "Link a different case",
                    intro:
                        "The complaints are found from the case the application is about and every report the same reporting person made, to any relevant body.",
                    action: path(.link), button: "Link the case",
                    fields: [
                        FormField(
                            name: "case_reference", label: "Case reference", hint: "For example ASB-2026-00004",
                            kind: .text, value: review.caseRecord?.reference ?? "", maxLength: 40)
                    ], form: form))
        }
        func step(_ step: CaseReviewStep, intro: String? = nil, button: String, _ fields: [FormField]) -> StepForm {
            StepForm(
                id: step.rawValue, heading: step.label, intro: intro, action: stepPath(step), button: button,
                fields: fields, form: form)
        }
        switch next {
        case .contact:
            var involvement = CaseReviewFields.radios(
                "involvement", "How the applicant wants to take part", CaseReviewInvolvement.allCases, labels: \.label)
            involvement.options = involvement.options.map {
                Choice(value: $0.value, label: $0.label, selected: $0.value == review.involvement.rawValue)
            }
            forms.append(
                step(
                    .contact,
                    intro:
                        "Explain the process and the choices for taking part. Saving this asks each relevant body's designated officer for its information.",
                    button: "Record the contact",
                    [
                        CaseReviewFields.method(review, label: "How you contacted the applicant"),
                        CaseReviewFields.textarea(
                            "note", "What you explained and agreed",
                            hint: "The applicant reads this on their private page, as the record of your contact."),
                        involvement,
                    ]))
        case .thresholdDecision:
            var decision = CaseReviewFields.radios(
                "decision", "Decision", ThresholdDecision.allCases, labels: \.label)
            decision.hint =
                "Tandem proposes: \(eligibility.proposed.label) (\(eligibility.counted) of \(eligibility.threshold) qualifying complaints). You decide, and may decide otherwise with reasons."
            forms.append(
                step(
                    .thresholdDecision, button: "Record the decision",
                    [decision, CaseReviewFields.textarea("reason", "Reasons, as the applicant will read them")]))
        case .thresholdLetter:
            forms.append(
                step(
                    .thresholdLetter, button: "Send the letter",
                    [
                        CaseReviewFields.method(review),
                        CaseReviewFields.letter(
                            LetterTexts.threshold(
                                review, decision: review.decision ?? .met, reason: review.decisionReason ?? "")),
                    ]))
        case .review:
            let meetings = try await CaseReviewMeetings.choices(
                arrangements, today: today, chosen: review.$meeting.id, on: db)
            forms.append(
                StepForm(
                    id: "listing",
                    heading: review.meeting == nil
                        ? "List the review for a CT-MARAC meeting" : "Move the review to another meeting",
                    intro:
                        "The applicant is invited, whatever way they chose to take part, and the invitation is kept.",
                    action: path(.listing), button: "List the review and invite the applicant",
                    fields: [
                        FormField(
                            name: "meeting_id", label: "Meeting", kind: .select,
                            options: [Choice(value: "", label: "Select a meeting", selected: false)] + meetings),
                        CaseReviewFields.method(review, label: "How the invitation is sent"),
                    ], form: form))
            if review.meeting != nil {
                let bodies = arrangements.bodies.map {
                    Choice(value: $0.$organisation.id.uuidString, label: $0.organisation.name, selected: false)
                }
                let officers = try await CaseReviewMeetings.officers(arrangements, on: db)
                forms.append(
                    step(
                        .review, intro: "Record what the CT-MARAC decided.", button: "Record the review",
                        [
                            FormField(
                                name: "lead_organisation_id", label: "Lead body", kind: .select,
                                options: [Choice(value: "", label: "Select the lead body", selected: false)] + bodies),
                            FormField(
                                name: "lead_officer_id", label: "Case officer", kind: .select,
                                options: [Choice(value: "", label: "Select the case officer", selected: false)]
                                    + officers),
                            CaseReviewFields.yesNo("made_recommendations", "Did the review make recommendations?"),
                            CaseReviewFields.textarea("recommendations", "Recommendations", max: 8000),
                            CaseReviewFields.textarea("action_plan", "Action plan", max: 8000),
                            CaseReviewFields.yesNo("victim_attended", "Did the victim attend, or their advocate?"),
                        ]))
            }
        case .outcomeLetter, .actions:
            if review.outcomeSentAt == nil {
                forms.append(
                    step(
                        .outcomeLetter, button: "Send the outcome",
                        [CaseReviewFields.method(review), CaseReviewFields.letter(LetterTexts.outcome(review))]))
            }
            if review.actionsDoneAt == nil {
                forms.append(
                    step(
                        .actions, button: "Record the actions",
                        [CaseReviewFields.textarea("note", "What the lead officer has done", max: 8000)]))
            }
        case .resolutionLetter:
            if review.resolutionSignedAt == nil {
                forms.append(
                    StepForm(
                        id: "resolution", heading: "Draft the resolution letter",
                        intro: "The chair of the CT-MARAC signs it off before it is sent.", action: path(.resolution),
                        button: "Save the draft and ask the chair to sign it off",
                        fields: [
                            CaseReviewFields.letter(review.resolutionText ?? LetterTexts.resolutionDraft(review))
                        ], form: form))
            } else {
                forms.append(
                    step(
                        .resolutionLetter, intro: "Signed off by the chair. Send it, and offer a meeting.",
                        button: "Send the resolution letter",
                        [
                            CaseReviewFields.method(review),
                            FormField(
                                name: "meeting_offered", label: "A meeting to talk the letter through is offered",
                                kind: .checkbox, checked: true),
                        ]))
            }
        case .applicantResponse:
            forms.append(
                step(
                    .applicantResponse, intro: "The applicant can also answer from their private page.",
                    button: "Record the answer",
                    [
                        CaseReviewFields.radios(
                            "response", "The applicant's answer", ApplicantResponse.allCases, labels: \.label),
                        CaseReviewFields.textarea("note", "What they said", max: 4000),
                    ]))
        case .appeal:
            let seniors = try await CaseReviewMeetings.seniorOfficers(arrangements, on: db)
            forms.append(
                StepForm(
                    id: "appeal-officer",
                    heading: review.appealOfficer == nil
                        ? "Nominate the appeal review officer" : "Nominate a different appeal review officer",
                    intro:
                        "A senior officer of a relevant body who has not worked on the case or sat on the review. Tandem refuses anyone who has.",
                    action: path(.appealOfficer), button: "Nominate",
                    fields: [
                        FormField(
                            name: "officer_id", label: "Appeal review officer", kind: .select,
                            options: [Choice(value: "", label: "Select a senior officer", selected: false)] + seniors)
                    ], form: form))
        case .escalation:
            forms.append(
                step(
                    .escalation, button: "Record the external review's outcome",
                    [CaseReviewFields.textarea("outcome", "The outcome of the external review", max: 4000)]))
        case nil:
            break
        }
        return forms
    }
}
