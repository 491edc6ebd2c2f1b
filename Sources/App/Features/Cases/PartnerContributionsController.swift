import Fluent
import Foundation
import TandemCore
import Vapor

/// What a partner agency adds to a case shared with it (issue 19 item 3): a shared case note, and an incident
/// the agency received, which counts as a report on the case. Both are the partner's own contributions in a
/// section its share opens (`.contribute`), never a change to the owning team's casework (`.workCase`).
struct PartnerContributionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .notes), use: addNote)
        routes.post(.case(.key, .incidents), use: recordIncident)
    }

    struct NoteInput: Content {
        var note: String?
        /// "yes" when the writer marks the note as holding health or other special category information.
        var specialCategory: String?

        enum CodingKeys: String, CodingKey {
            case note
            case specialCategory = "note_special_category"
        }
    }

    struct IncidentInput: Content {
        var reference: String?
        var date: String?
        var location: String?
        var description: String?

        enum CodingKeys: String, CodingKey {
            case reference = "incident_reference"
            case date = "incident_date"
            case location = "incident_location"
            case description = "incident_description"
        }
    }

    /// A case note: the owning team's casework roles or a partner on the case; every share opens the summary,
    /// where notes are shown.
    @Sendable
    func addNote(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        let user = try request.authorize(.contribute(facts, .summary))
        let caseID = try record.requireID()
        let input = (try? request.content.decode(NoteInput.self)) ?? NoteInput()
        let body = TextRules.clean(input.note)
        var form = FormState()
        form.values["note"] = body
        let specialCategory = input.specialCategory == "yes"
        form.values["note_special_category"] = specialCategory ? "yes" : ""
        if let problem = TextRules.multilineProblem(
            body, label: "the note", required: true, max: CaseNoteRules.bodyLimit)
        {
            form.add("note", problem)
        }
        // The form is not offered on a closed case, so there is no field to show the problem beside.
        guard record.isActive else {
            throw Abort(.conflict, reason: "This case is closed, so no note can be added to it.")
        }
        guard form.isValid else {
            return try await CasePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let note = CaseNote(
            caseID: caseID, organisationID: user.organisationID, authorID: user.id, body: body,
            specialCategory: specialCategory, at: request.now)
        let organisation = user.organisationName
        try await request.write { work in
            try await work.insert(note, "Added a case note from \(organisation) to case \(record.reference)")
            try await work.timeline(
                caseID, kind: specialCategory ? .specialCategoryNote : .note,
                CaseNoteRules.timeline(organisation: organisation), actorID: user.id)
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .summary).path(fragment: "notes"), flash: .noteAdded)
    }

    /// An incident a partner agency received, recorded by its practitioner as a report on the case: joined to
    /// the case at once, as triage joins a further report (NM01), labelled with the agency and its reference.
    @Sendable
    func recordIncident(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .reports)
        let user = try request.authorize(.contribute(facts, .reports))
        let caseID = try record.requireID()
        // Neither the owning team nor anyone on a closed case is offered the form, so these are refused whole.
        if let problem = PartnerIncidentRules.organisationProblem(
            partner: user.organisationID, owner: facts.owningOrganisationID)
        {
            throw Abort(.badRequest, reason: problem.message + ".")
        }
        guard record.isActive else {
            throw Abort(.conflict, reason: "This case is closed, so no incident can be recorded on it.")
        }
        let input = (try? request.content.decode(IncidentInput.self)) ?? IncidentInput()
        let today = request.today()
        let reference = TextRules.clean(input.reference)
        let typedDate = TextRules.clean(input.date)
        let location = TextRules.clean(input.location)
        let description = TextRules.clean(input.description)
        var form = FormState()
        form.values = [
            "incident_reference": reference, "incident_date": typedDate, "incident_location": location,
            "incident_description": description,
        ]
        if let problem = TextRules.problem(
            reference, label: "your reference, such as the police log number", max: PartnerIncidentRules.referenceLimit)
        {
            form.add("incident_reference", problem)
        }
        let date = Casework.day(typedDate)
        if let problem = PartnerIncidentRules.dateProblem(typed: typedDate, parsed: date, today: today) {
            form.add(problem.field, problem.message)
        }
        if let problem = TextRules.problem(
            location, label: "where it happened", max: PartnerIncidentRules.locationLimit)
        {
            form.add("incident_location", problem)
        }
        if let problem = TextRules.multilineProblem(
            description, label: "what happened", required: true, max: PartnerIncidentRules.descriptionLimit)
        {
            form.add("incident_description", problem)
        }
        guard form.isValid, let date else {
            return try await CasePageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let now = request.now
        let organisation = user.organisationName
        let channel = PartnerIncidentRules.channel(for: user.organisationKind)
        let timeline = PartnerIncidentRules.timeline(organisation: organisation, reference: reference)
        try await request.write { work in
            let report = Report()
            report.reference = try await ReferenceNumbers.reportReference(year: today.year, on: work.db)
            // The case's organisation receives the report, as it receives every report on its cases; the agency
            // that recorded it, and its own reference, are kept beside it.
            report.$organisation.id = facts.owningOrganisationID
            report.$partnerOrganisation.id = user.organisationID
            report.partnerReference = reference
            report.source = .staff
            report.channel = channel
            report.receivedAt = now
            report.$recordedBy.id = user.id
            // The agency reports what it was told on behalf of those who told it; the caller's own details stay
            // with the agency (data minimisation), so no reporting person is added to the case.
            report.reporterKind = .onBehalf
            report.onBehalfName = user.displayName
            report.onBehalfCapacity = organisation
            report.interpreterNeeded = false
            report.behaviourDate = date
            report.happeningNow = false
            report.location = location
            report.$ward.id = record.$ward.id
            report.description = description
            report.hateIncident = false
            report.hateStrands = ""
            // Already on the case: triaged, added to it, as triage records a further report joined to a case.
            report.status = .triaged
            report.triageOutcome = .addToCase
            report.triageReason = timeline
            report.$triagedBy.id = user.id
            report.triagedAt = now
            report.$caseRecord.id = caseID
            report.policeReferred = false
            try await work.insert(
                report, "Report \(report.reference) recorded on case \(record.reference) by \(organisation)")
            try await work.timeline(caseID, kind: .incident, timeline, actorID: user.id)
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .summary).path, flash: .incidentRecorded)
    }
}
