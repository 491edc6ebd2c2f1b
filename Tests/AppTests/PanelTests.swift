import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

extension WriteAuditTests {
    /// The panels' forms (issue 21).
    static let panels = [
        "/admin/panels", "/admin/panels/:panelID", "/cases/:caseID/panels", "/panels/:panelID/referrals/:referralID",
        "/panels/:panelID/meetings", "/panels/:panelID/meetings/:meetingID/items/:itemID/research",
        "/panels/:panelID/meetings/:meetingID/attendance", "/panels/:panelID/meetings/:meetingID/items/:itemID",
        "/panels/:panelID/meetings/:meetingID/items/:itemID/actions", "/panels/:panelID/meetings/:meetingID/minutes",
        "/panels/:panelID/meetings/:meetingID/minutes/:minutesID/approve", "/panels/actions/:actionID",
    ]
}

/// Multi-agency panels end to end on the demo borough, as its people use them (issue 21): every form is submitted
/// inside the write-audit check, and what each member may see is checked on the pages, the minutes and the report.
@Suite("Multi-agency panels")
struct PanelTests {
    struct Setup {
        var app: Application
        var clock: ManualClock
        var vvp: UUID
        var upcoming: UUID
        var base: String { "/panels/\(vvp.uuidString)" }
        var meetingPath: String { "\(base)/meetings/\(upcoming.uuidString)" }
    }

    func withPanels(_ body: (Setup) async throws -> Void) async throws {
        try await withTandem { app, clock in
            try await DemoSeeder.seedIfEmpty(app)
            let vvp = try #require(try await Panel.query(on: app.db).filter(\.$kind == .vulnerableVictims).first())
            let upcoming = try #require(
                try await PanelMeeting.query(on: app.db).filter(\.$panel.$id == vvp.requireID())
                    .filter(\.$heldAt == nil).first())
            try await body(Setup(app: app, clock: clock, vvp: try vvp.requireID(), upcoming: try upcoming.requireID()))
        }
    }

    static func browser(_ app: Application, _ email: String, _ address: String) async throws -> TestBrowser {
        try await WriteAuditTests.signedIn(app, email, address: address)
    }

    static func organisation(_ app: Application, _ name: String) async throws -> UUID {
        try #require(try await Organisation.query(on: app.db).filter(\.$name == name).first()?.id)
    }

    static func user(_ app: Application, _ email: String) async throws -> UUID {
        try #require(try await User.query(on: app.db).filter(\.$email == email).first()?.id)
    }

    static func demoCase(_ app: Application, _ reporter: String) async throws -> CaseRecord {
        let party = try #require(
            try await CaseParty.query(on: app.db).filter(\.$role == .reportingPerson).with(\.$person).all()
                .first { $0.person?.fullName == reporter })
        return try #require(try await CaseRecord.find(party.$caseRecord.id, on: app.db))
    }

    static func item(_ app: Application, meeting: UUID, caseID: UUID) async throws -> PanelItem {
        try #require(
            try await PanelItem.query(on: app.db).filter(\.$meeting.$id == meeting).filter(\.$caseRecord.$id == caseID)
                .first())
    }

    @Test("a High case is referred automatically, heard, minuted and issued; the unfinished action carries forward")
    func journey() async throws {
        try await withPanels { setup in
            // Setup: the people at the table, and the write-audit check around every form.
            let app = setup.app
            let db = app.db
            let writes = WriteAuditTests.Writes(app)
            var officer = try await Self.browser(app, "officer@riverside.example", "192.0.2.70")
            var coordinator = try await Self.browser(app, "panel@riverside.example", "192.0.2.71")
            var police = try await Self.browser(app, "police@riverside.example", "192.0.2.72")
            var health = try await Self.browser(app, "cmht@riverside.example", "192.0.2.73")
            var chair = try await Self.browser(app, "manager@riverside.example", "192.0.2.74")
            let admin = try await Self.browser(app, "admin@riverside.example", "192.0.2.75")
            let council = try await Self.organisation(app, "Riverside Council ASB Team")
            let policeOrg = try await Self.organisation(app, "Riverside Safer Neighbourhoods Police")
            let homes = try await Self.organisation(app, "Riverside Homes")
            let cmhtOrg = try await Self.organisation(app, "Riverside Community Mental Health Team")
            let bins = try await Self.demoCase(app, "Grace Okoye")
            let binsID = try bins.requireID()
            let canal = try await Self.demoCase(app, "Arthur Finch")
            let marsh = try await Self.demoCase(app, "Maria Lopez")

            // An administrator sets up a case conference, then corrects its cadence.
            try await admin.get("/admin/panels/new")
            try await writes.submit("/admin/panels") {
                try await admin.post(
                    "/admin/panels",
                    [
                        ("name", "Riverside Case Conference"), ("kind", "case_conference"),
                        ("organisation_id", council.uuidString),
                        ("terms_of_reference", "Before court, the partners meet."),
                        ("cadence", "As needed"), ("members[]", policeOrg.uuidString),
                        ("representatives[]", try await Self.user(app, "police@riverside.example").uuidString),
                    ])
            }
            let conference = try #require(
                try await Panel.query(on: db).filter(\.$name == "Riverside Case Conference").first())
            #expect(try await PanelMember.query(on: db).filter(\.$panel.$id == conference.requireID()).count() == 1)
            try await admin.get("/admin/panels/\(try conference.requireID())")
            try await writes.submit("/admin/panels/:panelID") {
                try await admin.post(
                    "/admin/panels/\(try conference.requireID())",
                    [
                        ("name", "Riverside Case Conference"), ("kind", "case_conference"),
                        ("organisation_id", council.uuidString),
                        ("terms_of_reference", "Before court, the partners meet."),
                        ("cadence", "Within two weeks of a hearing date"), ("members[]", policeOrg.uuidString),
                        ("active", "true"),
                    ])
            }
            #expect(try await Panel.find(conference.id, on: db)?.cadence == "Within two weeks of a hearing date")

            // Act: Grace Okoye is assessed High, which refers his case to the vulnerable victims panel by itself.
            let reporter = try #require(
                try await CaseParty.query(on: db).filter(\.$caseRecord.$id == binsID).filter(
                    \.$role == .reportingPerson
                )
                .first()?.$person.id)
            try await officer.get("/cases/\(binsID)/vulnerability/new")
            let assessed = try await officer.post(
                "/cases/\(binsID)/vulnerability",
                [("person_id", reporter.uuidString), ("occasion", "new_case"), ("outcome", "completed")]
                    + RiskTests.highAnswers)
            #expect(assessed.status == .seeOther)
            let automatic = try #require(
                try await PanelReferral.query(on: db).filter(\.$caseRecord.$id == binsID).first())
            #expect(automatic.automatic && automatic.status == .waiting && automatic.$panel.id == setup.vvp)
            #expect(!automatic.isRepeat)
            // The referral went by the band, so no task waits for a senior officer to confirm it.
            #expect(
                try await RiskTask.query(on: db).filter(\.$caseRecord.$id == binsID).filter(\.$kind == .panelReferral)
                    .count() == 0)
            let coordinatorID = try await Self.user(app, "panel@riverside.example")
            #expect(
                try await UserNotification.query(on: db).filter(\.$user.$id == coordinatorID)
                    .filter(\.$kind == .panelReferral).count() >= 1)

            // It waits on the coordinator's Home.
            let home = try await coordinator.get("/")
            #expect(home.body.string.contains("Referrals waiting for your panels"))
            #expect(home.body.string.contains(bins.reference))
            // The officer also refers the case to the case conference, by hand; a second referral is refused.
            try await officer.get("/cases/\(binsID)/panels")
            try await writes.submit("/cases/:caseID/panels") {
                try await officer.post(
                    "/cases/\(binsID)/panels",
                    [
                        ("panel_id", try conference.requireID().uuidString), ("reason", "Court hearing next month"),
                        ("questions", "Is the evidence ready?"),
                    ])
            }
            let again = try await officer.post(
                "/cases/\(binsID)/panels",
                [("panel_id", try conference.requireID().uuidString), ("reason", "Again"), ("questions", "Again")])
            #expect(again.status == .badRequest)
            #expect(again.body.string.contains("already referred"))
            let forged = try await officer.post(
                "/cases/\(binsID)/panels", [("panel_id", UUID().uuidString), ("reason", "x"), ("questions", "y")])
            #expect(forged.status == .badRequest)
            #expect(try await PanelReferral.query(on: db).filter(\.$caseRecord.$id == binsID).count() == 2)

            // The coordinator accepts the automatic referral onto the meeting to come.
            try await coordinator.get(setup.base)
            try await writes.submit("/panels/:panelID/referrals/:referralID") {
                try await coordinator.post(
                    "\(setup.base)/referrals/\(try automatic.requireID())",
                    [("decision", "accept"), ("meeting_id", setup.upcoming.uuidString)])
            }
            let binsItem = try await Self.item(app, meeting: setup.upcoming, caseID: binsID)
            #expect(binsItem.isNew)

            // Before the meeting the police and the mental health team record their research on Canal Street.
            // Grace Okoye's case is not shared with the police: restricted to them, and they cannot research it.
            let canalItem = try await Self.item(app, meeting: setup.upcoming, caseID: try canal.requireID())
            let policeView = try await police.get(setup.meetingPath)
            #expect(policeView.status == .ok)
            #expect(!policeView.body.string.contains(bins.reference))
            #expect(!policeView.body.string.contains(bins.title))
            #expect(policeView.body.string.contains("Restricted"))
            #expect(
                try await police.post(
                    "\(setup.meetingPath)/items/\(try binsItem.requireID())/research", [("facts", "Nothing")]
                ).status == .notFound)
            try await writes.submit("/panels/:panelID/meetings/:meetingID/items/:itemID/research") {
                try await health.post(
                    "\(setup.meetingPath)/items/\(try canalItem.requireID())/research",
                    [
                        ("facts", "Known to the team since 2024; a care coordinator visits monthly."),
                        ("opinion", "He is frightened and may not say so."), ("special_category", "true"),
                    ])
            }
            // The police share of Canal Street does not open special category data: the health research is withheld.
            let withheld = try await police.get(setup.meetingPath)
            #expect(!withheld.body.string.contains("care coordinator visits monthly"))
            #expect(withheld.body.string.contains("special category information that the case"))
            // The coordinator sees who has not researched yet.
            let status = try await coordinator.get(setup.meetingPath)
            #expect(status.body.string.contains("Not recorded yet"))

            // A meeting in the past is refused; so is attendance before the day.
            let past = try await coordinator.post(
                "\(setup.base)/meetings", [("held_on", "2026-11-01"), ("starts_at", "10:00"), ("place", "Room 1")])
            #expect(past.status == .badRequest)
            #expect(past.body.string.contains("The meeting must be today or later"))

            // Act: the day of the meeting, two weeks on: everyone signs in afresh (sessions lapse overnight).
            // Attendance, then the panel's record of Canal Street and two actions.
            setup.clock.advance(by: 14 * 86_400)
            officer = try await Self.browser(app, "officer@riverside.example", "192.0.2.76")
            coordinator = try await Self.browser(app, "panel@riverside.example", "192.0.2.77")
            police = try await Self.browser(app, "police@riverside.example", "192.0.2.78")
            health = try await Self.browser(app, "cmht@riverside.example", "192.0.2.79")
            chair = try await Self.browser(app, "manager@riverside.example", "192.0.2.69")
            let loaded = try #require(try await PanelReads.load(setup.vvp, on: db))
            var attendance: [(String, String)] = []
            for (id, _) in loaded.organisations {
                let present = [council, policeOrg, cmhtOrg].contains(id)
                attendance.append(("attendance-\(id.uuidString)-status", present ? "present" : "apologies"))
                attendance.append(("attendance-\(id.uuidString)-attendees", present ? "A representative" : ""))
            }
            try await coordinator.get(setup.meetingPath)
            try await writes.submit("/panels/:panelID/meetings/:meetingID/attendance") {
                try await coordinator.post("\(setup.meetingPath)/attendance", attendance)
            }
            #expect(try await PanelMeeting.find(setup.upcoming, on: db)?.heldAt != nil)
            let canalItemPath = "\(setup.meetingPath)/items/\(try canalItem.requireID())"
            try await writes.submit("/panels/:panelID/meetings/:meetingID/items/:itemID") {
                try await coordinator.post(
                    canalItemPath,
                    [
                        ("discussion", "Targeted harassment of a man who lives alone."),
                        ("risk_summary", "High: repeat targeting, isolation."),
                        ("decisions", "Protection plan agreed; Sam Okafor is the case manager."),
                        ("lead", council.uuidString),
                        ("manager", try await Self.user(app, "officer@riverside.example").uuidString),
                        ("outcome", "keep"),
                    ])
            }
            // An action without an owner, without a due date, or for an organisation not cleared: refused, unsaved.
            let before = try await PlanAction.query(on: db).filter(\.$panelItem.$id != nil).count()
            let noOwner = try await coordinator.post(
                "\(canalItemPath)/actions", [("action_description", "Patrols"), ("action_due_on", "2026-12-14")])
            #expect(noOwner.status == .badRequest)
            #expect(noOwner.body.string.contains("Select who owns the action"))
            let noDue = try await coordinator.post(
                "\(canalItemPath)/actions", [("action_description", "Patrols"), ("owner", policeOrg.uuidString)])
            #expect(noDue.status == .badRequest)
            let notCleared = try await coordinator.post(
                "\(canalItemPath)/actions",
                [("action_description", "Patrols"), ("owner", homes.uuidString), ("action_due_on", "2026-12-14")])
            #expect(notCleared.status == .badRequest)
            #expect(notCleared.body.string.contains("cleared for this case"))
            #expect(try await PlanAction.query(on: db).filter(\.$panelItem.$id != nil).count() == before)
            try await writes.submit("/panels/:panelID/meetings/:meetingID/items/:itemID/actions") {
                try await coordinator.post(
                    "\(canalItemPath)/actions",
                    [
                        ("action_description", "Evening patrols on Canal Street for two weeks"),
                        ("owner", policeOrg.uuidString), ("action_due_on", "2026-12-14"),
                    ])
            }
            _ = try await coordinator.post(
                "\(canalItemPath)/actions",
                [
                    ("action_description", "Offer Mr Finch's neighbour a mental health assessment"),
                    ("person", try await Self.user(app, "cmht@riverside.example").uuidString),
                    ("action_due_on", "2026-12-14"),
                ])
            let canalActions = try await PlanAction.query(on: db).filter(\.$panelItem.$id == canalItem.requireID())
                .sort(\.$description).all()
            #expect(canalActions.count == 2)
            // The actions are on the case's plan and with their owners.
            let plan = try await officer.get("/cases/\(try canal.requireID())/plan")
            #expect(plan.body.string.contains("Evening patrols on Canal Street"))
            let policeHome = try await police.get("/panels")
            #expect(policeHome.body.string.contains("Evening patrols on Canal Street"))
            let aisha = try await Self.user(app, "cmht@riverside.example")
            #expect(
                try await UserNotification.query(on: db).filter(\.$user.$id == aisha).filter(\.$kind == .panelAction)
                    .count() == 1)

            // Minutes: drafted from the record, approved by the chair, issued by email to the representatives.
            try await coordinator.get(setup.meetingPath)
            try await writes.submit("/panels/:panelID/meetings/:meetingID/minutes") {
                try await coordinator.post("\(setup.meetingPath)/minutes")
            }
            let draft = try #require(
                try await PanelMinutes.query(on: db).filter(\.$meeting.$id == setup.upcoming).first())
            #expect(draft.version == 1 && !draft.isIssued)
            // A draft is not the members' to read yet.
            #expect(try await police.get("\(setup.meetingPath)/minutes/\(try draft.requireID())").status == .notFound)
            #expect(
                try await coordinator.post("\(setup.meetingPath)/minutes/\(try draft.requireID())/approve").status
                    == .forbidden)
            let emailsBefore = try await EmailMessage.query(on: db).count()
            try await chair.get("\(setup.meetingPath)/minutes/\(try draft.requireID())")
            try await writes.submit("/panels/:panelID/meetings/:meetingID/minutes/:minutesID/approve") {
                try await chair.post("\(setup.meetingPath)/minutes/\(try draft.requireID())/approve")
            }
            let emails = try await EmailMessage.query(on: db).sort(\.$createdAt, .descending).all()
            #expect(emails.count - emailsBefore >= 5)
            for email in emails.prefix(emails.count - emailsBefore) {
                #expect(!email.body.contains(canal.reference) && !email.body.contains(marsh.reference))
                #expect(email.body.contains("/minutes/"))
            }
            // The mental health team reads the minutes without a word of Marsh House, which is not shared with it.
            let minutesPage = try await health.get("\(setup.meetingPath)/minutes/\(try draft.requireID())")
            #expect(minutesPage.status == .ok)
            #expect(minutesPage.body.string.contains("Protection plan agreed"))
            #expect(!minutesPage.body.string.contains(marsh.reference))
            #expect(!minutesPage.body.string.contains("Marsh House"))
            #expect(minutesPage.body.string.contains("Restricted"))

            // Follow-up: the police report their patrols done; the health action was not undertaken, and why.
            let patrols = try #require(canalActions.first { $0.description.hasPrefix("Evening patrols") })
            let assessment = try #require(canalActions.first { $0.description.hasPrefix("Offer") })
            try await police.get("/panels")
            try await writes.submit("/panels/actions/:actionID") {
                try await police.post("/panels/actions/\(try patrols.requireID())", [("progress", "done")])
            }
            try await health.get("/panels")
            let why = try await health.post(
                "/panels/actions/\(try assessment.requireID())", [("progress", "not_undertaken")])
            #expect(why.status == .badRequest)
            #expect(why.body.string.contains("Say why the action was not done"))
            #expect(
                try await health.post(
                    "/panels/actions/\(try assessment.requireID())",
                    [("progress", "not_undertaken"), ("note", "The neighbour declined to meet us")]
                ).status == .seeOther)
            // The police cannot report on the health team's action.
            #expect(
                try await police.post("/panels/actions/\(try assessment.requireID())", [("progress", "done")]).status
                    == .forbidden)

            // The next meeting's agenda carries the unfinished action with its reason, and the cases still listed.
            try await coordinator.get(setup.base)
            try await writes.submit("/panels/:panelID/meetings") {
                try await coordinator.post(
                    "\(setup.base)/meetings",
                    [("held_on", "2026-12-21"), ("starts_at", "10:00"), ("place", "Committee Room 2")])
            }
            let next = try #require(
                try await PanelMeeting.query(on: db).filter(\.$panel.$id == setup.vvp).filter(\.$heldAt == nil).first())
            let nextPage = try await coordinator.get("\(setup.base)/meetings/\(try next.requireID())")
            #expect(nextPage.body.string.contains("Not undertaken: The neighbour declined to meet us"))
            #expect(!nextPage.body.string.contains("Evening patrols on Canal Street for two weeks"))
            let listed = try await PanelItem.query(on: db).filter(\.$meeting.$id == next.requireID()).all()
            #expect(Set(listed.map(\.$caseRecord.id)).isSuperset(of: [try canal.requireID(), binsID]))
            #expect(listed.allSatisfy { !$0.isNew })

            // The report counts the meeting: cases heard, actions agreed, done on time.
            let report = try await police.get("\(setup.base)/report.csv?from=2026-12-01&to=2026-12-31")
            #expect(report.status == .ok)
            #expect(
                report.body.string.contains("7 Dec 2026,1,2,1,0") || report.body.string.contains("2026-12-07,1,2,1,0"))
            writes.expectCovered(WriteAuditTests.panels)
        }
    }

    @Test("the coordinator returns a referral with a reason; forged and stale ids change nothing")
    func returnsAndForgeries() async throws {
        try await withPanels { setup in
            // Setup: the officer refers the Heron Court case (already at the tasking group) to this panel by hand.
            let app = setup.app
            let db = app.db
            let officer = try await Self.browser(app, "officer@riverside.example", "192.0.2.80")
            let coordinator = try await Self.browser(app, "panel@riverside.example", "192.0.2.81")
            let police = try await Self.browser(app, "police@riverside.example", "192.0.2.82")
            let footsteps = try await Self.demoCase(app, "Fatima Ahmed")
            let caseID = try footsteps.requireID()
            try await officer.get("/cases/\(caseID)/panels")
            let empty = try await officer.post("/cases/\(caseID)/panels", [("panel_id", setup.vvp.uuidString)])
            #expect(empty.status == .badRequest)
            #expect(empty.body.string.contains("Enter why the case is referred"))
            #expect(
                try await officer.post(
                    "/cases/\(caseID)/panels",
                    [("panel_id", setup.vvp.uuidString), ("reason", "Footsteps at night"), ("questions", "Mediation?")]
                ).status == .seeOther)
            let referral = try #require(
                try await PanelReferral.query(on: db).filter(\.$caseRecord.$id == caseID).filter(
                    \.$panel.$id == setup.vvp
                )
                .first())

            // Act / Check: a return needs a reason; a partner cannot decide; a forged meeting id is refused.
            try await coordinator.get(setup.base)
            let path = "\(setup.base)/referrals/\(try referral.requireID())"
            #expect(try await coordinator.post(path, [("decision", "return")]).status == .badRequest)
            #expect(
                try await coordinator.post(path, [("decision", "accept"), ("meeting_id", UUID().uuidString)]).status
                    == .badRequest)
            #expect(try await police.post(path, [("decision", "return"), ("reason", "No")]).status == .forbidden)
            #expect(try await PanelReferral.find(referral.id, on: db)?.status == .waiting)
            #expect(
                try await coordinator.post(
                    path, [("decision", "return"), ("reason", "Not vulnerable: mediation first")]
                )
                .status == .seeOther)
            let returned = try #require(try await PanelReferral.find(referral.id, on: db))
            #expect(returned.status == .returned && returned.returnReason == "Not vulnerable: mediation first")
            let tab = try await officer.get("/cases/\(caseID)/panels")
            #expect(tab.body.string.contains("Not vulnerable: mediation first"))
            // A second referral to the same panel within 12 months is a repeat.
            #expect(
                try await officer.post(
                    "/cases/\(caseID)/panels",
                    [("panel_id", setup.vvp.uuidString), ("reason", "Worse again"), ("questions", "Mediation failed")]
                ).status == .seeOther)
            let second = try await PanelReferral.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$panel.$id == setup.vvp).filter(\.$status == .waiting).first()
            #expect(second?.isRepeat == true)
            // A landlord's own case not shared with the council, which hosts the panel, cannot be referred to it.
            let housing = try await Self.browser(app, "housing@riverside.example", "192.0.2.86")
            let willow = try await Self.demoCase(app, "Jenny Clarke")
            try await housing.get("/cases/\(try willow.requireID())/panels")
            let unshared = try await housing.post(
                "/cases/\(try willow.requireID())/panels",
                [("panel_id", setup.vvp.uuidString), ("reason", "Dog attacks"), ("questions", "Can you help?")])
            #expect(unshared.status == .badRequest)
            #expect(unshared.body.string.contains("Share the case with Riverside Council ASB Team first"))
            // A panel another partnership runs, or that does not exist, answers 404 to the police.
            #expect(try await police.get("/panels/\(UUID().uuidString)").status == .notFound)
            let yos = try await Self.browser(app, "yos@riverside.example", "192.0.2.83")
            #expect(try await yos.get(setup.base).status == .notFound)
            #expect(try await yos.get(setup.meetingPath).status == .notFound)
            #expect(try await yos.get("\(setup.base)/report.csv").status == .notFound)
        }
    }

    @Test("closing a case at the panel takes it off the list and off the next agenda")
    func closingAtThePanel() async throws {
        try await withPanels { setup in
            // Setup: the meeting to come has Marsh House on it; the day comes and the meeting is held.
            let app = setup.app
            let db = app.db
            var coordinator = try await Self.browser(app, "panel@riverside.example", "192.0.2.84")
            let marsh = try await Self.demoCase(app, "Maria Lopez")
            let item = try await Self.item(app, meeting: setup.upcoming, caseID: try marsh.requireID())
            let arranged = try await coordinator.post(
                "\(setup.base)/meetings", [("held_on", "2026-12-21"), ("starts_at", "10:00"), ("place", "Room 2")])
            #expect(arranged.status == .seeOther, "\(WriteAuditTests.problems(in: arranged.body.string))")
            setup.clock.advance(by: 14 * 86_400)
            coordinator = try await Self.browser(app, "panel@riverside.example", "192.0.2.85")
            try await coordinator.get(setup.meetingPath)
            let loaded = try #require(try await PanelReads.load(setup.vvp, on: db))
            let attendance = loaded.organisations.flatMap { org in
                [
                    ("attendance-\(org.id.uuidString)-status", "present"),
                    ("attendance-\(org.id.uuidString)-attendees", "Someone"),
                ]
            }
            #expect(try await coordinator.post("\(setup.meetingPath)/attendance", attendance).status == .seeOther)
            // Held: the cases still listed move onto the next meeting's agenda (Marsh House was also heard at the
            // demo's meeting in November).
            #expect(try await PanelItem.query(on: db).filter(\.$referral.$id == item.$referral.id).count() == 3)
            // The police have already researched it for that later meeting.
            let laterItem = try #require(
                try await PanelItem.query(on: db).filter(\.$referral.$id == item.$referral.id)
                    .filter(\.$recordedAt == nil).filter(\.$meeting.$id != setup.upcoming).first())
            let police = try await Self.browser(app, "police@riverside.example", "192.0.2.87")
            let later = "\(setup.base)/meetings/\(laterItem.$meeting.id.uuidString)"
            #expect(
                try await police.post(
                    "\(later)/items/\(try laterItem.requireID())/research", [("facts", "Two more calls this week")]
                ).status == .seeOther)
            // Act
            let closed = try await coordinator.post(
                "\(setup.meetingPath)/items/\(try item.requireID())",
                [
                    ("discussion", "The noise has stopped since the warning."), ("risk_summary", "Low now."),
                    ("decisions", "Close at the panel; the case team carries on."), ("outcome", "close"),
                ])
            // Check
            #expect(closed.status == .seeOther)
            let referral = try #require(try await PanelReferral.find(item.$referral.id, on: db))
            #expect(referral.status == .closed && referral.closingDecision?.hasPrefix("Close at the panel") == true)
            let remaining = try await PanelItem.query(on: db).filter(\.$referral.$id == referral.requireID()).all()
            #expect(
                remaining.count == 2,
                "the meetings that heard it keep their items; the later agenda no longer carries it")
            #expect(!remaining.contains { $0.id == laterItem.id })
            #expect(try await PanelResearch.query(on: db).filter(\.$item.$id == laterItem.requireID()).count() == 0)
            // Reopening the outcome is refused: bringing the case back is a new referral.
            let reopened = try await coordinator.post(
                "\(setup.meetingPath)/items/\(try item.requireID())",
                [("discussion", "x"), ("risk_summary", "y"), ("decisions", "z"), ("outcome", "keep")])
            #expect(reopened.status == .badRequest)
        }
    }
}
