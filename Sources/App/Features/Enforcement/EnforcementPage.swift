import Fluent
import Foundation
import TandemCore
import Vapor

/// The "Enforcement" tab: the powers with what each still needs, the
/// reviews, the legal measures with their hearings, orders and breaches, and costs.
enum EnforcementPageBuilder {
    /// The enforcement page again, with the form's problems, answered 400.
    static func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    /// The case's enforcement page.
    static func url(_ record: CaseRecord) throws -> SiteURL {
        .case(.value(try record.requireID()), .enforcement)
    }

    static func path(_ record: CaseRecord) throws -> String { try url(record).path }

    struct PowerRow: Encodable {
        var key: String
        /// The proportionality review form for this power.
        var reviewHref: String
        /// The form that records a measure under this power.
        var recordHref: String
        var name: String
        var lead: String
        var summary: String
        var needsReview: Bool
        var review: String?
        var reviewID: String?
        var unmet: [String]
        var ready: Bool
    }

    struct HearingRow: Encodable {
        var on: String
        var court: String
        var type: String
        var outcome: String?
        var adjournedTo: String?
        var notes: String?
    }

    struct BreachRow: Encodable {
        var on: String
        var evidence: String
        var police: String
        var action: String?
    }

    struct OrderRow: Encodable {
        var id: String
        /// Where the order's breach form posts.
        var breachAction: String
        var made: String
        var starts: String
        var expires: String?
        var reminder: String?
        var expiry: String
        var expiryKey: String
        var prohibitions: String?
        var requirements: String?
        var exclusion: String?
        var powerOfArrest: Bool
        var arrestTerms: String?
        var breaches: [BreachRow]
        var hasBreaches: Bool
        var error: String?
    }

    struct MeasureRow: Encodable {
        var id: String
        /// Where the measure's hearing, order and progress forms post.
        var hearingAction: String
        var orderAction: String
        var progressAction: String
        var power: String
        var who: String?
        var status: String
        var current: Bool
        var instructed: String
        var likelihood: String
        var likelihoodNotes: String?
        var details: [String]
        var hearings: [HearingRow]
        var hasHearings: Bool
        var orders: [OrderRow]
        var hasOrders: Bool
        var makesOrder: Bool
        var isNotice: Bool
        var isPossession: Bool
        var error: String?
    }

    struct ReviewRow: Encodable {
        var id: String
        var href: String
        var power: String
        var status: String
        var prepared: String
    }

    struct CostRow: Encodable {
        var on: String
        var kind: String
        var amount: String
        var measure: String?
        var note: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var powers: [PowerRow]
        var measures: [MeasureRow]
        var hasMeasures: Bool
        var reviews: [ReviewRow]
        var hasReviews: Bool
        var mayReadReviews: Bool
        /// The print-ready court file: the owning team, with a need to know the review's content.
        var mayOpenCourtFile: Bool
        var costs: [CostRow]
        var hasCosts: Bool
        var costTotal: String
        var costKinds: [Choice]
        var measureChoices: [Choice]
        var hearingTypes: [Choice]
        var outcomes: [Choice]
        var householdAtRisk: Bool
        var today: String
    }

    static func render(_ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState) async throws
        -> View
    {
        let db = request.db
        let caseID = try record.requireID()
        let links = CaseLinks(caseID)
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        let parties = try await Casework.parties(caseID, on: db)
        let respondent = parties.first { $0.role == PartyRole.respondent }
        let powers = try await LegalPower.query(on: db).filter(\.$active == true).sort(\.$sortOrder).all()
        let gates = try await EnforcementFactsLoader.gates(caseID, on: db)
        let caseFacts = try await EnforcementFactsLoader.caseFacts(
            record, respondent: respondent, calendar: calendar, on: db)
        let measures = try await LegalMeasure.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$power)
            .sort(\.$recordedAt, .descending).all()
        let hearings = try await CourtHearing.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$heardOn).all()
        let orders = try await CourtOrder.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$madeOn).all()
        let breaches = try await OrderBreach.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$occurredOn)
            .all()
        let reviews = try await ProportionalityReview.query(on: db).filter(\.$caseRecord.$id == caseID)
            .with(\.$power).sort(\.$preparedAt, .descending).all()
        let costs = try await LegalCost.query(on: db).filter(\.$caseRecord.$id == caseID).sort(\.$incurredOn).all()
        func who(_ id: UUID?) -> String? { parties.first { $0.id == id && id != nil }.map(Casework.partyLabel) }

        let powerRows = powers.map { power in
            var facts = caseFacts
            let gate = power.id.flatMap { gates[$0] }
            facts.review = gate?.1 ?? .none
            let unmet = power.prerequisiteList.compactMap {
                MeasureRules.unmet($0, facts: facts, now: request.now)
            }
            let query = [("power", power.key)]
            return PowerRow(
                key: power.key, reviewHref: SiteURL.case(.value(caseID), .newReview).path(query: query),
                recordHref: SiteURL.case(.value(caseID), .newMeasure).path(query: query),
                name: power.name, lead: power.lead.label, summary: power.summary,
                needsReview: power.needsReview, review: power.needsReview ? facts.review.label : nil,
                reviewID: gate?.0.id?.uuidString, unmet: unmet, ready: unmet.isEmpty)
        }
        let measureRows = measures.map { measure in
            let id = measure.id?.uuidString ?? ""
            var details: [String] = []
            if let scope = measure.scope { details.append(scope.label) }
            if let court = measure.court { details.append("Court: \(court)") }
            if let ground = measure.ground { details.append(ground.label) }
            if let condition = measure.groundCondition { details.append("Condition: \(condition.label)") }
            if let representations = measure.representations { details.append("Representations: \(representations)") }
            if let on = measure.convictionOn {
                let court = measure.convictionCourt ?? ""
                details.append("Conviction \(DisplayDate.civil(on)) at \(court): \(measure.convictionOffence ?? "")")
            }
            if let served = measure.servedAt { details.append("Served \(DisplayDate.dayAndTime(served))") }
            if measure.childrenInHousehold == true { details.append("Children live in the household") }
            if let evicted = measure.evictedOn { details.append("Eviction carried out \(DisplayDate.civil(evicted))") }
            if measure.sensitiveLet == true { details.append("The property is registered as a sensitive let") }
            if let reason = measure.endedReason { details.append("Ended: \(reason)") }
            let orderRows = orders.filter { $0.$measure.id == measure.id }.map { order in
                let state = CourtRules.expiryState(
                    expiresOn: order.expiresOn, reminderOn: order.reminderOn, today: today)
                let rows = breaches.filter { $0.$order.id == order.id }.map {
                    BreachRow(
                        on: DisplayDate.civil($0.occurredOn), evidence: $0.evidence,
                        police: $0.policeInvolved
                            ? "Police involved" + ($0.policeReference.map { " (\($0))" } ?? "")
                            : "No police involvement",
                        action: $0.actionTaken)
                }
                return OrderRow(
                    id: order.id?.uuidString ?? "",
                    breachAction: order.id.map { links.to(.orderBreaches(.value($0))) } ?? "",
                    made: DisplayDate.civil(order.madeOn),
                    starts: DisplayDate.civil(order.startsOn),
                    expires: order.expiresOn.map(DisplayDate.civil), reminder: order.reminderOn.map(DisplayDate.civil),
                    expiry: state.label, expiryKey: state.rawValue, prohibitions: order.prohibitions,
                    requirements: order.requirements,
                    exclusion: order.exclusion, powerOfArrest: order.powerOfArrest, arrestTerms: order.arrestTerms,
                    breaches: rows, hasBreaches: !rows.isEmpty,
                    error: form.errors["order-\(order.id?.uuidString ?? "")"])
            }
            let measureHearings = hearings.filter { $0.$measure.id == measure.id }.map {
                HearingRow(
                    on: DisplayDate.civil($0.heardOn), court: $0.court, type: $0.hearingType.label,
                    outcome: $0.outcome?.label, adjournedTo: $0.adjournedTo.map(DisplayDate.civil),
                    notes: $0.notes)
            }
            return MeasureRow(
                id: id, hearingAction: measure.id.map { links.to(.measureHearings(.value($0))) } ?? "",
                orderAction: measure.id.map { links.to(.measureOrders(.value($0))) } ?? "",
                progressAction: measure.id.map { links.to(.measureProgress(.value($0))) } ?? "",
                power: measure.power.name, who: who(measure.$party.id), status: measure.status.label,
                current: measure.status.isCurrent, instructed: DisplayDate.civil(measure.instructedOn),
                likelihood: measure.likelihood.label,
                likelihoodNotes: measure.likelihoodNotes, details: details, hearings: measureHearings,
                hasHearings: !measureHearings.isEmpty, orders: orderRows, hasOrders: !orderRows.isEmpty,
                makesOrder: measure.power.makesOrder,
                isNotice: measure.servedAt == nil && !measure.power.makesOrder,
                isPossession: measure.power.key == LegalPowerCatalogue.possessionKey,
                error: form.errors["measure-\(id)"])
        }
        let total = costs.reduce(0) { $0 + $1.amountPence }
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Enforcement, case \(record.reference)", section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .enforcement),
            powers: powerRows, measures: measureRows, hasMeasures: !measures.isEmpty,
            reviews: reviews.map {
                ReviewRow(
                    id: $0.id?.uuidString ?? "", href: $0.id.map { links.to(.review(.value($0))) } ?? "",
                    power: $0.power.name, status: $0.status.label,
                    prepared: DisplayDate.dayAndTime($0.preparedAt))
            }, hasReviews: !reviews.isEmpty, mayReadReviews: request.may(.viewMentalHealth(facts)),
            mayOpenCourtFile: request.may(.viewMentalHealth(facts)) && request.may(.workCase(facts)),
            costs: costs.map { cost in
                CostRow(
                    on: DisplayDate.civil(cost.incurredOn), kind: cost.kind.label,
                    amount: CostRules.display(pence: cost.amountPence),
                    measure: measures.first { $0.id == cost.$measure.id && cost.$measure.id != nil }?.power.name,
                    note: cost.note)
            }, hasCosts: !costs.isEmpty, costTotal: CostRules.display(pence: total),
            costKinds: Choice.list(CostKind.allCases, value: \.rawValue, label: \.label, selected: []),
            measureChoices: measures.map {
                Choice(
                    value: $0.id?.uuidString ?? "",
                    label: "\($0.power.name), instructed \(DisplayDate.civil($0.instructedOn))", selected: false)
            },
            hearingTypes: Choice.list(HearingType.allCases, value: \.rawValue, label: \.label, selected: []),
            outcomes: Choice.list(HearingOutcome.allCases, value: \.rawValue, label: \.label, selected: []),
            householdAtRisk: record.householdAtRiskAt != nil, today: today.description)
        return try await request.view.render("enforcement/case", page)
    }
}
