import Crypto
import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// What happened, for the audit trail.
enum AuditAction: String, CaseIterable, Sendable {
    case create, update, delete, view
    case signIn = "sign_in"
    case signInFailed = "sign_in_failed"
    case signOut = "sign_out"
    case passwordChanged = "password_changed"
    case passwordReset = "password_reset"
    /// The policy layer refused a signed-in user (answered 404 or 403).
    case accessDenied = "access_denied"
}

/// What an audit event is about: one name per kind of record, stored as the
/// text in `audit_events.record_type` (issue 18: record types were strings
/// typed out at every call).
enum RecordType: String, CaseIterable, Sendable {
    case actionPlan = "action_plan"
    case `case`
    case caseReview = "case_review"
    case caseReviewArrangements = "case_review_arrangements"
    case caseReviewBody = "case_review_body"
    case caseReviewComplaint = "case_review_complaint"
    case caseReviewRequest = "case_review_request"
    case caseReviewUpdate = "case_review_update"
    case caseCategory = "case_category"
    case caseClosure = "case_closure"
    case caseEvent = "case_event"
    case caseNote = "case_note"
    case caseParty = "case_party"
    case caseShare = "case_share"
    case category
    case closureSettings = "closure_settings"
    case contact
    case courtHearing = "court_hearing"
    case courtOrder = "court_order"
    case diaryEntry = "diary_entry"
    case disclosure
    case disposalBatch = "disposal_batch"
    case disposalBatchItem = "disposal_batch_item"
    case email
    case estate
    case evidenceItem = "evidence_item"
    case homeVisit = "home_visit"
    case intakeSettings = "intake_settings"
    case intervention
    case interventionBreach = "intervention_breach"
    case interview
    case landlordHomes = "landlord_homes"
    case legalCost = "legal_cost"
    case legalMeasure = "legal_measure"
    case legalPower = "legal_power"
    case letter
    case legalHold = "legal_hold"
    case letterTemplate = "letter_template"
    case mentalHealthRecord = "mental_health_record"
    case notification
    case officeClosure = "office_closure"
    case orderBreach = "order_breach"
    case organisation
    case outboxMessage = "outbox_message"
    case oversightDiscussion = "oversight_discussion"
    case panel
    case panelAttendance = "panel_attendance"
    case panelItem = "panel_item"
    case panelMeeting = "panel_meeting"
    case panelMember = "panel_member"
    case panelMinutes = "panel_minutes"
    case panelReferral = "panel_referral"
    case panelResearch = "panel_research"
    case person
    case personSearch = "person_search"
    case place
    case planAction = "plan_action"
    case planRevision = "plan_revision"
    case proportionalityReview = "proportionality_review"
    case referral
    case referralUpdate = "referral_update"
    case report
    case reportCategory = "report_category"
    case residentLink = "resident_link"
    case respondentAssessment = "respondent_assessment"
    case respondentDecision = "respondent_decision"
    /// Written before issue 18 for the whole response policy in one event; kept so those events still read.
    case responsePolicy = "response_policy"
    case responseTarget = "response_target"
    case retentionRule = "retention_rule"
    case reviewMeeting = "review_meeting"
    case riskMatrixSettings = "risk_matrix_settings"
    case riskTask = "risk_task"
    case route
    case safeguardingConcern = "safeguarding_concern"
    case safetyMarker = "safety_marker"
    case shareConsent = "share_consent"
    case sharingAgreement = "sharing_agreement"
    case sharingAgreementParty = "sharing_agreement_party"
    case subjectAccessRedaction = "subject_access_redaction"
    case subjectAccessRequest = "subject_access_request"
    case surveyResponse = "survey_response"
    case user
    case userRole = "user_role"
    case vulnerabilityAssessment = "vulnerability_assessment"
    case ward
}

/// Who did it: a signed-in user, a command-line operator or the system.
struct AuditActor: Sendable {
    var userID: UUID?
    var email: String?
    var organisationID: UUID?
    var address: String?

    static let system = AuditActor(userID: nil, email: "system", organisationID: nil, address: nil)
}

struct AuditEntry: Sendable {
    var action: AuditAction
    var recordType: RecordType
    var recordID: String?
    var summary: String
    var changes: [FieldChange] = []
}

/// The only way events enter the audit trail. The unit of work (`UnitOfWork`) calls it with the
/// database of the transaction that makes the change, so the two commit together.
enum AuditLog {
    /// An arbitrary constant naming the advisory lock that serialises appends on PostgreSQL.
    private static let chainLockKey = 7_202_611

    /// On PostgreSQL, takes the chain's lock for the rest of the transaction, so appends from several app
    /// instances queue instead of forking the chain (taking it again in the same transaction is free).
    /// SQLite needs none: its write transaction holds the file.
    static func lockChain(on db: any Database) async throws {
        guard db.isPostgres, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: chainLockKey))").run()
    }

    static func append(_ entry: AuditEntry, by actor: AuditActor, at now: Date, on db: any Database) async throws {
        try await lockChain(on: db)
        let last = try await tail(on: db)
        let event = AuditEvent()
        event.sequence = (last?.sequence ?? 0) + 1
        event.occurredAt = Date(timeIntervalSince1970: Double(AuditContent.millis(now)) / 1000)
        event.actorUserID = actor.userID
        event.actorEmail = actor.email
        event.actorOrganisationID = actor.organisationID
        event.address = actor.address
        event.action = entry.action.rawValue
        event.recordType = entry.recordType.rawValue
        event.recordID = entry.recordID
        event.summary = String(entry.summary.prefix(500))
        event.changes = FieldChange.encode(entry.changes)
        event.previousHash = last?.hash ?? AuditChain.genesisHash
        let digest = digest(event.content)
        event.contentDigest = digest
        event.hash = link(event.content, previousHash: event.previousHash, digest: digest)
        try await event.create(on: db)
    }

    /// The newest event's sequence and hash, which the next event chains to.
    /// Only the two columns are read: every audited write starts here.
    private static func tail(on db: any Database) async throws -> (sequence: Int64, hash: String)? {
        guard let sql = db as? any SQLDatabase else {
            return try await AuditEvent.query(on: db).sort(\.$sequence, .descending).first().map {
                ($0.sequence, $0.hash)
            }
        }
        let row = try await sql.raw("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").first()
        return try row.map {
            (try $0.decode(column: "sequence", as: Int64.self), try $0.decode(column: "hash", as: String.self))
        }
    }

    /// Chain version 1's hash, over the whole content: events written before issue 23 whose chain did not verify
    /// when it was upgraded keep it.
    static func versionOneHash(_ content: AuditContent, previousHash: String) -> String {
        Tokens.hex(SHA256.hash(data: Data(content.canonicalText(previousHash: previousHash).utf8)))
    }

    /// Chain version 2: the digest of the personal content, which disposal keeps when it destroys the content.
    static func digest(_ content: AuditContent) -> String {
        Tokens.hex(SHA256.hash(data: Data(content.personalText.utf8)))
    }

    /// Chain version 2: the event's hash, over the previous hash, what is never disposed and the content's digest.
    static func link(_ content: AuditContent, previousHash: String, digest: String) -> String {
        Tokens.hex(SHA256.hash(data: Data(content.linkText(previousHash: previousHash, contentDigest: digest).utf8)))
    }
}

/// Walks the chain from the first event and reports the first that does not match. Events whose personal content
/// was disposed of under the retention schedule are told apart from tampering: each must be blank, keep the digest
/// its link covers, and belong to a disposal batch that was approved and carried out and that recorded exactly that
/// many events (issue 23).
enum AuditVerifier {
    struct Outcome: Sendable {
        var checked: Int
        /// The sequence number of the first bad event and why, or nil if the chain holds.
        var failure: (sequence: Int64, reason: String)?
        /// Events whose content was disposed of, by the rule they were disposed of under.
        var disposed: [(rule: String, count: Int)] = []
        var disposedCount: Int { disposed.reduce(0) { $0 + $1.count } }
    }

    static func verify(on db: any Database, pageSize: Int = 1000) async throws -> Outcome {
        var expectedSequence: Int64 = 1
        var previousHash = AuditChain.genesisHash
        var checked = 0
        var byBatch: [UUID: (first: Int64, count: Int)] = [:]
        // Every batch carried out, read once: a disposed event must fall within its batch's reach.
        let carried = try await DisposalBatch.query(on: db).filter(\.$status == .disposed).all()
        let batchByID = Dictionary(carried.compactMap { b in b.id.map { ($0, b) } }, uniquingKeysWith: { a, _ in a })
        func failed(_ sequence: Int64, _ reason: String) -> Outcome {
            Outcome(checked: checked, failure: (sequence, reason))
        }
        while true {
            let page = try await AuditEvent.query(on: db)
                .filter(\.$sequence >= expectedSequence)
                .sort(\.$sequence, .ascending)
                .limit(pageSize)
                .all()
            if page.isEmpty { break }
            for event in page {
                if event.sequence != expectedSequence {
                    return failed(expectedSequence, "event \(expectedSequence) is missing")
                }
                if event.previousHash != previousHash {
                    return failed(event.sequence, "its previous hash does not match event \(event.sequence - 1)")
                }
                let content = event.content
                if let digest = event.contentDigest {
                    if let batch = event.disposedBatchID {
                        guard content.isBlank else {
                            return failed(event.sequence, "it is marked as disposed of but still holds content")
                        }
                        if let found = batchByID[batch] {
                            // Written before the batch was approved, and for the audit trail's own rule, within its
                            // cut-off and by its organisation's people.
                            if let decided = found.decidedAt, event.occurredAt > decided {
                                return failed(
                                    event.sequence, "it is marked as disposed of by a batch approved before it")
                            }
                            if found.record == .auditEvent,
                                event.sequence > (found.cutoffSequence ?? 0)
                                    || event.actorOrganisationID != found.$organisation.id
                            {
                                return failed(event.sequence, "it is marked as disposed of outside its batch's reach")
                            }
                        }
                        byBatch[batch, default: (event.sequence, 0)].count += 1
                    } else if AuditLog.digest(content) != digest {
                        return failed(event.sequence, "its content does not match its digest")
                    }
                    if AuditLog.link(content, previousHash: previousHash, digest: digest) != event.hash {
                        return failed(event.sequence, "its recorded facts or digest do not match its hash")
                    }
                } else {
                    if event.disposedBatchID != nil {
                        return failed(event.sequence, "it is marked as disposed of but has no content digest")
                    }
                    if AuditLog.versionOneHash(content, previousHash: previousHash) != event.hash {
                        return failed(event.sequence, "its content does not match its hash")
                    }
                }
                previousHash = event.hash
                expectedSequence += 1
                checked += 1
            }
        }
        // Each batch that disposed of events must exist, have been carried out, and have recorded that many.
        let batches = carried
        var disposed: [String: Int] = [:]
        for (id, found) in byBatch.sorted(by: { $0.value.first < $1.value.first }) {
            guard let batch = batches.first(where: { $0.id == id }), batch.status == .disposed else {
                return failed(found.first, "it is marked as disposed of under a batch that was never carried out")
            }
            guard batch.eventsDisposed == found.count else {
                return failed(
                    found.first,
                    "\(found.count) events are marked as disposed of under a batch that recorded \(batch.eventsDisposed ?? 0)"
                )
            }
            disposed[batch.ruleText, default: 0] += found.count
        }
        return Outcome(
            checked: checked, failure: nil, disposed: disposed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}

extension Request {
    var auditActor: AuditActor {
        guard let user = currentUser else {
            return AuditActor(userID: nil, email: nil, organisationID: nil, address: clientAddress)
        }
        return AuditActor(
            userID: user.id, email: user.email, organisationID: user.organisationID, address: clientAddress)
    }

    /// Appends an event for this request's user, inside the caller's transaction.
    func audit(_ entry: AuditEntry, on db: any Database) async throws {
        try await AuditLog.append(entry, by: auditActor, at: now, on: db)
    }

    /// Records that this user opened a page of a case: every case page shows personal data, so every one is
    /// an audited view (issue 18 found six tabs that recorded nothing).
    func auditCaseView(_ record: CaseRecord, _ page: String) async throws {
        try await auditView(
            recordType: .`case`, recordID: try record.requireID().uuidString,
            summary: "Viewed \(page) of case \(record.reference)")
    }

    /// Records that this user viewed a record of personal data.
    func auditView(recordType: RecordType, recordID: String, summary: String) async throws {
        try await write { work in
            try await work.record(
                AuditEntry(action: .view, recordType: recordType, recordID: recordID, summary: summary))
        }
    }

    /// The client's address. Directly on the network it is the socket's peer.
    /// Behind proxies (TANDEM_TRUST_PROXY set to how many), each trusted proxy
    /// appends the address it received from to X-Forwarded-For, so the client
    /// is the entry that many places from the right: entries to its left were
    /// written by the client and are not believed (issue 17).
    var clientAddress: String {
        let hops = application.settings.trustedProxyHops
        guard hops > 0 else { return remoteAddress?.ipAddress ?? "unknown" }
        let entries = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Fewer entries than proxies: the request did not come through them all, and any entry may be the
        // client's own writing, so the connection's peer is used.
        guard entries.count >= hops else { return remoteAddress?.ipAddress ?? "unknown" }
        let entry = entries[entries.count - hops]
        let printable = entry.unicodeScalars.filter { $0.isASCII && $0.value > 32 && $0.value < 127 }
        return String(String.UnicodeScalarView(printable).prefix(64))
    }
}
