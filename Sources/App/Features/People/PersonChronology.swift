import Fluent
import Foundation
import TandemCore
import Vapor

/// `/people/:personID/chronology`: one account of a person across every case and agency the viewer may see (issue
/// 23, item 4): reports and incidents, contacts, risk assessments, referrals, panel decisions, interventions, orders
/// and breaches, oldest first, each with the organisation it came from. A case the viewer may not see contributes
/// nothing, and each kind of entry needs its section of the case to be open to them. Filtered by period and kind;
/// prints without the navigation; every view is audited.
struct PersonChronologyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.personChronology(.key), use: show)
    }

    struct Row: Encodable {
        var day: String
        var time: String?
        var kind: String
        var caseReference: String
        var caseLink: String
        var organisation: String
        var text: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var name: String
        var personLink: String?
        var rows: [Row]
        var hasRows: Bool
        var cases: [String]
        var kinds: [Choice]
        var from: String
        var to: String
        var generated: String
        var action: String
    }

    struct Filters: Content {
        var from: String?
        var to: String?
        var kind: [String]?
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let user = try request.authorize(.viewChronology)
        guard let personID = request.parameters.get("personID", as: UUID.self),
            let person = try await Person.find(personID, on: request.db)
        else { throw Abort(.notFound) }
        let db = request.db
        // The cases the person is on, kept to those the viewer may see.
        let parties = try await CaseParty.query(on: db).filter(\.$person.$id == personID).all()
        let reported = try await Report.query(on: db).filter(\.$reporterPerson.$id == personID).all()
        let assessed = try await VulnerabilityAssessmentRecord.query(on: db).filter(\.$person.$id == personID).all()
        let candidates = Set(
            parties.map { $0.$caseRecord.id } + reported.compactMap { $0.$caseRecord.id }
                + assessed.map { $0.$caseRecord.id })
        let clearance = try await PanelReads.clearance(Array(candidates), today: ReportDay.today(request), on: db)
        let visible = clearance.filter { request.may(.viewCase($0.value)) }
        guard !visible.isEmpty else { throw AccessRefused(status: .notFound) }
        func may(_ caseID: UUID, _ kind: ChronologyKind) -> Bool {
            guard let facts = visible[caseID] else { return false }
            return request.may(.viewSection(facts, kind.section))
        }
        let ids = Array(visible.keys)
        let cases = try await CaseRecord.query(on: db).filter(\.$id ~~ ids).with(\.$organisation).all()
        let references = Dictionary(uniqueKeysWithValues: cases.compactMap { c in c.id.map { ($0, c.reference) } })
        let owners = Dictionary(uniqueKeysWithValues: cases.compactMap { c in c.id.map { ($0, c.organisation.name) } })
        let organisations = try await Organisation.query(on: db).all()
        func organisation(_ id: UUID?) -> String? { organisations.first { $0.id == id }?.name }
        let partyIDs = Set(parties.compactMap(\.id))
        // A record tied to a party counts when it is this person's; one tied to no party belongs to the whole case.
        func theirs(_ party: UUID?) -> Bool { party.map { partyIDs.contains($0) } ?? true }
        let calendar = WorkingCalendar()
        var entries: [ChronologyEntry] = []
        func add(
            _ caseID: UUID, _ kind: ChronologyKind, at moment: Date?, on day: CivilDate? = nil, from source: String?,
            _ text: String
        ) {
            guard may(caseID, kind), let reference = references[caseID] else { return }
            let local = moment.map { calendar.local($0) }
            guard let date = local?.day ?? day else { return }
            entries.append(
                ChronologyEntry(
                    day: date, minute: local?.minute, kind: kind, caseReference: reference,
                    organisation: source ?? owners[caseID] ?? "", text: text))
        }
        for report in try await Report.query(on: db).filter(\.$caseRecord.$id ~~ ids).all() {
            guard let caseID = report.$caseRecord.id else { continue }
            let source = organisation(report.$partnerOrganisation.id) ?? organisation(report.$organisation.id)
            let role = report.$reporterPerson.id == personID ? "Reported by them" : "Reported"
            add(
                caseID, .report, at: report.receivedAt, from: source,
                "\(role) (\(report.reference), \(report.channel.label.lowercased())): \(Self.short(report.description))"
            )
        }
        for contact in try await ContactLog.query(on: db).filter(\.$caseRecord.$id ~~ ids).all() {
            add(
                contact.$caseRecord.id, .contact, at: contact.contactedAt, from: nil,
                "\(contact.channel.label) with \(contact.withWhom): \(Self.short(contact.summary))")
        }
        for assessment in assessed where visible[assessment.$caseRecord.id] != nil {
            let outcome = assessment.declined ? "declined" : "band \(assessment.band?.label ?? "not set")"
            add(
                assessment.$caseRecord.id, .assessment, at: assessment.assessedAt, from: nil,
                "Vulnerability assessment: \(outcome)")
        }
        for referral in try await Referral.query(on: db).filter(\.$caseRecord.$id ~~ ids).all()
        where theirs(referral.$party.id) {
            add(
                referral.$caseRecord.id, .referral, at: nil, on: referral.sentOn, from: nil,
                "Referral to \(referral.service.label): \(referral.status.label.lowercased())")
        }
        for intervention in try await Intervention.query(on: db).filter(\.$caseRecord.$id ~~ ids).all()
        where theirs(intervention.$party.id) {
            add(
                intervention.$caseRecord.id, .intervention, at: nil, on: intervention.startedOn, from: nil,
                "\(intervention.kind.label) started")
        }
        let items = try await PanelItem.query(on: db).filter(\.$caseRecord.$id ~~ ids).filter(\.$recordedAt != nil)
            .with(\.$meeting) { $0.with(\.$panel) }.all()
        for item in items {
            let decided = [item.decisions, item.outcome.map { "outcome: \($0.label.lowercased())" }].compactMap { $0 }
            add(
                item.$caseRecord.id, .panel, at: nil, on: item.meeting.heldOn,
                from: organisation(item.meeting.panel.$organisation.id),
                "\(item.meeting.panel.name): \(Self.short(decided.joined(separator: "; ").nonEmpty ?? "discussed"))")
        }
        let measures = try await LegalMeasure.query(on: db).filter(\.$caseRecord.$id ~~ ids).all()
        let theirMeasures = Set(measures.filter { theirs($0.$party.id) }.compactMap(\.id))
        let orders = try await CourtOrder.query(on: db).filter(\.$caseRecord.$id ~~ ids).all()
            .filter { theirMeasures.contains($0.$measure.id) }
        for order in orders {
            let until = order.expiresOn.map { ", until \(DisplayDate.civil($0))" } ?? ""
            add(
                order.$caseRecord.id, .order, at: nil, on: order.madeOn, from: nil,
                "Court order made, in force from \(DisplayDate.civil(order.startsOn))\(until)"
                    + (order.powerOfArrest ? ", with a power of arrest" : ""))
        }
        let orderIDs = orders.compactMap(\.id)
        for breach in try await OrderBreach.query(on: db).filter(\.$order.$id ~~ orderIDs).all() {
            add(
                breach.$caseRecord.id, .breach, at: nil, on: breach.occurredOn, from: nil,
                "Breach of the order" + (breach.policeInvolved ? " (police involved)" : ""))
        }

        // The filters: a period and the kinds wanted (all when none are ticked).
        let filters = (try? request.query.decode(Filters.self)) ?? Filters()
        var form = FormState()
        let fromText = TextRules.clean(filters.from)
        let toText = TextRules.clean(filters.to)
        let from = fromText.isEmpty ? nil : CivilDate(iso: fromText)
        let to = toText.isEmpty ? nil : CivilDate(iso: toText)
        if !fromText.isEmpty && from == nil { form.add("from", "Enter the start of the period as a real date") }
        if !toText.isEmpty && to == nil { form.add("to", "Enter the end of the period as a real date") }
        for problem in Chronology.problems(from: from, to: to) { form.add("to", problem) }
        let asked = Set((filters.kind ?? []).compactMap(ChronologyKind.init(rawValue:)))
        let kinds = asked.isEmpty ? Set(ChronologyKind.allCases) : asked
        let arranged = form.isValid ? Chronology.arrange(entries, from: from, to: to, kinds: kinds) : []
        let caseLinks = Dictionary(
            uniqueKeysWithValues: references.map { ($0.value, SiteURL.case(.value($0.key)).path) })
        try await request.auditView(
            recordType: .person, recordID: personID.uuidString,
            summary: "Viewed the chronology of a person across \(visible.count) case(s)")
        let title = "Chronology: \(person.fullName)"
        return try await request.view.render(
            "people/chronology",
            Page(
                layout: request.layout(title: (form.isValid ? "" : "Error: ") + title, section: .people), form: form,
                name: person.fullName,
                personLink: request.may(.findPeople) ? SiteURL.person(.value(personID)).path : nil,
                rows: arranged.map { entry in
                    Row(
                        day: DisplayDate.civil(entry.day),
                        time: entry.minute.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) },
                        kind: entry.kind.label, caseReference: entry.caseReference,
                        caseLink: caseLinks[entry.caseReference] ?? "", organisation: entry.organisation,
                        text: entry.text)
                },
                hasRows: !arranged.isEmpty, cases: references.values.sorted(),
                kinds: ChronologyKind.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: asked.contains($0))
                },
                from: fromText, to: toText, generated: DisplayDate.dayAndTime(request.now),
                action: SiteURL.personChronology(.value(personID)).path))
    }

    static func short(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 300 ? String(flat.prefix(297)) + "…" : flat
    }
}
