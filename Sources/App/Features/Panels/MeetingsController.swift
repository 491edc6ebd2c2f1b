import Fluent
import TandemCore
import Vapor

/// A meeting: the members' research before it, then attendance, each case's discussion, risk summary,
/// decisions, lead agency and case manager, and its timed actions (issue 21, items 3 and 4).
struct MeetingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.panel(.key, .meeting(.key)), use: show)
        routes.post(.panel(.key, .attendance(.key)), use: recordAttendance)
        routes.post(.panel(.key, .item(.key, .key)), use: recordItem)
        routes.post(.panel(.key, .itemActions(.key, .key)), use: addAction)
        routes.post(.panel(.key, .research(.key, .key)), use: recordResearch)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let loaded = try await PanelReads.find(request)
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        try await request.auditView(
            recordType: .panelMeeting, recordID: try meeting.requireID().uuidString,
            summary: "Viewed the meeting of \(loaded.panel.name) on \(DisplayDate.civil(meeting.heldOn))")
        return try await MeetingPage.render(request, loaded, meeting, form: FormState())
    }

    private func fail(_ request: Request, _ loaded: PanelReads.Loaded, _ meeting: PanelMeeting, _ form: FormState)
        async throws -> Response
    {
        try await MeetingPage.render(request, loaded, meeting, form: form).encodeResponse(
            status: .badRequest, for: request)
    }

    private func back(_ loaded: PanelReads.Loaded, _ meeting: PanelMeeting, fragment: String? = nil) throws -> String {
        let url = SiteURL.panel(.value(try loaded.panel.requireID()), .meeting(.value(try meeting.requireID())))
        return fragment.map { url.path(fragment: $0) } ?? url.path
    }

    /// Who came for each member organisation, or sent apologies. Recording it marks the meeting as held, and the
    /// cases kept on the panel's list move onto the next meeting's agenda.
    @Sendable
    func recordAttendance(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        try request.authorize(.runPanel(loaded.facts))
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let meetingID = try meeting.requireID()
        var form = FormState()
        if meeting.heldOn > request.today() {
            form.add("attendance", "Attendance is recorded on or after the day of the meeting")
        }
        var typed: [(UUID, Attendance, String)] = []
        for (id, name) in loaded.organisations {
            let prefix = "attendance-\(id.uuidString)"
            let statusText = try? request.content.get(String.self, at: "\(prefix)-status")
            let attendees = TextRules.clean(try? request.content.get(String.self, at: "\(prefix)-attendees"))
            form.keep(["\(prefix)-status": statusText, "\(prefix)-attendees": attendees])
            guard let status = statusText.flatMap(Attendance.init(rawValue:)) else {
                form.add("\(prefix)-status", "Select whether \(name) attended")
                continue
            }
            if let problem = TextRules.problem(attendees, label: "who came for \(name)", required: false, max: 500) {
                form.add("\(prefix)-attendees", problem)
            }
            if status == .present && attendees.isEmpty {
                form.add("\(prefix)-attendees", "Enter who came for \(name)")
            }
            typed.append((id, status, attendees))
        }
        let rows = typed
        if form.isValid && !rows.contains(where: { $0.1 == .present }) {
            form.add("attendance", "At least one organisation must have been present for the meeting to be held")
        }
        guard form.isValid else { return try await fail(request, loaded, meeting, form) }
        let existing = try await PanelAttendance.query(on: request.db).filter(\.$meeting.$id == meetingID).all()
        let today = request.today()
        let panelID = try loaded.panel.requireID()
        try await request.write { work in
            for (organisation, status, attendees) in rows {
                let row = existing.first { $0.$organisation.id == organisation } ?? PanelAttendance()
                row.$meeting.id = meetingID
                row.$organisation.id = organisation
                row.status = status
                row.attendees = attendees
                try await work.save(row, "Recorded attendance at \(loaded.panel.name)")
            }
            if meeting.heldAt == nil {
                meeting.heldAt = work.now
                try await work.update(meeting, "Recorded the meeting of \(loaded.panel.name) as held")
            }
            try await PanelAgenda.carryListedCases(panelID: panelID, today: today, in: work)
        }
        return request.redirect(to: try back(loaded, meeting, fragment: "attendance"), flash: .attendanceRecorded)
    }

    /// The item in the path, on the meeting in the path, with its case's clearance today.
    private func item(_ request: Request, _ meeting: PanelMeeting) async throws -> (PanelItem, CaseAccessFacts) {
        guard let id = request.parameters.get("itemID", as: UUID.self),
            let item = try await PanelItem.query(on: request.db).filter(\.$id == id)
                .filter(\.$meeting.$id == meeting.requireID()).with(\.$caseRecord).with(\.$referral).first(),
            let facts = try await PanelReads.clearance([item.$caseRecord.id], today: request.today(), on: request.db)[
                item.$caseRecord.id]
        else { throw Abort(.notFound) }
        return (item, facts)
    }

    struct ItemInput: Content {
        var discussion: String?
        var riskSummary: String?
        var decisions: String?
        var lead: String?
        var manager: String?
        var outcome: String?

        enum CodingKeys: String, CodingKey {
            case discussion, decisions, lead, manager, outcome
            case riskSummary = "risk_summary"
        }
    }

    /// The meeting's record of one case. Closing it at the panel takes it off the list, and off any later agenda
    /// it was already carried onto.
    @Sendable
    func recordItem(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let user = try request.authorize(.runPanel(loaded.facts))
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let (item, facts) = try await item(request, meeting)
        try request.authorize(.viewPanelItem(loaded.facts, facts))
        let itemID = try item.requireID()
        let prefix = "item-\(itemID.uuidString)"
        let input = (try? request.content.decode(ItemInput.self)) ?? ItemInput()
        var form = FormState()
        form.keep([
            "\(prefix)-discussion": input.discussion, "\(prefix)-risk_summary": input.riskSummary,
            "\(prefix)-decisions": input.decisions, "\(prefix)-lead": input.lead, "\(prefix)-manager": input.manager,
            "\(prefix)-outcome": input.outcome,
        ])
        if meeting.heldOn > request.today() {
            form.add("\(prefix)-discussion", "The case is recorded on or after the day of the meeting")
        }
        // Once closed at the panel a case stays closed: bringing it back is a new referral.
        if item.referral.status == .closed && (item.outcome != .close || input.outcome != PanelOutcome.close.rawValue) {
            form.add("\(prefix)-outcome", "The panel has already closed this case: refer it again to bring it back")
        }
        let discussion = TextRules.clean(input.discussion)
        let riskSummary = TextRules.clean(input.riskSummary)
        let decisions = TextRules.clean(input.decisions)
        for (field, value, label) in [
            ("discussion", discussion, "a summary of the discussion"),
            ("risk_summary", riskSummary, "the risk summary"),
            ("decisions", decisions, "the panel's decisions"),
        ] {
            if let problem = TextRules.multilineProblem(value, label: label, required: true, max: 4000) {
                form.add("\(prefix)-\(field)", problem)
            }
        }
        let outcome = input.outcome.flatMap(PanelOutcome.init(rawValue:))
        if outcome == nil { form.add("\(prefix)-outcome", "Select whether the case stays on the panel's list") }
        // The lead agency and case manager come from the members cleared for the case: a forged id saves nothing.
        var lead: UUID?
        if !TextRules.clean(input.lead).isEmpty {
            lead = UUID(uuidString: TextRules.clean(input.lead))
            if lead == nil || !loaded.facts.isMember(lead!) || !PanelRules.seesItem(facts, organisationID: lead!) {
                form.add("\(prefix)-lead", "Select a member organisation cleared for this case")
                lead = nil
            }
        }
        var manager: UUID?
        if !TextRules.clean(input.manager).isEmpty {
            let id = UUID(uuidString: TextRules.clean(input.manager))
            let person = try await id.asyncMap { try await User.find($0, on: request.db) } ?? nil
            if let person, person.active, loaded.facts.isMember(person.$organisation.id),
                PanelRules.seesItem(facts, organisationID: person.$organisation.id)
            {
                manager = person.id
            } else {
                form.add("\(prefix)-manager", "Select a case manager from a member organisation cleared for this case")
            }
        }
        guard form.isValid, let outcome else { return try await fail(request, loaded, meeting, form) }
        item.discussion = discussion
        item.riskSummary = riskSummary
        item.decisions = decisions
        item.$leadOrganisation.id = lead
        item.$caseManager.id = manager
        item.outcome = outcome
        item.recordedAt = request.now
        item.$recordedBy.id = user.id
        let referral = item.referral
        let record = item.caseRecord
        let panelName = loaded.panel.name
        let day = DisplayDate.civil(meeting.heldOn)
        let later =
            try await PanelItem.query(on: request.db).filter(\.$referral.$id == referral.requireID())
            .filter(\.$id != itemID).filter(\.$recordedAt == nil)
            .join(PanelMeeting.self, on: \PanelItem.$meeting.$id == \PanelMeeting.$id)
            .filter(PanelMeeting.self, \.$heldAt == nil).all()
        try await request.write { work in
            try await work.update(item, "Recorded the panel's discussion of case \(record.reference)")
            if outcome == .close && referral.status != .closed {
                referral.status = .closed
                referral.closedAt = work.now
                referral.closingDecision = decisions
                try await work.update(referral, "\(panelName) closed case \(record.reference) at the panel")
                for pending in later {
                    // Research already recorded for that later meeting goes with it, each row audited.
                    try await work.delete(
                        PanelResearch.query(on: work.db).filter(\.$item.$id == pending.requireID())
                    ) { _ in "Removed research for a case the panel closed" }
                    try await work.delete(pending, "Took a case the panel closed off a later agenda")
                }
            }
            try await work.timeline(
                record.requireID(), kind: .task,
                "\(panelName) on \(day): \(decisions)"
                    + (outcome == .close ? " The panel closed the case." : " The case stays on the panel's list."),
                actorID: user.id)
        }
        return request.redirect(to: try back(loaded, meeting, fragment: prefix), flash: .panelItemRecorded)
    }

    struct ActionInput: Content {
        var description: String?
        var owner: String?
        var person: String?
        var dueOn: String?

        enum CodingKeys: String, CodingKey {
            case owner, person
            case description = "action_description"
            case dueOn = "action_due_on"
        }
    }

    /// A timed action for a case, owned by a member organisation or one of its people cleared for the case. It is
    /// an action on the case's plan, so it is in the owner's inbox and on the plan at once.
    @Sendable
    func addAction(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let user = try request.authorize(.runPanel(loaded.facts))
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let (item, facts) = try await item(request, meeting)
        try request.authorize(.viewPanelItem(loaded.facts, facts))
        let itemID = try item.requireID()
        let prefix = "item-\(itemID.uuidString)"
        let input = (try? request.content.decode(ActionInput.self)) ?? ActionInput()
        var form = FormState()
        form.keep([
            "\(prefix)-action_description": input.description, "\(prefix)-action_owner": input.owner,
            "\(prefix)-action_person": input.person, "\(prefix)-action_due_on": input.dueOn,
        ])
        let description = TextRules.clean(input.description)
        if let problem = TextRules.problem(description, label: "what needs to be done", required: false, max: 500) {
            form.add("\(prefix)-action_description", problem)
        }
        if meeting.heldOn > request.today() {
            form.add("\(prefix)-action_description", "Actions are agreed at the meeting: add them on or after its day")
        }
        if !item.caseRecord.isActive {
            form.add("\(prefix)-action_description", "The case is closed: it takes no new actions")
        }
        var organisation: Organisation?
        var person: User?
        let ownerText = TextRules.clean(input.owner)
        let personText = TextRules.clean(input.person)
        if !personText.isEmpty {
            person =
                try await UUID(uuidString: personText).asyncMap {
                    try await User.query(on: request.db).filter(\.$id == $0).filter(\.$active == true)
                        .with(\.$organisation).first()
                } ?? nil
            if let found = person, loaded.facts.isMember(found.$organisation.id),
                PanelRules.mayOwnAction(facts, organisationID: found.$organisation.id)
            {
                organisation = found.organisation
            } else {
                form.add("\(prefix)-action_person", "Select a person from a member organisation cleared for this case")
                person = nil
            }
        } else if !ownerText.isEmpty {
            organisation =
                try await UUID(uuidString: ownerText).asyncMap {
                    try await Organisation.query(on: request.db).filter(\.$id == $0).filter(\.$active == true).first()
                } ?? nil
            if let found = organisation?.id, loaded.facts.isMember(found),
                PanelRules.mayOwnAction(facts, organisationID: found)
            {
            } else {
                form.add("\(prefix)-action_owner", "Select a member organisation cleared for this case")
                organisation = nil
            }
        }
        let due = Casework.day(input.dueOn)
        if form.errors["\(prefix)-action_owner"] == nil && form.errors["\(prefix)-action_person"] == nil {
            for problem in PanelRules.actionProblems(
                description: description, hasOwner: organisation != nil, dueOn: due, meetingDate: meeting.heldOn)
            {
                form.add("\(prefix)-\(problem.field)", problem.message)
            }
        }
        guard form.isValid, let organisation, let organisationID = organisation.id, let due else {
            return try await fail(request, loaded, meeting, form)
        }
        let record = item.caseRecord
        let row = PlanAction()
        row.$caseRecord.id = try record.requireID()
        row.description = description
        row.owner = organisationID == record.$organisation.id ? .officer : .partner
        row.$ownerOrganisation.id = organisationID
        row.$ownerOrganisation.value = organisation
        row.$ownerUser.id = person?.id
        row.$ownerUser.value = person
        row.dueOn = due
        row.status = .open
        row.addedAt = request.now
        row.$addedBy.id = user.id
        row.$panelItem.id = itemID
        let plan = try await ActionPlan.query(on: request.db).filter(\.$caseRecord.$id == record.requireID()).first()
        let base = Notifier.base(request)
        let panelName = loaded.panel.name
        let summary =
            "\(panelName) agreed an action on \(DisplayDate.civil(meeting.heldOn)): \(description) "
            + "(\(row.ownerLabel), due \(DisplayDate.civil(due)))"
        // The person named, else the case officer for the owning team, else the partner's caseworkers.
        let owners: [UUID]
        if let person {
            owners = [try person.requireID()]
        } else if organisationID == record.$organisation.id {
            owners = [record.$officer.id].compactMap { $0 }
        } else {
            owners = try await Notifier.users(in: organisationID, roles: Notifier.partnerRoles, on: request.db)
        }
        let told = owners
        try await request.write { work in
            try await work.insert(row, summary)
            try await PlanHistory.revise(plan, change: summary, userID: user.id, now: work.now, in: work)
            try await work.timeline(record.requireID(), kind: .plan, summary, actorID: user.id)
            try await Notifier.notify(
                told,
                .init(
                    kind: .panelAction, caseID: record.id,
                    summary: "\(panelName) gave you an action, due \(DisplayDate.civil(due))",
                    href: SiteURL.panels.path(fragment: "actions")),
                except: user.id, base: base, in: work)
        }
        return request.redirect(to: try back(loaded, meeting, fragment: prefix), flash: .panelActionAdded)
    }

    struct ResearchInput: Content {
        var facts: String?
        var opinion: String?
        var nothingHeld: String?
        var specialCategory: String?

        enum CodingKeys: String, CodingKey {
            case facts, opinion
            case nothingHeld = "nothing_held"
            case specialCategory = "special_category"
        }
    }

    /// What the user's organisation's own records hold about the case, fact and opinion apart (SafeLives). One
    /// record per organisation per item: saving again replaces it.
    @Sendable
    func recordResearch(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let (item, facts) = try await item(request, meeting)
        let user = try request.authorize(.viewPanelItem(loaded.facts, facts))
        let itemID = try item.requireID()
        let prefix = "item-\(itemID.uuidString)"
        let input = (try? request.content.decode(ResearchInput.self)) ?? ResearchInput()
        let factsText = TextRules.clean(input.facts)
        let opinion = TextRules.clean(input.opinion)
        let nothingHeld = input.nothingHeld == "true"
        let special = input.specialCategory == "true"
        var form = FormState()
        form.keep([
            "\(prefix)-facts": input.facts, "\(prefix)-opinion": input.opinion,
            "\(prefix)-nothing_held": nothingHeld ? "true" : "false",
            "\(prefix)-special_category": special ? "true" : "false",
        ])
        if let problem = TextRules.multilineProblem(
            factsText, label: "what your records hold", required: false, max: 4000)
        {
            form.add("\(prefix)-facts", problem)
        }
        if let problem = TextRules.multilineProblem(opinion, label: "your opinion", required: false, max: 4000) {
            form.add("\(prefix)-opinion", problem)
        }
        if form.isValid && factsText.isEmpty && opinion.isEmpty && !nothingHeld {
            form.add("\(prefix)-facts", "Enter what your records hold, or tick that they hold nothing")
        }
        if nothingHeld && !factsText.isEmpty {
            form.add("\(prefix)-facts", "You ticked that your records hold nothing: clear the facts or untick it")
        }
        guard form.isValid else { return try await fail(request, loaded, meeting, form) }
        let existing = try await PanelResearch.query(on: request.db).filter(\.$item.$id == itemID)
            .filter(\.$organisation.$id == user.organisationID).first()
        let row = existing ?? PanelResearch()
        row.$item.id = itemID
        row.$organisation.id = user.organisationID
        row.facts = factsText
        row.opinion = opinion
        row.nothingHeld = nothingHeld
        row.specialCategory = special
        row.recordedAt = request.now
        row.$recordedBy.id = user.id
        try await request.write { work in
            try await work.save(row, "Recorded \(user.organisationName)'s research for \(loaded.panel.name)")
        }
        return request.redirect(to: try back(loaded, meeting, fragment: prefix), flash: .researchRecorded)
    }
}
