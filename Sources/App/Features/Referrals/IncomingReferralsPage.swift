import Fluent
import SQLKit
import TandemCore
import Vapor

/// The page models of the referral queue and of one referral sent through Tandem.
enum IncomingReferralsPage {
    // MARK: - The queue

    struct Row: Encodable {
        var href: String
        /// The case's reference only: the receiver may not see the case until it accepts.
        var reference: String
        var service: String
        var asked: String
        var sent: String
        var replyDue: String
        var overdue: Bool
        var status: String
        var awaiting: Bool
    }

    struct Queue: Encodable {
        var layout: LayoutContext
        var organisation: String
        var rows: [Row]
        var hasRows: Bool
        var paging: Paging
        var pagingQuery = ""
        var waiting: Int
    }

    /// The referrals sent to an organisation, those awaiting its reply first (soonest due first), then the rest
    /// newest first: one projected statement over `referrals_to_organisation_idx` (M018).
    static func queue(organisationID: UUID, today: CivilDate, paging: Paging, on db: any Database) async throws
        -> (rows: [Row], hasNext: Bool)
    {
        guard let sql = db as? any SQLDatabase else { return ([], false) }
        let waiting = [ReferralStatus.sent, .acknowledged].map(\.rawValue)
        let raw = try await sql.raw(
            """
            SELECT r.id AS id, c.reference AS reference, r.service AS service, r.asked AS asked,
              r.sent_on AS sent_on, r.reply_due_on AS reply_due_on, r.status AS status
            FROM referrals r JOIN cases c ON c.id = r.case_id
            WHERE r.to_organisation_id = \(bind: organisationID)
            ORDER BY CASE WHEN r.status IN (\(binds: waiting)) THEN 0 ELSE 1 END,
              CASE WHEN r.status IN (\(binds: waiting)) THEN r.reply_due_on ELSE NULL END,
              r.sent_on DESC, r.id
            LIMIT \(unsafeRaw: String(paging.perPage + 1)) OFFSET \(unsafeRaw: String(paging.offset))
            """
        ).all()
        let rows = try raw.prefix(paging.perPage).map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let statusText = try row.decode(column: "status", as: String.self)
            let status = ReferralStatus(rawValue: statusText)
            let sent = CivilDate(iso: try row.decode(column: "sent_on", as: String.self))
            let due = CivilDate(iso: try row.decode(column: "reply_due_on", as: String.self))
            let asked = try row.decode(column: "asked", as: String.self)
            let service = try row.decode(column: "service", as: String.self)
            return Row(
                href: SiteURL.incomingReferral(.value(id)).path,
                reference: try row.decode(column: "reference", as: String.self),
                service: SupportService(rawValue: service)?.label ?? service,
                asked: asked.count > 200 ? String(asked.prefix(200)) + "…" : asked,
                sent: sent.map(DisplayDate.civil) ?? "", replyDue: due.map(DisplayDate.civil) ?? "",
                overdue: status.flatMap { status in
                    due.map { ReferralRules.isChaseDue(status: status, replyDueOn: $0, today: today) }
                } ?? false,
                status: status?.label ?? statusText, awaiting: status?.awaitingReply ?? false)
        }
        return (rows, raw.count > paging.perPage)
    }

    // MARK: - One referral

    /// What the page and the answer need of a referral, read once.
    struct Context {
        var referral: Referral
        var record: CaseRecord
        /// The organisation the referral was sent to.
        var organisation: Organisation
        var agreement: SharingAgreement?
        var party: CaseParty?
        var referrerName: String
        var answeredByName: String?
        var updates: [ReferralUpdate]
        /// Whether the case is shared with the organisation now, so the page can link to it.
        var shared: Bool

        static func load(_ referral: Referral, today: CivilDate, on db: any Database) async throws -> Context {
            guard let organisationID = referral.$toOrganisation.id,
                let organisation = try await Organisation.find(organisationID, on: db),
                let record = try await CaseRecord.query(on: db).filter(\.$id == referral.$caseRecord.id)
                    .with(\.$organisation).first()
            else { throw Abort(.notFound) }
            let caseID = try record.requireID()
            let agreement = try await referral.$agreement.id.asyncMap {
                try await SharingAgreement.query(on: db).filter(\.$id == $0).with(\.$parties).first()
            }
            let party = try await referral.$party.id.asyncMap {
                try await CaseParty.query(on: db).filter(\.$id == $0).with(\.$person).first()
            }
            let userIDs: [UUID] = [referral.$recordedBy.id] + (referral.$answeredBy.id.map { [$0] } ?? [])
            let users = try await User.query(on: db).filter(\.$id ~~ userIDs).all()
            var names: [UUID: String] = [:]
            for user in users { if let id = user.id { names[id] = user.displayName } }
            let updates = try await ReferralUpdate.query(on: db).filter(\.$referral.$id == referral.requireID())
                .sort(\.$recordedAt).all()
            let share = try await CaseShare.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$organisation.$id == organisationID).first()
            return Context(
                referral: referral, record: record, organisation: organisation, agreement: agreement ?? nil,
                party: party ?? nil, referrerName: names[referral.$recordedBy.id] ?? "the referring officer",
                answeredByName: referral.$answeredBy.id.flatMap { names[$0] }, updates: updates,
                shared: share?.isActive(today: today) ?? false)
        }
    }

    struct UpdateRow: Encodable {
        var when: String
        var status: String
        var note: String?
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var heading: String
        var reference: String
        var from: String
        var service: String
        var person: String
        var asked: String
        var sent: String
        var replyDue: String
        var overdue: Bool
        var status: String
        var agreement: String
        var gateways: String
        var sections: String
        var consent: String
        var seniorDecision: String?
        var answer: String?
        var declineReason: String?
        var outcome: String?
        var updates: [UpdateRow]
        var caseLink: String?
        var choices: [Choice]
        var mayAnswer: Bool
        var mayDecline: Bool
        var action: String
        var queueLink: String
    }

    static func render(_ request: Request, _ context: Context, form: FormState) async throws -> View {
        let referral = context.referral
        let record = context.record
        let today = request.today()
        // Updates after accepting need the case still shared (the answer route refuses them otherwise).
        let afterAcceptance = ReferralSharing.isAccepted(referral.status)
        let choices = afterAcceptance && !context.shared ? [] : ReferralSharing.receiverChoices(referral.status)
        var consent = referral.consent?.label ?? "Not recorded"
        if let reason = referral.notSoughtReason, referral.consent == .notSought {
            consent += ": \(reason.label.lowercased())"
        }
        // Everyone else on the case as counts: their names are the case's, not yet shared with the receiver.
        if let stored = referral.consents.map(ReferralSharing.consents(from:)) {
            let others = stored.values.filter { $0.personID != context.party?.person?.id }
            if !others.isEmpty {
                let counts = ShareConsent.allCases.compactMap { kind -> String? in
                    let count = others.filter { $0.consent == kind }.count
                    return count == 0 ? nil : "\(count) \(kind.label.lowercased())"
                }
                consent += ". Others on the case: " + counts.joined(separator: ", ")
            }
        }
        let verb = referral.declineReason != nil ? "Declined" : "Accepted"
        let answer = referral.answeredAt.map {
            "\(verb) by \(context.answeredByName ?? "someone in your organisation") on \(DisplayDate.dayAndTime($0))"
        }
        let id = try referral.requireID()
        let title = "Referral: \(record.reference)"
        return try await request.view.render(
            "referrals/referral",
            Page(
                layout: request.layout(title: form.isValid ? title : "Error: \(title)", section: .referrals),
                form: form, heading: "Referral to \(referral.serviceLabel)", reference: record.reference,
                from: "\(context.referrerName), \(record.organisation.name)", service: referral.serviceLabel,
                person: context.party.map(Casework.partyLabel) ?? "Not a particular person", asked: referral.asked,
                sent: DisplayDate.civil(referral.sentOn), replyDue: DisplayDate.civil(referral.replyDueOn),
                overdue: ReferralRules.isChaseDue(
                    status: referral.status, replyDueOn: referral.replyDueOn, today: today),
                status: referral.status.label,
                agreement: context.agreement?.title ?? "No agreement recorded",
                gateways: context.agreement.map { LegalGateway.labels($0.gatewaySet) } ?? "",
                sections: ShareSection.labels(referral.shareSectionSet), consent: consent,
                seniorDecision: referral.seniorDecision, answer: answer, declineReason: referral.declineReason,
                outcome: referral.outcome,
                updates: context.updates.map {
                    UpdateRow(when: DisplayDate.dayAndTime($0.recordedAt), status: $0.status.label, note: $0.note)
                },
                caseLink: context.shared && referral.status != .declined
                    ? SiteURL.case(.value(try record.requireID())).path : nil,
                choices: choices.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: form.values["answer"] == $0.rawValue)
                },
                mayAnswer: !choices.isEmpty, mayDecline: choices.contains(.declined),
                action: SiteURL.answerReferral(.value(id)).path, queueLink: SiteURL.referralQueue.path))
    }
}
