import Fluent
import Foundation
import TandemCore
import Vapor

/// Legal measures on a case: instruction (gated by the prerequisites and the
/// signed-off review), progress, hearings, orders, breaches and costs.
struct EnforcementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", ":caseID", "enforcement", use: show)
        routes.get("cases", ":caseID", "measures", "new", use: new)
        routes.post("cases", ":caseID", "measures", use: create)
        routes.post("cases", ":caseID", "measures", ":measureID", "progress", use: progress)
        routes.post("cases", ":caseID", "measures", ":measureID", "hearings", use: addHearing)
        routes.post("cases", ":caseID", "measures", ":measureID", "orders", use: addOrder)
        routes.post("cases", ":caseID", "orders", ":orderID", "breaches", use: addBreach)
        routes.post("cases", ":caseID", "costs", use: addCost)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "enforcement")
        return try await EnforcementPageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    private func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await EnforcementPageBuilder.render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    private func path(_ record: CaseRecord) throws -> String {
        "/cases/\(try record.requireID().uuidString)/enforcement"
    }

    private static func context(_ request: Request, user: CurrentUser) async throws -> RiskService.Context {
        RiskService.Context(
            userID: user.id, actor: request.auditActor, now: request.now,
            calendar: try await IntakePolicy.load(on: request.db).calendar)
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
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let respondent = parties.first { $0.role == PartyRole.respondent.rawValue }
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
        let respondent = parties.first { $0.role == PartyRole.respondent.rawValue }
        let fields = Set(power.fieldList)
        let page = NewPage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "\(power.name), case \(record.reference)", section: "cases"),
            form: form, header: try Casework.header(request, record, facts: caseFacts, current: "/enforcement"),
            powerKey: power.key, power: power.name, lead: power.leadLabel, summary: power.summary, unmet: unmet,
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
        let (record, facts, _) = try await Casework.prepare(request)
        guard let power = try await LegalPower.active(key: request.query[String.self, at: "power"], on: request.db)
        else {
            throw Abort(.notFound)
        }
        try await request.auditCaseView(record, "the new legal measure form")
        return try await Self.renderNew(request, record, facts, power: power, form: FormState(), values: [:])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        let (record, caseFacts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(MeasureInputForm.self)) ?? MeasureInputForm()
        guard let power = try await LegalPower.active(key: input.power, on: request.db) else {
            var form = FormState()
            form.add("power", "Select a legal power from the list")
            return try await fail(request, record, caseFacts, form)
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
        measure.status = (servedAt == nil ? MeasureStatus.instructed : .served).rawValue
        measure.instructedOn = instructedOn.description
        measure.likelihood = likelihood.rawValue
        func optional(_ key: String) -> String? { (texts[key] ?? "").isEmpty ? nil : texts[key] }
        measure.likelihoodNotes = optional("likelihood_notes")
        measure.scope = measureInput.scope?.rawValue
        measure.court =
            optional("court")
            ?? (power.fieldList.contains(.scope)
                ? MeasureRules.injunctionCourt(respondentUnder18: measureInput.respondentUnder18) : nil)
        measure.ground = measureInput.ground?.rawValue
        measure.groundCondition = measureInput.ground == .absolute ? measureInput.condition?.rawValue : nil
        measure.representations = optional("representations")
        measure.convictionOn = measureInput.convictionOn?.description
        measure.convictionCourt = optional("conviction_court")
        measure.convictionOffence = optional("conviction_offence")
        measure.servedAt = servedAt
        measure.recordedAt = request.now
        measure.$recordedBy.id = user.id
        measure.updatedAt = request.now
        let who = party.map { " against \(Casework.partyLabel($0))" } ?? ""
        try await Casework.write(
            request, record, user: user, kind: "legal_measure",
            timeline: "Legal measure instructed: \(power.name)\(who)"
        ) { db, actor, now in
            try await measure.create(on: db)
            try await AuditLog.created(
                "legal_measure", measure.id?.uuidString, "Instructed \(power.name) on case \(record.reference)",
                measure.auditSnapshot, by: actor, at: now, on: db)
        }
        return request.redirect(to: try path(record), flash: .measureRecorded)
    }

    // MARK: - Progress: served, eviction, withdrawn, ended

    private static func measure(_ request: Request, _ record: CaseRecord) async throws -> LegalMeasure {
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
        let (record, facts, user) = try await Casework.prepare(request)
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
            step, status: measure.measureStatus, powerKey: measure.power.key, on: day, servedAt: servedAt,
            reason: reason, today: today, now: request.now)
        {
            form.add(key, problem)
        }
        guard form.isValid, let step else { return try await fail(request, record, facts, form) }
        let before = measure.auditSnapshot
        let timeline: String
        switch step {
        case .served:
            measure.servedAt = servedAt
            measure.childrenInHousehold = input.children == "yes"
            timeline = "\(measure.power.name) served on \(servedAt.map(DisplayDate.dayAndTime) ?? "")"
        case .evicted:
            measure.evictedOn = day?.description
            measure.sensitiveLet = input.sensitiveLet == "yes"
            timeline = "Eviction carried out on \(day.map(DisplayDate.civil) ?? "")"
        case .withdrawn, .ended:
            measure.endedReason = reason
            timeline = "\(measure.power.name) \(step.rawValue): \(reason)"
        }
        measure.status = StepRules.status(after: step, current: measure.measureStatus).rawValue
        let notifyHousehold = StepRules.notifiesHousehold(
            step, powerKey: measure.power.key, childrenInHousehold: input.children == "yes")
        measure.updatedAt = request.now
        let placeID = measure.sensitiveLet == true ? try await sensitivePlace(request, record, measure) : nil
        try await Casework.write(request, record, user: user, kind: "legal_measure", timeline: timeline) {
            db, actor, now in
            try await measure.update(on: db)
            try await AuditLog.updated(
                "legal_measure", measure.id?.uuidString, "Updated \(measure.power.name) on case \(record.reference)",
                before: before, after: measure.auditSnapshot, by: actor, at: now, on: db)
            if notifyHousehold {
                try await RiskService.ensureTasks(
                    [.notifyHomelessPersonsUnit, .referAdultSocialCare, .referChildrensServices],
                    caseID: try record.requireID(),
                    source: "Notice of Seeking Possession served on a household with children",
                    context: context, on: db)
            }
            if let placeID, let place = try await Place.find(placeID, on: db), place.sensitiveLetAt == nil {
                let placeBefore = place.auditSnapshot
                place.sensitiveLetAt = now
                try await place.update(on: db)
                try await AuditLog.updated(
                    "place", place.id?.uuidString, "Registered \(place.oneLine) as a sensitive let",
                    before: placeBefore,
                    after: place.auditSnapshot, by: actor, at: now, on: db)
            }
        }
        return request.redirect(to: try path(record), flash: .measureUpdated)
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

    // MARK: - Hearings

    struct HearingForm: Content {
        var heardOn: String?
        var court: String?
        var hearingType: String?
        var outcome: String?
        var adjournedTo: String?
        var notes: String?

        enum CodingKeys: String, CodingKey {
            case court, outcome, notes
            case heardOn = "heard_on"
            case hearingType = "hearing_type"
            case adjournedTo = "adjourned_to"
        }
    }

    @Sendable
    func addHearing(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let measure = try await Self.measure(request, record)
        let input = (try? request.content.decode(HearingForm.self)) ?? HearingForm()
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let today = calendar.local(request.now).day
        let key = "measure-\(measure.id?.uuidString ?? "")"
        let court = TextRules.clean(input.court)
        let notes = TextRules.clean(input.notes)
        let outcome = input.outcome.flatMap(HearingOutcome.init(rawValue:))
        var form = FormState()
        if !measure.measureStatus.isCurrent { form.add(key, "This measure has ended") }
        if let problem = TextRules.problem(court, label: "the court", required: false, max: 200) {
            form.add(key, problem)
        }
        if let problem = TextRules.multilineProblem(notes, label: "the notes", required: false, max: 4000) {
            form.add(key, problem)
        }
        if !(input.outcome ?? "").isEmpty && outcome == nil { form.add(key, "Select the outcome from the list") }
        let hearingInput = HearingInput(
            heardOn: Casework.day(input.heardOn), court: court,
            type: input.hearingType.flatMap(HearingType.init(rawValue:)), outcome: outcome,
            adjournedTo: Casework.day(input.adjournedTo))
        for problem in CourtRules.hearingProblems(hearingInput, today: today) { form.add(key, problem.message) }
        guard form.isValid, let heardOn = hearingInput.heardOn, let type = hearingInput.type else {
            return try await fail(request, record, facts, form)
        }
        let hearing = CourtHearing()
        hearing.$caseRecord.id = try record.requireID()
        hearing.$measure.id = try measure.requireID()
        hearing.heardOn = heardOn.description
        hearing.court = court
        hearing.hearingType = type.rawValue
        hearing.outcome = outcome?.rawValue
        hearing.adjournedTo = hearingInput.adjournedTo?.description
        hearing.notes = notes.isEmpty ? nil : notes
        hearing.recordedAt = request.now
        hearing.$recordedBy.id = user.id
        let before = measure.auditSnapshot
        let caseBefore = record.auditSnapshot
        measure.status = (outcome.map(MeasureStatus.after) ?? .inCourt).rawValue
        measure.updatedAt = request.now
        // Lambeth 3.3.2: the victim is offered the vulnerability assessment after the court's decision.
        if outcome?.isDecision == true { RiskService.offer(record, occasion: .courtDecision, at: request.now) }
        let what = outcome.map { ": \($0.label.lowercased())" } ?? " listed"
        try await Casework.write(
            request, record, user: user, kind: "court_hearing",
            timeline: "\(type.label) for \(measure.power.name.lowercased()) on \(DisplayDate.civil(heardOn))\(what)"
        ) { db, actor, now in
            try await hearing.create(on: db)
            try await AuditLog.created(
                "court_hearing", hearing.id?.uuidString, "Recorded a hearing on case \(record.reference)",
                hearing.auditSnapshot, by: actor, at: now, on: db)
            try await measure.update(on: db)
            try await AuditLog.updated(
                "legal_measure", measure.id?.uuidString, "Status after the hearing on case \(record.reference)",
                before: before, after: measure.auditSnapshot, by: actor, at: now, on: db)
            // The case changes too when the decision brings the vulnerability offer forward; it was saved
            // without an audit event until issue 18.
            if record.hasChanges {
                try await record.update(on: db)
                try await AuditLog.updated(
                    "case", record.id?.uuidString, "Vulnerability assessment offered after the court's decision",
                    before: caseBefore, after: record.auditSnapshot, by: actor, at: now, on: db)
            }
        }
        return request.redirect(to: try path(record), flash: .hearingRecorded)
    }

    // MARK: - Orders

    struct OrderForm: Content {
        var madeOn: String?
        var startsOn: String?
        var expiresOn: String?
        var prohibitions: String?
        var requirements: String?
        var exclusion: String?
        var powerOfArrest: String?
        var arrestTerms: String?

        enum CodingKeys: String, CodingKey {
            case prohibitions, requirements, exclusion
            case madeOn = "made_on"
            case startsOn = "starts_on"
            case expiresOn = "expires_on"
            case powerOfArrest = "power_of_arrest"
            case arrestTerms = "arrest_terms"
        }
    }

    @Sendable
    func addOrder(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let measure = try await Self.measure(request, record)
        let input = (try? request.content.decode(OrderForm.self)) ?? OrderForm()
        let calendar = try await IntakePolicy.load(on: request.db).calendar
        let today = calendar.local(request.now).day
        let key = "measure-\(measure.id?.uuidString ?? "")"
        var form = FormState()
        if let problem = StepRules.orderProblem(status: measure.measureStatus) { form.add(key, problem) }
        var texts: [String: String] = [:]
        for (field, raw) in [
            ("prohibitions", input.prohibitions), ("requirements", input.requirements),
            ("exclusion", input.exclusion), ("arrest_terms", input.arrestTerms),
        ] {
            let text = TextRules.clean(raw)
            if let problem = TextRules.multilineProblem(text, label: "the terms", required: false, max: 4000) {
                form.add(key, problem)
            }
            texts[field] = text
        }
        for (raw, label) in [(input.expiresOn, "expiry"), (input.startsOn, "start")]
        where !(raw ?? "").isEmpty && Casework.day(raw) == nil {
            form.add(key, "Enter the \(label) date like 2028-11-23")
        }
        let orderInput = OrderInput(
            madeOn: Casework.day(input.madeOn), startsOn: Casework.day(input.startsOn),
            expiresOn: Casework.day(input.expiresOn), prohibitions: texts["prohibitions"] ?? "",
            requirements: texts["requirements"] ?? "", exclusion: texts["exclusion"] ?? "",
            powerOfArrest: input.powerOfArrest == "yes", arrestTerms: texts["arrest_terms"] ?? "")
        for problem in CourtRules.orderProblems(orderInput, today: today) { form.add(key, problem.message) }
        guard form.isValid, let madeOn = orderInput.madeOn, let startsOn = orderInput.startsOn else {
            return try await fail(request, record, facts, form)
        }
        let order = CourtOrder()
        order.$caseRecord.id = try record.requireID()
        order.$measure.id = try measure.requireID()
        order.madeOn = madeOn.description
        order.startsOn = startsOn.description
        order.expiresOn = orderInput.expiresOn?.description
        order.reminderOn =
            CourtRules.reminderOn(expiresOn: orderInput.expiresOn, weeks: measure.power.reminderWeeks)?
            .description
        func optional(_ key: String) -> String? { (texts[key] ?? "").isEmpty ? nil : texts[key] }
        order.prohibitions = optional("prohibitions")
        order.requirements = optional("requirements")
        order.exclusion = optional("exclusion")
        order.powerOfArrest = orderInput.powerOfArrest
        order.arrestTerms = orderInput.powerOfArrest ? optional("arrest_terms") : nil
        order.recordedAt = request.now
        order.$recordedBy.id = user.id
        let until = orderInput.expiresOn.map { " until \(DisplayDate.civil($0))" } ?? ""
        try await Casework.write(
            request, record, user: user, kind: "court_order",
            timeline:
                "Order made: \(measure.power.name)\(until)\(order.powerOfArrest ? ", with a power of arrest" : "")"
        ) { db, actor, now in
            try await order.create(on: db)
            try await AuditLog.created(
                "court_order", order.id?.uuidString, "Recorded an order on case \(record.reference)",
                order.auditSnapshot, by: actor, at: now, on: db)
        }
        return request.redirect(to: try path(record), flash: .orderRecorded)
    }

    // MARK: - Breaches of an order

    struct BreachForm: Content {
        var occurredOn: String?
        var evidence: String?
        var policeInvolved: String?
        var policeReference: String?
        var actionTaken: String?

        enum CodingKeys: String, CodingKey {
            case evidence
            case occurredOn = "occurred_on"
            case policeInvolved = "police_involved"
            case policeReference = "police_reference"
            case actionTaken = "action_taken"
        }
    }

    @Sendable
    func addBreach(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        guard let id = request.parameters.get("orderID", as: UUID.self),
            let order = try await CourtOrder.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == record.requireID()).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(BreachForm.self)) ?? BreachForm()
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
        let key = "order-\(id.uuidString)"
        let evidence = TextRules.clean(input.evidence)
        let reference = TextRules.clean(input.policeReference)
        let action = TextRules.clean(input.actionTaken)
        var form = FormState()
        for (text, label, max) in [(evidence, "the evidence", 4000), (action, "the action", 2000)] {
            if let problem = TextRules.multilineProblem(text, label: label, required: false, max: max) {
                form.add(key, problem)
            }
        }
        if let problem = TextRules.problem(reference, label: "the police reference", required: false, max: 100) {
            form.add(key, problem)
        }
        let occurredOn = Casework.day(input.occurredOn)
        for problem in CourtRules.breachProblems(
            occurredOn: occurredOn, details: evidence, orderStartsOn: CivilDate(iso: order.startsOn), today: today)
        {
            form.add(key, problem.message)
        }
        guard form.isValid, let occurredOn else { return try await fail(request, record, facts, form) }
        let breach = OrderBreach()
        breach.$caseRecord.id = try record.requireID()
        breach.$order.id = id
        breach.occurredOn = occurredOn.description
        breach.evidence = evidence
        breach.policeInvolved = input.policeInvolved == "yes"
        breach.policeReference = reference.isEmpty ? nil : reference
        breach.actionTaken = action.isEmpty ? nil : action
        breach.recordedAt = request.now
        breach.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: "order_breach",
            timeline: "Breach of the order on \(DisplayDate.civil(occurredOn))"
                + (breach.policeInvolved ? ", police involved" : "")
        ) { db, actor, now in
            try await breach.create(on: db)
            try await AuditLog.created(
                "order_breach", breach.id?.uuidString, "Recorded a breach of an order on case \(record.reference)",
                breach.auditSnapshot, by: actor, at: now, on: db)
        }
        return request.redirect(to: try path(record), flash: .orderBreachRecorded)
    }

    // MARK: - Costs

    struct CostForm: Content {
        var kind: String?
        var amount: String?
        var incurredOn: String?
        var measureId: String?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case kind, amount, note
            case incurredOn = "incurred_on"
            case measureId = "measure_id"
        }
    }

    @Sendable
    func addCost(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(CostForm.self)) ?? CostForm()
        let today = try await IntakePolicy.load(on: request.db).calendar.local(request.now).day
        var form = FormState()
        let kind = input.kind.flatMap(CostKind.init(rawValue:))
        if kind == nil { form.add("cost_kind", "Select the kind of cost") }
        let pence = CostRules.pence(TextRules.clean(input.amount))
        if pence == nil || pence == 0 { form.add("amount", "Enter the amount in pounds and pence, like 1250.00") }
        let on = Casework.day(input.incurredOn)
        if let on {
            if on > today { form.add("incurred_on", "The date cannot be in the future") }
        } else {
            form.add("incurred_on", "Enter the date like 2026-11-23")
        }
        let note = TextRules.clean(input.note)
        if let problem = TextRules.multilineProblem(note, label: "the note", required: false, max: 1000) {
            form.add("cost_note", problem)
        }
        let measureRaw = TextRules.clean(input.measureId)
        var measureID: UUID?
        if !measureRaw.isEmpty {
            measureID = try await LegalMeasure.query(on: request.db).filter(\.$caseRecord.$id == caseID).all()
                .first { $0.id?.uuidString == measureRaw }?.id
            if measureID == nil { form.add("measure_id", "Select a legal measure on this case") }
        }
        guard form.isValid, let kind, let pence, let on else { return try await fail(request, record, facts, form) }
        let cost = LegalCost()
        cost.$caseRecord.id = caseID
        cost.$measure.id = measureID
        cost.kind = kind.rawValue
        cost.amountPence = pence
        cost.incurredOn = on.description
        cost.note = note.isEmpty ? nil : note
        cost.recordedAt = request.now
        cost.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: "legal_cost",
            timeline: "Cost recorded: \(kind.label) \(CostRules.display(pence: pence))"
        ) { db, actor, now in
            try await cost.create(on: db)
            try await AuditLog.created(
                "legal_cost", cost.id?.uuidString, "Recorded a cost on case \(record.reference)", cost.auditSnapshot,
                by: actor, at: now, on: db)
        }
        return request.redirect(to: try path(record) + "#costs", flash: .costRecorded)
    }
}
