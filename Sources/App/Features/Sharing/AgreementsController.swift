import Fluent
import TandemCore
import Vapor

/// The register of information sharing agreements, kept by administrators (issue 19, item 1): what may be
/// shared, between whom, why and on which legal gateway. A share of a case names one of them.
struct AgreementsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.admin(.agreements), use: index)
        routes.get(.admin(.agreementsCSV), use: csv)
        routes.get(.admin(.newAgreement), use: new)
        routes.post(.admin(.agreements), use: create)
        routes.get(.admin(.agreement(.key)), use: edit)
        routes.post(.admin(.agreement(.key)), use: update)
    }

    struct AgreementForm: Content {
        var title: String?
        var purpose: String?
        var parties: [String]?
        var gateways: [String]?
        var specialCondition: String?
        var sections: [String]?
        var startsOn: String?
        var reviewOn: String?
        var endsOn: String?
        var documentReference: String?
        var status: String?

        enum CodingKeys: String, CodingKey {
            case title, purpose, parties, gateways, sections, status
            case specialCondition = "special_condition"
            case startsOn = "starts_on"
            case reviewOn = "review_on"
            case endsOn = "ends_on"
            case documentReference = "document_reference"
        }
    }

    @Sendable
    func index(request: Request) async throws -> View {
        try request.authorize(.manageSharingAgreements)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let today = request.today()
        let register = try await AgreementRegister.read(on: request.db, paging: paging)
        paging.hasNext = register.hasNext
        let review = try await AgreementRegister.sharesToReview(today: today, on: request.db)
        return try await request.view.render(
            "sharing/agreements",
            AgreementsPage.List(
                layout: request.layout(title: "Information sharing agreements", section: .agreements),
                agreements: register.rows.map { AgreementsPage.Row($0, today: today) },
                hasAgreements: !register.rows.isEmpty, paging: paging,
                newAgreementLink: SiteURL.admin(.newAgreement).path, csvLink: SiteURL.admin(.agreementsCSV).path,
                sharesToReview: review, hasSharesToReview: !review.isEmpty))
    }

    @Sendable
    func csv(request: Request) async throws -> Response {
        try request.authorize(.manageSharingAgreements)
        let today = request.today()
        let all = try await AgreementRegister.read(on: request.db, paging: nil).rows
        var rows = [
            [
                "Title", "Parties", "Purpose", "Legal gateways", "Article 9 condition", "Sections", "Starts",
                "Review", "Ends", "Document reference", "Status",
            ]
        ]
        for entry in all {
            let agreement = entry.agreement
            rows.append([
                agreement.title, entry.partyNames.joined(separator: "; "), agreement.purpose,
                LegalGateway.labels(agreement.gatewaySet), agreement.specialCondition?.label ?? "",
                ShareSection.labels(agreement.sectionSet), agreement.startsOn.description,
                agreement.reviewOn?.description ?? "", agreement.endsOn?.description ?? "",
                agreement.documentReference ?? "", AgreementsPage.standing(agreement, today: today),
            ])
        }
        return CSVFile.response(rows, filename: "information-sharing-agreements.csv")
    }

    @Sendable
    func new(request: Request) async throws -> View {
        try request.authorize(.manageSharingAgreements)
        var form = FormState()
        form.values["starts_on"] = request.today().description
        return try await renderForm(request, form: form, agreement: nil, input: nil)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        try request.authorize(.manageSharingAgreements)
        let input = (try? request.content.decode(AgreementForm.self)) ?? AgreementForm()
        let (form, valid) = try await validate(input, on: request.db)
        guard form.isValid, let valid else {
            return try await renderForm(request, form: form, agreement: nil, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        let agreement = SharingAgreement()
        apply(valid, status: .active, to: agreement, at: request.now)
        agreement.createdAt = request.now
        try await request.write { work in
            try await work.insert(agreement, "Added information sharing agreement \(valid.draft.title)")
            let id = try agreement.requireID()
            for organisation in valid.draft.parties.sorted(by: { $0.uuidString < $1.uuidString }) {
                try await work.insert(
                    SharingAgreementParty(agreementID: id, organisationID: organisation),
                    "Added a party to agreement \(valid.draft.title)")
            }
        }
        return request.redirect(to: SiteURL.admin(.agreements).path, flash: .agreementSaved)
    }

    @Sendable
    func edit(request: Request) async throws -> View {
        try request.authorize(.manageSharingAgreements)
        let agreement = try await find(request)
        var form = FormState()
        form.values = [
            "title": agreement.title, "purpose": agreement.purpose,
            "special_condition": agreement.specialCondition?.rawValue ?? "",
            "starts_on": agreement.startsOn.description, "review_on": agreement.reviewOn?.description ?? "",
            "ends_on": agreement.endsOn?.description ?? "", "document_reference": agreement.documentReference ?? "",
            "status": agreement.status.rawValue,
        ]
        return try await renderForm(request, form: form, agreement: agreement, input: nil)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        try request.authorize(.manageSharingAgreements)
        let agreement = try await find(request)
        let input = (try? request.content.decode(AgreementForm.self)) ?? AgreementForm()
        var (form, valid) = try await validate(input, on: request.db)
        let status = input.status.flatMap(AgreementStatus.init(rawValue:))
        if status == nil { form.add("status", "Select whether the agreement is active, suspended or ended") }
        guard form.isValid, let valid, let status else {
            return try await renderForm(request, form: form, agreement: agreement, input: input)
                .encodeResponse(status: .badRequest, for: request)
        }
        let id = try agreement.requireID()
        let current = Set(agreement.parties.map { $0.$organisation.id })
        apply(valid, status: status, to: agreement, at: request.now)
        try await request.write { work in
            try await work.update(agreement, "Updated information sharing agreement \(valid.draft.title)")
            for party in agreement.parties where !valid.draft.parties.contains(party.$organisation.id) {
                try await work.delete(party, "Removed a party from agreement \(valid.draft.title)")
            }
            for organisation in valid.draft.parties.subtracting(current).sorted(by: { $0.uuidString < $1.uuidString }) {
                try await work.insert(
                    SharingAgreementParty(agreementID: id, organisationID: organisation),
                    "Added a party to agreement \(valid.draft.title)")
            }
        }
        return request.redirect(to: SiteURL.admin(.agreements).path, flash: .agreementSaved)
    }

    private struct ValidAgreement {
        var draft: AgreementDraft
        var startsOn: CivilDate
        var documentReference: String?
    }

    private func apply(_ valid: ValidAgreement, status: AgreementStatus, to agreement: SharingAgreement, at now: Date) {
        agreement.title = valid.draft.title
        agreement.purpose = valid.draft.purpose
        agreement.gateways = LegalGateway.text(valid.draft.gateways)
        agreement.specialCondition = valid.draft.specialCondition
        agreement.sections = ShareSection.text(valid.draft.sections)
        agreement.startsOn = valid.startsOn
        agreement.reviewOn = valid.draft.reviewOn
        agreement.endsOn = valid.draft.endsOn
        agreement.documentReference = valid.documentReference
        agreement.status = status
        agreement.updatedAt = now
    }

    private func find(_ request: Request) async throws -> SharingAgreement {
        guard let id = request.parameters.get("agreementID", as: UUID.self),
            let agreement = try await SharingAgreement.query(on: request.db).filter(\.$id == id).with(\.$parties)
                .first()
        else { throw Abort(.notFound) }
        return agreement
    }

    /// Text and dates checked here, the agreement's own rules in TandemCore; every id must name a real,
    /// active organisation and every choice a known value, so a forged form saves nothing.
    private func validate(_ input: AgreementForm, on db: any Database) async throws -> (FormState, ValidAgreement?) {
        var form = FormState()
        let title = TextRules.clean(input.title)
        let purpose = TextRules.clean(input.purpose)
        let reference = TextRules.clean(input.documentReference)
        form.values = [
            "title": title, "purpose": purpose, "document_reference": reference,
            "special_condition": input.specialCondition ?? "", "starts_on": TextRules.clean(input.startsOn),
            "review_on": TextRules.clean(input.reviewOn), "ends_on": TextRules.clean(input.endsOn),
            "status": input.status ?? "",
        ]
        if let problem = TextRules.problem(title, label: "a title for the agreement", max: 200) {
            form.add("title", problem)
        }
        if let problem = TextRules.multilineProblem(
            purpose, label: "what the agreement lets its parties share information for", required: true, max: 2000)
        {
            form.add("purpose", problem)
        }
        if let problem = TextRules.problem(reference, label: "the document reference", required: false, max: 200) {
            form.add("document_reference", problem)
        }
        let partyIDs = (input.parties ?? []).map { UUID(uuidString: $0) }
        let parties = Set(partyIDs.compactMap { $0 })
        if partyIDs.count > 50 || partyIDs.contains(where: { $0 == nil }) {
            form.add("parties", "Select organisations from the list")
        } else if !parties.isEmpty {
            let known = try await Organisation.query(on: db).filter(\.$id ~~ parties).filter(\.$active == true).count()
            if known != parties.count { form.add("parties", "Select organisations from the list") }
        }
        let gateways = (input.gateways ?? []).map(LegalGateway.init(rawValue:))
        if gateways.contains(where: { $0 == nil }) { form.add("gateways", "Select legal gateways from the list") }
        let sections = (input.sections ?? []).map(ShareSection.init(rawValue:))
        if sections.contains(where: { $0 == nil }) { form.add("sections", "Select sections from the list") }
        let conditionText = input.specialCondition ?? ""
        let condition = SpecialCategoryCondition(rawValue: conditionText)
        if !conditionText.isEmpty && condition == nil {
            form.add("special_condition", "Select an Article 9 condition from the list")
        }
        let startsOn = Casework.day(input.startsOn)
        if startsOn == nil { form.add("starts_on", "Enter the date the agreement starts, as a real date") }
        func optionalDay(_ text: String?, field: String, label: String) -> CivilDate? {
            guard !TextRules.clean(text).isEmpty else { return nil }
            let day = Casework.day(text)
            if day == nil { form.add(field, "Enter the \(label) as a real date") }
            return day
        }
        let reviewOn = optionalDay(input.reviewOn, field: "review_on", label: "review date")
        let endsOn = optionalDay(input.endsOn, field: "ends_on", label: "end date")
        let draft = AgreementDraft(
            title: title, purpose: purpose, parties: parties, gateways: Set(gateways.compactMap { $0 }),
            specialCondition: condition, sections: Set(sections.compactMap { $0 }).union([.summary]),
            startsOn: startsOn, reviewOn: reviewOn, endsOn: endsOn)
        for problem in SharingRules.validate(draft) where form.errors[problem.field] == nil {
            form.add(problem.field, problem.message)
        }
        guard form.isValid, let startsOn else { return (form, nil) }
        return (
            form,
            ValidAgreement(draft: draft, startsOn: startsOn, documentReference: reference.isEmpty ? nil : reference)
        )
    }

    private func renderForm(_ request: Request, form: FormState, agreement: SharingAgreement?, input: AgreementForm?)
        async throws -> View
    {
        let title = agreement == nil ? "Add an information sharing agreement" : "Edit information sharing agreement"
        let organisations = try await Organisation.query(on: request.db).filter(\.$active == true).sort(\.$name).all()
        let chosenParties =
            input.map { Set($0.parties ?? []) }
            ?? Set(agreement?.parties.map { $0.$organisation.id.uuidString } ?? [])
        let chosenGateways = input.map { Set($0.gateways ?? []) } ?? Set(agreement?.gatewaySet.map(\.rawValue) ?? [])
        let chosenSections =
            input.map { Set($0.sections ?? []) } ?? Set(agreement?.sectionSet.map(\.rawValue) ?? [])
        let statusValue = form.values["status"] ?? agreement?.status.rawValue ?? ""
        return try await request.view.render(
            "sharing/agreement-form",
            AgreementsPage.Form(
                layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .agreements),
                heading: title, form: form,
                action: agreement.flatMap { $0.id }.map { SiteURL.admin(.agreement(.value($0))).path }
                    ?? SiteURL.admin(.agreements).path,
                isEdit: agreement != nil,
                parties: organisations.compactMap { organisation in
                    organisation.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(organisation.name) (\(organisation.kind.label))",
                            selected: chosenParties.contains($0.uuidString))
                    }
                },
                gateways: Choice.list(
                    LegalGateway.allCases, value: \.rawValue, label: \.label, selected: chosenGateways),
                sections: ShareSection.allCases.filter { $0 != .summary }.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: chosenSections.contains($0.rawValue))
                },
                conditions: SpecialCategoryCondition.allCases.map {
                    Choice(
                        value: $0.rawValue, label: $0.label, selected: form.values["special_condition"] == $0.rawValue)
                },
                statuses: AgreementStatus.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: statusValue == $0.rawValue)
                },
                agreementsLink: SiteURL.admin(.agreements).path))
    }
}
