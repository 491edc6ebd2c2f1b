import Fluent
import Foundation
import TandemCore

/// Retention in the demo (issue 23, item 6): two case files closed more than six years ago. Elm Parade is past its
/// retention and waits in a batch the nightly job prepared; Quay Street is past it too but under a legal hold while
/// the respondent's County Court claim against the council runs, so the batch leaves it out.
enum DemoRetention {
    struct OldCase {
        var reporter: String
        var address: String
        var postcode: String
        var respondent: String
        var description: String
        var yearsAgo: Int
        var ward: String
    }

    static let cases = [
        OldCase(
            reporter: "Doreen Walsh", address: "6 Elm Parade", postcode: "RV3 6EP", respondent: "Gary Holt",
            description: "Youths gather on the Elm Parade steps every evening, drinking and shouting at passers-by.",
            yearsAgo: 7, ward: "Lock"),
        OldCase(
            reporter: "Tom Okafor", address: "21 Quay Street", postcode: "RV2 4QS", respondent: "Lee Barker",
            description: "The neighbour at 23 Quay Street bangs on the wall and swears at my family on the landing.",
            yearsAgo: 7, ward: "Canal"),
    ]

    static let holdReason =
        "The respondent's County Court claim against the council about the handling of this case is running. Keep the file until the claim ends."

    static func seed(organisationIDs: [String: UUID], userIDs: [String: UUID], in work: UnitOfWork) async throws {
        let db = work.db
        guard let councilID = organisationIDs["council"], let managerID = userIDs["manager@riverside.example"],
            let officerID = userIDs["officer@riverside.example"],
            let governanceID = userIDs["governance@riverside.example"],
            let manager = try await User.find(managerID, on: db)
        else { return }
        let policy = try await IntakePolicy.load(on: db)
        let calendar = policy.calendar
        let triager = CurrentUser(
            id: managerID, email: manager.email, displayName: manager.displayName, organisationID: councilID,
            organisationName: "Riverside Council ASB Team", organisationKind: .councilASB,
            roles: [.seniorOfficer, .teamManager], sessionID: UUID(), csrfToken: "")
        let wards = try await Ward.query(on: db).all()
        var records: [CaseRecord] = []
        for (index, old) in cases.enumerated() {
            let receivedAt = calendar.instant(
                CivilDate.monthsAfter(-12 * old.yearsAgo - 3 * index, calendar.local(work.now).day), minute: 10 * 60)
            let ward = wards.first { $0.name == old.ward }
            let valid = ValidReport(
                reporterKind: .named, reporterName: old.reporter, reporterPhone: "07700 90080\(index)",
                reporterEmail: nil, reporterAddress: old.address, reporterPostcode: old.postcode,
                preferredContact: .phone,
                language: nil, interpreterNeeded: false, onBehalfName: nil, onBehalfCapacity: nil,
                behaviourDate: calendar.local(receivedAt).day, happeningNow: false, location: old.address,
                locationPostcode: old.postcode, description: old.description, respondentName: old.respondent,
                peopleInvolved: nil, effect: "Frightened to go out in the evening.", outcomeWanted: "For it to stop.",
                categoryIDs: [], hateIncident: false, hateStrands: [], channel: .phone, receivedAt: receivedAt,
                wardID: ward?.id, suggestedRisk: nil)
            let report = try await ReportWrites.create(
                valid, source: .staff, organisationID: councilID, recordedBy: managerID, submitterKey: nil,
                in: work.at(receivedAt))
            let triagedAt = receivedAt.addingTimeInterval(3600)
            let context = TriageService.Context(
                policy: policy, user: triager, actor: .system, now: triagedAt, linkTo: nil)
            guard
                let record = try await TriageService.apply(
                    ValidTriage(
                        decision: TriageRules.Decision(
                            outcome: .openCase, reason: "Persistent behaviour affecting a named resident.", risk: .low,
                            existingCaseChosen: false, isHateIncident: false),
                        existingCase: nil, wardID: ward?.id, placeKind: .home, categoryIDs: [], hateStrands: [],
                        reporterPersonID: nil, respondentKind: .named, respondentPersonID: nil),
                    to: report, context: context, in: work.at(triagedAt))
            else { continue }
            try await DemoHistory.close(
                record, reason: .reportingPersonSatisfied,
                summary:
                    "The behaviour stopped after the acceptable behaviour contract; the reporting person is satisfied.",
                proposedBy: officerID, decidedBy: managerID, closedAt: receivedAt.addingTimeInterval(75 * 86_400),
                calendar: calendar, in: work)
            records.append(record)
        }
        guard records.count == 2 else { return }
        let today = calendar.local(work.now).day
        let hold = LegalHoldRecord()
        hold.$organisation.id = councilID
        hold.$caseRecord.id = try records[1].requireID()
        hold.reason = holdReason
        hold.setOn = today.adding(days: -40)
        hold.reviewOn = today.adding(days: 140)
        hold.setAt = work.now.addingTimeInterval(-40 * 86_400)
        hold.$setBy.id = governanceID
        try await work.insert(hold, "Demo: legal hold on case \(records[1].reference)")
        try await RetentionBatches.prepare(
            .caseFile, organisationID: councilID, preparedBy: "the nightly retention job", work: work)
    }
}

/// A subject access request in the demo (issue 23, item 6): Kevin Doyle, the respondent on Marsh House, asked for his
/// data; his identity was checked and the bundle gathered, with Maria Lopez, who reported him, withheld throughout.
enum DemoSubjectAccess {
    static func seed(organisationIDs: [String: UUID], userIDs: [String: UUID], in work: UnitOfWork) async throws {
        let db = work.db
        guard let councilID = organisationIDs["council"], let governanceID = userIDs["governance@riverside.example"],
            let person = try await Person.query(on: db).filter(\.$fullName == "Kevin Doyle").first(),
            let party = try await CaseParty.query(on: db).filter(\.$person.$id == person.id).filter(
                \.$role == .respondent
            )
            .first()
        else { return }
        let calendar = try await IntakePolicy.load(on: db).calendar
        let today = calendar.local(work.now).day
        let record = SubjectAccessRequest()
        record.$organisation.id = councilID
        record.kind = .access
        record.requesterName = person.fullName
        record.requesterRole = .respondent
        record.$person.id = try person.requireID()
        record.$caseRecord.id = party.$caseRecord.id
        record.details =
            "Please send me everything the council holds about me, including who complained about the noise."
        record.receivedOn = today.adding(days: -10)
        record.identityMethod = "Passport and a council tax bill seen at the Civic Centre"
        record.identityConfirmedOn = today.adding(days: -8)
        record.status = .open
        record.recordedAt = work.now.addingTimeInterval(-10 * 86_400)
        record.$recordedBy.id = governanceID
        record.reference = try await SubjectAccessController.reference(year: record.receivedOn.year, on: db)
        let gathering = work.at(work.now.addingTimeInterval(-7 * 86_400))
        try await gathering.insert(record, "Demo: subject access request \(record.reference)")
        try await SubjectAccessGathering.gather(record, in: gathering)
    }
}
