import Fluent
import TandemCore
import Vapor

/// The panels a user's organisation sits on, one panel's page, the coordinator's decisions on referrals and the
/// meetings they arrange (issue 21, items 2, 3 and 7).
struct PanelsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.panels, use: index)
        routes.get(.panel(.key), use: show)
        routes.post(.panel(.key, .referral(.key)), use: decideReferral)
        routes.post(.panel(.key, .meetings), use: arrangeMeeting)
    }

    @Sendable
    func index(request: Request) async throws -> View {
        let user = try request.authorize(.viewPanels)
        let panels = try await PanelReads.panels(for: user.organisationID, on: request.db)
        let actions = try await PanelActionRows.owned(by: user, request: request)
        return try await request.view.render(
            "panels/index",
            PanelPages.Index(
                layout: request.layout(title: "Panels", section: .panels),
                panels: panels.compactMap { loaded in
                    loaded.panel.id.map {
                        PanelPages.PanelLink(
                            href: SiteURL.panel(.value($0)).path, name: loaded.panel.name,
                            kind: loaded.panel.kind.label, cadence: loaded.panel.cadence,
                            host: loaded.panel.organisation.name)
                    }
                }, hasPanels: !panels.isEmpty, actions: actions, hasActions: !actions.isEmpty))
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let loaded = try await PanelReads.find(request)
        try await request.auditView(
            recordType: .panel, recordID: try loaded.panel.requireID().uuidString,
            summary: "Viewed the panel \(loaded.panel.name)")
        return try await PanelPages.panel(request, loaded, form: FormState())
    }

    struct DecisionInput: Content {
        var decision: String?
        var meetingID: String?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case decision, reason
            case meetingID = "meeting_id"
        }
    }

    /// The coordinator accepts a referral onto a meeting to come, or returns it with a reason.
    @Sendable
    func decideReferral(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let user = try request.authorize(.runPanel(loaded.facts))
        let panelID = try loaded.panel.requireID()
        guard let id = request.parameters.get("referralID", as: UUID.self),
            let referral = try await PanelReferral.query(on: request.db).filter(\.$id == id)
                .filter(\.$panel.$id == panelID).with(\.$caseRecord).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(DecisionInput.self)) ?? DecisionInput()
        let field = "referral-\(id.uuidString)"
        var form = FormState()
        form.keep(["\(field)-reason": input.reason])
        let today = request.today()
        let reason = TextRules.clean(input.reason)
        var meeting: PanelMeeting?
        if referral.status != .waiting { form.add(field, "This referral has already been decided") }
        switch input.decision {
        case "accept":
            if let meetingID = UUID(uuidString: TextRules.clean(input.meetingID)) {
                meeting = try await PanelMeeting.query(on: request.db).filter(\.$id == meetingID)
                    .filter(\.$panel.$id == panelID).filter(\.$heldAt == nil).first()
            }
            if meeting == nil || (meeting?.heldOn ?? today) < today {
                form.add(field, "Select a meeting to come for the case to be heard at")
            }
        case "return":
            if let problem = TextRules.multilineProblem(
                reason, label: "why the referral is returned", required: true, max: 2000)
            {
                form.add(field, problem)
            }
        default:
            form.add(field, "Select whether to accept the referral or return it")
        }
        guard form.isValid else {
            return try await PanelPages.panel(request, loaded, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let record = referral.caseRecord
        let base = Notifier.base(request)
        let accepted = meeting
        try await request.write { work in
            // Checked again inside the write: a form sent twice decides once.
            guard let fresh = try await PanelReferral.find(referral.id, on: work.db), fresh.status == .waiting else {
                throw Abort(.conflict, reason: "This referral has already been decided")
            }
            referral.decidedAt = work.now
            referral.$decidedBy.id = user.id
            if let accepted {
                referral.status = .accepted
                referral.$meeting.id = accepted.id
                try await work.update(referral, "Accepted case \(record.reference) onto \(loaded.panel.name)")
                try await PanelAgenda.add(referral, to: accepted, isNew: true, in: work)
                try await work.timeline(
                    record.requireID(), kind: .task,
                    "\(loaded.panel.name) accepted the referral: to be heard on \(DisplayDate.civil(accepted.heldOn))",
                    actorID: user.id)
            } else {
                referral.status = .returned
                referral.returnReason = reason
                try await work.update(referral, "Returned the referral of case \(record.reference)")
                try await work.timeline(
                    record.requireID(), kind: .task, "\(loaded.panel.name) returned the referral: \(reason)",
                    actorID: user.id)
                if let referrer = referral.$referredBy.id {
                    try await Notifier.notify(
                        [referrer],
                        .init(
                            kind: .panelReferral, caseID: record.id,
                            summary: "\(loaded.panel.name) returned the referral of case \(record.reference)",
                            href: SiteURL.case(.value(try record.requireID()), .panels).path),
                        except: user.id, base: base, in: work)
                }
            }
        }
        return request.redirect(
            to: SiteURL.panel(.value(panelID)).path,
            flash: accepted == nil ? .panelReferralReturned : .panelReferralAccepted)
    }

    struct MeetingInput: Content {
        var heldOn: String?
        var startsAt: String?
        var place: String?

        enum CodingKeys: String, CodingKey {
            case place
            case heldOn = "held_on"
            case startsAt = "starts_at"
        }
    }

    /// A new meeting, today or later. Its agenda starts with every case still on the panel's list.
    @Sendable
    func arrangeMeeting(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let user = try request.authorize(.runPanel(loaded.facts))
        let panelID = try loaded.panel.requireID()
        let input = (try? request.content.decode(MeetingInput.self)) ?? MeetingInput()
        var form = FormState()
        form.keep(["held_on": input.heldOn, "starts_at": input.startsAt, "place": input.place])
        let day = Casework.day(input.heldOn)
        Casework.add(PanelRules.meetingProblems(on: day, today: request.today()), to: &form)
        let startsAt = TextRules.clean(input.startsAt)
        if Casework.minute(startsAt) == nil { form.add("starts_at", "Enter the time the meeting starts, like 10:00") }
        let place = TextRules.clean(input.place)
        if let problem = TextRules.problem(place, label: "where the meeting is held", max: 200) {
            form.add("place", problem)
        }
        if !loaded.panel.active { form.add("held_on", "The panel is stood down: it holds no new meetings") }
        guard form.isValid, let day else {
            return try await PanelPages.panel(request, loaded, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let today = request.today()
        let meeting = PanelMeeting()
        meeting.$panel.id = panelID
        meeting.heldOn = day
        meeting.startsAt = startsAt
        meeting.place = place
        meeting.createdAt = request.now
        meeting.$createdBy.id = user.id
        try await request.write { work in
            try await work.insert(
                meeting, "Arranged a meeting of \(loaded.panel.name) on \(DisplayDate.civil(day))")
            try await PanelAgenda.carryListedCases(panelID: panelID, today: today, in: work)
        }
        return request.redirect(
            to: SiteURL.panel(.value(panelID), .meeting(.value(try meeting.requireID()))).path,
            flash: .meetingArranged)
    }
}

/// Building a meeting's agenda: a referral accepted onto it, and the cases still on the panel's list, reviewed at
/// the next meeting until the panel closes them (Camden reviews every client's plan at every meeting, 000 s.3).
enum PanelAgenda {
    static func add(_ referral: PanelReferral, to meeting: PanelMeeting, isNew: Bool, in work: UnitOfWork)
        async throws
    {
        let meetingID = try meeting.requireID()
        let count = try await PanelItem.query(on: work.db).filter(\.$meeting.$id == meetingID).count()
        let item = PanelItem()
        item.$meeting.id = meetingID
        item.$caseRecord.id = referral.$caseRecord.id
        item.$referral.id = try referral.requireID()
        item.isNew = isNew
        item.position = count + 1
        try await work.insert(
            item, isNew ? "Added a new case to the agenda" : "Added a case still on the panel's list to the agenda")
    }

    /// Every case on the panel's list that is not already on a meeting still to be held goes onto the earliest
    /// such meeting: called when a meeting is arranged and when one is recorded as held.
    /// A meeting left unheld in the past is not the next one: the earliest from `today` on is.
    static func carryListedCases(panelID: UUID, today: CivilDate, in work: UnitOfWork) async throws {
        guard
            let next = try await PanelMeeting.query(on: work.db).filter(\.$panel.$id == panelID)
                .filter(\.$heldAt == nil).filter(\.$heldOn >= today).sort(\.$heldOn).sort(\.$createdAt).first()
        else { return }
        let listed = try await PanelReferral.query(on: work.db).filter(\.$panel.$id == panelID)
            .filter(\.$status == .accepted).all()
        guard !listed.isEmpty else { return }
        let pending = try await PanelMeeting.query(on: work.db).filter(\.$panel.$id == panelID)
            .filter(\.$heldAt == nil).filter(\.$heldOn >= today).all().compactMap(\.id)
        let scheduled = Set(
            try await PanelItem.query(on: work.db).filter(\.$meeting.$id ~~ pending).all().map(\.$referral.id))
        for referral in listed where !scheduled.contains(referral.id ?? UUID()) {
            try await add(referral, to: next, isNew: false, in: work)
        }
    }
}
