import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Referrals sent through Tandem (issue 19, item 4), on the demo's Marsh House case: the officer refers Maria Lopez,
/// the reporting person, to Riverside Victim Support under an agreement each test makes; the referral lands in
/// Victim Support's queue; accepting shares the case, declining records why, and the officer sees the answer.
/// (The demo's own referral to Victim Support is on another case, so each test reads Marsh House's only.)
@Suite("Referrals inside Tandem")
struct ReferralsInTandemTests {
    static let council = "Riverside Council ASB Team"
    static let victims = "Riverside Victim Support"

    /// An agreement in force between the council and Victim Support (casework, risk and special category data,
    /// relying on the safeguarding condition), made straight in the database as a test's fixture.
    @discardableResult
    static func agreement(
        _ app: Application, sections: Set<ShareSection> = [.casework, .risk, .specialCategory],
        parties: [String] = [council, victims], endsOn: CivilDate = CivilDate(2027, 12, 31)
    ) async throws -> SharingAgreement {
        let agreement = SharingAgreement()
        agreement.title = "Victim care agreement"
        agreement.purpose = "Supporting victims of anti-social behaviour"
        agreement.gateways = LegalGateway.text([.crimeAndDisorderAct])
        agreement.specialCondition = .safeguarding
        agreement.sections = ShareSection.text(sections.union([.summary]))
        agreement.startsOn = CivilDate(2026, 1, 1)
        agreement.endsOn = endsOn
        agreement.status = .active
        agreement.createdAt = testStart
        agreement.updatedAt = testStart
        try await agreement.arrangeCreate(on: app.db)
        for name in parties {
            let organisation = try await organisationID(app, name)
            try await SharingAgreementParty(agreementID: try agreement.requireID(), organisationID: organisation)
                .arrangeCreate(on: app.db)
        }
        return agreement
    }

    static func organisationID(_ app: Application, _ name: String) async throws -> UUID {
        try #require(try await Organisation.query(on: app.db).filter(\.$name == name).first()?.id)
    }

    /// The named people on the case, whose consent a referral through Tandem carries.
    static func people(_ setup: CaseworkTests.Setup) async throws -> [UUID] {
        Array(
            Set(
                try await CaseParty.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).all()
                    .compactMap { $0.$person.id })
        ).sorted { $0.uuidString < $1.uuidString }
    }

    /// The referral form, through Tandem to Victim Support for Maria Lopez, with everyone's consent given unless
    /// `consent` says otherwise (nil: no decisions at all).
    static func form(
        _ setup: CaseworkTests.Setup, to organisation: UUID, agreement: UUID, sections: [String] = ["casework"],
        consent: String? = "given", extra: [(String, String)] = []
    ) async throws -> [(String, String)] {
        let decisions =
            try await consent.asyncMap { value in
                try await people(setup).map { ("consent[\($0.uuidString)]", value) }
            } ?? []
        return [
            ("service", SupportService.victimSupport.rawValue), ("party_id", setup.reporter.uuidString),
            ("asked", "Emotional support after months of late-night noise"), ("sent_on", "2026-11-23"),
            ("to_organisation_id", organisation.uuidString), ("agreement_id", agreement.uuidString),
        ] + sections.map { ("share_sections[]", $0) } + decisions + extra
    }

    /// The officer refers Maria to Victim Support through Tandem; the new referral.
    static func refer(_ setup: CaseworkTests.Setup, agreement: SharingAgreement) async throws -> Referral {
        let victims = try await organisationID(setup.app, victims)
        try await setup.officer.get("\(setup.path)/support")
        let sent = try await setup.officer.post(
            "\(setup.path)/referrals", try await form(setup, to: victims, agreement: try agreement.requireID()))
        #expect(sent.status == .seeOther, "\(WriteAuditTests.problems(in: sent.body.string))")
        return try #require(
            try await Referral.query(on: setup.app.db).filter(\.$toOrganisation.$id == victims).filter(
                \.$caseRecord.$id == setup.caseID
            ).first())
    }

    static func victimsShare(_ setup: CaseworkTests.Setup) async throws -> CaseShare? {
        let victims = try await organisationID(setup.app, victims)
        return try await CaseShare.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
            .filter(\.$organisation.$id == victims).first()
    }

    @Test(
        "a referral through Tandem lands in the receiver's queue, is hidden from other partners, and accepting it shares the case"
    )
    func acceptShares() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the agreement, Victim Support and the police (who already see the case) signed in.
            let app = setup.app
            let agreement = try await Self.agreement(app)
            let victims = try await WriteAuditTests.signedIn(app, "victims@riverside.example", address: "192.0.2.81")
            let police = try await WriteAuditTests.signedIn(app, "police@riverside.example", address: "192.0.2.82")
            let record = try await setup.record()

            // Act: the officer refers Maria Lopez through Tandem for casework only, with her consent.
            let referral = try await Self.refer(setup, agreement: agreement)
            let id = try referral.requireID()

            // Check: what was chosen is kept on the referral; the queue shows the case's reference, not its title.
            #expect(referral.shareSectionSet == [.summary, .casework])
            #expect(referral.consent == .given)
            #expect(referral.$agreement.id == agreement.id)
            #expect(referral.status == .sent)
            let queue = try await victims.get("/referrals")
            #expect(queue.status == .ok)
            #expect(queue.body.string.contains(record.reference))
            #expect(queue.body.string.contains("Emotional support after months"))
            #expect(!queue.body.string.contains(record.title))
            #expect(try await victims.get(setup.path).status == .notFound)
            // They were told, without the service named (a notification can be an email, and a service can say
            // something about someone's health).
            let told = try await UserNotification.query(on: app.db).filter(\.$kind == .referralToUs).all()
            #expect(!told.isEmpty)
            #expect(
                told.allSatisfy { $0.summary == "A referral from Riverside Council ASB Team waits for your answer" })
            // Another partner neither sees it in its queue nor can open or answer it.
            #expect(!(try await police.get("/referrals").body.string.contains("Emotional support")))
            #expect(try await police.get("/referrals/\(id)").status == .notFound)
            #expect(try await police.post("/referrals/\(id)/answer", [("answer", "accepted")]).status == .notFound)
            #expect(try await Referral.find(id, on: app.db)?.status == .sent)

            // Opening it shows the person as the referral names them, and records the view.
            let page = try await victims.get("/referrals/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Maria Lopez"))
            #expect(page.body.string.contains("Victim care agreement"))
            let views = try await AuditEvent.query(on: app.db).filter(\.$action == "view")
                .filter(\.$recordType == RecordType.referral.rawValue).filter(\.$recordID == id.uuidString).count()
            #expect(views == 1)

            // Act: Victim Support accepts.
            let accepted = try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")])
            #expect(accepted.status == .seeOther, "\(WriteAuditTests.problems(in: accepted.body.string))")

            // Check: the case is shared under the referral's agreement and sections, with a disclosure line.
            let answered = try #require(try await Referral.find(id, on: app.db))
            let lucy = try #require(
                try await User.query(on: app.db).filter(\.$email == "victims@riverside.example").first()?.id)
            #expect(answered.status == .accepted)
            #expect(answered.$answeredBy.id == lucy)
            #expect(answered.answeredAt == testStart)
            let share = try #require(try await Self.victimsShare(setup))
            #expect(share.$referral.id == id)
            #expect(share.$agreement.id == agreement.id)
            #expect(share.sectionSet == [.summary, .casework])
            #expect(share.isActive(today: CivilDate(2026, 11, 23)))
            let disclosures = try await Disclosure.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                .filter(\.$organisation.$id == share.$organisation.id).all()
            #expect(disclosures.map(\.event) == [.referralAccepted])
            #expect(disclosures.first?.consents.contains("Maria Lopez") == true)
            #expect(
                try await ReferralUpdate.query(on: app.db).filter(\.$referral.$id == id).all().map(\.status)
                    == [.sent, .accepted])
            #expect(
                try await CaseEvent.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$kind == .referralAnswered).count() == 1)
            // Victim Support now sees the case and its casework, and nothing the share does not open.
            #expect(try await victims.get(setup.path).status == .ok)
            #expect(try await victims.get("\(setup.path)/support").status == .ok)
            #expect(try await victims.get("\(setup.path)/risk").status == .notFound)

            // Once accepted it moves on by the receiver's updates; closing needs the outcome.
            #expect(try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")]).status == .badRequest)
            #expect(try await victims.post("/referrals/\(id)/answer", [("answer", "engaged")]).status == .seeOther)
            let noOutcome = try await victims.post("/referrals/\(id)/answer", [("answer", "closed")])
            #expect(noOutcome.status == .badRequest)
            #expect(noOutcome.body.string.contains("Enter what came of the referral"))
            #expect(try await Referral.find(id, on: app.db)?.status == .engaged)

            // The officer sees the answer on the Interventions and referrals tab.
            let tab = try await setup.officer.get("\(setup.path)/support")
            #expect(tab.body.string.contains("Accepted by Lucy Brennan (Riverside Victim Support)"))
            #expect(tab.body.string.contains("Sent through Tandem to Riverside Victim Support"))
        }
    }

    @Test("declining needs a reason, which the referring officer sees; a declined referral cannot then be accepted")
    func declineWithReason() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let app = setup.app
            let agreement = try await Self.agreement(app)
            let victims = try await WriteAuditTests.signedIn(app, "victims@riverside.example", address: "192.0.2.83")
            let referral = try await Self.refer(setup, agreement: agreement)
            let id = try referral.requireID()
            try await victims.get("/referrals/\(id)")
            let audits = try await setup.audits()

            // Act / Check: no reason, nothing saved.
            let bare = try await victims.post(
                "/referrals/\(id)/answer", [("answer", "declined"), ("decline_reason", " ")])
            #expect(bare.status == .badRequest)
            #expect(bare.body.string.contains("Enter why you are declining the referral"))
            #expect(try await Referral.find(id, on: app.db)?.status == .sent)
            #expect(try await ReferralUpdate.query(on: app.db).filter(\.$referral.$id == id).count() == 1)
            #expect(try await setup.audits() == audits)
            // An answer that is not one of the choices, and a forged one, are refused too.
            #expect(try await victims.post("/referrals/\(id)/answer", [("answer", "engaged")]).status == .badRequest)
            #expect(try await victims.post("/referrals/\(id)/answer", [("answer", "'; --")]).status == .badRequest)

            // With a reason it is declined, nothing is shared, and the officer sees why.
            let reason = "Maria is already supported by our partner charity"
            let declined = try await victims.post(
                "/referrals/\(id)/answer", [("answer", "declined"), ("decline_reason", reason)])
            #expect(declined.status == .seeOther)
            let stored = try #require(try await Referral.find(id, on: app.db))
            #expect(stored.status == .declined)
            #expect(stored.declineReason == reason)
            #expect(try await Self.victimsShare(setup) == nil)
            let tab = try await setup.officer.get("\(setup.path)/support")
            #expect(tab.body.string.contains("Declined by Lucy Brennan (Riverside Victim Support)"))
            #expect(tab.body.string.contains(reason))
            #expect(try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")]).status == .badRequest)
            #expect(try await Self.victimsShare(setup) == nil)
        }
    }

    @Test("special category data without consent: refused for a case officer when sent, made by a manager with reasons")
    func specialCategoryNeedsSeniorDecision() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let app = setup.app
            let agreementID = try await Self.agreement(app).requireID()
            let victims = try await Self.organisationID(app, Self.victims)
            try await setup.officer.get("\(setup.path)/support")
            let audits = try await setup.audits()

            // Act / Check: the case officer cannot send it; nothing is saved.
            let officer = try await setup.officer.post(
                "\(setup.path)/referrals",
                try await Self.form(
                    setup, to: victims, agreement: agreementID, sections: ["special_category"], consent: "refused"))
            #expect(officer.status == .badRequest)
            #expect(officer.body.string.contains("needs a senior officer&#39;s decision"))
            #expect(
                try await Referral.query(on: app.db).filter(\.$toOrganisation.$id == victims).filter(
                    \.$caseRecord.$id == setup.caseID
                ).count() == 0)
            #expect(try await setup.audits() == audits)

            // A manager must give reasons, and with them the referral is sent.
            let manager = try await WriteAuditTests.signedIn(app, "manager@riverside.example", address: "192.0.2.84")
            try await manager.get("\(setup.path)/support")
            let fields = try await Self.form(
                setup, to: victims, agreement: agreementID, sections: ["special_category"], consent: "refused")
            let noReasons = try await manager.post("\(setup.path)/referrals", fields)
            #expect(noReasons.status == .badRequest)
            #expect(noReasons.body.string.contains("Enter the reasons for sharing special category data"))
            let decision = "Maria is at risk of serious harm and Victim Support must know of her mental health"
            let sent = try await manager.post("\(setup.path)/referrals", fields + [("senior_decision", decision)])
            #expect(sent.status == .seeOther, "\(WriteAuditTests.problems(in: sent.body.string))")
            let referral = try #require(
                try await Referral.query(on: app.db).filter(\.$toOrganisation.$id == victims).filter(
                    \.$caseRecord.$id == setup.caseID
                ).first())
            #expect(referral.seniorDecision == decision)
            #expect(referral.consent == .refused)

            // Accepting shares special category data under the manager's recorded decision.
            let lucy = try await WriteAuditTests.signedIn(app, "victims@riverside.example", address: "192.0.2.85")
            try await lucy.get("/referrals/\(try referral.requireID())")
            #expect(
                try await lucy.post("/referrals/\(try referral.requireID())/answer", [("answer", "accepted")]).status
                    == .seeOther)
            let share = try #require(try await Self.victimsShare(setup))
            let priya = try #require(
                try await User.query(on: app.db).filter(\.$email == "manager@riverside.example").first()?.id)
            #expect(share.sectionSet.contains(.specialCategory))
            #expect(share.seniorDecision == decision)
            #expect(share.$seniorDecisionBy.id == priya)
        }
    }

    @Test("forged and out-of-scope choices are refused with nothing saved; a referral outside Tandem is as before")
    func badInputAtReferral() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: an agreement with Victim Support that covers casework only.
            let app = setup.app
            let agreementID = try await Self.agreement(app, sections: [.casework]).requireID()
            let victims = try await Self.organisationID(app, Self.victims)
            let police = try await Self.organisationID(app, "Riverside Safer Neighbourhoods Police")
            let council = try await Self.organisationID(app, Self.council)
            try await setup.officer.get("\(setup.path)/support")
            let audits = try await setup.audits()
            let first = try #require(try await Self.people(setup).first)
            let cases: [([(String, String)], String)] = [
                (
                    try await Self.form(setup, to: UUID(), agreement: agreementID),
                    "Select an organisation that uses Tandem"
                ),
                (try await Self.form(setup, to: council, agreement: agreementID), "goes to another organisation"),
                (
                    try await Self.form(setup, to: victims, agreement: UUID()),
                    "Select the information sharing agreement"
                ),
                (try await Self.form(setup, to: police, agreement: agreementID), "does not include both organisations"),
                (
                    try await Self.form(setup, to: victims, agreement: agreementID, sections: ["enforcement"]),
                    "does not cover"
                ),
                (
                    try await Self.form(setup, to: victims, agreement: agreementID, sections: ["nonsense"]),
                    "Select sections"
                ),
                (
                    try await Self.form(setup, to: victims, agreement: agreementID, consent: nil),
                    "Select whether this person gave consent"
                ),
                (
                    try await Self.form(setup, to: victims, agreement: agreementID).filter {
                        $0.0 != "consent[\(first.uuidString)]"
                    },
                    "Select whether this person gave consent"
                ),
                (
                    try await Self.form(setup, to: victims, agreement: agreementID, consent: "not_sought"),
                    "Select why consent was not sought"
                ),
            ]
            for (fields, message) in cases {
                // Act
                let response = try await setup.officer.post("\(setup.path)/referrals", fields)
                // Check
                #expect(response.status == .badRequest, "expected a refusal: \(message)")
                #expect(response.body.string.contains(message), "\(WriteAuditTests.problems(in: response.body.string))")
                #expect(response.status != .internalServerError)
            }
            #expect(try await Referral.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            #expect(try await setup.audits() == audits)
            // The values typed are kept for the second try.
            let kept = try await setup.officer.post(
                "\(setup.path)/referrals", try await Self.form(setup, to: victims, agreement: agreementID, consent: nil)
            )
            #expect(kept.body.string.contains("Emotional support after months of late-night noise</textarea>"))

            // Without an organisation the referral is to a body outside Tandem, whatever else was sent.
            let outside = try await setup.officer.post(
                "\(setup.path)/referrals",
                try await Self.form(setup, to: victims, agreement: agreementID).filter { $0.0 != "to_organisation_id" }
                    + [("organisation_name", "Marsh Residents' Association")])
            #expect(outside.status == .seeOther)
            let plain = try #require(
                try await Referral.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(plain.$toOrganisation.id == nil)
            #expect(plain.$agreement.id == nil)
            #expect(plain.shareSections == nil)
            #expect(plain.organisationName == "Marsh Residents' Association")
        }
    }

    @Test("only those who may share send through Tandem; accepting needs a decision for everyone on the case now")
    func consentOfEveryone() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup
            let app = setup.app
            let agreement = try await Self.agreement(app)
            let victimsID = try await Self.organisationID(app, Self.victims)
            let calls = try await WriteAuditTests.signedIn(app, "calls@riverside.example", address: "192.0.2.87")
            try await calls.get("\(setup.path)/support")

            // Act / Check: a call handler works the case but may not share it, so cannot send through Tandem.
            let refused = try await calls.post(
                "\(setup.path)/referrals", try await Self.form(setup, to: victimsID, agreement: agreement.requireID()))
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("Only the case officer or a senior officer can send a referral"))
            #expect(try await Referral.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)

            // The officer sends it, and every named person's decision is kept with it.
            let referral = try await Self.refer(setup, agreement: agreement)
            let id = try referral.requireID()
            let people = try await Self.people(setup)
            #expect(people.count > 1)
            #expect(Set(ReferralSharing.consents(from: referral.consents ?? "").keys) == Set(people))

            // Someone added since has no decision: accepting is refused, and nothing is shared.
            try await setup.officer.get(setup.path)
            let added = try await setup.officer.post(
                "\(setup.path)/parties", [("role", "witness"), ("full_name", "Ola Adeyemi")])
            #expect(added.status == .seeOther)
            let victims = try await WriteAuditTests.signedIn(app, "victims@riverside.example", address: "192.0.2.88")
            try await victims.get("/referrals/\(id)")
            let blocked = try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")])
            #expect(blocked.status == .badRequest)
            #expect(blocked.body.string.contains("Select whether this person gave consent"))
            #expect(try await Self.victimsShare(setup) == nil)
            #expect(try await Referral.find(id, on: app.db)?.status == .sent)
        }
    }

    @Test(
        "a share revoked after a referral was sent is not brought back by accepting it; a revoked receiver cannot update"
    )
    func revokedShareStaysRevoked() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: one referral accepted (so the case is shared), a second sent, then the share revoked.
            let app = setup.app
            let agreement = try await Self.agreement(app)
            let victims = try await WriteAuditTests.signedIn(app, "victims@riverside.example", address: "192.0.2.89")
            let first = try await Self.refer(setup, agreement: agreement).requireID()
            try await victims.get("/referrals/\(first)")
            #expect(try await victims.post("/referrals/\(first)/answer", [("answer", "accepted")]).status == .seeOther)
            #expect(try await victims.post("/referrals/\(first)/answer", [("answer", "engaged")]).status == .seeOther)
            setup.clock.advance(by: 60)
            let victimsID = try await Self.organisationID(app, Self.victims)
            try await setup.officer.get("\(setup.path)/support")
            let again = try await setup.officer.post(
                "\(setup.path)/referrals", try await Self.form(setup, to: victimsID, agreement: agreement.requireID()))
            #expect(again.status == .seeOther)
            let second = try #require(
                try await Referral.query(on: app.db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$id != first).first()?.id)
            setup.clock.advance(by: 60)
            let share = try #require(try await Self.victimsShare(setup))
            try await setup.officer.get("\(setup.path)/sharing")
            let revoked = try await setup.officer.post(
                "\(setup.path)/sharing/\(try share.requireID())/revoke", [("reason", "Support is now by phone")])
            #expect(revoked.status == .seeOther)
            let denials = try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count()

            // Act / Check: the accepted referral's updates are refused as not found, and the refusal recorded.
            // The person was engaging: the update that would follow is refused as not found.
            let update = try await victims.post(
                "/referrals/\(first)/answer", [("answer", "closed"), ("note", "Support finished")])
            #expect(update.status == .notFound)
            #expect(try await Referral.find(first, on: app.db)?.status == .engaged)
            #expect(!(try await victims.get("/referrals/\(first)").body.string.contains("Send your answer")))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "access_denied").count() == denials + 1)
            // Accepting the older referral cannot undo the officer's later revocation.
            try await victims.get("/referrals/\(second)")
            let accept = try await victims.post("/referrals/\(second)/answer", [("answer", "accepted")])
            #expect(accept.status == .badRequest)
            #expect(accept.body.string.contains("ended your organisation&#39;s access to this case"))
            #expect(try await Self.victimsShare(setup)?.revokedAt != nil)
            #expect(try await victims.get(setup.path).status == .notFound)
        }
    }

    @Test("an agreement that lapsed after the referral was sent stops its acceptance; the referrer chases or closes it")
    func lapsedAgreementAndReferrerUpdates() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: a referral sent under an agreement that then ends yesterday.
            let app = setup.app
            let agreement = try await Self.agreement(app)
            let referral = try await Self.refer(setup, agreement: agreement)
            let id = try referral.requireID()
            agreement.endsOn = CivilDate(2026, 11, 22)
            try await agreement.arrangeSave(on: app.db)
            let victims = try await WriteAuditTests.signedIn(app, "victims@riverside.example", address: "192.0.2.86")
            try await victims.get("/referrals/\(id)")
            let audits = try await setup.audits()

            // Act / Check: accepting is refused with what to do, and nothing is shared or answered.
            let accept = try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")])
            #expect(accept.status == .badRequest)
            #expect(accept.body.string.contains("no longer in force"))
            #expect(accept.body.string.contains("Ask the referring officer, Sam Okafor"))
            #expect(try await Self.victimsShare(setup) == nil)
            #expect(try await Referral.find(id, on: app.db)?.status == .sent)
            #expect(try await setup.audits() == audits)

            // The referrer cannot answer for the receiver, but chases as today, and may close it.
            let path = "\(setup.path)/referrals/\(id)"
            try await setup.officer.get("\(setup.path)/support")
            let own = try await setup.officer.post(path, [("status", "accepted")])
            #expect(own.status == .badRequest)
            #expect(own.body.string.contains("you can chase it or close it"))
            let chased = try await setup.officer.post(
                path, [("status", "chased"), ("note", "Phoned Victim Support"), ("reply_due_on", "2026-12-01")])
            #expect(chased.status == .seeOther)
            #expect(try await Referral.find(id, on: app.db)?.replyDueOn == CivilDate(2026, 12, 1))
            #expect(
                try await setup.officer.post(
                    path, [("status", "closed"), ("note", "Sent again under the new agreement")]
                )
                .status == .seeOther)
            #expect(try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")]).status == .badRequest)
        }
    }
}

extension WriteAuditTests {
    @Test("referrals in Tandem: the receiving organisation accepts a referral, sharing the case, then updates it")
    func referralsInTandemWrites() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: an agreement and a referral to Victim Support, made outside the check.
            let app = setup.app
            let writes = Writes(app)
            let agreement = try await ReferralsInTandemTests.agreement(app)
            let referral = try await ReferralsInTandemTests.refer(setup, agreement: agreement)
            let id = try referral.requireID()
            let victims = try await Self.signedIn(app, "victims@riverside.example", address: "192.0.2.172")
            try await victims.get("/referrals/\(id)")

            // Act / Check: accepting writes the referral, its history, the share, consent, disclosure and timeline.
            try await writes.submit("/referrals/:referralID/answer") {
                try await victims.post("/referrals/\(id)/answer", [("answer", "accepted")])
            }
            try await writes.submit("/referrals/:referralID/answer") {
                try await victims.post(
                    "/referrals/\(id)/answer", [("answer", "closed"), ("note", "Six sessions of support completed")])
            }
            #expect(try await Referral.find(id, on: app.db)?.outcome == "Six sessions of support completed")
            writes.expectCovered(Self.referralsInTandem)
        }
    }
}
