import Fluent
import SQLKit
import TandemCore
import Vapor

/// The disclosure log's rows, read in one joined statement.
enum DisclosuresPage {
    struct Row: Encodable {
        var when: String
        var reference: String
        var caseHref: String
        var event: String
        var organisation: String
        var agreement: String
        var gateways: String
        var sections: String
        var purpose: String
        var consents: String
        var decision: String
        var endsOn: String
        var by: String
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var heading: String
        var subject: String
        var rows: [Row]
        var hasRows: Bool
        var showCase: Bool
        var csvLink: String
        var backLink: String
        var backLabel: String
    }

    private struct Raw: Decodable {
        var caseID: UUID
        var reference: String
        var event: String
        var organisation: String
        var agreement: String?
        var gateways: String
        var sections: String
        var purpose: String
        var consents: String
        var seniorDecision: String?
        var reason: String?
        var endsOn: String?
        var actor: String?
        var at: Date
    }

    private static let select = """
        SELECT d.case_id AS "caseID", c.reference AS reference, d.event AS event, o.name AS organisation,
          a.title AS agreement, d.gateways AS gateways, d.sections AS sections, d.purpose AS purpose,
          d.consents AS consents, d.senior_decision AS "seniorDecision", d.reason AS reason, d.ends_on AS "endsOn",
          u.display_name AS actor, d.at AS at
        FROM disclosures d
        JOIN cases c ON c.id = d.case_id
        JOIN organisations o ON o.id = d.organisation_id
        LEFT JOIN sharing_agreements a ON a.id = d.agreement_id
        LEFT JOIN users u ON u.id = d.actor_id
        """

    static func rows(caseID: UUID, on db: any Database, limit: Int?) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let raw = try await sql.raw(
            "\(unsafeRaw: select) WHERE d.case_id = \(bind: caseID) ORDER BY d.at DESC, d.id LIMIT \(bind: limit ?? 100_000)"
        ).all(decoding: Raw.self)
        return raw.map(row)
    }

    /// Every disclosure of a case the person is on, among the organisation's own cases.
    static func rows(personID: UUID, organisationID: UUID, on db: any Database, limit: Int?) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let raw = try await sql.raw(
            """
            \(unsafeRaw: select)
            WHERE c.organisation_id = \(bind: organisationID)
              AND d.case_id IN (SELECT p.case_id FROM case_parties p WHERE p.person_id = \(bind: personID))
            ORDER BY d.at DESC, d.id LIMIT \(bind: limit ?? 100_000)
            """
        ).all(decoding: Raw.self)
        return raw.map(row)
    }

    private static func row(_ raw: Raw) -> Row {
        let event = Disclosure.Event(rawValue: raw.event)
        var decision = raw.seniorDecision.map { "Senior decision to share special category data: \($0)" } ?? ""
        if let reason = raw.reason { decision = "Reason: \(reason)" }
        return Row(
            when: DisplayDate.dayAndTime(raw.at), reference: raw.reference,
            caseHref: SiteURL.case(.value(raw.caseID), .sharing).path, event: event?.label ?? raw.event,
            organisation: raw.organisation, agreement: raw.agreement ?? "None recorded",
            gateways: LegalGateway.labels(LegalGateway.parse(raw.gateways)),
            sections: ShareSection.labels(ShareSection.parse(raw.sections)), purpose: raw.purpose,
            consents: raw.consents, decision: decision,
            endsOn: raw.endsOn.flatMap(CivilDate.init(iso:)).map(DisplayDate.civil) ?? "",
            by: raw.actor ?? "System")
    }

    static func csv(_ rows: [Row]) -> [[String]] {
        [
            [
                "When", "Case", "Event", "Shared with", "Agreement", "Legal gateways", "Sections", "Purpose",
                "Consent", "Decision or reason", "Ends", "By",
            ]
        ]
            + rows.map {
                [
                    $0.when, $0.reference, $0.event, $0.organisation, $0.agreement, $0.gateways, $0.sections,
                    $0.purpose, $0.consents, $0.decision, $0.endsOn, $0.by,
                ]
            }
    }
}
