import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The case page: summary, deadlines, prompts, parties, timeline and the
/// actions the user may take. One page model, built here, rendered by Leaf.
enum CasePageBuilder {
    struct PartyRow: Encodable {
        var role: String
        var name: String?
        var personID: String?
        /// The person's page, when the party is a known person.
        var href: String?
        var detail: String?
        /// Safety markers on this person, shown wherever they appear.
        var markers: [String]
    }

    struct TimelineRow: Encodable {
        var when: String
        var kind: String
        var text: String
        var reportID: String?
        var sortKey: Double
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var caseID: String
        var caseRow: CaseRow
        var summary: String
        var organisation: String
        var sharedWith: [String]
        var isShared: Bool
        var location: String?
        var categories: String
        var hate: Bool
        var hateStrands: String
        var linkedCase: CaseRow?
        var received: String?
        var responseBasis: String?
        var responseTarget: String?
        var responseDue: String?
        var responseOverdue: Bool
        var acknowledged: String?
        var caseReviewPrompt: Bool
        var caseReviewExplained: String?
        var thresholdFlagged: String?
        var parties: [PartyRow]
        var hasParties: Bool
        var anonymousReporter: Bool
        var timeline: [TimelineRow]
        var mayWork: Bool
        var mayAllocate: Bool
        /// Escaped `<option>` markup (`OptionList`).
        var officerOptions: String
        var risks: [Choice]
        var acknowledgementMethods: [Choice]
        var partyRoles: [Choice]
        var groups: [Choice]
        var hasGroups: Bool
        var isActive: Bool
        var nextStep: String?
        var place: PlaceForm
        var risk: RiskSummary
        var header: Casework.Header
        var contact: ContactSummary
        var partnership: CasePartnership
    }

    /// "Our Promise": the next contact, and a quick way to log one.
    struct ContactSummary: Encodable {
        var frequency: String
        var nextDue: String?
        var state: String?
        var stateLabel: String?
        var channels: [Choice]
        var today: String
        var time: String
        var withWhom: String
        var summary: String
    }

    /// The case page's view of risk; the detail is on the risk page.
    struct RiskSummary: Encodable {
        var assessedBand: String?
        var assessmentDue: String?
        var assessmentOverdue: Bool
        var oversightDue: String?
        var oversightOverdue: Bool
        var openTasks: Int
        var overdueTasks: Int
        var placeMarkers: [String]
        var hasPlaceMarkers: Bool
    }

    /// The place form, filled from the case's place.
    struct PlaceForm: Encodable {
        var kinds: [Choice]
        var line1: String
        var postcode: String
        var propertyReference: String
        var wards: [Choice]
        var estates: [Choice]
        var tenures: [Choice]
        var landlords: [Choice]
        var summary: String?
    }

    static func render(
        _ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState
    ) async throws -> View {
        let page = try await build(request, record: record, facts: facts, form: form)
        return try await request.view.render("cases/show", page)
    }

    static func build(
        _ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState
    ) async throws -> Page {
        let db = request.db
        let now = request.now
        let caseID = try record.requireID()
        let shareRows =
            if let loaded = request.storage[LoadedShares.self] { loaded } else {
                try await CaseShare.query(on: db).filter(\.$caseRecord.$id == caseID).all()
            }
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        // "Shared with" lists the shares in force. That a health agency holds special category data on the case
        // is itself special category, so a viewer without that section does not learn which agencies hold it.
        let today = request.today()
        let seesSpecialCategory = request.may(.viewSection(facts, .specialCategory))
        let listedShares = shareRows.filter {
            $0.isActive(today: today) && (seesSpecialCategory || !$0.sectionSet.contains(.specialCategory))
        }
        let sharedOrganisations = try await CasePageReads.sharedWith(listedShares.map { $0.$organisation.id }, on: sql)
        let categories = try await CasePageReads.categories(caseID, on: sql)
        let parties = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$person)
            .sort(\.$addedAt).all()
        // A partner sees only what its share opens (issue 19): what it may not see is not read at all.
        let access = CasePartnership.Access(request, facts: facts)
        let reports = access.reports ? try await CasePageReads.reports(caseID, on: sql) : []
        let events = try await CasePageReads.events(caseID, kinds: access.eventKinds, on: sql)
        let openTasks =
            access.risk
            ? try await CasePageReads.openTasks(caseID, now: now, on: sql) : .init(open: 0, overdue: 0)
        let markers = access.risk ? try await SafetyMarkers.active(for: parties, place: record.$place.id, on: db) : []
        let partnership = try await CasePartnership.build(
            request, record: record, facts: facts, access: access, form: form, on: sql)
        let calendar = try await request.intakePolicy().calendar
        let local = calendar.local(now)
        let contactState = record.nextContactDueAt.map { ContactPromise.state(due: $0, now: now, calendar: calendar) }
        var linked: CaseRow?
        if let linkedID = record.linkedCaseID, let old = try await CaseRecord.find(linkedID, on: db) {
            linked = try CaseQueries.row(old, now: now)
        }

        var timeline: [TimelineRow] = reports.map { report in
            let channel = ReportChannel(rawValue: report.channel)?.label ?? report.channel
            let date = CivilDate(iso: report.behaviourDate).map(DisplayDate.civil) ?? report.behaviourDate
            // An incident a partner agency recorded is labelled with the agency and its own reference.
            let from = report.partnerName.map { " from \($0), ref \(report.partnerReference ?? "none")" } ?? ""
            return TimelineRow(
                when: DisplayDate.dayAndTime(report.receivedAt),
                kind: "Report \(report.reference)\(from) (\(channel))",
                text: "Behaviour on \(date) at \(report.location): \(report.description)",
                reportID: report.id.uuidString, sortKey: report.receivedAt.timeIntervalSince1970)
        }
        timeline += events.map { event in
            TimelineRow(
                when: DisplayDate.dayAndTime(event.occurredAt),
                kind: event.actorName.map { "Update by \($0)" } ?? "Tandem",
                text: event.summary, reportID: nil, sortKey: event.occurredAt.timeIntervalSince1970)
        }
        timeline.sort { $0.sortKey > $1.sortKey }

        // A partner reads the people on a shared case but may not open their records: no link it cannot follow.
        let mayOpenPeople = request.may(.findPeople)
        let partyRows: [PartyRow] = parties.map { party in
            let role = party.role.label
            var detail: String?
            if let kind = party.respondentKind, kind != .named {
                detail = kind == .group ? "Group" : "Identity not known"
                if let description = party.description { detail! += ": \(description)" }
            } else if party.groupPartyID != nil {
                detail = "Member of a group"
            }
            return PartyRow(
                role: role, name: party.person?.fullName, personID: party.$person.id?.uuidString,
                href: mayOpenPeople ? party.$person.id.map { SiteURL.person(.value($0)).path } : nil, detail: detail,
                markers: markers.filter { $0.$person.id != nil && $0.$person.id == party.$person.id }.map(\.label))
        }
        let groups = parties.filter { $0.respondentKind == RespondentKind.group }
        let status = record.status
        let mayWork = request.may(.workCase(facts))
        let mayAllocate = request.may(.allocateCases) && mayWork && record.isActive
        let officers = mayAllocate ? try await Allocation.officers(of: record.$organisation.id, on: db) : []
        let loads = mayAllocate ? try await Allocation.caseloads(of: record.$organisation.id, on: db) : [:]

        let nextStep: String? =
            switch CaseNextStep.suggest(
                .init(
                    status: status, hasOfficer: record.$officer.id != nil, acknowledgedAt: record.acknowledgedAt,
                    responseDueAt: record.responseDueAt, caseReviewPrompt: record.caseReviewPrompt == true,
                    caseReviewExplainedAt: record.caseReviewExplainedAt, vulnerabilityDueAt: record.vulnerabilityDueAt))
            {
            case .allocate: "Allocate a case officer."
            case .acknowledge(let due):
                "Contact the reporting person and record the acknowledgement by \(DisplayDate.dayAndTime(due))."
            case .explainCaseReview: "Explain the ASB Case Review to the reporting person."
            case .offerVulnerabilityAssessment(let due):
                "Offer the reporting person a vulnerability assessment by \(DisplayDate.dayAndTime(due))."
            case nil: nil
            }

        let place = record.place
        let choices = mayWork ? try await CasePageReads.placeChoices(on: sql) : ([], [], [])
        let (wards, estates, landlords) = choices
        var placeSummary: [String] = []
        if let tenure = place?.tenure { placeSummary.append(tenure.label) }
        if let reference = place?.propertyReference { placeSummary.append("property reference \(reference)") }
        // The form's lists usually hold the landlord and estate already; only a
        // reader who cannot edit (or an inactive one) needs a lookup.
        if let landlordID = place?.$landlord.id {
            if let known = landlords.first(where: { $0.id == landlordID }) {
                placeSummary.append("landlord \(known.name)")
            } else if let landlord = try await Organisation.find(landlordID, on: db) {
                placeSummary.append("landlord \(landlord.name)")
            }
        }
        if let estateID = place?.$estate.id {
            if let known = estates.first(where: { $0.id == estateID }) {
                placeSummary.append("estate \(known.name)")
            } else if let estate = try await Estate.find(estateID, on: db) {
                placeSummary.append("estate \(estate.name)")
            }
        }
        let placeForm = PlaceForm(
            kinds: Choice.list(
                PlaceKind.allCases, value: \.rawValue, label: \.label, selected: [(place?.kind ?? .home).rawValue]),
            line1: place?.line1 ?? record.location ?? "", postcode: place?.postcode ?? "",
            propertyReference: place?.propertyReference ?? "",
            wards: wards.map {
                Choice(value: $0.id.uuidString, label: $0.name, selected: $0.id == record.$ward.id)
            },
            estates: estates.map { estate in
                let wardName = wards.first { $0.id == estate.wardID }?.name ?? ""
                return Choice(
                    value: estate.id.uuidString, label: "\(estate.name) (\(wardName))",
                    selected: estate.id == place?.$estate.id)
            },
            tenures: Choice.list(
                Tenure.allCases, value: \.rawValue, label: \.label, selected: [place?.tenure?.rawValue ?? ""]),
            landlords: landlords.map {
                Choice(value: $0.id.uuidString, label: $0.name, selected: $0.id == place?.$landlord.id)
            },
            summary: placeSummary.isEmpty ? nil : placeSummary.joined(separator: "; "))

        return Page(
            layout: request.layout(
                title: form.isValid ? "Case \(record.reference)" : "Error: Case \(record.reference)", section: .cases),
            form: form,
            caseID: caseID.uuidString,
            caseRow: try CaseQueries.row(record, now: now),
            summary: record.summary,
            organisation: record.organisation.name,
            sharedWith: sharedOrganisations,
            isShared: !listedShares.isEmpty,
            location: record.place?.oneLine ?? record.location,
            categories: categories.joined(separator: "; "),
            hate: record.hateIncident == true,
            hateStrands: HateStrand.parse(record.hateStrands).map(\.label).joined(separator: ", "),
            linkedCase: linked,
            received: record.receivedAt.map(DisplayDate.dayAndTime),
            responseBasis: record.responseBasis?.label,
            responseTarget: record.responseTargetAt.map(DisplayDate.dayAndTime),
            responseDue: record.responseDueAt.map(DisplayDate.dayAndTime),
            responseOverdue: record.acknowledgedAt == nil && (record.responseDueAt.map { $0 < now } ?? false),
            acknowledged: record.acknowledgedAt.map {
                DisplayDate.dayAndTime($0) + (record.acknowledgementMethod.map { " by \($0.rawValue)" } ?? "")
            },
            caseReviewPrompt: record.caseReviewPrompt == true && record.caseReviewExplainedAt == nil,
            caseReviewExplained: record.caseReviewExplainedAt.map(DisplayDate.dayAndTime),
            thresholdFlagged: record.thresholdFlaggedAt.map(DisplayDate.dayAndTime),
            parties: partyRows, hasParties: !partyRows.isEmpty,
            anonymousReporter: !parties.contains { $0.role == PartyRole.reportingPerson },
            timeline: timeline,
            mayWork: mayWork && record.isActive,
            mayAllocate: mayAllocate,
            officerOptions: OptionList.html(
                officers.map {
                    Choice(
                        value: $0.id.uuidString, label: Allocation.label($0, loads: loads),
                        selected: $0.id == record.$officer.id)
                }),
            risks: Choice.list(
                RiskLevel.allCases.reversed(), value: \.rawValue, label: \.label,
                selected: [record.riskLevel?.rawValue ?? ""]),
            acknowledgementMethods: Choice.list(
                ContactMethod.allCases, value: \.rawValue, label: \.label, selected: []),
            partyRoles: Choice.list(PartyRole.allCases, value: \.rawValue, label: \.label, selected: []),
            groups: groups.map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.description ?? "Group", selected: false)
            },
            hasGroups: !groups.isEmpty,
            isActive: record.isActive,
            nextStep: nextStep,
            place: placeForm,
            risk: RiskSummary(
                assessedBand: record.vulnerabilityBand?.rawValue,
                assessmentDue: record.vulnerabilityDueAt.map(DisplayDate.dayAndTime),
                assessmentOverdue: record.vulnerabilityDueAt.map { $0 < now } ?? false,
                oversightDue: record.oversightDueAt.map(DisplayDate.day),
                oversightOverdue: record.oversightDueAt.map { $0 < now } ?? false,
                openTasks: openTasks.open, overdueTasks: openTasks.overdue,
                placeMarkers: markers.filter { $0.$place.id != nil }.map(\.label),
                hasPlaceMarkers: markers.contains { $0.$place.id != nil }),
            header: try Casework.header(request, record, facts: facts, current: .summary),
            contact: ContactSummary(
                frequency: record.promisedFrequency.label, nextDue: record.nextContactDueAt.map(DisplayDate.dayAndTime),
                state: contactState?.rawValue, stateLabel: contactState?.label,
                channels: Choice.list(ContactChannel.allCases, value: \.rawValue, label: \.label, selected: ["phone"]),
                today: local.day.description, time: String(format: "%02d:%02d", local.minute / 60, local.minute % 60),
                withWhom: form.values["contact_with"] ?? "", summary: form.values["contact_summary"] ?? ""),
            partnership: partnership)
    }
}

/// Who can be given a case: active casework officers of the owning organisation.
enum Allocation {
    static let officerRoles: [Role] = [.caseOfficer, .seniorOfficer, .teamManager]

    /// An officer as a choice in a list.
    struct Officer: Sendable {
        var id: UUID
        var displayName: String
    }

    /// Plain rows, one per officer (the role is an `EXISTS`, so an officer
    /// with two casework roles is listed once): a partnership's list can run
    /// to thousands, and loading each as a model cost most of a report page.
    static func officers(of organisationID: UUID, on db: any Database) async throws -> [Officer] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw(
            """
            SELECT u.id AS id, u.display_name AS name FROM users u
            WHERE u.organisation_id = \(bind: organisationID) AND u.active = \(bind: true)
              AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (\(binds: officerRoles.map(\.rawValue))))
            ORDER BY u.display_name, u.id
            """
        ).all().map {
            Officer(
                id: try $0.decode(column: "id", as: UUID.self),
                displayName: try $0.decode(column: "name", as: String.self))
        }
    }

    /// How many officers `officers(of:on:)` would list.
    static func officerCount(of organisationID: UUID, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let row = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users u
            WHERE u.organisation_id = \(bind: organisationID) AND u.active = \(bind: true)
              AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (\(binds: officerRoles.map(\.rawValue))))
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Each officer's open caseload, shown beside their name where a case is given out (issue 20): one row
    /// per officer from the counts the database keeps (M024), never a count of the cases.
    static func caseloads(of organisationID: UUID, on db: any Database) async throws -> [UUID: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw(
            """
            SELECT l.officer_id, CAST(l.open_cases AS BIGINT) AS n FROM officer_caseloads l
            JOIN users u ON u.id = l.officer_id
            WHERE u.organisation_id = \(bind: organisationID) AND l.open_cases > 0
            """
        ).all()
        var loads: [UUID: Int] = [:]
        for row in rows {
            loads[try row.decode(column: "officer_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        return loads
    }

    /// An officer's name with their open caseload, for a list of whom to give a case to.
    static func label(_ officer: Officer, loads: [UUID: Int]) -> String {
        let open = loads[officer.id] ?? 0
        return "\(officer.displayName) (\(open) open case\(open == 1 ? "" : "s"))"
    }

    /// One officer who may be given a case of the organisation, or nil.
    static func officer(_ id: UUID, of organisationID: UUID, on db: any Database) async throws -> User? {
        try await User.query(on: db)
            .filter(\.$id == id)
            .filter(\.$organisation.$id == organisationID)
            .filter(\.$active == true)
            .join(UserRole.self, on: \User.$id == \UserRole.$user.$id)
            .filter(UserRole.self, \.$role ~~ officerRoles)
            .first()
    }
}
