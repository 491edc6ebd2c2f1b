import Fluent
import Foundation
import TandemCore
import Vapor

/// Safety markers on people and addresses, home visits with the protocol
/// checklist, and safeguarding concerns raised from a case.
struct SafetyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .markers), use: addMarker)
        routes.post(.case(.key, .removeMarker(.key)), use: removeMarker)
        routes.post(.case(.key, .homeVisits), use: logVisit)
        routes.post(.case(.key, .safeguarding), use: raiseConcern)
        routes.post(.case(.key, .safeguardingOutcome(.key)), use: recordOutcome)
    }

    private func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await RiskPageBuilder.render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    // MARK: - Markers

    struct MarkerInput: Content {
        var target: String?
        var kind: String?
        var note: String?
    }

    @Sendable
    func addMarker(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .risk)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(MarkerInput.self)) ?? MarkerInput()
        var form = FormState()
        let target = (input.target ?? "").split(separator: ":", maxSplits: 1).map(String.init)
        var personID: UUID?
        var placeID: UUID?
        if target.count == 2, let id = UUID(uuidString: target[1]) {
            if target[0] == "person",
                try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$person.$id == id).count() > 0
            {
                personID = id
            } else if target[0] == "place", record.$place.id == id {
                placeID = id
            }
        }
        if personID == nil && placeID == nil {
            form.add("marker_target", "Select a person on this case or the case's address")
        }
        let kind = input.kind.flatMap(SafetyMarkerKind.init(rawValue:))
        if kind == nil { form.add("marker_kind", "Select the kind of marker") }
        let note = TextRules.clean(input.note)
        if let problem = TextRules.problem(note, label: "the note", required: kind?.needsNote == true, max: 300) {
            form.add("marker_note", problem)
        }
        guard form.isValid, let kind else { return try await fail(request, record, facts, form) }
        let marker = SafetyMarker()
        marker.$person.id = personID
        marker.$place.id = placeID
        marker.kind = kind
        marker.note = note.isEmpty ? nil : note
        marker.addedAt = request.now
        marker.$addedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .marker, timeline: "Safety marker added: \(marker.label)"
        ) { work in
            try await work.insert(marker, "Added safety marker from case \(record.reference)")
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .markerSaved)
    }

    @Sendable
    func removeMarker(request: Request) async throws -> Response {
        let (record, _, user) = try await Casework.prepare(request, in: .risk)
        let caseID = try record.requireID()
        let parties = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID).all()
        // Only a marker on this case's people or address can be removed from here.
        guard let markerID = request.parameters.get("markerID", as: UUID.self),
            let marker = try await SafetyMarkers.active(for: parties, place: record.$place.id, on: request.db)
                .first(where: { $0.id == markerID })
        else { throw Abort(.notFound) }
        marker.removedAt = request.now
        marker.$removedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .marker, timeline: "Safety marker removed: \(marker.label)"
        ) { work in
            try await work.update(marker, "Removed safety marker from case \(record.reference)")
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .markerSaved)
    }

    // MARK: - Home visits

    struct VisitInput: Content {
        var visitedOn: String?
        var visitedTime: String?
        var checks: [String]?
        var companion: String?
        var notes: String?

        enum CodingKeys: String, CodingKey {
            case visitedOn = "visited_on"
            case visitedTime = "visited_time"
            case checks, companion, notes
        }
    }

    @Sendable
    func logVisit(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .risk)
        let input = (try? request.content.decode(VisitInput.self)) ?? VisitInput()
        let policy = try await request.intakePolicy()
        var form = FormState()
        let checks = (input.checks ?? []).compactMap(HomeVisitCheck.init(rawValue:))
        if checks.count != (input.checks ?? []).count { form.add("checks", "Choose only from the checks listed") }
        let companion = TextRules.clean(input.companion)
        if let problem = TextRules.problem(companion, label: "the colleague's name", required: false, max: 120) {
            form.add("companion", problem)
        }
        let notes = TextRules.clean(input.notes)
        if let problem = TextRules.multilineProblem(notes, label: "notes of the visit", required: false, max: 4000) {
            form.add("visit_notes", problem)
        }
        var visitedAt: Date?
        if let day = Casework.day(input.visitedOn) {
            let time = TextRules.clean(input.visitedTime).split(separator: ":").compactMap { Int($0) }
            if time.count == 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) {
                visitedAt = policy.calendar.instant(day, minute: time[0] * 60 + time[1])
            } else {
                form.add("visited_time", "Enter the time of the visit, like 14:30")
            }
        }
        for problem in HomeVisitRules.problems(
            checks: Set(checks), companion: companion, visitedAt: visitedAt, now: request.now)
        {
            form.add(problem.field == "visited_at" ? "visited_on" : problem.field, problem.message)
        }
        guard form.isValid, let visitedAt else { return try await fail(request, record, facts, form) }
        let visit = HomeVisit()
        visit.$caseRecord.id = try record.requireID()
        visit.visitedAt = visitedAt
        visit.checks = checks.map(\.rawValue).joined(separator: ",")
        visit.companion = companion.isEmpty ? nil : companion
        visit.notes = notes.isEmpty ? nil : notes
        visit.recordedAt = request.now
        visit.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .homeVisit,
            timeline: "Home visit on \(DisplayDate.dayAndTime(visitedAt)) with \(companion), protocol checked"
        ) { work in
            try await work.insert(visit, "Logged home visit on case \(record.reference)")
        }
        return request.redirect(to: SiteURL.case(.value(try record.requireID()), .risk).path, flash: .visitRecorded)
    }

    // MARK: - Safeguarding

    struct ConcernInput: Content {
        var kind: String?
        var partyId: String?
        var raisedTo: String?
        var raisedOn: String?
        var reference: String?
        var concern: String?

        enum CodingKeys: String, CodingKey {
            case kind
            case partyId = "party_id"
            case raisedTo = "raised_to"
            case raisedOn = "raised_on"
            case reference, concern
        }
    }

    @Sendable
    func raiseConcern(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .risk)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ConcernInput.self)) ?? ConcernInput()
        let policy = try await request.intakePolicy()
        var form = FormState()
        let kind = input.kind.flatMap(SafeguardingKind.init(rawValue:))
        if kind == nil { form.add("safeguarding_kind", "Select adult or child safeguarding") }
        var partyID: UUID?
        if let raw = input.partyId, !raw.isEmpty {
            partyID = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID).all()
                .first { $0.id?.uuidString == raw }?.id
            if partyID == nil { form.add("safeguarding_party", "Select a person on this case") }
        }
        let raisedTo = TextRules.clean(input.raisedTo)
        if let problem = TextRules.problem(raisedTo, label: "who the concern was raised with", max: 200) {
            form.add("raised_to", problem)
        }
        let today = policy.calendar.local(request.now).day
        let raisedOn = Casework.day(input.raisedOn)
        if raisedOn == nil {
            form.add("raised_on", "Enter the date the concern was raised, like 2026-11-23")
        } else if let raisedOn, raisedOn > today {
            form.add("raised_on", "The date the concern was raised cannot be in the future")
        }
        let reference = TextRules.clean(input.reference)
        if let problem = TextRules.problem(reference, label: "the reference", required: false, max: 60) {
            form.add("safeguarding_reference", problem)
        }
        let concern = TextRules.clean(input.concern)
        if let problem = TextRules.multilineProblem(concern, label: "the concern", required: true, max: 4000) {
            form.add("concern", problem)
        }
        guard form.isValid, let kind, let raisedOn else { return try await fail(request, record, facts, form) }
        let entry = SafeguardingConcern()
        entry.$caseRecord.id = caseID
        entry.$party.id = partyID
        entry.kind = kind
        entry.raisedTo = raisedTo
        entry.raisedOn = raisedOn
        entry.reference = reference.isEmpty ? nil : reference
        entry.concern = concern
        entry.recordedAt = request.now
        entry.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .safeguarding,
            timeline: "\(kind.label) concern raised with \(raisedTo) on \(DisplayDate.civil(raisedOn))"
        ) { work in
            try await work.insert(entry, "Raised safeguarding concern on case \(record.reference)")
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .safeguardingSaved)
    }

    struct OutcomeInput: Content {
        var outcome: String?
        var reference: String?
    }

    @Sendable
    func recordOutcome(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .risk)
        let caseID = try record.requireID()
        guard let concernID = request.parameters.get("concernID", as: UUID.self),
            let entry = try await SafeguardingConcern.query(on: request.db).filter(\.$id == concernID)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(OutcomeInput.self)) ?? OutcomeInput()
        let policy = try await request.intakePolicy()
        var form = FormState()
        let field = "outcome-\(concernID.uuidString)"
        let outcome = TextRules.clean(input.outcome)
        let reference = TextRules.clean(input.reference)
        if entry.outcome != nil {
            form.add(field, "The outcome has already been recorded")
        } else if let problem = TextRules.multilineProblem(outcome, label: "the outcome", required: true, max: 4000) {
            form.add(field, problem)
        } else if let problem = TextRules.problem(reference, label: "the reference", required: false, max: 60) {
            form.add(field, problem)
        }
        guard form.isValid else { return try await fail(request, record, facts, form) }
        entry.outcome = outcome
        entry.outcomeOn = policy.calendar.local(request.now).day
        if !reference.isEmpty { entry.reference = reference }
        try await Casework.write(
            request, record, user: user, kind: .safeguarding,
            timeline: "Safeguarding concern outcome recorded: \(outcome)"
        ) { work in
            try await work.update(entry, "Recorded safeguarding outcome on case \(record.reference)")
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .safeguardingSaved)
    }
}
