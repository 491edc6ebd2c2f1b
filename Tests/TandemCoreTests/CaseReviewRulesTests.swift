import Foundation
import Testing

@testable import TandemCore

/// The ASB Case Review's rules (issue 22): qualifying complaints, the threshold with its local settings, the stage
/// timescales in working days across bank holidays, who may hear an appeal, and the publication's counts.
@Suite("Case Review rules")
struct CaseReviewRulesTests {
    static let council = UUID()
    static let police = UUID()
    static let landlord = UUID()
    static let london = WorkingCalendar()

    static func complaint(_ body: UUID, reported: CivilDate, behaviour: CivilDate) -> RecordedComplaint {
        RecordedComplaint(id: UUID(), bodyID: body, reportedOn: reported, behaviourOn: behaviour)
    }

    static func at(_ day: CivilDate, _ hour: Int, _ minute: Int = 0) -> Date {
        london.instant(day, minute: hour * 60 + minute)
    }

    // MARK: - Qualifying complaints

    @Test("a complaint qualifies within one month of the behaviour and six months of the application, to the day")
    func qualifyingComplaints() {
        // Setup: an application on 3 December 2026.
        let applied = CivilDate(2026, 12, 3)
        let complaints = [
            Self.complaint(Self.council, reported: CivilDate(2026, 7, 3), behaviour: CivilDate(2026, 6, 3)),
            Self.complaint(Self.council, reported: CivilDate(2026, 7, 4), behaviour: CivilDate(2026, 6, 3)),
            Self.complaint(Self.council, reported: CivilDate(2026, 6, 2), behaviour: CivilDate(2026, 6, 1)),
            Self.complaint(Self.police, reported: CivilDate(2026, 12, 4), behaviour: CivilDate(2026, 12, 4)),
        ]
        // Act
        let result = CaseReviewEligibility.assess(complaints, applicationOn: applied, arrangements: .init())
        let byID = Dictionary(uniqueKeysWithValues: result.findings.map { ($0.complaint.id, $0) })
        // Check: one calendar month after the behaviour is in time; a day more is not.
        #expect(byID[complaints[0].id]?.qualifies == true)
        #expect(byID[complaints[1].id]?.madeInTime == false)
        #expect(byID[complaints[1].id]?.reasons == ["Made more than a month after the behaviour"])
        // Six calendar months before the application (3 June) is the earliest; 2 June is too long ago.
        #expect(byID[complaints[2].id]?.recentEnough == false)
        #expect(byID[complaints[2].id]?.reasons == ["Made too long before the application"])
        #expect(byID[complaints[3].id]?.afterApplication == true)
        #expect(result.counted == 1)
        #expect(result.proposed == .notMet)
    }

    @Test("the six months end on the application's day: a complaint on 3 June qualifies for a 3 December application")
    func sixMonthBoundary() {
        let applied = CivilDate(2026, 12, 3)
        let onTheDay = Self.complaint(Self.council, reported: CivilDate(2026, 6, 3), behaviour: CivilDate(2026, 6, 1))
        let result = CaseReviewEligibility.assess([onTheDay], applicationOn: applied, arrangements: .init())
        #expect(result.findings.first?.qualifies == true)
        // A complaint made before the behaviour it reports (a typing slip) is not made in time.
        let before = Self.complaint(Self.council, reported: CivilDate(2026, 9, 1), behaviour: CivilDate(2026, 9, 2))
        #expect(
            CaseReviewEligibility.assess([before], applicationOn: applied, arrangements: .init()).findings.first?
                .qualifies == false)
    }

    @Test("the same incident reported to the council and the police counts once; two incidents to one body count twice")
    func sameIncidentCountsOnce() {
        let applied = CivilDate(2026, 12, 3)
        let night = CivilDate(2026, 11, 20)
        let toCouncil = Self.complaint(Self.council, reported: CivilDate(2026, 11, 21), behaviour: night)
        let toPolice = Self.complaint(Self.police, reported: CivilDate(2026, 11, 22), behaviour: night)
        let another = Self.complaint(Self.police, reported: CivilDate(2026, 11, 28), behaviour: CivilDate(2026, 11, 27))
        let sameDayAgain = Self.complaint(Self.council, reported: CivilDate(2026, 11, 23), behaviour: night)
        // Act
        let result = CaseReviewEligibility.assess(
            [toPolice, another, toCouncil, sameDayAgain], applicationOn: applied, arrangements: .init())
        let byID = Dictionary(uniqueKeysWithValues: result.findings.map { ($0.complaint.id, $0) })
        // Check: the earlier report counts and the other body's report of that night points to it.
        #expect(byID[toCouncil.id]?.counted == true)
        #expect(byID[toPolice.id]?.sameIncidentAs == toCouncil.id)
        #expect(byID[toPolice.id]?.counted == false)
        // A second report to the same body is its own complaint.
        #expect(byID[sameDayAgain.id]?.counted == true)
        #expect(result.counted == 3)
        #expect(result.proposed == .met)
        // The findings come in the order the complaints were made.
        #expect(result.findings.map(\.complaint.reportedOn) == result.findings.map(\.complaint.reportedOn).sorted())
    }

    @Test("the local threshold decides the proposal, and a local test needs a person's judgement")
    func localThreshold() {
        let applied = CivilDate(2026, 12, 3)
        let two = [
            Self.complaint(Self.council, reported: CivilDate(2026, 10, 1), behaviour: CivilDate(2026, 9, 30)),
            Self.complaint(Self.landlord, reported: CivilDate(2026, 11, 1), behaviour: CivilDate(2026, 10, 30)),
        ]
        #expect(CaseReviewEligibility.assess(two, applicationOn: applied, arrangements: .init()).proposed == .notMet)
        let lower = CaseReviewArrangements(threshold: 2)
        #expect(CaseReviewEligibility.assess(two, applicationOn: applied, arrangements: lower).proposed == .met)
        #expect(!CaseReviewEligibility.assess(two, applicationOn: applied, arrangements: lower).needsJudgement)
        let harm = CaseReviewArrangements(localTest: "Or one complaint of a hate incident causing serious harm")
        #expect(CaseReviewEligibility.assess(two, applicationOn: applied, arrangements: harm).needsJudgement)
        #expect(CaseReviewEligibility.assess([], applicationOn: applied, arrangements: .init()).counted == 0)
    }

    @Test("months count on the calendar: 31 March less one month is 28 or 29 February")
    func calendarMonths() {
        #expect(CivilDate.monthsBefore(1, CivilDate(2026, 3, 31)) == CivilDate(2026, 2, 28))
        #expect(CivilDate.monthsBefore(1, CivilDate(2028, 3, 31)) == CivilDate(2028, 2, 29))
        #expect(CivilDate.monthsAfter(1, CivilDate(2026, 1, 31)) == CivilDate(2026, 2, 28))
        #expect(CivilDate.monthsBefore(6, CivilDate(2026, 3, 15)) == CivilDate(2025, 9, 15))
        #expect(CivilDate.monthsAfter(13, CivilDate(2026, 12, 1)) == CivilDate(2028, 1, 1))
        #expect(CivilDate.monthsBefore(12, CivilDate(2026, 1, 1)) == CivilDate(2025, 1, 1))
    }

    // MARK: - Local arrangements

    @Test("settings beyond the law are warned about; settings that cannot work are refused")
    func arrangementWarnings() {
        #expect(CaseReviewArrangements().warnings.isEmpty)
        #expect(CaseReviewArrangements().problems.isEmpty)
        let strict = CaseReviewArrangements(threshold: 4, periodMonths: 3, requiresClosedCase: true)
        #expect(strict.warnings.count == 3)
        #expect(strict.warnings[0].contains("no more than three"))
        #expect(strict.warnings.contains { $0.contains("must be closed") })
        #expect(CaseReviewArrangements(complaintWithinMonths: 2).warnings.count == 1)
        #expect(CaseReviewArrangements(applicationWithinMonths: 12).warnings.count == 1)
        // A local test of persistence or harm is allowed by the Act: no warning.
        #expect(CaseReviewArrangements(localTest: "Persistent harm").warnings.isEmpty)
        let broken = CaseReviewArrangements(
            threshold: 0, periodMonths: 0, timescales: .init(contactDays: 0, appealDays: 61))
        #expect(Set(broken.problems.map(\.field)) == ["threshold", "period_months", "contact_days", "appeal_days"])
        #expect(CaseReviewArrangements(localTest: String(repeating: "x", count: 2001)).problems.count == 1)
    }

    // MARK: - Stages and deadlines

    @Test("each stage's deadline counts working days from the step before, across the Christmas bank holidays")
    func stageDeadlines() {
        // Setup: an application received on Wednesday 23 December 2026 at 11:00.
        var progress = CaseReviewProgress(receivedAt: Self.at(CivilDate(2026, 12, 23), 11))
        let scales = CaseReviewTimescales()
        // Act / Check: two working days on is Tuesday 29 December (24th working, 25 and 28 December holidays).
        #expect(CaseReviewStages.next(progress) == .contact)
        #expect(
            CaseReviewStages.dueAt(.contact, progress, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2026, 12, 29), 11))
        // Contacted on 29 December at 16:59: the decision is due five working days on, 6 January 2027 at 16:59
        // (1 January is a bank holiday).
        progress.contactedAt = Self.at(CivilDate(2026, 12, 29), 16, 59)
        let decisionDue = CaseReviewStages.dueAt(
            .thresholdDecision, progress, timescales: scales, calendar: Self.london)
        #expect(decisionDue == Self.at(CivilDate(2027, 1, 6), 16, 59))
        let due = CaseReviewStages.due(progress, timescales: scales, calendar: Self.london)
        #expect(due?.step == .thresholdDecision)
        #expect(due?.isOverdue(at: Self.at(CivilDate(2027, 1, 6), 16, 59)) == false)
        #expect(due?.isOverdue(at: Self.at(CivilDate(2027, 1, 6), 17, 0)) == true)
        // Received out of hours (Saturday): the count starts at Monday's opening.
        let weekend = CaseReviewProgress(receivedAt: Self.at(CivilDate(2026, 11, 28), 14))
        #expect(
            CaseReviewStages.dueAt(.contact, weekend, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2026, 12, 2), 9))
    }

    @Test("the review is due on its meeting; the outcome two and the actions five working days after it")
    func laterDeadlines() {
        var progress = Self.decided(.met)
        let scales = CaseReviewTimescales()
        #expect(CaseReviewStages.due(progress, timescales: scales, calendar: Self.london)?.dueAt == nil)
        progress.meetingOn = CivilDate(2026, 12, 10)
        #expect(
            CaseReviewStages.dueAt(.review, progress, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2026, 12, 10), 17))
        progress.reviewedAt = Self.at(CivilDate(2026, 12, 10), 12)
        #expect(
            CaseReviewStages.dueAt(.outcomeLetter, progress, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2026, 12, 14), 12))
        #expect(
            CaseReviewStages.dueAt(.actions, progress, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2026, 12, 17), 12))
        progress.outcomeSentAt = Self.at(CivilDate(2026, 12, 11), 9)
        progress.actionsDoneAt = Self.at(CivilDate(2026, 12, 17), 10)
        #expect(
            CaseReviewStages.dueAt(.resolutionLetter, progress, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2026, 12, 24), 10))
        progress.resolutionDraftedAt = Self.at(CivilDate(2026, 12, 18), 10)
        progress.resolutionSignedAt = Self.at(CivilDate(2026, 12, 18), 11)
        progress.resolutionSentAt = Self.at(CivilDate(2026, 12, 18), 12)
        #expect(CaseReviewStages.next(progress) == .applicantResponse)
        #expect(CaseReviewStages.dueAt(.applicantResponse, progress, timescales: scales, calendar: Self.london) == nil)
        progress.response = .appeal
        progress.respondedAt = Self.at(CivilDate(2026, 12, 21), 10)
        // Ten working days from 21 December, skipping 25 and 28 December and 1 January, is 7 January.
        #expect(
            CaseReviewStages.dueAt(.appeal, progress, timescales: scales, calendar: Self.london)
                == Self.at(CivilDate(2027, 1, 7), 10))
        progress.appealDecidedAt = Self.at(CivilDate(2027, 1, 5), 10)
        #expect(CaseReviewStages.next(progress) == nil)
        #expect(CaseReviewStages.state(progress) == .concluded)
        progress.escalatedAt = Self.at(CivilDate(2027, 1, 6), 10)
        #expect(CaseReviewStages.next(progress) == .escalation)
        #expect(CaseReviewStages.state(progress) == .open)
        progress.escalationOutcomeAt = Self.at(CivilDate(2027, 3, 1), 10)
        #expect(CaseReviewStages.state(progress) == .concluded)
    }

    static func decided(_ decision: ThresholdDecision) -> CaseReviewProgress {
        var progress = CaseReviewProgress(receivedAt: at(CivilDate(2026, 12, 1), 10))
        progress.contactedAt = at(CivilDate(2026, 12, 1), 15)
        progress.decision = decision
        progress.decidedAt = at(CivilDate(2026, 12, 3), 10)
        progress.decisionLetterAt = at(CivilDate(2026, 12, 3), 11)
        return progress
    }

    @Test("a step recorded before the one it follows, or twice, is refused")
    func stageOrder() {
        let fresh = CaseReviewProgress(receivedAt: Self.at(CivilDate(2026, 12, 1), 10))
        #expect(CaseReviewStages.problem(recording: .contact, fresh) == nil)
        for step in CaseReviewStep.allCases where step != .contact {
            #expect(CaseReviewStages.problem(recording: step, fresh) != nil, "\(step) before contact")
        }
        var progress = fresh
        progress.contactedAt = Self.at(CivilDate(2026, 12, 1), 11)
        #expect(CaseReviewStages.problem(recording: .contact, progress) == "This step has already been recorded")
        #expect(CaseReviewStages.problem(recording: .thresholdDecision, progress) == nil)
        // Not met: the letter, then nothing more; the application is closed.
        let refused = Self.decided(.notMet)
        #expect(CaseReviewStages.state(refused) == .thresholdNotMet)
        #expect(CaseReviewStages.next(refused) == nil)
        #expect(CaseReviewStages.problem(recording: .review, refused) != nil)
        // Met: the resolution letter needs the actions, the outcome letter and the chair's sign-off.
        var met = Self.decided(.met)
        #expect(CaseReviewStages.problem(recording: .review, met) == nil)
        met.reviewedAt = Self.at(CivilDate(2026, 12, 10), 12)
        #expect(CaseReviewStages.problem(recording: .resolutionLetter, met)?.contains("acting on") == true)
        met.actionsDoneAt = Self.at(CivilDate(2026, 12, 11), 12)
        #expect(CaseReviewStages.problem(recording: .resolutionLetter, met)?.contains("outcome") == true)
        met.outcomeSentAt = Self.at(CivilDate(2026, 12, 11), 13)
        #expect(CaseReviewStages.problem(recording: .resolutionLetter, met)?.contains("signs off") == true)
        #expect(CaseReviewStages.signOffProblem(met) == "Draft the resolution letter before it is signed off")
        met.resolutionDraftedAt = Self.at(CivilDate(2026, 12, 14), 12)
        #expect(CaseReviewStages.signOffProblem(met) == nil)
        met.resolutionSignedAt = Self.at(CivilDate(2026, 12, 14), 13)
        #expect(CaseReviewStages.signOffProblem(met) != nil)
        #expect(CaseReviewStages.problem(recording: .resolutionLetter, met) == nil)
        met.resolutionSentAt = Self.at(CivilDate(2026, 12, 14), 14)
        #expect(CaseReviewStages.problem(recording: .appeal, met) != nil)
        met.response = .satisfied
        met.respondedAt = Self.at(CivilDate(2026, 12, 15), 14)
        #expect(CaseReviewStages.problem(recording: .appeal, met) == "The applicant has not asked for an appeal")
        #expect(CaseReviewStages.state(met) == .concluded)
        // Withdrawn: nothing more.
        var withdrawn = fresh
        withdrawn.withdrawnAt = Self.at(CivilDate(2026, 12, 2), 9)
        #expect(CaseReviewStages.next(withdrawn) == nil)
        #expect(CaseReviewStages.problem(recording: .contact, withdrawn) == "The application has been withdrawn")
        #expect(CaseReviewStages.state(withdrawn) == .withdrawn)
    }

    // MARK: - Appeals

    @Test(
        "an appeal is heard by a senior officer of a relevant body who neither worked on the case nor sat on the review"
    )
    func appealOfficer() {
        let senior = Actor(userID: UUID(), organisationID: Self.police, roles: [.seniorOfficer])
        let bodies: Set<UUID> = [Self.council, Self.police]
        #expect(
            AppealOfficerRule.problem(candidate: senior, relevantBodyIDs: bodies, workedOnCase: [], satOnReview: [])
                == nil)
        #expect(
            AppealOfficerRule.problem(
                candidate: senior, relevantBodyIDs: bodies, workedOnCase: [senior.userID], satOnReview: [])?
                .contains("worked on the case") == true)
        #expect(
            AppealOfficerRule.problem(
                candidate: senior, relevantBodyIDs: bodies, workedOnCase: [], satOnReview: [senior.userID])?
                .contains("sat on") == true)
        let officer = Actor(userID: UUID(), organisationID: Self.council, roles: [.caseOfficer])
        #expect(
            AppealOfficerRule.problem(candidate: officer, relevantBodyIDs: bodies, workedOnCase: [], satOnReview: [])?
                .contains("senior officer") == true)
        let outsider = Actor(userID: UUID(), organisationID: Self.landlord, roles: [.teamManager])
        #expect(
            AppealOfficerRule.problem(candidate: outsider, relevantBodyIDs: bodies, workedOnCase: [], satOnReview: [])?
                .contains("relevant bodies") == true)
    }

    // MARK: - Routing and applications

    @Test("routing follows the case: High to the vulnerable victims panel, hate, under 18 and another landlord")
    func routing() {
        #expect(
            CaseReviewEligibility.routes(
                vulnerability: .high, hateIncident: true, respondentUnder18: true, anotherLandlord: true)
                == CaseReviewRoute.allCases)
        #expect(
            CaseReviewEligibility.routes(
                vulnerability: .medium, hateIncident: false, respondentUnder18: false, anotherLandlord: false
            ).isEmpty)
        #expect(
            CaseReviewEligibility.routes(
                vulnerability: nil, hateIncident: false, respondentUnder18: true, anotherLandlord: false)
                == [.youthOffending])
    }

    @Test("an application needs complaint dates not in the future, a way to contact the applicant, and consent")
    func applicationProblems() {
        let today = CivilDate(2026, 12, 3)
        let phone = CaseReviewApplicationRules.Contact(phone: "020 7926 5000", email: nil, address: nil)
        let none = CaseReviewApplicationRules.Contact(phone: " ", email: "", address: nil)
        let day = CaseReviewApplicationRules.EnteredDate.day(CivilDate(2026, 11, 2))
        #expect(
            CaseReviewApplicationRules.problems(
                kind: .person, contact: phone, complaintDays: [day, .empty], onBehalfOf: nil, consent: false,
                today: today
            ).isEmpty)
        let empty = CaseReviewApplicationRules.problems(
            kind: .person, contact: phone, complaintDays: [.empty, .empty], onBehalfOf: nil, consent: false,
            today: today)
        #expect(empty.map(\.field) == ["complaint_1_on"])
        let future = CaseReviewApplicationRules.problems(
            kind: .person, contact: phone, complaintDays: [.empty, .day(CivilDate(2026, 12, 4))], onBehalfOf: nil,
            consent: false, today: today)
        #expect(future.map(\.field) == ["complaint_2_on"])
        #expect(future.first?.message.contains("future") == true)
        let malformed = CaseReviewApplicationRules.problems(
            kind: .person, contact: phone, complaintDays: [CaseReviewApplicationRules.EnteredDate("31/02/2026")],
            onBehalfOf: nil, consent: false, today: today)
        #expect(malformed.map(\.field) == ["complaint_1_on"])
        #expect(CaseReviewApplicationRules.EnteredDate("2026-02-31") == .invalid)
        #expect(CaseReviewApplicationRules.EnteredDate("  ") == .empty)
        let unreachable = CaseReviewApplicationRules.problems(
            kind: nil, contact: none, complaintDays: [day], onBehalfOf: nil, consent: false, today: today)
        #expect(unreachable.map(\.field) == ["applicant_kind", "applicant_phone"])
        let behalf = CaseReviewApplicationRules.problems(
            kind: .onBehalf, contact: phone, complaintDays: [day], onBehalfOf: "", consent: false, today: today)
        #expect(behalf.map(\.field) == ["victim_name", "consent"])
    }

    // MARK: - Publication

    @Test("the publication counts the four statutory figures and the rest from the same applications")
    func publication() {
        let rows = [
            PublishedApplication(channel: .online, decision: .notMet, decidedOnTime: true),
            PublishedApplication(
                channel: .phone, decision: .met, decidedOnTime: false, reviewed: true, recommendations: true,
                victimAttended: true, appealed: true, appealOutcome: .notUpheld),
            PublishedApplication(channel: .online, decision: .met, decidedOnTime: true, reviewed: true),
            PublishedApplication(channel: .advocate),
        ]
        let published = CaseReviewPublication.count(rows)
        #expect(published.count(.applications) == 4)
        #expect(published.count(.thresholdNotMet) == 1)
        #expect(published.count(.reviews) == 2)
        #expect(published.count(.recommendations) == 1)
        #expect(published.count(.decidedOnTime) == 2)
        #expect(published.count(.decidedLate) == 1)
        #expect(published.count(.victimAttended) == 1)
        #expect(published.count(.appeals) == 1)
        #expect(published.byChannel == [.online: 2, .phone: 1, .advocate: 1])
        #expect(published.appealOutcomes == [.notUpheld: 1])
        #expect(CaseReviewPublication.count([]).count(.applications) == 0)
        let year = CaseReviewPublication.year(endingOn: CivilDate(2026, 12, 3))
        #expect(year.from == CivilDate(2025, 12, 4))
    }

    // MARK: - Who may do what

    @Test("the single point of contact runs reviews; relevant bodies read and answer; others see nothing")
    func policy() {
        let spoc = Actor(userID: UUID(), organisationID: Self.council, roles: [.caseReviewContact])
        let councilOfficer = Actor(userID: UUID(), organisationID: Self.council, roles: [.caseOfficer])
        let police = Actor(userID: UUID(), organisationID: Self.police, roles: [.partnerPractitioner])
        let stranger = Actor(userID: UUID(), organisationID: UUID(), roles: [.caseOfficer])
        let admin = Actor(userID: UUID(), organisationID: Self.council, roles: [.administrator])
        let chair = Actor(userID: UUID(), organisationID: Self.council, roles: [.teamManager])
        let facts = CaseReviewFacts(
            spocOrganisationID: Self.council, relevantBodyIDs: [Self.council, Self.police], chairID: chair.userID)
        #expect(AccessPolicy.decide(.applyForCaseReview, for: nil) == .allow)
        #expect(AccessPolicy.decide(.runCaseReview(facts), for: spoc) == .allow)
        #expect(AccessPolicy.decide(.runCaseReview(facts), for: councilOfficer) == .forbid)
        #expect(AccessPolicy.decide(.runCaseReview(facts), for: police) == .forbid)
        #expect(AccessPolicy.decide(.runCaseReview(facts), for: stranger) == .hide)
        #expect(AccessPolicy.decide(.viewCaseReview(facts), for: police) == .allow)
        #expect(AccessPolicy.decide(.viewCaseReview(facts), for: stranger) == .hide)
        #expect(AccessPolicy.decide(.viewCaseReview(facts), for: admin) == .hide)
        #expect(AccessPolicy.decide(.viewCaseReview(facts), for: nil) == .forbid)
        #expect(
            AccessPolicy.decide(.answerCaseReviewRequest(facts, organisationID: Self.police), for: police) == .allow)
        #expect(
            AccessPolicy.decide(.answerCaseReviewRequest(facts, organisationID: Self.council), for: police) == .forbid)
        #expect(AccessPolicy.decide(.signOffResolution(facts), for: chair) == .allow)
        #expect(AccessPolicy.decide(.signOffResolution(facts), for: spoc) == .forbid)
        #expect(AccessPolicy.decide(.hearAppeal(facts), for: chair) == .forbid)
        var appealed = facts
        appealed.appealOfficerID = stranger.userID
        // The nominated appeal officer may read and decide, though their body is not otherwise involved.
        #expect(AccessPolicy.decide(.hearAppeal(appealed), for: stranger) == .allow)
        #expect(AccessPolicy.decide(.viewCaseReviews(facts), for: spoc) == .allow)
        #expect(AccessPolicy.decide(.viewCaseReviews(facts), for: police) == .forbid)
        #expect(AccessPolicy.decide(.manageCaseReviewArrangements, for: admin) == .allow)
        #expect(AccessPolicy.decide(.manageCaseReviewArrangements, for: spoc) == .forbid)
    }
}
