import Fluent
import Foundation
import TandemCore
import Vapor

/// Referrals to support and partner services, with their status history and chasing.
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

        enum CodingKeys: String, CodingKey {
            case service
            case partyId = "party_id"
            case organisationName = "organisation_name"
            case asked
            case sentOn = "sent_on"
            case replyDueOn = "reply_due_on"
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
        let who = subject.map { " for \(Casework.partyLabel($0))" } ?? ""
        try await Casework.write(
            request, record, user: user, kind: .referral, timeline: "Referral to \(service.label)\(who): \(asked)"
        ) { work in
            try await work.insert(referral, "Referred to \(service.label) on case \(record.reference)")
            let update = ReferralUpdate()
            update.$caseRecord.id = caseID
            update.$referral.id = try referral.requireID()
            update.status = .sent
            update.note = asked
            update.recordedAt = work.now
            update.$recordedBy.id = user.id
            try await work.insert(update, "Referral to \(service.label) sent (case \(record.reference))")
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
        } else if let problem = ReferralRules.transitionProblem(from: referral.status, to: status) {
            form.add(field, problem.message)
        }
        guard form.isValid else { return try await SupportPageBuilder.fail(request, record, facts, form) }
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
            request, record, user: user, kind: .referral, timeline: summary + (note.isEmpty ? "" : ". \(note)")
        ) { work in
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
