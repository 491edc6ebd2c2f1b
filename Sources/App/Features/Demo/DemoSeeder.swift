import Fluent
import TandemCore
import Vapor

/// Fills an empty database with the Riverside demo borough. Every record is
/// written through one unit of work, so the demo trail verifies like a real one.
enum DemoSeeder {
    /// Returns false (and changes nothing) when the database already has organisations.
    @discardableResult
    static func seedIfEmpty(_ app: Application) async throws -> Bool {
        guard try await Organisation.query(on: app.db).count() == 0 else { return false }
        let now = app.clock.now()
        let hash = try await app.hashPassword(DemoData.password)
        try await app.write(as: .system, at: now) { work in
            var organisationIDs: [String: UUID] = [:]
            for seed in DemoData.organisations {
                let organisation = Organisation(name: seed.name, kind: seed.kind, at: now)
                organisation.letterhead = seed.letterhead
                try await work.insert(organisation, "Demo: added organisation \(seed.name)")
                organisationIDs[seed.key] = try organisation.requireID()
            }
            var userIDs: [String: UUID] = [:]
            for seed in DemoData.accounts {
                let user = User(
                    email: seed.email, displayName: seed.name, passwordHash: hash,
                    organisationID: organisationIDs[seed.organisationKey]!, at: now)
                try await UserWrites.insert(
                    user, roles: seed.roles, summary: "Demo: added user \(seed.email)", in: work)
                userIDs[seed.email] = try user.requireID()
            }
            let lookups = try await seedReferenceData(in: work)
            let cases = try await seedReports(
                organisationIDs: organisationIDs, userIDs: userIDs, lookups: lookups, in: work)
            try await seedRespondentHomes(in: work)
            try await DemoRisk.seed(cases: cases, userIDs: userIDs, in: work)
            try await DemoCasework.seed(cases: cases, userIDs: userIDs, in: work)
            try await DemoEnforcement.seed(cases: cases, userIDs: userIDs, in: work)
            try await DemoSharing.seed(
                cases: cases, organisationIDs: organisationIDs, userIDs: userIDs, in: work)
            let agreement = try await SharingAgreement.query(on: work.db).filter(
                \.$documentReference == "RCSP-ISA-2025"
            )
            .first()
            try await DemoPanels.seed(
                cases: cases, organisationIDs: organisationIDs, userIDs: userIDs, agreementID: agreement?.id, in: work)
            try await DemoCaseReviews.seed(
                cases: cases, organisationIDs: organisationIDs, userIDs: userIDs, seal: app.emailSeal, in: work)
            try await DemoRetention.seed(organisationIDs: organisationIDs, userIDs: userIDs, in: work)
            try await DemoSubjectAccess.seed(organisationIDs: organisationIDs, userIDs: userIDs, in: work)
        }
        app.logger.notice(
            "Demo data loaded: the Riverside borough, \(DemoData.accounts.count) accounts, \(DemoData.reports.count) reports."
        )
        return true
    }

    /// A respondent's letter goes to their home, so the demo's respondents have one where the reports say they
    /// live (a report names the respondent but not their address, so triage cannot record it).
    private static func seedRespondentHomes(in work: UnitOfWork) async throws {
        let homes: [(name: String, line1: String, postcode: String)] = [
            ("Kevin Doyle", "Flat 14, Marsh House", "RV1 4AA")
        ]
        for home in homes {
            guard let person = try await Person.query(on: work.db).filter(\.$fullName == home.name).first(),
                person.$place.id == nil
            else { continue }
            let place = Place(kind: .home, line1: home.line1, postcode: home.postcode, wardID: nil, at: work.now)
            try await work.insert(place, "Demo: the home of \(home.name)")
            person.$place.id = place.id
            try await work.update(person, "Demo: \(home.name)'s home recorded")
        }
    }

    struct Lookups {
        var wards: [String: UUID]
        var categories: [String: UUID]
    }

    private static func seedReferenceData(in work: UnitOfWork) async throws -> Lookups {
        var wards: [String: UUID] = [:]
        for seed in DemoData.wards {
            let ward = Ward(name: seed.name, at: work.now)
            try await work.insert(ward, "Demo: added ward \(seed.name)")
            wards[seed.name] = try ward.requireID()
            for name in seed.estates {
                let estate = Estate(wardID: try ward.requireID(), name: name, at: work.now)
                try await work.insert(estate, "Demo: added estate \(name)")
            }
        }
        let categories = try await Category.query(on: work.db).all()
        return Lookups(
            wards: wards,
            categories: Dictionary(uniqueKeysWithValues: categories.compactMap { c in c.id.map { (c.name, $0) } }))
    }

    /// Each demo report goes through the same intake, triage, allocation and
    /// acknowledgement code as the web, at its own time in the past.
    private static func seedReports(
        organisationIDs: [String: UUID], userIDs: [String: UUID], lookups: Lookups, in work: UnitOfWork
    ) async throws -> [String: CaseRecord] {
        let now = work.now
        let db = work.db
        let policy = try await IntakePolicy.load(on: db)
        var caseByReport: [String: CaseRecord] = [:]
        let users = try await User.query(on: db).with(\.$organisation).with(\.$roles).all()
        func currentUser(_ email: String) throws -> CurrentUser {
            guard let user = users.first(where: { $0.email == email }) else { throw Abort(.internalServerError) }
            return CurrentUser(
                id: try user.requireID(), email: user.email, displayName: user.displayName,
                organisationID: user.$organisation.id, organisationName: user.organisation.name,
                organisationKind: user.organisation.kind,
                roles: Set(user.roles.map { $0.role }), sessionID: UUID(), csrfToken: "")
        }
        for seed in DemoData.reports {
            let at = now.addingTimeInterval(TimeInterval(-seed.daysAgo * 86_400 - 3600))
            let valid = ValidReport(
                reporterKind: seed.reporterKind, reporterName: seed.reporterName, reporterPhone: seed.phone,
                reporterEmail: seed.email, reporterAddress: seed.address, reporterPostcode: seed.postcode,
                preferredContact: seed.phone == nil ? (seed.email == nil ? nil : .email) : .phone, language: nil,
                interpreterNeeded: false, onBehalfName: seed.onBehalf?.name, onBehalfCapacity: seed.onBehalf?.capacity,
                behaviourDate: policy.calendar.local(at).day, happeningNow: seed.happeningNow, location: seed.location,
                locationPostcode: seed.locationPostcode, description: seed.description,
                respondentName: seed.respondentName, peopleInvolved: seed.peopleInvolved, effect: seed.effect,
                outcomeWanted: seed.outcomeWanted, categoryIDs: seed.categories.compactMap { lookups.categories[$0] },
                hateIncident: !seed.hateStrands.isEmpty, hateStrands: seed.hateStrands, channel: seed.channel,
                receivedAt: at, wardID: seed.ward.flatMap { lookups.wards[$0] }, suggestedRisk: nil)
            let report = try await ReportWrites.create(
                valid, source: seed.recordedBy == nil ? .publicForm : .staff,
                organisationID: organisationIDs[seed.organisationKey]!,
                recordedBy: seed.recordedBy.flatMap { userIDs[$0] }, submitterKey: nil, in: work.at(at))
            guard let triage = seed.triage else { continue }
            let triager = try currentUser(triage.by)
            let triagedAt = at.addingTimeInterval(1800)
            let context = TriageService.Context(
                policy: policy, user: triager, actor: .system, now: triagedAt, linkTo: nil)
            let decision = TriageRules.Decision(
                outcome: triage.outcome, reason: triage.reason, risk: triage.risk,
                existingCaseChosen: triage.joins != nil, isHateIncident: !seed.hateStrands.isEmpty)
            let record = try await TriageService.apply(
                ValidTriage(
                    decision: decision, existingCase: triage.joins.flatMap { caseByReport[$0] },
                    wardID: valid.wardID, placeKind: triage.placeKind, categoryIDs: valid.categoryIDs,
                    hateStrands: seed.hateStrands,
                    reporterPersonID: try await existingPerson(seed.reporterName, postcode: seed.postcode, on: db),
                    respondentKind: triage.respondentKind,
                    respondentPersonID: try await existingPerson(seed.respondentName, postcode: nil, on: db)),
                to: report, context: context, in: work.at(triagedAt))
            guard let record else { continue }
            caseByReport[seed.key] = record
            let caseID = try record.requireID()
            if let officerEmail = triage.officer {
                let officer = try await User.find(userIDs[officerEmail], on: db)!
                try await CaseActionsController.give(
                    record, to: officer, by: triager, base: DemoData.base,
                    in: work.at(triagedAt.addingTimeInterval(3600)))
            }
            if triage.acknowledged {
                let acknowledgedAt = triagedAt.addingTimeInterval(7200)
                record.acknowledgedAt = acknowledgedAt
                record.acknowledgementMethod = .letter
                record.noteResponse(at: acknowledgedAt)
                record.refreshNextDeadline()
                let acknowledging = work.at(acknowledgedAt)
                try await acknowledging.update(record, "Demo: acknowledgement recorded on case \(record.reference)")
                try await acknowledging.timeline(
                    caseID, kind: .acknowledged, "Acknowledgement sent by letter", actorID: record.$officer.id)
            }
            if triage.closed, let officerID = record.$officer.id, let managerID = userIDs["manager@riverside.example"] {
                // Closed the way the procedure closes a case: signed off, notice given, closed when it ended.
                try await DemoHistory.close(
                    record, reason: .reportingPersonSatisfied,
                    summary: "The threats stopped after the written warning; the reporting person is satisfied.",
                    proposedBy: officerID, decidedBy: managerID,
                    closedAt: min(triagedAt.addingTimeInterval(90 * 86_400), now.addingTimeInterval(-86_400)),
                    calendar: policy.calendar, in: work)
            }
        }
        return caseByReport
    }

    /// The demo's repeat reporters are the same people: pick the earlier record when it exists.
    private static func existingPerson(_ name: String?, postcode: String?, on db: any Database) async throws -> UUID? {
        guard let name else { return nil }
        return try await IntakeMatching.people(
            name: name, dateOfBirth: nil, postcode: postcode, knownTo: nil, on: db
        )
        .first { $0.match.reasons.contains("same name") }?.person.id
    }
}
