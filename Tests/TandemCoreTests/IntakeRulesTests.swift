import Foundation
import Testing

@testable import TandemCore

@Suite("Intake rules: triage, dates, people and postcodes")
struct IntakeRulesTests {
    let today = CivilDate(2026, 11, 23)

    @Test("a behaviour date must be real, not in the future and not absurdly old")
    func behaviourDates() {
        #expect(BehaviourDate.parse(day: "23", month: "11", year: "2026", today: today) == .success(today))
        #expect(BehaviourDate.parse(day: "24", month: "11", year: "2026", today: today) == .failure(.inFuture))
        #expect(BehaviourDate.parse(day: "31", month: "2", year: "2026", today: today) == .failure(.impossible))
        #expect(
            BehaviourDate.parse(day: "29", month: "2", year: "2024", today: today) == .success(CivilDate(2024, 2, 29)))
        #expect(BehaviourDate.parse(day: "29", month: "2", year: "2025", today: today) == .failure(.impossible))
        #expect(BehaviourDate.parse(day: "", month: "", year: "", today: today) == .failure(.missing))
        #expect(BehaviourDate.parse(day: "1", month: "", year: "2026", today: today) == .failure(.malformed))
        #expect(BehaviourDate.parse(day: "1", month: "1", year: "26", today: today) == .failure(.malformed))
        #expect(BehaviourDate.parse(day: "١", month: "1", year: "2026", today: today) == .failure(.malformed))
        #expect(BehaviourDate.parse(day: "1", month: "1", year: "2015", today: today) == .failure(.tooOld))
    }

    func decision(
        _ outcome: TriageOutcome, reason: String = "Because", risk: RiskLevel? = .low, chosen: Bool = false,
        hate: Bool = false
    ) -> TriageRules.Decision {
        .init(outcome: outcome, reason: reason, risk: risk, existingCaseChosen: chosen, isHateIncident: hate)
    }

    @Test("every triage decision needs a reason; opening needs a risk; joining needs a case")
    func triageNeeds() {
        #expect(TriageRules.problems(decision(.notASB)).isEmpty)
        #expect(TriageRules.problems(decision(.notASB, reason: "  ")).map(\.field) == ["reason"])
        #expect(TriageRules.problems(decision(.openCase, risk: nil)).map(\.field) == ["risk"])
        #expect(TriageRules.problems(decision(.addToCase)).map(\.field) == ["case_id"])
        #expect(TriageRules.problems(decision(.addToCase, chosen: true)).isEmpty)
    }

    @Test("a hate incident is never low-level or not ASB, and always also goes to the police")
    func hateIncidents() {
        #expect(TriageRules.problems(decision(.notASB, hate: true)).map(\.field) == ["outcome"])
        #expect(TriageRules.problems(decision(.housingLowLevel, hate: true)).map(\.field) == ["outcome"])
        #expect(TriageRules.problems(decision(.openCase, hate: true)).isEmpty)
        #expect(TriageRules.alsoReferToPolice(decision(.openCase, hate: true)))
        #expect(!TriageRules.alsoReferToPolice(decision(.referPolice, hate: true)))
        #expect(!TriageRules.alsoReferToPolice(decision(.openCase)))
    }

    @Test("likely matches need the name to agree and rank by date of birth and postcode")
    func personMatching() {
        let a = UUID()
        let b = UUID()
        let c = UUID()
        let d = UUID()
        let candidates = [
            PersonMatching.Candidate(
                id: a, name: "Maria López", dateOfBirth: CivilDate(1980, 5, 1), postcode: "RV1 4AA"),
            PersonMatching.Candidate(id: b, name: "M. Lopez", dateOfBirth: nil, postcode: nil),
            PersonMatching.Candidate(id: c, name: "Maria Lopez", dateOfBirth: CivilDate(1991, 1, 1), postcode: nil),
            PersonMatching.Candidate(id: d, name: "Kevin Doyle", dateOfBirth: nil, postcode: "RV1 4AA"),
        ]
        let found = PersonMatching.matches(
            name: "  maria   LOPEZ ", dateOfBirth: CivilDate(1980, 5, 1), postcode: "rv14aa", among: candidates)
        #expect(found.map(\.id) == [a, b])
        #expect(found[0].reasons == ["same name", "same date of birth", "same postcode"])
        #expect(found[1].reasons == ["same family name and initial"])
        #expect(PersonMatching.nameKey("O'Brien-Smith, Seán") == "o brien smith sean")
        #expect(PersonMatching.matches(name: "", dateOfBirth: nil, postcode: nil, among: candidates).isEmpty)
    }

    @Test("postcodes compare without spaces or case, and obvious nonsense is refused")
    func postcodes() {
        #expect(Postcode.key(" rv1 4aa ") == "RV14AA")
        #expect(Postcode.isPlausible("RV1 4AA"))
        #expect(Postcode.isPlausible("sw1a1aa"))
        #expect(!Postcode.isPlausible("12345"))
        #expect(!Postcode.isPlausible("<script>"))
        #expect(!Postcode.isPlausible("RV1 4A"))
    }

    @Test("hate strands store and parse in a fixed order, ignoring unknown values")
    func strands() {
        #expect(HateStrand.store([.religion, .race]) == "race,religion")
        #expect(HateStrand.parse("race,bogus,disability") == [.race, .disability])
        #expect(DefaultCategories.names.count == 15)
        #expect(DefaultCategories.names.contains(DefaultCategories.hateCategory))
    }

    @Test("intake actions by role")
    func intakePolicy() {
        let org = UUID()
        func actor(_ role: Role) -> Actor { Actor(userID: UUID(), organisationID: org, roles: [role]) }
        #expect(AccessPolicy.decide(.submitPublicReport, for: nil) == .allow)
        #expect(AccessPolicy.decide(.recordReport, for: nil) == .forbid)
        #expect(AccessPolicy.decide(.triageReports, for: actor(.callHandler)) == .allow)
        #expect(AccessPolicy.decide(.triageReports, for: actor(.panelCoordinator)) == .forbid)
        #expect(AccessPolicy.decide(.allocateCases, for: actor(.teamManager)) == .allow)
        #expect(AccessPolicy.decide(.allocateCases, for: actor(.caseOfficer)) == .forbid)
        let facts = CaseAccessFacts(owningOrganisationID: org)
        #expect(AccessPolicy.decide(.workCase(facts), for: actor(.caseOfficer)) == .allow)
        let partner = Actor(userID: UUID(), organisationID: UUID(), roles: [.partnerPractitioner])
        let shared = CaseAccessFacts(owningOrganisationID: org, sharedWithOrganisationIDs: [partner.organisationID])
        #expect(AccessPolicy.decide(.workCase(shared), for: partner) == .forbid)
        #expect(AccessPolicy.decide(.workCase(facts), for: partner) == .hide)
        #expect(AccessPolicy.decide(.manageReferenceData, for: actor(.administrator)) == .allow)
        #expect(AccessPolicy.decide(.findPeople, for: actor(.auditor)) == .forbid)
    }

    @Test("opening a second case for parties with an open one must be confirmed")
    func separateCase() {
        var open = decision(.openCase)
        open.openCaseForSameParties = "ASB-2026-00002"
        #expect(TriageRules.problems(open).map(\.field) == ["outcome"])
        #expect(TriageRules.problems(open)[0].message.contains("ASB-2026-00002"))
        open.separateCaseConfirmed = true
        #expect(TriageRules.problems(open).isEmpty)
        var join = decision(.addToCase, chosen: true)
        join.openCaseForSameParties = "ASB-2026-00002"
        #expect(TriageRules.problems(join).isEmpty)
    }

    @Test("the victim's hate flag survives triage; triage can add one")
    func hatePerception() {
        #expect(
            TriageRules.isHateIncident(
                reportedAsHate: true, flaggedAtTriage: false, strands: [], hateCategoryChosen: false))
        #expect(
            TriageRules.isHateIncident(
                reportedAsHate: false, flaggedAtTriage: false, strands: [.race], hateCategoryChosen: false))
        #expect(
            TriageRules.isHateIncident(
                reportedAsHate: false, flaggedAtTriage: false, strands: [], hateCategoryChosen: true))
        #expect(
            !TriageRules.isHateIncident(
                reportedAsHate: false, flaggedAtTriage: false, strands: [], hateCategoryChosen: false))
    }

    @Test("response targets: aim no later than the limit, higher risk no later than lower")
    func policyConsistency() {
        #expect(ResponsePolicy.problems(ResponsePolicy.lambethDefault.targets).isEmpty)
        var targets = ResponsePolicy.lambethDefault.targets
        targets[.medium]!.targetWorkingDays = 6
        #expect(ResponsePolicy.problems(targets).map(\.risk) == [.medium])
        targets = ResponsePolicy.lambethDefault.targets
        targets[.high]!.limitWorkingDays = 7
        targets[.high]!.targetWorkingDays = 7
        let problems = ResponsePolicy.problems(targets)
        #expect(problems.count == 1)
        #expect(problems[0].isLimit && problems[0].risk == .high)
    }

    @Test("public reports: five an hour and twenty a day per address")
    func publicLimit() {
        let limit = PublicReportLimit()
        #expect(limit.allowsAnother(inLastHour: 4, inLastDay: 4))
        #expect(!limit.allowsAnother(inLastHour: 5, inLastDay: 5))
        #expect(limit.allowsAnother(inLastHour: 0, inLastDay: 19))
        #expect(!limit.allowsAnother(inLastHour: 0, inLastDay: 20))
    }
}
