import Fluent
import SQLKit
import TandemCore
import Vapor

/// The agreements register's page models.
enum AgreementsPage {
    struct Row: Encodable {
        var href: String
        var title: String
        var parties: String
        var sections: String
        var gateways: String
        var reviewOn: String
        var endsOn: String
        var standing: String
        var inForce: Bool

        init(_ entry: AgreementRegister.Entry, today: CivilDate) {
            let agreement = entry.agreement
            href = agreement.id.map { SiteURL.admin(.agreement(.value($0))).path } ?? ""
            title = agreement.title
            parties = entry.partyNames.joined(separator: ", ")
            sections = ShareSection.labels(agreement.sectionSet)
            gateways = LegalGateway.labels(agreement.gatewaySet)
            reviewOn = agreement.reviewOn.map(DisplayDate.civil) ?? "None set"
            endsOn = agreement.endsOn.map(DisplayDate.civil) ?? "No end date"
            standing = AgreementsPage.standing(agreement, today: today)
            inForce = standing == "In force"
        }
    }

    /// Where an agreement stands today, in words.
    static func standing(_ agreement: SharingAgreement, today: CivilDate) -> String {
        switch agreement.status {
        case .suspended: return "Suspended"
        case .ended: return "Ended"
        case .active:
            if agreement.startsOn > today { return "Not yet started" }
            if let end = agreement.endsOn, end < today { return "Lapsed: past its end date" }
            if let review = agreement.reviewOn, review < today { return "In force, review overdue" }
            return "In force"
        }
    }

    struct List: Encodable {
        var layout: LayoutContext
        var agreements: [Row]
        var hasAgreements: Bool
        var paging: Paging
        var pagingQuery = ""
        var newAgreementLink: String
        var csvLink: String
        var sharesToReview: [AgreementRegister.ReviewRow]
        var hasSharesToReview: Bool
    }

    struct Form: Encodable {
        var layout: LayoutContext
        var heading: String
        var form: FormState
        var action: String
        var isEdit: Bool
        var parties: [Choice]
        var gateways: [Choice]
        var sections: [Choice]
        var conditions: [Choice]
        var statuses: [Choice]
        var agreementsLink: String
    }
}

/// Reads for the register: agreements with their parties' names in two statements, and the shares that
/// still run under an agreement that has lapsed.
enum AgreementRegister {
    struct Entry {
        var agreement: SharingAgreement
        var partyIDs: Set<UUID>
        var partyNames: [String]
    }

    static func read(on db: any Database, paging: Paging?) async throws -> (rows: [Entry], hasNext: Bool) {
        var query = SharingAgreement.query(on: db).sort(\.$title).sort(\.$id)
        if let paging { query = query.offset(paging.offset).limit(paging.perPage + 1) }
        var agreements = try await query.all()
        var hasNext = false
        if let paging, agreements.count > paging.perPage {
            hasNext = true
            agreements = Array(agreements.prefix(paging.perPage))
        }
        let ids = agreements.compactMap(\.id)
        let parties =
            ids.isEmpty
            ? []
            : try await SharingAgreementParty.query(on: db).filter(\.$agreement.$id ~~ ids)
                .join(Organisation.self, on: \SharingAgreementParty.$organisation.$id == \Organisation.$id)
                .sort(Organisation.self, \.$name).all()
        var byAgreement: [UUID: [(UUID, String)]] = [:]
        for party in parties {
            let name = try party.joined(Organisation.self).name
            byAgreement[party.$agreement.id, default: []].append((party.$organisation.id, name))
        }
        let rows = agreements.map { agreement in
            let members = agreement.id.flatMap { byAgreement[$0] } ?? []
            return Entry(agreement: agreement, partyIDs: Set(members.map(\.0)), partyNames: members.map(\.1))
        }
        return (rows, hasNext)
    }

    /// Agreements in force today that include both organisations, for the share and referral forms.
    static func inForce(between first: UUID, and second: UUID, today: CivilDate, on db: any Database)
        async throws -> [(SharingAgreement, AgreementTerms)]
    {
        let candidates = try await SharingAgreement.query(on: db).filter(\.$status == .active).with(\.$parties)
            .sort(\.$title).all()
        return try candidates.compactMap { agreement in
            let terms = try agreement.terms(parties: Set(agreement.parties.map { $0.$organisation.id }))
            return terms.inForce(on: today) && terms.includes(first, second) ? (agreement, terms) : nil
        }
    }

    struct ReviewRow: Encodable {
        var reference: String
        var organisation: String
        var agreement: String
        var endedOn: String
    }

    /// Shares still open under an agreement past its end date or ended by hand: each needs the owning team to
    /// renew it under an agreement in force or to revoke it (issue 19, item 1).
    static func sharesToReview(today: CivilDate, on db: any Database) async throws -> [ReviewRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Raw: Decodable {
            var reference: String
            var organisation: String
            var title: String
            var endsOn: String?
            var status: String
        }
        let rows = try await sql.raw(
            """
            SELECT c.reference AS reference, o.name AS organisation, a.title AS title, a.ends_on AS "endsOn",
              a.status AS status
            FROM case_shares s
            JOIN sharing_agreements a ON a.id = s.agreement_id
            JOIN cases c ON c.id = s.case_id
            JOIN organisations o ON o.id = s.organisation_id
            WHERE s.revoked_at IS NULL AND (a.status = 'ended' OR (a.ends_on IS NOT NULL AND a.ends_on < \(bind: today.description)))
            ORDER BY c.reference
            LIMIT 200
            """
        ).all(decoding: Raw.self)
        return rows.map {
            ReviewRow(
                reference: $0.reference, organisation: $0.organisation, agreement: $0.title,
                endedOn: $0.endsOn.flatMap(CivilDate.init(iso:)).map(DisplayDate.civil) ?? "Ended by an administrator")
        }
    }
}

extension Request {
    /// Today in UK time, from the injected clock. The day needs only the time zone, not the office calendar,
    /// so it costs no statement.
    func today() -> CivilDate { DisplayDate.civilDay(now) }
}
