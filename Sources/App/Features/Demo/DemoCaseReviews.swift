import Fluent
import Foundation
import TandemCore
import Vapor

/// The demo borough's ASB Case Review (issue 22, item 8), on Lambeth's arrangements (004 3.6): the council's single
/// point of contact (Morgan Ellis), the police, the mental health team and Riverside Homes as relevant bodies, and
/// the Riverside CT-MARAC. Four applications at different stages: Lock Gardens reviewed with recommendations, appealed
/// and decided; Willow Road refused at the threshold with the vulnerability assessment still offered; Canal Street
/// just received online, with complaints to the council and the police; Marsh House listed for the next CT-MARAC.
enum DemoCaseReviews {
    /// The applicant's private page of the Canal Street application, published with the demo like its password.
    static let canalToken = "riverside-demo-case-review-canal-street-2026"

    static func seed(
        cases: [String: CaseRecord], organisationIDs: [String: UUID], userIDs: [String: UUID], seal: EmailSeal,
        in work: UnitOfWork
    ) async throws {
        let db = work.db
        let now = work.now
        let calendar = try await IntakePolicy.load(on: db).calendar
        let today = calendar.local(now).day
        func at(_ daysAgo: Int, _ minute: Int = 600) -> Date {
            min(calendar.instant(today.adding(days: -daysAgo), minute: minute), now)
        }
        guard let panel = try await Panel.query(on: db).filter(\.$kind == .ctMarac).first(),
            let council = organisationIDs["council"], let police = organisationIDs["police"],
            let cmht = organisationIDs["cmht"], let homes = organisationIDs["homes"]
        else { return }
        let spoc = userIDs["panel@riverside.example"]!
        let chair = userIDs["manager@riverside.example"]!
        let inspector = userIDs["inspector@riverside.example"]!
        /// The Monday on or before a day: the CT-MARAC meets on Mondays.
        func monday(onOrBefore day: CivilDate) -> CivilDate { day.adding(days: -(day.isoWeekday - 1)) }

        let record = CaseReviewArrangementsRecord()
        record.$organisation.id = council
        record.$contact.id = spoc
        record.$panel.id = panel.id
        record.rules = CaseReviewArrangements()
        record.appealRoute =
            "A senior officer of one of the relevant bodies who took no part in the case or in the CT-MARAC's decisions, nominated by the single point of contact."
        record.escalation = "the Police and Crime Commissioner's office"
        record.updatedAt = at(200)
        try await work.at(at(200)).insert(record, "Demo: the ASB Case Review arrangements")
        var bodies: [CaseReviewBody] = []
        for (organisation, officer) in [
            (police, userIDs["police@riverside.example"]), (cmht, userIDs["cmht@riverside.example"]),
            (homes, userIDs["housing@riverside.example"]),
        ] {
            let body = CaseReviewBody()
            body.$arrangements.id = try record.requireID()
            body.$organisation.id = organisation
            body.$designatedOfficer.id = officer
            try await work.at(at(200)).insert(body, "Demo: a relevant body of the ASB Case Review")
            bodies.append(body)
        }
        for body in bodies { try await body.$organisation.load(on: db) }
        let arrangements = LoadedArrangements(record: record, bodies: bodies, panel: panel)

        // Lock Gardens: Sunil Gupta reported to the council twice and the police once; reviewed, appealed, decided.
        if let lock = cases["lock"] {
            try await incident(on: lock, by: nil, daysAgo: 112, "Cars revving and blocking the bays again", work, at)
            try await incident(
                on: lock, by: (police, userIDs["police@riverside.example"]!, "CAD-2026-1187"), daysAgo: 104,
                "Police attended: group of cars racing in the parking bays", work, at)
            let meeting = PanelMeeting()
            meeting.$panel.id = try panel.requireID()
            meeting.heldOn = monday(onOrBefore: today.adding(days: -68))
            meeting.startsAt = "14:00"
            meeting.place = "Committee Room 1, Riverside Civic Centre"
            meeting.createdAt = at(90)
            meeting.$createdBy.id = spoc
            meeting.heldAt = min(calendar.instant(meeting.heldOn, minute: 900), now)
            try await work.at(at(90)).insert(meeting, "Demo: arranged a meeting of the CT-MARAC")
            let review = application(
                "Sunil Gupta", kind: .person, channel: .phone, phone: "07700 900101", email: nil,
                address: "3 Lock Gardens", involvement: .attend,
                "Cars race round the parking bays most nights. I have reported it again and again and nothing changes.",
                received: at(96), caseID: lock.id, council: council, recordedBy: spoc)
            review.reference = try await CaseReviewWrites.reference(year: calendar.local(at(96)).day.year, on: db)
            try await work.at(at(96)).insert(review, "Demo: ASB Case Review application received by phone")
            try await stated(
                review, [(today.adding(days: -120), "The council"), (today.adding(days: -104), "The police")], work)
            try await contact(
                review, "Explained the review and the CT-MARAC; Mr Gupta would like to attend.", arrangements, by: spoc,
                in: work.at(at(95)))
            try await reply(
                review, police, "Three calls since August; one attendance, vehicles moved on. No arrests.",
                by: userIDs["police@riverside.example"]!, work.at(at(93)))
            try await reply(
                review, homes, "Riverside Homes holds no record: Lock Gardens is council stock.",
                by: userIDs["housing@riverside.example"]!, work.at(at(93)))
            try await decide(
                review, .met, "Three qualifying complaints in six months, to the council and the police.", by: spoc,
                in: work.at(at(92)),
                letter: work.at(at(92, 660)))
            try await list(review, for: meeting, by: spoc, in: work.at(at(90)))
            review.reviewedAt = meeting.heldAt
            review.$leadOrganisation.id = council
            review.$leadOfficer.id = userIDs["officer@riverside.example"]
            review.recommendations =
                "Install average-speed signs and a height barrier at the parking bays; joint police and council patrols on Friday and Saturday nights for six weeks."
            review.actionPlan =
                "Highways to fit the barrier within four weeks; police to patrol; the case officer to call Mr Gupta weekly."
            review.victimAttended = true
            try await work.at(meeting.heldAt ?? now).update(review, "Demo: reviewed at the CT-MARAC")
            review.outcomeSentAt = at(67)
            try await work.at(at(67)).update(review, "Demo: outcome sent")
            try await CaseReviewWrites.send(
                review, kind: .outcomeLetter, method: .post,
                subject: "ASB Case Review \(review.reference): the outcome of the review",
                body: LetterTexts.outcome(review), by: spoc, in: work.at(at(67)))
            review.actionsNote = "Patrols booked; barrier ordered; weekly calls started."
            review.actionsDoneAt = at(63)
            try await work.at(at(63)).update(review, "Demo: the lead officer acted on the decisions")
            review.resolutionText = LetterTexts.resolutionDraft(review)
            review.resolutionDraftedAt = at(61)
            try await work.at(at(61)).update(review, "Demo: resolution letter drafted")
            review.resolutionSignedAt = at(60)
            review.$resolutionSignedBy.id = chair
            try await work.at(at(60)).update(review, "Demo: resolution letter signed off by the chair")
            review.resolutionSentAt = at(59)
            review.meetingOffered = true
            try await work.at(at(59)).update(review, "Demo: resolution letter sent")
            try await CaseReviewWrites.send(
                review, kind: .resolutionLetter, method: .post,
                subject: "ASB Case Review \(review.reference): the resolution letter",
                body: review.resolutionText ?? "", by: spoc, in: work.at(at(59)))
            review.response = .appeal
            review.responseNote = "The barrier has not been fitted and the racing goes on at weekends."
            review.respondedAt = at(52)
            try await work.at(at(52)).update(review, "Demo: the applicant asked for an appeal")
            review.$appealOfficer.id = inspector
            try await work.at(at(51)).update(review, "Demo: appeal review officer nominated")
            review.appealOutcome = .partlyUpheld
            review.appealReason =
                "The patrols were carried out but the barrier was not fitted on time. Highways are to fit it within two weeks and the case stays open until it is in."
            review.appealMetApplicant = true
            review.appealDecidedAt = at(42)
            try await work.at(at(42)).update(review, "Demo: appeal decided")
            try await CaseReviewWrites.send(
                review, kind: .appealDecision, method: .post,
                subject: "ASB Case Review \(review.reference): the appeal decision",
                body: LetterTexts.appealDecision(
                    review, outcome: .partlyUpheld, reason: review.appealReason ?? "", escalation: record.escalation),
                by: inspector, in: work.at(at(42)))
        }

        // Willow Road: one complaint in six months, so the threshold is not met; the assessment is still offered.
        if let willow = cases["willow"] {
            let review = application(
                "Jenny Clarke", kind: .person, channel: .inPerson, phone: "07700 900303", email: nil,
                address: "2 Willow Road", involvement: .updatesOnly,
                "The shared garden is used for drinking every evening and I want the agencies to look at it together.",
                received: at(12), caseID: willow.id, council: council, recordedBy: spoc)
            review.reference = try await CaseReviewWrites.reference(year: today.year, on: db)
            try await work.at(at(12)).insert(review, "Demo: ASB Case Review application received in person")
            try await stated(review, [(today.adding(days: -14), "Riverside Homes")], work)
            try await contact(
                review, "Explained the threshold and the review; Ms Clarke would like updates only.", arrangements,
                by: spoc, in: work.at(at(11)))
            try await decide(
                review, .notMet,
                "One complaint has been made in the last six months, to Riverside Homes; the threshold is three. The case stays open with Riverside Homes.",
                by: spoc, in: work.at(at(8)),
                letter: work.at(at(8, 660)))
            RiskService.offer(willow, occasion: .caseReviewThreshold, at: at(8))
            try await work.at(at(8)).update(willow, "Demo: vulnerability assessment offered after the Case Review")
        }

        // Marsh House: accepted and listed for the next CT-MARAC; the police have replied, health not yet.
        if let marsh = cases["marsh"] {
            let upcoming = PanelMeeting()
            upcoming.$panel.id = try panel.requireID()
            upcoming.heldOn = monday(onOrBefore: today.adding(days: 13))
            upcoming.startsAt = "14:00"
            upcoming.place = "Committee Room 1, Riverside Civic Centre"
            upcoming.createdAt = at(6)
            upcoming.$createdBy.id = spoc
            try await work.at(at(6)).insert(upcoming, "Demo: arranged a meeting of the CT-MARAC")
            try await incident(
                on: marsh, by: (police, userIDs["police@riverside.example"]!, "CAD-2026-2240"), daysAgo: 12,
                "Police called about loud music after midnight at Marsh House", work, at)
            let review = application(
                "Maria Lopez", kind: .person, channel: .online, phone: "07700 900202", email: nil,
                address: "Flat 12, Marsh House", involvement: .writtenAccount,
                "The noise from the flat above goes on every night. I have called the council and the police.",
                received: at(3, 540), caseID: marsh.id, council: council, recordedBy: nil)
            review.reference = try await CaseReviewWrites.reference(year: today.year, on: db)
            try await work.at(at(3, 540)).insert(review, "Demo: ASB Case Review application received online")
            try await stated(
                review,
                [
                    (today.adding(days: -21), "The council"), (today.adding(days: -12), "The police"),
                    (today.adding(days: -3), "The council"),
                ], work)
            try await contact(
                review, "Explained the review; Ms Lopez will send a written account for the meeting.", arrangements,
                by: spoc, in: work.at(at(2)))
            try await reply(
                review, police, "One call, officers attended and heard the music from the street.",
                by: userIDs["police@riverside.example"]!, work.at(at(1)))
            try await decide(
                review, .met, "Three qualifying complaints within six months, to the council and the police.", by: spoc,
                in: work.at(at(1)),
                letter: work.at(at(1, 660)))
            try await list(review, for: upcoming, by: spoc, in: work.at(at(1, 700)))
        }

        // Canal Street: just received online from the councillor for Mr Finch, with his consent; the police have
        // recorded two incidents on the shared case, so the complaints span two agencies.
        if let canal = cases["canal"] {
            try await incident(
                on: canal, by: (police, userIDs["police@riverside.example"]!, "CAD-2026-2291"), daysAgo: 6,
                "Police attended: youths kicking the door of 8 Canal Street", work, at)
            try await incident(
                on: canal, by: (police, userIDs["police@riverside.example"]!, "CAD-2026-2307"), daysAgo: 4,
                "Police attended: eggs thrown at the windows of 8 Canal Street", work, at)
            let review = application(
                "Cllr Hannah Price", kind: .onBehalf, channel: .online, phone: "07700 900404", email: nil,
                address: "Riverside Civic Centre", involvement: .advocate,
                "Mr Finch is being targeted at his door most evenings. He is frightened and has reported it to the council and the police.",
                received: at(0, 480), caseID: canal.id, council: council, recordedBy: nil)
            review.victimName = "Arthur Finch"
            review.consent = true
            review.tokenHash = Tokens.sha256Hex(canalToken)
            review.reference = try await CaseReviewWrites.reference(year: today.year, on: db)
            try await work.at(at(0, 480)).insert(review, "Demo: ASB Case Review application received online")
            try await stated(
                review, [(today.adding(days: -9), "The council"), (today.adding(days: -6), "The police")], work)
            try await Notifier.notify(
                [spoc],
                .init(
                    kind: .caseReview, caseID: nil,
                    summary: "A new ASB Case Review application \(review.reference): contact the applicant",
                    href: SiteURL.caseReview(.value(try review.requireID())).path), base: DemoData.base,
                in: work.at(at(0, 480)))
        }
    }

    /// Stage 1: the applicant contacted by phone, and each relevant body asked for its information.
    private static func contact(
        _ review: CaseReview, _ note: String, _ arrangements: LoadedArrangements, by spoc: UUID, in work: UnitOfWork
    ) async throws {
        review.contactedAt = work.now
        try await work.update(review, "Demo: applicant contacted")
        try await CaseReviewWrites.send(
            review, kind: .contact, method: .phone, subject: "Your ASB Case Review \(review.reference)", body: note,
            by: spoc, in: work)
        try await CaseReviewStepsController.requestInformation(review, arrangements, base: "", in: work)
    }

    /// Stage 2: the threshold decided on time, the assessment offered, and the letter posted.
    private static func decide(
        _ review: CaseReview, _ decision: ThresholdDecision, _ reason: String, by spoc: UUID, in work: UnitOfWork,
        letter: UnitOfWork
    ) async throws {
        review.decision = decision
        review.decisionReason = reason
        review.decidedAt = work.now
        review.$decidedBy.id = spoc
        review.decidedOnTime = true
        review.assessmentOffered = true
        try await work.update(review, "Demo: threshold decided")
        review.decisionLetterAt = letter.now
        try await letter.update(review, "Demo: threshold letter sent")
        try await CaseReviewWrites.send(
            review, kind: .thresholdLetter, method: .post,
            subject: "ASB Case Review \(review.reference): the threshold decision",
            body: LetterTexts.threshold(review, decision: decision, reason: reason), by: spoc, in: letter)
    }

    /// Listed for a CT-MARAC meeting, with the applicant's invitation posted.
    private static func list(_ review: CaseReview, for meeting: PanelMeeting, by spoc: UUID, in work: UnitOfWork)
        async throws
    {
        review.$meeting.id = meeting.id
        review.attendanceOffered = true
        try await work.update(review, "Demo: listed for the CT-MARAC")
        try await CaseReviewWrites.send(
            review, kind: .invitation, method: .post,
            subject: "ASB Case Review \(review.reference): your invitation to the review meeting",
            body: LetterTexts.invitation(review, meeting: meeting), by: spoc, in: work)
    }

    private static func application(
        _ name: String, kind: CaseReviewApplicantKind, channel: CaseReviewChannel, phone: String?, email: String?,
        address: String?, involvement: CaseReviewInvolvement, _ description: String, received: Date, caseID: UUID?,
        council: UUID, recordedBy: UUID?
    ) -> CaseReview {
        let review = CaseReview()
        review.$organisation.id = council
        review.channel = channel
        review.applicantKind = kind
        review.applicantName = name
        review.applicantPhone = phone
        review.applicantEmail = email
        review.applicantAddress = address
        review.consent = false
        review.description = description
        review.involvement = involvement
        review.receivedAt = received
        review.$recordedBy.id = recordedBy
        review.tokenHash = Tokens.sha256Hex(Tokens.random())
        review.$caseRecord.id = caseID
        review.attendanceOffered = false
        review.assessmentOffered = false
        review.routes = ""
        review.victimAttended = false
        review.meetingOffered = false
        review.appealMetApplicant = false
        return review
    }

    private static func stated(_ review: CaseReview, _ rows: [(CivilDate, String)], _ work: UnitOfWork) async throws {
        for (index, row) in rows.enumerated() {
            let complaint = CaseReviewComplaint()
            complaint.$review.id = try review.requireID()
            complaint.reportedOn = row.0
            complaint.madeTo = row.1
            complaint.position = index + 1
            try await work.at(review.receivedAt).insert(complaint, "Demo: complaint stated on \(review.reference)")
        }
    }

    private static func reply(
        _ review: CaseReview, _ organisationID: UUID, _ text: String, by userID: UUID, _ work: UnitOfWork
    ) async throws {
        guard
            let row = try await CaseReviewRequest.query(on: work.db).filter(\.$review.$id == review.requireID())
                .filter(\.$organisation.$id == organisationID).first()
        else { return }
        row.reply = text
        row.repliedAt = work.now
        row.$repliedBy.id = userID
        try await work.update(row, "Demo: a relevant body replied to \(review.reference)")
    }

    /// A further report on the case: to the council from the reporting person, or recorded by a partner agency with
    /// its own reference.
    private static func incident(
        on record: CaseRecord, by partner: (UUID, UUID, String)?, daysAgo: Int, _ description: String,
        _ work: UnitOfWork, _ at: (Int, Int) -> Date
    ) async throws {
        let moment = at(daysAgo, 1200)
        let caseID = try record.requireID()
        let original = try await Report.query(on: work.db).filter(\.$caseRecord.$id == caseID).sort(\.$receivedAt)
            .first()
        let report = Report()
        report.reference = try await ReferenceNumbers.reportReference(
            year: DisplayDate.civilDay(moment).year, on: work.db)
        report.$organisation.id = record.$organisation.id
        report.source = .staff
        report.channel = .phone
        report.receivedAt = moment
        report.interpreterNeeded = false
        if let partner {
            report.$partnerOrganisation.id = partner.0
            report.partnerReference = partner.2
            report.$recordedBy.id = partner.1
            report.reporterKind = .onBehalf
            report.onBehalfName = "PC Dan Hughes"
            report.onBehalfCapacity = "Riverside Safer Neighbourhoods Police"
        } else {
            report.reporterKind = .named
            report.reporterName = original?.reporterName
            report.reporterPhone = original?.reporterPhone
            report.$reporterPerson.id = original?.$reporterPerson.id
        }
        report.behaviourDate = DisplayDate.civilDay(moment)
        report.happeningNow = false
        report.location = record.location ?? original?.location ?? ""
        report.$ward.id = record.$ward.id
        report.description = description
        report.hateIncident = false
        report.hateStrands = ""
        report.status = .triaged
        report.triageOutcome = .addToCase
        report.triagedAt = moment
        report.$caseRecord.id = caseID
        report.policeReferred = false
        try await work.at(moment).insert(report, "Demo: report \(report.reference) on case \(record.reference)")
    }
}
