import Fluent
import Foundation
import TandemCore
import Vapor

/// Legal action at different stages in the demo borough: Canal Street has a
/// signed-off review, an injunction granted with a power of arrest, a breach
/// and costs; Lock Gardens has a review waiting for sign-off; Heron Court has
/// a dispersal requested from the police. Marsh House is left for the walkthrough.
enum DemoEnforcement {
    static func seed(cases: [String: CaseRecord], userIDs: [String: UUID], in work: UnitOfWork) async throws {
        let now = work.now
        let db = work.db
        let calendar = try await IntakePolicy.load(on: db).calendar
        let powers = Dictionary(
            uniqueKeysWithValues: try await LegalPower.query(on: db).all().map { ($0.key, $0) })
        let officer = userIDs["officer@riverside.example"]!
        let manager = userIDs["manager@riverside.example"]!
        func days(_ count: Double) -> Date { now.addingTimeInterval(-count * 86_400) }
        func day(_ date: Date) -> CivilDate { calendar.local(date).day }
        func writer(_ record: CaseRecord, _ user: UUID) throws -> DemoCasework.Writer {
            DemoCasework.Writer(
                caseID: try record.requireID(), reference: record.reference, userID: user, calendar: calendar,
                work: work)
        }
        func respondent(_ record: CaseRecord) async throws -> CaseParty? {
            try await CaseParty.query(on: db).filter(\.$caseRecord.$id == record.requireID())
                .filter(\.$role == PartyRole.respondent).first()
        }
        func review(_ w: DemoCasework.Writer, power: LegalPower, party: CaseParty?, at: Date, signedOff: Date?)
            async throws -> ProportionalityReview
        {
            let review = ProportionalityReview()
            review.$caseRecord.id = w.caseID
            review.$power.id = try power.requireID()
            review.$party.id = party?.id
            var answers = Dictionary(
                uniqueKeysWithValues: ReviewQuestion.allCases.map {
                    ($0, "Considered with the case file: nothing further on this point.")
                })
            answers[.disability] = "No disability known; checked with adult social care and the CMHT."
            answers[.alternatives] = "Written warning and an acceptable behaviour agreement were tried and breached."
            answers[.representations] = "Not a mandatory ground: does not apply."
            review.answers = ProportionalityReview.encode(answers)
            review.confirmed = ChecklistItem.allCases.map(\.rawValue).joined(separator: ",")
            review.status = signedOff == nil ? .awaitingSignOff : .signedOff
            review.preparedAt = at
            review.$preparedBy.id = officer
            if let signedOff {
                review.decidedAt = signedOff
                review.$decidedBy.id = manager
                review.decisionReason = "Support has been offered and refused; the injunction is proportionate."
            }
            try await w.created(review, at: at)
            try await w.event(.legalReview, "Proportionality review for \(power.name.lowercased()) completed", at: at)
            return review
        }
        func measure(
            _ w: DemoCasework.Writer, power: LegalPower, party: CaseParty?, review: ProportionalityReview?,
            instructed: Date, status: MeasureStatus, scope: MeasureScope? = nil, court: String? = nil
        ) async throws -> LegalMeasure {
            let measure = LegalMeasure()
            measure.$caseRecord.id = w.caseID
            measure.$power.id = try power.requireID()
            measure.$party.id = party?.id
            measure.$review.id = review?.id
            measure.status = status
            measure.instructedOn = day(instructed)
            measure.likelihood = .strong
            measure.likelihoodNotes = "Discussed with legal services: direct witness evidence and a breached agreement."
            measure.scope = scope
            measure.court = court
            measure.recordedAt = instructed
            measure.$recordedBy.id = officer
            measure.updatedAt = instructed
            try await w.created(measure, at: instructed)
            try await w.event(.legalMeasure, "Legal measure instructed: \(power.name)", at: instructed)
            return measure
        }

        if let id = cases["canal"]?.id, let canal = try await CaseRecord.find(id, on: db),
            let injunction = powers[LegalPowerCatalogue.civilInjunctionKey]
        {
            let w = try writer(canal, officer)
            let party = try await respondent(canal)
            let signed = try await review(w, power: injunction, party: party, at: days(6), signedOff: days(5))
            let row = try await measure(
                w, power: injunction, party: party, review: signed, instructed: days(5), status: .orderMade,
                scope: .individual, court: "County court or High Court")
            let hearing = CourtHearing()
            hearing.$caseRecord.id = w.caseID
            hearing.$measure.id = try row.requireID()
            hearing.heardOn = day(days(2))
            hearing.court = "Riverside County Court"
            hearing.hearingType = .withoutNotice
            hearing.outcome = .granted
            hearing.recordedAt = days(2)
            hearing.$recordedBy.id = officer
            try await w.created(hearing, at: days(2))
            let order = CourtOrder()
            order.$caseRecord.id = w.caseID
            order.$measure.id = try row.requireID()
            order.madeOn = day(days(2))
            order.startsOn = day(days(2))
            let expires = day(days(2)).adding(days: 365)
            order.expiresOn = expires
            order.reminderOn = CourtRules.reminderOn(expiresOn: expires)
            order.prohibitions =
                "Not to enter Canal Street block B.\nNot to contact Arthur Finch directly or indirectly."
            order.requirements = "Attend the drug and alcohol service's assessment."
            order.powerOfArrest = true
            order.arrestTerms = "Both prohibitions"
            order.recordedAt = days(2)
            order.$recordedBy.id = officer
            try await w.created(order, at: days(2))
            try await w.event(.courtOrder, "Order made: civil injunction, with a power of arrest", at: days(2))
            let breach = OrderBreach()
            breach.$caseRecord.id = w.caseID
            breach.$order.id = try order.requireID()
            breach.occurredOn = day(days(1))
            breach.evidence = "Seen in block B by the concierge; CCTV requested."
            breach.policeInvolved = true
            breach.policeReference = "CAD 4471"
            breach.actionTaken = "Arrested under the power of arrest; committal application being considered."
            breach.recordedAt = days(1)
            breach.$recordedBy.id = officer
            try await w.created(breach, at: days(1))
            for (kind, pence) in [(CostKind.legal, 185_000), (.court, 30_800), (.officerTime, 42_000)] {
                let cost = LegalCost()
                cost.$caseRecord.id = w.caseID
                cost.$measure.id = row.id
                cost.kind = kind
                cost.amountPence = pence
                cost.incurredOn = day(days(2))
                cost.note = kind == .officerTime ? "14 hours" : nil
                cost.recordedAt = days(2)
                cost.$recordedBy.id = officer
                try await w.created(cost, at: days(2))
            }
        }
        if let id = cases["lock"]?.id, let lock = try await CaseRecord.find(id, on: db), let lba = powers["lba"] {
            let w = try writer(lock, officer)
            _ = try await review(w, power: lba, party: try await respondent(lock), at: days(1), signedOff: nil)
        }
        if let id = cases["heron"]?.id, let heron = try await CaseRecord.find(id, on: db),
            let dispersal = powers["dispersal"]
        {
            let w = try writer(heron, manager)
            _ = try await measure(
                w, power: dispersal, party: nil, review: nil, instructed: days(3), status: .instructed)
        }
    }
}
