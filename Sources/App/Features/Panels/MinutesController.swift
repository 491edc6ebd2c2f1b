import Fluent
import TandemCore
import Vapor

/// A meeting's minutes (issue 21, item 5): generated from the record as a new version, print-ready, approved by the
/// chair, which issues them to the members through the outbox. Every version is kept. A member reads each case's
/// part only when cleared for the case; the rest shows as restricted, on screen and in print alike.
struct MinutesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.panel(.key, .minutes(.key)), use: draft)
        routes.get(.panel(.key, .minutesVersion(.key, .key)), use: show)
        routes.post(.panel(.key, .approveMinutes(.key, .key)), use: approve)
    }

    @Sendable
    func draft(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let user = try request.authorize(.runPanel(loaded.facts))
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let meetingID = try meeting.requireID()
        guard meeting.heldAt != nil else {
            var form = FormState()
            form.add("minutes", "Record the attendance first: minutes are drafted once the meeting is held")
            return try await MeetingPage.render(request, loaded, meeting, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let document = try await MinutesDocument.build(loaded, meeting, on: request.db)
        let latest = try await PanelMinutes.query(on: request.db).filter(\.$meeting.$id == meetingID)
            .sort(\.$version, .descending).first()
        let minutes = PanelMinutes()
        minutes.$meeting.id = meetingID
        minutes.version = (latest?.version ?? 0) + 1
        minutes.content = try document.encoded()
        minutes.draftedAt = request.now
        minutes.$draftedBy.id = user.id
        let base = Notifier.base(request)
        let panelID = try loaded.panel.requireID()
        try await request.write { work in
            try await work.insert(
                minutes, "Drafted version \(minutes.version) of the minutes of \(loaded.panel.name)")
            if let chair = loaded.panel.$chair.id {
                try await Notifier.notify(
                    [chair],
                    .init(
                        kind: .minutesToApprove, caseID: nil,
                        summary:
                            "Minutes of \(loaded.panel.name) on \(DisplayDate.civil(meeting.heldOn)) wait for your approval",
                        href: SiteURL.panel(
                            .value(panelID), .minutesVersion(.value(meetingID), .value(try minutes.requireID()))
                        ).path),
                    except: user.id, base: base, in: work)
            }
        }
        return request.redirect(
            to: SiteURL.panel(.value(panelID), .minutesVersion(.value(meetingID), .value(try minutes.requireID())))
                .path,
            flash: .minutesDrafted)
    }

    private func find(_ request: Request, _ meeting: PanelMeeting) async throws -> PanelMinutes {
        guard let id = request.parameters.get("minutesID", as: UUID.self),
            let minutes = try await PanelMinutes.query(on: request.db).filter(\.$id == id)
                .filter(\.$meeting.$id == meeting.requireID()).first()
        else { throw Abort(.notFound) }
        return minutes
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let loaded = try await PanelReads.find(request)
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let minutes = try await find(request, meeting)
        let mayApprove = request.may(.approveMinutes(loaded.facts))
        // A draft is the coordinator's and the chair's until it is approved.
        guard minutes.isIssued || request.may(.runPanel(loaded.facts)) || mayApprove else { throw Abort(.notFound) }
        try await request.auditView(
            recordType: .panelMinutes, recordID: try minutes.requireID().uuidString,
            summary: "Read version \(minutes.version) of the minutes of \(loaded.panel.name)")
        return try await render(request, loaded, meeting, minutes, mayApprove: mayApprove)
    }

    @Sendable
    func approve(request: Request) async throws -> Response {
        let loaded = try await PanelReads.find(request)
        let user = try request.authorize(.approveMinutes(loaded.facts))
        let meeting = try await PanelReads.meeting(request, of: loaded.panel)
        let minutes = try await find(request, meeting)
        guard !minutes.isIssued else { throw Abort(.badRequest, reason: "These minutes are already issued") }
        // Only the latest draft: an older one was replaced by a redraft from the record.
        let latest = try await PanelMinutes.query(on: request.db).filter(\.$meeting.$id == meeting.requireID())
            .sort(\.$version, .descending).first()
        guard latest?.id == minutes.id else {
            throw Abort(.badRequest, reason: "A newer draft of these minutes exists: approve that one")
        }
        let panelID = try loaded.panel.requireID()
        let meetingID = try meeting.requireID()
        let href = SiteURL.panel(.value(panelID), .minutesVersion(.value(meetingID), .value(try minutes.requireID())))
            .path
        let base = Notifier.base(request)
        // Issued to the representatives the administrator named, and the coordinator: each is told in Tandem and
        // sent an email with the link (no case detail in the email), whatever their notification choices, because
        // issuing minutes is sending them.
        var recipients = loaded.members.compactMap(\.$representative.id)
        recipients += [loaded.panel.$coordinator.id].compactMap { $0 }
        let people = try await User.query(on: request.db).filter(\.$id ~~ Array(Set(recipients)))
            .filter(\.$active == true).sort(\.$email).all()
        let day = DisplayDate.civil(meeting.heldOn)
        try await request.write { work in
            minutes.approvedAt = work.now
            minutes.$approvedBy.id = user.id
            try await work.update(minutes, "Approved and issued version \(minutes.version) of the minutes")
            for person in people where person.id != user.id {
                let personID = try person.requireID()
                let note = UserNotification(
                    userID: personID, caseID: nil, kind: .minutesIssued,
                    summary: "Minutes of \(loaded.panel.name) on \(day) are issued", href: href, at: work.now)
                try await work.insert(note, "Notified \(person.displayName): minutes issued")
                guard MailFormat.isSafeAddress(person.email) else { continue }
                let email = EmailMessage(
                    purpose: .notification, to: person.email,
                    subject: "Tandem: minutes of \(loaded.panel.name), \(day)",
                    body: MinutesDocument.emailBody(panel: loaded.panel.name, day: day, link: base + href),
                    caseID: nil, at: work.now)
                email.$user.id = personID
                try await EmailOutbox.queue(email, "Queued the minutes to \(person.displayName)", in: work)
            }
        }
        return request.redirect(to: href, flash: .minutesIssued)
    }

    struct CaseSection: Encodable {
        var restricted: Bool
        var reference: String
        var title: String
        var isNew: Bool
        var discussion: String
        var riskSummary: String
        var decisions: String
        var lead: String
        var caseManager: String
        var outcome: String
        var actions: [MinutesDocument.Action]
        var hasActions: Bool
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var document: MinutesDocument
        var version: Int
        var status: String
        var issued: Bool
        var sections: [CaseSection]
        var hasSections: Bool
        var hasApologies: Bool
        var changed: [MinutesDocument.Carried]
        var notUndertaken: [MinutesDocument.Carried]
        var hasChanged: Bool
        var hasNotUndertaken: Bool
        var approveAction: String?
        var meetingHref: String
    }

    private func render(
        _ request: Request, _ loaded: PanelReads.Loaded, _ meeting: PanelMeeting, _ minutes: PanelMinutes,
        mayApprove: Bool
    ) async throws -> View {
        let document = try MinutesDocument.decode(minutes.content)
        let user = try request.requireUser()
        let caseIDs = document.items.map(\.caseID) + document.carried.map(\.caseID)
        let clearance = try await PanelReads.clearance(caseIDs, today: request.today(), on: request.db)
        func sees(_ caseID: UUID) -> Bool {
            clearance[caseID].map { PanelRules.seesItem($0, organisationID: user.organisationID) } ?? false
        }
        func seesRisk(_ caseID: UUID) -> Bool {
            clearance[caseID].map { request.may(.viewSection($0, .risk)) } ?? false
        }
        let sections = document.items.map { item in
            let cleared = sees(item.caseID)
            return CaseSection(
                restricted: !cleared, reference: cleared ? item.reference : "Restricted",
                title: cleared ? item.title : PanelPages.CaseLabel.restrictedText, isNew: item.isNew,
                discussion: cleared ? item.discussion : "",
                riskSummary: cleared
                    ? (seesRisk(item.caseID)
                        ? item.riskSummary : "Not shown: the case's share with your organisation does not open risk")
                    : "",
                decisions: cleared ? item.decisions : "", lead: cleared ? item.lead : "",
                caseManager: cleared ? item.caseManager : "", outcome: cleared ? item.outcome : "",
                actions: cleared ? item.actions : [], hasActions: cleared && !item.actions.isEmpty)
        }
        let carried = document.carried.map { entry in
            sees(entry.caseID)
                ? entry
                : MinutesDocument.Carried(
                    caseID: entry.caseID, reference: "Restricted", description: PanelPages.CaseLabel.restrictedText,
                    owner: "", due: entry.due, reason: "", circumstancesChanged: entry.circumstancesChanged)
        }
        let panelID = try loaded.panel.requireID()
        let meetingID = try meeting.requireID()
        return try await request.view.render(
            "panels/minutes",
            Page(
                layout: request.layout(title: "Minutes: \(document.panel), \(document.date)", section: .panels),
                document: document, version: minutes.version,
                status: minutes.isIssued
                    ? "Approved and issued \(DisplayDate.dayAndTime(minutes.approvedAt ?? minutes.draftedAt))"
                    : "Draft: not yet approved by the chair",
                issued: minutes.isIssued, sections: sections, hasSections: !sections.isEmpty,
                hasApologies: !document.apologies.isEmpty,
                changed: carried.filter(\.circumstancesChanged),
                notUndertaken: carried.filter { !$0.circumstancesChanged },
                hasChanged: carried.contains(where: \.circumstancesChanged),
                hasNotUndertaken: carried.contains { !$0.circumstancesChanged },
                approveAction: !minutes.isIssued && mayApprove
                    ? SiteURL.panel(
                        .value(panelID), .approveMinutes(.value(meetingID), .value(try minutes.requireID()))
                    ).path
                    : nil,
                meetingHref: SiteURL.panel(.value(panelID), .meeting(.value(meetingID))).path))
    }
}

/// The minutes as generated from the record: what the meeting held when the coordinator drafted them, kept with
/// the version so a later change to the record never rewrites minutes already issued.
struct MinutesDocument: Codable, Sendable {
    struct Attendee: Codable, Sendable {
        var organisation: String
        var status: String
        var names: String
    }

    struct Action: Codable, Sendable {
        var description: String
        var owner: String
        var due: String
    }

    struct Item: Codable, Sendable {
        var caseID: UUID
        var reference: String
        var title: String
        var isNew: Bool
        var discussion: String
        var riskSummary: String
        var decisions: String
        var lead: String
        var caseManager: String
        var outcome: String
        var actions: [Action]
    }

    struct Carried: Codable, Sendable {
        var caseID: UUID
        var reference: String
        var description: String
        var owner: String
        var due: String
        var reason: String
        /// SafeLives keeps incomplete actions apart: the circumstances changed, or the action was not undertaken.
        var circumstancesChanged: Bool
    }

    var panel: String
    var kind: String
    var date: String
    var time: String
    var place: String
    var confidentiality: String
    var present: [Attendee]
    var apologies: [Attendee]
    var items: [Item]
    var carried: [Carried]

    static let confidentiality =
        "These minutes are confidential. They are shared only among the panel's members, under its information "
        + "sharing agreement, for the protection of the people named. Do not copy or pass them on. Each case's part "
        + "is shown only to the organisations cleared for that case."

    static func build(_ loaded: PanelReads.Loaded, _ meeting: PanelMeeting, on db: any Database) async throws
        -> MinutesDocument
    {
        let meetingID = try meeting.requireID()
        let attendance = try await PanelAttendance.query(on: db).filter(\.$meeting.$id == meetingID)
            .with(\.$organisation).all().sorted { $0.organisation.name < $1.organisation.name }
        let items = try await PanelItem.query(on: db).filter(\.$meeting.$id == meetingID).with(\.$caseRecord)
            .with(\.$leadOrganisation).with(\.$caseManager).sort(\.$position).all()
        let itemIDs = items.compactMap(\.id)
        let actions =
            itemIDs.isEmpty
            ? []
            : try await PlanAction.query(on: db).filter(\.$panelItem.$id ~~ itemIDs).with(\.$ownerOrganisation)
                .with(\.$ownerUser).sort(\.$dueOn).all()
        let open = try await PanelReads.openActions(panelID: loaded.panel.requireID(), before: meeting.heldOn, on: db)
        let forward = PanelRules.carryForward(
            open.compactMap { entry in
                entry.action.id.map {
                    PanelActionFacts(
                        id: $0, meetingDate: entry.meeting.heldOn, dueOn: entry.action.dueOn, isOpen: true,
                        progress: entry.action.progress, progressNote: entry.action.progressNote)
                }
            }, before: meeting.heldOn)
        func person(_ row: PanelAttendance) -> Attendee {
            Attendee(organisation: row.organisation.name, status: row.status.label, names: row.attendees)
        }
        return MinutesDocument(
            panel: loaded.panel.name, kind: loaded.panel.kind.label, date: DisplayDate.civil(meeting.heldOn),
            time: meeting.startsAt, place: meeting.place, confidentiality: confidentiality,
            present: attendance.filter { $0.status == .present }.map(person),
            apologies: attendance.filter { $0.status != .present }.map(person),
            items: try items.map { item in
                Item(
                    caseID: item.$caseRecord.id, reference: item.caseRecord.reference, title: item.caseRecord.title,
                    isNew: item.isNew, discussion: item.discussion ?? "Not recorded",
                    riskSummary: item.riskSummary ?? "Not recorded", decisions: item.decisions ?? "Not recorded",
                    lead: item.leadOrganisation?.name ?? "Not appointed",
                    caseManager: item.caseManager?.displayName ?? "Not appointed",
                    outcome: item.outcome?.label ?? "Not recorded",
                    actions: actions.filter { $0.$panelItem.id == (try? item.requireID()) }.map {
                        Action(description: $0.description, owner: $0.ownerLabel, due: DisplayDate.civil($0.dueOn))
                    })
            },
            carried: forward.compactMap { entry in
                guard let found = open.first(where: { $0.action.id == entry.id }) else { return nil }
                return Carried(
                    caseID: found.action.$caseRecord.id, reference: found.action.caseRecord.reference,
                    description: found.action.description, owner: found.action.ownerLabel,
                    due: DisplayDate.civil(found.action.dueOn), reason: entry.reason,
                    circumstancesChanged: found.action.progress == .circumstancesChanged)
            })
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> MinutesDocument {
        try JSONDecoder().decode(MinutesDocument.self, from: Data(text.utf8))
    }

    /// The email that issues the minutes: a link, and nothing about any case.
    static func emailBody(panel: String, day: String, link: String) -> String {
        """
        The minutes of \(panel) on \(day) have been approved by the chair and issued to the members.

        Read them in Tandem: \(link)

        This email carries no case details. The minutes are confidential and shown to each organisation only for \
        the cases it is cleared for.
        """
    }
}
