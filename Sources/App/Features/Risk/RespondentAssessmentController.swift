import Fluent
import Foundation
import TandemCore
import Vapor

/// The dual-lens assessment of a respondent: the risk they pose and the risk to them.
struct RespondentAssessmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .newRespondentAssessment), use: form)
        routes.post(.case(.key, .respondentAssessment), use: save)
    }

    struct CheckRow: Encodable {
        var field: String
        var label: String
        var options: [Choice]
        var error: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var caseID: String
        var links: CaseLinks
        var reference: String
        var respondents: [Choice]
        var hasRespondents: Bool
        var risks: [Choice]
        var riskPosedTo: [Choice]
        var factors: [Choice]
        var checks: [CheckRow]
        var under18: Bool
    }

    struct Input: Content {
        var partyId: String?
        var riskPosed: String?
        var riskPosedTo: [String]?
        var riskPosedNotes: String?
        var factors: [String]?
        var factorNotes: String?
        var checkMentalHealth: String?
        var checkAdultSocialCare: String?
        var checkChildrensSocialCare: String?
        var checksNotes: String?
        var supportInPlace: String?
        var under18: String?

        enum CodingKeys: String, CodingKey {
            case partyId = "party_id"
            case riskPosed = "risk_posed"
            case riskPosedTo = "risk_posed_to"
            case riskPosedNotes = "risk_posed_notes"
            case factors
            case factorNotes = "factor_notes"
            case checkMentalHealth = "check_mental_health"
            case checkAdultSocialCare = "check_adult_social_care"
            case checkChildrensSocialCare = "check_childrens_social_care"
            case checksNotes = "checks_notes"
            case supportInPlace = "support_in_place"
            case under18 = "under_18"
        }

        func check(_ service: CheckedService) -> String? {
            switch service {
            case .mentalHealth: checkMentalHealth
            case .adultSocialCare: checkAdultSocialCare
            case .childrensSocialCare: checkChildrensSocialCare
            }
        }
    }

    @Sendable
    func form(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .risk)
        try request.authorize(.workCase(facts))
        try await request.auditCaseView(record, "the respondent assessment form")
        return try await render(request, record, input: Input(), form: FormState())
    }

    private func respondents(_ caseID: UUID, on db: any Database) async throws -> [CaseParty] {
        try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$role == PartyRole.respondent).with(\.$person).sort(\.$addedAt).all()
    }

    func render(_ request: Request, _ record: CaseRecord, input: Input, form: FormState) async throws -> View {
        let caseID = try record.requireID()
        let parties = try await respondents(caseID, on: request.db)
        return try await request.view.render(
            "risk/respondent",
            Page(
                layout: request.layout(
                    title: form.isValid
                        ? "Respondent assessment, \(record.reference)"
                        : "Error: Respondent assessment, \(record.reference)",
                    section: .cases),
                form: form, caseID: caseID.uuidString, links: CaseLinks(caseID), reference: record.reference,
                respondents: parties.enumerated().map { index, party in
                    let id = party.id?.uuidString ?? ""
                    let name =
                        party.person?.fullName ?? party.description.map { "Not named: \($0.prefix(60))" }
                        ?? "Not identified"
                    return Choice(
                        value: id, label: name, selected: input.partyId == id || (input.partyId == nil && index == 0))
                }, hasRespondents: !parties.isEmpty,
                risks: Choice.list(
                    RiskLevel.allCases.reversed(), value: \.rawValue, label: \.label, selected: [input.riskPosed ?? ""]),
                riskPosedTo: Choice.list(
                    RiskPosedTo.allCases, value: \.rawValue, label: \.label, selected: Set(input.riskPosedTo ?? [])),
                factors: Choice.list(
                    RespondentFactor.allCases, value: \.rawValue, label: \.label, selected: Set(input.factors ?? [])),
                checks: CheckedService.allCases.map { service in
                    let field = "check_\(service.rawValue)"
                    return CheckRow(
                        field: field, label: "Known to \(service.label.lowercased())?",
                        options: Choice.list(
                            ServiceCheck.allCases, value: \.rawValue, label: \.label,
                            selected: [input.check(service) ?? ""]),
                        error: form.errors[field])
                },
                under18: input.under18 == "yes"))
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .risk)
        let user = try request.authorize(.workCase(facts))
        guard record.isActive else { throw Abort(.badRequest) }
        let input = (try? request.content.decode(Input.self)) ?? Input()
        let caseID = try record.requireID()
        var form = FormState()
        let party = try await respondents(caseID, on: request.db).first {
            $0.id?.uuidString == input.partyId
        }
        if party == nil { form.add("party_id", "Select the respondent from the people on this case") }
        let riskPosed = input.riskPosed.flatMap(RiskLevel.init(rawValue:))
        let posedTo = (input.riskPosedTo ?? []).compactMap(RiskPosedTo.init(rawValue:))
        let factors = (input.factors ?? []).compactMap(RespondentFactor.init(rawValue:))
        if posedTo.count != (input.riskPosedTo ?? []).count || factors.count != (input.factors ?? []).count {
            form.add("risk_posed_to", "Choose only from the options given")
        }
        var checks: [CheckedService: ServiceCheck] = [:]
        for service in CheckedService.allCases {
            checks[service] = input.check(service).flatMap(ServiceCheck.init(rawValue:))
        }
        let notes: [String: String] = [
            "risk_posed_notes": TextRules.clean(input.riskPosedNotes),
            "factor_notes": TextRules.clean(input.factorNotes), "checks_notes": TextRules.clean(input.checksNotes),
            "support_in_place": TextRules.clean(input.supportInPlace),
        ]
        for problem in RespondentRules.problems(
            riskPosed: riskPosed, riskPosedTo: Set(posedTo), factors: Set(factors), checks: checks, notes: notes)
        {
            form.add(problem.field, problem.message)
        }
        for (field, text) in notes.sorted(by: { $0.key < $1.key }) {
            if let problem = TextRules.multilineProblem(text, label: "this note", required: false, max: 2000) {
                form.add(field, problem)
            }
        }
        guard form.isValid, let party, let riskPosed, let checkMentalHealth = checks[.mentalHealth],
            let checkAdultSocialCare = checks[.adultSocialCare],
            let checkChildrensSocialCare = checks[.childrensSocialCare]
        else {
            return try await render(request, record, input: input, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let policy = try await request.intakePolicy()
        let today = policy.calendar.local(request.now).day
        let under18 = RespondentRules.isUnder18(
            dateOfBirth: party.person?.dateOfBirth, age: party.person?.age,
            statedUnder18: input.under18 == "yes", on: today)
        let assessment = RespondentAssessmentRecord()
        assessment.$caseRecord.id = caseID
        assessment.$party.id = try party.requireID()
        assessment.riskPosed = riskPosed
        assessment.riskPosedTo = posedTo.map(\.rawValue).joined(separator: ",")
        assessment.riskPosedNotes = notes["risk_posed_notes"].flatMap { $0.isEmpty ? nil : $0 }
        assessment.factors = factors.map(\.rawValue).joined(separator: ",")
        assessment.factorNotes = notes["factor_notes"].flatMap { $0.isEmpty ? nil : $0 }
        assessment.checkMentalHealth = checkMentalHealth
        assessment.checkAdultSocialCare = checkAdultSocialCare
        assessment.checkChildrensSocialCare = checkChildrensSocialCare
        assessment.checksNotes = notes["checks_notes"].flatMap { $0.isEmpty ? nil : $0 }
        assessment.supportInPlace = notes["support_in_place"].flatMap { $0.isEmpty ? nil : $0 }
        assessment.under18 = under18
        assessment.assessedAt = request.now
        assessment.$assessedBy.id = user.id
        let context = RiskService.Context(
            userID: user.id, actor: request.auditActor, now: request.now, calendar: policy.calendar)
        let who = party.person?.fullName ?? "the respondent"
        try await request.write { work in
            try await work.insert(assessment, "Recorded respondent assessment on case \(record.reference)")
            var summary = "Respondent assessment of \(who): poses \(riskPosed.label.lowercased()) risk"
            if !factors.isEmpty { summary += "; \(factors.count) factor(s) of risk to them recorded" }
            if under18 { summary += "; under 18" }
            try await work.timeline(caseID, kind: .respondentAssessment, summary, actorID: user.id)
            if under18 { try await RiskService.engageYouthOffending(caseID: caseID, context: context, in: work) }
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .risk).path, flash: .respondentAssessed)
    }
}
