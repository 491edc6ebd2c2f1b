import Fluent
import Foundation
import TandemCore
import Vapor

/// The resident's case page behind their link: what has been done, their diary and the letters sent to them.
extension ResidentController {
    struct ActionRow: Encodable {
        var description: String
        var owner: String
        var due: String
        var status: String
    }

    struct LetterRow: Encodable {
        var id: String
        var title: String
        var sentOn: String
        /// The letter's page behind the link.
        var href: String
    }

    struct DiaryRow: Encodable {
        var when: String
        var what: String
        var file: String?
    }

    struct CasePage: Encodable {
        var layout: LayoutContext
        var form: FormState
        var token: String
        var links: ResidentPageLinks
        var reference: String
        var organisation: String
        var officer: String
        var officerEmail: String?
        var nextContact: String?
        var nextReview: String?
        var actions: [ActionRow]
        var hasActions: Bool
        var letters: [LetterRow]
        var hasLetters: Bool
        var diary: [DiaryRow]
        var hasDiary: Bool
        var today: String
        var maxUpload: String
        /// The case is closing or closed and this person has not answered the survey yet.
        var surveyOpen: Bool
        var surveyDone: Bool
        var closing: Bool
        var closed: Bool
        /// The Case Review explained, once this person has reported again within six months (issue 22, item 6).
        var caseReviewText: String?
        var caseReviewHref = SiteURL.caseReviewApply.path
    }

    func renderCase(
        _ request: Request, link: ResidentLink, token: String, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        let db = request.db
        let caseID = link.$caseRecord.id
        guard
            let record = try await CaseRecord.query(on: db).filter(\.$id == caseID).with(\.$officer)
                .with(\.$organisation).first()
        else { throw Abort(.notFound) }
        let calendar = try await IntakePolicy.load(on: db).calendar
        let plan = try await ActionPlan.query(on: db).filter(\.$caseRecord.$id == caseID).first()
        // A panel's actions are the partnership's, agreed in a confidential meeting (issue 21): not the resident's.
        let actions = try await PlanAction.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$panelItem.$id == nil).sort(\.$dueOn).all()
        // Only letters written to this person; never those to the respondent.
        let letters = try await Letter.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$audience == LetterAudience.reportingPerson).filter(\.$party.$id == link.$party.id)
            .sort(\.$recordedAt, .descending).all()
        let entries = try await DiaryEntry.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$residentLink.$id == link.id).sort(\.$occurredAt, .descending).limit(100).all()
        let files = try await EvidenceItem.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$fromResident == true).all()
        let answered = try await SurveyResponse.query(on: db).filter(\.$residentLink.$id == link.id).count() > 0
        let page = CasePage(
            layout: request.layout(title: (form.isValid ? "" : "Error: ") + "Your case \(record.reference)"),
            form: form, token: token, links: ResidentPageLinks(token), reference: record.reference,
            organisation: record.organisation.name,
            officer: record.officer?.displayName ?? "Your case is waiting for an officer",
            officerEmail: record.officer?.email,
            nextContact: record.nextContactDueAt.map(DisplayDate.dayAndTime),
            nextReview: plan.map { DisplayDate.civil($0.nextReviewOn) },
            actions: actions.map {
                ActionRow(
                    description: $0.description,
                    owner: $0.owner == .reportingPerson ? "You" : $0.ownerLabel,
                    due: DisplayDate.civil($0.dueOn), status: $0.status.label)
            },
            hasActions: !actions.isEmpty,
            letters: letters.map {
                LetterRow(
                    id: $0.id?.uuidString ?? "", title: $0.title, sentOn: DisplayDate.civil($0.sentOn),
                    href: $0.id.map { SiteURL.resident(.value(token), .letter(.value($0))).path } ?? "")
            },
            hasLetters: !letters.isEmpty,
            diary: entries.map { entry in
                DiaryRow(
                    when: DisplayDate.dayAndTime(entry.occurredAt), what: entry.whatHappened,
                    file: files.first { $0.$diaryEntry.id == entry.id }?.fileName)
            },
            hasDiary: !entries.isEmpty, today: calendar.local(request.now).day.description,
            maxUpload: EvidenceFileRules.describe(request.application.settings.maxUploadBytes),
            surveyOpen: SurveyForm.isAsked(record) && !answered, surveyDone: answered,
            closing: record.status == .closurePending,
            closed: record.status == .closed,
            caseReviewText: AcknowledgementText.secondReport(record)
                ? AcknowledgementText.caseReview(applyURL: "the link below") : nil)
        return try await request.view.render("resident/case", page).encodeResponse(status: status, for: request)
    }

    /// Keeps the resident's session alive: its session fields only, like a staff session's last activity.
    static func touch(_ request: Request, _ link: ResidentLink) async throws {
        let expires = request.now.addingTimeInterval(ResidentAccessRules.sessionIdle)
        link.sessionExpiresAt = expires
        link.lastUsedAt = request.now
        // Session fields only (`ResidentLink.sessionFields`), written straight to the row: the page view
        // itself is the audited event.
        try await ResidentLink.query(on: request.db).filter(\.$id == link.requireID())
            .set(\.$sessionExpiresAt, to: expires).set(\.$lastUsedAt, to: request.now).update()
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        guard let (link, token) = try await Self.session(request) else {
            return request.redirect(to: SiteURL.resident(.value(request.parameters.get("token") ?? "")))
        }
        try await Self.touch(request, link)
        try await Self.audit(request, link, "Resident viewed their case")
        return try await renderCase(request, link: link, token: token, form: FormState())
    }

    @Sendable
    func addDiary(request: Request) async throws -> Response {
        guard let (link, token) = try await Self.session(request) else {
            return request.redirect(to: SiteURL.resident(.value(request.parameters.get("token") ?? "")))
        }
        let caseID = link.$caseRecord.id
        guard let record = try await CaseRecord.find(caseID, on: request.db),
            record.isActive
        else {
            throw Abort(.gone, reason: "This case is closed. Contact the ASB team if the behaviour has started again.")
        }
        let input = (try? request.content.decode(EvidenceController.DiaryInput.self)) ?? .init()
        let file = try? request.content.get(File.self, at: "file")
        let calendar = try await request.intakePolicy().calendar
        var form = FormState()
        let entry = EvidenceController.diaryEntry(
            input, caseID: caseID, source: .resident, calendar: calendar, now: request.now, form: &form)
        let upload = EvidenceController.acceptFile(
            file, maxBytes: request.application.settings.maxUploadBytes, form: &form)
        guard form.isValid, let entry else {
            return try await renderCase(request, link: link, token: token, form: form, status: .badRequest)
        }
        entry.$residentLink.id = link.id
        var pending: EvidenceItem?
        if let upload {
            let evidence = EvidenceItem()
            evidence.$caseRecord.id = caseID
            evidence.kind = EvidenceKind.forUpload(upload.type)
            evidence.title = "From the resident's diary"
            evidence.obtainedOn = calendar.local(request.now).day
            evidence.addedAt = request.now
            evidence.fromResident = true
            pending = evidence
        }
        let item = pending
        try await Self.touch(request, link)
        let write: () async throws -> Void = {
            try await Self.write(request, as: link) { work in
                try await work.insert(entry, "Resident added a diary entry to case \(record.reference)")
                if let item {
                    item.$diaryEntry.id = entry.id
                    try await work.insert(item, "Resident uploaded evidence to case \(record.reference)")
                }
                try await work.timeline(
                    caseID, kind: .diary,
                    "Diary entry added by the resident for \(DisplayDate.dayAndTime(entry.occurredAt))"
                        + (item == nil ? "" : " (with a file)") + ": \(entry.whatHappened)", actorID: nil)
                // The officer is told; the notification names the case, never what the resident wrote.
                if let officerID = record.$officer.id {
                    try await Notifier.notify(
                        [officerID],
                        .init(
                            kind: .residentDiary, caseID: caseID,
                            summary:
                                "The reporting person added a diary entry\(item == nil ? "" : " with a file") on case \(record.reference)",
                            href: SiteURL.case(.value(caseID), .evidence).path),
                        base: Notifier.base(request), in: work)
                }
            }
        }
        if let item {
            try await EvidenceController.save(item, file: upload, store: request.evidenceStore, write)
        } else {
            try await write()
        }
        return request.redirect(to: SiteURL.resident(.value(token), .caseView).path, flash: .residentDiaryAdded)
    }

    struct LetterPage: Encodable {
        var layout: LayoutContext
        var token: String
        var links: ResidentPageLinks
        var title: String
        var sentOn: String
        var body: String
    }

    @Sendable
    func letter(request: Request) async throws -> Response {
        guard let (link, token) = try await Self.session(request) else {
            return request.redirect(to: SiteURL.resident(.value(request.parameters.get("token") ?? "")))
        }
        guard let id = request.parameters.get("letterID", as: UUID.self),
            let letter = try await Letter.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == link.$caseRecord.id)
                .filter(\.$audience == LetterAudience.reportingPerson)
                .filter(\.$party.$id == link.$party.id).first()
        else { throw Abort(.notFound) }
        try await Self.touch(request, link)
        try await Self.audit(request, link, "Resident read the letter \"\(letter.title)\"")
        return try await request.view.render(
            "resident/letter",
            LetterPage(
                layout: request.layout(title: letter.title), token: token, links: ResidentPageLinks(token),
                title: letter.title, sentOn: DisplayDate.civil(letter.sentOn), body: letter.body)
        ).encodeResponse(for: request)
    }
}
