import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Every form the app registers, submitted once with valid input by someone allowed to, on the demo borough
/// (issue 18). Each must succeed, change at least one tracked row (unless its row says it changes none) and leave
/// no changed row that an audit event written with it does not name. The state a form needs first (a plan before
/// an action, a measure before a hearing, a notice before a closure, a link before the resident) is arranged
/// through the app's own forms, outside the check, so only the form under test is inside `WriteAudit.check`.
/// As in the route-access table, a registered POST route without a row fails the completeness test.
@Suite("Every write is audited, over the whole route table")
struct WriteAuditTests {
    // MARK: - The table, by area

    static let accountsAndAdmin = [
        "/sign-in", "/account/password", "/sign-out", "/admin/organisations", "/admin/organisations/:organisationID",
        "/admin/users", "/admin/users/:userID/roles", "/admin/users/:userID/deactivate",
        "/admin/users/:userID/reactivate", "/admin/users/:userID/reset-password", "/admin/risk-matrix",
        "/admin/letters/:templateID", "/admin/powers", "/admin/powers/:powerID", "/admin/reporting",
        "/admin/reporting/homes", "/admin/categories", "/admin/categories/:categoryID", "/admin/wards",
        "/admin/wards/:wardID", "/admin/wards/:wardID/estates", "/admin/response-policy",
        "/admin/response-policy/closures", "/admin/response-policy/closures/:closureID/delete",
    ]

    static let intakeAndTriage = [
        "/report", "/reports", "/triage/:reportID", "/cases/allocate", "/cases/:caseID/allocate",
        "/cases/:caseID/acknowledge",
    ]

    static let caseActionsAndCasework = [
        "/cases/:caseID/case-review-explained", "/cases/:caseID/risk", "/cases/:caseID/place",
        "/cases/:caseID/parties", "/people/:personID", "/cases/:caseID/interviews", "/cases/:caseID/plan",
        "/cases/:caseID/plan/actions", "/cases/:caseID/plan/actions/:actionID", "/cases/:caseID/plan/agreement",
        "/cases/:caseID/plan/reviews", "/cases/:caseID/respondent-decisions", "/cases/:caseID/household-at-risk",
        "/cases/:caseID/contacts", "/cases/:caseID/diary", "/cases/:caseID/evidence", "/cases/:caseID/interventions",
        "/cases/:caseID/interventions/:interventionID/breaches", "/cases/:caseID/interventions/:interventionID",
        "/cases/:caseID/referrals", "/cases/:caseID/referrals/:referralID",
    ]

    static let risk = [
        "/cases/:caseID/vulnerability/offer", "/cases/:caseID/vulnerability", "/cases/:caseID/tasks/:taskID",
        "/cases/:caseID/oversight", "/cases/:caseID/respondent-assessment", "/cases/:caseID/mental-health",
        "/cases/:caseID/markers", "/cases/:caseID/markers/:markerID/remove", "/cases/:caseID/home-visits",
        "/cases/:caseID/safeguarding", "/cases/:caseID/safeguarding/:concernID",
    ]

    static let enforcement = [
        "/cases/:caseID/reviews", "/cases/:caseID/reviews/:reviewID/decision", "/cases/:caseID/measures",
        "/cases/:caseID/measures/:measureID/hearings", "/cases/:caseID/measures/:measureID/orders",
        "/cases/:caseID/orders/:orderID/breaches", "/cases/:caseID/measures/:measureID/progress",
        "/cases/:caseID/costs",
    ]

    static let lettersAndResident = [
        "/cases/:caseID/letters", "/cases/:caseID/resident-links", "/r/:token", "/r/:token/diary",
        "/r/:token/sign-out", "/cases/:caseID/resident-links/:linkID/revoke",
    ]

    static let closure = [
        "/cases/:caseID/closure", "/cases/:caseID/closure/:closureID/decision", "/cases/:caseID/surveys",
        "/r/:token/survey", "/cases/:caseID/reopen", "/cases/:caseID/closure/:closureID/response",
    ]

    static let sharing = [
        "/admin/agreements", "/admin/agreements/:agreementID", "/cases/:caseID/sharing",
        "/cases/:caseID/sharing/:shareID/revoke",
    ]

    /// A partner's own contributions to a shared case: notes and incidents.
    static let partnerContributions = ["/cases/:caseID/notes", "/cases/:caseID/incidents"]

    /// Referrals sent through Tandem to an organisation, and its answers.
    static let referralsInTandem = ["/referrals/:referralID/answer"]

    /// Actions and tasks an organisation owns, completed by it.
    static let partnerOwnedWork: [String] = ["/cases/:caseID/tasks/:taskID/assignment"]

    /// Notifications and the email outbox (issue 20).
    static let messaging = [
        "/notifications/read", "/notifications/settings", "/admin/emails/test", "/admin/emails/:emailID/retry",
    ]

    static var all: [String] {
        accountsAndAdmin + intakeAndTriage + caseActionsAndCasework + risk + enforcement + lettersAndResident
            + closure + sharing + partnerContributions + referralsInTandem + partnerOwnedWork + messaging + panels
            + caseReviews + retention + subjectAccess
    }

    /// The GET pages under /cases/:caseID whose view `AuditCoverageTests.casePageViews` checks already.
    static let caseViewsCoveredElsewhere = [
        "/cases/:caseID", "/cases/:caseID/risk", "/cases/:caseID/plan", "/cases/:caseID/evidence",
        "/cases/:caseID/support", "/cases/:caseID/letters", "/cases/:caseID/enforcement", "/cases/:caseID/closure",
        "/cases/:caseID/letters/new", "/cases/:caseID/vulnerability/new", "/cases/:caseID/respondent-assessment/new",
        "/cases/:caseID/interviews/new",
    ]

    // MARK: - Checking one form

    /// Submits forms inside `WriteAudit.check` and keeps the route patterns it has checked.
    final class Writes: @unchecked Sendable {
        let app: Application
        private(set) var checked: [String] = []

        init(_ app: Application) { self.app = app }

        /// Submits one valid form: it must succeed, and every tracked row it changes must be named by an event
        /// written with it. `changesNoTrackedRow` marks a form that writes only untracked rows (a staff session,
        /// a sign-in attempt) and events: it must then change no tracked row at all.
        @discardableResult
        func submit(
            _ pattern: String, changesNoTrackedRow: Bool = false,
            _ send: () async throws -> TestingHTTPResponse
        ) async throws -> TestingHTTPResponse {
            var answer: TestingHTTPResponse?
            let outcome = try await WriteAudit.check(app.db) { answer = try await send() }
            let response = try #require(answer, "POST \(pattern) was not sent")
            let status = response.status
            #expect(
                status == .ok || status == .seeOther,
                "POST \(pattern) answered \(status.code): \(WriteAuditTests.problems(in: response.body.string))")
            let unaudited = outcome.unaudited.map(\.description).sorted().joined(separator: ", ")
            #expect(outcome.unaudited.isEmpty, "POST \(pattern) changed rows no audit event names: \(unaudited)")
            if changesNoTrackedRow {
                let changes = outcome.changes.map(\.description).sorted().joined(separator: ", ")
                #expect(outcome.changes.isEmpty, "POST \(pattern) is marked as changing no tracked row: \(changes)")
            } else {
                #expect(!outcome.changes.isEmpty, "POST \(pattern) changed no tracked row")
            }
            checked.append(pattern)
            return response
        }

        /// At the end of an area's test: it submitted every route of its area, and only those.
        func expectCovered(_ area: [String]) {
            let done = Set(checked)
            for pattern in area {
                #expect(done.contains(pattern), "POST \(pattern) is in this area but was not submitted")
            }
            for pattern in done.subtracting(area).sorted() {
                #expect(Bool(false), "POST \(pattern) was submitted but is not in this area's list")
            }
        }
    }

    /// The error messages on a page, to say why a form was refused.
    static func problems(in html: String) -> String {
        let messages = html.components(separatedBy: "Error:</span>").dropFirst().map {
            $0.prefix { $0 != "<" }.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard messages.isEmpty else { return messages.joined(separator: "; ") }
        let main = html.range(of: "<main")?.lowerBound ?? html.startIndex
        return String(html[main...].prefix(300))
    }

    /// A route's pattern as registered, the way the route-access table writes it.
    static func pattern(_ route: Route) -> String { "/" + route.path.map(\.description).joined(separator: "/") }

    /// A demo user signed in, holding their session's form token as from a page they opened.
    static func signedIn(_ app: Application, _ email: String, address: String) async throws -> TestBrowser {
        let browser = TestBrowser(app, address: address)
        #expect(try await browser.signIn(email, DemoData.password).status == .seeOther, "\(email) signs in")
        try await browser.get("/")
        return browser
    }

    /// The private link's token and code, from the page the officer sees once on issuing it.
    static func issuedLink(_ page: String) throws -> (token: String, code: String) {
        let token = try #require(page.range(of: "/r/").map { page[$0.upperBound...].prefix { $0 != "<" } })
        let codeStart = try #require(page.range(of: "id=\"issued-code\">"))
        return (String(token), String(page[codeStart.upperBound...].prefix(6)))
    }

    /// The record version an edit form carries.
    static func version(in page: String) throws -> String {
        let start = try #require(page.range(of: "name=\"version\" value=\""))
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }

    /// Issues Maria Lopez a private link from the letters tab and returns its token and code.
    static func issueLink(_ officer: TestBrowser, path: String, reporter: UUID) async throws -> (String, String) {
        try await officer.get("\(path)/letters")
        let issued = try await officer.post(
            "\(path)/resident-links",
            [("party_id", reporter.uuidString), ("channel", "email"), ("recipient", "maria.lopez@example.org")])
        #expect(issued.status == .ok)
        return try issuedLink(issued.body.string)
    }

    // MARK: - Completeness

    @Test("every POST route the app registers has a row in the table, and every row is a registered route")
    func everyPostRouteHasARow() async throws {
        try await withTandem { app, _ in
            // Setup
            let registered = Set(app.routes.all.filter { $0.method == .POST }.map(Self.pattern))
            let covered = Set(Self.all)
            // Check
            for pattern in registered.sorted() {
                #expect(covered.contains(pattern), "No write-audit row for POST \(pattern)")
            }
            for pattern in covered.subtracting(registered).sorted() {
                #expect(Bool(false), "The write-audit table lists POST \(pattern), which is not a registered route")
            }
            #expect(Self.all.count == covered.count, "A route is listed in more than one area")
        }
    }

    // MARK: - The areas

    @Test("accounts and administration: sign-in, passwords, organisations, users, policy and reference data")
    func accountsAndAdministration() async throws {
        try await withTandem { app, _ in
            // Setup: the demo borough; the auditor signs in from a browser of their own.
            try await DemoSeeder.seedIfEmpty(app)
            let db = app.db
            let writes = Writes(app)
            let auditor = TestBrowser(app, address: "192.0.2.160")
            let admin = try await Self.signedIn(app, "admin@riverside.example", address: "192.0.2.161")

            // Act / Check: signing in and out write a session and events only; a new password writes the user.
            try await auditor.get("/sign-in")
            try await writes.submit("/sign-in", changesNoTrackedRow: true) {
                try await auditor.post(
                    "/sign-in", [("email", "auditor@riverside.example"), ("password", DemoData.password)])
            }
            try await auditor.get("/account/password")
            try await writes.submit("/account/password") {
                try await auditor.post(
                    "/account/password",
                    [
                        ("current_password", DemoData.password), ("new_password", "kettle orbit marmalade"),
                        ("confirm_password", "kettle orbit marmalade"),
                    ])
            }
            try await auditor.get("/")
            try await writes.submit("/sign-out", changesNoTrackedRow: true) { try await auditor.post("/sign-out") }

            // Organisations: a mediation service joins the partnership, then its name is corrected.
            try await admin.get("/admin/organisations/new")
            try await writes.submit("/admin/organisations") {
                try await admin.post(
                    "/admin/organisations", [("name", "Riverside Community Mediation"), ("kind", "other")])
            }
            let mediation = try #require(
                try await Organisation.query(on: db).filter(\.$name == "Riverside Community Mediation").first()?.id)
            try await admin.get("/admin/organisations/\(mediation)")
            try await writes.submit("/admin/organisations/:organisationID") {
                try await admin.post(
                    "/admin/organisations/\(mediation)",
                    [("name", "Riverside Community Mediation Service"), ("kind", "other"), ("active", "true")])
            }

            // Users: a new call handler, who also takes cases, leaves for a while, returns and needs a password.
            let council = try #require(
                try await Organisation.query(on: db).filter(\.$name == "Riverside Council ASB Team").first()?.id)
            try await admin.get("/admin/users/new")
            try await writes.submit("/admin/users") {
                try await admin.post(
                    "/admin/users",
                    [
                        ("name", "Jamie Fox"), ("email", "jamie.fox@riverside.example"),
                        ("organisation", council.uuidString), ("roles[]", "call_handler"),
                    ])
            }
            let jamie = try #require(
                try await User.query(on: db).filter(\.$email == "jamie.fox@riverside.example").first()?.id)
            let user = "/admin/users/\(jamie)"
            try await admin.get(user)
            try await writes.submit("/admin/users/:userID/roles") {
                try await admin.post("\(user)/roles", [("roles[]", "call_handler"), ("roles[]", "case_officer")])
            }
            try await admin.get(user)
            try await writes.submit("/admin/users/:userID/deactivate") { try await admin.post("\(user)/deactivate") }
            try await admin.get(user)
            try await writes.submit("/admin/users/:userID/reactivate") { try await admin.post("\(user)/reactivate") }
            try await admin.get(user)
            try await writes.submit("/admin/users/:userID/reset-password") {
                try await admin.post("\(user)/reset-password")
            }

            // The risk matrix bands and a letter template.
            try await admin.get("/admin/risk-matrix")
            try await writes.submit("/admin/risk-matrix") {
                try await admin.post("/admin/risk-matrix", [("low_maximum", "9"), ("medium_maximum", "20")])
            }
            let warning = try #require(
                try await LetterTemplate.query(on: db).filter(\.$key == "warning_letter").first())
            let template = try warning.requireID()
            try await admin.get("/admin/letters/\(template)")
            try await writes.submit("/admin/letters/:templateID") {
                try await admin.post(
                    "/admin/letters/\(template)",
                    [
                        ("title", warning.title),
                        ("body", warning.body + "\n\nIf you need this letter in another language, please tell us."),
                    ])
            }

            // Legal powers: a parenting order is added, then reminded eight weeks before expiry, not twelve.
            let parentingOrder: [(String, String)] = [
                ("name", "Parenting order"), ("lead", "housing_enforcement"),
                ("summary", "Makes parents responsible for a child's behaviour (Lambeth 3.3.3)"),
                ("register_group", "other"), ("makes_order", "yes"), ("prerequisites[]", "signed_off_review"),
            ]
            try await admin.get("/admin/powers")
            try await writes.submit("/admin/powers") {
                try await admin.post("/admin/powers", parentingOrder + [("reminder_weeks", "12")])
            }
            let power = try #require(
                try await LegalPower.query(on: db).filter(\.$name == "Parenting order").first()?.id)
            try await admin.get("/admin/powers/\(power)")
            try await writes.submit("/admin/powers/:powerID") {
                try await admin.post(
                    "/admin/powers/\(power)", parentingOrder + [("reminder_weeks", "8"), ("active", "yes")])
            }

            // Closure policy and the homes Riverside Homes owns this year.
            let homes = try #require(
                try await Organisation.query(on: db).filter(\.$name == "Riverside Homes").first()?.id)
            try await admin.get("/admin/reporting")
            try await writes.submit("/admin/reporting") {
                try await admin.post(
                    "/admin/reporting", [("notice_days", "10"), ("reopen_days", "60"), ("target", "70")])
            }
            try await writes.submit("/admin/reporting/homes") {
                try await admin.post(
                    "/admin/reporting/homes", [("landlord", homes.uuidString), ("year", "2026"), ("homes", "3000")])
            }

            // Reference data: a category, a ward and an estate, each added and the first two renamed.
            try await admin.get("/admin/categories")
            try await writes.submit("/admin/categories") {
                try await admin.post("/admin/categories", [("name", "Nuisance parking")])
            }
            let category = try #require(
                try await Category.query(on: db).filter(\.$name == "Nuisance parking").first()?.id)
            try await writes.submit("/admin/categories/:categoryID") {
                try await admin.post(
                    "/admin/categories/\(category)", [("name", "Nuisance and obstructive parking"), ("active", "true")])
            }
            try await admin.get("/admin/wards")
            try await writes.submit("/admin/wards") { try await admin.post("/admin/wards", [("name", "Kingsmead")]) }
            let ward = try #require(try await Ward.query(on: db).filter(\.$name == "Kingsmead").first()?.id)
            try await writes.submit("/admin/wards/:wardID") {
                try await admin.post("/admin/wards/\(ward)", [("name", "Kingsmead and Fairfield"), ("active", "true")])
            }
            try await writes.submit("/admin/wards/:wardID/estates") {
                try await admin.post("/admin/wards/\(ward)/estates", [("name", "Kingsmead Towers")])
            }

            // The response policy: medium risk is now answered within four working days, not five.
            let policy = ResponsePolicy.lambethDefault
            var targets: [(String, String)] = [
                ("opens", "09:00"), ("closes", "17:00"), ("in_progress_minutes", String(policy.inProgressMinutes)),
                ("repeat_window_months", "6"), ("case_review_threshold", "3"),
            ]
            for level in RiskLevel.allCases {
                let target = try #require(policy.targets[level])
                targets += [
                    ("\(level.rawValue)_target", String(target.targetWorkingDays)),
                    ("\(level.rawValue)_limit", String(level == .medium ? 4 : target.limitWorkingDays)),
                    ("\(level.rawValue)_guidance", target.guidance),
                ]
            }
            try await admin.get("/admin/response-policy")
            try await writes.submit("/admin/response-policy") {
                try await admin.post("/admin/response-policy", targets)
            }
            try await writes.submit("/admin/response-policy/closures") {
                try await admin.post(
                    "/admin/response-policy/closures",
                    [("day", "2026-12-29"), ("description", "Office closed between Christmas and New Year")])
            }
            let closureDay = try #require(
                try await OfficeClosure.query(on: db).filter(\.$day == CivilDate(2026, 12, 29)).first()?.id)
            try await writes.submit("/admin/response-policy/closures/:closureID/delete") {
                try await admin.post("/admin/response-policy/closures/\(closureDay)/delete")
            }

            writes.expectCovered(Self.accountsAndAdmin)
        }
    }

    @Test("intake and triage: a resident's report, a report taken by phone, its triage, allocation, acknowledgement")
    func intakeToAllocation() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let db = app.db
            let writes = Writes(app)
            let resident = TestBrowser(app, address: "198.51.100.60")
            let calls = try await Self.signedIn(app, "calls@riverside.example", address: "192.0.2.162")
            let manager = try await Self.signedIn(app, "manager@riverside.example", address: "192.0.2.163")

            // Act / Check: Maria reports the music again online.
            try await resident.get("/report")
            try await writes.submit("/report") {
                try await resident.post(
                    "/report",
                    IntakeTests.reportForm([("description", "The music was on until 3am again last night.")]))
            }
            // A new reporter phones in about motorbikes; the call handler takes it down and triages it.
            let phoned = IntakeTests.reportForm([
                ("reporter_name", "Hannah Webb"), ("reporter_phone", "07700 900818"), ("reporter_postcode", "RV6 4EP"),
                ("location", "Garages behind 30 Elm Parade"), ("location_postcode", "RV6 4EP"),
                ("description", "Young men rev motorbikes in the garages until midnight, most nights this week."),
                ("respondent_name", ""), ("channel", "phone"), ("received_day", "2026-11-23"),
                ("received_time", "09:40"),
            ])
            try await calls.get("/reports/new")
            let recorded = try await writes.submit("/reports") { try await calls.post("/reports", phoned) }
            let report = try #require(
                recorded.headers.first(name: .location).flatMap { UUID(uuidString: String($0.dropFirst(8))) },
                "the staff report leads to its triage page")
            let vehicles = try #require(
                try await Category.query(on: db).filter(\.$name == "Vehicle nuisance").first()?.id)
            try await calls.get("/triage/\(report)")
            try await writes.submit("/triage/:reportID") {
                try await calls.post(
                    "/triage/\(report)",
                    [
                        ("outcome", "open_case"), ("reason", "Repeated night-time nuisance from motorbikes"),
                        ("risk", "medium"), ("categories[]", vehicles.uuidString),
                    ])
            }
            let caseID = try #require(try await Report.find(report, on: db)?.$caseRecord.id, "triage opened a case")
            // The manager allocates it to Sam, then takes it herself while Sam is on leave, and acknowledges it.
            let sam = try #require(
                try await User.query(on: db).filter(\.$email == "officer@riverside.example").first()?.id)
            let priya = try #require(
                try await User.query(on: db).filter(\.$email == "manager@riverside.example").first()?.id)
            try await manager.get("/cases/unallocated")
            try await writes.submit("/cases/allocate") {
                try await manager.post(
                    "/cases/allocate", [("case_ids[]", caseID.uuidString), ("officer_id", sam.uuidString)])
            }
            try await manager.get("/cases/\(caseID)")
            try await writes.submit("/cases/:caseID/allocate") {
                try await manager.post("/cases/\(caseID)/allocate", [("officer_id", priya.uuidString)])
            }
            try await writes.submit("/cases/:caseID/acknowledge") {
                try await manager.post("/cases/\(caseID)/acknowledge", [("method", "letter")])
            }

            writes.expectCovered(Self.intakeAndTriage)
        }
    }

    @Test("case actions and casework: place and people, the interview, the plan, contact, evidence and support")
    func caseworkOnMarshHouse() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: Marsh House, opened by its officer Sam Okafor.
            let db = setup.app.db
            let writes = Writes(setup.app)
            let officer = setup.officer
            let path = setup.path
            let respondent = setup.respondent.uuidString
            try await officer.get(path)

            // Act / Check: the case page's own forms.
            try await writes.submit("/cases/:caseID/case-review-explained") {
                try await officer.post("\(path)/case-review-explained")
            }
            try await writes.submit("/cases/:caseID/risk") {
                try await officer.post(
                    "\(path)/risk", [("risk", "high"), ("reason", "Kevin Doyle threatened Maria on the stairs")])
            }
            let marshWard = try #require(try await Ward.query(on: db).filter(\.$name == "Marsh").first()?.id)
            let marshHouse = try #require(
                try await Estate.query(on: db).filter(\.$name == "Marsh House").first()?.id)
            try await writes.submit("/cases/:caseID/place") {
                try await officer.post(
                    "\(path)/place",
                    [
                        ("place_kind", "home"), ("place_line1", "Flat 14, Marsh House"), ("place_postcode", "RV1 4AA"),
                        ("property_reference", "MH-014"), ("place_ward_id", marshWard.uuidString),
                        ("estate_id", marshHouse.uuidString), ("tenure", "secure"),
                    ])
            }
            try await writes.submit("/cases/:caseID/parties") {
                try await officer.post(
                    "\(path)/parties",
                    [("role", "respondent"), ("full_name", "Tyler Brook"), ("date_of_birth", "2010-06-01")])
            }
            // Maria has a new phone number: her record's form, as shown, with it typed in.
            let maria = try #require(
                try await Person.query(on: db).filter(\.$fullName == "Maria Lopez").with(\.$place).first())
            let mariaID = try maria.requireID()
            let version = try Self.version(in: try await officer.get("/people/\(mariaID)").body.string)
            var details: [(String, String)] = [
                ("full_name", maria.fullName), ("date_of_birth", maria.dateOfBirth?.description ?? ""),
                ("age", maria.age.map { String($0) } ?? ""), ("phone", "07700 900111"), ("email", maria.email ?? ""),
                ("preferred_contact", maria.preferredContact?.rawValue ?? ""), ("language", maria.language ?? ""),
                ("other_needs", maria.otherNeeds ?? ""), ("postcode", maria.place?.postcode ?? ""),
                ("version", version),
            ]
            if maria.interpreterNeeded { details.append(("interpreter_needed", "yes")) }
            try await writes.submit("/people/:personID") { try await officer.post("/people/\(mariaID)", details) }

            // The interview with Maria, then the plan, an action done, her agreement and a review.
            try await officer.get("\(path)/interviews/new?party=\(setup.reporter)")
            try await writes.submit("/cases/:caseID/interviews") {
                try await officer.post("\(path)/interviews", CaseworkTests.interviewAnswers(reporter: setup.reporter))
            }
            try await officer.get("\(path)/plan")
            try await writes.submit("/cases/:caseID/plan") {
                try await officer.post(
                    "\(path)/plan",
                    [
                        ("evidence_plan", "Diary sheets; police disclosure"), ("contact_frequency", "7"),
                        ("contact_method", "phone"),
                    ])
            }
            try await writes.submit("/cases/:caseID/plan/actions") {
                try await officer.post(
                    "\(path)/plan/actions",
                    [("description", "Send diary sheets"), ("owner", "officer"), ("due_on", "2026-11-27")])
            }
            let action = try #require(
                try await PlanAction.query(on: db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$description == "Send diary sheets").first()?.id)
            try await writes.submit("/cases/:caseID/plan/actions/:actionID") {
                try await officer.post("\(path)/plan/actions/\(action)", [("status", "done")])
            }
            try await writes.submit("/cases/:caseID/plan/agreement") {
                try await officer.post(
                    "\(path)/plan/agreement",
                    [("agreed_by", "Maria Lopez"), ("agreed_on", "2026-11-23"), ("agreed_how", "verbally")])
            }
            try await writes.submit("/cases/:caseID/plan/reviews") {
                try await officer.post(
                    "\(path)/plan/reviews",
                    [
                        ("held_on", "2026-11-23"), ("attendees", "Maria Lopez, Sam Okafor"),
                        ("progress", "Diary sheets sent and the first week read"), ("review_next_on", "2026-12-21"),
                    ])
            }
            try await writes.submit("/cases/:caseID/respondent-decisions") {
                try await officer.post(
                    "\(path)/respondent-decisions",
                    [
                        ("decided_step", "written_warning"), ("party_id", respondent),
                        ("reason", "The music continued after our first phone call"),
                    ])
            }
            try await writes.submit("/cases/:caseID/household-at-risk") {
                try await officer.post("\(path)/household-at-risk", [("confirm", "yes")])
            }
            try await writes.submit("/cases/:caseID/contacts") {
                try await officer.post(
                    "\(path)/contacts",
                    [
                        ("contacted_on", "2026-11-23"), ("contacted_time", "09:30"), ("channel", "phone"),
                        ("with_whom", "Maria Lopez"), ("summary", "Talked through the plan; she will keep the diary"),
                        ("from", "case"),
                    ])
            }

            // The diary and a photo of the door.
            try await officer.get("\(path)/evidence")
            try await writes.submit("/cases/:caseID/diary") {
                try await officer.post(
                    "\(path)/diary",
                    [
                        ("occurred_on", "2026-11-22"), ("occurred_time", "23:40"),
                        ("what_happened", "Music from flat 14 until 2am"), ("who_involved", "Kevin Doyle"),
                        ("effect", "Maria could not sleep before an early shift"),
                    ])
            }
            try await writes.submit("/cases/:caseID/evidence") {
                try await officer.postFile(
                    "\(path)/evidence",
                    [("kind", "photo"), ("title", "Photo of the door"), ("obtained_on", "2026-11-23")],
                    file: (name: "door.png", bytes: CaseworkTests.png))
            }

            // An acceptable behaviour agreement, breached and ended; a referral, acknowledged by the service.
            try await officer.get("\(path)/support")
            try await writes.submit("/cases/:caseID/interventions") {
                try await officer.post(
                    "\(path)/interventions",
                    [
                        ("kind", "aba"), ("party_id", respondent), ("started_on", "2026-11-23"),
                        ("terms", "No amplified music after 11pm"), ("review_on", "2026-12-23"),
                    ])
            }
            let intervention = try #require(
                try await Intervention.query(on: db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            try await writes.submit("/cases/:caseID/interventions/:interventionID/breaches") {
                try await officer.post(
                    "\(path)/interventions/\(intervention)/breaches",
                    [("occurred_on", "2026-11-23"), ("details", "Music at 1am"), ("action_taken", "Warning call")])
            }
            try await writes.submit("/cases/:caseID/interventions/:interventionID") {
                try await officer.post(
                    "\(path)/interventions/\(intervention)",
                    [("engagement", "partly"), ("outcome", "unsuccessful"), ("outcome_notes", "Breached twice")])
            }
            try await writes.submit("/cases/:caseID/referrals") {
                try await officer.post(
                    "\(path)/referrals",
                    [
                        ("service", "mental_health"), ("party_id", respondent), ("asked", "Assessment and support"),
                        ("sent_on", "2026-11-23"),
                    ])
            }
            let referral = try #require(
                try await Referral.query(on: db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            try await writes.submit("/cases/:caseID/referrals/:referralID") {
                try await officer.post(
                    "\(path)/referrals/\(referral)",
                    [("status", "acknowledged"), ("note", "The duty team confirmed receipt by email")])
            }

            writes.expectCovered(Self.caseActionsAndCasework)
        }
    }

    @Test("risk: the assessment and its offer, tasks, oversight, the respondent, mental health, markers, visits")
    func riskAndVulnerability() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: Marsh House (Medium) for Maria's assessment; Canal Street (High, Dean Walsh) for the rest.
            let app = setup.app
            let db = app.db
            let writes = Writes(app)
            let officer = setup.officer
            let manager = try await Self.signedIn(app, "manager@riverside.example", address: "192.0.2.164")
            let maria = try #require(try await CaseParty.find(setup.reporter, on: db)?.$person.id)
            let canal = try #require(
                try await CaseRecord.query(on: db).filter(\.$reference == "ASB-2026-00004").first()?.id)
            let canalPath = "/cases/\(canal)"
            let dean = try #require(
                try await CaseParty.query(on: db).filter(\.$caseRecord.$id == canal)
                    .filter(\.$role == PartyRole.respondent).first())
            let deanParty = try dean.requireID().uuidString
            let deanPerson = try #require(dean.$person.id)

            // Act / Check: the review meeting is reached, and Maria answers the assessment there.
            try await officer.get("\(setup.path)/risk")
            try await writes.submit("/cases/:caseID/vulnerability/offer") {
                try await officer.post("\(setup.path)/vulnerability/offer", [("occasion", "review_meeting")])
            }
            try await officer.get("\(setup.path)/vulnerability/new")
            try await writes.submit("/cases/:caseID/vulnerability") {
                try await officer.post(
                    "\(setup.path)/vulnerability",
                    [("person_id", maria.uuidString), ("occasion", "review_meeting"), ("outcome", "completed")]
                        + RiskTests.highAnswers)
            }

            // The manager confirms Canal Street's panel referral and records the fortnightly discussion.
            let panel = try #require(
                try await RiskTask.query(on: db).filter(\.$caseRecord.$id == canal).filter(\.$status == .open)
                    .filter(\.$kind == .panelReferral).first()?.id)
            try await manager.get("\(canalPath)/risk")
            try await writes.submit("/cases/:caseID/tasks/:taskID") {
                try await manager.post(
                    "\(canalPath)/tasks/\(panel)", [("decision", "confirmed"), ("note", "VVP on Thursday")])
            }
            try await writes.submit("/cases/:caseID/oversight") {
                try await manager.post(
                    "\(canalPath)/oversight",
                    [
                        ("discussed_on", "2026-11-23"), ("notes", "Reviewed the RED plan"),
                        ("decisions", "Keep weekly calls"), ("next_due", "2026-12-07"),
                    ])
            }

            // The officer assesses Dean Walsh, records what his mother said of his mental health, and keeps safe.
            try await officer.get("\(canalPath)/respondent-assessment/new")
            try await writes.submit("/cases/:caseID/respondent-assessment") {
                try await officer.post(
                    "\(canalPath)/respondent-assessment",
                    [
                        ("party_id", deanParty), ("risk_posed", "high"), ("risk_posed_to[]", "victim"),
                        ("factors[]", "substance_misuse"), ("factors[]", "exploitation"),
                        ("check_mental_health", "not_known"), ("check_adult_social_care", "not_known"),
                        ("check_childrens_social_care", "known"), ("under_18", "yes"),
                    ])
            }
            try await officer.get("\(canalPath)/mental-health/new")
            try await writes.submit("/cases/:caseID/mental-health") {
                try await officer.post(
                    "\(canalPath)/mental-health",
                    [
                        ("party_id", deanParty), ("status", "suspected"),
                        ("source", "His mother, by phone on 20 November"), ("lawful_basis", "safeguarding"),
                        ("capacity_outcome", "not_requested"), ("pathway_notes", "GP to be asked about a referral"),
                    ])
            }
            try await officer.get(canalPath)
            try await writes.submit("/cases/:caseID/markers") {
                try await officer.post(
                    "\(canalPath)/markers", [("target", "person:\(deanPerson)"), ("kind", "female_officer_only")])
            }
            let marker = try #require(
                try await SafetyMarker.query(on: db).filter(\.$person.$id == deanPerson)
                    .filter(\.$kind == .femaleOfficerOnly).filter(\.$removedAt == nil).first()?.id)
            try await writes.submit("/cases/:caseID/markers/:markerID/remove") {
                try await officer.post("\(canalPath)/markers/\(marker)/remove")
            }
            try await officer.get("\(canalPath)/risk")
            try await writes.submit("/cases/:caseID/home-visits") {
                try await officer.post(
                    "\(canalPath)/home-visits",
                    HomeVisitCheck.required.map { ("checks[]", $0.rawValue) } + [
                        ("visited_on", "2026-11-23"), ("visited_time", "09:30"), ("companion", "Sam Patel"),
                    ])
            }
            try await writes.submit("/cases/:caseID/safeguarding") {
                try await officer.post(
                    "\(canalPath)/safeguarding",
                    [
                        ("kind", "adult"), ("raised_to", "Adult social care front door"), ("raised_on", "2026-11-23"),
                        ("concern", "Mr Finch may be being exploited"),
                    ])
            }
            let concern = try #require(
                try await SafeguardingConcern.query(on: db).filter(\.$caseRecord.$id == canal)
                    .filter(\.$concern == "Mr Finch may be being exploited").first()?.id)
            try await writes.submit("/cases/:caseID/safeguarding/:concernID") {
                try await officer.post(
                    "\(canalPath)/safeguarding/\(concern)", [("outcome", "Care Act assessment booked")])
            }

            writes.expectCovered(Self.risk)
        }
    }

    @Test("enforcement: the review and sign-off, an injunction, hearing, order, breach, service and costs")
    func enforcementAndCourt() async throws {
        try await EnforcementTests().withMarsh { setup in
            // Setup: Marsh House; the officer builds the case for an injunction, the manager signs the review off.
            let db = setup.app.db
            let writes = Writes(setup.app)
            let officer = setup.officer
            let path = setup.path

            // Act / Check
            try await officer.get("\(path)/reviews/new?power=civil_injunction")
            try await writes.submit("/cases/:caseID/reviews") {
                try await officer.post("\(path)/reviews", EnforcementTests.reviewFields(respondent: setup.respondent))
            }
            let review = try #require(
                try await ProportionalityReview.query(on: db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            try await setup.manager.get("\(path)/reviews/\(review)")
            try await writes.submit("/cases/:caseID/reviews/:reviewID/decision") {
                try await setup.manager.post(
                    "\(path)/reviews/\(review)/decision",
                    [("decision", "sign_off"), ("reason", "Proportionate: three witnesses and a warning ignored")])
            }
            try await officer.get("\(path)/measures/new?power=civil_injunction")
            try await writes.submit("/cases/:caseID/measures") {
                try await officer.post(
                    "\(path)/measures", EnforcementTests.injunctionFields(respondent: setup.respondent))
            }
            let measure = try #require(try await setup.measures().first?.id)
            let measurePath = "\(path)/measures/\(measure)"
            try await officer.get("\(path)/enforcement")
            try await writes.submit("/cases/:caseID/measures/:measureID/hearings") {
                try await officer.post(
                    "\(measurePath)/hearings",
                    [
                        ("heard_on", "2026-11-23"), ("court", "Riverside County Court"), ("hearing_type", "first"),
                        ("outcome", "granted"),
                    ])
            }
            try await writes.submit("/cases/:caseID/measures/:measureID/orders") {
                try await officer.post(
                    "\(measurePath)/orders",
                    [
                        ("made_on", "2026-11-23"), ("starts_on", "2026-11-23"), ("expires_on", "2028-11-23"),
                        ("prohibitions", "Not to enter Marsh House\nNot to contact Maria Lopez"),
                        ("power_of_arrest", "yes"), ("arrest_terms", "Both prohibitions"),
                    ])
            }
            let order = try #require(
                try await CourtOrder.query(on: db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            try await writes.submit("/cases/:caseID/orders/:orderID/breaches") {
                try await officer.post(
                    "\(path)/orders/\(order)/breaches",
                    [
                        ("occurred_on", "2026-11-23"), ("evidence", "Seen at the door by two neighbours"),
                        ("police_involved", "yes"), ("police_reference", "CAD 1234"), ("action_taken", "Arrested"),
                    ])
            }
            try await writes.submit("/cases/:caseID/measures/:measureID/progress") {
                try await officer.post(
                    "\(measurePath)/progress", [("step", "served"), ("on", "2026-11-23"), ("time", "09:45")])
            }
            try await writes.submit("/cases/:caseID/costs") {
                try await officer.post(
                    "\(path)/costs",
                    [
                        ("kind", "court"), ("amount", "1,250.50"), ("incurred_on", "2026-11-23"),
                        ("measure_id", measure.uuidString),
                    ])
            }

            writes.expectCovered(Self.enforcement)
        }
    }

    @Test("letters and the resident: a letter, the private link, its code, the resident's diary, leaving, revoking")
    func lettersAndResidentLink() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: Marsh House, opened by its officer.
            let writes = Writes(setup.app)
            let officer = setup.officer
            let path = setup.path

            // Act / Check: a warning letter to Kevin Doyle, then Maria's private link.
            try await officer.get("\(path)/letters/new?template=warning_letter&party=\(setup.respondent)")
            try await writes.submit("/cases/:caseID/letters") {
                try await officer.post(
                    "\(path)/letters",
                    [
                        ("template", "warning_letter"), ("party_id", setup.respondent.uuidString),
                        ("behaviour", "Loud music late at night has been reported."), ("method", "post"),
                        ("sent_on", "2026-11-23"), ("confirm_not_identifying", "yes"),
                    ])
            }
            try await officer.get("\(path)/letters")
            let issued = try await writes.submit("/cases/:caseID/resident-links") {
                try await officer.post(
                    "\(path)/resident-links",
                    [
                        ("party_id", setup.reporter.uuidString), ("channel", "email"),
                        ("recipient", "maria.lopez@example.org"),
                    ])
            }
            let (token, code) = try Self.issuedLink(issued.body.string)
            // Maria opens it, adds a diary entry with a photo and leaves.
            let resident = TestBrowser(setup.app, address: "198.51.100.61")
            try await resident.get("/r/\(token)")
            try await writes.submit("/r/:token") { try await resident.post("/r/\(token)", [("code", code)]) }
            try await resident.get("/r/\(token)/case")
            try await writes.submit("/r/:token/diary") {
                try await resident.postFile(
                    "/r/\(token)/diary",
                    [("occurred_on", "2026-11-22"), ("occurred_time", "23:40"), ("what_happened", "Music until 2am")],
                    file: (name: "noise.png", bytes: CaseworkTests.png))
            }
            try await resident.get("/r/\(token)/case")
            try await writes.submit("/r/:token/sign-out") { try await resident.post("/r/\(token)/sign-out") }
            // The officer withdraws the link.
            let link = try #require(
                try await ResidentLink.query(on: setup.app.db).filter(\.$tokenHash == Tokens.sha256Hex(token))
                    .first()?.id)
            try await officer.get("\(path)/letters")
            try await writes.submit("/cases/:caseID/resident-links/:linkID/revoke") {
                try await officer.post("\(path)/resident-links/\(link)/revoke")
            }

            writes.expectCovered(Self.lettersAndResident)
        }
    }

    @Test("closure: proposal, sign-off, both surveys, closing and reopening, and the reporting person's reply")
    func closingCases() async throws {
        try await ClosureTests().withMarsh { setup in
            // Setup: Marsh House, its officer and the manager.
            let db = setup.app.db
            let writes = Writes(setup.app)
            let officer = setup.officer
            let manager = setup.manager
            let path = setup.path
            func latestClosure() async throws -> UUID {
                try #require(
                    try await CaseClosure.query(on: db).filter(\.$caseRecord.$id == setup.caseID)
                        .sort(\.$proposedAt, .descending).first()?.id)
            }

            // Act / Check: the officer proposes closing; the manager signs it off.
            try await officer.get("\(path)/closure")
            try await writes.submit("/cases/:caseID/closure") {
                try await officer.post(
                    "\(path)/closure",
                    [
                        ("reason", "reporting_person_satisfied"),
                        ("summary", "Noise stopped after the warning; Maria agrees."),
                    ])
            }
            let first = try await latestClosure()
            try await manager.get("\(path)/closure")
            try await writes.submit("/cases/:caseID/closure/:closureID/decision") {
                try await manager.post("\(path)/closure/\(first)/decision", [("decision", "sign_off")])
            }
            // The satisfaction survey: taken by phone, and answered by Maria through her link.
            try await officer.get("\(path)/closure")
            try await writes.submit("/cases/:caseID/surveys") {
                try await officer.post(
                    "\(path)/surveys",
                    [
                        ("method", "phone"), ("q_handling", "4"), ("q_tp12", "5"),
                        ("comments", "Happy with how quickly it was dealt with"),
                    ])
            }
            let (token, code) = try await Self.issueLink(officer, path: path, reporter: setup.reporter)
            let resident = TestBrowser(setup.app, address: "198.51.100.62")
            try await resident.get("/r/\(token)")
            #expect(try await resident.post("/r/\(token)", [("code", code)]).status == .seeOther)
            try await resident.get("/r/\(token)/survey")
            try await writes.submit("/r/:token/survey") {
                try await resident.post(
                    "/r/\(token)/survey", [("q_handling", "5"), ("q_outcome", "4"), ("q_tp12", "4")])
            }
            // The emailed notice is delivered, runs out, and the scheduled job closes the case; then the noise is back.
            try await ClosureTests().deliverNotices(setup, at: setup.clock.now())
            try await ClosureTests().later(setup, by: 7 * 86_400)
            _ = try await ClosureService.closeDue(now: setup.clock.now(), app: setup.app, on: db)
            try await officer.get(path)
            try await writes.submit("/cases/:caseID/reopen") {
                try await officer.post("\(path)/reopen", [("reason", "Noise is back, same flat.")])
            }
            // Proposed and signed off again; this time Maria answers the notice, so the case stays open.
            _ = try await ClosureTests().propose(setup)
            let second = try await latestClosure()
            try await manager.get("\(path)/closure")
            #expect(
                try await manager.post("\(path)/closure/\(second)/decision", [("decision", "sign_off")]).status
                    == .seeOther)
            try await officer.get("\(path)/closure")
            try await writes.submit("/cases/:caseID/closure/:closureID/response") {
                try await officer.post(
                    "\(path)/closure/\(second)/response", [("note", "The music started again on Friday.")])
            }

            writes.expectCovered(Self.closure)
        }
    }

    // MARK: - Views and refusals

    @Test("the other case pages, a person and the resident's pages record one view; an unshared partner is refused")
    func viewsAndRefusals() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: through the app, a plan, a letter to each side, a photo, a review and Maria's link.
            let app = setup.app
            let db = app.db
            let officer = setup.officer
            let path = setup.path
            try await officer.get("\(path)/plan")
            #expect(
                try await officer.post(
                    "\(path)/plan",
                    [("evidence_plan", "Diary sheets"), ("contact_frequency", "7"), ("contact_method", "phone")]
                ).status == .seeOther)
            try await officer.get("\(path)/letters")
            #expect(
                try await officer.post(
                    "\(path)/letters",
                    [
                        ("template", "warning_letter"), ("party_id", setup.respondent.uuidString),
                        ("behaviour", "Loud music late at night has been reported."), ("method", "post"),
                        ("sent_on", "2026-11-23"), ("confirm_not_identifying", "yes"),
                    ]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "\(path)/letters",
                    [
                        ("template", "acknowledgement"), ("party_id", setup.reporter.uuidString), ("method", "email"),
                        ("sent_on", "2026-11-23"),
                    ]
                ).status == .seeOther)
            try await officer.get("\(path)/evidence")
            #expect(
                try await officer.postFile(
                    "\(path)/evidence",
                    [("kind", "photo"), ("title", "Photo of the door"), ("obtained_on", "2026-11-23")],
                    file: (name: "door.png", bytes: CaseworkTests.png)
                ).status == .seeOther)
            try await officer.get("\(path)/reviews/new?power=civil_injunction")
            #expect(
                try await officer.post("\(path)/reviews", EnforcementTests.reviewFields(respondent: setup.respondent))
                    .status == .seeOther)
            let (token, code) = try await Self.issueLink(officer, path: path, reporter: setup.reporter)
            let resident = TestBrowser(app, address: "198.51.100.63")
            try await resident.get("/r/\(token)")
            #expect(try await resident.post("/r/\(token)", [("code", code)]).status == .seeOther)
            let letters = try await Letter.query(on: db).filter(\.$caseRecord.$id == setup.caseID).all()
            let warning = try #require(letters.first { $0.templateKey == "warning_letter" }?.id)
            let acknowledgement = try #require(letters.first { $0.templateKey == "acknowledgement" }?.id)
            let photo = try #require(
                try await EvidenceItem.query(on: db).filter(\.$caseRecord.$id == setup.caseID)
                    .filter(\.$title == "Photo of the door").first()?.id)
            let review = try #require(
                try await ProportionalityReview.query(on: db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            let mentalHealth = try #require(
                try await MentalHealthRecord.query(on: db).filter(\.$caseRecord.$id == setup.caseID).first()?.id)
            let maria = try #require(try await CaseParty.find(setup.reporter, on: db)?.$person.id)
            let link = try #require(
                try await ResidentLink.query(on: db).filter(\.$tokenHash == Tokens.sha256Hex(token)).first()?.id)
            let caseID = setup.caseID
            let pages: [(pattern: String, path: String, browser: TestBrowser, type: RecordType, id: UUID)] = [
                ("/cases/:caseID/acknowledgement", "\(path)/acknowledgement", officer, .`case`, caseID),
                ("/cases/:caseID/mental-health/new", "\(path)/mental-health/new", officer, .`case`, caseID),
                (
                    "/cases/:caseID/mental-health/:recordID", "\(path)/mental-health/\(mentalHealth)", officer,
                    .mentalHealthRecord, mentalHealth
                ),
                ("/cases/:caseID/plan/print", "\(path)/plan/print", officer, .`case`, caseID),
                ("/cases/:caseID/letters/:letterID", "\(path)/letters/\(warning)", officer, .letter, warning),
                (
                    "/cases/:caseID/evidence/:itemID/file", "\(path)/evidence/\(photo)/file", officer, .evidenceItem,
                    photo
                ),
                ("/cases/:caseID/measures/new", "\(path)/measures/new?power=dispersal", officer, .`case`, caseID),
                ("/cases/:caseID/reviews/new", "\(path)/reviews/new?power=civil_injunction", officer, .`case`, caseID),
                ("/cases/:caseID/reviews/:reviewID", "\(path)/reviews/\(review)", officer, .`case`, caseID),
                ("/cases/:caseID/court-file", "\(path)/court-file", officer, .`case`, caseID),
                ("/people/:personID", "/people/\(maria)", officer, .person, maria),
                ("/people/:personID/chronology", "/people/\(maria)/chronology", officer, .person, maria),
                ("/people/:personID/disclosures", "/people/\(maria)/disclosures", officer, .person, maria),
                ("/people/:personID/disclosures.csv", "/people/\(maria)/disclosures.csv", officer, .person, maria),
                ("/cases/:caseID/sharing", "\(path)/sharing", officer, .`case`, caseID),
                ("/cases/:caseID/panels", "\(path)/panels", officer, .`case`, caseID),
                ("/cases/:caseID/disclosures", "\(path)/disclosures", officer, .`case`, caseID),
                ("/cases/:caseID/disclosures.csv", "\(path)/disclosures.csv", officer, .`case`, caseID),
                ("/r/:token/case", "/r/\(token)/case", resident, .residentLink, link),
                (
                    "/r/:token/letters/:letterID", "/r/\(token)/letters/\(acknowledgement)", resident, .residentLink,
                    link
                ),
            ]
            // Every GET page of a case is checked here or in AuditCoverageTests.
            let casePages = Set(
                app.routes.all.filter { $0.method == .GET }.map(Self.pattern).filter { $0.hasPrefix("/cases/:caseID") })
            let checked = Set(Self.caseViewsCoveredElsewhere + pages.map { $0.pattern })
            for pattern in casePages.sorted() {
                #expect(checked.contains(pattern), "No view check for GET \(pattern)")
            }

            // Act / Check: each page opened records one view naming its record, and changes nothing unaudited.
            for page in pages {
                setup.clock.advance(by: 7)
                var status: HTTPStatus?
                let outcome = try await WriteAudit.check(db) { status = try await page.browser.get(page.path).status }
                #expect(status == .ok, "GET \(page.pattern) answered \(status?.code ?? 0)")
                let views = outcome.events.filter { $0.action == AuditAction.view.rawValue }
                #expect(views.count == 1, "GET \(page.pattern) recorded \(views.count) views")
                let named = views.first.map { "\($0.recordType) \($0.recordID ?? "-")" } ?? "nothing"
                #expect(
                    views.first?.recordType == page.type.rawValue && views.first?.recordID == page.id.uuidString,
                    "GET \(page.pattern): the view names \(named), not \(page.type.rawValue) \(page.id)")
                let unaudited = outcome.unaudited.map(\.description).sorted().joined(separator: ", ")
                #expect(outcome.unaudited.isEmpty, "GET \(page.pattern) changed rows no event names: \(unaudited)")
            }

            // A youth offending partner, who was not given this case, is refused each page: 404, one refusal
            // recorded against the case, nothing changed.
            let partner = try await Self.signedIn(app, "yos@riverside.example", address: "192.0.2.165")
            let casePaths = pages.filter { $0.pattern.hasPrefix("/cases/") }.map { ($0.pattern, $0.path) }
            let refused = [("/cases/:caseID", path)] + casePaths
            for (pattern, page) in refused {
                var status: HTTPStatus?
                let outcome = try await WriteAudit.check(db) { status = try await partner.get(page).status }
                #expect(status == .notFound, "GET \(pattern) as an unshared partner answered \(status?.code ?? 0)")
                let refusals = outcome.events.filter { $0.action == AuditAction.accessDenied.rawValue }
                #expect(refusals.count == 1, "GET \(pattern) by an unshared partner: \(refusals.count) refusals")
                #expect(
                    refusals.first?.recordType == RecordType.`case`.rawValue
                        && refusals.first?.recordID == caseID.uuidString,
                    "GET \(pattern): the refusal does not name the case")
                #expect(outcome.events.allSatisfy { $0.action != AuditAction.view.rawValue }, "GET \(pattern)")
                #expect(outcome.changes.isEmpty, "GET \(pattern) as an unshared partner changed a row")
            }
        }
    }
}
