import Fluent
import Foundation
import TandemCore
import Vapor

/// The demo borough's panels (issue 21, item 8), set up after Lambeth's forums (004 3.5): a vulnerable victims
/// panel that refers High cases automatically, with one meeting held (Marsh House: decisions, three actions, one
/// not undertaken and now overdue, minutes issued) and one to come (Marsh House again, and Canal Street, referred
/// by its High assessment); a partnership tasking group about a place (the Heron Court stairwell); the ASB
/// operational working group; and the CT-MARAC that hears ASB Case Reviews.
enum DemoPanels {
    struct PanelSeed {
        var key: String
        var name: String
        var kind: PanelKind
        var terms: String
        var cadence: String
        var members: [String]
        var representatives: [String]
        var bands: Set<RiskLevel>
    }

    static let panels: [PanelSeed] = [
        .init(
            key: "vvp", name: "Riverside Vulnerable Victims Panel", kind: .vulnerableVictims,
            terms:
                "Reviews the profile of each vulnerable, high-risk victim of anti-social behaviour from the partners' own records, agrees a protection plan and appoints a named case manager. Every High case is referred automatically; Medium cases by the case team's decision.",
            cadence: "Fortnightly, on Tuesday mornings", members: ["police", "cmht", "asc", "victims", "homes"],
            representatives: [
                "police@riverside.example", "cmht@riverside.example", "asc@riverside.example",
                "victims@riverside.example", "housing@riverside.example",
            ], bands: [.high]),
        .init(
            key: "ptg", name: "Riverside Partnership Tasking Group", kind: .partnershipTasking,
            terms:
                "Tasks the partners against the places and people causing entrenched harm in the borough: hotspots, repeat locations and problem premises.",
            cadence: "Monthly, on the first Wednesday", members: ["police", "homes", "yos"],
            representatives: ["police@riverside.example", "housing@riverside.example", "yos@riverside.example"],
            bands: []),
        .init(
            key: "owg", name: "Riverside ASB Operational Working Group", kind: .operationalWorkingGroup,
            terms: "Officers of the council, police and landlords review open ASB cases that need joint work.",
            cadence: "Monthly, on the third Thursday", members: ["police", "homes"],
            representatives: ["police@riverside.example", "housing@riverside.example"], bands: []),
        .init(
            key: "ctmarac", name: "Riverside CT-MARAC", kind: .ctMarac,
            terms:
                "The multi-agency meeting that carries out ASB Case Reviews (formerly the Community Trigger) and makes recommendations to the relevant bodies.",
            cadence: "Monthly, on the last Monday", members: ["police", "homes", "cmht", "asc"],
            representatives: ["police@riverside.example", "housing@riverside.example"], bands: []),
    ]

    static func seed(
        cases: [String: CaseRecord], organisationIDs: [String: UUID], userIDs: [String: UUID],
        agreementID: UUID?, in work: UnitOfWork
    ) async throws {
        let now = work.now
        let db = work.db
        let calendar = try await IntakePolicy.load(on: db).calendar
        let today = calendar.local(now).day
        func at(_ day: CivilDate, _ minute: Int = 600) -> Date { min(calendar.instant(day, minute: minute), now) }
        let coordinator = userIDs["panel@riverside.example"]!
        let chair = userIDs["manager@riverside.example"]!
        let setUp = work.at(now.addingTimeInterval(-90 * 86_400))
        var byKey: [String: Panel] = [:]
        for seed in panels {
            let panel = Panel()
            panel.$organisation.id = organisationIDs["council"]!
            panel.name = seed.name
            panel.kind = seed.kind
            panel.termsOfReference = seed.terms
            panel.cadence = seed.cadence
            panel.$chair.id = chair
            panel.$coordinator.id = coordinator
            panel.$agreement.id = agreementID
            panel.automaticBands = Panel.text(seed.bands)
            panel.active = true
            panel.createdAt = setUp.now
            panel.updatedAt = setUp.now
            try await setUp.insert(panel, "Demo: set up the panel \(seed.name)")
            let panelID = try panel.requireID()
            for key in seed.members {
                let organisationID = organisationIDs[key]!
                let reps = seed.representatives.compactMap { email in
                    DemoData.accounts.first { $0.email == email && $0.organisationKey == key }.flatMap {
                        userIDs[$0.email]
                    }
                }
                for representative in reps.isEmpty ? [nil] : reps.map(Optional.some) {
                    try await setUp.insert(
                        PanelMember(panelID: panelID, organisationID: organisationID, representativeID: representative),
                        "Demo: added a member to \(seed.name)")
                }
            }
            byKey[seed.key] = panel
        }
        guard let vvp = byKey["vvp"], let ptg = byKey["ptg"], let marsh = cases["marsh"], let canal = cases["canal"],
            let heron = cases["heron"]
        else { return }
        let officer = userIDs["officer@riverside.example"]!
        let police = organisationIDs["police"]!
        let council = organisationIDs["council"]!
        let base = ""

        // The meeting held eleven days ago heard Marsh House, referred a week before by the case team (Amber).
        let heldOn = today.adding(days: -11)
        let marshReferral = try await PanelReferrals.refer(
            marsh, to: vvp,
            reason:
                "Night-time noise and disorder for three weeks; Ms Lopez says she is not sleeping and is afraid to go out",
            questions: "Can the police patrol at night, and what can be done about the flat above?", automatic: false,
            by: officer, today: today.adding(days: -18), base: base, in: work.at(at(today.adding(days: -18))))
        let held = try await meeting(
            vvp, on: heldOn, place: "Committee Room 2, Riverside Civic Centre", by: coordinator,
            in: work.at(at(today.adding(days: -17))))
        try await accept(marshReferral, onto: held, by: coordinator, in: work.at(at(today.adding(days: -17), 660)))
        let marshItem = try await PanelItem.query(on: db).filter(\.$referral.$id == marshReferral.requireID()).first()!
        let before = work.at(at(today.adding(days: -13)))
        try await research(
            marshItem, organisationID: police, by: userIDs["police@riverside.example"]!,
            facts:
                "Three calls about loud music after midnight since early November; officers attended once and heard the music from the street. No offences recorded.",
            opinion:
                "A noise nuisance rather than crime, but the calls show it is getting worse. Patrols would reassure Ms Lopez.",
            in: before)
        try await research(
            marshItem, organisationID: council, by: officer,
            facts:
                "Case opened three weeks ago; diary sheets show noise on 9 of the last 14 nights. Warning letter not yet sent.",
            opinion: "Ms Lopez is worn down. The respondent has not engaged.", in: before)
        let meetingDay = work.at(at(heldOn, 660))
        for (key, status, names) in [
            ("council", Attendance.present, "Morgan Ellis (coordinator), Priya Shah (chair), Sam Okafor"),
            ("police", .present, "PC Dan Hughes"), ("cmht", .apologies, ""), ("asc", .present, "Tom Wright"),
            ("victims", .present, "Lucy Brennan"), ("homes", .absent, ""),
        ] {
            let row = PanelAttendance()
            row.$meeting.id = try held.requireID()
            row.$organisation.id = organisationIDs[key]!
            row.status = status
            row.attendees = names
            try await meetingDay.insert(row, "Demo: recorded attendance at \(vvp.name)")
        }
        held.heldAt = meetingDay.now
        try await meetingDay.update(held, "Demo: recorded the meeting of \(vvp.name) as held")
        marshItem.discussion =
            "The partners agreed the noise is persistent and affecting Ms Lopez's health. The police will patrol; the council will gather evidence for a warning and, if it continues, a Community Protection Notice."
        marshItem.riskSummary =
            "Medium and rising: repeated night-time noise, a victim who is isolated and not sleeping."
        marshItem.decisions =
            "Night patrols for four weeks; noise recording equipment in Flat 12; warning to the respondent. Review at the next meeting."
        marshItem.$leadOrganisation.id = council
        marshItem.$caseManager.id = officer
        marshItem.outcome = .keepOnList
        marshItem.recordedAt = meetingDay.now
        marshItem.$recordedBy.id = coordinator
        try await meetingDay.update(marshItem, "Demo: recorded the panel's discussion of case \(marsh.reference)")
        let patrols = try await action(
            marsh, item: marshItem, "Night patrols at Marsh House on Friday and Saturday nights for four weeks",
            organisationID: police, userID: nil, due: heldOn.adding(days: 7), by: coordinator, in: meetingDay)
        let equipment = try await action(
            marsh, item: marshItem, "Install noise recording equipment in Flat 12", organisationID: council,
            userID: officer, due: heldOn.adding(days: 7), by: coordinator, in: meetingDay)
        _ = try await action(
            marsh, item: marshItem, "Speak to the respondent and explain the warning the council will send",
            organisationID: police, userID: userIDs["police@riverside.example"]!, due: today.adding(days: 10),
            by: coordinator, in: meetingDay)
        // Reported before the next meeting: the patrols were done; the equipment was not fitted, and why.
        let done = work.at(at(heldOn.adding(days: 6)))
        patrols.progress = .done
        patrols.progressNote = "Patrols on both nights each week; music heard once and the occupant warned."
        patrols.progressAt = done.now
        patrols.status = .done
        patrols.doneOn = heldOn.adding(days: 6)
        patrols.$doneBy.id = userIDs["police@riverside.example"]!
        try await done.update(patrols, "Demo: panel action done")
        let reported = work.at(at(today.adding(days: -3)))
        equipment.progress = .notUndertaken
        equipment.progressNote = "The recording kit was out for repair; it is booked for next week."
        equipment.progressAt = reported.now
        try await reported.update(equipment, "Demo: panel action not undertaken")
        // The minutes, approved by the chair two days after the meeting.
        let loaded = try await PanelReads.load(try vvp.requireID(), on: db)!
        let minutes = PanelMinutes()
        minutes.$meeting.id = try held.requireID()
        minutes.version = 1
        minutes.content = try await MinutesDocument.build(loaded, held, on: db).encoded()
        minutes.draftedAt = at(heldOn.adding(days: 1))
        minutes.$draftedBy.id = coordinator
        minutes.approvedAt = at(heldOn.adding(days: 2))
        minutes.$approvedBy.id = chair
        try await work.at(at(heldOn.adding(days: 2))).insert(
            minutes, "Demo: minutes of \(vvp.name) approved and issued")

        // The meeting to come: Marsh House still on the list, and Canal Street, referred by its High assessment.
        let next = try await meeting(
            vvp, on: today.adding(days: 14), place: "Committee Room 2, Riverside Civic Centre", by: coordinator,
            in: work.at(now.addingTimeInterval(-2 * 86_400)))
        try await PanelAgenda.carryListedCases(
            panelID: try vvp.requireID(), today: today, in: work.at(now.addingTimeInterval(-2 * 86_400)))
        let canalReferral = try await PanelReferrals.refer(
            canal, to: vvp,
            reason: "The vulnerability assessment set the risk to High: \(vvp.name) hears every such case",
            questions: "Agree a protection plan and a named case manager", automatic: true, by: officer,
            today: today.adding(days: -2), base: base, in: work.at(now.addingTimeInterval(-2 * 86_400 + 60)))
        try await accept(canalReferral, onto: next, by: coordinator, in: work.at(now.addingTimeInterval(-86_400)))
        if let canalItem = try await PanelItem.query(on: db).filter(\.$referral.$id == canalReferral.requireID())
            .first()
        {
            try await research(
                canalItem, organisationID: police, by: userIDs["police@riverside.example"]!,
                facts:
                    "Two reports of eggs and stones thrown at Mr Finch's window in November; house-to-house enquiries found no witnesses.",
                opinion: "Targeted at Mr Finch because he lives alone.", in: work.at(now.addingTimeInterval(-3600)))
        }
        // Canal Street was assessed High before the panels were set up, so its referral task still waits for the
        // senior officer's confirmation; an assessment made now refers the case without one.
        // The partnership tasking group about a place: the stairwell at Heron Court.
        let ptgMeeting = try await meeting(
            ptg, on: today.adding(days: 7), place: "Community room, Heron Court", by: coordinator,
            in: work.at(now.addingTimeInterval(-86_400)))
        let heronReferral = try await PanelReferrals.refer(
            heron, to: ptg,
            reason:
                "Young people gather in the Block B stairwell most evenings; residents report drug use and intimidation",
            questions:
                "Can the landlord secure the stairwell door, and can youth outreach and patrols work together there?",
            automatic: false, by: officer, today: today.adding(days: -2), base: base,
            in: work.at(now.addingTimeInterval(-2 * 86_400 + 300)))
        try await accept(heronReferral, onto: ptgMeeting, by: coordinator, in: work.at(now.addingTimeInterval(-3_000)))
    }

    private static func meeting(
        _ panel: Panel, on day: CivilDate, place: String, by userID: UUID, in work: UnitOfWork
    ) async throws -> PanelMeeting {
        let meeting = PanelMeeting()
        meeting.$panel.id = try panel.requireID()
        meeting.heldOn = day
        meeting.startsAt = "10:00"
        meeting.place = place
        meeting.createdAt = work.now
        meeting.$createdBy.id = userID
        try await work.insert(meeting, "Demo: arranged a meeting of \(panel.name)")
        return meeting
    }

    private static func accept(
        _ referral: PanelReferral, onto meeting: PanelMeeting, by userID: UUID, in work: UnitOfWork
    )
        async throws
    {
        referral.status = .accepted
        referral.$meeting.id = try meeting.requireID()
        referral.decidedAt = work.now
        referral.$decidedBy.id = userID
        try await work.update(referral, "Demo: accepted a referral onto the agenda")
        try await PanelAgenda.add(referral, to: meeting, isNew: true, in: work)
    }

    private static func research(
        _ item: PanelItem, organisationID: UUID, by userID: UUID, facts: String, opinion: String, in work: UnitOfWork
    ) async throws {
        let row = PanelResearch()
        row.$item.id = try item.requireID()
        row.$organisation.id = organisationID
        row.facts = facts
        row.opinion = opinion
        row.nothingHeld = false
        row.specialCategory = false
        row.recordedAt = work.now
        row.$recordedBy.id = userID
        try await work.insert(row, "Demo: recorded research for a panel")
    }

    private static func action(
        _ record: CaseRecord, item: PanelItem, _ description: String, organisationID: UUID, userID: UUID?,
        due: CivilDate, by addedBy: UUID, in work: UnitOfWork
    ) async throws -> PlanAction {
        let row = PlanAction()
        row.$caseRecord.id = try record.requireID()
        row.description = description
        row.owner = organisationID == record.$organisation.id ? .officer : .partner
        row.$ownerOrganisation.id = organisationID
        row.$ownerUser.id = userID
        row.dueOn = due
        row.status = .open
        row.addedAt = work.now
        row.$addedBy.id = addedBy
        row.$panelItem.id = try item.requireID()
        try await work.insert(row, "Demo: panel action agreed: \(description)")
        try await work.timeline(
            try record.requireID(), kind: .plan, "Riverside Vulnerable Victims Panel agreed an action: \(description)",
            actorID: addedBy)
        return row
    }
}
