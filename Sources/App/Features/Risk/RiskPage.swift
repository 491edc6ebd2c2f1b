import Fluent
import Foundation
import TandemCore
import Vapor

/// The case's risk and vulnerability page: assessments and their trend,
/// tasks, line-manager oversight, respondents, mental health (links only, for
/// those with a need to know), safety markers, home visits and safeguarding.
enum RiskPageBuilder {
    struct AssessmentRow: Encodable {
        var when: String
        var person: String
        var occasion: String
        var declined: Bool
        var total: Int?
        var band: String?
        var scoredBand: String?
        var adjustmentReason: String?
        var note: String?
        var by: String
        var trend: String?
    }

    struct TaskRow: Encodable {
        var id: String
        /// Where the task's form posts.
        var action: String
        var label: String
        var guidance: String
        var due: String?
        var overdue: Bool
        var source: String
        var needsSenior: Bool
        var mayDecide: Bool
        var status: String
        var completed: String?
        var completedBy: String?
        var note: String?
        var error: String?
        /// The partner organisation the task was given to (issue 19).
        var assignedTo: String?
        /// A partner marks the task it was given as done; the owning team gives open tasks to partners.
        var mayComplete: Bool
        var mayAssign: Bool
        var assignAction: String
        var assignChoices: [Choice]
    }

    struct OversightRow: Encodable {
        var discussedOn: String
        var band: String
        var notes: String
        var decisions: String
        var nextDue: String
        var by: String
    }

    struct MentalHealthRow: Encodable {
        var id: String
        var href: String
        var who: String
        var recorded: String
    }

    struct MarkerRow: Encodable {
        var id: String
        /// Where the marker's "Remove" form posts.
        var removeAction: String
        var on: String
        var label: String
        var added: String
    }

    struct VisitRow: Encodable {
        var when: String
        var checks: String
        var companion: String?
        var notes: String?
        var by: String
    }

    struct SafeguardingRow: Encodable {
        var id: String
        /// Where the concern's outcome form posts.
        var action: String
        var kind: String
        var who: String?
        var raisedTo: String
        var raisedOn: String
        var reference: String?
        var concern: String
        var outcome: String?
        var outcomeOn: String?
        var error: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var caseID: String
        var reference: String
        var title: String
        var mayWork: Bool
        var caseBand: String?
        var assessedBand: String?
        var trend: String?
        var assessmentDue: String?
        var assessmentOverdue: Bool
        var assessmentDueReason: String?
        var assessments: [AssessmentRow]
        var hasAssessments: Bool
        var offerOccasions: [Choice]
        var openTasks: [TaskRow]
        var hasOpenTasks: Bool
        var closedTasks: [TaskRow]
        var hasClosedTasks: Bool
        var decisions: [Choice]
        var oversightBand: String
        var oversightDue: String?
        var oversightOverdue: Bool
        var oversightCadence: String
        var discussions: [OversightRow]
        var hasDiscussions: Bool
        var mayRecordOversight: Bool
        var today: String
        var defaultNextDue: String
        var respondents: [RespondentRow]
        var hasRespondents: Bool
        var hasRespondentParties: Bool
        var mayViewMentalHealth: Bool
        var mayRecordMentalHealth: Bool
        var mentalHealth: [MentalHealthRow]
        var hasMentalHealth: Bool
        var markers: [MarkerRow]
        var hasMarkers: Bool
        var markerTargets: [Choice]
        var markerKinds: [Choice]
        var visits: [VisitRow]
        var hasVisits: Bool
        var visitChecks: [Choice]
        var safeguarding: [SafeguardingRow]
        var hasSafeguarding: Bool
        var safeguardingKinds: [Choice]
        var partyChoices: [Choice]
    }

    static func render(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> View
    {
        try await request.view.render("risk/case", try await build(request, record: record, facts: facts, form: form))
    }

    static func build(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> Page
    {
        let db = request.db
        let now = request.now
        let caseID = try record.requireID()
        let timeZone = DisplayDate.london
        let assessments = try await VulnerabilityAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$person).with(\.$assessedBy).sort(\.$assessedAt, .ascending).all()
        let tasks = try await RiskTask.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$completedBy).with(\.$assignedOrganisation)
            .sort(\.$createdAt, .descending).all()
        let discussions = try await OversightDiscussion.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$recordedBy).sort(\.$recordedAt, .descending).all()
        let parties = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$person)
            .sort(\.$addedAt).all()
        let respondents = try await RespondentAssessmentRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$assessedBy).sort(\.$assessedAt, .descending).all()
        let visits = try await HomeVisit.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$recordedBy)
            .sort(\.$visitedAt, .descending).all()
        let concerns = try await SafeguardingConcern.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt, .descending).all()
        let mayViewMentalHealth = request.may(.viewMentalHealth(facts))
        let mentalHealth =
            mayViewMentalHealth
            ? try await MentalHealthRecord.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$recordedAt, .descending).all() : []
        let markers = try await SafetyMarkers.active(for: parties, place: record.$place.id, on: db)

        func partyName(_ id: UUID?) -> String {
            guard let party = parties.first(where: { $0.id == id }) else { return "Not known" }
            let role = party.role.label
            return "\(party.person?.fullName ?? party.description ?? "Not identified") (\(role.lowercased()))"
        }

        var rows: [AssessmentRow] = []
        var previous: RiskLevel?
        for assessment in assessments {
            let band = assessment.band
            let trend = VulnerabilityAssessment.trend(from: previous, to: band)
            if band != nil { previous = band }
            let scored = assessment.scoredBand
            rows.append(
                AssessmentRow(
                    when: DisplayDate.dayAndTime(assessment.assessedAt), person: assessment.person.fullName,
                    occasion: assessment.occasion.label,
                    declined: assessment.declined, total: assessment.total, band: band?.rawValue,
                    scoredBand: scored != band ? scored?.label : nil, adjustmentReason: assessment.adjustmentReason,
                    note: assessment.note, by: assessment.assessedBy.displayName, trend: trend?.label))
        }
        let latestTrend = rows.last(where: { !$0.declined })?.trend

        let mayWork = request.may(.workCase(facts)) && record.isActive
        let mayDecide = request.may(.decidePanelReferral(facts))
        let links = CaseLinks(caseID)
        // The organisations a task can be given to: only for the owning team, who give them.
        // The organisations, read only when the team has a task to give or one a partner closed, to name them.
        let team = record.$organisation.id
        let needsOrganisations =
            mayWork
            && tasks.contains { task in
                (task.status == .open && TaskRules.assignmentProblem(kind: task.kind, status: task.status) == nil)
                    || (task.completedBy.map { $0.$organisation.id != team } ?? false)
            }
        let partners =
            needsOrganisations
            ? try await Organisation.query(on: db).filter(\.$active == true).filter(\.$id != team).sort(\.$name).all()
            : []
        let names = Dictionary(partners.compactMap { org in org.id.map { ($0, org.name) } }) { first, _ in first }
        let taskRows = tasks.map { task in
            let open = task.status == .open
            let assigned = task.$assignedOrganisation.id
            let mayAssign =
                open && mayWork && TaskRules.assignmentProblem(kind: task.kind, status: task.status) == nil
            // A partner's colleague is named with their organisation, so the team sees who did the work.
            let completer = task.completedBy.map { user in
                user.displayName + (names[user.$organisation.id].map { " (\($0))" } ?? "")
            }
            return TaskRow(
                id: task.id?.uuidString ?? "", action: task.id.map { links.to(.task(.value($0))) } ?? "",
                label: task.kind.label, guidance: task.kind.guidance,
                due: task.dueAt.map(DisplayDate.dayAndTime) ?? (task.status == .open ? "At the next contact" : nil),
                overdue: task.status == .open && (task.dueAt.map { $0 < now } ?? false), source: task.source,
                needsSenior: task.kind.needsSeniorDecision, mayDecide: mayDecide && mayWork,
                status: task.decision.map { $0 == .confirmed ? "Referral confirmed" : "Not referred" }
                    ?? task.status.label,
                completed: task.completedAt.map(DisplayDate.dayAndTime), completedBy: completer,
                note: task.note, error: form.errors["task-\(task.id?.uuidString ?? "")"],
                assignedTo: task.$assignedOrganisation.value??.name,
                mayComplete: open && !mayWork && record.isActive
                    && request.may(.completeOwnedWork(facts, ownerOrganisationID: assigned)),
                mayAssign: mayAssign,
                assignAction: task.id.map { links.to(.taskAssignment(.value($0))) } ?? "",
                assignChoices: mayAssign
                    ? Self.assignChoices(
                        partners.filter { RiskController.mayOwnTasks($0.id, facts: facts) || $0.id == assigned },
                        assigned: assigned, team: record) : [])
        }
        // Open tasks soonest first; those due "at the next contact" last.
        let openOrdered = zip(tasks, taskRows).filter { $0.0.status == .open }
            .sorted { ($0.0.dueAt ?? .distantFuture) < ($1.0.dueAt ?? .distantFuture) }.map(\.1)
        let closedTasks = taskRows.filter { $0.status != "Open" }

        let band = Oversight.band(caseRisk: record.riskLevel, vulnerability: record.vulnerabilityBand)
        let today = WorkingCalendar(timeZone: timeZone).local(now).day
        let respondentParties = parties.filter { $0.role == PartyRole.respondent }
        let personParties = parties.filter { $0.$person.id != nil }
        var targets: [Choice] = []
        var seenPeople = Set<UUID>()
        for party in personParties {
            guard let person = party.person, let id = person.id, seenPeople.insert(id).inserted else { continue }
            targets.append(Choice(value: "person:\(id.uuidString)", label: person.fullName, selected: false))
        }
        if let place = record.place, let placeID = place.id {
            targets.append(
                Choice(value: "place:\(placeID.uuidString)", label: "The address: \(place.oneLine)", selected: false))
        }

        return Page(
            layout: request.layout(
                title: form.isValid
                    ? "Risk and vulnerability, \(record.reference)"
                    : "Error: Risk and vulnerability, \(record.reference)", section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .risk),
            caseID: caseID.uuidString, reference: record.reference, title: record.title, mayWork: mayWork,
            caseBand: record.riskLevel?.rawValue, assessedBand: record.vulnerabilityBand?.rawValue, trend: latestTrend,
            assessmentDue: record.vulnerabilityDueAt.map(DisplayDate.dayAndTime),
            assessmentOverdue: record.vulnerabilityDueAt.map { $0 < now } ?? false,
            assessmentDueReason: record.vulnerabilityDueReason?.label,
            assessments: rows.reversed(), hasAssessments: !rows.isEmpty,
            offerOccasions: Choice.list(
                AssessmentOccasion.recordedByOfficer, value: \.rawValue, label: \.label, selected: []),
            openTasks: openOrdered, hasOpenTasks: !openOrdered.isEmpty, closedTasks: closedTasks,
            hasClosedTasks: !closedTasks.isEmpty,
            decisions: Choice.list(SeniorDecision.allCases, value: \.rawValue, label: \.label, selected: []),
            oversightBand: band.label,
            oversightDue: record.oversightDueAt.map(DisplayDate.day),
            oversightOverdue: record.oversightDueAt.map { $0 < now } ?? false,
            oversightCadence: band == .high ? "at least every fortnight" : "monthly",
            discussions: discussions.map {
                OversightRow(
                    discussedOn: DisplayDate.civil($0.discussedOn), band: $0.band.label, notes: $0.notes,
                    decisions: $0.decisions, nextDue: DisplayDate.civil($0.nextDueOn),
                    by: $0.recordedBy.displayName)
            }, hasDiscussions: !discussions.isEmpty,
            mayRecordOversight: request.may(.recordOversight(facts)) && mayWork,
            today: today.description, defaultNextDue: Oversight.latestCivil(after: today, band: band).description,
            // Special category factors and notes only for those whose access opens them (RespondentRows.swift).
            respondents: try Self.respondentRows(respondents, request: request, facts: facts, partyName: partyName),
            hasRespondents: !respondents.isEmpty, hasRespondentParties: !respondentParties.isEmpty,
            mayViewMentalHealth: mayViewMentalHealth,
            mayRecordMentalHealth: request.may(.recordMentalHealth(facts)) && mayWork,
            mentalHealth: mentalHealth.map {
                MentalHealthRow(
                    id: $0.id?.uuidString ?? "", href: $0.id.map { links.to(.mentalHealthRecord(.value($0))) } ?? "",
                    who: partyName($0.$party.id),
                    recorded: DisplayDate.day($0.recordedAt))
            }, hasMentalHealth: !mentalHealth.isEmpty,
            markers: markers.map { marker in
                MarkerRow(
                    id: marker.id?.uuidString ?? "",
                    removeAction: marker.id.map { links.to(.removeMarker(.value($0))) } ?? "",
                    on: marker.$place.id != nil
                        ? "The address"
                        : parties.first { $0.$person.id == marker.$person.id }?.person?.fullName ?? "Person",
                    label: marker.label, added: DisplayDate.day(marker.addedAt))
            }, hasMarkers: !markers.isEmpty, markerTargets: targets,
            markerKinds: Choice.list(SafetyMarkerKind.allCases, value: \.rawValue, label: \.label, selected: []),
            visits: visits.map {
                VisitRow(
                    when: DisplayDate.dayAndTime($0.visitedAt),
                    checks: Self.labels($0.checks, HomeVisitCheck.self, \.label), companion: $0.companion,
                    notes: $0.notes, by: $0.recordedBy.displayName)
            }, hasVisits: !visits.isEmpty,
            visitChecks: Choice.list(HomeVisitCheck.allCases, value: \.rawValue, label: \.label, selected: []),
            safeguarding: concerns.map {
                SafeguardingRow(
                    id: $0.id?.uuidString ?? "",
                    action: $0.id.map { links.to(.safeguardingOutcome(.value($0))) } ?? "",
                    kind: $0.kind.label,
                    who: $0.$party.id.map { partyName($0) }, raisedTo: $0.raisedTo,
                    raisedOn: DisplayDate.civil($0.raisedOn), reference: $0.reference, concern: $0.concern,
                    outcome: $0.outcome, outcomeOn: $0.outcomeOn.map(DisplayDate.civil),
                    error: form.errors["outcome-\($0.id?.uuidString ?? "")"])
            }, hasSafeguarding: !concerns.isEmpty,
            safeguardingKinds: Choice.list(SafeguardingKind.allCases, value: \.rawValue, label: \.label, selected: []),
            partyChoices: parties.compactMap { party in
                guard let id = party.id else { return nil }
                return Choice(value: id.uuidString, label: partyName(id), selected: false)
            })
    }

    /// Who a task can be given to: the owning team, or an active partner organisation in Tandem.
    static func assignChoices(_ partners: [Organisation], assigned: UUID?, team record: CaseRecord) -> [Choice] {
        [Choice(value: "", label: "Our team (\(record.organisation.name))", selected: assigned == nil)]
            + partners.compactMap { organisation in
                organisation.id.map { Choice(value: $0.uuidString, label: organisation.name, selected: $0 == assigned) }
            }
    }

    /// "a,b" stored values as their labels.
    static func labels<T: RawRepresentable>(_ stored: String, _ type: T.Type, _ label: (T) -> String) -> String
    where T.RawValue == String {
        let names = stored.split(separator: ",").compactMap { T(rawValue: String($0)) }.map(label)
        return names.isEmpty ? "None recorded" : names.joined(separator: "; ")
    }
}

/// Safety markers on the people and the address of a case.
enum SafetyMarkers {
    static func active(for parties: [CaseParty], place placeID: UUID?, on db: any Database) async throws
        -> [SafetyMarker]
    {
        let people = parties.compactMap { $0.$person.id }
        guard !people.isEmpty || placeID != nil else { return [] }
        return try await SafetyMarker.query(on: db).filter(\.$removedAt == nil).group(.or) { or in
            if !people.isEmpty { or.filter(\.$person.$id ~~ people) }
            if let placeID { or.filter(\.$place.$id == placeID) }
        }.sort(\.$addedAt).all()
    }
}
