import Foundation
import Testing

@testable import TandemCore

@Suite("Access policy")
struct AccessPolicyTests {
    static let council = UUID()
    static let police = UUID()
    static let housing = UUID()

    static func actor(_ roles: Role..., in organisation: UUID = council) -> Actor {
        Actor(userID: UUID(), organisationID: organisation, roles: Set(roles))
    }

    static let ownCase = CaseAccessFacts(owningOrganisationID: council)
    static let sharedWithPolice = CaseAccessFacts(owningOrganisationID: council, sharedWithOrganisationIDs: [police])
    static let housingCase = CaseAccessFacts(owningOrganisationID: housing)

    @Test("signed out may do nothing")
    func signedOut() {
        for action in [Action.viewHome, .manageUsers, .readAuditTrail, .listCases, .viewCase(Self.ownCase)] {
            #expect(AccessPolicy.decide(action, for: nil) == .forbid)
        }
    }

    @Test(
        "each role against each action",
        arguments: Role.allCases)
    func roleTable(role: Role) {
        // Setup: the partner practitioner works for the police; everyone else for the council.
        let organisation = role == .partnerPractitioner ? Self.police : Self.council
        let actor = Self.actor(role, in: organisation)
        let casework = role.isCasework
        // Act / Check
        #expect(AccessPolicy.decide(.viewHome, for: actor) == .allow)
        #expect(AccessPolicy.decide(.changeOwnPassword, for: actor) == .allow)
        #expect(AccessPolicy.decide(.manageUsers, for: actor) == (role == .administrator ? .allow : .forbid))
        #expect(AccessPolicy.decide(.manageOrganisations, for: actor) == (role == .administrator ? .allow : .forbid))
        #expect(
            AccessPolicy.decide(.readAuditTrail, for: actor)
                == ([.administrator, .auditor].contains(role) ? .allow : .forbid))
        #expect(
            AccessPolicy.decide(.listCases, for: actor)
                == (casework || role == .partnerPractitioner ? .allow : .forbid))
        #expect(AccessPolicy.decide(.viewCase(Self.ownCase), for: actor) == (casework ? .allow : .hide))
        #expect(
            AccessPolicy.decide(.viewCase(Self.sharedWithPolice), for: actor)
                == (casework || role == .partnerPractitioner ? .allow : .hide))
        #expect(AccessPolicy.decide(.viewCase(Self.housingCase), for: actor) == .hide)
        #expect(
            AccessPolicy.decide(.viewChronology, for: actor)
                == (casework || role == .partnerPractitioner ? .allow : .forbid))
        for action in [Action.manageRetention, .manageSubjectAccess] {
            #expect(
                AccessPolicy.decide(action, for: actor)
                    == ([.administrator, .informationGovernanceLead].contains(role) ? .allow : .forbid))
        }
    }

    @Test("a partner practitioner sees nothing of a case that is not shared with their organisation")
    func partnerNeedsSharing() {
        let practitioner = Self.actor(.partnerPractitioner, in: Self.police)
        #expect(AccessPolicy.decide(.viewCase(Self.ownCase), for: practitioner) == .hide)
        #expect(AccessPolicy.caseListScope(for: practitioner) == CaseListScope(ownedBy: nil, sharedWith: Self.police))
    }

    @Test("a housing provider officer sees council cases only once shared with the housing provider")
    func sharedAcrossOwners() {
        let officer = Self.actor(.caseOfficer, in: Self.housing)
        let shared = CaseAccessFacts(owningOrganisationID: Self.council, sharedWithOrganisationIDs: [Self.housing])
        #expect(AccessPolicy.decide(.viewCase(Self.ownCase), for: officer) == .hide)
        #expect(AccessPolicy.decide(.viewCase(shared), for: officer) == .allow)
    }
}

@Suite("Administration rules")
struct AdministrationRulesTests {
    let admin = Actor(userID: UUID(), organisationID: UUID(), roles: [.administrator])

    @Test("an administrator cannot remove their own administrator role, but can another's")
    func ownRole() {
        #expect(
            AdministrationRules.checkRoles([.auditor], forUser: admin.userID, by: admin) == .removeOwnAdministratorRole)
        #expect(AdministrationRules.checkRoles([.administrator, .auditor], forUser: admin.userID, by: admin) == nil)
        #expect(AdministrationRules.checkRoles([.auditor], forUser: UUID(), by: admin) == nil)
    }

    @Test("an administrator cannot deactivate themselves or their own organisation")
    func deactivation() {
        #expect(AdministrationRules.checkDeactivation(ofUser: admin.userID, by: admin) == .deactivateSelf)
        #expect(AdministrationRules.checkDeactivation(ofUser: UUID(), by: admin) == nil)
        #expect(
            AdministrationRules.checkOrganisation(admin.organisationID, active: false, by: admin)
                == .deactivateOwnOrganisation)
        #expect(AdministrationRules.checkOrganisation(admin.organisationID, active: true, by: admin) == nil)
        #expect(AdministrationRules.checkOrganisation(UUID(), active: false, by: admin) == nil)
    }
}

@Suite("Access policy: legal action")
struct LegalAccessPolicyTests {
    let council = UUID()

    @Test("a senior officer from the owning team signs off a review, unless it is their case or their review")
    func reviewSignOff() {
        // Setup
        let facts = CaseAccessFacts(owningOrganisationID: council)
        let officer = Actor(userID: UUID(), organisationID: council, roles: [.caseOfficer])
        let senior = Actor(userID: UUID(), organisationID: council, roles: [.seniorOfficer])
        let seniorElsewhere = Actor(userID: UUID(), organisationID: UUID(), roles: [.seniorOfficer])
        func decide(_ actor: Actor, caseOfficer: UUID?, preparedBy: UUID) -> Decision {
            AccessPolicy.decide(
                .decideLegalReview(facts, caseOfficerID: caseOfficer, preparedByID: preparedBy), for: actor)
        }
        // Act and check
        #expect(decide(senior, caseOfficer: officer.userID, preparedBy: officer.userID) == .allow)
        #expect(decide(officer, caseOfficer: officer.userID, preparedBy: officer.userID) == .forbid)
        #expect(decide(officer, caseOfficer: UUID(), preparedBy: UUID()) == .forbid)
        #expect(decide(senior, caseOfficer: senior.userID, preparedBy: officer.userID) == .forbid)
        #expect(decide(senior, caseOfficer: officer.userID, preparedBy: senior.userID) == .forbid)
        #expect(decide(seniorElsewhere, caseOfficer: officer.userID, preparedBy: officer.userID) == .hide)
        #expect(AccessPolicy.decide(.viewLegalRegister, for: officer) == .allow)
        #expect(
            AccessPolicy.decide(
                .viewLegalRegister, for: Actor(userID: UUID(), organisationID: council, roles: [.auditor])) == .forbid)
    }
}
