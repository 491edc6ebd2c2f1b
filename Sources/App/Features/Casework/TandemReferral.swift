import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The "Send through Tandem" part of the referral form (issue 19, item 4). Left empty, the referral is to a body
/// outside Tandem and stays exactly as before. Filled in, it names the organisation whose queue the referral
/// lands in and the share accepting it will make: the agreement, the sections and the referred person's consent,
/// checked by `SharingRules.validate` now, so a combination the rules refuse is refused when it is sent ("refused
/// without consent unless a senior officer overrides with a reason"), and again when it is accepted.
enum TandemReferral {
    /// What the form chose, once every rule has passed.
    struct Chosen {
        var organisation: Organisation
        var valid: ValidShare
    }

    /// Checks the Tandem fields; nil when no organisation was chosen (a referral outside Tandem) or when a problem
    /// was added to `form`.
    static func check(
        _ request: Request, facts: CaseAccessFacts, input: ReferralsController.ReferralInput, caseID: UUID,
        asked: String, form: inout FormState
    ) async throws -> Chosen? {
        let raw = TextRules.clean(input.toOrganisationID)
        guard !raw.isEmpty else { return nil }
        // Accepting the referral shares the case, so sending one through Tandem is sharing it: the same people
        // may do it as may share a case directly (the case officer, a senior officer or the team manager).
        guard request.may(.shareCase(facts)) else {
            form.add(
                "to_organisation_id",
                "Only the case officer or a senior officer can send a referral through Tandem, since accepting it "
                    + "shares the case: leave the organisation empty, or ask them to send it")
            return nil
        }
        let organisation =
            try await UUID(uuidString: raw).asyncMap { try await Organisation.find($0, on: request.db) }
            ?? nil
        guard let organisation, organisation.active, let organisationID = organisation.id else {
            form.add("to_organisation_id", "Select an organisation that uses Tandem from the list")
            return nil
        }
        let seniorText = TextRules.clean(input.seniorDecision)
        if let problem = TextRules.multilineProblem(
            seniorText, label: "the reasons for the decision", required: false, max: 2000)
        {
            form.add("senior_decision", problem)
        }
        let agreement =
            try await UUID(uuidString: TextRules.clean(input.agreementID)).asyncMap {
                try await SharingAgreement.query(on: request.db).filter(\.$id == $0).with(\.$parties).first()
            } ?? nil
        let sectionValues = (input.shareSections ?? []).map(ShareSection.init(rawValue:))
        if sectionValues.contains(where: { $0 == nil }) || sectionValues.count > ShareSection.allCases.count {
            form.add("share_sections", "Select sections from the list")
        }
        let terms = try agreement.map { try $0.terms(parties: Set($0.parties.map { $0.$organisation.id })) }
        let today = request.today()
        // Accepting shares the summary and parties of everyone on the case, so each named person's decision is
        // asked for, as on the sharing form.
        let people = try await SharingPage.people(caseID, on: request.db)
        let consents = people.map { person in
            ShareRequest.Consent(
                personID: person.id,
                consent: input.consent?[person.id.uuidString].flatMap(ShareConsent.init(rawValue:)),
                notSoughtReason: input.reason?[person.id.uuidString].flatMap(ConsentNotSoughtReason.init(rawValue:)))
        }
        let shareRequest = ReferralSharing.shareRequest(
            owningOrganisationID: facts.owningOrganisationID, to: organisationID, agreement: terms, purpose: asked,
            sections: Set(sectionValues.compactMap { $0 }), consents: consents,
            endsOn: ReferralSharing.shareEnds(from: today, agreementEndsOn: terms?.endsOn),
            seniorDecision: seniorText.isEmpty ? nil : seniorText,
            mayOverrideConsent: request.may(.overrideConsent(facts)))
        switch SharingRules.validate(shareRequest, today: today) {
        case .success(let valid):
            return form.isValid ? Chosen(organisation: organisation, valid: valid) : nil
        case .failure(let list):
            for problem in list.problems {
                guard let field = field(problem) else { continue }
                form.add(field, message(problem))
            }
            return nil
        }
    }

    /// Where a share problem shows on the referral form; nil for one the rest of the form already reports
    /// (the purpose is what was asked).
    static func field(_ problem: ShareProblem) -> String? {
        switch problem {
        case .purposeMissing: nil
        case .ownOrganisation: "to_organisation_id"
        case .agreementMissing, .agreementNotInForce, .agreementExcludesOrganisation: "agreement_id"
        case .endDateMissing, .endDateInPast, .endDateAfterAgreement: "agreement_id"
        case .scopeWiderThanAgreement: "share_sections"
        case .consentMissing(let id), .notSoughtReasonMissing(let id): "referral_consent_\(id.uuidString)"
        case .specialCategoryNeedsSeniorDecision, .seniorDecisionNeedsReasons: "senior_decision"
        }
    }

    static func message(_ problem: ShareProblem) -> String {
        switch problem {
        case .ownOrganisation: "A referral through Tandem goes to another organisation: choose one from the list"
        case .specialCategoryNeedsSeniorDecision:
            "Referring with mental health or other special category data without the person's consent needs a "
                + "senior officer's decision: remove that section, or ask a senior officer to make the referral"
        case .seniorDecisionNeedsReasons:
            "Enter the reasons for sharing special category data without the person's consent"
        default: problem.message
        }
    }

    /// The choices the form offers: the agreements in force that include the case's organisation, and the
    /// organisations that use Tandem (active, other than the case's own) party to one of them, since a referral
    /// to any other could not be accepted; the rules check the chosen pair when it is sent.
    struct Options: Encodable {
        var available: Bool
        /// Whether the viewer may share the case, and so send a referral through Tandem.
        var mayShare: Bool
        var organisations: [Choice]
        var agreements: [Choice]
        var sections: [Choice]
        /// A consent decision for each named person on the case.
        var consents: [SharingPage.ConsentField]
        var hasPeople: Bool
        var mayOverride: Bool
    }

    /// One agreement in force with its parties, as the form offers it.
    struct Offered {
        var title: String
        var terms: AgreementTerms
        /// Each party's name, and whether the organisation is active.
        var parties: [(id: UUID, name: String, active: Bool)]
    }

    static func options(
        _ request: Request, people: [SharingPage.Person], facts: CaseAccessFacts, form: FormState
    ) async throws
        -> Options
    {
        let own = facts.owningOrganisationID
        guard request.may(.shareCase(facts)) else {
            return Options(
                available: false, mayShare: false, organisations: [], agreements: [], sections: [], consents: [],
                hasPeople: false, mayOverride: false)
        }
        let agreements = try await offered(to: own, today: request.today(), on: request.db)
        var organisations: [UUID: String] = [:]
        for agreement in agreements {
            for party in agreement.parties where party.active && party.id != own {
                organisations[party.id] = party.name
            }
        }
        let values = form.values
        let chosenSections = Set((values["share_sections"] ?? "").split(separator: ",").map(String.init))
        return Options(
            available: !agreements.isEmpty && !organisations.isEmpty, mayShare: true,
            organisations: organisations.sorted { ($0.value, $0.key.uuidString) < ($1.value, $1.key.uuidString) }
                .map {
                    Choice(
                        value: $0.key.uuidString, label: $0.value,
                        selected: values["to_organisation_id"] == $0.key.uuidString)
                },
            agreements: agreements.map { agreement in
                let parties = agreement.parties.map { $0.id == own ? "your organisation" : $0.name }
                    .joined(separator: ", ")
                return Choice(
                    value: agreement.terms.id.uuidString, label: agreement.title,
                    selected: values["agreement_id"] == agreement.terms.id.uuidString,
                    hint: "Parties: \(parties). Covers: \(ShareSection.labels(agreement.terms.sections)).")
            },
            sections: ShareSection.allCases.filter { $0 != .summary }.map {
                Choice(value: $0.rawValue, label: $0.label, selected: chosenSections.contains($0.rawValue))
            },
            consents: people.map { person in
                let key = person.id.uuidString
                let field = "referral_consent_\(key)"
                return SharingPage.ConsentField(
                    personID: key, label: person.label, field: field, error: form.errors[field],
                    choices: ShareConsent.allCases.map {
                        Choice(value: $0.rawValue, label: $0.label, selected: values[field] == $0.rawValue)
                    },
                    reasons: ConsentNotSoughtReason.allCases.map {
                        Choice(
                            value: $0.rawValue, label: $0.label,
                            selected: values["referral_reason_\(key)"] == $0.rawValue)
                    })
            },
            hasPeople: !people.isEmpty,
            mayOverride: request.may(.overrideConsent(facts)))
    }

    /// The agreements in force today that include the organisation, each with its parties' names: one projected
    /// statement, so the tab's statement budget (QueryBudgetTests) grows by one for the whole form.
    static func offered(to organisationID: UUID, today: CivilDate, on db: any Database) async throws -> [Offered] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw(
            """
            SELECT a.id AS id, a.title AS title, a.sections AS sections, a.gateways AS gateways,
              a.special_condition AS special_condition, a.starts_on AS starts_on, a.review_on AS review_on,
              a.ends_on AS ends_on, a.status AS status, o.id AS organisation_id, o.name AS name, o.active AS active
            FROM sharing_agreements a
            JOIN sharing_agreement_parties p ON p.agreement_id = a.id
            JOIN organisations o ON o.id = p.organisation_id
            WHERE a.status = \(bind: AgreementStatus.active.rawValue)
              AND a.id IN (SELECT agreement_id FROM sharing_agreement_parties WHERE organisation_id = \(bind: organisationID))
            ORDER BY a.title, a.id, o.name
            """
        ).all()
        var offered: [Offered] = []
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let party = (
                id: try row.decode(column: "organisation_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                active: try row.decode(column: "active", as: Bool.self)
            )
            if let last = offered.last, last.terms.id == id {
                offered[offered.count - 1].parties.append(party)
                offered[offered.count - 1].terms.parties.insert(party.id)
                continue
            }
            guard let startsOn = CivilDate(iso: try row.decode(column: "starts_on", as: String.self)) else { continue }
            let terms = AgreementTerms(
                id: id, parties: [party.id],
                sections: ShareSection.parse(try row.decode(column: "sections", as: String.self)),
                gateways: LegalGateway.parse(try row.decode(column: "gateways", as: String.self)),
                specialCondition: try row.decode(column: "special_condition", as: String?.self)
                    .flatMap(SpecialCategoryCondition.init(rawValue:)),
                startsOn: startsOn,
                reviewOn: try row.decode(column: "review_on", as: String?.self).flatMap(CivilDate.init(iso:)),
                endsOn: try row.decode(column: "ends_on", as: String?.self).flatMap(CivilDate.init(iso:)),
                status: .active)
            offered.append(
                Offered(title: try row.decode(column: "title", as: String.self), terms: terms, parties: [party]))
        }
        return offered.filter { $0.terms.inForce(on: today) }
    }
}
