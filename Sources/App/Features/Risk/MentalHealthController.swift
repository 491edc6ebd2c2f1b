import Fluent
import Foundation
import TandemCore
import Vapor

/// Mental health as a factor, for a reporting person or a respondent. Special
/// category data: only those with a need to know reach these pages (everyone
/// else gets 404), every view is audited, and nothing here appears in a list
/// or a letter.
struct MentalHealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .newMentalHealth), use: form)
        routes.post(.case(.key, .mentalHealth), use: save)
        routes.get(.case(.key, .mentalHealthRecord(.key)), use: show)
    }

    struct FormPage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var caseID: String
        var links: CaseLinks
        var reference: String
        var parties: [Choice]
        var statuses: [Choice]
        var bases: [Choice]
        var capacity: [Choice]
        var values: Input
    }

    struct ShowPage: Encodable {
        var layout: LayoutContext
        var caseID: String
        var links: CaseLinks
        var reference: String
        var who: String
        var status: String
        var source: String
        var lawfulBasis: String
        var careCoordinator: String?
        var capacity: String
        var pathwayNotes: String?
        var recorded: String
        var recordedBy: String
    }

    struct Input: Content {
        var partyId: String?
        var status: String?
        var source: String?
        var lawfulBasis: String?
        var careCoordinator: String?
        var capacityOutcome: String?
        var pathwayNotes: String?

        enum CodingKeys: String, CodingKey {
            case partyId = "party_id"
            case status, source
            case lawfulBasis = "lawful_basis"
            case careCoordinator = "care_coordinator"
            case capacityOutcome = "capacity_outcome"
            case pathwayNotes = "pathway_notes"
        }
    }

    @Sendable
    func form(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .specialCategory)
        try request.authorize(.recordMentalHealth(facts))
        try await request.auditCaseView(record, "the mental health form")
        return try await render(request, record, input: Input(), form: FormState())
    }

    private func parties(_ caseID: UUID, on db: any Database) async throws -> [CaseParty] {
        try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID).filter(\.$person.$id != nil)
            .with(\.$person).sort(\.$addedAt).all()
    }

    func render(_ request: Request, _ record: CaseRecord, input: Input, form: FormState) async throws -> View {
        let caseID = try record.requireID()
        let parties = try await parties(caseID, on: request.db)
        return try await request.view.render(
            "risk/mental-health-form",
            FormPage(
                layout: request.layout(
                    title: form.isValid
                        ? "Mental health record, \(record.reference)"
                        : "Error: Mental health record, \(record.reference)",
                    section: .cases),
                form: form, caseID: caseID.uuidString, links: CaseLinks(caseID), reference: record.reference,
                parties: parties.map { party in
                    let role = party.role.label
                    return Choice(
                        value: party.id?.uuidString ?? "",
                        label: "\(party.person?.fullName ?? "") (\(role.lowercased()))",
                        selected: party.id?.uuidString == input.partyId)
                },
                statuses: Choice.list(
                    MentalHealthStatus.allCases, value: \.rawValue, label: \.label, selected: [input.status ?? ""]),
                bases: Choice.list(
                    LawfulBasis.allCases, value: \.rawValue, label: \.label, selected: [input.lawfulBasis ?? ""]),
                capacity: Choice.list(
                    CapacityOutcome.allCases, value: \.rawValue, label: \.label,
                    selected: [input.capacityOutcome ?? CapacityOutcome.notRequested.rawValue]),
                values: input))
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .specialCategory)
        let user = try request.authorize(.recordMentalHealth(facts))
        guard record.isActive else { throw Abort(.badRequest) }
        let input = (try? request.content.decode(Input.self)) ?? Input()
        let caseID = try record.requireID()
        var form = FormState()
        let party = try await parties(caseID, on: request.db).first { $0.id?.uuidString == input.partyId }
        if party == nil { form.add("party_id", "Select the person from the people on this case") }
        let status = input.status.flatMap(MentalHealthStatus.init(rawValue:))
        if status == nil { form.add("status", "Select whether mental health is suspected or diagnosed") }
        let source = TextRules.clean(input.source)
        if let problem = TextRules.problem(source, label: "where the information came from", max: 500) {
            form.add("source", problem)
        }
        let basis = input.lawfulBasis.flatMap(LawfulBasis.init(rawValue:))
        if basis == nil { form.add("lawful_basis", "Select the lawful basis or consent for recording this") }
        let coordinator = TextRules.clean(input.careCoordinator)
        if let problem = TextRules.problem(
            coordinator, label: "the care coordinator or team", required: false, max: 200)
        {
            form.add("care_coordinator", problem)
        }
        let capacity = input.capacityOutcome.flatMap(CapacityOutcome.init(rawValue:))
        if capacity == nil { form.add("capacity_outcome", "Select the capacity assessment's state") }
        let notes = TextRules.clean(input.pathwayNotes)
        if let problem = TextRules.multilineProblem(notes, label: "care pathway notes", required: false, max: 4000) {
            form.add("pathway_notes", problem)
        }
        guard form.isValid, let party, let status, let basis, let capacity else {
            return try await render(request, record, input: input, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let entry = MentalHealthRecord()
        entry.$caseRecord.id = caseID
        entry.$party.id = try party.requireID()
        entry.status = status
        entry.source = source
        entry.lawfulBasis = basis
        entry.careCoordinator = coordinator.isEmpty ? nil : coordinator
        entry.capacityOutcome = capacity
        entry.pathwayNotes = notes.isEmpty ? nil : notes
        entry.recordedAt = request.now
        entry.$recordedBy.id = user.id
        try await request.write { work in
            try await work.insert(entry, "Recorded mental health information on case \(record.reference)")
            // The timeline says a record exists, never what it says.
            try await work.timeline(
                caseID, kind: .mentalHealth, "Restricted mental health record added", actorID: user.id)
        }
        return request.redirect(
            to: SiteURL.case(.value(caseID), .mentalHealthRecord(.value(try entry.requireID()))).path,
            flash: .mentalHealthRecorded)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .specialCategory)
        try request.authorize(.viewCase(facts))
        try request.authorize(.viewMentalHealth(facts))
        let caseID = try record.requireID()
        guard let id = request.parameters.get("recordID", as: UUID.self),
            let entry = try await MentalHealthRecord.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == caseID).with(\.$party) { $0.with(\.$person) }.with(\.$recordedBy).first()
        else { throw Abort(.notFound) }
        try await request.auditView(
            recordType: .mentalHealthRecord, recordID: id.uuidString,
            summary: "Viewed mental health record on case \(record.reference)")
        let role = entry.party.role.label
        return try await request.view.render(
            "risk/mental-health",
            ShowPage(
                layout: request.layout(title: "Mental health record, \(record.reference)", section: .cases),
                caseID: caseID.uuidString, links: CaseLinks(caseID), reference: record.reference,
                who: "\(entry.party.person?.fullName ?? "Not identified") (\(role.lowercased()))",
                status: entry.status.label, source: entry.source, lawfulBasis: entry.lawfulBasis.label,
                careCoordinator: entry.careCoordinator, capacity: entry.capacityOutcome.label,
                pathwayNotes: entry.pathwayNotes, recorded: DisplayDate.dayAndTime(entry.recordedAt),
                recordedBy: entry.recordedBy.displayName))
    }
}
