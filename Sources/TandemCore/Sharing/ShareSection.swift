import Foundation

/// The parts of a case a share can open to a partner organisation. An information sharing agreement says which
/// of them its parties may share (000 section 10: "what data is shared, why, how it is used and who has access");
/// each share of a case names the ones it opens, never wider than its agreement. The policy layer answers 404 for
/// a page or a write in a section the share does not open.
public enum ShareSection: String, CaseIterable, Codable, Sendable, Comparable {
    /// What the case is about and who is on it: the reference, title, summary, risk level, officer and parties.
    /// Every share opens it: a partner cannot work a case it cannot identify.
    case summary
    /// Reports, incidents, the resident's diary and evidence.
    case reports
    /// The risk matrix, vulnerability and respondent assessments, tasks and safety markers.
    case risk
    /// Mental health records and any other special category data (UK GDPR Article 9): shared only under an
    /// agreement with an Article 9 condition, and without consent only on a senior officer's recorded decision.
    case specialCategory = "special_category"
    /// Interviews, the action plan, contacts, interventions, referrals, letters and closure.
    case casework
    /// Proportionality reviews, legal measures, hearings, orders and breaches.
    case enforcement

    public var label: String {
        switch self {
        case .summary: "Summary and parties"
        case .reports: "Reports and incidents"
        case .risk: "Risk and vulnerability"
        case .specialCategory: "Mental health and other special category data"
        case .casework: "Casework"
        case .enforcement: "Enforcement"
        }
    }

    public var isSpecialCategory: Bool { self == .specialCategory }

    public static func < (lhs: ShareSection, rhs: ShareSection) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The stored form of a set of sections: their raw values in this enum's order, comma-separated.
    public static func text(_ sections: Set<ShareSection>) -> String {
        sections.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// Reads the stored form back; an unknown word is dropped rather than widening anything.
    public static func parse(_ text: String) -> Set<ShareSection> {
        Set(text.split(separator: ",").compactMap { ShareSection(rawValue: String($0)) })
    }

    /// Labels in order, for a page or a CSV cell.
    public static func labels(_ sections: Set<ShareSection>) -> String {
        sections.sorted().map(\.label).joined(separator: "; ")
    }
}

/// The law a share relies on (issue 19; 000 section 10). Recorded on the agreement and copied into the
/// disclosure log with every share, so an ICO accountability review or a subject access request can see
/// the basis of each disclosure.
public enum LegalGateway: String, CaseIterable, Codable, Sendable {
    /// Crime and Disorder Act 1998 s.115: disclosure to a relevant authority for the purposes of the Act.
    case crimeAndDisorderAct = "cda_1998_s115"
    /// Anti-social Behaviour, Crime and Policing Act 2014 Schedule 4 paragraph 7: information for an ASB Case Review.
    case caseReview = "asbcpa_2014_sch4_para7"
    /// UK GDPR Article 6(1)(e) with Data Protection Act 2018 s.8: a task in the public interest.
    case publicTask = "ukgdpr_6_1_e_dpa_s8"

    public var label: String {
        switch self {
        case .crimeAndDisorderAct: "Crime and Disorder Act 1998 s.115"
        case .caseReview: "Anti-social Behaviour, Crime and Policing Act 2014 Schedule 4 paragraph 7 (ASB Case Review)"
        case .publicTask: "UK GDPR Article 6(1)(e) with Data Protection Act 2018 s.8 (public task)"
        }
    }

    public static func text(_ gateways: Set<LegalGateway>) -> String {
        allCases.filter(gateways.contains).map(\.rawValue).joined(separator: ",")
    }

    public static func parse(_ text: String) -> Set<LegalGateway> {
        Set(text.split(separator: ",").compactMap { LegalGateway(rawValue: String($0)) })
    }

    public static func labels(_ gateways: Set<LegalGateway>) -> String {
        allCases.filter(gateways.contains).map(\.label).joined(separator: "; ")
    }
}

/// The UK GDPR Article 9 condition, with its Data Protection Act 2018 Schedule 1 paragraph, an agreement relies
/// on for special category data. Without one an agreement cannot cover the special category section.
public enum SpecialCategoryCondition: String, CaseIterable, Codable, Sendable {
    /// Article 9(2)(g) with Schedule 1 paragraph 10: preventing or detecting unlawful acts.
    case preventingCrime = "art9_2_g_sch1_para10"
    /// Article 9(2)(g) with Schedule 1 paragraph 18: safeguarding of children and of individuals at risk.
    case safeguarding = "art9_2_g_sch1_para18"
    /// Article 9(2)(h) with Schedule 1 paragraph 2: health or social care purposes.
    case healthOrSocialCare = "art9_2_h_sch1_para2"

    public var label: String {
        switch self {
        case .preventingCrime:
            "Article 9(2)(g), DPA 2018 Schedule 1 paragraph 10 (preventing or detecting unlawful acts)"
        case .safeguarding:
            "Article 9(2)(g), DPA 2018 Schedule 1 paragraph 18 (safeguarding of children and individuals at risk)"
        case .healthOrSocialCare:
            "Article 9(2)(h), DPA 2018 Schedule 1 paragraph 2 (health or social care)"
        }
    }
}

/// Whether an agreement may be used. An administrator suspends or ends it; its dates end it too.
public enum AgreementStatus: String, CaseIterable, Codable, Sendable {
    case active
    case suspended
    case ended

    public var label: String {
        switch self {
        case .active: "Active"
        case .suspended: "Suspended"
        case .ended: "Ended"
        }
    }
}

/// What was decided about one person's consent to a share (Primero's rule: no referral or share without
/// consent unless someone with the right to override records why).
public enum ShareConsent: String, CaseIterable, Codable, Sendable {
    case given
    case refused
    case notSought = "not_sought"

    public var label: String {
        switch self {
        case .given: "Consent given"
        case .refused: "Consent refused"
        case .notSought: "Consent not sought"
        }
    }
}

/// Why consent was not sought: the exemptions a practitioner relies on (000 section 10).
public enum ConsentNotSoughtReason: String, CaseIterable, Codable, Sendable {
    case riskOfHarm = "risk_of_harm"
    case preventionOfCrime = "prevention_of_crime"
    case couldNotContact = "could_not_contact"
    case lacksCapacity = "lacks_capacity"

    public var label: String {
        switch self {
        case .riskOfHarm: "Asking would put someone at risk of harm"
        case .preventionOfCrime: "Asking would prejudice the prevention or detection of crime"
        case .couldNotContact: "The person could not be contacted in time"
        case .lacksCapacity: "The person lacks capacity to decide"
        }
    }
}
