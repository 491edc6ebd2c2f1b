import Fluent
import TandemCore
import Vapor

/// Referrals sent to an organisation through Tandem (issue 19, item 4): its queue, each referral as the referrer
/// sent it, and its answer. Accepting shares the case under the agreement, sections and consent the referrer
/// chose, checked again by `SharingRules.validate`; declining records the reason the referring officer sees.
/// The receiver may not see the case yet, so it reaches a referral by its own id, never through the case, and
/// another organisation gets 404.
struct IncomingReferralsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.referralQueue, use: queue)
        routes.get(.incomingReferral(.key), use: show)
        routes.post(.answerReferral(.key), use: answer)
    }

    struct AnswerForm: Content {
        var answer: String?
        var declineReason: String?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case answer, note
            case declineReason = "decline_reason"
        }
    }

    @Sendable
    func queue(request: Request) async throws -> View {
        let user = try request.authorize(.viewReferralQueue)
        var paging = Paging(page: try? request.query.get(Int.self, at: "page"), perPage: 50)
        let read = try await IncomingReferralsPage.queue(
            organisationID: user.organisationID, today: request.today(), paging: paging, on: request.db)
        paging.hasNext = read.hasNext
        return try await request.view.render(
            "referrals/queue",
            IncomingReferralsPage.Queue(
                layout: request.layout(title: "Referrals to us", section: .referrals),
                organisation: user.organisationName, rows: read.rows, hasRows: !read.rows.isEmpty, paging: paging,
                pagingQuery: "", waiting: read.rows.filter(\.awaiting).count))
    }

    @Sendable
    func show(request: Request) async throws -> View {
        let (referral, _) = try await load(request)
        let context = try await IncomingReferralsPage.Context.load(referral, today: request.today(), on: request.db)
        try await request.auditView(
            recordType: .referral, recordID: try referral.requireID().uuidString,
            summary: "Viewed the referral of case \(context.record.reference) sent to \(context.organisation.name)")
        return try await IncomingReferralsPage.render(request, context, form: FormState())
    }

    @Sendable
    func answer(request: Request) async throws -> Response {
        let (referral, user) = try await load(request)
        let referralID = try referral.requireID()
        let context = try await IncomingReferralsPage.Context.load(referral, today: request.today(), on: request.db)
        let input = (try? request.content.decode(AnswerForm.self)) ?? AnswerForm()
        let reason = TextRules.clean(input.declineReason)
        let note = TextRules.clean(input.note)
        var form = FormState()
        form.values = ["answer": input.answer ?? "", "decline_reason": reason, "note": note]
        if let problem = TextRules.multilineProblem(reason, label: "the reason", required: false, max: 2000) {
            form.add("decline_reason", problem)
        }
        if let problem = TextRules.multilineProblem(note, label: "the note", required: false, max: 4000) {
            form.add("note", problem)
        }
        let before = referral.status
        let answer = input.answer.flatMap(ReferralStatus.init(rawValue:))
        if let problem = ReferralSharing.answerProblem(from: before, to: answer, declineReason: reason, note: note) {
            form.add(problem.field, problem.message)
        }
        var accepted: ValidShare?
        if form.isValid, answer == .accepted {
            switch try await acceptance(request, context) {
            case .success(let valid): accepted = valid
            case .failure(let problem): form.add("answer", problem.message)
            }
        }
        // After accepting, the receiver answers how the person engages only while it still has the case: a
        // share that was revoked or has ended takes the referral's updates away with it (404, recorded).
        if ReferralSharing.isAccepted(before) {
            let today = request.today()
            let share = try await CaseShare.query(on: request.db)
                .filter(\.$caseRecord.$id == context.record.requireID())
                .filter(\.$organisation.$id == context.organisation.requireID()).first()
            guard share?.isActive(today: today) == true else { throw AccessRefused(status: .notFound) }
        }
        guard form.isValid, let answer else {
            return try await IncomingReferralsPage.render(request, context, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let now = request.now
        referral.status = answer
        referral.updatedAt = now
        if answer == .accepted || answer == .declined {
            referral.answeredAt = now
            referral.$answeredBy.id = user.id
        }
        if answer == .declined { referral.declineReason = reason }
        if answer == .closed { referral.outcome = note }
        let share = accepted
        let organisation = context.organisation
        let reference = context.record.reference
        let caseID = try context.record.requireID()
        let summary = Self.summary(answer, referral: referral, organisation: organisation, reason: reason, note: note)
        let agreement = context.agreement
        let referrerID = referral.$recordedBy.id
        try await request.write { work in
            // Two answers sent at once: the second finds the first committed and is refused, not applied twice.
            try await AuditLog.lockChain(on: work.db)
            guard try await Referral.find(referralID, on: work.db)?.status == before else {
                throw Abort(.conflict, reason: "The referral was answered a moment ago. Open it again to see how.")
            }
            try await work.update(referral, "\(summary) (case \(reference))")
            let update = ReferralUpdate()
            update.$caseRecord.id = caseID
            update.$referral.id = referralID
            update.status = ReferralUpdateStatus(answer)
            let said = (answer == .declined ? [reason] : []) + (note.isEmpty ? [] : [note])
            update.note = said.isEmpty ? nil : said.joined(separator: ". ")
            update.recordedAt = work.now
            update.$recordedBy.id = user.id
            try await work.insert(update, "\(summary) (case \(reference))")
            // Checked again under the lock: the officer may have shared or revoked since the page was read.
            var share = share
            if share != nil {
                let now = try await CaseShare.query(on: work.db).filter(\.$caseRecord.$id == caseID)
                    .filter(\.$organisation.$id == organisation.requireID()).first()
                if now?.isActive(today: DisplayDate.civilDay(work.now)) == true { share = nil }
                if let revokedAt = now?.revokedAt, revokedAt > referral.recordedAt {
                    throw Abort(
                        .conflict,
                        reason: "The case officer ended your organisation's access to this case a moment ago, so "
                            + "accepting the referral cannot share it.")
                }
            }
            if let share, let agreement {
                // The share is the referring officer's decision, made when they sent it: they are its sharer in
                // the disclosure log; the acceptance is this user's, recorded on the referral.
                let people = try await SharingPage.people(caseID, on: work.db)
                try await SharingWrites.share(
                    share, caseID: caseID, reference: reference, organisation: organisation,
                    agreement: agreement, people: people, referralID: referralID, by: referrerID,
                    seniorDecisionByID: share.seniorDecision == nil ? nil : referrerID, in: work)
            }
            try await work.timeline(
                caseID, kind: referral.timelineKind(else: .referralAnswered), summary, actorID: user.id)
        }
        return request.redirect(to: SiteURL.incomingReferral(.value(referralID)).path, flash: .referralAnswered)
    }

    /// The answer in words, for the trail, the referral's history and the case's timeline.
    static func summary(
        _ answer: ReferralStatus, referral: Referral, organisation: Organisation, reason: String, note: String
    ) -> String {
        let service = referral.serviceLabel
        var summary: String
        switch answer {
        case .accepted: summary = "\(organisation.name) accepted the referral to \(service)"
        case .declined: summary = "\(organisation.name) declined the referral to \(service): \(reason)"
        default: summary = "\(organisation.name) updated the referral to \(service): \(answer.label.lowercased())"
        }
        return note.isEmpty ? summary : "\(summary). \(note)"
    }

    /// The referral in the path, for someone in the organisation it was sent to through Tandem; 404 for anyone
    /// else, and for a referral to a body outside Tandem.
    private func load(_ request: Request) async throws -> (Referral, CurrentUser) {
        _ = try request.requireUser()
        guard let id = request.parameters.get("referralID", as: UUID.self),
            let referral = try await Referral.find(id, on: request.db),
            let organisationID = referral.$toOrganisation.id
        else { throw Abort(.notFound) }
        let user = try request.authorize(.answerReferrals(organisationID: organisationID))
        return (referral, user)
    }

    /// The share accepting makes, checked again now: the agreement may have lapsed, the case closed, or people
    /// been added since the referral was sent. The senior decision, if any, was the referrer's and was checked
    /// when it was sent. Nil when the case is already shared with the organisation: accepting then leaves the
    /// officer's share as they made it. A share the owning team revoked after the referral was sent is their
    /// later decision, so accepting the older referral cannot bring it back.
    private func acceptance(_ request: Request, _ context: IncomingReferralsPage.Context) async throws
        -> Result<ValidShare?, CaseworkProblem>
    {
        let referral = context.referral
        let askReferrer = "Ask the referring officer, \(context.referrerName), to send it again"
        guard context.record.isActive else {
            return .failure(
                CaseworkProblem("answer", "The case has been closed, so accepting cannot share it. \(askReferrer).")
            )
        }
        let today = request.today()
        let caseID = try context.record.requireID()
        let existing = try await CaseShare.query(on: request.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$organisation.$id == context.organisation.requireID()).first()
        if let existing, existing.isActive(today: today) { return .success(nil) }
        if let revokedAt = existing?.revokedAt, revokedAt > referral.recordedAt {
            return .failure(
                CaseworkProblem(
                    "answer",
                    "The case officer ended your organisation's access to this case after the referral was sent, "
                        + "so accepting it cannot share the case again. \(askReferrer) if it is still needed."))
        }
        let terms = try context.agreement.map { try $0.terms(parties: Set($0.parties.map { $0.$organisation.id })) }
        let people = try await SharingPage.people(caseID, on: request.db)
        // Referrals sent before M019 kept only the referred person's decision.
        let stored =
            referral.consents.map(ReferralSharing.consents(from:))
            ?? context.party?.person?.id.map {
                [
                    $0: ShareRequest.Consent(
                        personID: $0, consent: referral.consent, notSoughtReason: referral.notSoughtReason)
                ]
            } ?? [:]
        let shareRequest = ReferralSharing.shareRequest(
            owningOrganisationID: context.record.$organisation.id, to: try context.organisation.requireID(),
            agreement: terms, purpose: "Referral to \(referral.serviceLabel): \(referral.asked)",
            sections: referral.shareSectionSet,
            consents: ReferralSharing.consentsNow(personIDs: people.map(\.id), stored: stored),
            endsOn: ReferralSharing.shareEnds(from: today, agreementEndsOn: terms?.endsOn),
            seniorDecision: referral.seniorDecision, mayOverrideConsent: referral.seniorDecision != nil)
        switch SharingRules.validate(shareRequest, today: today) {
        case .success(let valid): return .success(valid)
        case .failure(let list):
            let agreementGone = list.problems.contains {
                [.agreementMissing, .agreementNotInForce, .agreementExcludesOrganisation].contains($0)
            }
            if agreementGone {
                return .failure(
                    CaseworkProblem(
                        "answer",
                        "The information sharing agreement this referral was sent under is no longer in force for "
                            + "your organisation, so accepting it cannot share the case. \(askReferrer) under an "
                            + "agreement in force."))
            }
            let messages = list.problems.map(\.message).joined(separator: "; ")
            return .failure(
                CaseworkProblem(
                    "answer", "The referral cannot be accepted as it was sent (\(messages)). \(askReferrer)."))
        }
    }
}
