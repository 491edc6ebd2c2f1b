import Fluent
import Foundation
import TandemCore
import Vapor

/// The triage queue and the triage decision for one report.
struct TriageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.triage, use: queue)
        routes.get(.triageReport(.key), use: show)
        routes.post(.triageReport(.key), use: decide)
    }

    struct QueueRow: Encodable {
        var id: String
        /// The report's triage page.
        var href: String
        var reference: String
        var received: String
        var channel: String
        var location: String
        var summary: String
        var happeningNow: Bool
        var hate: Bool
        var risk: String?
    }

    struct QueuePage: Encodable {
        var layout: LayoutContext
        var rows: [QueueRow]
        var hasRows: Bool
        var filters: QueueFilters.Page
        var paging: Paging
        var pagingQuery: String
        /// The staff report form, for reports taken by phone, letter or in person.
        var newReportHref: String
    }

    @Sendable
    func queue(request: Request) async throws -> View {
        let user = try request.authorize(.triageReports)
        let filters = try await QueueFilters.read(request)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 25)
        var query = Report.query(on: request.db)
            .filter(\.$organisation.$id == user.organisationID)
            .filter(\.$status == Report.Status.awaitingTriage)
        if let ward = filters.wardID { query = query.filter(\.$ward.$id == ward) }
        if let risk = filters.risk { query = query.filter(\.$suggestedRisk == risk) }
        if let category = filters.categoryID {
            query = query.join(ReportCategory.self, on: \Report.$id == \ReportCategory.$report.$id)
                .filter(ReportCategory.self, \.$category.$id == category)
        }
        // Oldest first: the queue is worked in the order reports arrived.
        let reports = try await query.sort(\.$receivedAt, .ascending).sort(\.$reference)
            .offset(paging.offset).limit(paging.perPage + 1).all()
        paging.hasNext = reports.count > paging.perPage
        let rows = try reports.prefix(paging.perPage).map {
            let id = try $0.requireID()
            return QueueRow(
                id: id.uuidString, href: SiteURL.triageReport(.value(id)).path, reference: $0.reference,
                received: DisplayDate.dayAndTime($0.receivedAt),
                channel: $0.channel.label, location: $0.location,
                summary: String($0.description.prefix(140)), happeningNow: $0.happeningNow, hate: $0.hateIncident,
                risk: $0.suggestedRisk?.rawValue)
        }
        return try await request.view.render(
            "triage/queue",
            QueuePage(
                layout: request.layout(title: "Triage queue", section: .triage), rows: rows,
                hasRows: !rows.isEmpty, filters: try await filters.page(on: request.db), paging: paging,
                pagingQuery: filters.query, newReportHref: SiteURL.newReport.path))
    }

    struct RelatedRow: Encodable {
        var id: String
        var reference: String
        var title: String
        var status: String
        var why: String
        var active: Bool
        var selected: Bool
    }

    struct PersonChoice: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ShowPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var report: ReportView
        var isOpen: Bool
        var outcome: String?
        var outcomes: [Choice]
        var risks: [Choice]
        var riskGuidance: [Choice]
        var wards: [Choice]
        var placeKinds: [Choice]
        var categories: [Choice]
        var strands: [Choice]
        var hate: Bool
        var related: [RelatedRow]
        var hasRelated: Bool
        /// Open cases found by the words typed in "Find an open case", beyond the related ones.
        var found: [RelatedRow]
        var hasFound: Bool
        /// Whether the radio list of cases shows: related cases, cases found, or both.
        var showsCaseChoices: Bool
        /// Whether this page answers "Find cases" (so it can say when nothing was found).
        var searched: Bool
        var caseSearch: String
        /// The case reference typed, kept after an error.
        var caseReference: String
        /// What was typed for the report a duplicate repeats.
        var duplicateOf: String = ""
        var routingAdvice: String?
        var reporterChoices: [PersonChoice]
        var hasReporterChoices: Bool
        var respondentKinds: [Choice]
        var respondentChoices: [PersonChoice]
        var hasRespondentChoices: Bool
        /// Where the decision posts, and the way back to the queue.
        var decideAction: String
        var queueHref: String
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        let user = try request.authorize(.triageReports)
        let report = try await find(request, user: user)
        try await request.auditView(
            recordType: .report, recordID: try report.requireID().uuidString,
            summary: "Viewed report \(report.reference)")
        // "Find an open case" is a GET form on the same page: searching decides nothing and changes nothing.
        let typed = try? request.query.get(String.self, at: "case_search")
        var form = FormState()
        if let typed, let problem = Self.caseSearchProblem(typed) { form.add("case_search", problem) }
        return try await render(request, report: report, user: user, form: form, input: nil, caseSearch: typed)
            .encodeResponse(status: form.isValid ? .ok : .badRequest, for: request)
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let user = try request.authorize(.triageReports)
        let report = try await find(request, user: user)
        let input = (try? request.content.decode(TriageInput.self)) ?? TriageInput()
        guard report.status == Report.Status.awaitingTriage else {
            var form = FormState()
            form.add("outcome", "This report has already been triaged")
            return try await render(request, report: report, user: user, form: form, input: input)
                .encodeResponse(status: .conflict, for: request)
        }
        let related = try await IntakeMatching.cases(for: report, organisationID: user.organisationID, on: request.db)
        let (form, valid) = try await validate(input, report: report, user: user, related: related, on: request.db)
        guard let valid else {
            return try await render(request, report: report, user: user, form: form, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        var linkTo: UUID?
        if valid.decision.outcome == .openCase, case .newCaseLinked(let closed) = IntakeMatching.routing(related) {
            linkTo = closed
        }
        let context = TriageService.Context(
            policy: try await request.intakePolicy(), user: user, actor: request.auditActor,
            now: request.now, linkTo: linkTo)
        let record = try await request.write { work in
            try await TriageService.apply(valid, to: report, context: context, in: work)
        }
        if let record {
            return request.redirect(to: SiteURL.case(.value(try record.requireID())).path, flash: .reportTriaged)
        }
        return request.redirect(to: SiteURL.triage.path, flash: .reportTriaged)
    }

    // MARK: - Validation

    private func validate(
        _ input: TriageInput, report: Report, user: CurrentUser, related: [IntakeMatching.RelatedCase],
        on db: any Database
    ) async throws -> (FormState, ValidTriage?) {
        var form = FormState()
        let outcome = input.outcome.flatMap(TriageOutcome.init(rawValue:))
        if outcome == nil { form.add("outcome", "Select what this report becomes") }
        let reason = TextRules.clean(input.reason)
        if reason.count > 2000 { form.add("reason", "The reason must be 2000 characters or fewer") }
        let risk = input.risk.flatMap { $0.isEmpty ? nil : RiskLevel(rawValue: $0) }
        if let raw = input.risk, !raw.isEmpty, risk == nil { form.add("risk", "Select a risk rating from the list") }

        var existing: CaseRecord?
        if outcome == .addToCase, let raw = input.caseId, !raw.isEmpty {
            // Only a case this organisation owns can take the report; anything else is treated as not found.
            if let id = UUID(uuidString: raw),
                let record = try await CaseRecord.query(on: db).filter(\.$id == id)
                    .filter(\.$organisation.$id == user.organisationID).first()
            {
                if record.isActive {
                    existing = record
                } else {
                    form.add(
                        "case_id",
                        "Case \(record.reference) is closed. Open a new case instead: Tandem links it to the closed one"
                    )
                }
            } else {
                form.add("case_id", "Select a case from the list of related cases")
            }
        } else if outcome == .addToCase, let typed = input.caseReference.map(TextRules.clean), !typed.isEmpty {
            // Any open case of this organisation, found by its reference (issue 20: the related list was the only
            // way, so a report whose match was missed had nowhere to go).
            let reference = typed.uppercased()
            if reference.count > 40 {
                form.add("case_reference", "Enter a case reference, like ASB-2026-00005")
            } else if let record = try await CaseRecord.query(on: db).filter(\.$reference == reference)
                .filter(\.$organisation.$id == user.organisationID).first()
            {
                if record.isActive {
                    existing = record
                } else {
                    form.add(
                        "case_reference",
                        "Case \(record.reference) is closed. Open a new case instead: Tandem links it to the closed one"
                    )
                }
            } else {
                form.add(
                    "case_reference",
                    "No case of your organisation has the reference \(reference). Check it on All cases")
            }
        }
        // A duplicate names the report it repeats, by reference; a chain points at its first report.
        var original: Report?
        if outcome == .duplicate, let typed = input.duplicateOf.map(TextRules.clean), !typed.isEmpty {
            let reference = String(typed.uppercased().prefix(40))
            if let found = try await Report.query(on: db).filter(\.$reference == reference)
                .filter(\.$organisation.$id == user.organisationID).first(), found.id != report.id
            {
                if let first = found.$duplicateOf.id, let root = try await Report.find(first, on: db) {
                    original = root
                } else {
                    original = found
                }
                if original?.id == report.id {
                    original = nil
                    form.add("duplicate_of", "A report cannot repeat itself")
                }
            } else {
                form.add(
                    "duplicate_of",
                    found(reference, isSelf: reference == report.reference))
            }
        }
        var wardID: UUID?
        if let raw = input.wardId, !raw.isEmpty {
            if let id = UUID(uuidString: raw), try await Ward.find(id, on: db) != nil {
                wardID = id
            } else {
                form.add("ward_id", "Select a ward from the list")
            }
        }
        let placeKind = input.placeKind.flatMap(PlaceKind.init(rawValue:)) ?? .home
        let categories = try await Category.query(on: db).all()
        var categoryIDs: [UUID] = []
        for raw in input.categories ?? [] {
            guard let id = UUID(uuidString: raw), categories.contains(where: { $0.id == id }) else {
                form.add("categories", "Select categories from the list")
                break
            }
            if !categoryIDs.contains(id) { categoryIDs.append(id) }
        }
        if outcome == .openCase && categoryIDs.isEmpty {
            form.add("categories", "Select at least one category to open a case")
        }
        let strands = (input.hateStrands ?? []).compactMap(HateStrand.init(rawValue:))
        if strands.count != (input.hateStrands ?? []).count {
            form.add("hate_strands", "Select reasons from the list")
        }
        let hate = TriageRules.isHateIncident(
            reportedAsHate: report.hateIncident, flaggedAtTriage: input.hateIncident == "yes", strands: strands,
            hateCategoryChosen: categoryIDs.contains { id in categories.contains { $0.id == id && $0.marksHate } })

        let reporterPersonID = try await personChoice(
            input.reporterPerson, name: report.reporterName, postcode: report.reporterPostcode,
            field: "reporter_person", organisationID: user.organisationID, form: &form, on: db)
        let respondentKind =
            input.respondentKind.flatMap(RespondentKind.init(rawValue:))
            ?? (report.respondentName == nil ? .unknown : .named)
        if respondentKind == .named && report.respondentName == nil && outcome?.isCasework == true {
            form.add(
                "respondent_kind",
                "The report names no respondent: choose not known or a group, and add named people from the case page")
        }
        let respondentPersonID = try await personChoice(
            input.respondentPerson, name: report.respondentName, postcode: nil, field: "respondent_person",
            organisationID: user.organisationID,
            form: &form, on: db)

        if let outcome {
            var openForSameParties: String?
            if case .joinCase(let openID) = IntakeMatching.routing(related) {
                openForSameParties = related.first { $0.record.id == openID }?.record.reference
            }
            // A case id that was given but refused already has its message; `add` keeps the first per field.
            let decision = TriageRules.Decision(
                outcome: outcome, reason: reason, risk: risk, existingCaseChosen: existing != nil,
                isHateIncident: hate, openCaseForSameParties: openForSameParties,
                separateCaseConfirmed: input.separateCase == "yes", originalChosen: original != nil)
            // The reference field is always on the page (the related list is not), so "choose a case" shows there.
            for problem in TriageRules.problems(decision) {
                form.add(
                    problem.field == "case_id" && input.caseId?.isEmpty != false ? "case_reference" : problem.field,
                    problem.field == "case_id"
                        ? "Select the case to add this report to, or enter its reference" : problem.message)
            }
            guard form.isValid else { return (form, nil) }
            return (
                form,
                ValidTriage(
                    decision: decision, existingCase: existing, wardID: wardID, placeKind: placeKind,
                    categoryIDs: categoryIDs, hateStrands: strands, reporterPersonID: reporterPersonID,
                    respondentKind: respondentKind, respondentPersonID: respondentPersonID, original: original)
            )
        }
        return (form, nil)
    }

    /// Why the words typed to find a case cannot be searched, if they cannot.
    static func caseSearchProblem(_ typed: String?) -> String? {
        let text = TextRules.clean(typed).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "Enter part of a case reference, its title, an address or a postcode" }
        if text.count > 100 { return "Enter 100 characters or fewer to find a case" }
        if case .failure(let problem) = SearchText.normalise(text) { return problem.message }
        return nil
    }

    /// Open cases of the triager's organisation that match the words typed (issue 20, item 5: a report can join
    /// any open case, not only one the address or people matched). Read through the header search's indexes.
    private func foundCases(_ request: Request, typed: String?, user: CurrentUser) async throws
        -> [SearchQueries.CaseHit]
    {
        guard let typed, Self.caseSearchProblem(typed) == nil else { return [] }
        let text = TextRules.clean(typed).trimmingCharacters(in: .whitespaces)
        let hits = try await SearchQueries.cases(
            text, scope: CaseListScope(ownedBy: user.organisationID, sharedWith: nil),
            today: DisplayDate.civilDay(request.now), on: request.db, openOnly: true)
        try await request.auditView(
            recordType: .personSearch, recordID: "-",
            summary: "Searched open cases from triage (\(hits.count) case(s) shown)")
        return hits
    }

    private func found(_ reference: String, isSelf: Bool) -> String {
        isSelf
            ? "A report cannot repeat itself: enter the reference of the earlier report"
            : "No report of your organisation has the reference \(reference)"
    }

    /// "new" (or nothing) creates a person; an id must be one of the likely matches offered.
    private func personChoice(
        _ raw: String?, name: String?, postcode: String?, field: String, organisationID: UUID, form: inout FormState,
        on db: any Database
    ) async throws -> UUID? {
        guard let raw, !raw.isEmpty, raw != "new" else { return nil }
        guard let name, let id = UUID(uuidString: raw),
            try await IntakeMatching.people(
                name: name, dateOfBirth: nil, postcode: postcode, knownTo: organisationID, on: db
            )
            .contains(where: { $0.person.id == id })
        else {
            form.add(field, "Select one of the people listed, or a new person")
            return nil
        }
        return id
    }

    // MARK: - Rendering

    private func find(_ request: Request, user: CurrentUser) async throws -> Report {
        guard let id = request.parameters.get("reportID", as: UUID.self),
            let report = try await Report.query(on: request.db).filter(\.$id == id)
                .filter(\.$organisation.$id == user.organisationID).with(\.$ward).first()
        else { throw Abort(.notFound) }
        return report
    }

    private func render(
        _ request: Request, report: Report, user: CurrentUser, form: FormState, input: TriageInput?,
        caseSearch: String? = nil
    ) async throws -> View {
        let caseSearch = caseSearch ?? input?.caseSearch.flatMap { TextRules.clean($0).isEmpty ? nil : $0 }
        let db = request.db
        let reportID = try report.requireID()
        let reportCategories = try await ReportCategory.query(on: db).filter(\.$report.$id == reportID).all()
            .map { $0.$category.id.uuidString }
        let related = try await IntakeMatching.cases(for: report, organisationID: user.organisationID, on: db)
        let routing = IntakeMatching.routing(related)
        var suggestedOutcome: TriageOutcome?
        var suggestedCase: UUID?
        var advice: String?
        switch routing {
        case .joinCase(let id):
            suggestedOutcome = .addToCase
            suggestedCase = id
            let reference = related.first { $0.record.id == id }?.record.reference ?? ""
            advice =
                "Case \(reference) is open for the same people or address. Under the NM01 counting rule this report joins it as a new incident."
        case .newCaseLinked(let id):
            let reference = related.first { $0.record.id == id }?.record.reference ?? ""
            advice = "Case \(reference) about the same people or address is closed. A new case will be linked to it."
        case .newCase:
            break
        }
        let chosenOutcome = input?.outcome ?? suggestedOutcome?.rawValue
        let chosenCase = input?.caseId ?? suggestedCase?.uuidString
        let relatedIDs = Set(related.compactMap { $0.record.id })
        let found = try await foundCases(request, typed: caseSearch, user: user)
            .filter { !relatedIDs.contains($0.id) }
        let categories = try await Category.query(on: db).filter(\.$active == true).sort(\.$position).all()
        let chosenCategories = Set(input?.categories ?? reportCategories)
        let chosenStrands = Set(input?.hateStrands ?? HateStrand.parse(report.hateStrands).map(\.rawValue))
        let wards = try await Ward.query(on: db).filter(\.$active == true).sort(\.$name).all()
        let chosenWard = input?.wardId ?? report.$ward.id?.uuidString
        let policy = try await IntakePolicy.load(on: db)

        func people(_ name: String?, postcode: String?, chosen: String?) async throws -> [PersonChoice] {
            guard let name else { return [] }
            let matches = try await IntakeMatching.people(
                name: name, dateOfBirth: nil, postcode: postcode, knownTo: user.organisationID, on: db)
            guard !matches.isEmpty else { return [] }
            // Suggest the best match when the whole name agrees; the triager confirms or changes it.
            let suggested =
                matches.first.flatMap { $0.match.reasons.contains("same name") ? $0.person.id?.uuidString : nil }
                ?? "new"
            var choices = matches.map { item in
                var label = item.person.fullName
                if let dob = item.person.dateOfBirth { label += ", born \(dob)" }
                if let place = item.person.place { label += ", \(place.oneLine)" }
                label += " (\(item.match.reasons.joined(separator: ", ")))"
                return PersonChoice(
                    value: item.person.id?.uuidString ?? "", label: label,
                    selected: (chosen ?? suggested) == item.person.id?.uuidString)
            }
            choices.append(
                PersonChoice(
                    value: "new", label: "None of these: add \(name) as a new person",
                    selected: (chosen ?? suggested) == "new"))
            return choices
        }
        let reporterChoices =
            report.reporterKind == ReporterKind.anonymous
            ? []
            : try await people(report.reporterName, postcode: report.reporterPostcode, chosen: input?.reporterPerson)
        let respondentChoices = try await people(
            report.respondentName, postcode: nil, chosen: input?.respondentPerson)
        let respondentKind =
            input?.respondentKind ?? (report.respondentName == nil ? RespondentKind.unknown : .named).rawValue

        var values = form.values
        values["reason"] = input?.reason ?? ""
        var shownForm = form
        shownForm.values = values
        let page = ShowPage(
            layout: request.layout(
                title: form.isValid ? "Triage \(report.reference)" : "Error: Triage \(report.reference)",
                section: .triage),
            form: shownForm,
            report: try ReportView(
                report, categories: categories.filter { reportCategories.contains($0.id?.uuidString ?? "") }),
            isOpen: report.status == Report.Status.awaitingTriage,
            outcome: report.triageOutcome?.label,
            outcomes: Choice.list(
                TriageOutcome.allCases, value: \.rawValue, label: \.label, selected: [chosenOutcome ?? ""]),
            risks: Choice.list(
                RiskLevel.allCases.reversed(), value: \.rawValue, label: \.label,
                selected: [input?.risk ?? report.suggestedRisk?.rawValue ?? ""]),
            riskGuidance: RiskLevel.allCases.reversed().map { risk in
                let target = policy.response.targets[risk]
                return Choice(
                    value: risk.label,
                    label: target.map {
                        $0.targetWorkingDays == $0.limitWorkingDays
                            ? "within \($0.limitWorkingDays) working day\($0.limitWorkingDays == 1 ? "" : "s")"
                            : "within \($0.targetWorkingDays) to \($0.limitWorkingDays) working days"
                    } ?? "", selected: false, hint: target?.guidance)
            },
            wards: wards.map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id?.uuidString == chosenWard)
            },
            placeKinds: Choice.list(
                PlaceKind.allCases, value: \.rawValue, label: \.label, selected: [input?.placeKind ?? "home"]),
            categories: Choice.list(
                categories, value: { $0.id?.uuidString ?? "" }, label: \.name, selected: chosenCategories),
            strands: Choice.list(HateStrand.allCases, value: \.rawValue, label: \.label, selected: chosenStrands),
            hate: input.map { $0.hateIncident == "yes" } ?? report.hateIncident,
            related: related.compactMap { item in
                guard let id = item.record.id else { return nil }
                return RelatedRow(
                    id: id.uuidString, reference: item.record.reference, title: item.record.title,
                    status: item.record.status.label, why: item.why.joined(separator: ", "),
                    active: item.record.isActive, selected: chosenCase == id.uuidString)
            },
            hasRelated: !related.isEmpty,
            found: found.map { hit in
                RelatedRow(
                    id: hit.id.uuidString, reference: hit.reference, title: hit.title,
                    status: CaseStatus(rawValue: hit.status)?.label ?? hit.status,
                    why: hit.location.map { "found by your search: \($0)" } ?? "found by your search",
                    active: true, selected: chosenCase == hit.id.uuidString)
            },
            hasFound: !found.isEmpty, showsCaseChoices: !related.isEmpty || !found.isEmpty,
            searched: caseSearch != nil && form.errors["case_search"] == nil,
            caseSearch: TextRules.clean(caseSearch), caseReference: input?.caseReference ?? "",
            duplicateOf: input?.duplicateOf ?? "",
            routingAdvice: advice,
            reporterChoices: reporterChoices, hasReporterChoices: !reporterChoices.isEmpty,
            respondentKinds: Choice.list(
                RespondentKind.allCases, value: \.rawValue, label: \.label, selected: [respondentKind]),
            respondentChoices: respondentChoices, hasRespondentChoices: !respondentChoices.isEmpty,
            decideAction: SiteURL.triageReport(.value(reportID)).path, queueHref: SiteURL.triage.path)
        return try await request.view.render("triage/report", page)
    }
}
