import Fluent
import Foundation
import TandemCore
import Vapor

/// The "Interventions and referrals" page.
enum SupportPageBuilder {
    /// The tab again, with the form's problems, answered 400.
    static func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    static func path(_ record: CaseRecord) throws -> String {
        SiteURL.case(.value(try record.requireID()), .support).path
    }

    /// The person on the case a form chose, or nil with a problem when the choice is not one of them.
    static func party(_ request: Request, caseID: UUID, raw: String?, form: inout FormState, field: String)
        async throws -> CaseParty?
    {
        guard let raw, !raw.isEmpty else { return nil }
        let found = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID).with(\.$person).all()
            .first { $0.id?.uuidString == raw }
        if found == nil { form.add(field, "Select a person on this case") }
        return found
    }

    struct BreachRow: Encodable {
        var on: String
        var details: String
        var action: String?
    }

    struct InterventionRow: Encodable {
        var id: String
        var label: String
        var who: String?
        var started: String
        var review: String?
        var ends: String?
        var terms: String?
        var guardians: String?
        var engagement: String
        var outcome: String?
        var outcomeNotes: String?
        var active: Bool
        var breaches: [BreachRow]
        var hasBreaches: Bool
        var error: String?
        var breachError: String?
        /// Where the engagement or outcome is posted.
        var action: String
        /// Where a breach is posted.
        var breachAction: String
    }

    struct UpdateRow: Encodable {
        var when: String
        var status: String
        var note: String?
    }

    struct ReferralRow: Encodable {
        var id: String
        var service: String
        var organisation: String?
        var who: String?
        var asked: String
        var sent: String
        var replyDue: String
        var status: String
        var chaseDue: Bool
        var next: [Choice]
        var canChange: Bool
        var updates: [UpdateRow]
        var error: String?
        /// Where the referral's update is posted.
        var action: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var suggested: [String]
        var abuseOrHate: Bool
        var interventions: [InterventionRow]
        var hasInterventions: Bool
        var referrals: [ReferralRow]
        var hasReferrals: Bool
        var chaseDue: Int
        var kinds: [Choice]
        var services: [Choice]
        var parties: [Choice]
        var engagements: [Choice]
        var outcomes: [Choice]
        var today: String
    }

    static func render(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> View
    {
        let db = request.db
        let caseID = try record.requireID()
        let links = CaseLinks(caseID)
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        let parties = try await Casework.parties(caseID, on: db)
        let interventions = try await Intervention.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt, .descending).all()
        let breaches = try await InterventionBreach.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$occurredOn).all()
        let referrals = try await Referral.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt, .descending).all()
        let updates = try await ReferralUpdate.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt).all()
        let abuseOrHate = try await CaseFacts.abuseOrHate(record, on: db)
        let respondent = parties.first { $0.role == PartyRole.respondent }
        func who(_ id: UUID?) -> String? { parties.first { $0.id == id && id != nil }.map(Casework.partyLabel) }

        let referralRows = referrals.map { referral in
            let status = referral.status
            var next = status.next.map { Choice(value: $0.rawValue, label: $0.label, selected: false) }
            if status.awaitingReply {
                next.insert(
                    Choice(
                        value: ReferralUpdateStatus.chased.rawValue, label: "Chased: still waiting for a reply",
                        selected: false), at: 0)
            }
            return ReferralRow(
                id: referral.id?.uuidString ?? "", service: referral.serviceLabel,
                organisation: referral.organisationName, who: who(referral.$party.id), asked: referral.asked,
                sent: DisplayDate.civil(referral.sentOn), replyDue: DisplayDate.civil(referral.replyDueOn),
                status: status.label,
                chaseDue: ReferralRules.isChaseDue(status: status, replyDueOn: referral.replyDueOn, today: today),
                next: next, canChange: !next.isEmpty,
                updates: updates.filter { $0.$referral.id == referral.id }.map {
                    UpdateRow(when: DisplayDate.dayAndTime($0.recordedAt), status: $0.status.label, note: $0.note)
                }, error: form.errors["referral-\(referral.id?.uuidString ?? "")"],
                action: referral.id.map { links.to(.referral(.value($0))) } ?? "")
        }
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Interventions and referrals, case \(record.reference)",
                section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .support),
            suggested: InterventionRules.suggested(
                abuseOrHate: abuseOrHate, respondentUnder18: Casework.under18(respondent, today: today)
            ).map(\.label),
            abuseOrHate: abuseOrHate,
            interventions: interventions.map { row in
                let id = row.id?.uuidString ?? ""
                let rowBreaches = breaches.filter { $0.$intervention.id == row.id }
                return InterventionRow(
                    id: id, label: row.label, who: who(row.$party.id), started: DisplayDate.civil(row.startedOn),
                    review: row.reviewOn.map(DisplayDate.civil), ends: row.endsOn.map(DisplayDate.civil),
                    terms: row.terms, guardians: row.guardians, engagement: row.engagement.label,
                    outcome: row.outcome?.label, outcomeNotes: row.outcomeNotes, active: row.status == .active,
                    breaches: rowBreaches.map {
                        BreachRow(on: DisplayDate.civil($0.occurredOn), details: $0.details, action: $0.actionTaken)
                    },
                    hasBreaches: !rowBreaches.isEmpty, error: form.errors["intervention-\(id)"],
                    breachError: form.errors["breach-\(id)"],
                    action: row.id.map { links.to(.intervention(.value($0))) } ?? "",
                    breachAction: row.id.map { links.to(.interventionBreaches(.value($0))) } ?? "")
            },
            hasInterventions: !interventions.isEmpty,
            referrals: referralRows, hasReferrals: !referrals.isEmpty,
            chaseDue: referralRows.filter(\.chaseDue).count,
            kinds: Choice.list(InterventionKind.allCases, value: \.rawValue, label: \.label, selected: []),
            services: Choice.list(SupportService.allCases, value: \.rawValue, label: \.label, selected: []),
            parties: Casework.partyChoices(parties),
            engagements: Choice.list(Engagement.allCases, value: \.rawValue, label: \.label, selected: []),
            outcomes: Choice.list(InterventionOutcome.allCases, value: \.rawValue, label: \.label, selected: []),
            today: today.description)
        return try await request.view.render("casework/support", page)
    }
}
