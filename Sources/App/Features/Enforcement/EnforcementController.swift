import Fluent
import Foundation
import TandemCore
import Vapor

/// Legal measures on a case: instruction (gated by the prerequisites and the
/// signed-off review) and progress. Court, orders, breaches and costs are in
/// `CourtController`.
struct EnforcementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .enforcement), use: show)
        routes.get(.case(.key, .newMeasure), use: new)
        routes.post(.case(.key, .measures), use: create)
        routes.post(.case(.key, .measureProgress(.key)), use: progress)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .enforcement)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "enforcement")
        return try await EnforcementPageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    static func context(_ request: Request, user: CurrentUser) async throws -> RiskService.Context {
        RiskService.Context(
            userID: user.id, actor: request.auditActor, now: request.now,
            calendar: try await request.intakePolicy().calendar)
    }

    // MARK: - Instructing a measure

    struct MeasureInputForm: Content {
        var power: String?
        var partyId: String?
        var instructedOn: String?
        var likelihood: String?
        var likelihoodNotes: String?
        var scope: String?
        var court: String?
        var ground: String?
        var condition: String?
        var representations: String?
        var convictionOn: String?
        var convictionCourt: String?
        var convictionOffence: String?
        var servedOn: String?
        var servedTime: String?

        enum CodingKeys: String, CodingKey {
            case power, likelihood, scope, court, ground, condition, representations
            case partyId = "party_id"
            case instructedOn = "instructed_on"
            case likelihoodNotes = "likelihood_notes"
            case convictionOn = "conviction_on"
            case convictionCourt = "conviction_court"
            case convictionOffence = "conviction_offence"
            case servedOn = "served_on"
            case servedTime = "served_time"
        }
    }

    struct NewPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var powerKey: String
        /// The proportionality review form for this power.
        var reviewHref: String
        var power: String
        var lead: String
        var summary: String
        var unmet: [String]
        var ready: Bool
        var needsReview: Bool
        var askScope: Bool
        var askGround: Bool
        var askConviction: Bool
        var askServed: Bool
        var parties: [Choice]
        var likelihoods: [Choice]
        var scopes: [Choice]
        var grounds: [Choice]
        var conditions: [Choice]
        var suggestedCourt: String?
        var today: String
        var values: [String: String]
    }

    /// The case's facts for this power, the working calendar, and the review the gate read.
    private static func facts(_ request: Request, _ record: CaseRecord, power: LegalPower, parties: [CaseParty])
        async throws -> (EnforcementFacts, WorkingCalendar, ProportionalityReview?)
    {
        let calendar = try await request.intakePolicy().calendar
        let respondent = parties.first { $0.role == PartyRole.respondent }
        var facts = try await EnforcementFactsLoader.caseFacts(
            record, respondent: respondent, calendar: calendar, on: request.db)
        let gates = try await EnforcementFactsLoader.gates(try record.requireID(), on: request.db)
        let gate = power.id.flatMap { gates[$0] }
        facts.review = gate?.1 ?? .none
        return (facts, calendar, gate?.0)
    }

    private static func renderNew(
        _ request: Request, _ record: CaseRecord, _ caseFacts: CaseAccessFacts, power: LegalPower, form: FormState,
        values: [String: String]
    ) async throws -> View {
        let parties = try await Casework.parties(try record.requireID(), on: request.db)
        let (facts, calendar, _) = try await Self.facts(request, record, power: power, parties: parties)
        let today = calendar.local(request.now).day
        let unmet = power.prerequisiteList.compactMap { MeasureRules.unmet($0, facts: facts, now: request.now) }
        let respondent = parties.first { $0.role == PartyRole.respondent }
        let fields = Set(power.fieldList)
        let page = NewPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "\(power.name), case \(record.reference)", section: .cases),
            form: form, header: try Casework.header(request, record, facts: caseFacts, current: .enforcement),
            powerKey: power.key,
            reviewHref: SiteURL.case(.value(try record.requireID()), .newReview).path(query: [("power", power.key)]),
            power: power.name, lead: power.lead.label, summary: power.summary, unmet: unmet,
            ready: unmet.isEmpty, needsReview: power.needsReview, askScope: fields.contains(.scope),
            askGround: fields.contains(.ground) || power.prerequisiteList.contains(.groundForPossession),
            askConviction: fields.contains(.conviction) || power.prerequisiteList.contains(.convictionRecorded),
            askServed: fields.contains(.servedAt),
            parties: Casework.partyChoices(
                parties, roles: [.respondent], selected: values["party_id"] ?? respondent?.id?.uuidString),
            likelihoods: Choice.list(
                LikelihoodOfSuccess.allCases, value: \.rawValue, label: \.label,
                selected: Set([values["likelihood"] ?? ""])),
            scopes: Choice.list(
                MeasureScope.allCases, value: \.rawValue, label: \.label, selected: Set([values["scope"] ?? ""])),
            grounds: Choice.list(
                PossessionGround.allCases, value: \.rawValue, label: \.label, selected: Set([values["ground"] ?? ""])),
            conditions: Choice.list(
                AbsoluteGroundCondition.allCases, value: \.rawValue, label: \.label,
                selected: Set([values["condition"] ?? ""])),
            suggestedCourt: fields.contains(.scope)
                ? MeasureRules.injunctionCourt(respondentUnder18: Casework.under18(respondent, today: today)) : nil,
            today: today.description, values: values)
        return try await request.view.render("enforcement/measure-new", page)
    }

    @Sendable
    func new(request: Request) async throws -> View {
        let (record, facts, _) = try await Casework.prepare(request, in: .enforcement)
        guard let power = try await LegalPower.active(key: request.query[String.self, at: "power"], on: request.db)
        else {
            throw Abort(.notFound)
        }
        try await request.auditCaseView(record, "the new legal measure form")
        return try await Self.renderNew(request, record, facts, power: power, form: FormState(), values: [:])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        let (record, caseFacts, user) = try await Casework.prepare(request, in: .enforcement)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(MeasureInputForm.self)) ?? MeasureInputForm()
        guard let power = try await LegalPower.active(key: input.power, on: request.db) else {
            var form = FormState()
            form.add("power", "Select a legal power from the list")
            return try await EnforcementPageBuilder.fail(request, record, caseFacts, form)
        }
        let parties = try await Casework.parties(caseID, on: request.db)
        let (facts, calendar, review) = try await Self.facts(request, record, power: power, parties: parties)
        let today = calendar.local(request.now).day
        var form = FormState()
        var texts: [String: String] = [:]
        for (field, value, label, max) in [
            ("likelihood_notes", input.likelihoodNotes, "the discussion with legal services", 4000),
            ("court", input.court, "the court", 200),
            ("representations", input.representations, "the representations", 4000),
            ("conviction_court", input.convictionCourt, "the convicting court", 200),
            ("conviction_offence", input.convictionOffence, "the offence", 500),
        ] {
            let text = TextRules.clean(value)
            if let problem = TextRules.multilineProblem(text, label: label, required: false, max: max) {
                form.add(field, problem)
            }
            texts[field] = text
        }
        let partyRaw = TextRules.clean(input.partyId)
        let party = parties.first { $0.id?.uuidString == partyRaw }
        if !partyRaw.isEmpty && party == nil { form.add("party_id", "Select a person on this case") }
        var servedAt: Date?
        if !TextRules.clean(input.servedOn).isEmpty || !TextRules.clean(input.servedTime).isEmpty {
            if let day = Casework.day(input.servedOn), let minute = Casework.minute(input.servedTime) {
                servedAt = calendar.instant(day, minute: minute)
            } else {
                form.add("served_at", "Enter the date like 2026-11-23 and the time like 14:30")
            }
        }
        let measureInput = MeasureInput(
            instructedOn: Casework.day(input.instructedOn),
            likelihood: input.likelihood.flatMap(LikelihoodOfSuccess.init(rawValue:)),
            likelihoodNotes: texts["likelihood_notes"] ?? "", hasRespondent: party != nil,
            respondentUnder18: Casework.under18(party, today: today),
            scope: input.scope.flatMap(MeasureScope.init(rawValue:)),
            ground: input.ground.flatMap(PossessionGround.init(rawValue:)),
            condition: input.condition.flatMap(AbsoluteGroundCondition.init(rawValue:)),
            representations: texts["representations"] ?? "", convictionOn: Casework.day(input.convictionOn),
            convictionCourt: texts["conviction_court"] ?? "", convictionOffence: texts["conviction_offence"] ?? "",
            servedAt: servedAt)
        Casework.add(
            MeasureRules.problems(
                prerequisites: power.prerequisiteList, fields: power.fieldList, facts: facts, input: measureInput,
                today: today, now: request.now), to: &form)
        guard form.isValid, let instructedOn = measureInput.instructedOn, let likelihood = measureInput.likelihood
        else {
            let values: [String: String] = [
                "party_id": partyRaw, "instructed_on": TextRules.clean(input.instructedOn),
                "likelihood": input.likelihood ?? "", "likelihood_notes": texts["likelihood_notes"] ?? "",
                "scope": input.scope ?? "", "court": texts["court"] ?? "", "ground": input.ground ?? "",
                "condition": input.condition ?? "", "representations": texts["representations"] ?? "",
                "conviction_on": TextRules.clean(input.convictionOn),
                "conviction_court": texts["conviction_court"] ?? "",
                "conviction_offence": texts["conviction_offence"] ?? "",
                "served_on": TextRules.clean(input.servedOn), "served_time": TextRules.clean(input.servedTime),
            ]
            return try await Self.renderNew(request, record, caseFacts, power: power, form: form, values: values)
                .encodeResponse(status: .badRequest, for: request)
        }
        let measure = LegalMeasure()
        measure.$caseRecord.id = caseID
        measure.$power.id = try power.requireID()
        measure.$party.id = party?.id
        measure.$review.id = power.needsReview ? review?.id : nil
        measure.status = servedAt == nil ? .instructed : .served
        measure.instructedOn = instructedOn
        measure.likelihood = likelihood
        func optional(_ key: String) -> String? { (texts[key] ?? "").isEmpty ? nil : texts[key] }
        measure.likelihoodNotes = optional("likelihood_notes")
        measure.scope = measureInput.scope
        measure.court =
            optional("court")
            ?? (power.fieldList.contains(.scope)
                ? MeasureRules.injunctionCourt(respondentUnder18: measureInput.respondentUnder18) : nil)
        measure.ground = measureInput.ground
        measure.groundCondition = measureInput.ground == .absolute ? measureInput.condition : nil
        measure.representations = optional("representations")
        measure.convictionOn = measureInput.convictionOn
        measure.convictionCourt = optional("conviction_court")
        measure.convictionOffence = optional("conviction_offence")
        measure.servedAt = servedAt
        measure.recordedAt = request.now
        measure.$recordedBy.id = user.id
        measure.updatedAt = request.now
        let who = party.map { " against \(Casework.partyLabel($0))" } ?? ""
        try await Casework.write(
            request, record, user: user, kind: .legalMeasure,
            timeline: "Legal measure instructed: \(power.name)\(who)"
        ) { work in
            try await work.insert(measure, "Instructed \(power.name) on case \(record.reference)")
        }
        return request.redirect(to: try EnforcementPageBuilder.path(record), flash: .measureRecorded)
    }

    // MARK: - Progress: served, eviction, withdrawn, ended

    static func measure(_ request: Request, _ record: CaseRecord) async throws -> LegalMeasure {
        guard let id = request.parameters.get("measureID", as: UUID.self),
            let measure = try await LegalMeasure.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == record.requireID()).with(\.$power).first()
        else { throw Abort(.notFound) }
        return measure
    }

    struct ProgressInput: Content {
        var step: String?
        var on: String?
        var time: String?
        var children: String?
        var sensitiveLet: String?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case step, on, time, children, reason
            case sensitiveLet = "sensitive_let"
        }
    }

    @Sendable
    func progress(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .enforcement)
        let measure = try await Self.measure(request, record)
        let input = (try? request.content.decode(ProgressInput.self)) ?? ProgressInput()
        let context = try await Self.context(request, user: user)
        let today = context.calendar.local(request.now).day
        let key = "measure-\(measure.id?.uuidString ?? "")"
        var form = FormState()
        let step = input.step.flatMap(MeasureStep.init(rawValue:))
        let day = Casework.day(input.on)
        let reason = TextRules.clean(input.reason)
        let servedAt = day.flatMap { day in
            Casework.minute(input.time ?? "09:00").map { context.calendar.instant(day, minute: $0) }
        }
        if let problem = TextRules.multilineProblem(reason, label: "the reason", required: false, max: 2000) {
            form.add(key, problem)
        }
        for problem in StepRules.problems(
            step, status: measure.status, powerKey: measure.power.key, on: day, servedAt: servedAt,
            reason: reason, today: today, now: request.now)
        {
            form.add(key, problem)
        }
        guard form.isValid, let step else { return try await EnforcementPageBuilder.fail(request, record, facts, form) }
        let timeline: String
        switch step {
        case .served:
            measure.servedAt = servedAt
            measure.childrenInHousehold = input.children == "yes"
            timeline = "\(measure.power.name) served on \(servedAt.map(DisplayDate.dayAndTime) ?? "")"
        case .evicted:
            measure.evictedOn = day
            measure.sensitiveLet = input.sensitiveLet == "yes"
            timeline = "Eviction carried out on \(day.map(DisplayDate.civil) ?? "")"
        case .withdrawn, .ended:
            measure.endedReason = reason
            timeline = "\(measure.power.name) \(step.rawValue): \(reason)"
        }
        measure.status = StepRules.status(after: step, current: measure.status)
        let notifyHousehold = StepRules.notifiesHousehold(
            step, powerKey: measure.power.key, childrenInHousehold: input.children == "yes")
        measure.updatedAt = request.now
        let placeID = measure.sensitiveLet == true ? try await sensitivePlace(request, record, measure) : nil
        try await Casework.write(request, record, user: user, kind: .legalMeasure, timeline: timeline) { work in
            try await work.update(measure, "Updated \(measure.power.name) on case \(record.reference)")
            if notifyHousehold {
                try await RiskService.ensureTasks(
                    [.notifyHomelessPersonsUnit, .referAdultSocialCare, .referChildrensServices],
                    caseID: try record.requireID(),
                    source: "Notice of Seeking Possession served on a household with children",
                    context: context, in: work)
            }
            if let placeID, let place = try await Place.find(placeID, on: work.db), place.sensitiveLetAt == nil {
                place.sensitiveLetAt = work.now
                try await work.update(place, "Registered \(place.oneLine) as a sensitive let")
            }
        }
        return request.redirect(to: try EnforcementPageBuilder.path(record), flash: .measureUpdated)
    }

    /// The evicted respondent's home, else the case's.
    private func sensitivePlace(_ request: Request, _ record: CaseRecord, _ measure: LegalMeasure) async throws -> UUID?
    {
        if let partyID = measure.$party.id,
            let party = try await CaseParty.query(on: request.db)
                .filter(\.$id == partyID).with(\.$person).first(), let placeID = party.person?.$place.id
        {
            return placeID
        }
        return record.$place.id
    }

}
