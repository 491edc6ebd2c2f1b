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
        /// Sent through Tandem: to whom and under which agreement, and the receiving organisation's answer.
        var tandem: String?
        var answer: String?
        var declineReason: String?
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
        /// Whether referrals to health and care services are listed; when not, the page says so in the same
        /// words whether or not there are any (a count would itself say a health referral exists).
        var seesSpecialCategory: Bool
        var chaseDue: Int
        var kinds: [Choice]
        var services: [Choice]
        var parties: [Choice]
        /// The referral form's person, kept after a problem.
        var referralParties: [Choice]
        var referralSentOn: String
        var tandem: TandemReferral.Options?
        var hasTandem: Bool
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
        let referrals = try await referralsWithAnswers(caseID, on: db)
        let updates = try await ReferralUpdate.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt).all()
        let abuseOrHate = try await CaseFacts.abuseOrHate(record, on: db)
        let respondent = parties.first { $0.role == PartyRole.respondent }
        func who(_ id: UUID?) -> String? { parties.first { $0.id == id && id != nil }.map(Casework.partyLabel) }

        // Referrals that speak of someone's health are shown only where the special category section is open.
        let seesSpecialCategory = request.may(.viewSection(facts, .specialCategory))
        let shown = referrals.filter { seesSpecialCategory || !$0.isSpecialCategory }
        let referralRows = shown.map { referral in
            let status = referral.status
            let choices = referral.throughTandem ? ReferralSharing.referrerChoices(status) : status.next
            var next = choices.map { Choice(value: $0.rawValue, label: $0.label, selected: false) }
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
                tandem: tandemLine(referral), answer: answerLine(referral), declineReason: referral.declineReason,
                next: next, canChange: !next.isEmpty,
                updates: updates.filter { $0.$referral.id == referral.id }.map {
                    UpdateRow(when: DisplayDate.dayAndTime($0.recordedAt), status: $0.status.label, note: $0.note)
                }, error: form.errors["referral-\(referral.id?.uuidString ?? "")"],
                action: referral.id.map { links.to(.referral(.value($0))) } ?? "")
        }
        // Only those who may refer are offered the organisations and agreements.
        let mayRefer = request.may(.workCase(facts)) && record.isActive
        let tandem =
            mayRefer
            ? try await TandemReferral.options(
                request, people: SharingPage.people(from: parties), facts: facts, form: form) : nil
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
            referrals: referralRows, hasReferrals: !shown.isEmpty,
            seesSpecialCategory: seesSpecialCategory,
            chaseDue: referralRows.filter(\.chaseDue).count,
            kinds: Choice.list(InterventionKind.allCases, value: \.rawValue, label: \.label, selected: []),
            services: Choice.list(
                SupportService.allCases, value: \.rawValue, label: \.label,
                selected: Set([form.values["service"] ?? ""])),
            parties: Casework.partyChoices(parties),
            referralParties: Casework.partyChoices(parties, selected: form.values["referral_party"]),
            referralSentOn: form.values["sent_on"] ?? today.description,
            tandem: tandem, hasTandem: tandem != nil,
            engagements: Choice.list(Engagement.allCases, value: \.rawValue, label: \.label, selected: []),
            outcomes: Choice.list(InterventionOutcome.allCases, value: \.rawValue, label: \.label, selected: []),
            today: today.description)
        return try await request.view.render("casework/support", page)
    }

    /// The case's referrals, newest first, each with the organisation it was sent to through Tandem, the
    /// agreement and whoever answered, in the one statement the tab had before referrals went through Tandem.
    static func referralsWithAnswers(_ caseID: UUID, on db: any Database) async throws -> [Referral] {
        let rows = try await Referral.query(on: db).filter(\.$caseRecord.$id == caseID)
            .join(Organisation.self, on: \Referral.$toOrganisation.$id == \Organisation.$id, method: .left)
            .join(User.self, on: \Referral.$answeredBy.$id == \User.$id, method: .left)
            .join(SharingAgreement.self, on: \Referral.$agreement.$id == \SharingAgreement.$id, method: .left)
            .sort(\.$recordedAt, .descending).all()
        // A parent that is set must have joined, so its decoding error is not hidden as "none".
        for referral in rows {
            referral.$toOrganisation.value = .some(
                referral.$toOrganisation.id == nil ? nil : try referral.joined(Organisation.self))
            referral.$answeredBy.value = .some(referral.$answeredBy.id == nil ? nil : try referral.joined(User.self))
            referral.$agreement.value = .some(
                referral.$agreement.id == nil ? nil : try referral.joined(SharingAgreement.self))
        }
        return rows
    }

    static func tandemLine(_ referral: Referral) -> String? {
        guard let organisation = referral.toOrganisation else { return nil }
        let agreement = referral.agreement.map { " under \"\($0.title)\"" } ?? ""
        return "Sent through Tandem to \(organisation.name)\(agreement); shares on acceptance: "
            + ShareSection.labels(referral.shareSectionSet)
    }

    /// Who answered for the receiving organisation, and when.
    static func answerLine(_ referral: Referral) -> String? {
        guard let organisation = referral.toOrganisation, let answeredAt = referral.answeredAt else { return nil }
        let verb = referral.declineReason != nil ? "Declined" : "Accepted"
        let who = referral.answeredBy?.displayName ?? "someone"
        return "\(verb) by \(who) (\(organisation.name)) on \(DisplayDate.day(answeredAt))"
    }
}
