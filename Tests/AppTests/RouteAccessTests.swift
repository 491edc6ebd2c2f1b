import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Every route against every role (and signed out): the expected answer comes
/// from this table, and the test fails if a registered route is missing from it.
@Suite("Route access by role")
struct RouteAccessTests {
    enum Who: Hashable, CustomStringConvertible {
        case signedOut
        case role(Role)

        var description: String {
            switch self {
            case .signedOut: "signed out"
            case .role(let role): role.rawValue
            }
        }

        static let all: [Who] = [.signedOut] + Role.allCases.map(Who.role)
    }

    struct Row {
        var method: HTTPMethod
        /// The route as registered, for the completeness check.
        var pattern: String
        /// The concrete path requested.
        var path: String
        var expect: (Who) -> HTTPStatus
    }

    static func signedIn(_ status: HTTPStatus, signedOut: HTTPStatus = .seeOther) -> (Who) -> HTTPStatus {
        { $0 == .signedOut ? signedOut : status }
    }

    static func only(_ roles: Set<Role>, _ allowed: HTTPStatus, otherwise: HTTPStatus = .forbidden) -> (Who) ->
        HTTPStatus
    {
        { who in
            switch who {
            case .signedOut: .seeOther
            case .role(let role): roles.contains(role) ? allowed : otherwise
            }
        }
    }

    static let casework = Set(Role.allCases.filter(\.isCasework))

    @Test("each route answers each role as the policy says")
    func everyRouteEveryRole() async throws {
        try await withTandem { app, _ in
            // Setup: the demo borough, plus one council user per role (the
            // partner practitioner works for the police).
            try await DemoSeeder.seedIfEmpty(app)
            var browsers: [Who: TestBrowser] = [.signedOut: TestBrowser(app, address: "192.0.2.200")]
            for (index, role) in Role.allCases.enumerated() {
                let partner = role == .partnerPractitioner
                try await createUser(
                    app, email: "\(role.rawValue)@test.example", roles: [role],
                    organisation: partner ? "Riverside Safer Neighbourhoods Police" : "Riverside Council ASB Team")
                let browser = TestBrowser(app, address: "192.0.2.\(index + 1)")
                #expect(try await browser.signIn("\(role.rawValue)@test.example").status == .seeOther)
                browsers[.role(role)] = browser
            }
            // Demo cases: Marsh House noise (shared with the police), Heron Court
            // (shared with youth offending), Willow Road (Riverside Homes' own).
            let sharedWithPolice = try await caseID(app, "ASB-2026-00002")
            let sharedWithYouthOffending = try await caseID(app, "ASB-2026-00005")
            let housingCase = try await caseID(app, "ASB-2026-00003")
            // Recorded already, so every allowed role gets the same refusal (400).
            let explained = try #require(try await CaseRecord.find(UUID(uuidString: sharedWithPolice), on: app.db))
            explained.caseReviewExplainedAt = testStart
            try await explained.arrangeSave(on: app.db)
            let waiting = try #require(
                try await Report.query(on: app.db).filter(\.$status == .awaitingTriage)
                    .filter(\.$organisation.$id == explained.$organisation.id).first()?.id?.uuidString)
            let person = try #require(try await Person.query(on: app.db).first()?.id?.uuidString)
            let category = try #require(try await Category.query(on: app.db).first()?.id?.uuidString)
            let ward = try #require(try await Ward.query(on: app.db).first()?.id?.uuidString)
            let triage: Set<Role> = [.callHandler, .caseOfficer, .seniorOfficer, .teamManager]
            let allocators: Set<Role> = [.teamManager, .seniorOfficer]
            let admin: Set<Role> = [.administrator]
            // On a case the partner can see: casework may act, the partner may only read, the rest never see it.
            func onCase(_ allowed: Set<Role>, _ status: HTTPStatus) -> (Who) -> HTTPStatus {
                { who in
                    switch who {
                    case .signedOut: .seeOther
                    case .role(let role):
                        allowed.contains(role)
                            ? status
                            : (Self.casework.union([.partnerPractitioner]).contains(role) ? .forbidden : .notFound)
                    }
                }
            }
            let organisation = try #require(try await Organisation.query(on: app.db).first()?.id?.uuidString)
            let target = try await createUser(app, email: "target@test.example", roles: [.callHandler]).uuidString
            let partner: Set<Role> = Self.casework.union([.partnerPractitioner])
            let needToKnow: Set<Role> = [.caseOfficer, .seniorOfficer, .teamManager]
            let sharers: Set<Role> = [.caseOfficer, .seniorOfficer, .teamManager]
            let mentalHealthRecord = try #require(
                try await MentalHealthRecord.query(on: app.db).filter(
                    \.$caseRecord.$id == UUID(uuidString: sharedWithPolice)!
                )
                .first()?.id?.uuidString)

            let legalPower = try #require(try await LegalPower.query(on: app.db).first()?.id?.uuidString)
            let letterTemplate = try #require(try await LetterTemplate.query(on: app.db).first()?.id?.uuidString)
            // A referral sent through Tandem to the police (issue 19, item 4): only the police may open or answer it.
            let toPolice = Referral()
            toPolice.$caseRecord.id = explained.id!
            toPolice.service = .police
            toPolice.asked = "Patrols at night"
            toPolice.sentOn = CivilDate(2026, 11, 23)
            toPolice.replyDueOn = CivilDate(2026, 12, 7)
            toPolice.status = .sent
            toPolice.recordedAt = testStart
            toPolice.$recordedBy.id = try #require(try await User.query(on: app.db).first()?.id)
            toPolice.updatedAt = testStart
            toPolice.$toOrganisation.id = try #require(
                try await Organisation.query(on: app.db).filter(\.$name == "Riverside Safer Neighbourhoods Police")
                    .first()?.id)
            try await toPolice.arrangeCreate(on: app.db)
            let referralToPolice = try toPolice.requireID().uuidString
            // The demo's vulnerable victims panel and its meeting to come.
            let vvpPanel = try #require(
                try await Panel.query(on: app.db).filter(\.$kind == .vulnerableVictims).first())
            let vvp = try vvpPanel.requireID().uuidString
            let upcoming = try #require(
                try await PanelMeeting.query(on: app.db).filter(\.$panel.$id == vvpPanel.requireID())
                    .filter(\.$heldAt == nil).first()?.id?.uuidString)
            let coordinator: Set<Role> = [.panelCoordinator]
            // At the panel's table (the council's casework roles, the police partner): these roles get `status`,
            // the rest of the table 403; administrators and auditors do not know the panel (404).
            func atTable(_ allowed: Set<Role>, _ status: HTTPStatus) -> (Who) -> HTTPStatus {
                { who in
                    switch who {
                    case .signedOut: .seeOther
                    case .role(let role):
                        allowed.contains(role) ? status : (partner.contains(role) ? .forbidden : .notFound)
                    }
                }
            }
            // The demo's Case Reviews (issue 22): Canal Street just received, Marsh House with the police's reply in.
            let canalReview = try #require(
                try await CaseReview.query(on: app.db).filter(\.$applicantName == "Cllr Hannah Price").first()?.id?
                    .uuidString)
            let marshReview = try #require(
                try await CaseReview.query(on: app.db).filter(\.$applicantName == "Maria Lopez").first()?.id)
            let policeRequest = try #require(
                try await CaseReviewRequest.query(on: app.db).filter(\.$review.$id == marshReview)
                    .join(Organisation.self, on: \CaseReviewRequest.$organisation.$id == \Organisation.$id)
                    .filter(Organisation.self, \.$kind == .police).first()?.id?.uuidString)
            let spoc: Set<Role> = [.caseReviewContact]
            // Retention (issue 23): the demo's batch waiting for approval and its legal hold, both the council's.
            let governance: Set<Role> = [.administrator, .informationGovernanceLead]
            let batch = try #require(try await DisposalBatch.query(on: app.db).first()?.id?.uuidString)
            let hold = try #require(try await LegalHoldRecord.query(on: app.db).first()?.id?.uuidString)
            let kevin = try #require(
                try await Person.query(on: app.db).filter(\.$fullName == "Kevin Doyle").first()?.id?.uuidString)
            // The demo's subject access request from the respondent on Marsh House, gathered and in review.
            let sar = try #require(try await SubjectAccessRequest.query(on: app.db).first()?.id)
            let redaction = try #require(
                try await SubjectAccessRedaction.query(on: app.db).filter(\.$request.$id == sar).first()?.id?.uuidString
            )
            let table: [Row] =
                [
                    // Kevin Doyle is on Marsh House, shared with the police: casework and the police partner see
                    // his chronology; the rest are refused.
                    Row(
                        method: .GET, pattern: "/people/:personID/chronology",
                        path: "/people/\(kevin)/chronology",
                        expect: Self.only(Self.casework.union([.partnerPractitioner]), .ok)),
                    Row(
                        method: .GET, pattern: "/subject-access", path: "/subject-access",
                        expect: Self.only(governance, .ok)),
                    Row(
                        method: .POST, pattern: "/subject-access", path: "/subject-access",
                        expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .GET, pattern: "/subject-access/:requestID", path: "/subject-access/\(sar)",
                        expect: Self.only(governance, .ok)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/identity",
                        path: "/subject-access/\(sar)/identity", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/extension",
                        path: "/subject-access/\(sar)/extension", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/gather",
                        path: "/subject-access/\(sar)/gather", expect: Self.only(governance, .seeOther)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/redactions/:redactionID",
                        path: "/subject-access/\(sar)/redactions/\(redaction)",
                        expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/sign-off",
                        path: "/subject-access/\(sar)/sign-off", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/release",
                        path: "/subject-access/\(sar)/release", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .GET, pattern: "/subject-access/:requestID/bundle.zip",
                        path: "/subject-access/\(sar)/bundle.zip", expect: Self.only(governance, .notFound)),
                    Row(
                        method: .POST, pattern: "/subject-access/:requestID/outcome",
                        path: "/subject-access/\(sar)/outcome", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/retention", path: "/admin/retention",
                        expect: Self.only(governance, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/retention/schedule", path: "/admin/retention/schedule",
                        expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/retention/holds", path: "/admin/retention/holds",
                        expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/retention/holds/:holdID/lift",
                        path: "/admin/retention/holds/\(hold)/lift", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/retention/batches", path: "/admin/retention/batches",
                        expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/retention/batches/:batchID",
                        path: "/admin/retention/batches/\(batch)", expect: Self.only(governance, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/retention/batches/:batchID/approve",
                        path: "/admin/retention/batches/\(batch)/approve", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/retention/batches/:batchID/cancel",
                        path: "/admin/retention/batches/\(batch)/cancel", expect: Self.only(governance, .badRequest)),
                    Row(
                        method: .GET, pattern: "/audit/verify", path: "/audit/verify",
                        expect: Self.only([.administrator, .auditor], .ok)),
                    Row(method: .GET, pattern: "/health", path: "/health", expect: { _ in .ok }),
                    Row(
                        method: .GET, pattern: "/api/me", path: "/api/me",
                        expect: Self.signedIn(.ok, signedOut: .unauthorized)),
                    Row(
                        method: .GET, pattern: "/sign-in", path: "/sign-in",
                        expect: { $0 == .signedOut ? .ok : .seeOther }),
                    Row(method: .POST, pattern: "/sign-in", path: "/sign-in", expect: { _ in .badRequest }),
                    Row(method: .POST, pattern: "/sign-out", path: "/sign-out", expect: { _ in .seeOther }),
                    Row(method: .GET, pattern: "/", path: "/", expect: Self.signedIn(.ok)),
                    Row(
                        method: .GET, pattern: "/account/password", path: "/account/password",
                        expect: Self.signedIn(.ok)),
                    Row(
                        method: .POST, pattern: "/account/password", path: "/account/password",
                        expect: Self.signedIn(.badRequest)),
                    Row(method: .GET, pattern: "/cases", path: "/cases", expect: Self.only(partner, .ok)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID", path: "/cases/\(sharedWithPolice)",
                        expect: Self.only(partner, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID", path: "/cases/\(sharedWithYouthOffending)",
                        expect: Self.only(Self.casework, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID", path: "/cases/\(housingCase)",
                        expect: Self.only([], .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID", path: "/cases/not-a-case",
                        expect: Self.signedIn(.notFound)),
                    // Information sharing agreements (issue 19): the administrators' register.
                    Row(
                        method: .GET, pattern: "/admin/agreements", path: "/admin/agreements",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .GET, pattern: "/admin/agreements.csv", path: "/admin/agreements.csv",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .GET, pattern: "/admin/agreements/new", path: "/admin/agreements/new",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/agreements", path: "/admin/agreements",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/agreements/:agreementID",
                        path: "/admin/agreements/\(UUID().uuidString)", expect: Self.only(admin, .notFound)),
                    Row(
                        method: .POST, pattern: "/admin/agreements/:agreementID",
                        path: "/admin/agreements/\(UUID().uuidString)", expect: Self.only(admin, .notFound)),
                    // A partner's own contributions (issue 19): the owning team's casework roles and the police on
                    // the case they share (an empty form: 400); anyone who cannot see the case: 404.
                    Row(
                        method: .POST, pattern: "/cases/:caseID/notes", path: "/cases/\(sharedWithPolice)/notes",
                        expect: Self.only(partner, .badRequest, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/incidents",
                        path: "/cases/\(sharedWithPolice)/incidents",
                        expect: Self.only(partner, .badRequest, otherwise: .notFound)),
                    // Sharing a case and its disclosure log: the owning team; a partner cannot tell they exist.
                    Row(
                        method: .GET, pattern: "/cases/:caseID/sharing", path: "/cases/\(sharedWithPolice)/sharing",
                        expect: Self.only(Self.casework, .ok, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/sharing", path: "/cases/\(sharedWithPolice)/sharing",
                        expect: onCase(sharers, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/sharing/:shareID/revoke",
                        path: "/cases/\(sharedWithPolice)/sharing/\(UUID().uuidString)/revoke",
                        expect: onCase(sharers, .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/disclosures",
                        path: "/cases/\(sharedWithPolice)/disclosures",
                        expect: Self.only(Self.casework, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/disclosures.csv",
                        path: "/cases/\(sharedWithPolice)/disclosures.csv",
                        expect: Self.only(Self.casework, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/people/:personID/disclosures", path: "/people/\(person)/disclosures",
                        expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/people/:personID/disclosures.csv",
                        path: "/people/\(person)/disclosures.csv", expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/admin/organisations", path: "/admin/organisations",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .GET, pattern: "/admin/organisations/new", path: "/admin/organisations/new",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .POST, pattern: "/admin/organisations", path: "/admin/organisations",
                        expect: Self.only([.administrator], .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/organisations/:organisationID",
                        path: "/admin/organisations/\(organisation)",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .POST, pattern: "/admin/organisations/:organisationID",
                        path: "/admin/organisations/\(organisation)",
                        expect: Self.only([.administrator], .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/users", path: "/admin/users",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .GET, pattern: "/admin/users/new", path: "/admin/users/new",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .POST, pattern: "/admin/users", path: "/admin/users",
                        expect: Self.only([.administrator], .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/users/:userID", path: "/admin/users/\(target)",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .POST, pattern: "/admin/users/:userID/roles", path: "/admin/users/\(target)/roles",
                        expect: Self.only([.administrator], .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/users/:userID/deactivate",
                        path: "/admin/users/\(target)/deactivate",
                        expect: Self.only([.administrator], .seeOther)),
                    Row(
                        method: .POST, pattern: "/admin/users/:userID/reactivate",
                        path: "/admin/users/\(target)/reactivate",
                        expect: Self.only([.administrator], .seeOther)),
                    Row(
                        method: .POST, pattern: "/admin/users/:userID/reset-password",
                        path: "/admin/users/\(target)/reset-password",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .GET, pattern: "/audit", path: "/audit",
                        expect: Self.only([.administrator, .auditor], .ok)),
                    // Intake and triage.
                    Row(method: .GET, pattern: "/report", path: "/report", expect: { _ in .ok }),
                    Row(method: .POST, pattern: "/report", path: "/report", expect: { _ in .badRequest }),
                    // Without a confirmation that checks out, the confirmation page is not found, for everyone.
                    Row(
                        method: .GET, pattern: "/report/received", path: "/report/received?reference=RPT-2026-00001",
                        expect: { _ in .notFound }),
                    Row(
                        method: .GET, pattern: "/reports/new", path: "/reports/new",
                        expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .POST, pattern: "/reports", path: "/reports",
                        expect: Self.only(Self.casework, .badRequest)),
                    Row(method: .GET, pattern: "/triage", path: "/triage", expect: Self.only(triage, .ok)),
                    Row(
                        method: .GET, pattern: "/triage/:reportID", path: "/triage/\(waiting)",
                        expect: Self.only(triage, .ok)),
                    Row(
                        method: .GET, pattern: "/triage/:reportID", path: "/triage/\(UUID().uuidString)",
                        expect: Self.only(triage, .notFound)),
                    Row(
                        method: .POST, pattern: "/triage/:reportID", path: "/triage/\(waiting)",
                        expect: Self.only(triage, .badRequest)),
                    Row(
                        method: .GET, pattern: "/cases/mine", path: "/cases/mine", expect: Self.only(Self.casework, .ok)
                    ),
                    Row(
                        method: .GET, pattern: "/cases/unallocated", path: "/cases/unallocated",
                        expect: Self.only(allocators, .ok)),
                    Row(
                        method: .POST, pattern: "/cases/allocate", path: "/cases/allocate",
                        expect: Self.only(allocators, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/allocate", path: "/cases/\(sharedWithPolice)/allocate",
                        expect: onCase(allocators, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/acknowledge",
                        path: "/cases/\(sharedWithPolice)/acknowledge",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/acknowledgement",
                        path: "/cases/\(sharedWithPolice)/acknowledgement", expect: onCase(Self.casework, .ok)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/case-review-explained",
                        path: "/cases/\(sharedWithPolice)/case-review-explained",
                        expect: onCase(Self.casework, .badRequest)
                    ),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/risk", path: "/cases/\(sharedWithPolice)/risk",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/place", path: "/cases/\(sharedWithPolice)/place",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/parties", path: "/cases/\(sharedWithPolice)/parties",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(method: .GET, pattern: "/people", path: "/people", expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/people/:personID", path: "/people/\(person)",
                        expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .POST, pattern: "/people/:personID", path: "/people/\(person)",
                        expect: Self.only(Self.casework, .badRequest)),
                    // Risk and vulnerability. The demo's Marsh House case carries a mental health record.
                    Row(
                        method: .GET, pattern: "/cases/:caseID/risk", path: "/cases/\(sharedWithPolice)/risk",
                        expect: Self.only(partner, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/vulnerability/new",
                        path: "/cases/\(sharedWithPolice)/vulnerability/new", expect: onCase(Self.casework, .ok)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/vulnerability",
                        path: "/cases/\(sharedWithPolice)/vulnerability", expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/vulnerability/offer",
                        path: "/cases/\(sharedWithPolice)/vulnerability/offer",
                        expect: onCase(Self.casework, .badRequest)),
                    // A task or action is looked up before the policy, which needs its owner (issue 19): one that does
                    // not exist is not found, for the partner too.
                    Row(
                        method: .POST, pattern: "/cases/:caseID/tasks/:taskID",
                        path: "/cases/\(sharedWithPolice)/tasks/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/tasks/:taskID/assignment",
                        path: "/cases/\(sharedWithPolice)/tasks/\(UUID().uuidString)/assignment",
                        expect: onCase(Self.casework, .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/plan/actions/:actionID",
                        path: "/cases/\(sharedWithPolice)/plan/actions/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    // Partner work (issue 19): a partner uploads evidence to a case shared for reports; its home.
                    Row(
                        method: .POST, pattern: "/cases/:caseID/evidence", path: "/cases/\(sharedWithPolice)/evidence",
                        expect: Self.only(partner, .badRequest, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/partnership", path: "/partnership",
                        expect: Self.only([.partnerPractitioner], .ok)),
                    // Notifications (issue 20): everyone signed in has their own; the outbox is the administrator's.
                    Row(method: .GET, pattern: "/notifications", path: "/notifications", expect: Self.signedIn(.ok)),
                    Row(method: .GET, pattern: "/search", path: "/search?q=marsh", expect: Self.signedIn(.ok)),
                    Row(
                        method: .POST, pattern: "/notifications/read", path: "/notifications/read",
                        expect: Self.signedIn(.seeOther)),
                    Row(
                        method: .POST, pattern: "/notifications/settings", path: "/notifications/settings",
                        expect: Self.signedIn(.seeOther)),
                    // Panels (issue 21): the host's casework roles and member partners sit at the table; only the
                    // coordinator runs it and only the chair approves; anyone else does not know the panel exists.
                    Row(method: .GET, pattern: "/panels", path: "/panels", expect: Self.only(partner, .ok)),
                    Row(
                        method: .GET, pattern: "/panels/:panelID", path: "/panels/\(vvp)",
                        expect: Self.only(partner, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/panels/:panelID", path: "/panels/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/referrals/:referralID",
                        path: "/panels/\(vvp)/referrals/\(UUID().uuidString)", expect: atTable(coordinator, .notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings", path: "/panels/\(vvp)/meetings",
                        expect: atTable(coordinator, .badRequest)),
                    Row(
                        method: .GET, pattern: "/panels/:panelID/meetings/:meetingID",
                        path: "/panels/\(vvp)/meetings/\(upcoming)",
                        expect: Self.only(partner, .ok, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings/:meetingID/attendance",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/attendance",
                        expect: atTable(coordinator, .badRequest)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings/:meetingID/items/:itemID",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/items/\(UUID().uuidString)",
                        expect: atTable(coordinator, .notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings/:meetingID/items/:itemID/actions",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/items/\(UUID().uuidString)/actions",
                        expect: atTable(coordinator, .notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings/:meetingID/items/:itemID/research",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/items/\(UUID().uuidString)/research",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings/:meetingID/minutes",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/minutes", expect: atTable(coordinator, .badRequest)),
                    Row(
                        method: .GET, pattern: "/panels/:panelID/meetings/:meetingID/minutes/:minutesID",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/minutes/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/panels/:panelID/meetings/:meetingID/minutes/:minutesID/approve",
                        path: "/panels/\(vvp)/meetings/\(upcoming)/minutes/\(UUID().uuidString)/approve",
                        expect: atTable([], .notFound)),
                    Row(
                        method: .GET, pattern: "/panels/:panelID/report", path: "/panels/\(vvp)/report",
                        expect: Self.only(partner, .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/panels/:panelID/report.csv", path: "/panels/\(vvp)/report.csv",
                        expect: Self.only(partner, .ok, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/panels/actions/:actionID",
                        path: "/panels/actions/\(UUID().uuidString)", expect: Self.signedIn(.notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/panels", path: "/cases/\(sharedWithPolice)/panels",
                        expect: Self.only(Self.casework, .ok, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/panels", path: "/cases/\(sharedWithPolice)/panels",
                        expect: onCase(Self.casework, .badRequest)),
                    // The ASB Case Review (issue 22): anyone may apply; the single point of contact's organisation and
                    // the relevant bodies (the police) see applications; only the single point of contact works them;
                    // the applicant's page answers only its own token.
                    Row(method: .GET, pattern: "/case-review", path: "/case-review", expect: { _ in .ok }),
                    Row(method: .POST, pattern: "/case-review", path: "/case-review", expect: { _ in .badRequest }),
                    Row(
                        method: .GET, pattern: "/case-review/status/:token",
                        path: "/case-review/status/\(String(repeating: "a", count: 43))", expect: { _ in .notFound }),
                    Row(
                        method: .POST, pattern: "/case-review/status/:token/response",
                        path: "/case-review/status/\(String(repeating: "a", count: 43))/response",
                        expect: { _ in .notFound }),
                    Row(method: .GET, pattern: "/case-reviews", path: "/case-reviews", expect: Self.only(partner, .ok)),
                    Row(
                        method: .GET, pattern: "/case-reviews/new", path: "/case-reviews/new",
                        expect: atTable(spoc, .ok)),
                    Row(
                        method: .POST, pattern: "/case-reviews", path: "/case-reviews",
                        expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .GET, pattern: "/case-reviews/publication", path: "/case-reviews/publication",
                        expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/case-reviews/publication.csv", path: "/case-reviews/publication.csv",
                        expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/case-reviews/:reviewID", path: "/case-reviews/\(canalReview)",
                        expect: atTable(partner, .ok)),
                    Row(
                        method: .GET, pattern: "/case-reviews/:reviewID", path: "/case-reviews/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/steps/:step",
                        path: "/case-reviews/\(canalReview)/steps/contact", expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/steps/:step",
                        path: "/case-reviews/\(canalReview)/steps/appeal", expect: atTable([], .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/steps/:step",
                        path: "/case-reviews/\(canalReview)/steps/nonsense", expect: atTable(partner, .notFound)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/case",
                        path: "/case-reviews/\(canalReview)/case",
                        expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/meeting",
                        path: "/case-reviews/\(canalReview)/meeting", expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/requests/:requestID",
                        path: "/case-reviews/\(marshReview.uuidString)/requests/\(policeRequest)",
                        expect: atTable([.partnerPractitioner], .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/requests/:requestID",
                        path: "/case-reviews/\(marshReview.uuidString)/requests/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/updates",
                        path: "/case-reviews/\(canalReview)/updates", expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/resolution",
                        path: "/case-reviews/\(canalReview)/resolution", expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/resolution/sign-off",
                        path: "/case-reviews/\(canalReview)/resolution/sign-off", expect: atTable([], .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/appeal-officer",
                        path: "/case-reviews/\(canalReview)/appeal-officer", expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .POST, pattern: "/case-reviews/:reviewID/withdraw",
                        path: "/case-reviews/\(canalReview)/withdraw", expect: atTable(spoc, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/case-review", path: "/admin/case-review",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/case-review", path: "/admin/case-review",
                        expect: Self.only(admin, .badRequest)),
                    Row(method: .GET, pattern: "/admin/panels", path: "/admin/panels", expect: Self.only(admin, .ok)),
                    Row(
                        method: .GET, pattern: "/admin/panels/new", path: "/admin/panels/new",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/panels", path: "/admin/panels",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/panels/:panelID", path: "/admin/panels/\(vvp)",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/panels/:panelID", path: "/admin/panels/\(vvp)",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/emails", path: "/admin/emails",
                        expect: Self.only([.administrator], .ok)),
                    Row(
                        method: .POST, pattern: "/admin/emails/test", path: "/admin/emails/test",
                        expect: Self.only([.administrator], .seeOther)),
                    Row(
                        method: .POST, pattern: "/admin/emails/:emailID/retry",
                        path: "/admin/emails/\(UUID().uuidString)/retry",
                        expect: Self.only([.administrator], .notFound)),
                    // Referrals sent through Tandem: the queue of one's own organisation; a referral only for the
                    // organisation it was sent to (404 for anyone else).
                    Row(method: .GET, pattern: "/referrals", path: "/referrals", expect: Self.only(partner, .ok)),
                    Row(
                        method: .GET, pattern: "/referrals/:referralID", path: "/referrals/\(referralToPolice)",
                        expect: Self.only([.partnerPractitioner], .ok, otherwise: .notFound)),
                    Row(
                        method: .GET, pattern: "/referrals/:referralID", path: "/referrals/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/referrals/:referralID/answer",
                        path: "/referrals/\(referralToPolice)/answer",
                        expect: Self.only([.partnerPractitioner], .badRequest, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/referrals/:referralID/answer",
                        path: "/referrals/\(UUID().uuidString)/answer", expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/oversight",
                        path: "/cases/\(sharedWithPolice)/oversight",
                        expect: onCase(allocators, .badRequest)),
                    Row(method: .GET, pattern: "/oversight", path: "/oversight", expect: Self.only(allocators, .ok)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/respondent-assessment/new",
                        path: "/cases/\(sharedWithPolice)/respondent-assessment/new", expect: onCase(Self.casework, .ok)
                    ),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/respondent-assessment",
                        path: "/cases/\(sharedWithPolice)/respondent-assessment",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/mental-health/new",
                        path: "/cases/\(sharedWithPolice)/mental-health/new",
                        expect: Self.only(needToKnow, .ok, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/mental-health",
                        path: "/cases/\(sharedWithPolice)/mental-health",
                        expect: Self.only(needToKnow, .badRequest, otherwise: .notFound)),
                    // Special category data: anyone without a need to know cannot tell it exists.
                    // The court file: the owning team's casework with a need to know the review's content; the
                    // police partner may read the case but not work it.
                    Row(
                        method: .GET, pattern: "/cases/:caseID/court-file",
                        path: "/cases/\(sharedWithPolice)/court-file",
                        expect: { who in
                            switch who {
                            case .signedOut: .seeOther
                            case .role(let role):
                                needToKnow.contains(role)
                                    ? .ok : (role == .partnerPractitioner ? .forbidden : .notFound)
                            }
                        }),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/mental-health/:recordID",
                        path: "/cases/\(sharedWithPolice)/mental-health/\(mentalHealthRecord)",
                        expect: Self.only(needToKnow, .ok, otherwise: .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/markers", path: "/cases/\(sharedWithPolice)/markers",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/markers/:markerID/remove",
                        path: "/cases/\(sharedWithPolice)/markers/\(UUID().uuidString)/remove",
                        expect: onCase(Self.casework, .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/home-visits",
                        path: "/cases/\(sharedWithPolice)/home-visits", expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/safeguarding",
                        path: "/cases/\(sharedWithPolice)/safeguarding", expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/safeguarding/:concernID",
                        path: "/cases/\(sharedWithPolice)/safeguarding/\(UUID().uuidString)",
                        expect: onCase(Self.casework, .notFound)),
                    Row(
                        method: .GET, pattern: "/admin/risk-matrix", path: "/admin/risk-matrix",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/risk-matrix", path: "/admin/risk-matrix",
                        expect: Self.only(admin, .badRequest)),
                    // Casework: plan and contact, diary and evidence, interventions and referrals, letters.
                    Row(
                        method: .GET, pattern: "/admin/letters", path: "/admin/letters", expect: Self.only(admin, .ok)),
                    Row(
                        method: .GET, pattern: "/admin/letters/:templateID", path: "/admin/letters/\(letterTemplate)",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/letters/:templateID", path: "/admin/letters/\(letterTemplate)",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/contacts", path: "/cases/\(sharedWithPolice)/contacts",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/interviews/new",
                        path: "/cases/\(sharedWithPolice)/interviews/new", expect: onCase(Self.casework, .notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/plan/print",
                        path: "/cases/\(sharedWithPolice)/plan/print",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/letters/:letterID",
                        path: "/cases/\(sharedWithPolice)/letters/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/evidence/:itemID/file",
                        path: "/cases/\(sharedWithPolice)/evidence/\(UUID().uuidString)/file",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/letters/new",
                        path: "/cases/\(sharedWithPolice)/letters/new",
                        expect: onCase(Self.casework, .badRequest)),
                ]
                // Enforcement: powers, reviews, measures, court, costs, the register and the catalogue.
                + [
                    Row(
                        method: .GET, pattern: "/cases/:caseID/measures/new",
                        path: "/cases/\(sharedWithPolice)/measures/new?power=dispersal",
                        expect: onCase(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/reviews/new",
                        path: "/cases/\(sharedWithPolice)/reviews/new?power=civil_injunction",
                        expect: onCase(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/cases/:caseID/reviews/:reviewID",
                        path: "/cases/\(sharedWithPolice)/reviews/\(UUID().uuidString)",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/reviews/:reviewID/decision",
                        path: "/cases/\(sharedWithPolice)/reviews/\(UUID().uuidString)/decision",
                        expect: Self.signedIn(.notFound)),
                    Row(method: .GET, pattern: "/legal", path: "/legal", expect: Self.only(Self.casework, .ok)),
                    Row(method: .GET, pattern: "/legal.csv", path: "/legal.csv", expect: Self.only(Self.casework, .ok)),
                    Row(method: .GET, pattern: "/admin/powers", path: "/admin/powers", expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/powers", path: "/admin/powers",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/powers/:powerID", path: "/admin/powers/\(legalPower)",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/powers/:powerID", path: "/admin/powers/\(legalPower)",
                        expect: Self.only(admin, .badRequest)),
                ]
                // Closure, surveys and the performance reports.
                + [
                    Row(
                        method: .POST, pattern: "/cases/:caseID/closure", path: "/cases/\(sharedWithPolice)/closure",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/closure/:closureID/decision",
                        path: "/cases/\(sharedWithPolice)/closure/\(UUID().uuidString)/decision",
                        expect: Self.signedIn(.notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/closure/:closureID/response",
                        path: "/cases/\(sharedWithPolice)/closure/\(UUID().uuidString)/response",
                        expect: onCase(Self.casework, .notFound)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/reopen", path: "/cases/\(sharedWithPolice)/reopen",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .POST, pattern: "/cases/:caseID/surveys", path: "/cases/\(sharedWithPolice)/surveys",
                        expect: onCase(Self.casework, .badRequest)),
                    Row(
                        method: .GET, pattern: "/cases/closure-candidates", path: "/cases/closure-candidates",
                        expect: Self.only(Self.casework, .ok)),
                    Row(
                        method: .GET, pattern: "/admin/reporting", path: "/admin/reporting",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/reporting", path: "/admin/reporting",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/reporting/homes", path: "/admin/reporting/homes",
                        expect: Self.only(admin, .badRequest)),
                ]
                + [
                    "/reports", "/reports/measures.csv", "/reports/council", "/reports/council.csv", "/reports/tsm",
                    "/reports/tsm.csv", "/reports/repeat-callers", "/reports/repeat-callers.csv",
                ].map { path in
                    Row(method: .GET, pattern: path, path: path, expect: Self.only(Self.casework, .ok))
                }
                + ["measures", "reviews", "costs"].map { path in
                    Row(
                        method: .POST, pattern: "/cases/:caseID/\(path)", path: "/cases/\(sharedWithPolice)/\(path)",
                        expect: onCase(Self.casework, .badRequest))
                }
                + [
                    "measures/:measureID/progress", "measures/:measureID/hearings", "measures/:measureID/orders",
                    "orders/:orderID/breaches",
                ].map { pattern in
                    Row(
                        method: .POST, pattern: "/cases/:caseID/\(pattern)",
                        path: "/cases/\(sharedWithPolice)/"
                            + pattern.split(separator: "/").map { $0.hasPrefix(":") ? UUID().uuidString : String($0) }
                            .joined(separator: "/"),
                        expect: onCase(Self.casework, .notFound))
                }
                + ["plan", "evidence", "support", "letters", "enforcement", "closure"].map { page in
                    Row(
                        method: .GET, pattern: "/cases/:caseID/\(page)", path: "/cases/\(sharedWithPolice)/\(page)",
                        expect: Self.only(partner, .ok, otherwise: .notFound))
                }
                + [
                    "interviews", "plan", "plan/actions", "plan/agreement", "plan/reviews", "respondent-decisions",
                    "household-at-risk", "diary", "interventions", "referrals", "letters", "resident-links",
                ].map { path in
                    Row(
                        method: .POST, pattern: "/cases/:caseID/\(path)", path: "/cases/\(sharedWithPolice)/\(path)",
                        expect: onCase(Self.casework, .badRequest))
                }
                + [
                    "interventions/:interventionID", "interventions/:interventionID/breaches",
                    "referrals/:referralID", "resident-links/:linkID/revoke",
                ].map { pattern in
                    Row(
                        method: .POST, pattern: "/cases/:caseID/\(pattern)",
                        path: "/cases/\(sharedWithPolice)/"
                            + pattern.split(separator: "/").map { $0.hasPrefix(":") ? UUID().uuidString : String($0) }
                            .joined(separator: "/"),
                        expect: onCase(Self.casework, .notFound))
                }
                // A private link that does not exist is not found, whoever asks.
                + [
                    (HTTPMethod.GET, ""), (.POST, ""), (.GET, "/case"), (.POST, "/diary"), (.POST, "/sign-out"),
                    (.GET, "/letters/:letterID"), (.GET, "/survey"), (.POST, "/survey"),
                ].map { method, rest in
                    Row(
                        method: method, pattern: "/r/:token\(rest)",
                        path: "/r/\(Tokens.random())"
                            + rest.replacingOccurrences(of: ":letterID", with: UUID().uuidString),
                        expect: { _ in .notFound })
                }
                + [
                    // Reference data and policy.
                    Row(
                        method: .GET, pattern: "/admin/categories", path: "/admin/categories",
                        expect: Self.only(admin, .ok)
                    ),
                    Row(
                        method: .POST, pattern: "/admin/categories", path: "/admin/categories",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/categories/:categoryID", path: "/admin/categories/\(category)",
                        expect: Self.only(admin, .badRequest)),
                    Row(method: .GET, pattern: "/admin/wards", path: "/admin/wards", expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/wards", path: "/admin/wards",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/wards/:wardID", path: "/admin/wards/\(ward)",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/wards/:wardID/estates", path: "/admin/wards/\(ward)/estates",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .GET, pattern: "/admin/response-policy", path: "/admin/response-policy",
                        expect: Self.only(admin, .ok)),
                    Row(
                        method: .POST, pattern: "/admin/response-policy", path: "/admin/response-policy",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/response-policy/closures",
                        path: "/admin/response-policy/closures",
                        expect: Self.only(admin, .badRequest)),
                    Row(
                        method: .POST, pattern: "/admin/response-policy/closures/:closureID/delete",
                        path: "/admin/response-policy/closures/\(UUID().uuidString)/delete",
                        expect: Self.only(admin, .notFound)),
                ]

            // Check completeness: every registered route has a row.
            let covered = Set(table.map { "\($0.method.rawValue) \($0.pattern)" })
            for route in app.routes.all {
                let pattern = "/" + route.path.map(\.description).joined(separator: "/")
                #expect(
                    covered.contains("\(route.method.rawValue) \(pattern)"),
                    "No access row for \(route.method) \(pattern)")
            }

            // Act / Check: sign-out ends sessions, so it runs last for each person.
            let ordered = table.filter { $0.pattern != "/sign-out" } + table.filter { $0.pattern == "/sign-out" }
            for row in ordered {
                for who in Who.all {
                    let browser = try #require(browsers[who])
                    let response: TestingHTTPResponse
                    if row.method == .POST {
                        try await browser.get(who == .signedOut ? "/sign-in" : "/account/password")
                        response = try await browser.post(row.path)
                    } else {
                        response = try await browser.get(row.path)
                    }
                    #expect(
                        response.status == row.expect(who),
                        "\(row.method) \(row.path) as \(who): got \(response.status.code), expected \(row.expect(who).code)"
                    )
                    #expect(response.status != .internalServerError)
                }
            }
        }
    }

    func caseID(_ app: Application, _ reference: String) async throws -> String {
        try #require(try await CaseRecord.query(on: app.db).filter(\.$reference == reference).first()?.id?.uuidString)
    }
}
