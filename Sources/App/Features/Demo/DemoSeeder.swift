import Fluent
import TandemCore
import Vapor

/// Fills an empty database with the Riverside demo borough. Every record is
/// created through the audit log, so the demo trail verifies like a real one.
enum DemoSeeder {
    /// Returns false (and changes nothing) when the database already has organisations.
    @discardableResult
    static func seedIfEmpty(_ app: Application) async throws -> Bool {
        guard try await Organisation.query(on: app.db).count() == 0 else { return false }
        let now = app.clock.now()
        let hash = try await app.hashPassword(DemoData.password)
        try await app.writeTransaction(on: app.db) { db in
            var organisationIDs: [String: UUID] = [:]
            for seed in DemoData.organisations {
                let organisation = Organisation(name: seed.name, kind: seed.kind.rawValue, at: now)
                try await organisation.create(on: db)
                organisationIDs[seed.key] = try organisation.requireID()
                try await audit(
                    .create, .organisation, organisation.id, "Demo: added organisation \(seed.name)",
                    organisation.auditSnapshot, now, db)
            }
            var userIDs: [String: UUID] = [:]
            for seed in DemoData.accounts {
                let user = User(
                    email: seed.email, displayName: seed.name, passwordHash: hash,
                    organisationID: organisationIDs[seed.organisationKey]!, at: now)
                try await UserWrites.insert(
                    user, roles: seed.roles, summary: "Demo: added user \(seed.email)", by: .system, at: now, on: db)
                userIDs[seed.email] = try user.requireID()
            }
            let lookups = try await seedReferenceData(now: now, on: db)
            let cases = try await seedReports(
                organisationIDs: organisationIDs, userIDs: userIDs, lookups: lookups, now: now, on: db)
            try await DemoRisk.seed(cases: cases, userIDs: userIDs, now: now, on: db)
            try await DemoCasework.seed(cases: cases, userIDs: userIDs, now: now, on: db)
            try await DemoEnforcement.seed(cases: cases, userIDs: userIDs, now: now, on: db)
        }
        app.logger.notice(
            "Demo data loaded: the Riverside borough, \(DemoData.accounts.count) accounts, \(DemoData.reports.count) reports."
        )
        return true
    }

    struct Lookups {
        var wards: [String: UUID]
        var categories: [String: UUID]
    }

    private static func seedReferenceData(now: Date, on db: any Database) async throws -> Lookups {
        var wards: [String: UUID] = [:]
        for seed in DemoData.wards {
            let ward = Ward(name: seed.name, at: now)
            try await ward.create(on: db)
            wards[seed.name] = try ward.requireID()
            try await audit(.create, .ward, ward.id, "Demo: added ward \(seed.name)", ward.auditSnapshot, now, db)
            for name in seed.estates {
                let estate = Estate(wardID: try ward.requireID(), name: name, at: now)
                try await estate.create(on: db)
                try await audit(
                    .create, .estate, estate.id, "Demo: added estate \(name)", estate.auditSnapshot, now, db)
            }
        }
        let categories = try await Category.query(on: db).all()
        return Lookups(
            wards: wards,
            categories: Dictionary(uniqueKeysWithValues: categories.compactMap { c in c.id.map { (c.name, $0) } }))
    }

    /// Each demo report goes through the same intake, triage, allocation and
    /// acknowledgement code as the web, at its own time in the past.
    private static func seedReports(
        organisationIDs: [String: UUID], userIDs: [String: UUID], lookups: Lookups, now: Date, on db: any Database
    ) async throws -> [String: CaseRecord] {
        let policy = try await IntakePolicy.load(on: db)
        var caseByReport: [String: CaseRecord] = [:]
        let users = try await User.query(on: db).with(\.$organisation).with(\.$roles).all()
        func currentUser(_ email: String) throws -> CurrentUser {
            guard let user = users.first(where: { $0.email == email }) else { throw Abort(.internalServerError) }
            return CurrentUser(
                id: try user.requireID(), email: user.email, displayName: user.displayName,
                organisationID: user.$organisation.id, organisationName: user.organisation.name,
                organisationKind: OrganisationKind(rawValue: user.organisation.kind),
                roles: Set(user.roles.compactMap { Role(rawValue: $0.role) }), sessionID: UUID(), csrfToken: "")
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
                recordedBy: seed.recordedBy.flatMap { userIDs[$0] }, submitterKey: nil, by: .system, at: at, on: db)
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
                to: report, context: context, on: db)
            guard let record else { continue }
            caseByReport[seed.key] = record
            let caseID = try record.requireID()
            for key in triage.sharedWith {
                try await CaseShare(caseID: caseID, organisationID: organisationIDs[key]!, at: triagedAt).create(on: db)
                try await audit(
                    .create, .caseShare, caseID, "Demo: shared case \(record.reference) with \(key)",
                    ["organisation_id": organisationIDs[key]!.uuidString], triagedAt, db)
            }
            if let officerEmail = triage.officer {
                let officer = try await User.find(userIDs[officerEmail], on: db)!
                try await CaseActionsController.give(
                    record, to: officer, by: triager, actor: .system, at: triagedAt.addingTimeInterval(3600), on: db)
            }
            if triage.acknowledged {
                let before = record.auditSnapshot
                record.acknowledgedAt = triagedAt.addingTimeInterval(7200)
                record.acknowledgementMethod = ContactMethod.letter.rawValue
                record.noteResponse(at: triagedAt.addingTimeInterval(7200))
                record.refreshNextDeadline()
                try await record.update(on: db)
                try await CaseEvent(
                    caseID: caseID, kind: "acknowledged", summary: "Acknowledgement sent by letter",
                    actorID: record.$officer.id, at: record.acknowledgedAt!
                ).create(on: db)
                try await AuditLog.append(
                    AuditEntry(
                        action: .update, recordType: .`case`, recordID: caseID.uuidString,
                        summary: "Demo: acknowledgement recorded on case \(record.reference)",
                        changes: FieldChange.between(before: before, after: record.auditSnapshot)),
                    by: .system, at: now, on: db)
            }
            if triage.closed, let officerID = record.$officer.id, let managerID = userIDs["manager@riverside.example"] {
                // Closed the way the procedure closes a case: signed off, notice given, closed when it ended.
                try await DemoHistory.close(
                    record, reason: .reportingPersonSatisfied,
                    summary: "The threats stopped after the written warning; the reporting person is satisfied.",
                    proposedBy: officerID, decidedBy: managerID,
                    closedAt: min(triagedAt.addingTimeInterval(90 * 86_400), now.addingTimeInterval(-86_400)),
                    calendar: policy.calendar, on: db)
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

    private static func audit(
        _ action: AuditAction, _ type: RecordType, _ id: UUID?, _ summary: String, _ snapshot: [String: String?],
        _ now: Date, _ db: any Database
    ) async throws {
        try await AuditLog.append(
            AuditEntry(
                action: action, recordType: type, recordID: id?.uuidString, summary: summary,
                changes: FieldChange.between(before: [:], after: snapshot)),
            by: .system, at: now, on: db)
    }
}
