import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// `tandem generate`: a believable dataset of any size for benchmarks, on
/// top of the demo borough. Rows are built in Swift and written with
/// multi-row INSERTs, a few thousand cases per transaction, never one ORM
/// insert per row. Every case gets an audit event, chained and hashed here
/// exactly as `AuditLog` would, so `tandem audit verify` passes afterwards.
/// Deterministic: the same seed and start give the same data.
struct DataGenerator {
    var cases: Int
    var seed: UInt64
    var now: Date
    var log: @Sendable (String) -> Void
    /// From this many cases the load sets the tables' secondary indexes aside
    /// and rebuilds them at the end (`DeferredIndexes`); below it, keeping
    /// them costs less than rebuilding them over the existing rows.
    var deferIndexesFrom = 50_000

    /// Cases per transaction.
    static let chunk = 2_000

    /// Every table the load writes to.
    static let tables = [
        "people", "places", "cases", "case_parties", "case_categories", "reports", "report_categories", "contacts",
        "case_closures", "survey_responses", "vulnerability_assessments", "action_plans", "plan_actions",
        "interventions", "referrals", "legal_measures", "audit_events",
    ]

    struct Context {
        var organisationID: UUID
        var landlordID: UUID
        var officers: [UUID]
        var managerID: UUID
        var wards: [(id: UUID, name: String, estates: [UUID])]
        var categories: [(id: UUID, name: String, weight: Int)]
        var hateCategory: UUID?
        var calendar: WorkingCalendar
        var policy: ResponsePolicy
        /// The letter before action, the commonest first legal step.
        var letterBeforeAction: UUID?
    }

    func run(on app: Application) async throws {
        try await DemoSeeder.seedIfEmpty(app)
        let context = try await prepare(app)
        // Every chunk goes through one connection, set up for a bulk load.
        try await app.db.withConnection { connection in
            var dice = DemoHistory.Dice(state: seed)
            var audit = try await AuditTail.load(on: connection)
            var written = 0
            let started = Date()
            // The next chunk is built while the current one is written: the rows are
            // made in order from one generator, so the data stays the same for a seed.
            var ids = OrderedIDs(start: now, seed: seed)
            var next = build(min(Self.chunk, cases), offset: 0, context: context, dice: &dice, ids: &ids)
            if !connection.isPostgres, let sql = connection as? any SQLDatabase {
                // Room in SQLite's page cache for the indexes still kept (256 MB), and
                // no flush to disk at each commit: a load cut short by a power cut is
                // thrown away, not repaired. Both last only for this connection.
                try await sql.raw("PRAGMA cache_size = -262144").run()
                try await sql.raw("PRAGMA synchronous = OFF").run()
                // Indexes left aside by a load that was cut short come back first.
                try await DeferredIndexes.restore(on: app, connection)
                if cases >= deferIndexesFrom {
                    try await DeferredIndexes.suspend(tables: Self.tables, on: app, connection, at: now)
                }
            }
            // A load that fails puts the indexes back before it reports the error.
            do {
                while written < cases {
                    let count = min(Self.chunk, cases - written)
                    let batch = next
                    let tail = audit
                    async let writing = app.writeTransaction(on: connection) { db in
                        try await batch.write(on: db, audit: tail)
                    }
                    let remaining = cases - written - count
                    if remaining > 0 {
                        next = build(
                            min(Self.chunk, remaining), offset: written + count, context: context, dice: &dice,
                            ids: &ids)
                    }
                    audit = try await writing
                    written += count
                    if written % 50_000 == 0 || written == cases {
                        let rate = Double(written) / max(Date().timeIntervalSince(started), 0.001)
                        log("Generated \(written) of \(cases) cases (\(Int(rate)) a second)")
                    }
                }
            } catch {
                _ = try? await DeferredIndexes.restore(on: app, connection)
                throw error
            }
            let rebuilding = Date()
            let rebuilt = try await DeferredIndexes.restore(on: app, connection)
            if rebuilt > 0 {
                log(
                    "Rebuilt \(rebuilt) indexes and triggers, and recounted the measures, in \(Int(Date().timeIntervalSince(rebuilding))) s"
                )
            }
            // The tables changed size many times over: give the planner their new shape.
            try await PlannerStatistics.analyse(on: connection)
        }
    }

    /// The organisation, officers (one per 150 cases, so each carries a
    /// believable caseload of about 20 open cases), wards, estates and
    /// categories the cases are spread over.
    private func prepare(_ app: Application) async throws -> Context {
        let db = app.db
        guard
            let council = try await Organisation.query(on: db).filter(\.$name == "Riverside Council ASB Team").first(),
            let homes = try await Organisation.query(on: db).filter(\.$name == "Riverside Homes").first(),
            let manager = try await User.query(on: db).filter(\.$email == "manager@riverside.example").first()
        else { throw Abort(.internalServerError, reason: "The demo borough is missing") }
        let councilID = try council.requireID()
        let wanted = max(4, cases / 150)
        var officers = try await User.query(on: db).filter(\.$email ~~ "@generated.example").sort(\.$email).all()
            .compactMap(\.id)
        if officers.count < wanted {
            let hash = try await app.hashPassword(DemoData.password)
            let existing = officers.count
            let now = self.now
            try await app.write(as: .system, at: now, on: db) { work in
                for index in existing..<wanted {
                    let email = String(format: "officer%04d@generated.example", index + 1)
                    let user = User(
                        email: email, displayName: "Generated Officer \(index + 1)", passwordHash: hash,
                        organisationID: councilID, at: now)
                    try await UserWrites.insert(
                        user, roles: [.caseOfficer], summary: "Generated user \(email)", in: work)
                }
            }
            officers = try await User.query(on: db).filter(\.$email ~~ "@generated.example").sort(\.$email).all()
                .compactMap(\.id)
        }
        let estates = try await Estate.query(on: db).all()
        let wards = try await Ward.query(on: db).sort(\.$name).all().map { ward in
            (id: ward.id!, name: ward.name, estates: estates.filter { $0.$ward.id == ward.id }.compactMap(\.id))
        }
        let all = try await Category.query(on: db).all()
        let weights = Dictionary(uniqueKeysWithValues: DemoHistory.categoryWeights.map { ($0.0, $0.1) })
        let intake = try await IntakePolicy.load(on: db)
        return Context(
            organisationID: councilID, landlordID: try homes.requireID(), officers: officers,
            managerID: try manager.requireID(), wards: wards,
            categories: all.compactMap { category in
                category.id.map { (id: $0, name: category.name, weight: weights[category.name] ?? 1) }
            },
            hateCategory: all.first { $0.name == DefaultCategories.hateCategory }?.id, calendar: intake.calendar,
            policy: intake.response,
            letterBeforeAction: try await LegalPower.query(on: db).filter(\.$key == "lba").first()?.id)
    }

    private func build(
        _ count: Int, offset: Int, context: Context, dice: inout DemoHistory.Dice, ids: inout OrderedIDs
    ) -> Batch {
        var batch = Batch(ids: ids)
        defer { ids = batch.ids }
        var reporters: [(UUID, String)] = []
        let calendar = context.calendar
        let categoryWeights = context.categories.map { ($0, $0.weight) }
        for index in offset..<(offset + count) {
            let caseID = batch.ids.next()
            let number = index + 1
            // Received over the last three years, most recent more often.
            let daysAgo = Int(Double(dice.below(1_095_000)) / 1000 * Double(dice.below(1000) + 1) / 1000)
            let received = now.addingTimeInterval(-Double(daysAgo * 86_400 + dice.below(86_400)))
            let ward = context.wards[dice.below(context.wards.count)]
            let estate = ward.estates.isEmpty || dice.chance(40) ? nil : ward.estates[dice.below(ward.estates.count)]
            let category = DemoHistory.weighted(categoryWeights, &dice)
            let hate = category.id == context.hateCategory || dice.chance(2)
            let risk: RiskLevel = dice.chance(15) ? .high : (dice.chance(50) ? .medium : .low)
            let officer = context.officers[dice.below(context.officers.count)]
            let deadline = context.policy.deadline(
                risk: risk, receivedAt: received, inProgress: false, calendar: calendar)
            let responded: Date? =
                dice.chance(3) && daysAgo < 10
                ? nil
                : received.addingTimeInterval(
                    dice.chance(85)
                        ? deadline.dueAt.timeIntervalSince(received) * Double(dice.below(90) + 5) / 100
                        : deadline.dueAt.timeIntervalSince(received) + Double(3600 * (1 + dice.below(72))))
            let closeAfter = Double(86_400 * (14 + dice.below(300)))
            let closedAt: Date? =
                received.addingTimeInterval(closeAfter) < now && dice.chance(85)
                ? received.addingTimeInterval(closeAfter) : nil
            let reason = closedAt == nil ? nil : DemoHistory.weighted(DemoHistory.reasonWeights, &dice)

            // People and the place.
            // Names repeat, as they do in a borough: a family-name search meets many
            // candidates. One reporting person in twelve has reported before, so the
            // repeat-victim and repeat-caller lists have people on them.
            let reporterID: UUID
            let reporterName: String
            if let earlier = dice.chance(8) && !reporters.isEmpty ? reporters[dice.below(reporters.count)] : nil {
                (reporterID, reporterName) = earlier
            } else {
                reporterID = batch.ids.next()
                let initial = String(UnicodeScalar(UInt8(65 + dice.below(26))))
                reporterName =
                    "\(DemoHistory.firstNames[dice.below(DemoHistory.firstNames.count)]) \(initial). \(DemoHistory.lastNames[dice.below(DemoHistory.lastNames.count)])"
                batch.people.append(person(reporterID, reporterName))
                reporters.append((reporterID, reporterName))
            }
            let placeID = batch.ids.next()
            let postcode =
                "RV\(1 + dice.below(9)) \(dice.below(10))\(["A", "B", "D", "E"][dice.below(4)])\(["A", "B", "G", "L"][dice.below(4)])"
            batch.places.append([
                placeID, PlaceKind.home.rawValue, "\(1 + dice.below(200)) \(ward.name) Road", postcode,
                Postcode.key(postcode), ward.id, estate, dice.chance(25) ? context.landlordID : nil, received,
            ])
            batch.parties.append([
                batch.ids.next(), caseID, reporterID, PartyRole.reportingPerson.rawValue, nil, received,
            ])
            var respondentPartyID: UUID?
            if dice.chance(60) {
                let respondentID = batch.ids.next()
                respondentPartyID = batch.ids.next()
                batch.people.append(
                    person(
                        respondentID,
                        "\(DemoHistory.firstNames[dice.below(DemoHistory.firstNames.count)]) \(DemoHistory.lastNames[dice.below(DemoHistory.lastNames.count)])"
                    ))
                batch.parties.append([
                    respondentPartyID, caseID, respondentID, PartyRole.respondent.rawValue,
                    RespondentKind.named.rawValue, received,
                ])
            }

            // A vulnerability assessment offered at first contact, scored by the
            // real matrix rules: most answered, some declined, some never offered.
            var assessedBand: RiskLevel?
            if let responded, dice.chance(70) {
                assessedBand = batch.assessment(
                    caseID: caseID, personID: reporterID, at: responded, officer: officer, dice: &dice)
            }

            // The case as intake, triage, contact and closure leave it.
            let status: CaseStatus = closedAt == nil ? .open : .closed
            let lastContact = responded.map {
                max($0, min(now, received.addingTimeInterval(Double(86_400 * dice.below(60)))))
            }
            let nextContact =
                status == .open
                ? lastContact.map { ContactPromise.nextDue(after: $0, every: .standard, calendar: calendar) } : nil
            let nextDeadline = status == .open ? (responded == nil ? deadline.dueAt : nextContact) : nil
            batch.cases.append([
                caseID, String(format: "ASB-G%llu-%07d", seed, number), "\(category.name) in \(ward.name)",
                "Generated case", status.rawValue, risk.rawValue, context.organisationID, officer, received,
                closedAt ?? received,
                ward.id, placeID, "\(ward.name) Road", hate, hate ? HateStrand.race.rawValue : "", false, received,
                deadline.targetAt, deadline.dueAt, risk.rawValue, responded,
                responded == nil ? nil : ContactMethod.phone.rawValue,
                received.addingTimeInterval(3600), nextDeadline, nextContact, lastContact, responded, reason?.rawValue,
                reason?.outcome.rawValue, closedAt,
                closedAt.map { ClosureRules.calendarDays(from: received, to: $0, calendar: calendar) }, closedAt,
                assessedBand?.rawValue,
            ])
            batch.caseCategories.append([batch.ids.next(), caseID, category.id])

            // Incidents: one to four reports, the first the one that opened the case.
            let reports = 1 + dice.below(4)
            for incident in 0..<reports {
                let at = received.addingTimeInterval(Double(incident * 86_400 * (1 + dice.below(20))))
                guard at < now else { break }
                let reportID = batch.ids.next()
                batch.reports.append([
                    reportID, String(format: "RPT-G%llu-%07d-%d", seed, number, incident + 1), context.organisationID,
                    "staff", ReportChannel.allCases[dice.below(5)].rawValue, at, officer, ReporterKind.named.rawValue,
                    reporterName, false, calendar.local(at).day.description, false, "\(ward.name) Road", ward.id,
                    "Generated report", hate, hate ? HateStrand.race.rawValue : "", "triaged",
                    incident == 0 ? TriageOutcome.openCase.rawValue : TriageOutcome.addToCase.rawValue, at, caseID,
                    reporterID, false,
                ])
                batch.reportCategories.append([batch.ids.next(), reportID, category.id])
            }
            // Contacts kept with the reporting person.
            if let responded {
                for contact in 0..<dice.below(4) {
                    let at = responded.addingTimeInterval(Double((contact + 1) * 7 * 86_400))
                    guard at < (closedAt ?? now) else { break }
                    batch.contacts.append([
                        batch.ids.next(), caseID, at,
                        ContactChannel.allCases[dice.below(ContactChannel.allCases.count)].rawValue,
                        reporterName, "Weekly contact", at, officer,
                    ])
                }
            }
            // The casework between: an agreed action plan, and for a respondent
            // early interventions, support referrals and sometimes a legal step.
            let today = calendar.local(now).day
            let receivedDay = calendar.local(received).day
            if let responded {
                let drawnUp = calendar.local(responded).day
                batch.plan(
                    caseID: caseID, drawnUp: drawnUp, closed: closedAt.map { calendar.local($0).day }, today: today,
                    officer: officer, at: responded, dice: &dice)
            }
            if let respondentPartyID {
                let startedOn = receivedDay.adding(days: 3 + dice.below(10))
                if startedOn < today && dice.chance(45) {
                    let kind = DemoHistory.weighted(Self.interventionWeights, &dice)
                    let ended = closedAt.map { calendar.local($0).day }
                    let outcome: InterventionOutcome? =
                        ended == nil ? nil : dice.pick([.successful, .successful, .partlySuccessful, .unsuccessful])
                    batch.interventions.append([
                        batch.ids.next(), caseID, respondentPartyID, kind.rawValue, startedOn.description,
                        startedOn.adding(days: 28).description, true, true,
                        dice.pick([Engagement.engaged, .engaged, .partly, .notEngaged]).rawValue,
                        (outcome == nil ? InterventionStatus.active : .ended).rawValue, outcome?.rawValue,
                        ended?.description,
                        calendar.instant(startedOn, minute: 10 * 60), officer,
                    ])
                }
                let sentOn = startedOn.adding(days: 7)
                if sentOn < today && dice.chance(25) {
                    let recorded = calendar.instant(sentOn, minute: 11 * 60)
                    let status: ReferralStatus =
                        closedAt != nil ? .closed : dice.pick([.sent, .acknowledged, .accepted, .engaged, .declined])
                    batch.referrals.append([
                        batch.ids.next(), caseID, respondentPartyID,
                        dice.pick([
                            SupportService.mentalHealth, .drugAndAlcohol, .floatingSupport, .adultSocialCare,
                            .youthOffending,
                        ]).rawValue, "Support for the respondent", sentOn.description,
                        sentOn.adding(days: 14).description, status.rawValue, recorded, officer, recorded,
                    ])
                }
                let instructedOn = startedOn.adding(days: 30)
                if let power = context.letterBeforeAction, instructedOn < today && dice.chance(6) {
                    let recorded = calendar.instant(instructedOn, minute: 12 * 60)
                    batch.measures.append([
                        batch.ids.next(), caseID, power, respondentPartyID,
                        (closedAt == nil ? MeasureStatus.served : .ended).rawValue, instructedOn.description,
                        LikelihoodOfSuccess.reasonable.rawValue, recorded, officer, recorded,
                    ])
                }
            }
            // Closure after notice, and a survey for most.
            if let closedAt, let reason {
                let notice = closedAt.addingTimeInterval(-7 * 86_400)
                batch.closures.append([
                    batch.ids.next(), caseID, reason.rawValue, reason.outcome.rawValue, "Generated closure",
                    ClosureRules.ProposalState.closed.rawValue, notice.addingTimeInterval(-86_400), officer, notice,
                    context.managerID, notice, closedAt, closedAt,
                ])
                if dice.chance(55) {
                    let score = { (d: inout DemoHistory.Dice) in
                        reason.outcome == .resolved ? 3 + d.below(3) : 1 + d.below(4)
                    }
                    batch.surveys.append([
                        batch.ids.next(), caseID, SurveyAudience.reportingPerson.rawValue,
                        SurveyMethod.allCases[dice.below(3)].rawValue, score(&dice), score(&dice), score(&dice),
                        score(&dice), score(&dice), score(&dice), min(closedAt.addingTimeInterval(86_400), now),
                    ])
                }
            }
            batch.auditIDs.append(batch.ids.next())
            batch.audits.append(
                AuditContent(
                    sequence: 0, occurredAtMillis: AuditContent.millis(received), actorUserID: nil,
                    actorEmail: "system", actorOrganisationID: nil, address: nil, action: AuditAction.create.rawValue,
                    recordType: RecordType.case.rawValue, recordID: caseID.uuidString,
                    summary: "Generated case \(String(format: "ASB-G%llu-%07d", seed, number))", changes: "[]"))
        }
        return batch
    }

    /// Warnings first, as Lambeth's procedure has it for a first occurrence.
    static let interventionWeights: [(InterventionKind, Int)] = [
        (.writtenWarning, 6), (.verbalWarning, 4), (.mediation, 2), (.acceptableBehaviourAgreement, 2),
        (.dearNeighbourCard, 2), (.supportAndCounselling, 1), (.jointVisit, 1), (.noiseMonitoring, 1),
    ]

    private func person(_ id: UUID, _ name: String) -> [(any Encodable & Sendable)?] {
        let model = Person(fullName: name, at: now)
        return [id, model.fullName, model.nameKey, model.familyKey, false, now, now]
    }
}

/// The last audit event, where the generated events continue the chain.
struct AuditTail: Sendable {
    var sequence: Int64
    var hash: String

    static func load(on db: any Database) async throws -> AuditTail {
        let last = try await AuditEvent.query(on: db).sort(\.$sequence, .descending).first()
        return AuditTail(sequence: last?.sequence ?? 0, hash: last?.hash ?? AuditChain.genesisHash)
    }
}

/// One transaction's rows, table by table, written with multi-row INSERTs.
struct Batch: Sendable {
    typealias Row = [(any Encodable & Sendable)?]
    var people: [Row] = []
    var places: [Row] = []
    var cases: [Row] = []
    var parties: [Row] = []
    var caseCategories: [Row] = []
    var reports: [Row] = []
    var reportCategories: [Row] = []
    var contacts: [Row] = []
    var closures: [Row] = []
    var surveys: [Row] = []
    var assessments: [Row] = []
    var plans: [Row] = []
    var planActions: [Row] = []
    var interventions: [Row] = []
    var referrals: [Row] = []
    var measures: [Row] = []
    var audits: [AuditContent] = []
    /// Where the rows' keys come from, carried from one batch to the next.
    var ids: OrderedIDs
    var auditIDs: [UUID] = []

    func write(on db: any Database, audit tail: AuditTail) async throws -> AuditTail {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        try await Self.insert(
            sql, "people",
            ["id", "full_name", "name_key", "family_key", "interpreter_needed", "created_at", "updated_at"],
            people)
        try await Self.insert(
            sql, "places",
            [
                "id", "kind", "line1", "postcode", "postcode_key", "ward_id", "estate_id", "landlord_organisation_id",
                "created_at",
            ],
            places)
        try await Self.insert(
            sql, "cases",
            [
                "id", "reference", "title", "summary", "status", "risk_level", "organisation_id", "officer_id",
                "opened_at",
                "updated_at", "ward_id", "place_id", "location", "hate_incident", "hate_strands", "in_progress",
                "received_at", "response_target_at", "response_due_at", "response_basis", "acknowledged_at",
                "acknowledgement_method", "allocated_at", "next_deadline_at", "next_contact_due_at", "last_contact_at",
                "first_response_at", "closure_reason", "closure_outcome", "closed_at", "days_to_close", "closes_at",
                "vulnerability_band",
            ], cases)
        try await Self.insert(
            sql, "case_parties", ["id", "case_id", "person_id", "role", "respondent_kind", "added_at"], parties)
        try await Self.insert(sql, "case_categories", ["id", "case_id", "category_id"], caseCategories)
        try await Self.insert(
            sql, "reports",
            [
                "id", "reference", "organisation_id", "source", "channel", "received_at", "recorded_by_id",
                "reporter_kind", "reporter_name", "interpreter_needed", "behaviour_date", "happening_now", "location",
                "ward_id", "description", "hate_incident", "hate_strands", "status", "triage_outcome", "triaged_at",
                "case_id", "reporter_person_id", "police_referred",
            ], reports)
        try await Self.insert(sql, "report_categories", ["id", "report_id", "category_id"], reportCategories)
        try await Self.insert(
            sql, "contacts",
            ["id", "case_id", "contacted_at", "channel", "with_whom", "summary", "recorded_at", "recorded_by_id"],
            contacts)
        try await Self.insert(
            sql, "case_closures",
            [
                "id", "case_id", "reason", "outcome", "summary", "state", "proposed_at", "proposed_by_id", "decided_at",
                "decided_by_id", "notice_given_at", "closes_at", "ended_at",
            ], closures)
        try await Self.insert(
            sql, "survey_responses",
            [
                "id", "case_id", "audience", "method", "handling", "outcome", "empathy", "support", "contact", "tp12",
                "answered_at",
            ], surveys)
        try await Self.insert(
            sql, "vulnerability_assessments",
            [
                "id", "case_id", "person_id", "occasion", "declined", "answers", "total", "scored_band", "band",
                "assessed_at", "assessed_by_id",
            ], assessments)
        try await Self.insert(
            sql, "action_plans",
            [
                "id", "case_id", "version", "drawn_up_on", "evidence_plan", "contact_frequency", "contact_method",
                "first_review_on", "next_review_on", "agreed_by", "agreed_on", "agreed_how", "agreed_version",
                "created_at", "created_by_id", "updated_at",
            ], plans)
        try await Self.insert(
            sql, "plan_actions",
            ["id", "case_id", "description", "owner", "due_on", "status", "done_on", "added_at", "added_by_id"],
            planActions)
        try await Self.insert(
            sql, "interventions",
            [
                "id", "case_id", "party_id", "kind", "started_on", "review_on", "reporting_consents",
                "respondent_consents", "engagement", "status", "outcome", "outcome_on", "recorded_at",
                "recorded_by_id",
            ], interventions)
        try await Self.insert(
            sql, "referrals",
            [
                "id", "case_id", "party_id", "service", "asked", "sent_on", "reply_due_on", "status", "recorded_at",
                "recorded_by_id", "updated_at",
            ], referrals)
        try await Self.insert(
            sql, "legal_measures",
            [
                "id", "case_id", "power_id", "party_id", "status", "instructed_on", "likelihood", "recorded_at",
                "recorded_by_id", "updated_at",
            ], measures)
        // The audit chain continues from the last event, hashed exactly as AuditLog does.
        var sequence = tail.sequence
        var previous = tail.hash
        var rows: [Row] = []
        for (id, var content) in zip(auditIDs, audits) {
            sequence += 1
            content.sequence = sequence
            let digest = AuditLog.digest(content)
            let hash = AuditLog.link(content, previousHash: previous, digest: digest)
            rows.append([
                id, sequence, Date(timeIntervalSince1970: Double(content.occurredAtMillis) / 1000), nil,
                content.actorEmail, nil, nil, content.action, content.recordType, content.recordID, content.summary,
                content.changes, previous, hash, digest,
            ])
            previous = hash
        }
        try await Self.insert(
            sql, "audit_events",
            [
                "id", "sequence", "occurred_at", "actor_user_id", "actor_email", "actor_organisation_id", "address",
                "action", "record_type", "record_id", "summary", "changes", "previous_hash", "hash", "content_digest",
            ], rows)
        return AuditTail(sequence: sequence, hash: previous)
    }

    /// Multi-row INSERTs, each under both databases' limit on bound values.
    static func insert(_ sql: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [Row]) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let slice = rows[start..<min(start + perStatement, rows.count)]
            var builder = sql.insert(into: table).columns(columns)
            for row in slice {
                builder = builder.values(
                    row.map { value -> any SQLExpression in
                        if let value { return SQLBind(value) }
                        return SQLLiteral.null
                    })
            }
            try await builder.run()
            start += perStatement
        }
    }
}
