import Foundation

/// An information sharing agreement as the rules see it.
public struct AgreementTerms: Sendable, Equatable {
    public var id: UUID
    public var parties: Set<UUID>
    public var sections: Set<ShareSection>
    public var gateways: Set<LegalGateway>
    public var specialCondition: SpecialCategoryCondition?
    public var startsOn: CivilDate
    public var reviewOn: CivilDate?
    public var endsOn: CivilDate?
    public var status: AgreementStatus

    public init(
        id: UUID, parties: Set<UUID>, sections: Set<ShareSection>, gateways: Set<LegalGateway>,
        specialCondition: SpecialCategoryCondition?, startsOn: CivilDate, reviewOn: CivilDate?, endsOn: CivilDate?,
        status: AgreementStatus
    ) {
        self.id = id
        self.parties = parties
        self.sections = sections
        self.gateways = gateways
        self.specialCondition = specialCondition
        self.startsOn = startsOn
        self.reviewOn = reviewOn
        self.endsOn = endsOn
        self.status = status
    }

    /// In force on a day: active, started, and not past its end date (the end date is its last day).
    public func inForce(on day: CivilDate) -> Bool {
        status == .active && startsOn <= day && endsOn.map { day <= $0 } ?? true
    }

    /// Past its end date (or ended by hand): no new shares, and its shares go on the review list.
    public func lapsed(on day: CivilDate) -> Bool {
        status == .ended || endsOn.map { $0 < day } ?? false
    }

    public func includes(_ first: UUID, _ second: UUID) -> Bool {
        parties.contains(first) && parties.contains(second)
    }
}

/// A problem with an agreement an administrator is saving.
public enum AgreementProblem: Error, Equatable, Sendable {
    case titleMissing
    case purposeMissing
    case tooFewParties
    case noGateway
    case noSections
    case specialCategoryWithoutCondition
    case endBeforeStart
    case reviewOutsideTerm

    public var field: String {
        switch self {
        case .titleMissing: "title"
        case .purposeMissing: "purpose"
        case .tooFewParties: "parties"
        case .noGateway: "gateways"
        case .noSections, .specialCategoryWithoutCondition: "sections"
        case .endBeforeStart: "ends_on"
        case .reviewOutsideTerm: "review_on"
        }
    }

    public var message: String {
        switch self {
        case .titleMissing: "Enter a title for the agreement"
        case .purposeMissing: "Enter what the agreement lets its parties share information for"
        case .tooFewParties: "Select at least two organisations party to the agreement"
        case .noGateway: "Select the legal gateway the agreement relies on"
        case .noSections: "Select the sections of a case the agreement covers"
        case .specialCategoryWithoutCondition:
            "Select the Article 9 condition before the agreement can cover special category data"
        case .endBeforeStart: "The end date must be on or after the start date"
        case .reviewOutsideTerm: "The review date must fall between the start and end dates"
        }
    }
}

/// What an officer asks for when sharing a case.
public struct ShareRequest: Sendable, Equatable {
    public struct Consent: Sendable, Equatable {
        public var personID: UUID
        public var consent: ShareConsent?
        public var notSoughtReason: ConsentNotSoughtReason?

        public init(personID: UUID, consent: ShareConsent?, notSoughtReason: ConsentNotSoughtReason? = nil) {
            self.personID = personID
            self.consent = consent
            self.notSoughtReason = notSoughtReason
        }
    }

    /// The organisation that owns the case.
    public var owningOrganisationID: UUID
    public var organisationID: UUID
    public var agreement: AgreementTerms?
    public var purpose: String
    public var sections: Set<ShareSection>
    /// One entry per person on the case whose data the share opens.
    public var consents: [Consent]
    public var endsOn: CivilDate?
    /// A senior officer's reasons for sharing special category data without everyone's consent.
    public var seniorDecision: String?
    /// Whether the person sharing may make that decision (the policy layer answers this).
    public var mayOverrideConsent: Bool

    public init(
        owningOrganisationID: UUID, organisationID: UUID, agreement: AgreementTerms?, purpose: String,
        sections: Set<ShareSection>, consents: [Consent], endsOn: CivilDate?, seniorDecision: String?,
        mayOverrideConsent: Bool
    ) {
        self.owningOrganisationID = owningOrganisationID
        self.organisationID = organisationID
        self.agreement = agreement
        self.purpose = purpose
        self.sections = sections
        self.consents = consents
        self.endsOn = endsOn
        self.seniorDecision = seniorDecision
        self.mayOverrideConsent = mayOverrideConsent
    }
}

/// A problem with a share; each names the form field it belongs to.
public enum ShareProblem: Error, Equatable, Sendable {
    case ownOrganisation
    case agreementMissing
    case agreementNotInForce
    case agreementExcludesOrganisation
    case purposeMissing
    case scopeWiderThanAgreement([ShareSection])
    case endDateMissing
    case endDateInPast
    case endDateAfterAgreement
    case consentMissing(UUID)
    case notSoughtReasonMissing(UUID)
    case specialCategoryNeedsSeniorDecision
    case seniorDecisionNeedsReasons

    public var field: String {
        switch self {
        case .ownOrganisation: "organisation_id"
        case .agreementMissing, .agreementNotInForce, .agreementExcludesOrganisation: "agreement_id"
        case .purposeMissing: "purpose"
        case .scopeWiderThanAgreement: "sections"
        case .endDateMissing, .endDateInPast, .endDateAfterAgreement: "ends_on"
        case .consentMissing(let id), .notSoughtReasonMissing(let id): "consent_\(id.uuidString)"
        case .specialCategoryNeedsSeniorDecision, .seniorDecisionNeedsReasons: "senior_decision"
        }
    }

    public var message: String {
        switch self {
        case .ownOrganisation: "The case already belongs to this organisation"
        case .agreementMissing: "Select the information sharing agreement the share is made under"
        case .agreementNotInForce: "That agreement is not in force: choose one that is"
        case .agreementExcludesOrganisation:
            "That agreement does not include both organisations: choose one they are both party to"
        case .purposeMissing: "Enter why the case is being shared"
        case .scopeWiderThanAgreement(let sections):
            "The agreement does not cover \(ShareSection.labels(Set(sections))): remove them from the share"
        case .endDateMissing: "Enter the date the share ends or is reviewed"
        case .endDateInPast: "The end date must be today or later"
        case .endDateAfterAgreement: "The share cannot last beyond the agreement's end date"
        case .consentMissing: "Select whether this person gave consent"
        case .notSoughtReasonMissing: "Select why consent was not sought"
        case .specialCategoryNeedsSeniorDecision:
            "Sharing special category data without everyone's consent needs a senior officer's decision"
        case .seniorDecisionNeedsReasons: "Enter the reasons for sharing special category data without consent"
        }
    }
}

/// A share that passed every rule, ready to record.
public struct ValidShare: Sendable, Equatable {
    public var agreementID: UUID
    public var organisationID: UUID
    public var purpose: String
    /// Always includes the summary.
    public var sections: Set<ShareSection>
    public var consents: [ShareRequest.Consent]
    public var endsOn: CivilDate
    /// Set only when special category data is shared without everyone's consent.
    public var seniorDecision: String?

    /// For a share already decided elsewhere: the demo loader's, and a referral's accepted as it was sent.
    public init(
        agreementID: UUID, organisationID: UUID, purpose: String, sections: Set<ShareSection>,
        consents: [ShareRequest.Consent], endsOn: CivilDate, seniorDecision: String?
    ) {
        self.agreementID = agreementID
        self.organisationID = organisationID
        self.purpose = purpose
        self.sections = sections.union([.summary])
        self.consents = consents
        self.endsOn = endsOn
        self.seniorDecision = seniorDecision
    }
}

public enum SharingRules {
    public static func validate(_ agreement: AgreementDraft) -> [AgreementProblem] {
        var problems: [AgreementProblem] = []
        if agreement.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.titleMissing) }
        if agreement.purpose.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(.purposeMissing)
        }
        if agreement.parties.count < 2 { problems.append(.tooFewParties) }
        if agreement.gateways.isEmpty { problems.append(.noGateway) }
        if agreement.sections.subtracting([.summary]).isEmpty {
            problems.append(.noSections)
        } else if agreement.sections.contains(.specialCategory) && agreement.specialCondition == nil {
            problems.append(.specialCategoryWithoutCondition)
        }
        if let start = agreement.startsOn, let end = agreement.endsOn, end < start { problems.append(.endBeforeStart) }
        if let review = agreement.reviewOn {
            let tooEarly = agreement.startsOn.map { review < $0 } ?? false
            let tooLate = agreement.endsOn.map { review > $0 } ?? false
            if tooEarly || tooLate { problems.append(.reviewOutsideTerm) }
        }
        return problems
    }

    /// Checks a share against its agreement, the consent of each person and the dates (issue 19, item 2).
    public static func validate(_ request: ShareRequest, today: CivilDate) -> Result<ValidShare, ShareProblemList> {
        var problems: [ShareProblem] = []
        if request.organisationID == request.owningOrganisationID { problems.append(.ownOrganisation) }
        let purpose = request.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        if purpose.isEmpty { problems.append(.purposeMissing) }
        let sections = request.sections.union([.summary])
        guard let agreement = request.agreement else {
            problems.append(.agreementMissing)
            return .failure(ShareProblemList(problems))
        }
        if !agreement.inForce(on: today) {
            problems.append(.agreementNotInForce)
        } else if !agreement.includes(request.owningOrganisationID, request.organisationID) {
            problems.append(.agreementExcludesOrganisation)
        }
        let wider = sections.subtracting(agreement.sections.union([.summary]))
        if !wider.isEmpty { problems.append(.scopeWiderThanAgreement(wider.sorted())) }
        if let end = request.endsOn {
            if end < today {
                problems.append(.endDateInPast)
            } else if let agreementEnd = agreement.endsOn, end > agreementEnd {
                problems.append(.endDateAfterAgreement)
            }
        } else {
            problems.append(.endDateMissing)
        }
        for consent in request.consents {
            switch consent.consent {
            case nil: problems.append(.consentMissing(consent.personID))
            case .notSought where consent.notSoughtReason == nil:
                problems.append(.notSoughtReasonMissing(consent.personID))
            default: break
            }
        }
        var decision: String?
        let everyoneConsented = request.consents.allSatisfy { $0.consent == .given }
        if sections.contains(.specialCategory) && !everyoneConsented {
            let reasons = request.seniorDecision?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if !request.mayOverrideConsent {
                problems.append(.specialCategoryNeedsSeniorDecision)
            } else if reasons.isEmpty {
                problems.append(.seniorDecisionNeedsReasons)
            } else {
                decision = reasons
            }
        }
        guard problems.isEmpty, let endsOn = request.endsOn else { return .failure(ShareProblemList(problems)) }
        return .success(
            ValidShare(
                agreementID: agreement.id, organisationID: request.organisationID, purpose: purpose,
                sections: sections, consents: request.consents, endsOn: endsOn, seniorDecision: decision))
    }

    /// A share gives access from when it is made until it is revoked or its last day has passed.
    public static func isActive(revoked: Bool, endsOn: CivilDate?, today: CivilDate) -> Bool {
        !revoked && endsOn.map { today <= $0 } ?? true
    }
}

/// What an administrator enters for an agreement, before it is valid.
public struct AgreementDraft: Sendable, Equatable {
    public var title: String
    public var purpose: String
    public var parties: Set<UUID>
    public var gateways: Set<LegalGateway>
    public var specialCondition: SpecialCategoryCondition?
    public var sections: Set<ShareSection>
    public var startsOn: CivilDate?
    public var reviewOn: CivilDate?
    public var endsOn: CivilDate?

    public init(
        title: String, purpose: String, parties: Set<UUID>, gateways: Set<LegalGateway>,
        specialCondition: SpecialCategoryCondition?, sections: Set<ShareSection>, startsOn: CivilDate?,
        reviewOn: CivilDate?, endsOn: CivilDate?
    ) {
        self.title = title
        self.purpose = purpose
        self.parties = parties
        self.gateways = gateways
        self.specialCondition = specialCondition
        self.sections = sections
        self.startsOn = startsOn
        self.reviewOn = reviewOn
        self.endsOn = endsOn
    }
}

/// Every problem with a share at once, so the form shows them together.
public struct ShareProblemList: Error, Equatable, Sendable {
    public var problems: [ShareProblem]
    public init(_ problems: [ShareProblem]) { self.problems = problems }
}
