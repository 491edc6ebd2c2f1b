import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// The defects hostile testing found (issue 17), each tried the way it was
/// found, on the demo's Marsh House case: reporting person Maria Lopez, Flat
/// 12, Marsh House, RV1 4AA, 07700 900202, maria.lopez@example.org; the
/// respondent Kevin Doyle lives at Flat 14 in the same building.
@Suite("Security defects of issue 17")
struct SecurityDefectsTests {
    /// Ways of writing Maria Lopez's details that the old exact-match guard let through.
    static let variants = [
        "Your neighbour Ms Lopez complained.", "Maria\u{00A0}Lopez has complained", "Maria  Lopez has complained",
        "Maria\nLopez has complained", "Lopez, Maria has complained", "M. Lopez has complained",
        "the tenant of Marsh House, flat 12", "Lo-pez has complained", "call +44 7700 900202", "+44 (0)7700 900-202",
        "maria.lopez at example.org", "maria dot lopez at example dot org", "MARIA.LOPEZ",
    ]

    @Test("every variant is refused in every form addressed to the respondent, and nothing is saved")
    func respondentForms() async throws {
        try await CaseworkTests().withMarsh { setup in
            let browser = setup.officer
            let respondent = setup.respondent.uuidString
            try await browser.get("\(setup.path)/letters")
            // Opening the tabs between posts records views; no write may be recorded.
            let writes = try await AuditEvent.query(on: setup.app.db).filter(\.$action != "view").count()
            for variant in Self.variants {
                for (template, field) in [
                    ("warning_letter", "behaviour"), ("respondent_notification", "behaviour"),
                    ("acceptable_behaviour", "terms"),
                ] {
                    let refused = try await browser.post(
                        "\(setup.path)/letters",
                        [
                            ("template", template), ("party_id", respondent), (field, variant), ("method", "post"),
                            ("sent_on", "2026-11-23"), ("confirm_not_identifying", "yes"),
                        ])
                    #expect(refused.status == .badRequest, "\(template): \(variant)")
                    let page = refused.body.string
                    #expect(page.contains("would identify who complained"), "\(template): \(variant)")
                    // The message says what matched, and the form keeps what was typed (escaped).
                    #expect(page.contains("the reporting person&#39;s") || page.contains("the reporting person's"))
                }
                try await browser.get("\(setup.path)/support")
                let agreement = try await browser.post(
                    "\(setup.path)/interventions",
                    [
                        ("kind", "aba"), ("party_id", respondent), ("started_on", "2026-11-23"), ("terms", variant),
                        ("review_on", "2026-12-23"),
                    ])
                #expect(agreement.status == .badRequest, "agreement: \(variant)")
                #expect(agreement.body.string.contains("would identify who complained"), "agreement: \(variant)")
                // A banning letter needs no one chosen, and its terms are checked all the same.
                let banning = try await browser.post(
                    "\(setup.path)/interventions",
                    [("kind", "banning_letter"), ("started_on", "2026-11-23"), ("terms", variant)])
                #expect(banning.status == .badRequest, "banning letter: \(variant)")
                #expect(banning.body.string.contains("would identify who complained"), "banning letter: \(variant)")
            }
            #expect(try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            #expect(
                try await Intervention.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).count() == 0)
            #expect(try await AuditEvent.query(on: setup.app.db).filter(\.$action != "view").count() == writes)

            // The message names the detail, never the value.
            let named = try await browser.post(
                "\(setup.path)/letters",
                [
                    ("template", "warning_letter"), ("party_id", respondent), ("behaviour", "Ms Lopez says so"),
                    ("method", "post"), ("sent_on", "2026-11-23"), ("confirm_not_identifying", "yes"),
                ])
            #expect(named.body.string.contains("it contains the reporting person&#39;s family name"))
            #expect(!named.body.string.contains("Lopez says so</p>"))
            // The building and its postcode alone are not refused: the behaviour is recorded at Flat 14, the
            // respondent's, in the same building.
            try await browser.get("\(setup.path)/letters")
            let unconfirmed: [(String, String)] = [
                ("template", "warning_letter"), ("party_id", respondent),
                ("behaviour", "Loud music has been heard in Marsh House after midnight."), ("method", "hand"),
                ("sent_on", "2026-11-20"),
            ]
            // Without the officer's confirmation nothing is recorded, and the form keeps what was chosen.
            let refused = try await browser.post("\(setup.path)/letters", unconfirmed)
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("Confirm that the letter does not identify"))
            #expect(refused.body.string.contains("value=\"2026-11-20\""))
            #expect(refused.body.string.contains("<option value=\"hand\" selected>"))
            let sent = try await browser.post(
                "\(setup.path)/letters", unconfirmed + [("confirm_not_identifying", "yes")])
            #expect(sent.status == .seeOther)
            let letter = try #require(
                try await Letter.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(letter.identityConfirmedAt == setup.clock.now())
            #expect(letter.$identityConfirmedBy.id != nil)
            let event = try #require(
                try await AuditEvent.query(on: setup.app.db).filter(\.$recordType == "letter").first())
            #expect(event.changes.contains("identity_confirmed_by_id"))
        }
    }

    @Test("thirty concurrent wrong codes compare at most five and lock the link; the outbox holds no link or code")
    func concurrentCodes() async throws {
        try await CaseworkTests().withMarsh { setup in
            let (token, code) = try await CaseworkTests().issueLink(setup)
            let bodies = try await OutboxMessage.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID)
                .all()
            #expect(bodies.count == 2)
            for message in bodies {
                #expect(!message.body.contains(token) && !message.body.contains(code))
                #expect(message.$residentLink.id != nil)
            }
            // Thirty guessers from thirty addresses, so only the link's own limit stops them.
            var guessers: [TestBrowser] = []
            for index in 0..<30 {
                let guesser = TestBrowser(setup.app, address: "198.51.100.\(100 + index)")
                try await guesser.get("/r/\(token)")
                guessers.append(guesser)
            }
            let wrong = code == "111111" ? "222222" : "111111"
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for guesser in guessers {
                    group.addTask { try await guesser.post("/r/\(token)", [("code", wrong)]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // Four are told how many tries are left; the fifth is told the link is now locked.
            #expect(statuses.filter { $0 == .badRequest }.count == 4, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == .badRequest || $0 == .gone }, "\(statuses)")
            let link = try #require(
                try await ResidentLink.query(on: setup.app.db).filter(\.$caseRecord.$id == setup.caseID).first())
            #expect(link.failedAttempts == 5)
            #expect(link.state(at: setup.clock.now()) == .locked)
            #expect(
                try await AuditEvent.query(on: setup.app.db).filter(
                    \.$summary == "Wrong code entered on a private link"
                )
                .count() == 5)
            // Locked until an officer reissues it: the right code no longer opens it.
            #expect(try await guessers[0].post("/r/\(token)", [("code", code)]).status == .gone)
        }
    }

    @Test("one address may try only so many codes, across links")
    func codesPerAddress() async throws {
        try await CaseworkTests().withMarsh { setup in
            let guesser = TestBrowser(setup.app, address: "198.51.100.66")
            for _ in 0..<4 {
                let (token, _) = try await CaseworkTests().issueLink(setup)
                try await guesser.get("/r/\(token)")
                for _ in 0..<5 { try await guesser.post("/r/\(token)", [("code", "000000")]) }
            }
            let (token, code) = try await CaseworkTests().issueLink(setup)
            try await guesser.get("/r/\(token)")
            #expect(try await guesser.post("/r/\(token)", [("code", code)]).status == .tooManyRequests)
            // Another address is not held back.
            let resident = TestBrowser(setup.app, address: "198.51.100.67")
            try await resident.get("/r/\(token)")
            #expect(try await resident.post("/r/\(token)", [("code", code)]).status == .seeOther)
        }
    }

    @Test("after sign-in only a path on this site is followed; anything else goes home")
    func nextIsChecked() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let hostile = [
                "//evil.example/", "/\\evil.example/", "/%09/evil.example/", "/%2F/evil.example/", "/\t/evil.example/",
                "/\r\nSet-Cookie: injected=1", "/\nSet-Cookie: injected=1", "https://evil.example/",
                "http:/evil.example", "evil.example", "/%0D%0ASet-Cookie:%20injected=1", "/ /evil", "/\u{0}",
            ]
            for next in hostile {
                let browser = TestBrowser(app, address: "192.0.2.90")
                let page = try await browser.get("/sign-in?next=\(TestBrowser.encode(next))")
                #expect(!page.body.string.contains("injected"), "\(next)")
                #expect(!page.body.string.contains("evil.example"), "\(next)")
                let response = try await browser.post(
                    "/sign-in",
                    [("email", "sam@riverside.example"), ("password", "correct horse staple"), ("next", next)])
                #expect(response.status == .seeOther, "\(next)")
                #expect(response.headers.first(name: .location) == "/", "\(next)")
                #expect(!response.headers.contains(name: "injected"), "\(next)")
                #expect(!response.headers[.setCookie].contains { $0.contains("injected") }, "\(next)")
            }
            let browser = TestBrowser(app, address: "192.0.2.91")
            try await browser.get("/sign-in?next=%2Fcases%2Fmine")
            let response = try await browser.post(
                "/sign-in",
                [("email", "sam@riverside.example"), ("password", "correct horse staple"), ("next", "/cases/mine")])
            #expect(response.headers.first(name: .location) == "/cases/mine")
        }
    }

    @Test("over-long paths, segments and query strings are answered 404 or 414, never 500")
    func longPaths() async throws {
        try await withTandem { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let anonymous = TestBrowser(app)
            let signedIn = TestBrowser(app, address: "192.0.2.92")
            try await signedIn.signIn("sam@riverside.example")
            let long = String(repeating: "a", count: 256)
            for browser in [anonymous, signedIn] {
                for path in [
                    "/\(long)", "/cases/\(String(repeating: "9", count: 300))", "/css/\(long).css",
                    "/r/\(String(repeating: "b", count: 1000))", "/cases/\(long)/letters", "/%00", "/a%0Ab",
                ] {
                    #expect(try await browser.get(path).status == .notFound, "\(path.prefix(40))")
                }
                #expect(try await browser.get("/" + String(repeating: "x/", count: 1500)).status == .uriTooLong)
                #expect(try await browser.get("/?q=\(String(repeating: "q", count: 20_000))").status == .uriTooLong)
            }
        }
    }

    @Test("behind a proxy the client is the right-most forwarded address, counted back by the trusted hops")
    func forwardedFor() async throws {
        for (hops, header, expected) in [
            (1, "6.6.6.6, 192.0.2.77", "192.0.2.77"), (2, "6.6.6.6, 192.0.2.78, 10.0.0.2", "192.0.2.78"),
            (1, "192.0.2.79", "192.0.2.79"),
        ] {
            let adjust: (inout Settings) -> Void = { $0.trustedProxyHops = hops }
            try await withTandem(adjust: adjust) { app, _ in
                let browser = TestBrowser(app, address: header)
                try await browser.signIn("nobody@riverside.example", "wrong password")
                let attempt = try #require(try await SignInAttempt.query(on: app.db).first())
                #expect(attempt.address == expected, "\(hops) \(header)")
            }
        }
        // Fewer entries than trusted proxies: every entry may be the client's own, so none is believed.
        let adjust: (inout Settings) -> Void = { $0.trustedProxyHops = 3 }
        try await withTandem(adjust: adjust) { app, _ in
            let browser = TestBrowser(app, address: "192.0.2.80, 10.0.0.2")
            try await browser.signIn("nobody@riverside.example", "wrong password")
            let attempt = try #require(try await SignInAttempt.query(on: app.db).first())
            #expect(attempt.address != "192.0.2.80" && attempt.address != "10.0.0.2")
        }
    }

    @Test("past the address limit a correct password still signs in; wrong ones are held back, not locked")
    func addressDoesNotLockOut() async throws {
        let adjust: (inout Settings) -> Void = {
            $0.throttle = SignInThrottle(addressDelayStep: 0.05, maxAddressDelay: 0.2)
        }
        try await withTandem(adjust: adjust) { app, _ in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let office = TestBrowser(app, address: "192.0.2.66")
            for index in 1...25 {
                try await office.signIn("guess\(index)@riverside.example", "wrong password here")
            }
            let started = Date()
            #expect(try await office.signIn("guess1@riverside.example", "wrong again").status == .unauthorized)
            #expect(Date().timeIntervalSince(started) >= 0.2)
            let colleague = TestBrowser(app, address: "192.0.2.66")
            #expect(try await colleague.signIn("sam@riverside.example").status == .seeOther)
        }
    }

    @Test("at the one-minute minimum, a session used every 20 seconds stays signed in; idle for a minute it ends")
    func idleMinimum() async throws {
        let adjust: (inout Settings) -> Void = { $0.sessionLifetime = SessionLifetime(idleTimeout: 60) }
        try await withTandem(adjust: adjust) { app, clock in
            try await createUser(app, email: "sam@riverside.example", roles: [.caseOfficer])
            let browser = TestBrowser(app, address: "192.0.2.93")
            try await browser.signIn("sam@riverside.example")
            for step in 1...9 {
                clock.advance(by: 20)
                #expect(try await browser.get("/cases/mine").status == .ok, "after \(step * 20) s")
            }
            clock.advance(by: 60)
            #expect(try await browser.get("/cases/mine").status == .seeOther)
        }
    }

    @Test("dates outside their field's range are refused with a message and change nothing")
    func dateRanges() async throws {
        try await CaseworkTests().withMarsh { setup in
            let browser = setup.officer
            try await browser.get("\(setup.path)/plan")
            let writes = try await AuditEvent.query(on: setup.app.db).filter(\.$action != "view").count()
            for day in ["0001-01-01", "1899-12-31", "9999-12-31"] {
                let contact = try await browser.post(
                    "\(setup.path)/contacts",
                    [
                        ("contacted_on", day), ("contacted_time", "09:00"), ("channel", "phone"),
                        ("with_whom", setup.reporter.uuidString), ("summary", "Spoke about the noise"),
                    ])
                #expect(contact.status == .badRequest, "\(day)")
                #expect(contact.body.string.contains("Enter the date of the contact"), "\(day)")
                try await browser.get("\(setup.path)/risk")
                let concern = try await browser.post(
                    "\(setup.path)/safeguarding",
                    [("raised_on", day), ("raised_to", "Adult social care"), ("concern", "Concern for the reporter")])
                #expect(concern.status == .badRequest, "\(day)")
                #expect(concern.body.string.contains("Enter the date the concern was raised"), "\(day)")
            }
            #expect(try await AuditEvent.query(on: setup.app.db).filter(\.$action != "view").count() == writes)
            // A plan action due more than five years ahead is refused.
            try await browser.post("\(setup.path)/interviews", CaseworkTests.interviewAnswers(reporter: setup.reporter))
            try await browser.post(
                "\(setup.path)/plan",
                [("evidence_plan", "Diary sheets"), ("contact_frequency", "7"), ("contact_method", "phone")])
            for (due, message) in [
                ("9999-12-31", "Enter the date the action is due"), ("2031-11-24", "within 5 years"),
            ] {
                let action = try await browser.post(
                    "\(setup.path)/plan/actions",
                    [("description", "Send diary sheets"), ("owner", "officer"), ("due_on", due)])
                #expect(action.status == .badRequest, "\(due)")
                #expect(action.body.string.contains(message), "\(due)")
            }
            #expect(
                try await browser.post(
                    "\(setup.path)/plan/actions",
                    [("description", "Send diary sheets"), ("owner", "officer"), ("due_on", "2031-11-23")]
                ).status == .seeOther)
        }
    }
}
