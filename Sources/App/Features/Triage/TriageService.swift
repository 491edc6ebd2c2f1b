import Fluent
import Foundation
import TandemCore
import Vapor

/// A triage decision as posted.
struct TriageInput: Content {
    var outcome: String?
    var reason: String?
    var risk: String?
    var caseId: String?
    /// The reference of any open case, typed when it is not among the related cases offered.
    var caseReference: String?
    var wardId: String?
    var placeKind: String?
    var categories: [String]?
    var hateIncident: String?
    var hateStrands: [String]?
    /// "new" or the id of a likely match.
    var reporterPerson: String?
    var respondentKind: String?
    var respondentPerson: String?
    /// "yes" confirms a new case although one is open for the same parties.
    var separateCase: String?
    /// The reference of the report a duplicate repeats.
    var duplicateOf: String?
    /// The words last used to find an open case, carried so the cases found stay offered after an error.
    var caseSearch: String?

    enum CodingKeys: String, CodingKey {
        case outcome
        case reason
        case risk
        case caseId = "case_id"
        case caseReference = "case_reference"
        case wardId = "ward_id"
        case placeKind = "place_kind"
        case categories
        case hateIncident = "hate_incident"
        case hateStrands = "hate_strands"
        case reporterPerson = "reporter_person"
        case respondentKind = "respondent_kind"
        case respondentPerson = "respondent_person"
        case separateCase = "separate_case"
        case duplicateOf = "duplicate_of"
        case caseSearch = "case_search"
    }
}

/// A triage decision that passed every check.
struct ValidTriage: Sendable {
    var decision: TriageRules.Decision
    var existingCase: CaseRecord?
    var wardID: UUID?
    var placeKind: PlaceKind
    var categoryIDs: [UUID]
    var hateStrands: [HateStrand]
    var reporterPersonID: UUID?
    var respondentKind: RespondentKind
    var respondentPersonID: UUID?
    /// For a duplicate: the report it repeats (the first of a chain, so a report is counted once).
    var original: Report? = nil
}

/// Applies triage: marks the report, and for casework outcomes opens a case
/// or joins one, with parties, deadline, repeat prompts and audit, all in
/// the caller's unit of work.
enum TriageService {
    struct Context: Sendable {
        var policy: IntakePolicy
        var user: CurrentUser
        var actor: AuditActor
        var now: Date
        var linkTo: UUID?
    }

    static func apply(_ triage: ValidTriage, to report: Report, context: Context, in work: UnitOfWork) async throws
        -> CaseRecord?
    {
        // The context says who triaged and when (the demo loader triages in the past), so the unit's events and
        // timeline lines are dated and signed by it, as they were before the unit of work.
        let work = work.at(context.now).by(context.actor)
        let decision = triage.decision
        report.status = Report.Status.triaged
        report.triageOutcome = decision.outcome
        report.triageReason = decision.reason
        report.$triagedBy.id = context.user.id
        report.triagedAt = context.now
        report.policeReferred = decision.outcome == .referPolice || TriageRules.alsoReferToPolice(decision)
        report.hateIncident = decision.isHateIncident
        report.hateStrands = HateStrand.store(triage.hateStrands)
        if triage.wardID != nil { report.$ward.id = triage.wardID }

        var record: CaseRecord?
        switch decision.outcome {
        case .openCase:
            record = try await openCase(triage, from: report, context: context, in: work)
        case .addToCase:
            if let existing = triage.existingCase {
                try await join(existing, triage, report: report, context: context, in: work)
                record = existing
            }
        case .housingLowLevel, .notASB, .referPolice, .referNoiseTeam:
            break
        case .duplicate:
            if let original = triage.original {
                report.$duplicateOf.id = try original.requireID()
                if let caseID = original.$caseRecord.id {
                    try await work.timeline(
                        caseID, kind: .triage,
                        "Report \(report.reference) repeats report \(original.reference) and is counted once",
                        actorID: context.user.id)
                }
            }
        }
        if let record {
            report.$caseRecord.id = try record.requireID()
            try await addReporter(triage, report: report, to: record, context: context, in: work)
            try await addRespondent(triage, report: report, to: record, context: context, in: work)
            try await assessRepeats(report: report, case: record, context: context, in: work)
            if decision.isHateIncident {
                let risk = RiskService.Context(
                    userID: context.user.id, actor: context.actor, now: context.now, calendar: context.policy.calendar)
                try await RiskService.hateIncident(caseID: try record.requireID(), context: risk, in: work)
            }
        }
        try await work.update(report, "Triaged report \(report.reference): \(decision.outcome.label)")
        return record
    }

    private static func openCase(
        _ triage: ValidTriage, from report: Report, context: Context, in work: UnitOfWork
    ) async throws -> CaseRecord {
        guard let risk = triage.decision.risk else { throw Abort(.badRequest) }
        // A new case starts as reported and moves to triaged: awaiting allocation.
        guard case .success(let status) = CaseLifecycle.move(from: .reported, to: .triaged) else {
            throw Abort(.internalServerError)
        }
        let year = context.policy.calendar.local(context.now).day.year
        let reference = try await ReferenceNumbers.caseReference(year: year, on: work.db)
        let categories = try await Category.query(on: work.db).filter(\.$id ~~ triage.categoryIDs).sort(\.$position)
            .all()
        let what = categories.first?.name ?? "Anti-social behaviour"
        let title = String("\(what), \(report.location)".prefix(200))
        let place = Place(
            kind: triage.placeKind, line1: report.location, postcode: report.locationPostcode, wardID: triage.wardID,
            at: context.now)
        try await work.insert(place, "Added the place of case \(reference)")
        let record = CaseRecord(
            reference: reference, title: title, summary: String(report.description.prefix(2000)),
            status: status, riskLevel: risk, organisationID: context.user.organisationID,
            officerID: nil, at: context.now)
        record.$ward.id = triage.wardID
        record.$place.id = try place.requireID()
        record.location = report.location
        record.hateIncident = triage.decision.isHateIncident
        record.hateStrands = HateStrand.store(triage.hateStrands)
        record.inProgress = report.happeningNow
        record.receivedAt = report.receivedAt
        record.linkedCaseID = context.linkTo
        setDeadline(record, risk: risk, policy: context.policy)
        RiskService.startCase(record, now: context.now, timeZone: context.policy.calendar.timeZone)
        // The case's own event carries its categories by name, so one event reads as the whole new case.
        try await work.insert(
            record, "Opened case \(reference) from report \(report.reference)",
            with: ["categories": categories.map(\.name).joined(separator: ", ")])
        let caseID = try record.requireID()
        for category in categories {
            try await work.insert(
                CaseCategory(caseID: caseID, categoryID: try category.requireID()),
                "Added category \(category.name) to case \(reference)")
        }
        var note = "Opened from report \(report.reference) (\(risk.label) risk): \(triage.decision.reason)"
        if let linked = context.linkTo,
            let old = try await CaseRecord.find(linked, on: work.db)
        {
            note += ". Linked to closed case \(old.reference) about the same parties."
        }
        try await work.timeline(caseID, kind: .triage, note, actorID: context.user.id)
        return record
    }

    /// The response deadline from when the first report was received, on the working-day calendar.
    static func setDeadline(_ record: CaseRecord, risk: RiskLevel, policy: IntakePolicy) {
        guard let received = record.receivedAt else { return }
        let deadline = policy.response.deadline(
            risk: risk, receivedAt: received, inProgress: record.inProgress ?? false, calendar: policy.calendar)
        record.responseTargetAt = deadline.targetAt
        record.responseDueAt = deadline.dueAt
        record.responseBasis = deadline.basis
        record.refreshNextDeadline()
    }

    /// NM01: a further report about the same parties on an open case is a new incident on it.
    private static func join(
        _ record: CaseRecord, _ triage: ValidTriage, report: Report, context: Context, in work: UnitOfWork
    ) async throws {
        let caseID = try record.requireID()
        let existing = Set(
            try await CaseCategory.query(on: work.db).filter(\.$caseRecord.$id == caseID).all()
                .map { $0.$category.id })
        let added = triage.categoryIDs.filter { !existing.contains($0) }
        let names = try await ReportWrites.categoryNames(added, on: work.db)
        for id in added {
            try await work.insert(
                CaseCategory(caseID: caseID, categoryID: id),
                "Added category \(names[id] ?? "unknown") to case \(record.reference)")
        }
        if triage.decision.isHateIncident {
            record.hateIncident = true
            let strands = Set(HateStrand.parse(record.hateStrands)).union(triage.hateStrands)
            record.hateStrands = HateStrand.store(Array(strands))
        }
        record.updatedAt = context.now
        try await work.update(record, "Report \(report.reference) joined case \(record.reference)")
        try await work.timeline(
            caseID, kind: .reportJoined,
            "Further report \(report.reference) added as a new incident (counted once under NM01): "
                + triage.decision.reason,
            actorID: context.user.id)
    }

    private static func addReporter(
        _ triage: ValidTriage, report: Report, to record: CaseRecord, context: Context, in work: UnitOfWork
    ) async throws {
        guard report.reporterKind != ReporterKind.anonymous, let name = report.reporterName else { return }
        let personID: UUID
        if let chosen = triage.reporterPersonID {
            personID = chosen
        } else {
            let person = Person(fullName: name, at: context.now)
            person.phone = report.reporterPhone
            person.email = report.reporterEmail
            person.preferredContact = report.preferredContact
            person.language = report.language
            person.interpreterNeeded = report.interpreterNeeded
            if let address = report.reporterAddress ?? report.reporterPostcode {
                let home = Place(
                    kind: .home, line1: address, postcode: report.reporterPostcode, wardID: nil, at: context.now)
                try await work.insert(home, "Added the home of the reporting person on case \(record.reference)")
                person.$place.id = home.id
            }
            try await work.insert(person, "Added person record")
            personID = try person.requireID()
        }
        report.$reporterPerson.id = personID
        try await addParty(personID: personID, role: .reportingPerson, to: record, context: context, in: work)
    }

    private static func addRespondent(
        _ triage: ValidTriage, report: Report, to record: CaseRecord, context: Context, in work: UnitOfWork
    ) async throws {
        switch triage.respondentKind {
        case .named:
            guard let name = report.respondentName else { return }
            let personID: UUID
            if let chosen = triage.respondentPersonID {
                personID = chosen
            } else {
                let person = Person(fullName: name, at: context.now)
                try await work.insert(person, "Added person record")
                personID = try person.requireID()
            }
            try await addParty(
                personID: personID, role: .respondent, kind: .named, to: record, context: context, in: work)
        case .unknown, .group:
            try await addParty(
                personID: nil, role: .respondent, kind: triage.respondentKind,
                description: report.peopleInvolved ?? report.respondentName, to: record, context: context, in: work)
        }
    }

    /// Adds a party unless that person already holds that role on the case.
    static func addParty(
        personID: UUID?, role: PartyRole, kind: RespondentKind? = nil, description: String? = nil,
        groupPartyID: UUID? = nil, to record: CaseRecord, context: Context, in work: UnitOfWork
    ) async throws {
        let caseID = try record.requireID()
        if let personID {
            let already = try await CaseParty.query(on: work.db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$person.$id == personID).filter(\.$role == role).count()
            if already > 0 { return }
        }
        let party = CaseParty(
            caseID: caseID, personID: personID, role: role, respondentKind: kind,
            description: description.map { String($0.prefix(2000)) }, groupPartyID: groupPartyID, at: context.now)
        try await work.insert(party, "Added \(role.label.lowercased()) to case \(record.reference)")
    }

    /// A second report within the window prompts the Case Review explanation;
    /// reaching the threshold flags the case.
    private static func assessRepeats(
        report: Report, case record: CaseRecord, context: Context, in work: UnitOfWork
    ) async throws {
        guard let personID = report.$reporterPerson.id else { return }
        // A report marked a duplicate is counted once: through the report it repeats.
        let earlier = try await Report.query(on: work.db).filter(\.$reporterPerson.$id == personID)
            .filter(\.$id != (report.id ?? UUID())).filter(\.$duplicateOf.$id == nil)
            .filter(
                \.$receivedAt
                    > context.now.addingTimeInterval(-Double(context.policy.repeats.windowMonths + 1) * 31 * 86_400)
            )
            .all().map(\.receivedAt)
        let assessment = context.policy.repeats.assess(
            reportDates: earlier + [report.receivedAt], now: context.now, timeZone: context.policy.calendar.timeZone)
        let caseID = try record.requireID()
        // Set only when it changes: the unit saves any field that was assigned, even to the same value.
        if assessment.explainCaseReview && record.caseReviewExplainedAt == nil && record.caseReviewPrompt != true {
            record.caseReviewPrompt = true
        }
        if assessment.thresholdMet && record.thresholdFlaggedAt == nil {
            record.thresholdFlaggedAt = context.now
            // Lambeth 3.3.2: the vulnerability assessment is offered when the threshold is met.
            RiskService.offer(record, occasion: .caseReviewThreshold, at: context.now)
            try await work.timeline(
                caseID, kind: .caseReviewThreshold,
                "ASB Case Review threshold met: \(assessment.reportsInWindow) reports in "
                    + "\(context.policy.repeats.windowMonths) months",
                actorID: nil)
        }
        // Nothing assigned: the unit writes nothing and records no event.
        try await work.update(record, "Repeat reporting assessed on case \(record.reference)")
    }
}
