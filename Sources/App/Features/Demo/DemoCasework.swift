import Fluent
import Foundation
import TandemCore
import Vapor

/// Casework in the demo borough, in different states: Canal Street (High)
/// with an agreed plan, contacts, a diary, evidence, a warning letter and a
/// referral waiting to be chased; Lock Gardens (four months old) with a
/// reviewed plan, a breached acceptable behaviour agreement and a closed
/// referral; Willow Road with its first contact and a noise team referral.
/// Marsh House is left without casework so the walkthrough can start there.
enum DemoCasework {
    struct Writer {
        var caseID: UUID
        var reference: String
        var userID: UUID
        var calendar: WorkingCalendar
        var work: UnitOfWork

        /// Inserts a record written at `at`, its event dated then too.
        func created<M: Audited>(_ model: M, at: Date) async throws {
            try await work.at(at).insert(
                model, "Demo: \(M.recordType.rawValue.replacingOccurrences(of: "_", with: " ")) on \(reference)")
        }

        func event(_ kind: CaseEventKind, _ text: String, at: Date) async throws {
            try await work.at(at).timeline(caseID, kind: kind, text, actorID: userID)
        }

        func day(_ date: Date) -> CivilDate { calendar.local(date).day }

        func plan(drawnUp: Date, evidence: String, actions: [(String, ActionOwner, String?, Int)], agreedBy: String?)
            async throws
        {
            let plan = ActionPlan()
            plan.$caseRecord.id = caseID
            plan.version = 1 + actions.count
            plan.drawnUpOn = day(drawnUp)
            plan.evidencePlan = evidence
            plan.contactFrequency = ContactFrequency.weekly.rawValue
            plan.contactMethod = .phone
            let first = PlanRules.firstReview(interviewedOn: calendar.local(drawnUp).day, calendar: calendar)
            plan.firstReviewOn = first
            plan.nextReviewOn = first
            if let agreedBy {
                plan.agreedBy = agreedBy
                plan.agreedOn = day(drawnUp)
                plan.agreedHow = .signedOnPaper
                plan.agreedVersion = plan.version
            }
            plan.createdAt = drawnUp
            plan.$createdBy.id = userID
            plan.updatedAt = drawnUp
            try await created(plan, at: drawnUp)
            for (description, owner, ownerName, dueDays) in actions {
                let action = PlanAction()
                action.$caseRecord.id = caseID
                action.description = description
                action.owner = owner
                action.ownerName = ownerName
                action.dueOn = calendar.local(drawnUp).day.adding(days: dueDays)
                action.status = .open
                action.addedAt = drawnUp
                action.$addedBy.id = userID
                try await created(action, at: drawnUp)
            }
            try await PlanHistory.keep(
                plan, change: "Action plan drawn up and agreed", userID: userID, in: work.at(drawnUp))
            try await event(
                .plan, "Action plan drawn up" + (agreedBy.map { " and agreed by \($0)" } ?? ""), at: drawnUp)
        }

        func contact(_ at: Date, _ channel: ContactChannel, _ with: String, _ summary: String, record: CaseRecord)
            async throws
        {
            let contact = ContactLog()
            contact.$caseRecord.id = caseID
            contact.contactedAt = at
            contact.channel = channel
            contact.withWhom = with
            contact.summary = summary
            contact.recordedAt = at
            contact.$recordedBy.id = userID
            try await created(contact, at: at)
            try await event(.contact, "Contact by \(channel.label.lowercased()) with \(with): \(summary)", at: at)
            if record.lastContactAt.map({ at > $0 }) ?? true {
                record.lastContactAt = at
                record.nextContactDueAt = ContactPromise.nextDue(after: at, every: .weekly, calendar: calendar)
                record.refreshNextDeadline()
            }
        }

        func diary(_ at: Date, _ what: String, effect: String?, source: DiarySource) async throws {
            let entry = DiaryEntry()
            entry.$caseRecord.id = caseID
            entry.occurredAt = at
            entry.whatHappened = what
            entry.effect = effect
            entry.source = source
            entry.recordedAt = at.addingTimeInterval(3600)
            if source == .officer { entry.$recordedBy.id = userID }
            try await created(entry, at: entry.recordedAt)
            // The officer was told of the resident's entry, as the resident's page tells them; not yet read.
            if source == .resident {
                try await Notifier.notify(
                    [userID],
                    .init(
                        kind: .residentDiary, caseID: caseID,
                        summary: "The reporting person added a diary entry on case \(reference)",
                        href: SiteURL.case(.value(caseID), .evidence).path),
                    base: DemoData.base, in: work.at(entry.recordedAt))
            }
        }

        func evidence(_ kind: EvidenceKind, _ title: String, on date: Date) async throws {
            let item = EvidenceItem()
            item.$caseRecord.id = caseID
            item.kind = kind
            item.title = title
            item.obtainedOn = day(date)
            item.addedAt = date
            item.$addedBy.id = userID
            item.fromResident = false
            try await created(item, at: date)
        }

        func referral(
            _ service: SupportService, party: UUID?, asked: String, sent: Date, status: ReferralStatus,
            outcome: String? = nil
        ) async throws {
            let referral = Referral()
            referral.$caseRecord.id = caseID
            referral.$party.id = party
            referral.service = service
            referral.asked = asked
            let sentOn = calendar.local(sent).day
            referral.sentOn = sentOn
            referral.replyDueOn = ReferralRules.defaultReplyDue(sentOn: sentOn, calendar: calendar)
            referral.status = status
            referral.outcome = outcome
            referral.recordedAt = sent
            referral.$recordedBy.id = userID
            referral.updatedAt = sent
            try await created(referral, at: sent)
            let update = ReferralUpdate()
            update.$caseRecord.id = caseID
            update.$referral.id = try referral.requireID()
            update.status = ReferralUpdateStatus(status)
            update.note = outcome ?? asked
            update.recordedAt = sent
            update.$recordedBy.id = userID
            try await created(update, at: sent)
            try await event(referral.timelineKind(else: .referral), "Referral to \(service.label): \(asked)", at: sent)
        }

        func intervention(
            _ kind: InterventionKind, party: UUID?, started: Date, terms: String?, engagement: Engagement,
            breach: (Date, String)? = nil
        ) async throws {
            let row = Intervention()
            row.$caseRecord.id = caseID
            row.$party.id = party
            row.kind = kind
            row.startedOn = day(started)
            row.terms = terms
            row.reviewOn = calendar.local(started).day.adding(days: 28)
            row.reportingConsents = false
            row.respondentConsents = false
            row.engagement = engagement
            row.status = .active
            row.recordedAt = started
            row.$recordedBy.id = userID
            try await created(row, at: started)
            try await event(.intervention, "Intervention started: \(kind.label)", at: started)
            if let (at, details) = breach {
                let entry = InterventionBreach()
                entry.$caseRecord.id = caseID
                entry.$intervention.id = try row.requireID()
                entry.occurredOn = day(at)
                entry.details = details
                entry.actionTaken = "Reminder of the agreement by phone"
                entry.recordedAt = at
                entry.$recordedBy.id = userID
                try await created(entry, at: at)
            }
        }
    }

    static func seed(cases: [String: CaseRecord], userIDs: [String: UUID], in work: UnitOfWork) async throws {
        let now = work.now
        let db = work.db
        let calendar = try await IntakePolicy.load(on: db).calendar
        func days(_ count: Double) -> Date { now.addingTimeInterval(-count * 86_400) }
        func parties(_ record: CaseRecord) async throws -> [CaseParty] {
            try await CaseParty.query(on: db).filter(\.$caseRecord.$id == record.requireID()).with(\.$person).all()
        }
        // Risk has already changed these cases: read them again so their deadlines are current.
        func fresh(_ key: String) async throws -> CaseRecord? {
            guard let id = cases[key]?.id else { return nil }
            return try await CaseRecord.find(id, on: db)
        }
        func writer(_ record: CaseRecord, _ email: String) throws -> Writer {
            Writer(
                caseID: try record.requireID(), reference: record.reference, userID: userIDs[email]!,
                calendar: calendar, work: work)
        }

        if let canal = try await fresh("canal") {
            let w = try writer(canal, "officer@riverside.example")
            let people = try await parties(canal)
            let respondent = people.first { $0.role == PartyRole.respondent }
            try await w.plan(
                drawnUp: days(7),
                evidence:
                    "Arthur keeps the diary with his carer's help; the officer requests the police disclosure and the CCTV from the block.",
                actions: [
                    ("Request police disclosure about Dean Walsh", .officer, nil, 5),
                    ("Keep the incident diary", .reportingPerson, nil, 14),
                    ("Install a door camera", .partner, "Riverside Homes repairs", 10),
                ], agreedBy: "Arthur Finch")
            try await w.contact(days(7), .visit, "Arthur Finch", "Home visit to agree the action plan.", record: canal)
            try await w.contact(days(3), .phone, "Arthur Finch", "Reassurance call; two more incidents.", record: canal)
            try await w.diary(
                days(4), "Shouting and kicking at my door at 11pm.", effect: "Could not sleep.", source: .resident)
            try await w.diary(
                days(2), "Threats in the stairwell as I came back from the shop.", effect: "Frightened to go out.",
                source: .officer)
            try await w.evidence(.witnessStatement, "Statement from the neighbour at number 6", on: days(3))
            try await w.evidence(.cctvRequest, "CCTV requested for the stairwell camera", on: days(2))
            try await w.referral(
                .victimSupport, party: people.first { $0.role == PartyRole.reportingPerson }?.id,
                asked: "Emotional support for a frightened older victim", sent: days(6), status: .accepted)
            try await w.referral(
                .mentalHealth, party: respondent?.id, asked: "Is Dean Walsh known to the community mental health team?",
                sent: days(21), status: .sent)
            try await w.intervention(
                .writtenWarning, party: respondent?.id, started: days(5), terms: nil, engagement: .notEngaged)
            try await work.update(canal, "Demo: contact dates on case \(canal.reference)")
        }

        if let lock = try await fresh("lock") {
            let w = try writer(lock, "officer@riverside.example")
            let people = try await parties(lock)
            let respondent = people.first { $0.role == PartyRole.respondent }
            try await w.plan(
                drawnUp: days(110), evidence: "Diary sheets from Sunil; the officer checks the parking bay rota.",
                actions: [("Keep the diary of parking incidents", .reportingPerson, nil, 28)], agreedBy: "Sunil Gupta")
            let review = ReviewMeeting()
            review.$caseRecord.id = w.caseID
            review.heldOn = w.day(days(96))
            review.attendees = "Sunil Gupta, Sam Okafor"
            review.progress =
                "Diary read: four incidents in two weeks. Mark Taylor agreed an acceptable behaviour agreement."
            review.nextSteps = "Monitor the agreement for a month."
            review.nextReviewOn = w.day(days(68))
            review.recordedAt = days(96)
            review.$recordedBy.id = w.userID
            try await w.created(review, at: days(96))
            try await w.intervention(
                .acceptableBehaviourAgreement, party: respondent?.id, started: days(95),
                terms: "Park only in his own bay; no blocking of the access road.", engagement: .partly,
                breach: (days(80), "Blocked the access road overnight."))
            try await w.referral(
                .mediation, party: nil, asked: "Mediation about the parking bays", sent: days(100), status: .closed,
                outcome: "Mark Taylor declined mediation.")
            try await w.contact(days(12), .phone, "Sunil Gupta", "No incidents this week.", record: lock)
            try await work.update(lock, "Demo: contact dates on case \(lock.reference)")
        }

        if let willow = try await fresh("willow") {
            let w = try writer(willow, "housing@riverside.example")
            try await w.contact(
                days(10), .phone, "Jenny Clarke", "Agreed weekly calls; diary sheets posted.", record: willow)
            try await w.referral(
                .noiseTeam, party: nil, asked: "Dog barking for hours while the owner is out", sent: days(9),
                status: .acknowledged)
            try await work.update(willow, "Demo: contact dates on case \(willow.reference)")
        }
    }
}
