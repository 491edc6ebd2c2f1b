import Foundation
import Testing

@testable import TandemCore

/// The policy as a table over every section, every share scope and every role (issue 19, item 2).
@Suite("Sharing policy")
struct SharingPolicyTests {
    static let council = UUID()
    static let police = UUID()
    static let other = UUID()

    /// Scopes a share can have: none, each section alone (with the summary every share opens), and all.
    static let scopes: [Set<ShareSection>?] =
        [nil] + ShareSection.allCases.map { Set([.summary, $0]) } + [Set(ShareSection.allCases)]

    static func facts(_ scope: Set<ShareSection>?) -> CaseAccessFacts {
        CaseAccessFacts(owningOrganisationID: council, shares: scope.map { [police: $0] } ?? [:])
    }

    @Test("each role reads and writes each section only as its share allows", arguments: Role.allCases)
    func table(role: Role) {
        for organisation in [Self.council, Self.police, Self.other] {
            let actor = Actor(userID: UUID(), organisationID: organisation, roles: [role])
            for scope in Self.scopes {
                let facts = Self.facts(scope)
                for section in ShareSection.allCases {
                    // Setup: what the table says.
                    let owner = organisation == Self.council && role.isCasework
                    let sharedPartner =
                        organisation == Self.police && role == .partnerPractitioner
                        && (scope?.contains(section) ?? false)
                    let needToKnow = [Role.caseOfficer, .seniorOfficer, .teamManager].contains(role)
                    let ownerReads = owner && (section != .specialCategory || needToKnow)
                    let seesCase =
                        owner || (organisation == Self.police && role == .partnerPractitioner && scope != nil)
                    // Act
                    let read = AccessPolicy.decide(.viewSection(facts, section), for: actor)
                    let write = AccessPolicy.decide(.contribute(facts, section), for: actor)
                    // Check
                    let context = "\(role) in \(organisation == Self.council ? "council" : "other"), \(section)"
                    #expect(read == (ownerReads || sharedPartner ? .allow : .hide), "\(context) read")
                    let expectedWrite: Decision =
                        owner || sharedPartner
                        ? .allow : (organisation == Self.council && seesCase ? .forbid : .hide)
                    if seesCase || owner || sharedPartner {
                        #expect(write == expectedWrite, "\(context) write")
                    } else {
                        #expect(write == .hide, "\(context) write")
                    }
                    if section == .specialCategory {
                        #expect(
                            AccessPolicy.decide(.viewMentalHealth(facts), for: actor) == read,
                            "\(context) mental health")
                    }
                }
            }
        }
    }

    @Test("a revoked or lapsed share is no share: the partner gets 404 for the case and every section")
    func noShare() {
        let practitioner = Actor(userID: UUID(), organisationID: Self.police, roles: [.partnerPractitioner])
        let facts = Self.facts(nil)
        #expect(AccessPolicy.decide(.viewCase(facts), for: practitioner) == .hide)
        for section in ShareSection.allCases {
            #expect(AccessPolicy.decide(.contribute(facts, section), for: practitioner) == .hide)
        }
        #expect(
            AccessPolicy.decide(.completeOwnedWork(facts, ownerOrganisationID: Self.police), for: practitioner) == .hide
        )
    }

    @Test("a partner completes only the work its own organisation owns, and only with casework in scope")
    func ownedWork() {
        let practitioner = Actor(userID: UUID(), organisationID: Self.police, roles: [.partnerPractitioner])
        let casework = Self.facts([.summary, .casework])
        let riskOnly = Self.facts([.summary, .risk])
        #expect(
            AccessPolicy.decide(.completeOwnedWork(casework, ownerOrganisationID: Self.police), for: practitioner)
                == .allow)
        #expect(
            AccessPolicy.decide(.completeOwnedWork(casework, ownerOrganisationID: Self.council), for: practitioner)
                == .forbid)
        #expect(
            AccessPolicy.decide(.completeOwnedWork(casework, ownerOrganisationID: nil), for: practitioner) == .forbid)
        #expect(
            AccessPolicy.decide(.completeOwnedWork(riskOnly, ownerOrganisationID: Self.police), for: practitioner)
                == .hide)
        let officer = Actor(userID: UUID(), organisationID: Self.council, roles: [.caseOfficer])
        #expect(
            AccessPolicy.decide(.completeOwnedWork(riskOnly, ownerOrganisationID: Self.police), for: officer) == .allow)
    }

    @Test("sharing is for those who run cases; the consent override is a senior decision", arguments: Role.allCases)
    func sharingRoles(role: Role) {
        let actor = Actor(userID: UUID(), organisationID: Self.council, roles: [role])
        let facts = Self.facts([.summary])
        let share = AccessPolicy.decide(.shareCase(facts), for: actor)
        let override = AccessPolicy.decide(.overrideConsent(facts), for: actor)
        let log = AccessPolicy.decide(.viewDisclosureLog(facts), for: actor)
        switch role {
        case .caseOfficer:
            #expect(share == .allow && override == .forbid && log == .allow)
        case .seniorOfficer, .teamManager:
            #expect(share == .allow && override == .allow && log == .allow)
        case .callHandler, .panelCoordinator, .caseReviewContact:
            #expect(share == .forbid && override == .forbid && log == .allow)
        case .partnerPractitioner, .informationGovernanceLead, .administrator, .auditor:
            #expect(share == .hide && override == .hide && log == .hide)
        }
        let partner = Actor(userID: UUID(), organisationID: Self.police, roles: [.partnerPractitioner])
        #expect(AccessPolicy.decide(.shareCase(facts), for: partner) == .forbid)
        #expect(AccessPolicy.decide(.viewDisclosureLog(facts), for: partner) == .hide)
        #expect(
            AccessPolicy.decide(.manageSharingAgreements, for: actor) == (role == .administrator ? .allow : .forbid))
    }

    @Test("referrals to an organisation are answered by its own people only")
    func referralQueue() {
        let practitioner = Actor(userID: UUID(), organisationID: Self.police, roles: [.partnerPractitioner])
        #expect(AccessPolicy.decide(.answerReferrals(organisationID: Self.police), for: practitioner) == .allow)
        #expect(AccessPolicy.decide(.answerReferrals(organisationID: Self.other), for: practitioner) == .hide)
        let auditor = Actor(userID: UUID(), organisationID: Self.police, roles: [.auditor])
        #expect(AccessPolicy.decide(.answerReferrals(organisationID: Self.police), for: auditor) == .forbid)
    }
}

extension SharingPolicyTests {
    @Test("the partner home is for partner practitioners; the referral queue for anyone who works cases")
    func partnerPages() {
        for role in Role.allCases {
            let actor = Actor(userID: UUID(), organisationID: Self.police, roles: [role])
            #expect(
                AccessPolicy.decide(.viewPartnerWork, for: actor) == (role == .partnerPractitioner ? .allow : .forbid))
            #expect(
                AccessPolicy.decide(.viewReferralQueue, for: actor)
                    == (role == .partnerPractitioner || role.isCasework ? .allow : .forbid))
        }
    }
}
