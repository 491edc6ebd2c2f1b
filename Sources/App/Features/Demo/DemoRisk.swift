import Fluent
import Foundation
import TandemCore
import Vapor

/// Risk in the demo borough, recorded through the same service as the web:
/// a High, a Medium and a Low assessed victim, a respondent with a mental
/// health dimension, an under-18 respondent, and a safety marker.
enum DemoRisk {
    /// Answers that score 31 (High): daily problems, violence, increasing risk, isolated.
    static let highAnswers: [String: String] = [
        "q1": "daily", "q2": "yes", "q3": "yes", "q4": "a_lot", "q5": "not_effective", "q6": "yes",
        "q7": "violent_crime", "q8": "no", "q9": "yes", "q10": "extremely", "q11": "physical", "q12": "no",
        "q13": "no_group", "q14": "weekly",
    ]
    /// Answers that score 15 (Medium): weekly noise, police not acting, affected a lot.
    static let mediumAnswers: [String: String] = [
        "q1": "weekly", "q2": "yes", "q3": "yes", "q4": "a_little", "q5": "no_action", "q6": "no", "q7": "nuisance",
        "q8": "no", "q9": "no", "q10": "a_lot", "q11": "no", "q12": "yes", "q13": "no_group", "q14": "occasionally",
    ]
    /// Answers that score 5 (Low): an occasional nuisance.
    static let lowAnswers: [String: String] = [
        "q1": "monthly", "q2": "no", "q3": "no", "q4": "no", "q5": "partly_effective", "q6": "no", "q7": "nuisance",
        "q8": "no", "q9": "no", "q10": "a_little", "q11": "no", "q12": "yes", "q13": "no_group", "q14": "occasionally",
    ]

    static func seed(cases: [String: CaseRecord], userIDs: [String: UUID], in work: UnitOfWork) async throws {
        let now = work.now
        let db = work.db
        let policy = try await IntakePolicy.load(on: db)
        func context(_ email: String, _ at: Date) -> RiskService.Context {
            RiskService.Context(userID: userIDs[email]!, actor: .system, now: at, calendar: policy.calendar)
        }
        let officer = "officer@riverside.example"
        let earlier = now.addingTimeInterval(-2 * 86_400)
        // Arthur Finch (canal): High, with the RED tasks and a safety marker on the respondent.
        if let canal = cases["canal"] {
            try await assess(
                canal, role: .reportingPerson, answers: highAnswers, context: context(officer, earlier), in: work)
            if let respondent = try await party(canal, .respondent, on: db), let personID = respondent.$person.id {
                let marker = SafetyMarker()
                marker.$person.id = personID
                marker.kind = .visitInPairs
                marker.note = "Threatened a housing officer in 2025"
                marker.addedAt = earlier
                marker.$addedBy.id = userIDs[officer]!
                try await work.at(earlier).insert(marker, "Demo: added safety marker")
            }
        }
        // Maria Lopez (marsh): Medium; Kevin Doyle's mental health may be a factor.
        if let marsh = cases["marsh"] {
            try await assess(
                marsh, role: .reportingPerson, answers: mediumAnswers, context: context(officer, earlier), in: work)
            if let respondent = try await party(marsh, .respondent, on: db) {
                try await assessRespondent(
                    marsh, respondent, factors: [.mentalHealth, .lifeEvents], risk: .medium,
                    checks: (.known, .notKnown, .notChecked), context: context(officer, earlier), in: work)
                let record = MentalHealthRecord()
                record.$caseRecord.id = try marsh.requireID()
                record.$party.id = try respondent.requireID()
                record.status = .suspected
                record.source =
                    "Mr Doyle told the officer at interview that he is under the community mental health team"
                record.lawfulBasis = .explicitConsent
                record.careCoordinator = "Riverside Community Mental Health Team, duty worker"
                record.capacityOutcome = .notRequested
                record.pathwayNotes = "Agreed to a joint visit with his care coordinator before any warning letter."
                record.recordedAt = earlier
                record.$recordedBy.id = userIDs[officer]!
                try await work.at(earlier).insert(record, "Demo: added mental health record")
            }
        }
        // Jenny Clarke (willow, Riverside Homes): Low.
        if let willow = cases["willow"] {
            try await assess(
                willow, role: .reportingPerson, answers: lowAnswers,
                context: context("housing@riverside.example", earlier),
                in: work)
        }
        // Heron Court: a 15-year-old identified in the group; the youth offending service is engaged.
        if let heron = cases["heron"], let group = try await party(heron, .respondent, on: db) {
            let manager = "manager@riverside.example"
            let person = Person(fullName: "Jayden Cole", at: earlier)
            person.age = 15
            try await work.at(earlier).insert(person, "Demo: added person record")
            let member = CaseParty(
                caseID: try heron.requireID(), personID: try person.requireID(), role: .respondent,
                respondentKind: .named, groupPartyID: try group.requireID(), at: earlier)
            try await work.at(earlier).insert(member, "Demo: added respondent to case")
            try await assessRespondent(
                heron, member, factors: [.ageAndMaturity, .exploitation], risk: .low,
                checks: (.notKnown, .notKnown, .known), context: context(manager, earlier), in: work)
        }
    }

    private static func party(_ record: CaseRecord, _ role: PartyRole, on db: any Database) async throws -> CaseParty? {
        try await CaseParty.query(on: db).filter(\.$caseRecord.$id == record.requireID())
            .filter(\.$role == role).with(\.$person).sort(\.$addedAt).first()
    }

    private static func assess(
        _ record: CaseRecord, role: PartyRole, answers: [String: String], context: RiskService.Context,
        in work: UnitOfWork
    ) async throws {
        guard let person = try await party(record, role, on: work.db)?.person,
            case .success(let result) = VulnerabilityAssessment.evaluate(
                .completed(answers: answers, adjustedBand: nil, adjustmentReason: nil),
                bands: try await RiskMatrixSettings.current(on: work.db))
        else { return }
        try await RiskService.recordAssessment(
            result, answers: answers, person: person, occasion: .firstInterview, on: record, context: context,
            in: work.at(context.now))
    }

    private static func assessRespondent(
        _ record: CaseRecord, _ party: CaseParty, factors: [RespondentFactor], risk: RiskLevel,
        checks: (ServiceCheck, ServiceCheck, ServiceCheck), context: RiskService.Context, in work: UnitOfWork
    ) async throws {
        let assessment = RespondentAssessmentRecord()
        assessment.$caseRecord.id = try record.requireID()
        assessment.$party.id = try party.requireID()
        assessment.riskPosed = risk
        assessment.riskPosedTo = RiskPosedTo.neighbours.rawValue
        assessment.factors = factors.map(\.rawValue).joined(separator: ",")
        assessment.checkMentalHealth = checks.0
        assessment.checkAdultSocialCare = checks.1
        assessment.checkChildrensSocialCare = checks.2
        let today = context.calendar.local(context.now).day
        assessment.under18 = RespondentRules.isUnder18(
            dateOfBirth: party.person?.dateOfBirth, age: party.person?.age,
            statedUnder18: false, on: today)
        assessment.assessedAt = context.now
        assessment.$assessedBy.id = context.userID
        // The risk context says when the assessment was made: its event and tasks are dated then too.
        let assessing = work.at(context.now)
        try await assessing.insert(assessment, "Demo: recorded respondent assessment")
        if assessment.under18 {
            try await RiskService.engageYouthOffending(caseID: try record.requireID(), context: context, in: assessing)
        }
    }
}
