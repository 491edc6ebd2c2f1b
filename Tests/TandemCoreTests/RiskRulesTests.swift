import Foundation
import Testing

@testable import TandemCore

@Suite("Risk Assessment Matrix")
struct RiskMatrixTests {
    /// Every question answered with its highest- or lowest-scoring option.
    static func answers(highest: Bool) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: RiskMatrix.questions.map { question in
                let sorted = question.options.sorted { $0.score > $1.score }
                return (question.id, (highest ? sorted.first : sorted.last)!.value)
            })
    }

    @Test("fourteen questions in three sections, numbered in order, every option scored 0 to 4")
    func shape() {
        #expect(RiskMatrix.questions.map(\.number) == Array(1...14))
        #expect(RiskMatrix.questions.filter { $0.section == .history }.count == 6)
        #expect(RiskMatrix.questions.filter { $0.section == .vulnerability }.count == 4)
        #expect(RiskMatrix.questions.filter { $0.section == .support }.count == 4)
        for question in RiskMatrix.questions {
            #expect(question.options.allSatisfy { (0...4).contains($0.score) })
            #expect(question.options.map(\.score).min() == 0, "question \(question.number) has a no-risk answer")
            #expect(Set(question.options.map(\.value)).count == question.options.count)
            #expect(!question.reading.isEmpty)
        }
    }

    @Test(
        "the reconstructed scores put more risk higher",
        arguments: [
            ("q1", "daily", "occasionally"), ("q5", "not_involved", "effective"), ("q6", "yes", "no"),
            ("q7", "violent_crime", "none"), ("q10", "extremely", "not_at_all"), ("q12", "no", "yes"),
            ("q13", "ten_plus", "no_group"), ("q14", "daily", "no"),
        ])
    func direction(question: String, riskier: String, safer: String) throws {
        let item = try #require(RiskMatrix.question(question))
        #expect(try #require(item.option(riskier)).score > (try #require(item.option(safer)).score))
    }

    @Test("each question's answers score as read")
    func eachQuestion() {
        // Setup: all lowest; Act: raise one question at a time to its highest.
        let lowest = Self.answers(highest: false)
        #expect(RiskMatrix.score(lowest) == .success(0))
        let expected = [
            "q1": 4, "q2": 2, "q3": 2, "q4": 2, "q5": 4, "q6": 1, "q7": 4, "q8": 3, "q9": 3, "q10": 4, "q11": 3,
            "q12": 1, "q13": 3, "q14": 4,
        ]
        for question in RiskMatrix.questions {
            var answers = lowest
            answers[question.id] = Self.answers(highest: true)[question.id]
            // Check
            #expect(RiskMatrix.score(answers) == .success(expected[question.id]!), "question \(question.number)")
        }
        #expect(RiskMatrix.maximum == 40)
        #expect(RiskMatrix.score(Self.answers(highest: true)) == .success(40))
    }

    @Test("an incomplete card lists every missing question; a forged answer is refused")
    func incomplete() {
        var answers = Self.answers(highest: false)
        answers["q3"] = nil
        answers["q9"] = ""
        answers["q11"] = "very_ill"
        answers["q99"] = "yes"
        guard case .failure(let problems) = RiskMatrix.score(answers) else {
            Issue.record("an incomplete card scored")
            return
        }
        #expect(problems.all.map(\.questionID) == ["q3", "q9", "q11", ""])
        #expect(problems.all[0].message == "Answer question 3")
        #expect(problems.all[2].message == "Choose one of the answers given for question 11")
    }

    @Test(
        "default bands split the card's 0 to 32 scale into thirds",
        arguments: [
            (0, RiskLevel.low), (10, .low), (11, .medium), (21, .medium), (22, .high), (32, .high), (40, .high),
        ])
    func bandEdges(total: Int, band: RiskLevel) {
        #expect(MatrixBands.standard.band(for: total) == band)
    }

    @Test("local bands move the edges; impossible bands are refused")
    func localBands() {
        let local = MatrixBands(lowMaximum: 7, mediumMaximum: 15)
        #expect(local.band(for: 7) == .low)
        #expect(local.band(for: 8) == .medium)
        #expect(local.band(for: 16) == .high)
        #expect(local.problems.isEmpty)
        #expect(MatrixBands(lowMaximum: -1, mediumMaximum: 10).problems.count == 1)
        #expect(MatrixBands(lowMaximum: 10, mediumMaximum: 10).problems.count == 1)
        #expect(MatrixBands(lowMaximum: 10, mediumMaximum: 40).problems.count == 1)
    }
}

@Suite("Vulnerability assessment outcomes")
struct VulnerabilityOutcomeTests {
    static let high = RiskMatrixTests.answers(highest: true)

    @Test("the officer may adjust the band only with a reason")
    func adjustment() {
        // Act: a High score recorded as Medium without, then with, a reason.
        let bare = VulnerabilityAssessment.evaluate(
            .completed(answers: Self.high, adjustedBand: .medium, adjustmentReason: "  "), bands: .standard)
        let reasoned = VulnerabilityAssessment.evaluate(
            .completed(answers: Self.high, adjustedBand: .medium, adjustmentReason: "Now living with family"),
            bands: .standard)
        // Check
        guard case .failure(let problems) = bare else {
            Issue.record("adjusted without a reason")
            return
        }
        #expect(problems.all.map(\.questionID) == ["adjustment_reason"])
        let result = try? reasoned.get()
        #expect(result?.total == 40)
        #expect(result?.scoredBand == .high)
        #expect(result?.band == .medium)
        #expect(result?.adjusted == true)
        #expect(result?.adjustmentReason == "Now living with family")
    }

    @Test("choosing the band the score gives is not an adjustment")
    func sameBand() throws {
        let result = try VulnerabilityAssessment.evaluate(
            .completed(answers: Self.high, adjustedBand: .high, adjustmentReason: nil), bands: .standard
        ).get()
        #expect(result.band == .high)
        #expect(!result.adjusted)
        #expect(result.adjustmentReason == nil)
    }

    @Test("a person may decline; nothing is scored")
    func declined() throws {
        let result = try VulnerabilityAssessment.evaluate(
            .declined(reason: "Does not want to talk about it"), bands: .standard
        )
        .get()
        #expect(result.declined)
        #expect(result.total == nil)
        #expect(result.band == nil)
    }

    @Test("the trend compares each band with the one before")
    func trend() {
        #expect(VulnerabilityAssessment.trend(from: .medium, to: .high) == .rising)
        #expect(VulnerabilityAssessment.trend(from: .high, to: .low) == .falling)
        #expect(VulnerabilityAssessment.trend(from: .low, to: .low) == .steady)
        #expect(VulnerabilityAssessment.trend(from: nil, to: .low) == nil)
    }
}

@Suite("When risk is next looked at")
struct RiskScheduleTests {
    static let london = TimeZone(identifier: "Europe/London")!
    static let calendar = WorkingCalendar()
    /// Friday 27 November 2026, 16:30 UK time (GMT).
    static let fridayAfternoon = calendar.instant(CivilDate(2026, 11, 27), minute: 16 * 60 + 30)

    @Test("each offer point gives 48 hours, to the minute")
    func offerWindow() {
        let at = Self.calendar.instant(CivilDate(2026, 11, 23), minute: 10 * 60 + 7)
        #expect(Reassessment.offerDue(at: at) == Self.calendar.instant(CivilDate(2026, 11, 25), minute: 10 * 60 + 7))
    }

    @Test("High is reassessed weekly, Medium, Low and declined monthly")
    func reassessment() {
        let at = Self.calendar.instant(CivilDate(2027, 1, 31), minute: 9 * 60)
        #expect(
            Reassessment.nextDue(after: at, band: .high, timeZone: Self.london) == at.addingTimeInterval(7 * 86_400))
        let monthly = Self.calendar.instant(CivilDate(2027, 2, 28), minute: 9 * 60)
        #expect(Reassessment.nextDue(after: at, band: .medium, timeZone: Self.london) == monthly)
        #expect(Reassessment.nextDue(after: at, band: .low, timeZone: Self.london) == monthly)
        #expect(Reassessment.nextDue(after: at, band: nil, timeZone: Self.london) == monthly)
        #expect(Reassessment.earliest(nil, monthly, at) == at)
    }

    @Test("the task set for each band (Lewisham RED, AMBER, GREEN)")
    func taskSets() {
        #expect(
            BandResponse.tasks(for: .high) == [
                .panelReferral, .informLineManager, .informPolice, .agencyReferrals, .immediateActionPlan,
                .reassuranceCall,
            ])
        #expect(BandResponse.tasks(for: .medium) == [.panelReferral, .reassessAtNextContact])
        #expect(BandResponse.tasks(for: .low).isEmpty)
        #expect(RiskTaskKind.allCases.filter(\.needsSeniorDecision) == [.panelReferral])
    }

    @Test("task deadlines count working days across the weekend")
    func taskDue() {
        let at = Self.fridayAfternoon
        let monday = Self.calendar.instant(CivilDate(2026, 11, 30), minute: 16 * 60 + 30)
        let tuesday = Self.calendar.instant(CivilDate(2026, 12, 1), minute: 16 * 60 + 30)
        #expect(BandResponse.due(.informLineManager, from: at, calendar: Self.calendar) == monday)
        #expect(BandResponse.due(.informPolice, from: at, calendar: Self.calendar) == monday)
        #expect(BandResponse.due(.immediateActionPlan, from: at, calendar: Self.calendar) == monday)
        #expect(BandResponse.due(.panelReferral, from: at, calendar: Self.calendar) == tuesday)
        #expect(
            BandResponse.due(.reassuranceCall, from: at, calendar: Self.calendar) == at.addingTimeInterval(7 * 86_400))
        #expect(BandResponse.due(.reassessAtNextContact, from: at, calendar: Self.calendar) == nil)
    }

    @Test("open tasks are not duplicated and reassurance calls stop when the band falls")
    func plan() {
        let at = Self.fridayAfternoon
        let first = BandResponse.plan(band: .high, open: [], at: at, calendar: Self.calendar)
        #expect(first.create.count == 6)
        #expect(first.cancel.isEmpty)
        let again = BandResponse.plan(
            band: .high, open: [.panelReferral, .reassuranceCall], at: at, calendar: Self.calendar)
        #expect(
            again.create.map(\.kind) == [.informLineManager, .informPolice, .agencyReferrals, .immediateActionPlan])
        let fell = BandResponse.plan(
            band: .medium, open: [.panelReferral, .reassuranceCall], at: at, calendar: Self.calendar)
        #expect(fell.create.map(\.kind) == [.reassessAtNextContact])
        #expect(fell.cancel == [.reassuranceCall])
        #expect(BandResponse.plan(band: .low, open: [], at: at, calendar: Self.calendar).create.isEmpty)
        #expect(BandResponse.nextReassuranceCall(after: at, band: .high) == at.addingTimeInterval(7 * 86_400))
        #expect(BandResponse.nextReassuranceCall(after: at, band: .medium) == nil)
    }

    @Test("a panel referral needs a senior decision; declining needs a reason")
    func seniorDecision() {
        #expect(TaskRules.problems(kind: .panelReferral, decision: .confirmed, note: "", mayDecide: false).count == 1)
        #expect(TaskRules.problems(kind: .panelReferral, decision: nil, note: "", mayDecide: true).count == 1)
        #expect(TaskRules.problems(kind: .panelReferral, decision: .declined, note: "", mayDecide: true).count == 1)
        #expect(
            TaskRules.problems(kind: .panelReferral, decision: .declined, note: "Support in place", mayDecide: true)
                .isEmpty)
        #expect(TaskRules.problems(kind: .informPolice, decision: nil, note: "", mayDecide: false).isEmpty)
    }

    @Test("oversight: High fortnightly, Medium and Low monthly, brought forward when the band rises")
    func oversight() {
        let at = Self.calendar.instant(CivilDate(2026, 11, 23), minute: 10 * 60)
        #expect(Oversight.band(caseRisk: .low, vulnerability: .high) == .high)
        #expect(Oversight.band(caseRisk: .medium, vulnerability: nil) == .medium)
        #expect(Oversight.band(caseRisk: nil, vulnerability: nil) == .low)
        #expect(
            Oversight.latestDue(after: at, band: .high, timeZone: Self.london) == at.addingTimeInterval(14 * 86_400))
        let month = Self.calendar.instant(CivilDate(2026, 12, 23), minute: 10 * 60)
        #expect(Oversight.latestDue(after: at, band: .low, timeZone: Self.london) == month)
        // A month away, then the band rises to High: due in 14 days; never pushed later.
        #expect(
            Oversight.dueAfterBandChange(current: month, band: .high, now: at, timeZone: Self.london)
                == at.addingTimeInterval(14 * 86_400))
        let soon = at.addingTimeInterval(86_400)
        #expect(Oversight.dueAfterBandChange(current: soon, band: .low, now: at, timeZone: Self.london) == soon)
        #expect(Oversight.latestCivil(after: CivilDate(2027, 1, 31), band: .medium) == CivilDate(2027, 2, 28))
        #expect(Oversight.latestCivil(after: CivilDate(2026, 12, 15), band: .low) == CivilDate(2027, 1, 15))
    }

    @Test("a discussion may set the next one sooner than the cadence, never later")
    func discussionDates() {
        let today = CivilDate(2026, 11, 23)
        func fields(_ discussed: CivilDate, _ next: CivilDate, _ band: RiskLevel) -> [String] {
            Oversight.problems(discussedOn: discussed, nextDue: next, band: band, today: today, timeZone: Self.london)
                .map(\.field)
        }
        #expect(fields(today, CivilDate(2026, 12, 7), .high).isEmpty)
        #expect(fields(today, CivilDate(2026, 12, 8), .high) == ["next_due"])
        #expect(fields(today, CivilDate(2026, 12, 23), .medium).isEmpty)
        #expect(fields(today, CivilDate(2026, 12, 24), .low) == ["next_due"])
        #expect(fields(today, today, .low) == ["next_due"])
        #expect(fields(CivilDate(2026, 11, 24), CivilDate(2026, 12, 1), .low) == ["discussed_on"])
        #expect(fields(CivilDate(2026, 8, 1), CivilDate(2026, 8, 20), .low) == ["discussed_on"])
        // Due by the close of business on the day chosen.
        #expect(
            Oversight.dueAt(CivilDate(2026, 12, 7), calendar: Self.calendar)
                == Self.calendar.instant(CivilDate(2026, 12, 7), minute: 17 * 60))
    }
}

@Suite("Respondents, visits and safeguarding")
struct RespondentRulesTests {
    @Test("under 18 from the date of birth, to the day; else the age; else what the officer says")
    func under18() {
        let today = CivilDate(2026, 11, 23)
        #expect(
            RespondentRules.isUnder18(dateOfBirth: CivilDate(2008, 11, 24), age: nil, statedUnder18: false, on: today))
        #expect(
            !RespondentRules.isUnder18(dateOfBirth: CivilDate(2008, 11, 23), age: nil, statedUnder18: true, on: today))
        #expect(
            RespondentRules.isUnder18(
                dateOfBirth: CivilDate(2008, 2, 29), age: nil, statedUnder18: false, on: CivilDate(2026, 2, 28)))
        #expect(
            !RespondentRules.isUnder18(
                dateOfBirth: CivilDate(2008, 2, 29), age: nil, statedUnder18: false, on: CivilDate(2026, 3, 1)))
        #expect(RespondentRules.isUnder18(dateOfBirth: nil, age: 15, statedUnder18: false, on: today))
        #expect(!RespondentRules.isUnder18(dateOfBirth: nil, age: 40, statedUnder18: true, on: today))
        #expect(RespondentRules.isUnder18(dateOfBirth: nil, age: nil, statedUnder18: true, on: today))
    }

    @Test("a respondent assessment needs the risk posed, to whom, and every service check")
    func respondentProblems() {
        let all: [CheckedService: ServiceCheck] = [
            .mentalHealth: .known, .adultSocialCare: .notKnown, .childrensSocialCare: .notChecked,
        ]
        #expect(
            RespondentRules.problems(
                riskPosed: .high, riskPosedTo: [.victim], factors: [.mentalHealth], checks: all, notes: [:]
            )
            .isEmpty)
        #expect(
            RespondentRules.problems(riskPosed: .high, riskPosedTo: [], factors: [], checks: all, notes: [:]).map(
                \.field)
                == ["risk_posed_to"])
        #expect(
            RespondentRules.problems(riskPosed: nil, riskPosedTo: [], factors: [], checks: [:], notes: [:]).map(\.field)
                == ["risk_posed", "check_mental_health", "check_adult_social_care", "check_childrens_social_care"])
    }

    @Test("a home visit is logged only after the protocol's checks, in pairs")
    func homeVisit() {
        #expect(SafetyMarkerKind.allCases.filter(\.needsNote) == [.other])
        let now = Date(timeIntervalSince1970: 1_795_428_000)
        let required = Set(HomeVisitCheck.required)
        #expect(HomeVisitRules.problems(checks: required, companion: "Sam", visitedAt: now, now: now).isEmpty)
        #expect(
            HomeVisitRules.problems(
                checks: required.subtracting([.policeInformation]), companion: "Sam", visitedAt: now, now: now
            )
            .map(\.field) == ["checks"])
        #expect(
            HomeVisitRules.problems(checks: required, companion: "", visitedAt: now, now: now).map(\.field) == [
                "companion"
            ])
        #expect(
            HomeVisitRules.problems(
                checks: required, companion: "Sam", visitedAt: now.addingTimeInterval(3600), now: now
            )
            .map(\.field) == ["visited_at"])
    }
}

@Suite("Access to risk records")
struct RiskAccessTests {
    static let council = UUID()
    static let police = UUID()
    static let mentalHealthTeam = UUID()
    /// Shared with the police without special category data, and with the mental health team with it (a share
    /// under the health agreement, which has an Article 9 condition).
    static let shared = CaseAccessFacts(
        owningOrganisationID: council,
        shares: [
            police: [.summary, .reports, .risk, .casework],
            mentalHealthTeam: [.summary, .risk, .specialCategory],
        ])

    static func actor(_ role: Role, _ organisation: UUID = council, kind: OrganisationKind = .councilASB) -> Actor {
        Actor(userID: UUID(), organisationID: organisation, roles: [role], organisationKind: kind)
    }

    @Test(
        "mental health records: the owning team's officers and managers, and a partner whose share opens special category data"
    )
    func mentalHealth() {
        let view = Action.viewMentalHealth(Self.shared)
        #expect(AccessPolicy.decide(view, for: Self.actor(.caseOfficer)) == .allow)
        #expect(AccessPolicy.decide(view, for: Self.actor(.seniorOfficer)) == .allow)
        #expect(AccessPolicy.decide(view, for: Self.actor(.teamManager)) == .allow)
        for role in [Role.callHandler, .panelCoordinator, .caseReviewContact, .administrator, .auditor] {
            #expect(AccessPolicy.decide(view, for: Self.actor(role)) == .hide, "\(role)")
        }
        #expect(AccessPolicy.decide(view, for: Self.actor(.partnerPractitioner, Self.police, kind: .police)) == .hide)
        let clinician = Self.actor(.partnerPractitioner, Self.mentalHealthTeam, kind: .communityMentalHealth)
        #expect(AccessPolicy.decide(view, for: clinician) == .allow)
        // Reading is not recording: the partner may not add to the council's case.
        #expect(AccessPolicy.decide(.recordMentalHealth(Self.shared), for: clinician) == .forbid)
        let unshared = CaseAccessFacts(owningOrganisationID: Self.council)
        #expect(AccessPolicy.decide(.viewMentalHealth(unshared), for: clinician) == .hide)
        #expect(AccessPolicy.decide(.recordMentalHealth(Self.shared), for: Self.actor(.caseOfficer)) == .allow)
        #expect(AccessPolicy.decide(.recordMentalHealth(Self.shared), for: Self.actor(.callHandler)) == .forbid)
    }

    @Test("panel referrals and oversight are for senior officers and team managers of the owning team")
    func seniorActions() {
        for role in Role.allCases {
            let senior = role == .seniorOfficer || role == .teamManager
            #expect(AccessPolicy.decide(.overseeCases, for: Self.actor(role)) == (senior ? .allow : .forbid))
            let expected: Decision = senior ? .allow : (role.isCasework ? .forbid : .hide)
            #expect(
                AccessPolicy.decide(.decidePanelReferral(Self.shared), for: Self.actor(role)) == expected, "\(role)")
            #expect(AccessPolicy.decide(.recordOversight(Self.shared), for: Self.actor(role)) == expected, "\(role)")
        }
        #expect(
            AccessPolicy.decide(.recordOversight(Self.shared), for: Self.actor(.partnerPractitioner, Self.police))
                == .forbid)
    }
}
