import Foundation

/// Who is asking: the signed-in user as the policy sees them.
public struct Actor: Sendable, Equatable {
    public var userID: UUID
    public var organisationID: UUID
    public var roles: Set<Role>
    /// What the user's organisation does (police, mental health team, landlord). Access to special category
    /// data comes from the scope of a share, not from this.
    public var organisationKind: OrganisationKind?

    public init(userID: UUID, organisationID: UUID, roles: Set<Role>, organisationKind: OrganisationKind? = nil) {
        self.userID = userID
        self.organisationID = organisationID
        self.roles = roles
        self.organisationKind = organisationKind
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public var hasCaseworkRole: Bool { roles.contains { $0.isCasework } }
}

/// The facts about a case that decide who may see it.
public struct CaseAccessFacts: Sendable, Equatable {
    /// The organisation that owns and leads the case.
    public var owningOrganisationID: UUID
    /// The organisations the case is shared with now (active shares only), each with the sections its share
    /// opens under an information sharing agreement.
    public var shares: [UUID: Set<ShareSection>]

    public init(owningOrganisationID: UUID, shares: [UUID: Set<ShareSection>] = [:]) {
        self.owningOrganisationID = owningOrganisationID
        self.shares = shares
    }

    /// Shared with these organisations for every section but special category data: what a share under a
    /// borough-wide agreement without an Article 9 condition opens.
    public init(owningOrganisationID: UUID, sharedWithOrganisationIDs: Set<UUID>) {
        let sections = Set(ShareSection.allCases).subtracting([.specialCategory])
        self.init(
            owningOrganisationID: owningOrganisationID,
            shares: Dictionary(uniqueKeysWithValues: sharedWithOrganisationIDs.map { ($0, sections) }))
    }

    public var sharedWithOrganisationIDs: Set<UUID> { Set(shares.keys) }

    /// The sections the case is shared with an organisation for; empty when it is not shared with it.
    public func sections(sharedWith organisationID: UUID) -> Set<ShareSection> {
        shares[organisationID] ?? []
    }
}

/// Something a user wants to do. Each later capability adds its actions here,
/// so every access decision stays in this one place.
public enum Action: Sendable, Equatable {
    case viewHome
    case changeOwnPassword
    case manageOrganisations
    case manageUsers
    case readAuditTrail
    case listCases
    case viewCase(CaseAccessFacts)
    /// Anyone, signed in or not, may report ASB through the public form.
    case submitPublicReport
    /// Record a report taken by phone, letter, in person or by referral.
    case recordReport
    /// See one's own queue of cases ("My cases").
    case viewOwnQueue
    /// Work the triage queue and decide what each report becomes.
    case triageReports
    /// See the unallocated queue and give cases to officers.
    case allocateCases
    /// Change a case: parties, acknowledgement, risk, Case Review prompts.
    case workCase(CaseAccessFacts)
    /// Find people and read a person's record (every view is audited).
    case findPeople
    /// Categories, wards and estates, the response policy and the office calendar.
    case manageReferenceData
    /// Confirm or decline a High-risk victim's referral to the panel (Lambeth 3.3.2: the senior officer decides).
    case decidePanelReferral(CaseAccessFacts)
    /// See the cases due for discussion with the line manager.
    case overseeCases
    /// Record a line-manager discussion of a case.
    case recordOversight(CaseAccessFacts)
    /// Read a mental health record: special category data, need to know only.
    case viewMentalHealth(CaseAccessFacts)
    /// Record or change a mental health record.
    case recordMentalHealth(CaseAccessFacts)
    /// Sign off or send back a proportionality review before legal action
    /// (Lambeth 3.3.2: the senior officer signs off). A second pair of eyes:
    /// never the case officer or the review's author.
    case decideLegalReview(CaseAccessFacts, caseOfficerID: UUID?, preparedByID: UUID)
    /// The legal register: every legal measure on the organisation's cases.
    case viewLegalRegister
    /// Sign off or return a proposal to close a case (Lambeth 3.4: "The Senior
    /// Tenancy Enforcement Officer must agree and sign off the closure of a
    /// case"). Never the officer who proposed it.
    case decideClosure(CaseAccessFacts, proposedByID: UUID)
    /// Reopen a closed case within the reopening period.
    case reopenCase(CaseAccessFacts)
    /// The performance reports: monthly measures, council statistics, tenant
    /// satisfaction measures and repeat callers for the user's organisation.
    case viewReports
    /// Managers' views of the team's long-running cases and overdue work.
    case viewTeamWork
    /// Read one section of a case: the owning team reads all of it; a partner only what its share opens.
    case viewSection(CaseAccessFacts, ShareSection)
    /// A partner's own contribution to a shared case in a section its share opens (a case note, an incident its
    /// agency received, evidence, a reply to a referral); the owning team's casework roles may too.
    case contribute(CaseAccessFacts, ShareSection)
    /// Complete or update an action or task owned by an organisation: the owning team, or a partner whose
    /// organisation owns it on a case shared with it for casework.
    case completeOwnedWork(CaseAccessFacts, ownerOrganisationID: UUID?)
    /// Share a case with another organisation, or revoke a share (issue 19: the case officer or a senior officer).
    case shareCase(CaseAccessFacts)
    /// Share special category data without everyone's consent, with recorded reasons: a senior decision.
    case overrideConsent(CaseAccessFacts)
    /// Keep the register of information sharing agreements.
    case manageSharingAgreements
    /// Read who shared what with whom, for a case or a person: the owning team's casework roles.
    case viewDisclosureLog(CaseAccessFacts)
    /// Read and answer the referrals sent to an organisation through Tandem, before any share exists.
    case answerReferrals(organisationID: UUID)
    /// The queue of referrals sent to the user's organisation through Tandem.
    case viewReferralQueue
    /// A partner organisation's home: its shared cases, referrals, actions and shares ending soon.
    case viewPartnerWork
    /// Keep the panels: each forum, its members, chair and coordinator, and the bands referred to it
    /// automatically (issue 21, item 1).
    case managePanels
    /// The panels the user's organisation hosts or sits on, and the user's own panel actions.
    case viewPanels
    /// One panel's page, meetings and minutes: the people of a member organisation.
    case viewPanel(PanelFacts)
    /// Run a panel: accept or return referrals, hold and record meetings, draft the minutes (the coordinator).
    case runPanel(PanelFacts)
    /// Approve a meeting's minutes, which issues them to the members: the panel's chair.
    case approveMinutes(PanelFacts)
    /// Refer a case to a panel: the owning team's caseworkers, to a panel their organisation sits on.
    case referToPanel(CaseAccessFacts, PanelFacts)
    /// An agenda item's detail, and recording an organisation's research for it: a member organisation that may
    /// see the case. Anyone else at the table sees the item as restricted.
    case viewPanelItem(PanelFacts, CaseAccessFacts)
    /// Anyone, signed in or not, may apply for an ASB Case Review through the public form (issue 22).
    case applyForCaseReview
    /// Keep the local Case Review arrangements: the threshold, the relevant bodies, the timescales.
    case manageCaseReviewArrangements
    /// The Case Reviews link and register: people who work cases, of the single point of contact or a relevant body
    /// (the register itself shows only what `viewCaseReview` allows).
    case openCaseReviews
    /// The Case Review register and its publication: the single point of contact's organisation.
    case viewCaseReviews(CaseReviewFacts)
    /// One application: the single point of contact's organisation, and the relevant bodies it was passed to.
    case viewCaseReview(CaseReviewFacts)
    /// Record an application and work it through its stages: the single point of contact.
    case runCaseReview(CaseReviewFacts)
    /// Answer the review's request for information for a relevant body (Schedule 4 paragraph 7: any person
    /// exercising public functions supplies what the review asks for).
    case answerCaseReviewRequest(CaseReviewFacts, organisationID: UUID)
    /// Sign off the resolution letter: the CT-MARAC's chair.
    case signOffResolution(CaseReviewFacts)
    /// Decide an appeal: the appeal review officer nominated for it.
    case hearAppeal(CaseReviewFacts)
    /// Keep the organisation's retention schedule and legal holds, prepare disposal batches and approve them, which
    /// destroys the records in them (issue 23): the information governance lead, or an administrator.
    case manageRetention
    /// Keep the register of subject access, rectification and erasure requests, gather and review a requester's
    /// bundle, sign it off and release it (issue 23, item 3): the information governance lead, or an administrator.
    case manageSubjectAccess
    /// A person's chronology across every case the user may see (issue 23, item 4): people who work cases, and
    /// partners for the cases shared with them; each entry still needs its case and section to be visible.
    case viewChronology
}

/// The answer to "may this user do this?".
public enum Decision: Sendable, Equatable {
    case allow
    /// The user may know the thing exists but may not do this: answered 403.
    case forbid
    /// The user may not even know the record exists: answered 404.
    case hide
}

/// Which cases a list may contain for an actor; the database query is built
/// from this so that lists and single records agree.
public struct CaseListScope: Sendable, Equatable {
    /// Cases owned by this organisation are included.
    public var ownedBy: UUID?
    /// Cases shared with this organisation are included.
    public var sharedWith: UUID?

    public static let nothing = CaseListScope(ownedBy: nil, sharedWith: nil)

    public init(ownedBy: UUID?, sharedWith: UUID?) {
        self.ownedBy = ownedBy
        self.sharedWith = sharedWith
    }

    public var isEmpty: Bool { ownedBy == nil && sharedWith == nil }
}

/// Role x organisation x sharing x action. Controllers and templates ask this;
/// nothing else decides access.
public enum AccessPolicy {
    public static func decide(_ action: Action, for actor: Actor?) -> Decision {
        if action == .submitPublicReport || action == .applyForCaseReview { return .allow }
        guard let actor else { return .forbid }
        switch action {
        case .viewHome, .changeOwnPassword:
            return .allow
        case .manageOrganisations, .manageUsers:
            return actor.has(.administrator) ? .allow : .forbid
        case .readAuditTrail:
            return actor.has(.administrator) || actor.has(.auditor) ? .allow : .forbid
        case .listCases:
            return caseListScope(for: actor).isEmpty ? .forbid : .allow
        case .viewCase(let facts):
            return canSee(facts, actor: actor) ? .allow : .hide
        case .submitPublicReport:
            return .allow
        case .recordReport, .findPeople, .viewOwnQueue:
            return actor.hasCaseworkRole ? .allow : .forbid
        case .triageReports:
            return actor.roles.isDisjoint(with: triageRoles) ? .forbid : .allow
        case .allocateCases:
            return actor.has(.teamManager) || actor.has(.seniorOfficer) ? .allow : .forbid
        case .workCase(let facts):
            guard canSee(facts, actor: actor) else { return .hide }
            // Partners read shared cases; the owning team changes them.
            return actor.hasCaseworkRole && facts.owningOrganisationID == actor.organisationID ? .allow : .forbid
        case .manageReferenceData:
            return actor.has(.administrator) ? .allow : .forbid
        case .viewChronology:
            return actor.hasCaseworkRole || actor.has(.partnerPractitioner) ? .allow : .forbid
        case .manageRetention, .manageSubjectAccess:
            return actor.has(.administrator) || actor.has(.informationGovernanceLead) ? .allow : .forbid
        case .decidePanelReferral(let facts), .recordOversight(let facts):
            let work = decide(.workCase(facts), for: actor)
            guard work == .allow else { return work }
            return actor.roles.isDisjoint(with: managerRoles) ? .forbid : .allow
        case .overseeCases:
            return actor.roles.isDisjoint(with: managerRoles) ? .forbid : .allow
        case .decideLegalReview(let facts, let caseOfficerID, let preparedByID):
            let work = decide(.workCase(facts), for: actor)
            guard work == .allow else { return work }
            if actor.roles.isDisjoint(with: managerRoles) { return .forbid }
            return actor.userID == caseOfficerID || actor.userID == preparedByID ? .forbid : .allow
        case .viewLegalRegister, .viewReports:
            return actor.hasCaseworkRole ? .allow : .forbid
        case .decideClosure(let facts, let proposedByID):
            let work = decide(.workCase(facts), for: actor)
            guard work == .allow else { return work }
            if actor.roles.isDisjoint(with: managerRoles) { return .forbid }
            return actor.userID == proposedByID ? .forbid : .allow
        case .reopenCase(let facts):
            return decide(.workCase(facts), for: actor)
        case .viewTeamWork:
            return actor.roles.isDisjoint(with: managerRoles) ? .forbid : .allow
        case .viewMentalHealth(let facts):
            // Hidden (404) from anyone without a need to know, even if they can see the case: a partner needs a
            // share that opens special category data (an agreement with an Article 9 condition).
            if ownTeamNeedsToKnow(facts, actor: actor) { return .allow }
            return partnerSees(.specialCategory, of: facts, actor: actor) ? .allow : .hide
        case .viewSection(let facts, let section):
            guard canSee(facts, actor: actor) else { return .hide }
            if actor.hasCaseworkRole && facts.owningOrganisationID == actor.organisationID {
                // Special category data is need to know even inside the owning team.
                return section == .specialCategory && !ownTeamNeedsToKnow(facts, actor: actor) ? .hide : .allow
            }
            return partnerSees(section, of: facts, actor: actor) ? .allow : .hide
        case .contribute(let facts, let section):
            guard canSee(facts, actor: actor) else { return .hide }
            if facts.owningOrganisationID == actor.organisationID {
                return actor.hasCaseworkRole ? .allow : .forbid
            }
            return partnerSees(section, of: facts, actor: actor) ? .allow : .hide
        case .completeOwnedWork(let facts, let owner):
            guard canSee(facts, actor: actor) else { return .hide }
            if facts.owningOrganisationID == actor.organisationID {
                return actor.hasCaseworkRole ? .allow : .forbid
            }
            guard partnerSees(.casework, of: facts, actor: actor) else { return .hide }
            return owner == actor.organisationID ? .allow : .forbid
        case .shareCase(let facts):
            let work = decide(.workCase(facts), for: actor)
            guard work == .allow else { return work }
            return actor.roles.isDisjoint(with: sharingRoles) ? .forbid : .allow
        case .overrideConsent(let facts):
            let work = decide(.workCase(facts), for: actor)
            guard work == .allow else { return work }
            return actor.roles.isDisjoint(with: managerRoles) ? .forbid : .allow
        case .manageSharingAgreements:
            return actor.has(.administrator) ? .allow : .forbid
        case .viewDisclosureLog(let facts):
            guard canSee(facts, actor: actor) else { return .hide }
            return actor.hasCaseworkRole && facts.owningOrganisationID == actor.organisationID ? .allow : .hide
        case .answerReferrals(let organisationID):
            guard actor.organisationID == organisationID else { return .hide }
            return actor.has(.partnerPractitioner) || actor.hasCaseworkRole ? .allow : .forbid
        case .viewReferralQueue:
            return actor.has(.partnerPractitioner) || actor.hasCaseworkRole ? .allow : .forbid
        case .viewPartnerWork:
            return actor.has(.partnerPractitioner) ? .allow : .forbid
        case .recordMentalHealth(let facts):
            guard canSee(facts, actor: actor) else { return .hide }
            return ownTeamNeedsToKnow(facts, actor: actor) ? .allow : .forbid
        case .managePanels:
            return actor.has(.administrator) ? .allow : .forbid
        case .viewPanels:
            return actor.hasCaseworkRole || actor.has(.partnerPractitioner) ? .allow : .forbid
        case .viewPanel(let panel):
            guard actor.hasCaseworkRole || actor.has(.partnerPractitioner) else { return .hide }
            return panel.isMember(actor.organisationID) ? .allow : .hide
        case .runPanel(let panel):
            let view = decide(.viewPanel(panel), for: actor)
            guard view == .allow else { return view }
            guard actor.organisationID == panel.hostOrganisationID, actor.hasCaseworkRole else { return .forbid }
            return actor.has(.panelCoordinator) || actor.userID == panel.coordinatorID ? .allow : .forbid
        case .approveMinutes(let panel):
            let view = decide(.viewPanel(panel), for: actor)
            guard view == .allow else { return view }
            return panel.chairID != nil && actor.userID == panel.chairID ? .allow : .forbid
        case .referToPanel(let facts, let panel):
            let work = decide(.workCase(facts), for: actor)
            guard work == .allow else { return work }
            return panel.isMember(facts.owningOrganisationID) ? .allow : .forbid
        case .viewPanelItem(let panel, let facts):
            let view = decide(.viewPanel(panel), for: actor)
            guard view == .allow else { return view }
            return PanelRules.seesItem(facts, organisationID: actor.organisationID) ? .allow : .hide
        case .applyForCaseReview:
            return .allow
        case .manageCaseReviewArrangements:
            return actor.has(.administrator) ? .allow : .forbid
        case .openCaseReviews:
            return actor.hasCaseworkRole || actor.has(.partnerPractitioner) ? .allow : .forbid
        case .viewCaseReviews(let review):
            guard review.spocOrganisationID == actor.organisationID else { return .forbid }
            return actor.hasCaseworkRole ? .allow : .forbid
        case .viewCaseReview(let review):
            return review.isInvolved(actor) ? .allow : .hide
        case .runCaseReview(let review):
            guard review.isInvolved(actor) else { return .hide }
            return review.spocOrganisationID == actor.organisationID && actor.has(.caseReviewContact)
                ? .allow : .forbid
        case .answerCaseReviewRequest(let review, let organisationID):
            guard review.isInvolved(actor) else { return .hide }
            return actor.organisationID == organisationID
                && (actor.hasCaseworkRole || actor.has(.partnerPractitioner)) ? .allow : .forbid
        case .signOffResolution(let review):
            guard review.isInvolved(actor) else { return .hide }
            return review.chairID != nil && review.chairID == actor.userID ? .allow : .forbid
        case .hearAppeal(let review):
            guard review.isInvolved(actor) else { return .hide }
            return review.appealOfficerID != nil && review.appealOfficerID == actor.userID ? .allow : .forbid
        }
    }

    /// Those who oversee casework and make the senior decisions (Lambeth 3.3.2, 3.3.4).
    public static let managerRoles: Set<Role> = [.seniorOfficer, .teamManager]

    /// Those who may share a case or end a share: the officers who run cases (issue 19: "the case officer or a
    /// senior officer"), not call handlers or panel coordinators.
    static let sharingRoles: Set<Role> = [.caseOfficer, .seniorOfficer, .teamManager]

    /// A partner practitioner whose organisation's active share of the case opens the section.
    static func partnerSees(_ section: ShareSection, of facts: CaseAccessFacts, actor: Actor) -> Bool {
        actor.has(.partnerPractitioner) && facts.sections(sharedWith: actor.organisationID).contains(section)
    }

    /// The owning team's case officers, senior officers and managers work with
    /// the person directly; call handlers, panel coordinators and Case Review
    /// contacts do not need the detail of someone's mental health.
    static func ownTeamNeedsToKnow(_ facts: CaseAccessFacts, actor: Actor) -> Bool {
        facts.owningOrganisationID == actor.organisationID
            && !actor.roles.isDisjoint(with: [.caseOfficer, .seniorOfficer, .teamManager])
    }

    /// Casework roles see their own organisation's cases and cases shared with
    /// it; a partner practitioner sees only what is shared with their
    /// organisation. Administrators and auditors run the system but do not read
    /// casework (data minimisation).
    public static func caseListScope(for actor: Actor) -> CaseListScope {
        if actor.hasCaseworkRole {
            return CaseListScope(ownedBy: actor.organisationID, sharedWith: actor.organisationID)
        }
        if actor.has(.partnerPractitioner) {
            return CaseListScope(ownedBy: nil, sharedWith: actor.organisationID)
        }
        return .nothing
    }

    /// Triage is done by those who take reports and those who run cases (Lambeth 3.2).
    static let triageRoles: Set<Role> = [.callHandler, .caseOfficer, .seniorOfficer, .teamManager]

    static func canSee(_ facts: CaseAccessFacts, actor: Actor) -> Bool {
        let scope = caseListScope(for: actor)
        if let owner = scope.ownedBy, owner == facts.owningOrganisationID { return true }
        if let shared = scope.sharedWith, facts.sharedWithOrganisationIDs.contains(shared) { return true }
        return false
    }
}
