import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 19, items 3 and 5: actions and tasks owned by a partner organisation and completed by it, evidence it
/// uploads, and its home page, on the demo's Marsh House case (shared with the police for every section but
/// special category data).
@Suite("Partner-owned work and the partner's home")
struct PartnerWorkTests {
    static let police = "Riverside Safer Neighbourhoods Police"

    /// The police practitioner, signed in.
    static func policePartner(_ app: Application) async throws -> TestBrowser {
        try await WriteAuditTests.signedIn(app, "police@riverside.example", address: "192.0.2.81")
    }

    static func organisation(_ name: String, on db: any Database) async throws -> UUID {
        try #require(try await Organisation.query(on: db).filter(\.$name == name).first()?.id)
    }

    /// The officer draws up Marsh House's plan, so actions can be added.
    static func drawUpPlan(_ setup: CaseworkTests.Setup) async throws {
        try await setup.officer.get("\(setup.path)/plan")
        let drawn = try await setup.officer.post(
            "\(setup.path)/plan",
            [
                ("evidence_plan", "Diary sheets; police disclosure"), ("contact_frequency", "7"),
                ("contact_method", "phone"),
            ])
        #expect(drawn.status == .seeOther)
    }

    static func action(_ description: String, on db: any Database) async throws -> PlanAction {
        try #require(try await PlanAction.query(on: db).filter(\.$description == description).first())
    }

    @Test(
        "the officer gives an action to the police, who see it on their home and mark it done; the officer sees it done"
    )
    func policeOwnedAction() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the plan, with the police among the owners to choose from.
            let db = setup.app.db
            let policeID = try await Self.organisation(Self.police, on: db)
            try await Self.drawUpPlan(setup)
            let page = try await setup.officer.get("\(setup.path)/plan")
            #expect(page.body.string.contains("<option value=\"\(policeID.uuidString)\">\(Self.police)</option>"))

            // Act: an action owned by the police, one by the officer.
            let added = try await setup.officer.post(
                "\(setup.path)/plan/actions",
                [
                    ("description", "Check the call log for the address"), ("owner", "partner"),
                    ("owner_organisation_id", policeID.uuidString), ("due_on", "2026-12-01"),
                ])
            #expect(added.status == .seeOther)
            try await setup.officer.post(
                "\(setup.path)/plan/actions",
                [("description", "Send diary sheets"), ("owner", "officer"), ("due_on", "2026-12-01")])
            // Check: owned in Tandem, not by a typed name.
            let policeAction = try await Self.action("Check the call log for the address", on: db)
            #expect(policeAction.$ownerOrganisation.id == policeID)
            #expect(policeAction.ownerName == nil)
            let councilAction = try await Self.action("Send diary sheets", on: db)
            let record = try await setup.record()
            #expect(councilAction.$ownerOrganisation.id == record.$organisation.id)
            #expect(councilAction.$ownerUser.id == record.$officer.id)
            let shown = try await setup.officer.get("\(setup.path)/plan").body.string
            #expect(shown.contains("<td>\(Self.police)</td>"))
            #expect(shown.contains("Sam Okafor, Riverside Council ASB Team"))

            // The police see it on their home, with a "Mark as done" only on their own action.
            let partner = try await Self.policePartner(setup.app)
            let home = try await partner.get("/partnership")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Check the call log for the address"))
            #expect(home.body.string.contains(CaseworkTests.marsh))
            #expect(!home.body.string.contains("Send diary sheets"))
            let plan = try await partner.get("\(setup.path)/plan").body.string
            #expect(plan.contains("Mark as done: Check the call log for the address"))
            #expect(!plan.contains("Mark as done: Send diary sheets"))
            #expect(!plan.contains("Add the action"))

            // A partner cannot drop the action, or complete the council's.
            let dropped = try await partner.post(
                "\(setup.path)/plan/actions/\(try policeAction.requireID())", [("status", "dropped")])
            #expect(dropped.status == .badRequest)
            #expect(
                try await partner.post(
                    "\(setup.path)/plan/actions/\(try councilAction.requireID())", [("status", "done")]
                ).status == .forbidden)
            #expect(try await Self.action("Send diary sheets", on: db).status == .open)

            // Act: the police mark theirs done.
            let done = try await partner.post(
                "\(setup.path)/plan/actions/\(try policeAction.requireID())", [("status", "done")])
            #expect(done.status == .seeOther)
            // Check: done, by whom, and the officer sees it with the police named.
            let after = try await Self.action("Check the call log for the address", on: db)
            #expect(after.status == .done)
            let police = try #require(
                try await User.query(on: db).filter(\.$email == "police@riverside.example").first())
            #expect(after.$doneBy.id == police.id)
            let officerView = try await setup.officer.get("\(setup.path)/plan").body.string
            #expect(officerView.contains("(\(Self.police))"))
            let events = try await CaseEvent.query(on: db).filter(\.$caseRecord.$id == setup.caseID).all()
            #expect(
                events.contains {
                    $0.summary == "Plan action done by \(Self.police): Check the call log for the address"
                })
            #expect(!(try await partner.get("/partnership").body.string.contains("Check the call log for the address")))
        }
    }

    @Test(
        "a forged organisation or officer is refused and nothing is saved; a case not shared with the police is not found"
    )
    func forgedOwnersAndUnsharedCases() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let db = setup.app.db
            let policeID = try await Self.organisation(Self.police, on: db)
            try await Self.drawUpPlan(setup)
            let audits = try await setup.audits()
            let count = try await PlanAction.query(on: db).count()

            // Act / Check: an organisation id that is no organisation, the team's own, free text alone.
            for (field, value) in [
                ("owner_organisation_id", UUID().uuidString), ("owner_organisation_id", "not-an-id"),
                ("owner_organisation_id", try await setup.record().$organisation.id.uuidString),
            ] {
                let refused = try await setup.officer.post(
                    "\(setup.path)/plan/actions",
                    [("description", "Visit"), ("owner", "partner"), (field, value), ("due_on", "2026-12-01")])
                #expect(refused.status == .badRequest)
                #expect(refused.body.string.contains("Select a partner organisation from the list"))
            }
            let typedOnly = try await setup.officer.post(
                "\(setup.path)/plan/actions",
                [
                    ("description", "Visit"), ("owner", "partner"), ("owner_name", "The police"),
                    ("due_on", "2026-12-01"),
                ])
            #expect(typedOnly.status == .badRequest)
            // An officer who is not one of the team's: the police practitioner.
            let police = try #require(
                try await User.query(on: db).filter(\.$email == "police@riverside.example").first())
            let notOurs = try await setup.officer.post(
                "\(setup.path)/plan/actions",
                [
                    ("description", "Visit"), ("owner", "officer"),
                    ("owner_user_id", try police.requireID().uuidString),
                    ("due_on", "2026-12-01"),
                ])
            #expect(notOurs.status == .badRequest)
            #expect(notOurs.body.string.contains("Select an officer of Riverside Council ASB Team from the list"))
            #expect(try await PlanAction.query(on: db).count() == count)
            #expect(try await setup.audits() == audits)

            // An outside body is named in words, and kept as that.
            let outside = try await setup.officer.post(
                "\(setup.path)/plan/actions",
                [
                    ("description", "Food parcel"), ("owner", "partner"), ("owner_organisation_id", "outside"),
                    ("owner_name", "Riverside Food Bank"), ("due_on", "2026-12-01"),
                ])
            #expect(outside.status == .seeOther)
            let parcel = try await Self.action("Food parcel", on: db)
            #expect(parcel.ownerName == "Riverside Food Bank")
            #expect(parcel.$ownerOrganisation.id == nil)

            // A police-owned action on Heron Court, which is not shared with the police: not found.
            let heron = try #require(
                try await CaseRecord.query(on: db).filter(\.$reference == "ASB-2026-00005").first())
            let unshared = PlanAction()
            unshared.$caseRecord.id = try heron.requireID()
            unshared.description = "Not for the police to see"
            unshared.owner = .partner
            unshared.$ownerOrganisation.id = policeID
            unshared.dueOn = CivilDate(2026, 12, 1)
            unshared.status = .open
            unshared.addedAt = testStart
            unshared.$addedBy.id = try #require(heron.$officer.id ?? police.id)
            try await unshared.arrangeCreate(on: db)
            let partner = try await Self.policePartner(setup.app)
            #expect(
                try await partner.post(
                    "/cases/\(try heron.requireID())/plan/actions/\(try unshared.requireID())", [("status", "done")]
                ).status == .notFound)
            #expect(!(try await partner.get("/partnership").body.string.contains("Not for the police to see")))
        }
    }

    @Test("the officer gives a risk task to the police, who complete it with a note; others' tasks stay the team's")
    func policeTask() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: two open tasks on the case.
            let db = setup.app.db
            let policeID = try await Self.organisation(Self.police, on: db)
            let given = RiskTask(
                caseID: setup.caseID, kind: .informPolice, dueAt: testStart.addingTimeInterval(-3600),
                source: "Test", at: testStart)
            try await given.arrangeCreate(on: db)
            let kept = RiskTask(
                caseID: setup.caseID, kind: .immediateActionPlan, dueAt: nil, source: "Test", at: testStart)
            try await kept.arrangeCreate(on: db)
            let givenID = try given.requireID()
            try await setup.officer.get("\(setup.path)/risk")

            // Act / Check: a forged organisation is refused.
            let forged = try await setup.officer.post(
                "\(setup.path)/tasks/\(givenID)/assignment", [("organisation_id", UUID().uuidString)])
            #expect(forged.status == .badRequest)
            #expect(forged.body.string.contains("Select a partner organisation from the list"))
            #expect(try await RiskTask.find(givenID, on: db)?.$assignedOrganisation.id == nil)
            // An organisation the case is not shared with could never see the task, so it is not offered.
            let yos = try #require(
                try await User.query(on: db).filter(\.$email == "yos@riverside.example").first()?.$organisation.id)
            let unshared = try await setup.officer.post(
                "\(setup.path)/tasks/\(givenID)/assignment", [("organisation_id", yos.uuidString)])
            #expect(unshared.status == .badRequest)
            #expect(unshared.body.string.contains("cannot see this case&#39;s risk tasks"))
            #expect(try await RiskTask.find(givenID, on: db)?.$assignedOrganisation.id == nil)
            // Given to the police.
            let assigned = try await setup.officer.post(
                "\(setup.path)/tasks/\(givenID)/assignment", [("organisation_id", policeID.uuidString)])
            #expect(assigned.status == .seeOther)
            #expect(try await RiskTask.find(givenID, on: db)?.$assignedOrganisation.id == policeID)

            // The police see it, overdue, and complete it; the team's own task they cannot.
            let partner = try await Self.policePartner(setup.app)
            let home = try await partner.get("/partnership").body.string
            #expect(home.contains(RiskTaskKind.informPolice.label))
            #expect(home.contains("Overdue"))
            #expect(!home.contains(RiskTaskKind.immediateActionPlan.label))
            #expect(try await partner.get("\(setup.path)/risk").body.string.contains("Given to: \(Self.police)"))
            #expect(
                try await partner.post("\(setup.path)/tasks/\(try kept.requireID())", [("note", "Done")]).status
                    == .forbidden)
            let done = try await partner.post("\(setup.path)/tasks/\(givenID)", [("note", "Beat team told")])
            #expect(done.status == .seeOther)
            let closed = try #require(try await RiskTask.find(givenID, on: db))
            #expect(closed.status == .done)
            #expect(closed.note == "Beat team told")
            let events = try await CaseEvent.query(on: db).filter(\.$caseRecord.$id == setup.caseID).all()
            #expect(
                events.contains { $0.summary.hasPrefix("\(RiskTaskKind.informPolice.label): done by \(Self.police)") })
            // The partner cannot give tasks out.
            #expect(
                try await partner.post(
                    "\(setup.path)/tasks/\(try kept.requireID())/assignment", [("organisation_id", policeID.uuidString)]
                ).status == .forbidden)
        }
    }

    @Test("the police upload evidence to a case shared with them for reports, named on the timeline")
    func partnerEvidence() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let db = setup.app.db
            let partner = try await Self.policePartner(setup.app)
            let page = try await partner.get("\(setup.path)/evidence")
            #expect(page.body.string.contains("Add to the register"))
            // Act
            let added = try await partner.postFile(
                "\(setup.path)/evidence",
                [("kind", "police_disclosure"), ("title", "Call log extract"), ("obtained_on", "2026-11-20")],
                file: ("log.png", CaseworkTests.png))
            // Check
            #expect(added.status == .seeOther)
            let item = try #require(
                try await EvidenceItem.query(on: db).filter(\.$title == "Call log extract").with(\.$addedBy).first())
            #expect(item.addedBy?.email == "police@riverside.example")
            let events = try await CaseEvent.query(on: db).filter(\.$caseRecord.$id == setup.caseID).all()
            #expect(events.contains { $0.summary.hasPrefix("Evidence added by \(Self.police):") })
            #expect(
                try await setup.officer.get("\(setup.path)/evidence").body.string.contains("(\(Self.police))"))
            // The diary stays the team's.
            #expect(
                try await partner.post("\(setup.path)/diary", [("what_happened", "Noise")]).status == .forbidden)
        }
    }

    @Test("after the share is revoked the case leaves the partner's home and case list")
    func revokedShareVanishes() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the police see Marsh House.
            let db = setup.app.db
            let policeID = try await Self.organisation(Self.police, on: db)
            let partner = try await Self.policePartner(setup.app)
            #expect(try await partner.get("/partnership").body.string.contains(CaseworkTests.marsh))
            #expect(try await partner.get("/cases").body.string.contains(CaseworkTests.marsh))
            #expect(try await partner.get("/").body.string.contains("Our shared work"))

            // Act: a share past its last day lists nothing, and nor does a revoked one.
            let share = try #require(
                try await CaseShare.query(on: db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$organisation.$id == policeID).first())
            share.endsOn = CivilDate(2026, 11, 1)
            try await share.arrangeSave(on: db)
            #expect(!(try await partner.get("/cases").body.string.contains(CaseworkTests.marsh)))
            share.endsOn = nil
            share.revokedAt = testStart
            try await share.arrangeSave(on: db)

            // Check
            #expect(!(try await partner.get("/partnership").body.string.contains(CaseworkTests.marsh)))
            #expect(!(try await partner.get("/cases").body.string.contains(CaseworkTests.marsh)))
            #expect(try await partner.get("\(setup.path)/plan").status == .notFound)
        }
    }

    @Test("the plan page of a case with actions already on it opens for the officer and the police")
    func planWithActions() async throws {
        try await CaseworkTests().withMarsh { setup in
            let canal = try #require(
                try await CaseRecord.query(on: setup.app.db).filter(\.$reference == "ASB-2026-00004").first())
            let path = "/cases/\(try canal.requireID())/plan"
            let officer = try await setup.officer.get(path)
            #expect(officer.status == .ok, "\(officer.body.string.prefix(500))")
            let partner = try await Self.policePartner(setup.app)
            #expect(try await partner.get(path).status == .ok)
        }
    }

    @Test("a share ending within 30 days is listed as ending soon")
    func endingSoon() async throws {
        try await CaseworkTests().withMarsh { setup in
            let db = setup.app.db
            let policeID = try await Self.organisation(Self.police, on: db)
            let share = try #require(
                try await CaseShare.query(on: db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$organisation.$id == policeID).first())
            share.endsOn = DisplayDate.civilDay(testStart).adding(days: 10)
            try await share.arrangeSave(on: db)
            let partner = try await Self.policePartner(setup.app)
            let home = try await partner.get("/partnership").body.string
            #expect(home.contains("(10 day(s) left)"))
            // Only a partner practitioner has the page.
            #expect(try await setup.officer.get("/partnership").status == .forbidden)
        }
    }
}
