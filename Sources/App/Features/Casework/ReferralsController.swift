import Fluent
import Foundation
import TandemCore
import Vapor

/// Referrals to support and partner services, with their status history and chasing. A referral sent through
/// Tandem (`TandemReferral`) lands in the receiving organisation's queue, which answers it
/// (`IncomingReferralsController`); the referring officer chases it as any other.
struct ReferralsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .referrals), use: addReferral)
        routes.post(.case(.key, .referral(.key)), use: updateReferral)
    }

    // MARK: - Referrals

    struct ReferralInput: Content {
        var service: String?
        var partyId: String?
        var organisationName: String?
        var asked: String?
        var sentOn: String?
        var replyDueOn: String?
        var toOrganisationID: String?
        var agreementID: String?
        var shareSections: [String]?
        /// Each named person's consent decision and, where not sought, why: by person id, as the sharing form.
        var consent: [String: String]?
        var reason: [String: String]?
        var seniorDecision: String?

        enum CodingKeys: String, CodingKey {
            case service
            case partyId = "party_id"
            case organisationName = "organisation_name"
            case asked
            case sentOn = "sent_on"
            case replyDueOn = "reply_due_on"
            case toOrganisationID = "to_organisation_id"
            case agreementID = "agreement_id"
            case shareSections = "share_sections"
            case consent, reason
            case seniorDecision = "senior_decision"
        }

        /// The fields as typed, to fill the form again after a problem.
        var values: [String: String] {
            let typed: [String: String?] = [
                "service": service, "referral_party": partyId, "organisation_name": organisationName, "asked": asked,
                "sent_on": sentOn, "reply_due_on": replyDueOn, "to_organisation_id": toOrganisationID,
                "agreement_id": agreementID, "share_sections": shareSections?.joined(separator: ","),
                "senior_decision": seniorDecision,
            ]
            var values = typed.compactMapValues { $0 }
            for (person, value) in (consent ?? [:]).prefix(200) { values["referral_consent_\(person)"] = value }
            for (person, value) in (reason ?? [:]).prefix(200) { values["referral_reason_\(person)"] = value }
            return values
        }
    }

    @Sendable
    func addReferral(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ReferralInput.self)) ?? ReferralInput()
        let calendar = try await request.intakePolicy().calendar
        let today = calendar.local(request.now).day
        var form = FormState()
        form.values = input.values
        let service = input.service.flatMap(SupportService.init(rawValue:))
        if service == nil { form.add("service", "Select the service referred to") }
        let subject = try await SupportPageBuilder.party(
            request, caseID: caseID, raw: input.partyId, form: &form, field: "referral_party")
        let organisation = TextRules.clean(input.organisationName)
        if let problem = TextRules.problem(organisation, label: "the organisation", required: false, max: 200) {
            form.add("organisation_name", problem)
        }
        let asked = TextRules.clean(input.asked)
        if let problem = TextRules.multilineProblem(asked, label: "what was asked", required: true, max: 4000) {
            form.add("asked", problem)
        }
        let sentOn = Casework.day(input.sentOn)
        if sentOn == nil {
            form.add("sent_on", "Enter the date the referral was made, like 2026-11-23")
        } else if let sentOn, sentOn > today {
            form.add("sent_on", "The referral date cannot be in the future")
        }
        var replyDue: CivilDate?
        if let raw = input.replyDueOn, !raw.isEmpty {
            replyDue = Casework.day(raw)
            if replyDue == nil {
                form.add("reply_due_on", "Enter the reply date like 2026-12-07")
            } else if let replyDue, let sentOn, replyDue <= sentOn {
                form.add("reply_due_on", "The reply date must be after the referral date")
            }
        }
        let tandem = try await TandemReferral.check(
            request, facts: facts, input: input, caseID: caseID, asked: asked, form: &form)
        guard form.isValid, let service, let sentOn else {
            return try await SupportPageBuilder.fail(request, record, facts, form)
        }
        let referral = Referral()
        referral.$caseRecord.id = caseID
        referral.$party.id = subject?.id
        referral.service = service
        referral.organisationName = organisation.isEmpty ? nil : organisation
        referral.asked = asked
        referral.sentOn = sentOn
        referral.replyDueOn = replyDue ?? ReferralRules.defaultReplyDue(sentOn: sentOn, calendar: calendar)
        referral.status = .sent
        referral.recordedAt = request.now
        referral.$recordedBy.id = user.id
        referral.updatedAt = request.now
        let through = tandem.map { " through Tandem to \($0.organisation.name)" } ?? ""
        if let tandem {
            referral.$toOrganisation.id = tandem.organisation.id
            referral.$agreement.id = tandem.valid.agreementID
            referral.shareSections = ShareSection.text(tandem.valid.sections)
            // The referred person's own decision is kept beside everyone's, for the queue and the referral page.
            let own = tandem.valid.consents.first { $0.personID == subject?.person?.id }
            referral.consent = own?.consent
            referral.notSoughtReason = own?.notSoughtReason
            referral.consents = ReferralSharing.consentText(tandem.valid.consents)
            referral.seniorDecision = tandem.valid.seniorDecision
        }
        let who = subject.map { " for \(Casework.partyLabel($0))" } ?? ""
        let base = Notifier.base(request)
        try await Casework.write(
            request, record, user: user, kind: referral.timelineKind(else: .referral),
            timeline: "Referral to \(service.label)\(who)\(through): \(asked)"
        ) { work in
            try await work.insert(referral, "Referred to \(service.label)\(through) on case \(record.reference)")
            let update = ReferralUpdate()
            update.$caseRecord.id = caseID
            update.$referral.id = try referral.requireID()
            update.status = .sent
            update.note = asked
            update.recordedAt = work.now
            update.$recordedBy.id = user.id
            try await work.insert(update, "Referral to \(service.label) sent (case \(record.reference))")
            if let organisationID = referral.$toOrganisation.id {
                let receivers = try await Notifier.users(in: organisationID, roles: Notifier.partnerRoles, on: work.db)
                try await Notifier.notify(
                    receivers,
                    .init(
                        kind: .referralToUs, caseID: caseID,
                        // The service is not named: the notification is also an email, and "a referral to
                        // mental health services" is special category data about someone (issue 20, item 3).
                        summary: "A referral from \(user.organisationName) waits for your answer",
                        href: SiteURL.incomingReferral(.value(try referral.requireID())).path),
                    except: user.id, base: base, in: work)
            }
        }
        return request.redirect(to: try SupportPageBuilder.path(record), flash: .referralSaved)
    }

    struct ReferralUpdateInput: Content {
        var status: String?
        var note: String?
        var replyDueOn: String?

        enum CodingKeys: String, CodingKey {
            case status, note
            case replyDueOn = "reply_due_on"
        }
    }

    @Sendable
    func updateReferral(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        guard let id = request.parameters.get("referralID", as: UUID.self),
            let referral = try await Referral.query(on: request.db).filter(\.$id == id)
                .filter(\.$caseRecord.$id == caseID).first()
        else { throw Abort(.notFound) }
        let input = (try? request.content.decode(ReferralUpdateInput.self)) ?? ReferralUpdateInput()
        let today = try await request.intakePolicy().calendar.local(request.now).day
        var form = FormState()
        let field = "referral-\(id.uuidString)"
        let note = TextRules.clean(input.note)
        let chased = input.status == ReferralUpdateStatus.chased.rawValue
        let status = input.status.flatMap(ReferralStatus.init(rawValue:))
        var newReplyDue: CivilDate?
        if let problem = TextRules.multilineProblem(note, label: "the note", required: chased, max: 4000) {
            form.add(field, problem)
        } else if chased {
            newReplyDue = Casework.day(input.replyDueOn)
            if let problem = ReferralRules.chaseProblem(
                status: referral.status, newReplyDue: newReplyDue, today: today)
            {
                form.add(field, problem.message)
            }
        } else if referral.throughTandem,
            let problem = ReferralSharing.referrerProblem(from: referral.status, to: status)
        {
            form.add(field, problem.message)
        } else if !referral.throughTandem,
            let problem = ReferralRules.transitionProblem(from: referral.status, to: status)
        {
            form.add(field, problem.message)
        }
        guard form.isValid else { return try await SupportPageBuilder.fail(request, record, facts, form) }
        let before = referral.status
        if let newReplyDue { referral.replyDueOn = newReplyDue }
        if let status, !chased {
            referral.status = status
            if status == .closed && !note.isEmpty { referral.outcome = note }
        }
        referral.updatedAt = request.now
        let summary =
            chased
            ? "Referral to \(referral.serviceLabel) chased; reply now expected \(DisplayDate.civil(newReplyDue!))"
            : "Referral to \(referral.serviceLabel): \(status?.label.lowercased() ?? "")"
        try await Casework.write(
            request, record, user: user, kind: referral.timelineKind(else: .referral),
            timeline: summary + (note.isEmpty ? "" : ". \(note)")
        ) { work in
            // The organisation it was sent to may have answered since this page was read: a stale close must
            // not overwrite an acceptance (and the share it made), so the second write is refused.
            if referral.throughTandem {
                try await AuditLog.lockChain(on: work.db)
                guard try await Referral.find(id, on: work.db)?.status == before else {
                    throw Abort(
                        .conflict,
                        reason: "The organisation answered the referral a moment ago. Open the case again to see how.")
                }
            }
            try await work.update(referral, summary)
            let update = ReferralUpdate()
            update.$caseRecord.id = caseID
            update.$referral.id = id
            update.status = chased ? .chased : ReferralUpdateStatus(referral.status)
            update.note = note.isEmpty ? nil : note
            update.recordedAt = work.now
            update.$recordedBy.id = user.id
            try await work.insert(update, "\(summary) (case \(record.reference))")
        }
        return request.redirect(to: try SupportPageBuilder.path(record), flash: .referralSaved)
    }
}
