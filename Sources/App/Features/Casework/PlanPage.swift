import Fluent
import Foundation
import TandemCore
import Vapor

/// The "Plan and contact" page: interviews, the next step with the
/// respondent, the action plan with its reviews, and the promised contact.
enum PlanPageBuilder {
    /// The plan page again, with the form's problems, answered 400.
    static func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    static func path(_ record: CaseRecord) throws -> String { SiteURL.case(.value(try record.requireID()), .plan).path }

    struct InterviewRow: Encodable {
        var when: String
        var who: String
        var kind: String
        var detail: String
        var notesGiven: String?
        var by: String
    }

    struct ActionRow: Encodable {
        var id: String
        var description: String
        var owner: String
        var due: String
        var status: String
        var isOpen: Bool
        var overdue: Bool
        var error: String?
        /// Where the action's new status is posted.
        var action: String
        /// A partner that owns the open action may mark it done (issue 19); the owning team has the full form.
        var mayComplete: Bool
        var doneBy: String?
        /// Agreed at a panel meeting (issue 21): its owner reports on it under Panels.
        var fromPanel: Bool
    }

    struct ReviewRow: Encodable {
        var heldOn: String
        var attendees: String
        var progress: String
        var nextSteps: String?
        var nextReview: String?
        var by: String
    }

    struct RevisionRow: Encodable {
        var version: Int
        var when: String
        var change: String
        var by: String
    }

    struct ContactRow: Encodable {
        var when: String
        var channel: String
        var withWhom: String
        var summary: String
        var by: String
    }

    struct DecisionRow: Encodable {
        var when: String
        var suggested: String
        var decided: String
        var reason: String
        var by: String
    }

    struct PlanView: Encodable {
        var version: Int
        var drawnUpOn: String
        var evidencePlan: String
        var contact: String
        var firstReview: String
        var nextReview: String
        var agreed: String?
        var needsAgreement: Bool
    }

    struct ContactPanel: Encodable {
        var frequency: String
        var nextDue: String?
        var state: String?
        var stateLabel: String?
        var lastContact: String?
        var rows: [ContactRow]
        var hasRows: Bool
        var channels: [Choice]
        var today: String
        var time: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var contact: ContactPanel
        var interviews: [InterviewRow]
        var hasInterviews: Bool
        var interviewees: [Choice]
        var suggestion: [String]
        var suggestionReason: String
        var steps: [Choice]
        var respondents: [Choice]
        var hasRespondents: Bool
        var decisions: [DecisionRow]
        var hasDecisions: Bool
        var plan: PlanView?
        var firstReviewIfNew: String
        var frequencies: [Choice]
        var actions: [ActionRow]
        var hasActions: Bool
        var owners: [Choice]
        /// The owning team's officers, and the partner organisations in Tandem (with "an outside body"), that
        /// an action's owner is chosen from.
        var officerChoices: [Choice]
        var partnerChoices: [Choice]
        /// The actions table has a column of forms: the team's, or a partner's "Mark as done".
        var showUpdates: Bool
        var statuses: [Choice]
        var agreementMethods: [Choice]
        var reviews: [ReviewRow]
        var hasReviews: Bool
        var revisions: [RevisionRow]
        var householdAtRisk: String?
    }

    static func render(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> View
    {
        try await request.view.render("casework/plan", build(request, record: record, facts: facts, form: form))
    }

    static func build(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> Page
    {
        let db = request.db
        let caseID = try record.requireID()
        let now = request.now
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(now).day
        let parties = try await Casework.parties(caseID, on: db)
        let interviews = try await Interview.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$recordedBy)
            .sort(\.$recordedAt, .descending).all()
        let plan = try await ActionPlan.query(on: db).filter(\.$caseRecord.$id == caseID).first()
        let actions = try await PlanAction.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$ownerOrganisation).with(\.$ownerUser).with(\.$doneBy)
            .sort(\.$dueOn).sort(\.$addedAt).all()
        let header = try Casework.header(request, record, facts: facts, current: .plan)
        // The owner lists only where the form to add an action is shown: the owning team, on a drawn-up plan.
        let addsActions = header.mayWork && plan != nil
        let officers =
            addsActions ? try await Allocation.officers(of: record.$organisation.id, on: db) : []
        let partners =
            addsActions
            ? try await Organisation.query(on: db).filter(\.$active == true)
                .filter(\.$id != record.$organisation.id).sort(\.$name).all() : []
        let reviews = try await ReviewMeeting.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$recordedBy)
            .sort(\.$heldOn, .descending).all()
        let revisions = try await PlanRevision.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$recordedBy).sort(\.$version, .descending).limit(50).all()
        let contacts = try await ContactLog.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$recordedBy)
            .sort(\.$contactedAt, .descending).limit(20).all()
        let decisions = try await RespondentDecision.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$decidedBy).sort(\.$decidedAt, .descending).all()
        let suggestion = CorrespondenceRules.suggest(try await RespondentFactsLoader.load(record, on: db))

        let local = calendar.local(now)
        // A partner sees a "Mark as done" on the open actions its organisation owns (issue 19, item 3).
        let partnerCompletes = !header.mayWork && record.isActive
        let rows = actionRows(
            actions, team: record.$organisation.id, links: CaseLinks(caseID), today: today, form: form
        ) { action in
            partnerCompletes
                && request.may(.completeOwnedWork(facts, ownerOrganisationID: action.$ownerOrganisation.id))
        }
        let contactState = record.nextContactDueAt.map { ContactPromise.state(due: $0, now: now, calendar: calendar) }
        let latestInterview = interviews.first { $0.kind == .reportingPerson }?.interviewedOn
        let firstReview = PlanRules.firstReview(interviewedOn: latestInterview ?? today, calendar: calendar)

        return Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Plan and contact, case \(record.reference)", section: .cases),
            form: form,
            header: header,
            contact: ContactPanel(
                frequency: record.promisedFrequency.label,
                nextDue: record.nextContactDueAt.map(DisplayDate.dayAndTime),
                state: contactState?.rawValue, stateLabel: contactState?.label,
                lastContact: record.lastContactAt.map(DisplayDate.dayAndTime),
                rows: contacts.map {
                    ContactRow(
                        when: DisplayDate.dayAndTime($0.contactedAt),
                        channel: $0.channel.label, withWhom: $0.withWhom,
                        summary: $0.summary, by: $0.recordedBy.displayName)
                }, hasRows: !contacts.isEmpty,
                channels: Choice.list(ContactChannel.allCases, value: \.rawValue, label: \.label, selected: ["phone"]),
                today: today.description,
                time: String(format: "%02d:%02d", local.minute / 60, local.minute % 60)),
            interviews: interviews.map { interview in
                let answers = interview.decodedAnswers
                let kind = interview.kind
                let detail =
                    kind == .respondent
                    ? (interview.allegationResponse?.label ?? "")
                    : "Outcome wanted: \(answers["outcome_wanted"] ?? "")"
                return InterviewRow(
                    when: DisplayDate.civil(interview.interviewedOn),
                    who: parties.first { $0.id == interview.$party.id }.map(Casework.partyLabel) ?? "",
                    kind: kind.label, detail: detail,
                    notesGiven: interview.notesGivenOn.map(DisplayDate.civil),
                    by: interview.recordedBy.displayName)
            },
            hasInterviews: !interviews.isEmpty,
            interviewees: Casework.partyChoices(parties, roles: [.reportingPerson, .respondent]),
            suggestion: suggestion.steps.map(\.label), suggestionReason: suggestion.reason,
            steps: Choice.list(RespondentStep.allCases, value: \.rawValue, label: \.label, selected: []),
            respondents: Casework.partyChoices(parties, roles: [.respondent]),
            hasRespondents: parties.contains { $0.role == PartyRole.respondent },
            decisions: decisions.map {
                DecisionRow(
                    when: DisplayDate.dayAndTime($0.decidedAt),
                    suggested: $0.suggested.split(separator: ",").compactMap {
                        RespondentStep(rawValue: String($0))?.label
                    }.joined(separator: "; "),
                    decided: $0.decided.label, reason: $0.reason,
                    by: $0.decidedBy.displayName)
            },
            hasDecisions: !decisions.isEmpty,
            plan: plan.map { plan in
                PlanView(
                    version: plan.version, drawnUpOn: DisplayDate.civil(plan.drawnUpOn),
                    evidencePlan: plan.evidencePlan, contact: plan.contactLabel,
                    firstReview: DisplayDate.civil(plan.firstReviewOn),
                    nextReview: DisplayDate.civil(plan.nextReviewOn), agreed: plan.agreementLabel,
                    needsAgreement: !plan.isAgreed)
            },
            firstReviewIfNew: DisplayDate.civil(firstReview),
            frequencies: Choice.list(
                ContactFrequency.allCases, value: { String($0.rawValue) }, label: \.label,
                selected: [String(plan?.contactFrequency ?? record.promisedFrequency.rawValue)]),
            actions: rows,
            hasActions: !actions.isEmpty,
            owners: Choice.list(
                ActionOwner.allCases, value: \.rawValue, label: \.label, selected: [form.values["action_owner"] ?? ""]),
            officerChoices: officers.map {
                Choice(
                    value: $0.id.uuidString, label: $0.displayName,
                    selected: $0.id.uuidString == (form.values["action_owner_user"] ?? record.$officer.id?.uuidString))
            },
            partnerChoices: partners.compactMap { organisation in
                organisation.id.map {
                    Choice(
                        value: $0.uuidString, label: organisation.name,
                        selected: form.values["action_owner_organisation"] == $0.uuidString)
                }
            }
                + [
                    Choice(
                        value: PlanController.outsideBody, label: "An outside body not on Tandem",
                        selected: form.values["action_owner_organisation"] == PlanController.outsideBody)
                ],
            showUpdates: header.mayWork || rows.contains(where: \.mayComplete),
            statuses: Choice.list(
                [ActionStatus.done, .dropped], value: \.rawValue, label: \.label, selected: []),
            agreementMethods: Choice.list(AgreementMethod.allCases, value: \.rawValue, label: \.label, selected: []),
            reviews: reviews.map {
                ReviewRow(
                    heldOn: DisplayDate.civil($0.heldOn), attendees: $0.attendees, progress: $0.progress,
                    nextSteps: $0.nextSteps, nextReview: $0.nextReviewOn.map(DisplayDate.civil),
                    by: $0.recordedBy.displayName)
            },
            hasReviews: !reviews.isEmpty,
            revisions: revisions.map {
                RevisionRow(
                    version: $0.version, when: DisplayDate.dayAndTime($0.recordedAt), change: $0.change,
                    by: $0.recordedBy.displayName)
            },
            householdAtRisk: record.householdAtRiskAt.map(DisplayDate.dayAndTime))
    }

    /// "on 23 November 2026 by PC Dan Hughes (Riverside Safer Neighbourhoods Police)", as far as it was loaded:
    /// who closed the action and, when a partner that owns it did, the partner, so the team sees the partner's
    /// work (issue 19). The partner is the action's owning organisation, loaded with it: no statement more.
    static func closedBy(_ action: PlanAction, team: UUID) -> String? {
        guard let day = action.doneOn else { return nil }
        var text = "on \(DisplayDate.civil(day))"
        if let user = action.$doneBy.value ?? nil {
            text += " by \(user.displayName)"
            if user.$organisation.id != team, let owner = action.$ownerOrganisation.value ?? nil,
                owner.id == user.$organisation.id
            {
                text += " (\(owner.name))"
            }
        }
        return text
    }

    /// The plan's actions as the plan page and its printable copy show them.
    static func actionRows(
        _ actions: [PlanAction], team: UUID, links: CaseLinks, today: CivilDate, form: FormState,
        mayComplete: (PlanAction) -> Bool = { _ in false }
    ) -> [ActionRow] {
        actions.map { action in
            let open = action.status == .open
            return ActionRow(
                id: action.id?.uuidString ?? "", description: action.description, owner: action.ownerLabel,
                due: DisplayDate.civil(action.dueOn),
                status: open && action.progress != nil && action.progress != .done
                    ? "Open: \(action.progress?.label.lowercased() ?? "")" : action.status.label,
                isOpen: open, overdue: open && action.dueOn < today,
                error: form.errors["action-\(action.id?.uuidString ?? "")"],
                action: action.id.map { links.to(.planAction(.value($0))) } ?? "",
                mayComplete: open && mayComplete(action),
                doneBy: closedBy(action, team: team), fromPanel: action.$panelItem.id != nil)
        }
    }

}

/// What the case shows about the respondent side, for the correspondence rules.
enum RespondentFactsLoader {
    static func load(_ record: CaseRecord, on db: any Database) async throws -> RespondentFacts {
        let caseID = try record.requireID()
        let respondentLetters = try await Letter.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$audience == LetterAudience.respondent).sort(\.$recordedAt).all()
        let warningLetters = respondentLetters.filter { $0.templateKey == "warning_letter" }
        let warningInterventions = try await Intervention.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$kind ~~ [InterventionKind.writtenWarning, InterventionKind.verbalWarning])
            .sort(\.$recordedAt).all()
        let firstWarning = [warningLetters.first?.recordedAt, warningInterventions.first?.recordedAt].compactMap { $0 }
            .min()
        var persisting = false
        if let firstWarning {
            let laterReports = try await Report.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$receivedAt > firstWarning).count()
            let laterEntries = try await DiaryEntry.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$occurredAt > firstWarning).count()
            persisting = laterReports + laterEntries > 0
        }
        let evidence = try await EvidenceItem.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$kind ~~ EvidenceKind.allCases.filter(\.corroborates)).count()
        let respondentInterviews = try await Interview.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$kind == InterviewKind.respondent).all()
        let assessedVulnerable = try await RespondentAssessmentRecord.query(on: db)
            .filter(\.$caseRecord.$id == caseID).all().contains { !$0.factors.isEmpty && $0.factors != "none" }
        let mentalHealth = try await MentalHealthRecord.query(on: db).filter(\.$caseRecord.$id == caseID).count()
        return RespondentFacts(
            risk: record.riskLevel, notifiedInWriting: !respondentLetters.isEmpty,
            warned: firstWarning != nil, persisting: persisting, sufficientEvidence: evidence > 0,
            vulnerable: assessedVulnerable || mentalHealth > 0
                || respondentInterviews.contains { $0.decodedAnswers["vulnerable"] == "yes" },
            interviewed: !respondentInterviews.isEmpty)
    }
}
