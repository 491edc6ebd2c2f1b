import Fluent
import Foundation
import TandemCore
import Vapor

/// Letters filled from the case and recorded as sent, and the tab that also
/// lists the reporting person's private links and the outbox (issued and
/// revoked by `ResidentLinksController`).
struct LettersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .letters), use: show)
        routes.get(.case(.key, .newLetter), use: compose)
        routes.post(.case(.key, .letters), use: send)
        routes.get(.case(.key, .letter(.key)), use: view)
    }

    // MARK: - The letters page

    struct LetterRow: Encodable {
        var id: String
        var title: String
        var recipient: String
        var audience: String
        var method: String
        var sentOn: String
        /// The letter's page.
        var href: String
    }

    struct LinkRow: Encodable {
        var id: String
        var who: String
        var created: String
        var expires: String
        var state: String
        var active: Bool
        var lastUsed: String?
        /// Where the link's revocation is posted.
        var revoke: String
    }

    struct OutboxRow: Encodable {
        var when: String
        var channel: String
        var recipient: String
        var subject: String
        var body: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var letters: [LetterRow]
        var hasLetters: Bool
        var templates: [Choice]
        var recipients: [Choice]
        var reportingPeople: [Choice]
        var hasReportingPeople: Bool
        var links: [LinkRow]
        var hasLinks: Bool
        var outbox: [OutboxRow]
        var hasOutbox: Bool
        var issued: IssuedLink?
        /// Every email sent from this case, with its delivery (issue 20).
        var emails: [EmailRow] = []
        var hasEmails: Bool = false
    }

    struct EmailRow: Encodable {
        var when: String
        var kind: String
        var to: String
        var subject: String
        var status: String
        var failed: Bool
        var detail: String?
    }

    struct IssuedLink: Encodable {
        var url: String
        var code: String
        var expires: String
    }

    static func render(
        _ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState, issued: IssuedLink? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let db = request.db
        let caseID = try record.requireID()
        let header = try Casework.header(request, record, facts: facts, current: .letters)
        let parties = try await Casework.parties(caseID, on: db)
        let letters = try await Letter.query(on: db).filter(\.$caseRecord.$id == caseID)
            .sort(\.$recordedAt, .descending).all()
        let templates = try await LetterTemplate.query(on: db).sort(\.$title).all()
        // Links and the outbox carry ways into the resident's view: only those who work the case see them.
        let links =
            header.mayWork
            ? try await ResidentLink.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$createdAt, .descending).all() : []
        let outbox =
            header.mayWork
            ? try await OutboxMessage.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$createdAt, .descending).limit(20).all() : []
        let emails =
            header.mayWork
            ? try await EmailMessage.query(on: db).filter(\.$caseRecord.$id == caseID)
                .sort(\.$createdAt, .descending).limit(50).all() : []
        let configured = request.application.settings.smtp != nil
        let now = request.now
        let page = Page(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "Letters and resident access, case \(record.reference)",
                section: .cases),
            form: form, header: header,
            letters: letters.map {
                LetterRow(
                    id: $0.id?.uuidString ?? "", title: $0.title, recipient: $0.recipientName,
                    audience: $0.audience.label, method: $0.method.label, sentOn: DisplayDate.civil($0.sentOn),
                    href: $0.id.map { header.links.to(.letter(.value($0))) } ?? "")
            },
            hasLetters: !letters.isEmpty,
            templates: templates.map {
                Choice(
                    value: $0.key, label: "\($0.title) (to the \($0.audience.label.lowercased()))",
                    selected: false)
            },
            recipients: Casework.partyChoices(
                parties.filter { $0.person != nil }, roles: [.reportingPerson, .respondent]),
            reportingPeople: Casework.partyChoices(parties.filter { $0.person != nil }, roles: [.reportingPerson]),
            hasReportingPeople: parties.contains { $0.role == PartyRole.reportingPerson && $0.person != nil },
            links: links.map { link in
                LinkRow(
                    id: link.id?.uuidString ?? "",
                    who: parties.first { $0.id == link.$party.id }.map(Casework.partyLabel) ?? "",
                    created: DisplayDate.dayAndTime(link.createdAt), expires: DisplayDate.dayAndTime(link.expiresAt),
                    state: link.state(at: now).label, active: link.state(at: now) == .active,
                    lastUsed: link.lastUsedAt.map(DisplayDate.dayAndTime),
                    revoke: link.id.map { header.links.to(.revokeResidentLink(.value($0))) } ?? "")
            },
            hasLinks: !links.isEmpty,
            outbox: outbox.map {
                OutboxRow(
                    when: DisplayDate.dayAndTime($0.createdAt), channel: $0.channel.rawValue, recipient: $0.recipient,
                    subject: $0.subject, body: $0.body)
            },
            hasOutbox: !outbox.isEmpty, issued: issued,
            emails: emails.map {
                EmailRow(
                    when: DisplayDate.dayAndTime($0.createdAt), kind: $0.purpose.label, to: $0.toAddress,
                    subject: $0.subject, status: $0.status.label, failed: $0.status == .failed,
                    detail: EmailAdminController.detail($0, configured: configured))
            },
            hasEmails: !emails.isEmpty)
        return try await request.view.render("casework/letters", page).encodeResponse(status: status, for: request)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "letters and resident access")
        return try await Self.render(request, record: record, facts: facts, form: FormState())
    }

    // MARK: - Composing and sending

    struct Draft {
        var template: LetterTemplate
        var party: CaseParty
        var audience: LetterAudience
        var recipientName: String
    }

    private func draft(_ request: Request, caseID: UUID, templateKey: String?, partyID: String?, form: inout FormState)
        async throws -> Draft?
    {
        let template = try await LetterTemplate.query(on: request.db).filter(\.$key == (templateKey ?? "")).first()
        if template == nil { form.add("template", "Select a letter") }
        let party = try await CaseParty.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .with(\.$person) { $0.with(\.$place) }.all().first { $0.id?.uuidString == partyID && $0.person != nil }
        if party == nil { form.add("recipient", "Select who the letter is to") }
        guard let template, let party, let person = party.person else { return nil }
        let audience = template.audience
        let role = party.role
        // A letter for the reporting person goes only to a reporting person: to a witness or a household
        // member (perhaps the respondent's own) it would carry the case's plan and contact promise unchecked.
        if (audience == .respondent) ? role != .respondent : role != .reportingPerson {
            form.add(
                "recipient",
                audience == .respondent
                    ? "This letter is for a respondent: choose a respondent"
                    : "This letter is for the reporting person: choose the reporting person")
            return nil
        }
        return Draft(template: template, party: party, audience: audience, recipientName: person.fullName)
    }

    /// The letter's text, from the context its audience allows.
    func fill(
        _ draft: Draft, record: CaseRecord, behaviour: String, terms: String, request: Request
    ) async throws -> String {
        let db = request.db
        let caseID = try record.requireID()
        let calendar = try await request.intakePolicy().calendar
        let today = DisplayDate.civil(calendar.local(request.now).day)
        let categories = try await CaseCategory.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$category)
            .all().map { $0.category.name.lowercased() }.sorted().joined(separator: ", ")
        let person = draft.party.person
        let address = person?.place.map { [$0.line1, $0.line2, $0.postcode].compactMap { $0 }.joined(separator: ", ") }
        let officerName = record.officer?.displayName ?? "the ASB team"
        let officerEmail = record.officer?.email ?? ""
        switch draft.audience {
        case .respondent:
            let context = RespondentLetter(
                recipientName: draft.recipientName, recipientAddress: address ?? "[no address recorded]",
                caseReference: record.reference, today: today, officerName: officerName, officerEmail: officerEmail,
                organisation: record.organisation.name,
                categories: categories.isEmpty ? "anti-social behaviour" : categories,
                behaviour: behaviour, terms: terms)
            return LetterTemplates.render(draft.template.body, audience: .respondent, values: context.values)
        case .reportingPerson:
            let plan = try await ActionPlan.query(on: db).filter(\.$caseRecord.$id == caseID).first()
            // Not a panel's actions: they are the partnership's, agreed in a confidential meeting (issue 21).
            let actions = try await PlanAction.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$status == ActionStatus.open).filter(\.$panelItem.$id == nil).sort(\.$dueOn).all()
            let context = ReportingPersonLetter(
                recipientName: draft.recipientName, recipientAddress: address ?? record.place?.oneLine ?? "",
                caseReference: record.reference, today: today, officerName: officerName, officerEmail: officerEmail,
                organisation: record.organisation.name, categories: categories,
                contactFrequency: record.promisedFrequency.label.lowercased(),
                nextContact: record.nextContactDueAt.map(DisplayDate.dayAndTime) ?? "the date we agree with you",
                nextReview: plan.map { DisplayDate.civil($0.nextReviewOn) } ?? "a date we will agree with you",
                planActions: actions.map {
                    "- \($0.description) (\($0.ownerLabel), by \(DisplayDate.civil($0.dueOn)))"
                }
                .joined(separator: "\n"),
                agreedContact: plan?.agreedHow.map {
                    "\($0.label.lowercased()) on \(plan?.agreedOn.map(DisplayDate.civil) ?? "")"
                } ?? "not yet agreed",
                behaviour: behaviour, terms: terms)
            return LetterTemplates.render(draft.template.body, audience: .reportingPerson, values: context.values)
        }
    }

    struct ComposePage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var header: Casework.Header
        var templateKey: String
        var partyID: String
        var title: String
        var recipient: String
        var toRespondent: Bool
        var preview: String
        var usesBehaviour: Bool
        var usesTerms: Bool
        var behaviour: String
        var terms: String
        var methods: [Choice]
        var sentOn: String
        var confirmed: Bool
        /// Said before anything is typed: a letter that could not reach the person is not recorded as sent.
        var noAddress: Bool
        var usesAddress: Bool
        var recipientName: String
    }

    private func renderCompose(
        _ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, draft: Draft, form: FormState,
        behaviour: String = "", terms: String = "", method: String = "post", sentOn: String? = nil,
        confirmed: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let placeholders = LetterTemplates.placeholders(in: draft.template.body)
        let preview = try await fill(
            draft, record: record, behaviour: behaviour.isEmpty ? "[The behaviour you describe below]" : behaviour,
            terms: terms.isEmpty ? "[The terms you write below]" : terms, request: request)
        let today = try await request.intakePolicy().calendar.local(request.now).day
        let page = ComposePage(
            layout: request.layout(
                title: (form.isValid ? "" : "Error: ") + "\(draft.template.title), case \(record.reference)",
                section: .cases),
            form: form, header: try Casework.header(request, record, facts: facts, current: .letters),
            templateKey: draft.template.key, partyID: draft.party.id?.uuidString ?? "", title: draft.template.title,
            recipient: Casework.partyLabel(draft.party), toRespondent: draft.audience == .respondent, preview: preview,
            usesBehaviour: placeholders.contains(LetterField.behaviour.rawValue),
            usesTerms: placeholders.contains(LetterField.terms.rawValue), behaviour: behaviour, terms: terms,
            methods: Choice.list(
                LetterMethod.allCases.filter { draft.audience == .reportingPerson || $0 != .residentLink },
                value: \.rawValue, label: \.label, selected: [method]),
            sentOn: sentOn ?? today.description, confirmed: confirmed,
            noAddress: draft.party.person?.place.map { $0.line1.trimmingCharacters(in: .whitespaces).isEmpty } ?? true,
            usesAddress: placeholders.contains(LetterField.recipientAddress.rawValue),
            recipientName: draft.recipientName)
        return try await request.view.render("casework/letter-compose", page).encodeResponse(
            status: status, for: request)
    }

    @Sendable
    func compose(request: Request) async throws -> Response {
        let (record, facts, _) = try await Casework.prepare(request, in: .casework)
        // Either answer shows the case's people: the form, or the tab again when the choice was not valid.
        try await request.auditCaseView(record, "a letter being written")
        var form = FormState()
        guard
            let draft = try await draft(
                request, caseID: try record.requireID(), templateKey: request.query["template"],
                partyID: request.query["party"], form: &form)
        else {
            return try await Self.render(request, record: record, facts: facts, form: form, status: .badRequest)
        }
        return try await renderCompose(request, record, facts, draft: draft, form: form)
    }

    struct SendInput: Content {
        var template: String?
        var partyId: String?
        var behaviour: String?
        var terms: String?
        var method: String?
        var sentOn: String?
        var confirmNotIdentifying: String?

        enum CodingKeys: String, CodingKey {
            case template
            case partyId = "party_id"
            case behaviour, terms, method
            case sentOn = "sent_on"
            case confirmNotIdentifying = "confirm_not_identifying"
        }
    }

    @Sendable
    func send(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(SendInput.self)) ?? SendInput()
        var form = FormState()
        guard
            let draft = try await draft(
                request, caseID: caseID, templateKey: input.template, partyID: input.partyId, form: &form)
        else {
            return try await Self.render(request, record: record, facts: facts, form: form, status: .badRequest)
        }
        let today = try await request.intakePolicy().calendar.local(request.now).day
        let behaviour = TextRules.clean(input.behaviour)
        let terms = TextRules.clean(input.terms)
        let placeholders = LetterTemplates.placeholders(in: draft.template.body)
        if let problem = TextRules.multilineProblem(
            behaviour, label: "the behaviour", required: placeholders.contains(LetterField.behaviour.rawValue),
            max: 4000)
        {
            form.add("behaviour", problem)
        }
        if let problem = TextRules.multilineProblem(
            terms, label: "the terms", required: placeholders.contains(LetterField.terms.rawValue), max: 4000)
        {
            form.add("terms", problem)
        }
        let method = input.method.flatMap(LetterMethod.init(rawValue:))
        if method == nil || (method == .residentLink && draft.audience == .respondent) {
            form.add("method", "Select how the letter was sent")
        }
        let sentOn = Casework.day(input.sentOn)
        if sentOn == nil {
            form.add("sent_on", "Enter the date the letter was sent, like 2026-11-23")
        } else if let sentOn, sentOn > today {
            form.add("sent_on", "The date sent cannot be in the future")
        }
        if let method, let person = draft.party.person {
            let address = person.place.map { !$0.line1.trimmingCharacters(in: .whitespaces).isEmpty } ?? false
            if let problem = LetterDelivery.problem(
                method: method, recipient: person.fullName, hasAddress: address,
                hasEmail: !(person.email ?? "").isEmpty,
                usesAddress: placeholders.contains(LetterField.recipientAddress.rawValue))
            {
                form.add("method", problem)
            } else if method == .email, !MailFormat.isSafeAddress(person.email ?? "") {
                form.add("method", "\(person.fullName)'s email address on record cannot be sent to: correct it first")
            }
        }
        if draft.audience == .respondent {
            try await RespondentOutputGuard.check(
                [
                    .init(name: "behaviour", label: "The behaviour", text: behaviour),
                    .init(name: "terms", label: "The terms", text: terms),
                ], caseID: caseID, on: request.db, into: &form)
            // The officer's own check, recorded with the letter: no rule can know every way a neighbour is recognised.
            if input.confirmNotIdentifying != "yes" {
                form.add(
                    "confirm_not_identifying",
                    "Confirm that the letter does not identify the reporting person or a witness")
            }
        }
        var body = ""
        if form.isValid {
            body = try await fill(draft, record: record, behaviour: behaviour, terms: terms, request: request)
        }
        guard form.isValid, let method, let sentOn else {
            return try await renderCompose(
                request, record, facts, draft: draft, form: form, behaviour: behaviour, terms: terms,
                method: TextRules.clean(input.method), sentOn: String(TextRules.clean(input.sentOn).prefix(10)),
                confirmed: input.confirmNotIdentifying == "yes", status: .badRequest)
        }
        let letter = Letter()
        letter.$caseRecord.id = caseID
        letter.templateKey = draft.template.key
        letter.audience = draft.audience
        letter.$party.id = try draft.party.requireID()
        letter.recipientName = draft.recipientName
        letter.title = draft.template.title
        letter.body = body
        letter.method = method
        letter.sentOn = sentOn
        letter.recipientAddress = draft.party.person?.place?.addressBlock
        letter.recordedAt = request.now
        letter.$recordedBy.id = user.id
        if draft.audience == .respondent {
            letter.identityConfirmedAt = request.now
            letter.$identityConfirmedBy.id = user.id
        }
        let emailTo = method == .email ? draft.party.person?.email : nil
        let how = emailTo.map { "queued to be emailed to \($0)" } ?? "sent by \(method.label.lowercased())"
        try await Casework.write(
            request, record, user: user, kind: .letter,
            timeline: "Letter to the \(draft.audience.label.lowercased()) (\(draft.template.title)) \(how)"
        ) { work in
            try await work.insert(letter, "Recorded letter on case \(record.reference)")
            if let emailTo {
                try await LetterEmail.queue(letter, to: emailTo, reference: record.reference, in: work)
            }
        }
        return request.redirect(
            to: SiteURL.case(.value(caseID), .letter(.value(try letter.requireID()))).path, flash: .letterRecorded)
    }

    /// One letter as it went out, laid out for A4 (issue 20, item 8): the sending organisation's letterhead,
    /// the recipient's address block, the date, the reference and who to contact, then the text.
    struct LetterPage: Encodable {
        var layout: LayoutContext
        var caseID: String
        var links: CaseLinks
        var title: String
        var recipient: String
        var sentOn: String
        var dated: String
        var method: String
        var body: String
        var organisation: String
        var letterheadLines: [String]
        var addressLines: [String]
        var hasAddress: Bool
        var reference: String
        var contactName: String
        var contactEmail: String
    }

    @Sendable
    func view(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .casework)
        try request.authorize(.viewCase(facts))
        let caseID = try record.requireID()
        guard let id = request.parameters.get("letterID", as: UUID.self),
            let letter = try await Letter.query(on: request.db).filter(\.$id == id).filter(\.$caseRecord.$id == caseID)
                .with(\.$recordedBy).first()
        else { throw Abort(.notFound) }
        try await request.auditView(
            recordType: .letter, recordID: id.uuidString, summary: "Viewed a letter on case \(record.reference)")
        let lines = { (text: String?) in
            (text ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let address = lines(letter.recipientAddress)
        return try await request.view.render(
            "casework/letter",
            LetterPage(
                layout: request.layout(title: "\(letter.title), case \(record.reference)", section: .cases),
                caseID: caseID.uuidString, links: CaseLinks(caseID), title: letter.title,
                recipient: letter.recipientName,
                sentOn: DisplayDate.civil(letter.sentOn), dated: DisplayDate.letter(letter.sentOn),
                method: letter.method.label, body: letter.body, organisation: record.organisation.name,
                letterheadLines: lines(record.organisation.letterhead),
                addressLines: [letter.recipientName] + address, hasAddress: !address.isEmpty,
                reference: record.reference, contactName: letter.recordedBy.displayName,
                contactEmail: letter.recordedBy.email))
    }

}
