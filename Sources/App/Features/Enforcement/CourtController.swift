import Fluent
import Foundation
import TandemCore
import Vapor

/// A measure in court and after: hearings, orders, breaches of an order and costs.
struct CourtController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .measureHearings(.key)), use: addHearing)
        routes.post(.case(.key, .measureOrders(.key)), use: addOrder)
        routes.post(.case(.key, .orderBreaches(.key)), use: addBreach)
        routes.post(.case(.key, .costs), use: addCost)
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
        let (record, facts, user) = try await Casework.prepare(request, in: .enforcement)
        let measure = try await EnforcementController.measure(request, record)
        let input = (try? request.content.decode(HearingForm.self)) ?? HearingForm()
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        let key = "measure-\(measure.id?.uuidString ?? "")"
        let court = TextRules.clean(input.court)
        let notes = TextRules.clean(input.notes)
        let outcome = input.outcome.flatMap(HearingOutcome.init(rawValue:))
        var form = FormState()
        if !measure.status.isCurrent { form.add(key, "This measure has ended") }
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
            return try await EnforcementPageBuilder.fail(request, record, facts, form)
        }
        let hearing = CourtHearing()
        hearing.$caseRecord.id = try record.requireID()
        hearing.$measure.id = try measure.requireID()
        hearing.heardOn = heardOn
        hearing.court = court
        hearing.hearingType = type
        hearing.outcome = outcome
        hearing.adjournedTo = hearingInput.adjournedTo
        hearing.notes = notes.isEmpty ? nil : notes
        hearing.recordedAt = request.now
        hearing.$recordedBy.id = user.id
        measure.status = outcome.map(MeasureStatus.after) ?? .inCourt
        measure.updatedAt = request.now
        // Lambeth 3.3.2: the victim is offered the vulnerability assessment after the court's decision.
        if outcome?.isDecision == true { RiskService.offer(record, occasion: .courtDecision, at: request.now) }
        let what = outcome.map { ": \($0.label.lowercased())" } ?? " listed"
        try await Casework.write(
            request, record, user: user, kind: .courtHearing,
            timeline: "\(type.label) for \(measure.power.name.lowercased()) on \(DisplayDate.civil(heardOn))\(what)"
        ) { work in
            try await work.insert(hearing, "Recorded a hearing on case \(record.reference)")
            try await work.update(measure, "Status after the hearing on case \(record.reference)")
            // The case changes too when the decision brings the vulnerability offer forward; it was saved
            // without an audit event until issue 18. Unchanged, the unit writes nothing.
            try await work.update(record, "Vulnerability assessment offered after the court's decision")
        }
        return request.redirect(to: try EnforcementPageBuilder.path(record), flash: .hearingRecorded)
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
        let (record, facts, user) = try await Casework.prepare(request, in: .enforcement)
        let measure = try await EnforcementController.measure(request, record)
        let input = (try? request.content.decode(OrderForm.self)) ?? OrderForm()
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        let key = "measure-\(measure.id?.uuidString ?? "")"
        var form = FormState()
        if let problem = StepRules.orderProblem(status: measure.status) { form.add(key, problem) }
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
            return try await EnforcementPageBuilder.fail(request, record, facts, form)
        }
        let order = CourtOrder()
        order.$caseRecord.id = try record.requireID()
        order.$measure.id = try measure.requireID()
        order.madeOn = madeOn
        order.startsOn = startsOn
        order.expiresOn = orderInput.expiresOn
        order.reminderOn = CourtRules.reminderOn(expiresOn: orderInput.expiresOn, weeks: measure.power.reminderWeeks)
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
            request, record, user: user, kind: .courtOrder,
            timeline:
                "Order made: \(measure.power.name)\(until)\(order.powerOfArrest ? ", with a power of arrest" : "")"
        ) { work in
            try await work.insert(order, "Recorded an order on case \(record.reference)")
        }
        return request.redirect(to: try EnforcementPageBuilder.path(record), flash: .orderRecorded)
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
        let (record, facts, user) = try await Casework.prepare(request, in: .enforcement)
        guard let id = request.parameters.get("orderID", as: UUID.self),
            let order = try await CourtOrder.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == record.requireID()).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(BreachForm.self)) ?? BreachForm()
        let today = try await request.intakePolicy().calendar.local(request.now).day
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
            occurredOn: occurredOn, details: evidence, orderStartsOn: order.startsOn, today: today)
        {
            form.add(key, problem.message)
        }
        guard form.isValid, let occurredOn else {
            return try await EnforcementPageBuilder.fail(request, record, facts, form)
        }
        let breach = OrderBreach()
        breach.$caseRecord.id = try record.requireID()
        breach.$order.id = id
        breach.occurredOn = occurredOn
        breach.evidence = evidence
        breach.policeInvolved = input.policeInvolved == "yes"
        breach.policeReference = reference.isEmpty ? nil : reference
        breach.actionTaken = action.isEmpty ? nil : action
        breach.recordedAt = request.now
        breach.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .orderBreach,
            timeline: "Breach of the order on \(DisplayDate.civil(occurredOn))"
                + (breach.policeInvolved ? ", police involved" : "")
        ) { work in
            try await work.insert(breach, "Recorded a breach of an order on case \(record.reference)")
        }
        return request.redirect(to: try EnforcementPageBuilder.path(record), flash: .orderBreachRecorded)
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
        let (record, facts, user) = try await Casework.prepare(request, in: .enforcement)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(CostForm.self)) ?? CostForm()
        let today = try await request.intakePolicy().calendar.local(request.now).day
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
        guard form.isValid, let kind, let pence, let on else {
            return try await EnforcementPageBuilder.fail(request, record, facts, form)
        }
        let cost = LegalCost()
        cost.$caseRecord.id = caseID
        cost.$measure.id = measureID
        cost.kind = kind
        cost.amountPence = pence
        cost.incurredOn = on
        cost.note = note.isEmpty ? nil : note
        cost.recordedAt = request.now
        cost.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .legalCost,
            timeline: "Cost recorded: \(kind.label) \(CostRules.display(pence: pence))"
        ) { work in
            try await work.insert(cost, "Recorded a cost on case \(record.reference)")
        }
        return request.redirect(
            to: try EnforcementPageBuilder.url(record).path(fragment: "costs"), flash: .costRecorded)
    }
}
