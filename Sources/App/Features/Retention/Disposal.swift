import Fluent
import Foundation
import SQLKit
import TandemCore

/// Carries out an approved disposal batch inside one unit of work (issue 23, item 1): the personal data of every
/// record in it is destroyed (rows deleted, or anonymised where the monthly measures count them), the personal
/// content of the audit events about those rows is blanked under the batch (chain version 2 keeps the chain
/// verifiable, `AuditVerifier`), and each row destroyed gets an event that names it and the rule and nothing else.
///
/// What is kept, and why: the case row with its dates, status, category links, ward, risk level and closure reason,
/// the interventions, legal measures and support referrals without their text, parties or people, and an ASB Case
/// Review about the case without its applicant or letters, because the monthly measures and published counts are
/// counted from them; the places (the gazetteer's addresses); a person
/// still on another case, under a hold, or with a safety marker. The register line holds no personal data.
struct Disposal {
    let work: UnitOfWork
    let batch: DisposalBatch
    private let sql: any SQLDatabase
    private var touched: [(table: String, id: UUID, deleted: Bool)] = []
    /// Evidence files to remove from disk once the unit has committed.
    private(set) var storageKeys: [String] = []

    struct Outcome: Sendable {
        var rowsDeleted: Int
        var rowsAnonymised: Int
        var eventsDisposed: Int
        var storageKeys: [String]
    }

    struct NoSQL: Error {}

    init(work: UnitOfWork, batch: DisposalBatch) throws {
        guard let sql = work.db as? any SQLDatabase else { throw NoSQL() }
        self.work = work
        self.batch = batch
        self.sql = sql
    }

    /// The batch's records, by id, disposed of; the caller has rechecked every one as due and not held.
    mutating func run(_ ids: [UUID]) async throws -> Outcome {
        switch batch.record {
        case .caseFile:
            for chunk in ids.chunked(200) { try await caseFiles(chunk) }
        case .unopenedReport:
            for chunk in ids.chunked(200) { try await reports(chunk) }
        case .evidenceFile:
            for chunk in ids.chunked(500) { try await evidenceFiles(chunk) }
        case .residentLink:
            for chunk in ids.chunked(500) { try await residentLinks(chunk) }
        case .auditEvent:
            try await auditContent()
        }
        try await blankEventsOfTouchedRows()
        let events =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM audit_events WHERE disposed_batch_id = \(bind: batch.id)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        try await recordEachRow()
        let distinct = Dictionary(touched.map { ("\($0.table) \($0.id)", $0.deleted) }, uniquingKeysWith: { $0 || $1 })
        return Outcome(
            rowsDeleted: distinct.values.filter { $0 }.count, rowsAnonymised: distinct.values.filter { !$0 }.count,
            eventsDisposed: events, storageKeys: storageKeys)
    }

    // MARK: - The kinds of record

    private mutating func caseFiles(_ cases: [UUID]) async throws {
        let inCases: SQLQueryString = "case_id IN (\(binds: cases))"
        // The people on these cases, gathered before the links to them go.
        let people = try await ids(
            """
            SELECT person_id AS id FROM case_parties WHERE \(inCases) AND person_id IS NOT NULL
            UNION SELECT reporter_person_id AS id FROM reports WHERE \(inCases) AND reporter_person_id IS NOT NULL
            UNION SELECT person_id AS id FROM vulnerability_assessments WHERE \(inCases) AND person_id IS NOT NULL
            UNION SELECT sc.person_id AS id FROM share_consents sc JOIN case_shares s ON s.id = sc.share_id
              WHERE s.\(inCases) AND sc.person_id IS NOT NULL
            """)
        try await delete("panel_research", "item_id IN (SELECT id FROM panel_items WHERE \(inCases))")
        try await delete("plan_actions", inCases)
        try await anonymise(
            "panel_items", "discussion = NULL, risk_summary = NULL, decisions = NULL, case_manager_id = NULL", inCases)
        try await anonymise(
            "panel_referrals", "reason = '', questions = '', return_reason = NULL, closing_decision = NULL", inCases)
        // An ASB Case Review about the case is part of its file: the applicant and what was written to them go;
        // the stages and their dates stay, because the published counts are counted from them.
        let inReviews: SQLQueryString = "review_id IN (SELECT id FROM case_reviews WHERE \(inCases))"
        // The Case Review's emails are queued without the case: found through its updates before the link goes.
        let reviewEmails = try await ids(
            "SELECT email_id AS id FROM case_review_updates WHERE \(inReviews) AND email_id IS NOT NULL")
        try await anonymise("case_review_updates", "body = NULL, summary = '', email_id = NULL", inReviews)
        if !reviewEmails.isEmpty { try await delete("emails", "id IN (\(binds: reviewEmails))") }
        try await anonymise(
            "case_review_updates", "email_id = NULL", "email_id IN (SELECT id FROM emails WHERE \(inCases))")
        try await anonymise("case_review_requests", "reply = NULL", inReviews)
        try await anonymise("case_review_complaints", "reference = NULL", inReviews)
        try await anonymise(
            "case_reviews",
            """
            applicant_name = '', applicant_phone = NULL, applicant_email = NULL, applicant_address = NULL,
            victim_name = NULL, description = '', needs = NULL, decision_reason = NULL, recommendations = NULL,
            action_plan = NULL, actions_note = NULL, resolution_text = NULL, response_note = NULL, appeal_reason = NULL,
            escalation_outcome = NULL, withdrawn_reason = NULL, submitter_key = NULL
            """, inCases)
        try await delete("emails", inCases)
        try await delete("notifications", inCases)
        try await delete("case_closures", inCases)
        // The answers are counted by the tenant satisfaction measures: kept, without the words or the link.
        try await anonymise("survey_responses", "what_worked = NULL, comments = NULL, resident_link_id = NULL", inCases)
        try await delete("letters", inCases)
        try await delete("outbox_messages", inCases)
        for table in ["order_breaches", "court_orders", "court_hearings", "legal_costs"] {
            try await delete(table, inCases)
        }
        try await anonymise(
            "legal_measures",
            """
            review_id = NULL, likelihood_notes = NULL, scope = NULL, ground_condition = NULL,
            representations = NULL, court = NULL, conviction_court = NULL, conviction_offence = NULL, ended_reason = NULL
            """, inCases)
        try await delete("proportionality_reviews", inCases)
        try await delete("intervention_breaches", inCases)
        try await anonymise(
            "interventions",
            """
            terms = NULL, guardians = NULL, mediation_justification = NULL, victim_view = NULL,
            outcome_notes = NULL
            """, inCases)
        try await delete("referral_updates", inCases)
        try await anonymise(
            "referrals",
            """
            asked = '', outcome = NULL, not_sought_reason = NULL, decline_reason = NULL,
            consents = NULL, senior_decision = NULL
            """, inCases)
        storageKeys += try await sql.raw(
            "SELECT storage_key FROM evidence_items WHERE \(inCases) AND storage_key IS NOT NULL"
        ).all().map { try $0.decode(column: "storage_key", as: String.self) }
        try await delete("evidence_items", inCases)
        try await delete("diary_entries", inCases)
        try await delete("resident_links", inCases)
        for table in [
            "respondent_decisions", "safeguarding_concerns", "interviews", "mental_health_records",
            "respondent_assessments", "vulnerability_assessments", "risk_tasks", "oversight_discussions",
            "home_visits", "action_plans", "plan_revisions", "review_meetings", "contacts", "case_notes",
            "case_events", "disclosures",
        ] {
            try await delete(table, inCases)
        }
        try await delete("share_consents", "share_id IN (SELECT id FROM case_shares WHERE \(inCases))")
        try await delete("case_shares", inCases)
        try await anonymiseReports(inCases)
        try await anonymise("case_parties", "person_id = NULL, description = NULL, group_party_id = NULL", inCases)
        try await anonymise(
            "cases",
            "title = \(bind: Self.disposedTitle), summary = '', location = NULL, disposed_at = \(bind: work.now)",
            "id IN (\(binds: cases))")
        try await deleteOrphaned(people)
        // A home's address identifies the household: once no case still open to it and no person is linked to it, the
        // address goes; the row keeps its ward, estate, tenure and landlord, which the statistics and the tenant
        // satisfaction measures count by.
        try await anonymise(
            "places",
            """
            line1 = \(bind: Self.disposedAddress), line2 = NULL, postcode = NULL, postcode_key = NULL,
            property_reference = NULL
            """,
            """
            kind = 'home' AND id IN (SELECT place_id FROM cases WHERE id IN (\(binds: cases)))
            AND id NOT IN (SELECT place_id FROM cases WHERE place_id IS NOT NULL AND disposed_at IS NULL)
            AND id NOT IN (SELECT place_id FROM people WHERE place_id IS NOT NULL)
            AND id NOT IN (SELECT place_id FROM safety_markers WHERE place_id IS NOT NULL)
            """)
    }

    private mutating func reports(_ reports: [UUID]) async throws {
        let inReports: SQLQueryString = "id IN (\(binds: reports))"
        let people = try await ids(
            "SELECT reporter_person_id AS id FROM reports WHERE \(inReports) AND reporter_person_id IS NOT NULL")
        try await anonymiseReports(inReports)
        try await deleteOrphaned(people)
    }

    private mutating func evidenceFiles(_ items: [UUID]) async throws {
        let inItems: SQLQueryString = "id IN (\(binds: items))"
        storageKeys += try await sql.raw(
            "SELECT storage_key FROM evidence_items WHERE \(inItems) AND storage_key IS NOT NULL"
        ).all().map { try $0.decode(column: "storage_key", as: String.self) }
        try await anonymise(
            "evidence_items",
            "title = \(bind: Self.disposedFileTitle), description = NULL, file_name = NULL, storage_key = NULL",
            inItems)
    }

    private mutating func residentLinks(_ links: [UUID]) async throws {
        let inLinks: SQLQueryString = "resident_link_id IN (\(binds: links))"
        try await anonymise("diary_entries", "resident_link_id = NULL", inLinks)
        try await anonymise("survey_responses", "resident_link_id = NULL", inLinks)
        try await anonymise("outbox_messages", "resident_link_id = NULL", inLinks)
        try await delete("resident_links", "id IN (\(binds: links))")
    }

    /// The audit trail's own rule: the content of the organisation's staff's events up to the batch's cut-off.
    /// Only events recorded before the cut-off the rule gives today (an event written back-dated or by a clock ahead
    /// is not taken because its sequence is lower), and none about a case or person under a hold.
    private func auditContent() async throws {
        guard let last = batch.cutoffSequence else { return }
        let today = WorkingCalendar().local(work.now).day
        let cutoff = RetentionDue.cutoff(batch.rule, today: today)
        let holds = try await RetentionSchedule.holds(for: batch.$organisation.id, today: today, on: work.db)
        let held = (holds.caseIDs.union(holds.personIDs)).map(\.uuidString) + ["-"]
        try await sql.raw(
            """
            UPDATE audit_events SET address = NULL, summary = \(bind: AuditChain.disposedSummary), changes = '[]',
              disposed_batch_id = \(bind: batch.id)
            WHERE actor_organisation_id = \(bind: batch.$organisation.id) AND sequence <= \(bind: last)
              AND occurred_at < \(bind: cutoff) AND content_digest IS NOT NULL AND disposed_batch_id IS NULL
              AND (record_id IS NULL OR record_id NOT IN (\(binds: held)))
            """
        ).run()
    }

    // MARK: - Steps

    static let disposedTitle = "Case file disposed of"
    static let disposedFileTitle = "Evidence file disposed of"
    static let disposedAddress = "Home address disposed of"

    /// A report's personal data: who reported, how to reach them, what they said and about whom.
    private mutating func anonymiseReports(_ condition: SQLQueryString) async throws {
        try await anonymise(
            "reports",
            """
            reporter_name = NULL, reporter_phone = NULL, reporter_email = NULL, reporter_address = NULL,
            reporter_postcode = NULL, on_behalf_name = NULL, on_behalf_capacity = NULL, description = '',
            location = '', location_postcode = NULL, respondent_name = NULL, people_involved = NULL, effect = NULL,
            outcome_wanted = NULL, triage_reason = NULL, reporter_person_id = NULL, submitter_key = NULL,
            disposed_at = \(bind: work.now)
            """, condition)
    }

    /// Deletes the people no longer on any case, report, assessment, consent, hold or safety marker.
    private mutating func deleteOrphaned(_ people: [UUID]) async throws {
        guard !people.isEmpty else { return }
        // What still points at them and is kept goes first: a lifted hold, a removed marker, an answered request.
        let gone: SQLQueryString = """
            person_id IN (\(binds: people))
            AND person_id NOT IN (SELECT person_id FROM case_parties WHERE person_id IS NOT NULL)
            AND person_id NOT IN (SELECT reporter_person_id FROM reports WHERE reporter_person_id IS NOT NULL)
            AND person_id NOT IN (SELECT person_id FROM vulnerability_assessments WHERE person_id IS NOT NULL)
            AND person_id NOT IN (SELECT person_id FROM share_consents WHERE person_id IS NOT NULL)
            """
        try await anonymise("legal_holds", "person_id = NULL", "\(gone) AND lifted_on IS NOT NULL")
        try await delete("safety_markers", "\(gone) AND removed_at IS NOT NULL AND place_id IS NULL")
        try await anonymise(
            "subject_access_requests", "person_id = NULL", "\(gone) AND status IN ('released', 'decided')")
        try await delete(
            "people",
            """
            id IN (\(binds: people))
            AND id NOT IN (SELECT person_id FROM case_parties WHERE person_id IS NOT NULL)
            AND id NOT IN (SELECT reporter_person_id FROM reports WHERE reporter_person_id IS NOT NULL)
            AND id NOT IN (SELECT person_id FROM vulnerability_assessments WHERE person_id IS NOT NULL)
            AND id NOT IN (SELECT person_id FROM share_consents WHERE person_id IS NOT NULL)
            AND id NOT IN (SELECT person_id FROM legal_holds WHERE person_id IS NOT NULL AND lifted_on IS NULL)
            AND id NOT IN (SELECT person_id FROM safety_markers WHERE person_id IS NOT NULL AND removed_at IS NULL)
            AND id NOT IN (
              SELECT person_id FROM subject_access_requests
              WHERE person_id IS NOT NULL AND status NOT IN ('released', 'decided'))
            """)
    }

    private func ids(_ query: SQLQueryString) async throws -> [UUID] {
        try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    private mutating func delete(_ table: String, _ condition: SQLQueryString) async throws {
        let found = try await ids("SELECT id FROM \(unsafeRaw: table) WHERE \(condition)")
        for chunk in found.chunked(500) {
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE id IN (\(binds: chunk))").run()
        }
        touched += found.map { (table, $0, true) }
    }

    private mutating func anonymise(_ table: String, _ set: SQLQueryString, _ condition: SQLQueryString) async throws {
        let found = try await ids("SELECT id FROM \(unsafeRaw: table) WHERE \(condition)")
        for chunk in found.chunked(500) {
            try await sql.raw("UPDATE \(unsafeRaw: table) SET \(set) WHERE id IN (\(binds: chunk))").run()
        }
        touched += found.map { (table, $0, false) }
    }

    /// Blanks the personal content of every event about a row this batch destroyed.
    private func blankEventsOfTouchedRows() async throws {
        let recordIDs = Array(Set(touched.map { $0.id.uuidString }))
        for chunk in recordIDs.chunked(500) {
            try await sql.raw(
                """
                UPDATE audit_events SET address = NULL, summary = \(bind: AuditChain.disposedSummary), changes = '[]',
                  disposed_batch_id = \(bind: batch.id)
                WHERE record_id IN (\(binds: chunk)) AND content_digest IS NOT NULL AND disposed_batch_id IS NULL
                """
            ).run()
        }
    }

    /// One event per row destroyed, naming the row and the rule and nothing the row held.
    private func recordEachRow() async throws {
        let types = Dictionary(
            TrackedModels.all.map { ($0.schema, $0.recordType) }, uniquingKeysWith: { first, _ in first })
        let summary = "Disposed of under the retention schedule (\(batch.ruleText))"
        var recorded = Set<String>()
        for row in touched where recorded.insert("\(row.table) \(row.id)").inserted {
            guard let type = types[row.table] else { continue }
            try await work.record(
                AuditEntry(
                    action: row.deleted ? .delete : .update, recordType: type, recordID: row.id.uuidString,
                    summary: summary))
        }
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
