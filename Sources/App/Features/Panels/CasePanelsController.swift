import Fluent
import TandemCore
import Vapor

/// A case's Panels tab (issue 21, item 2): every referral of the case to a panel, what each meeting decided
/// about it, and the form that refers it, with the reason and the questions for the panel.
struct CasePanelsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .panels), use: show)
        routes.post(.case(.key, .panels), use: refer)
    }

    struct ReferralInput: Content {
        var panelID: String?
        var reason: String?
        var questions: String?

        enum CodingKeys: String, CodingKey {
            case reason, questions
            case panelID = "panel_id"
        }
    }

    struct ReferralRow: Encodable {
        var panel: String
        var panelHref: String?
        var referredOn: String
        var how: String
        var status: String
        var isRepeat: Bool
        var reason: String
        var questions: String
        var returnReason: String?
        var closingDecision: String?
        var heard: [HeardRow]
        var hasHeard: Bool
    }

    struct HeardRow: Encodable {
        var meeting: String
        var decisions: String
        var lead: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var header: Casework.Header
        var form: FormState
        var referrals: [ReferralRow]
        var hasReferrals: Bool
        var panels: [Choice]
        var mayRefer: Bool
        var action: String
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewDisclosureLog(facts))
        try await request.auditView(
            recordType: .`case`, recordID: try record.requireID().uuidString,
            summary: "Viewed the panel referrals of case \(record.reference)")
        return try await render(request, record, facts, form: FormState())
    }

    @Sendable
    func refer(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let input = (try? request.content.decode(ReferralInput.self)) ?? ReferralInput()
        var form = FormState()
        form.keep(["panel_id": input.panelID, "reason": input.reason, "questions": input.questions])
        let reason = TextRules.clean(input.reason)
        let questions = TextRules.clean(input.questions)
        if let problem = TextRules.multilineProblem(
            reason, label: "why the case is referred", required: true, max: 2000)
        {
            form.add("reason", problem)
        }
        if let problem = TextRules.multilineProblem(
            questions, label: "the questions for the panel", required: true, max: 2000)
        {
            form.add("questions", problem)
        }
        // A forged or stale panel id, a panel that is stood down, or one the case's organisation does not sit on:
        // refused on the form, nothing saved.
        let panelID = UUID(uuidString: TextRules.clean(input.panelID))
        let loaded = try await panelID.asyncMap { try await PanelReads.load($0, on: request.db) } ?? nil
        if let loaded, loaded.panel.active, request.may(.referToPanel(facts, loaded.facts)) {
            let open = try await PanelReferral.query(on: request.db).filter(\.$caseRecord.$id == record.requireID())
                .filter(\.$panel.$id == loaded.panel.requireID()).filter(\.$status ~~ [.waiting, .accepted]).count()
            if open > 0 { form.add("panel_id", "The case is already referred to \(loaded.panel.name)") }
            // The host runs the meetings and records the decisions: a case it cannot see could never be heard.
            if !PanelRules.seesItem(facts, organisationID: loaded.panel.$organisation.id) {
                form.add(
                    "panel_id",
                    "Share the case with \(loaded.panel.organisation.name) first: it runs the panel and must see the case"
                )
            }
        } else {
            form.add("panel_id", "Select a panel your organisation sits on")
        }
        guard form.isValid, let loaded else {
            return try await render(request, record, facts, form: form).encodeResponse(
                status: .badRequest, for: request)
        }
        let today = request.today()
        let base = Notifier.base(request)
        try await request.write { work in
            try await PanelReferrals.refer(
                record, to: loaded.panel, reason: reason, questions: questions, automatic: false, by: user.id,
                today: today, base: base, in: work)
        }
        return request.redirect(to: SiteURL.case(.value(try record.requireID()), .panels).path, flash: .panelReferred)
    }

    private func render(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, form: FormState)
        async throws -> View
    {
        let caseID = try record.requireID()
        let referrals = try await PanelReferral.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .with(\.$panel).sort(\.$referredAt, .descending).all()
        let items = try await PanelItem.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$recordedAt != nil).with(\.$meeting).with(\.$leadOrganisation).with(\.$caseManager).all()
        let user = try request.requireUser()
        let panels = try await PanelReads.panels(for: user.organisationID, on: request.db).filter {
            request.may(.referToPanel(facts, $0.facts))
        }
        let rows = referrals.map { referral in
            let heard = items.filter { $0.$referral.id == referral.id }.sorted { $0.meeting.heldOn < $1.meeting.heldOn }
                .map { item in
                    HeardRow(
                        meeting: DisplayDate.civil(item.meeting.heldOn), decisions: item.decisions ?? "",
                        lead: [item.leadOrganisation?.name, item.caseManager?.displayName].compactMap { $0 }
                            .joined(separator: ", "))
                }
            let visible = panels.contains { $0.panel.id == referral.$panel.id }
            return ReferralRow(
                panel: referral.panel.name,
                panelHref: visible ? SiteURL.panel(.value(referral.$panel.id)).path : nil,
                referredOn: DisplayDate.civil(referral.referredOn),
                how: referral.automatic ? "Automatically, by the risk band" : "By the case's team",
                status: referral.status.label, isRepeat: referral.isRepeat, reason: referral.reason,
                questions: referral.questions, returnReason: referral.returnReason,
                closingDecision: referral.closingDecision, heard: heard, hasHeard: !heard.isEmpty)
        }
        let title = "Panels: \(record.reference)"
        return try await request.view.render(
            "panels/case",
            Page(
                layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .cases),
                header: try Casework.header(request, record, facts: facts, current: .panels), form: form,
                referrals: rows, hasReferrals: !rows.isEmpty,
                panels: panels.compactMap { loaded in
                    loaded.panel.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(loaded.panel.name) (\(loaded.panel.kind.label))",
                            selected: form.values["panel_id"] == $0.uuidString)
                    }
                },
                mayRefer: request.may(.workCase(facts)) && record.isActive && !panels.isEmpty,
                action: SiteURL.case(.value(caseID), .panels).path))
    }
}
