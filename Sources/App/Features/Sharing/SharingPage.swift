import Fluent
import SQLKit
import TandemCore
import Vapor

/// The case's Sharing tab: who it is shared with, under what and since when, the disclosure history, and the
/// forms to share and to revoke.
enum SharingPage {
    /// A named person on the case whose consent a share asks about.
    struct Person: Encodable {
        var id: UUID
        var label: String
    }

    struct ShareRow: Encodable {
        var id: String
        var organisation: String
        var agreement: String
        var purpose: String
        var sections: String
        var since: String
        var endsOn: String
        var consents: String
        var seniorDecision: String?
        var standing: String
        var active: Bool
        var needsReview: Bool
        var revokeAction: String
        var revokeField: String
        var revokeError: String?
        var revokeValue: String
    }

    struct ConsentField: Encodable {
        var personID: String
        var label: String
        var field: String
        var error: String?
        var choices: [Choice]
        var reasons: [Choice]
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var header: Casework.Header
        var form: FormState
        var shares: [ShareRow]
        var hasShares: Bool
        var history: [DisclosuresPage.Row]
        var hasHistory: Bool
        var mayShare: Bool
        var mayOverride: Bool
        var organisations: [Choice]
        var agreements: [Choice]
        var hasAgreements: Bool
        var sections: [Choice]
        var consents: [ConsentField]
        var hasPeople: Bool
        var disclosuresLink: String
        var disclosuresCSVLink: String
    }

    static func people(_ caseID: UUID, on db: any Database) async throws -> [Person] {
        people(from: try await Casework.parties(caseID, on: db))
    }

    /// Each named person once, from the case's parties loaded with their people.
    static func people(from parties: [CaseParty]) -> [Person] {
        var seen = Set<UUID>()
        return parties.compactMap { party in
            guard let person = party.person, let id = person.id, seen.insert(id).inserted else { return nil }
            return Person(id: id, label: Casework.partyLabel(party))
        }
    }

    static func render(
        _ request: Request, record: CaseRecord, facts: CaseAccessFacts, form: FormState,
        input: SharingController.ShareForm?
    ) async throws -> View {
        let db = request.db
        let caseID = try record.requireID()
        let today = request.today()
        let shares = try await CaseShare.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$organisation)
            .with(\.$agreement).with(\.$consents).sort(\.$sharedAt, .descending).all()
        let people = try await people(caseID, on: db)
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.label) })
        let links = CaseLinks(caseID)
        let mayShare = request.may(.shareCase(facts))
        let rows: [ShareRow] = try shares.map { share in
            let id = try share.requireID()
            let active = share.isActive(today: today)
            let lapsedAgreement =
                share.agreement.map {
                    (try? $0.terms(parties: []))?.lapsed(on: today) ?? false
                } ?? true
            let standing =
                share.revokedAt.map { "Revoked \(DisplayDate.day($0))" + (share.revokeReason.map { ": \($0)" } ?? "") }
                ?? (active ? "Active" : "Ended \(share.endsOn.map(DisplayDate.civil) ?? "")")
            let field = "revoke_reason_\(id.uuidString)"
            return ShareRow(
                id: id.uuidString, organisation: share.organisation.name,
                agreement: share.agreement?.title ?? "None recorded (shared before agreements were kept)",
                purpose: share.purpose ?? "Not recorded", sections: ShareSection.labels(share.sectionSet),
                since: DisplayDate.day(share.sharedAt), endsOn: share.endsOn.map(DisplayDate.civil) ?? "No end date",
                consents: share.consents.map {
                    "\(names[$0.$person.id] ?? "A person no longer on the case"): \($0.consent.label.lowercased())"
                        + ($0.notSoughtReason.map { " (\($0.label.lowercased()))" } ?? "")
                }.joined(separator: "; "),
                seniorDecision: share.seniorDecision, standing: standing, active: active,
                needsReview: active && lapsedAgreement, revokeAction: links.to(.revokeShare(.value(id))),
                revokeField: field, revokeError: form.errors[field], revokeValue: form.values[field] ?? "")
        }
        let agreements = try await AgreementRegister.inForce(
            between: facts.owningOrganisationID, and: facts.owningOrganisationID, today: today, on: db)
        let partnerIDs = Set(agreements.flatMap { $0.1.parties }).subtracting([facts.owningOrganisationID])
        let organisations =
            partnerIDs.isEmpty
            ? []
            : try await Organisation.query(on: db).filter(\.$id ~~ partnerIDs).filter(\.$active == true)
                .sort(\.$name).all()
        let chosenSections = Set(input?.sections ?? [])
        let history = try await DisclosuresPage.rows(caseID: caseID, on: db, limit: 20)
        var values = form.values
        if values["ends_on"] == nil, let endsOn = input?.endsOn { values["ends_on"] = endsOn }
        var shown = form
        shown.values = values
        shown.values["organisation_id"] = input?.organisationID ?? ""
        shown.values["agreement_id"] = input?.agreementID ?? ""
        if input == nil { shown.values["ends_on"] = today.adding(days: 182).description }
        shown.values["purpose"] = TextRules.clean(input?.purpose)
        shown.values["senior_decision"] = TextRules.clean(input?.seniorDecision)
        let title = form.isValid ? "Sharing: \(record.reference)" : "Error: Sharing: \(record.reference)"
        return try await request.view.render(
            "sharing/case",
            Page(
                layout: request.layout(title: title, section: .cases),
                header: try Casework.header(request, record, facts: facts, current: .sharing), form: shown,
                shares: rows, hasShares: !rows.isEmpty, history: history, hasHistory: !history.isEmpty,
                mayShare: mayShare, mayOverride: request.may(.overrideConsent(facts)),
                organisations: organisations.compactMap { organisation in
                    organisation.id.map {
                        Choice(
                            value: $0.uuidString, label: organisation.name,
                            selected: input?.organisationID == $0.uuidString)
                    }
                },
                agreements: agreements.map { agreement, terms in
                    Choice(
                        value: terms.id.uuidString, label: agreement.title,
                        selected: input?.agreementID == terms.id.uuidString,
                        hint: "Covers: \(ShareSection.labels(terms.sections)). \(LegalGateway.labels(terms.gateways))")
                },
                hasAgreements: !agreements.isEmpty,
                sections: ShareSection.allCases.filter { $0 != .summary }.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: chosenSections.contains($0.rawValue))
                },
                consents: people.map { person in
                    let key = person.id.uuidString
                    let chosen = input?.consent?[key]
                    let reason = input?.reason?[key]
                    return ConsentField(
                        personID: key, label: person.label, field: "consent_\(key)",
                        error: form.errors["consent_\(key)"],
                        choices: ShareConsent.allCases.map {
                            Choice(value: $0.rawValue, label: $0.label, selected: chosen == $0.rawValue)
                        },
                        reasons: ConsentNotSoughtReason.allCases.map {
                            Choice(value: $0.rawValue, label: $0.label, selected: reason == $0.rawValue)
                        })
                }, hasPeople: !people.isEmpty,
                disclosuresLink: links.to(.disclosures), disclosuresCSVLink: links.to(.disclosuresCSV)))
    }
}
