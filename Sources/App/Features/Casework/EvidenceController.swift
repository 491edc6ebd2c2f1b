import Fluent
import Foundation
import NIOCore
import TandemCore
import Vapor

/// The incident diary and the evidence register, with files kept outside the
/// database and every download audited.
struct EvidenceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .evidence), use: show)
        routes.post(.case(.key, .diary), use: addDiaryEntry)
        routes.post(.case(.key, .evidence), use: addEvidence)
        routes.get(.case(.key, .evidenceFile(.key)), use: download)
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .reports)
        try request.authorize(.viewCase(facts))
        try await request.auditCaseView(record, "the diary and evidence")
        return try await EvidencePageBuilder.render(request, record: record, facts: facts, form: FormState())
    }

    private func fail(_ request: Request, _ record: CaseRecord, _ facts: CaseAccessFacts, _ form: FormState)
        async throws -> Response
    {
        try await EvidencePageBuilder.render(request, record: record, facts: facts, form: form)
            .encodeResponse(status: .badRequest, for: request)
    }

    struct DiaryInput: Content {
        var occurredOn: String?
        var occurredTime: String?
        var whatHappened: String?
        var whoInvolved: String?
        var effect: String?

        enum CodingKeys: String, CodingKey {
            case occurredOn = "occurred_on"
            case occurredTime = "occurred_time"
            case whatHappened = "what_happened"
            case whoInvolved = "who_involved"
            case effect
        }
    }

    /// A checked diary entry, from the officer's form or the resident's.
    static func diaryEntry(
        _ input: DiaryInput, caseID: UUID, source: DiarySource, calendar: WorkingCalendar, now: Date,
        form: inout FormState
    ) -> DiaryEntry? {
        form.keep([
            "occurred_on": input.occurredOn, "occurred_time": input.occurredTime, "what_happened": input.whatHappened,
            "who_involved": input.whoInvolved, "effect": input.effect,
        ])
        let what = TextRules.clean(input.whatHappened)
        let who = TextRules.clean(input.whoInvolved)
        let effect = TextRules.clean(input.effect)
        if let problem = TextRules.multilineProblem(what, label: "what happened", required: false, max: 4000) {
            form.add("what_happened", problem)
        }
        if let problem = TextRules.multilineProblem(who, label: "who was involved", required: false, max: 1000) {
            form.add("who_involved", problem)
        }
        if let problem = TextRules.multilineProblem(effect, label: "the effect", required: false, max: 2000) {
            form.add("effect", problem)
        }
        let day = Casework.day(input.occurredOn)
        let minute = Casework.minute(input.occurredTime)
        let local = calendar.local(now)
        Casework.add(
            DiaryRules.problems(
                occurredOn: day, minute: minute, whatHappened: what, today: local.day, nowMinute: local.minute),
            to: &form)
        guard form.isValid, let day, let minute else { return nil }
        let entry = DiaryEntry()
        entry.$caseRecord.id = caseID
        entry.occurredAt = calendar.instant(day, minute: minute)
        entry.whatHappened = what
        entry.whoInvolved = who.isEmpty ? nil : who
        entry.effect = effect.isEmpty ? nil : effect
        entry.source = source
        entry.recordedAt = now
        return entry
    }

    @Sendable
    func addDiaryEntry(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .reports)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(DiaryInput.self)) ?? DiaryInput()
        let calendar = try await request.intakePolicy().calendar
        var form = FormState()
        guard
            let entry = Self.diaryEntry(
                input, caseID: caseID, source: .officer, calendar: calendar, now: request.now, form: &form)
        else { return try await fail(request, record, facts, form) }
        entry.$recordedBy.id = user.id
        try await Casework.write(
            request, record, user: user, kind: .diary,
            timeline: "Diary entry for \(DisplayDate.dayAndTime(entry.occurredAt)): \(entry.whatHappened)"
        ) { work in
            try await work.insert(entry, "Added diary entry on case \(record.reference)")
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .evidence).path, flash: .diaryAdded)
    }

    struct EvidenceInput: Content {
        var kind: String?
        var title: String?
        var description: String?
        var obtainedOn: String?
        var file: File?

        enum CodingKeys: String, CodingKey {
            case kind, title, description
            case obtainedOn = "obtained_on"
            case file
        }
    }

    /// A file checked by its content, or nil when none was chosen.
    static func acceptFile(_ file: File?, maxBytes: Int, form: inout FormState) -> (
        bytes: [UInt8], type: EvidenceFileType, name: String
    )? {
        guard let file, !(file.filename.isEmpty && file.data.readableBytes == 0) else { return nil }
        let bytes = Array(file.data.readableBytesView)
        switch EvidenceFileRules.check(bytes, maxBytes: maxBytes) {
        case .failure(let problem):
            form.add(problem.field, problem.message)
            return nil
        case .success(let type):
            return (bytes, type, EvidenceFileRules.downloadName(file.filename, type: type))
        }
    }

    /// Stores the file (if any) and creates the item in one step: if the
    /// database write fails, the file is removed again.
    static func save(
        _ item: EvidenceItem, file: (bytes: [UInt8], type: EvidenceFileType, name: String)?, store: EvidenceStore,
        _ write: () async throws -> Void
    ) async throws {
        var stored: EvidenceStore.Stored?
        if let file {
            let saved = try store.store(file.bytes)
            stored = saved
            item.fileName = file.name
            item.fileType = file.type
            item.fileSize = file.bytes.count
            item.fileSHA256 = saved.sha256
            item.storageKey = saved.key
        }
        do {
            try await write()
        } catch {
            if let stored { store.remove(stored.key) }
            throw error
        }
    }

    /// The owning team, or a partner whose share opens the case's reports (issue 19, item 3: partners "upload
    /// evidence"); the timeline names the partner's organisation.
    @Sendable
    func addEvidence(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .reports)
        let user = try request.authorize(.contribute(facts, .reports))
        guard record.isActive else { throw Abort(.badRequest) }
        let byPartner = user.organisationID != record.$organisation.id
        let caseID = try record.requireID()
        let input = (try? request.content.decode(EvidenceInput.self)) ?? EvidenceInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        form.keep([
            "evidence_kind": input.kind, "evidence_title": input.title, "evidence_description": input.description,
            "obtained_on": input.obtainedOn,
        ])
        let kind = input.kind.flatMap(EvidenceKind.init(rawValue:))
        if kind == nil { form.add("evidence_kind", "Select the kind of evidence") }
        let title = TextRules.clean(input.title)
        if let problem = TextRules.problem(title, label: "a short title", max: 200) {
            form.add("evidence_title", problem)
        }
        let description = TextRules.clean(input.description)
        if let problem = TextRules.multilineProblem(description, label: "the description", required: false, max: 4000) {
            form.add("evidence_description", problem)
        }
        let obtained = Casework.day(input.obtainedOn)
        if obtained == nil {
            form.add("obtained_on", "Enter the date the evidence was obtained or requested, like 2026-11-23")
        } else if let obtained, obtained > today {
            form.add("obtained_on", "The date cannot be in the future")
        }
        let file = Self.acceptFile(input.file, maxBytes: request.application.settings.maxUploadBytes, form: &form)
        guard form.isValid, let kind, let obtained else { return try await fail(request, record, facts, form) }
        let item = EvidenceItem()
        item.$caseRecord.id = caseID
        item.kind = kind
        item.title = title
        item.description = description.isEmpty ? nil : description
        item.obtainedOn = obtained
        item.addedAt = request.now
        item.$addedBy.id = user.id
        item.fromResident = false
        try await Self.save(item, file: file, store: request.evidenceStore) {
            try await Casework.write(
                request, record, user: user, kind: .evidence,
                timeline: "Evidence added\(byPartner ? " by \(user.organisationName)" : ""): \(kind.label), \(title)"
                    + (file == nil ? "" : " (file attached)")
            ) { work in
                try await work.insert(item, "Added evidence on case \(record.reference)")
            }
        }
        return request.redirect(to: SiteURL.case(.value(caseID), .evidence).path, flash: .evidenceAdded)
    }

    @Sendable
    func download(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .reports)
        try request.authorize(.viewCase(facts))
        let caseID = try record.requireID()
        guard let itemID = request.parameters.get("itemID", as: UUID.self),
            let item = try await EvidenceItem.query(on: request.db).filter(\.$id == itemID)
                .filter(\.$caseRecord.$id == caseID).first(),
            let key = item.storageKey, let sha = item.fileSHA256,
            let type = item.fileType
        else { throw Abort(.notFound) }
        return try await Self.serve(item, key: key, sha: sha, type: type, request: request, reference: record.reference)
    }

    /// Sends the file as a download after auditing who fetched it.
    static func serve(
        _ item: EvidenceItem, key: String, sha: String, type: EvidenceFileType, request: Request, reference: String
    ) async throws -> Response {
        let data: Data
        do {
            data = try await request.application.threadPool.runIfActive {
                try request.evidenceStore.read(key, sha256: sha)
            }
        } catch {
            request.logger.error(
                "Evidence file failed its checksum or is missing", metadata: ["item": "\(item.id?.uuidString ?? "")"])
            throw Abort(
                .conflict,
                reason:
                    "This file could not be checked against its recorded checksum, so it has not been sent. Tell your administrator."
            )
        }
        try await request.write { work in
            try await work.record(
                AuditEntry(
                    action: .view, recordType: .evidenceItem, recordID: item.id?.uuidString,
                    summary: "Downloaded evidence file \(item.fileName ?? "") from case \(reference)", changes: []))
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(
            type: String(type.mediaType.split(separator: "/")[0]),
            subType: String(type.mediaType.split(separator: "/")[1]))
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"\(item.fileName ?? "evidence.\(type.fileExtension)")\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
