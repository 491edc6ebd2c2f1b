import Fluent
import TandemCore
import Vapor

/// A year of casework for the demo borough, so every report and chart shows
/// something meaningful on first start: about 120 cases received over the
/// past twelve months through the same intake and triage code as the web,
/// responded to (mostly on time), many closed with reasons and surveys, a
/// few repeat callers, interventions, respondent referrals and letters
/// before action. Deterministic: the same clock gives the same history.
///
/// Loaded by `serve --demo` only (not by every test that seeds the demo),
/// because it takes a few seconds; `DemoHistoryTests` loads it explicitly.
enum DemoHistory {
    static let caseCount = 120

    /// A small deterministic generator (a linear congruential generator), so
    /// the demo is the same on every machine.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let firstNames = [
        "Amira", "Ben", "Chloe", "Darius", "Elena", "Femi", "Gemma", "Hassan", "Irene", "Jamal", "Kasia", "Liam",
        "Mei", "Nadia", "Owen", "Parveen", "Quentin", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wes", "Yusuf",
    ]
    static let lastNames = [
        "Adeyemi", "Brooks", "Clarke", "Dobrowolski", "Evans", "Fraser", "Ghosh", "Hughes", "Iqbal", "Jones",
        "Kowalski", "Lewis", "Murphy", "Nowak", "O'Neill", "Patel", "Quinn", "Reid", "Singh", "Turner",
    ]
    /// Westminster reports drug use, verbal abuse and noise as the most common categories.
    static let categoryWeights: [(String, Int)] = [
        ("Noise", 26), ("Drugs and substance misuse and dealing", 20),
        ("Verbal abuse, harassment, intimidation or threatening behaviour", 18), ("Misuse of communal areas", 8),
        ("Vandalism and damage to property", 6), ("Alcohol-related nuisance", 5), ("Pets and animal nuisance", 4),
        ("Vehicle nuisance", 4), ("Hate-related incidents", 3), ("Litter, rubbish and fly-tipping", 3),
        ("Garden nuisance", 3),
    ]
    static let reasonWeights: [(ClosureReason, Int)] = [
        (.reportingPersonSatisfied, 30), (.noComplaintsThreeMonths, 22), (.landlordSatisfaction, 12),
        (.withdrawn, 10), (.unsubstantiated, 10), (.propertyTerminated, 3), (.evictionForASB, 2),
        (.otherResolved, 5), (.otherClosed, 6),
    ]

    static func weighted<T>(_ items: [(T, Int)], _ dice: inout Dice) -> T {
        let total = items.map(\.1).reduce(0, +)
        var roll = dice.below(total)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[0].0
    }

    static func seed(_ app: Application) async throws {
        let now = app.clock.now()
        let db = app.db
        guard try await CaseRecord.query(on: db).count() < caseCount else { return }
        let hash = try await app.hashPassword(DemoData.password)
        try await app.write(as: .system, at: now) { work in
            try await load(passwordHash: hash, in: work)
        }
        app.logger.notice("Demo history loaded: \(caseCount) cases over the past year.")
    }

    static func load(passwordHash: String, in work: UnitOfWork) async throws {
        let now = work.now
        let db = work.db
        var dice = Dice(state: 2026)
        let policy = try await IntakePolicy.load(on: db)
        let calendar = policy.calendar
        guard
            let council = try await Organisation.query(on: db).filter(\.$name == "Riverside Council ASB Team").first(),
            let homes = try await Organisation.query(on: db).filter(\.$name == "Riverside Homes").first(),
            let manager = try await User.query(on: db).filter(\.$email == "manager@riverside.example").first()
        else { return }
        let councilID = try council.requireID()
        let homesID = try homes.requireID()
        // A second case officer carries the historic caseload, so the demo walkthrough's queue stays short.
        let officer = User(
            email: "jordan.reid@riverside.example", displayName: "Jordan Reid", passwordHash: passwordHash,
            organisationID: councilID, at: now)
        try await UserWrites.insert(
            officer, roles: [.caseOfficer], summary: "Demo: added user jordan.reid@riverside.example", in: work)
        let officerID = try officer.requireID()
        let categories = try await Category.query(on: db).all()
        func categoryID(_ name: String) -> UUID? { categories.first { $0.name == name }?.id }
        let wards = try await Ward.query(on: db).sort(\.$name).all()
        let estates = try await Estate.query(on: db).all()
        let triager = CurrentUser(
            id: try manager.requireID(), email: manager.email, displayName: manager.displayName,
            organisationID: councilID, organisationName: council.name, organisationKind: .councilASB,
            roles: [.seniorOfficer, .teamManager], sessionID: UUID(), csrfToken: "")
        let lbaPower = try await LegalPower.query(on: db).filter(\.$key == "lba").first()

        // Repeat callers: these people report again and again in the last 24 weeks (Islington).
        let repeatCallers = Set([3, 17, 41, 64])
        var proposals = 0
        for index in 0..<caseCount {
            let daysAgo = 360 - index * 3 - dice.below(2)
            guard daysAgo > 14 else { continue }
            let receivedAt = calendar.instant(
                calendar.local(now).day.adding(days: -daysAgo), minute: 8 * 60 + dice.below(10 * 60))
            let ward = dice.pick(wards)
            let wardEstates = estates.filter { $0.$ward.id == ward.id }
            let category = weighted(categoryWeights, &dice)
            let hate = category == DefaultCategories.hateCategory
            let risk: RiskLevel = dice.chance(15) ? .high : (dice.chance(50) ? .medium : .low)
            let name = "\(dice.pick(firstNames)) \(dice.pick(lastNames))"
            let valid = ValidReport(
                reporterKind: .named, reporterName: name, reporterPhone: "07700 9\(String(format: "%05d", index))",
                reporterEmail: nil, reporterAddress: "\(index + 1) \(ward.name) Road",
                reporterPostcode: "RV9 \(index % 9)AB",
                preferredContact: .phone, language: nil, interpreterNeeded: false, onBehalfName: nil,
                onBehalfCapacity: nil, behaviourDate: calendar.local(receivedAt).day, happeningNow: false,
                location: wardEstates.first.map { "\(dice.below(60) + 1) \($0.name)" } ?? "\(ward.name) Road",
                locationPostcode: nil, description: "Historic demo report: \(category.lowercased()).",
                respondentName: nil, peopleInvolved: nil, effect: nil, outcomeWanted: nil,
                categoryIDs: [categoryID(category)].compactMap { $0 }, hateIncident: hate,
                hateStrands: hate ? [dice.pick(HateStrand.allCases)] : [], channel: dice.pick(ReportChannel.allCases),
                receivedAt: receivedAt, wardID: ward.id, suggestedRisk: nil)
            let report = try await ReportWrites.create(
                valid, source: .staff, organisationID: councilID, recordedBy: triager.id, submitterKey: nil,
                in: work.at(receivedAt))
            let triagedAt = receivedAt.addingTimeInterval(1800)
            let context = TriageService.Context(
                policy: policy, user: triager, actor: .system, now: triagedAt, linkTo: nil)
            guard
                let record = try await TriageService.apply(
                    ValidTriage(
                        decision: TriageRules.Decision(
                            outcome: .openCase, reason: "Historic demo case.", risk: risk, existingCaseChosen: false,
                            isHateIncident: hate),
                        existingCase: nil, wardID: ward.id, placeKind: .home, categoryIDs: valid.categoryIDs,
                        hateStrands: valid.hateStrands, reporterPersonID: nil, respondentKind: .named,
                        respondentPersonID: nil),
                    to: report, context: context, in: work.at(triagedAt))
            else { continue }
            let caseID = try record.requireID()
            try await CaseActionsController.give(
                record, to: officer, by: triager, base: DemoData.base, in: work.at(triagedAt.addingTimeInterval(600)))
            // The place: an estate in the ward, and for a quarter of cases a Riverside Homes property.
            if let placeID = record.$place.id, let place = try await Place.find(placeID, on: db) {
                place.$estate.id = wardEstates.isEmpty ? nil : dice.pick(wardEstates).id
                if dice.chance(25) { place.$landlord.id = homesID }
                try await work.at(triagedAt).update(
                    place, "Demo: estate and landlord for the place on \(record.reference)")
            }
            // The first contact: most within the band's limit, some late; bank holidays count as the calendar says.
            let due = record.responseDueAt ?? receivedAt.addingTimeInterval(86_400)
            let window = max(due.timeIntervalSince(receivedAt), 3600)
            let respondedAt =
                dice.chance(82)
                ? receivedAt.addingTimeInterval(window * Double(20 + dice.below(75)) / 100)
                : due.addingTimeInterval(Double(3600 * (2 + dice.below(60))))
            record.acknowledgedAt = respondedAt
            record.acknowledgementMethod = .phone
            record.noteResponse(at: respondedAt)
            record.lastContactAt = respondedAt
            record.nextContactDueAt = ContactPromise.nextDue(
                after: max(respondedAt, now.addingTimeInterval(-3 * 86_400)), every: .standard, calendar: calendar)
            record.refreshNextDeadline()
            try await work.at(respondedAt).update(record, "Demo: first contact on case \(record.reference)")

            // Repeat callers report again about the same problem: new incidents on the same case (NM01).
            if repeatCallers.contains(index), let personID = report.$reporterPerson.id {
                let again = 3 + dice.below(4)
                for call in 0..<again {
                    let at = now.addingTimeInterval(-Double(86_400 * (8 + call * 25 + dice.below(20))))
                    var repeatReport = valid
                    repeatReport.receivedAt = at
                    repeatReport.behaviourDate = calendar.local(at).day
                    repeatReport.description = "Reported again: \(category.lowercased()) continues."
                    let extra = try await ReportWrites.create(
                        repeatReport, source: .staff, organisationID: councilID, recordedBy: triager.id,
                        submitterKey: nil, in: work.at(at))
                    extra.$reporterPerson.id = personID
                    extra.$caseRecord.id = caseID
                    extra.status = Report.Status.triaged
                    extra.triageOutcome = TriageOutcome.addToCase
                    extra.triagedAt = at
                    try await work.at(at).update(
                        extra, "Demo: report \(extra.reference) added to case \(record.reference)")
                }
            }

            // Early interventions, respondent support and letters before action.
            if dice.chance(45) {
                let respondent = CaseParty(
                    caseID: caseID, personID: nil, role: .respondent, respondentKind: .unknown,
                    description: "Neighbour (demo)", at: triagedAt)
                try await work.at(triagedAt).insert(respondent, "Demo: respondent on \(record.reference)")
                let startedOn = calendar.local(respondedAt).day.adding(days: 3 + dice.below(10))
                if startedOn < calendar.local(now).day {
                    let intervention = Intervention()
                    intervention.$caseRecord.id = caseID
                    intervention.$party.id = respondent.id
                    intervention.kind = weighted(
                        [
                            (InterventionKind.writtenWarning, 5), (.verbalWarning, 4), (.mediation, 2),
                            (.acceptableBehaviourAgreement, 2), (.supportAndCounselling, 1),
                        ], &dice)
                    intervention.startedOn = startedOn
                    intervention.reportingConsents = true
                    intervention.respondentConsents = true
                    intervention.engagement = dice.chance(70) ? .engaged : .notEngaged
                    intervention.status = .active
                    intervention.recordedAt = calendar.instant(startedOn, minute: 10 * 60)
                    intervention.$recordedBy.id = officerID
                    try await work.at(intervention.recordedAt).insert(
                        intervention, "Demo: intervention on \(record.reference)")
                }
                if dice.chance(40) && startedOn.adding(days: 7) < calendar.local(now).day {
                    let referral = Referral()
                    referral.$caseRecord.id = caseID
                    referral.$party.id = respondent.id
                    referral.service = dice.pick([
                        SupportService.mentalHealth, .drugAndAlcohol, .floatingSupport, .adultSocialCare,
                        .youthOffending,
                    ])
                    referral.asked = "Support for the respondent (demo)."
                    referral.sentOn = startedOn.adding(days: 7)
                    referral.replyDueOn = startedOn.adding(days: 21)
                    referral.status = dice.pick([ReferralStatus.accepted, .engaged, .closed])
                    referral.recordedAt = calendar.instant(startedOn.adding(days: 7), minute: 11 * 60)
                    referral.$recordedBy.id = officerID
                    referral.updatedAt = referral.recordedAt
                    try await work.at(referral.recordedAt).insert(referral, "Demo: referral on \(record.reference)")
                }
                if let lbaPower, dice.chance(12) && startedOn.adding(days: 30) < calendar.local(now).day {
                    let measure = LegalMeasure()
                    measure.$caseRecord.id = caseID
                    measure.$power.id = try lbaPower.requireID()
                    measure.$party.id = respondent.id
                    measure.status = .served
                    measure.instructedOn = startedOn.adding(days: 30)
                    measure.likelihood = .reasonable
                    measure.recordedAt = calendar.instant(startedOn.adding(days: 30), minute: 12 * 60)
                    measure.$recordedBy.id = officerID
                    measure.updatedAt = measure.recordedAt
                    try await work.at(measure.recordedAt).insert(
                        measure, "Demo: letter before action on \(record.reference)")
                }
            }

            // Closure: most cases older than two months have closed, after notice, with a reason.
            guard daysAgo > 60, dice.chance(78), !repeatCallers.contains(index) else {
                try await keepCurrent(
                    record, reporterID: report.$reporterPerson.id, index: index, officerID: officerID,
                    managerID: try manager.requireID(), proposeClosure: daysAgo > 90 && proposals < 3,
                    calendar: calendar, in: work)
                if daysAgo > 90 && proposals < 3 { proposals += 1 }
                continue
            }
            let closedAt = min(
                receivedAt.addingTimeInterval(Double(86_400 * (21 + dice.below(150)))),
                now.addingTimeInterval(-Double(86_400 * (2 + dice.below(10)))))
            let reason = weighted(reasonWeights, &dice)
            try await close(
                record, reason: reason, summary: "Demo: \(reason.explanation)", proposedBy: officerID,
                decidedBy: try manager.requireID(), closedAt: closedAt, calendar: calendar, in: work)
            if dice.chance(60) {
                let satisfied = reason.outcome == .resolved && reason != .landlordSatisfaction
                func score() -> SatisfactionScore {
                    let roll = dice.below(100)
                    if satisfied {
                        return roll < 45
                            ? .verySatisfied
                            : (roll < 80 ? .fairlySatisfied : (roll < 90 ? .neither : .fairlyDissatisfied))
                    }
                    return roll < 20
                        ? .fairlySatisfied
                        : (roll < 45 ? .neither : (roll < 75 ? .fairlyDissatisfied : .veryDissatisfied))
                }
                let survey = SurveyResponse()
                survey.$caseRecord.id = caseID
                survey.audience = .reportingPerson
                survey.method = dice.pick(SurveyMethod.allCases)
                survey.set(Dictionary(uniqueKeysWithValues: SurveyQuestion.allCases.map { ($0, score()) }))
                survey.answeredAt = min(closedAt.addingTimeInterval(Double(86_400 * (1 + dice.below(6)))), now)
                survey.$recordedBy.id = survey.method == .online ? nil : officerID
                try await work.at(survey.answeredAt).insert(survey, "Demo: survey on case \(record.reference)")
            }
        }

        // The historic allocations were read when they came, long ago; the last fortnight's are still new.
        let read = try await UserNotification.query(on: db).filter(\.$user.$id == officerID)
            .filter(\.$createdAt < now.addingTimeInterval(-14 * 86_400)).all()
        for notification in read {
            let readAt = notification.createdAt.addingTimeInterval(3600)
            notification.readAt = readAt
            try await work.at(readAt).update(notification, "Demo: read a notification")
        }

        // Homes owned, for NM01: this reporting year and the last.
        let thisYear = ReportingPeriod.reportingYear(of: calendar.local(now).day).first.year
        for (organisationID, count) in [(councilID, 9_800), (homesID, 3_200)] {
            for year in [thisYear - 1, thisYear] {
                let homes = LandlordHomes()
                homes.$organisation.id = organisationID
                homes.yearStart = year
                homes.homes = count + (year - thisYear) * 40
                homes.updatedAt = now
                try await work.insert(homes, "Demo: homes owned in \(year)")
            }
        }
    }

    /// An open historic case worked as the procedure asks (issue 20: the demo looked like a team in crisis,
    /// every deadline overdue): most reporting people reassessed within the month and most cases discussed
    /// with the line manager in the last three weeks, so a few are overdue as in any team; and a few
    /// closures proposed and waiting for the manager's sign-off. Its own dice, so the rest of the history
    /// (and every figure the report tests count) stays as it was.
    static func keepCurrent(
        _ record: CaseRecord, reporterID: UUID?, index: Int, officerID: UUID, managerID: UUID,
        proposeClosure: Bool, calendar: WorkingCalendar, in work: UnitOfWork
    ) async throws {
        let now = work.now
        let db = work.db
        let caseID = try record.requireID()
        let today = calendar.local(now).day
        var dice = Dice(state: UInt64(90_000 + index))
        if dice.chance(88), let reporterID, let person = try await Person.find(reporterID, on: db) {
            let at = now.addingTimeInterval(-Double(86_400 * (3 + dice.below(20))))
            let answers = dice.chance(70) ? DemoRisk.lowAnswers : DemoRisk.mediumAnswers
            if case .success(let result) = VulnerabilityAssessment.evaluate(
                .completed(answers: answers, adjustedBand: nil, adjustmentReason: nil),
                bands: try await RiskMatrixSettings.current(on: db))
            {
                try await RiskService.recordAssessment(
                    result, answers: answers, person: person, occasion: .reassessment, on: record,
                    context: .init(userID: officerID, actor: .system, now: at, calendar: calendar), in: work.at(at))
            }
        }
        if dice.chance(90) {
            let discussedOn = today.adding(days: -(1 + dice.below(20)))
            let band = Oversight.band(caseRisk: record.riskLevel, vulnerability: record.vulnerabilityBand)
            let nextDue = min(discussedOn.adding(days: 28), Oversight.latestCivil(after: discussedOn, band: band))
            let at = calendar.instant(discussedOn, minute: 14 * 60)
            let discussion = OversightDiscussion()
            discussion.$caseRecord.id = caseID
            discussion.discussedOn = discussedOn
            discussion.band = band
            discussion.notes = "Reviewed progress with the officer (demo)."
            discussion.decisions = "Carry on with the action plan (demo)."
            discussion.nextDueOn = nextDue
            discussion.recordedAt = at
            discussion.$recordedBy.id = managerID
            record.oversightDueAt = Oversight.dueAt(nextDue, calendar: calendar)
            try await work.at(at).insert(discussion, "Demo: line-manager discussion of case \(record.reference)")
        }
        record.refreshNextDeadline()
        try await work.update(record, "Demo: schedule of case \(record.reference)")
        guard proposeClosure else { return }
        let at = now.addingTimeInterval(-Double(3600 * (2 + dice.below(5))))
        let closure = CaseClosure(
            caseID: caseID, reason: .reportingPersonSatisfied,
            summary: "The reporting person says the problem has stopped (demo).", by: officerID, at: at)
        let proposing = work.at(at)
        try await proposing.insert(closure, "Demo: proposed closure of case \(record.reference)")
        _ = try await proposing.timeline(
            caseID, kind: .closureProposed,
            "Closure proposed (\(ClosureReason.reportingPersonSatisfied.label)); waiting for a senior officer's sign-off",
            actorID: officerID)
        try await Notifier.askForSignOff(
            on: record, summary: ClosureService.signOffSummary(record),
            href: SiteURL.case(.value(caseID), .closure).path,
            except: officerID, base: DemoData.base, in: proposing)
    }

    /// Closes a demo case as the procedure would have: a proposal signed off
    /// by a senior officer, notice given, and the case closed when it ended.
    static func close(
        _ record: CaseRecord, reason: ClosureReason, summary: String, proposedBy: UUID, decidedBy: UUID,
        closedAt: Date, calendar: WorkingCalendar, in work: UnitOfWork
    ) async throws {
        let caseID = try record.requireID()
        let noticeAt = closedAt.addingTimeInterval(-7 * 86_400)
        let closure = CaseClosure(
            caseID: caseID, reason: reason, summary: summary, by: proposedBy, at: noticeAt.addingTimeInterval(-86_400))
        closure.state = .noticeGiven
        closure.decidedAt = noticeAt
        closure.$decidedBy.id = decidedBy
        closure.noticeGivenAt = noticeAt
        closure.closesAt = closedAt
        try await work.at(noticeAt).insert(closure, "Demo: closure signed off on case \(record.reference)")
        if record.status == .open {
            record.status = .closurePending
        }
        record.closesAt = closedAt
        try await ClosureService.close(record, closure: closure, calendar: calendar, in: work.at(closedAt))
    }
}
