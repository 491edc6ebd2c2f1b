import Foundation
import SQLKit
import TandemCore
import Vapor

/// The parts of the case page that partners work in (issue 19 item 3): the shared case notes with the add-note
/// form, the form for an incident a partner agency received, and which sections of the page the viewer's access
/// opens (a partner sees only what its share opens; the policy decides, as for the tabs).
struct CasePartnership: Encodable {
    struct NoteRow: Encodable {
        var when: String
        var author: String
        var organisation: String
        var body: String
        var specialCategory: Bool
    }

    /// The incident form's typed values, kept after an error.
    struct IncidentForm: Encodable {
        var reference: String
        var date: String
        var location: String
        var description: String
        /// The latest day the date field offers.
        var today: String
    }

    var notes: [NoteRow]
    var hasNotes: Bool
    var mayAddNote: Bool
    var noteText: String
    /// Whether the note being typed was marked special category, kept after an error.
    var noteSpecialCategory: Bool
    var noteLimit: Int
    var mayRecordIncident: Bool
    var incident: IncidentForm
    var mayViewReports: Bool
    var mayViewRisk: Bool
    /// The promised contact and the response deadlines are the owning team's casework.
    var mayViewCasework: Bool

    /// The viewer's access to the case's sections, decided before anything is read, so the page does not read
    /// what it would not show.
    struct Access {
        var reports: Bool
        var risk: Bool
        var casework: Bool
        var specialCategory: Bool
        /// The timeline kinds the viewer may read; nil when every kind is open to them.
        var eventKinds: [CaseEventKind]?

        init(_ request: Request, facts: CaseAccessFacts) {
            reports = request.may(.viewSection(facts, .reports))
            risk = request.may(.viewSection(facts, .risk))
            casework = request.may(.viewSection(facts, .casework))
            specialCategory = request.may(.viewSection(facts, .specialCategory))
            // A line belongs to a section (`CaseEventKind.section`): the same rule as the tab behind it, so the
            // owning team reads every line but the special category ones only with a need to know.
            let kinds = CaseEventKind.allCases.filter { request.may(.viewSection(facts, $0.section)) }
            eventKinds = kinds.count == CaseEventKind.allCases.count ? nil : kinds
        }
    }

    static func build(
        _ request: Request, record: CaseRecord, facts: CaseAccessFacts, access: Access, form: FormState,
        on sql: any SQLDatabase
    ) async throws -> CasePartnership {
        let notes = try await CasePageReads.notes(
            try record.requireID(), specialCategory: access.specialCategory, on: sql)
        let user = try request.requireUser()
        // The owning team records the reports it receives the usual way (Record a report, then triage); the
        // incident form is for an agency the case is shared with, whose share opens reports.
        let isPartner = user.organisationID != facts.owningOrganisationID
        return CasePartnership(
            notes: notes.map {
                NoteRow(
                    when: DisplayDate.dayAndTime($0.writtenAt), author: $0.author, organisation: $0.organisation,
                    body: $0.body, specialCategory: $0.specialCategory)
            },
            hasNotes: !notes.isEmpty,
            mayAddNote: record.isActive && request.may(.contribute(facts, .summary)),
            noteText: form.values["note"] ?? "", noteSpecialCategory: form.values["note_special_category"] == "yes",
            noteLimit: CaseNoteRules.bodyLimit,
            mayRecordIncident: record.isActive && isPartner && request.may(.contribute(facts, .reports)),
            incident: IncidentForm(
                reference: form.values["incident_reference"] ?? "", date: form.values["incident_date"] ?? "",
                location: form.values["incident_location"] ?? "",
                description: form.values["incident_description"] ?? "", today: request.today().description),
            mayViewReports: access.reports, mayViewRisk: access.risk, mayViewCasework: access.casework)
    }
}
