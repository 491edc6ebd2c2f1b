import Fluent
import TandemCore
import Vapor

/// The page models of the panels list and one panel's page. A case an attendee's organisation is not cleared for
/// is shown as restricted, with no reference, title or reason (NCAtrak's "Restricted").
enum PanelPages {
    struct PanelLink: Encodable {
        var href: String
        var name: String
        var kind: String
        var cadence: String
        var host: String
    }

    struct Index: Encodable {
        var layout: LayoutContext
        var panels: [PanelLink]
        var hasPanels: Bool
        var actions: [PanelActionRows.Row]
        var hasActions: Bool
    }

    struct MemberRow: Encodable {
        var name: String
        var representatives: String
    }

    /// A case as an agenda or list shows it: its detail only to those cleared for it.
    struct CaseLabel: Encodable {
        var restricted: Bool
        var reference: String
        var title: String
        var href: String?

        static let restrictedText = "Restricted: your organisation is not cleared for this case"

        init(_ record: CaseRecord?, facts: CaseAccessFacts?, request: Request) {
            let user = request.currentUser
            let cleared =
                facts.map { facts in user.map { PanelRules.seesItem(facts, organisationID: $0.organisationID) } ?? false
                } ?? false
            restricted = !cleared
            reference = cleared ? record?.reference ?? "" : "Restricted"
            title = cleared ? record?.title ?? "" : Self.restrictedText
            href =
                cleared && facts.map { request.may(.viewCase($0)) } == true
                ? record?.id.map { SiteURL.case(.value($0)).path } : nil
        }
    }

    struct WaitingRow: Encodable {
        var field: String
        var action: String
        var label: CaseLabel
        var referredOn: String
        var how: String
        var isRepeat: Bool
        var reason: String
        var questions: String
        var error: String?
        var reasonValue: String
    }

    struct ListedRow: Encodable {
        var label: CaseLabel
        var since: String
        var isRepeat: Bool
    }

    struct MeetingRow: Encodable {
        var href: String
        var date: String
        var time: String
        var place: String
        var held: Bool
        var items: Int
    }

    struct Page: Encodable {
        var layout: LayoutContext
        var form: FormState
        var name: String
        var kind: String
        var terms: String
        var cadence: String
        var host: String
        var chair: String
        var coordinator: String
        var agreement: String
        var automatic: String
        var members: [MemberRow]
        var mayRun: Bool
        var waiting: [WaitingRow]
        var hasWaiting: Bool
        var listed: [ListedRow]
        var hasListed: Bool
        var upcoming: [MeetingRow]
        var hasUpcoming: Bool
        var past: [MeetingRow]
        var hasPast: Bool
        var meetingChoices: [Choice]
        var meetingAction: String
        var reportLink: String
        var active: Bool
    }

    static func panel(_ request: Request, _ loaded: PanelReads.Loaded, form: FormState) async throws -> View {
        let db = request.db
        let panel = loaded.panel
        let panelID = try panel.requireID()
        let today = request.today()
        let mayRun = request.may(.runPanel(loaded.facts))
        let referrals = try await PanelReferral.query(on: db).filter(\.$panel.$id == panelID)
            .filter(\.$status ~~ [.waiting, .accepted]).with(\.$caseRecord).sort(\.$referredAt).all()
        let clearance = try await PanelReads.clearance(referrals.map(\.$caseRecord.id), today: today, on: db)
        let meetings = try await PanelMeeting.query(on: db).filter(\.$panel.$id == panelID)
            .sort(\.$heldOn, .descending).limit(60).all()
        let meetingIDs = meetings.compactMap(\.id)
        let items =
            meetingIDs.isEmpty ? [] : try await PanelItem.query(on: db).filter(\.$meeting.$id ~~ meetingIDs).all()
        let rows = meetings.compactMap { meeting -> MeetingRow? in
            guard let id = meeting.id else { return nil }
            return MeetingRow(
                href: SiteURL.panel(.value(panelID), .meeting(.value(id))).path,
                date: DisplayDate.civil(meeting.heldOn), time: meeting.startsAt, place: meeting.place,
                held: meeting.heldAt != nil, items: items.filter { $0.$meeting.id == id }.count)
        }
        let upcoming = rows.enumerated().filter { meetings[$0.offset].heldAt == nil }.map(\.element).reversed()
        let past = rows.enumerated().filter { meetings[$0.offset].heldAt != nil }.map(\.element)
        let open = meetings.filter { $0.heldAt == nil && $0.heldOn >= today }.sorted { $0.heldOn < $1.heldOn }
        var members: [MemberRow] = []
        for (id, name) in loaded.organisations {
            let reps = loaded.members.filter { $0.$organisation.id == id }.compactMap { $0.representative?.displayName }
            members.append(
                MemberRow(name: name, representatives: reps.isEmpty ? "None named" : reps.joined(separator: ", ")))
        }
        return try await request.view.render(
            "panels/show",
            Page(
                layout: request.layout(title: form.isValid ? panel.name : "Error: \(panel.name)", section: .panels),
                form: form, name: panel.name, kind: panel.kind.label, terms: panel.termsOfReference,
                cadence: panel.cadence, host: panel.organisation.name,
                chair: panel.chair?.displayName ?? "None named",
                coordinator: panel.coordinator?.displayName ?? "None named",
                agreement: panel.agreement?.title ?? "None named",
                automatic: panel.bands.isEmpty
                    ? "None: cases come by referral only"
                    : RiskLevel.allCases.filter(panel.bands.contains).map(\.label).joined(separator: ", "),
                members: members, mayRun: mayRun,
                waiting: mayRun
                    ? referrals.filter { $0.status == .waiting }.compactMap { referral in
                        guard let id = referral.id else { return nil }
                        let field = "referral-\(id.uuidString)"
                        let label = CaseLabel(
                            referral.caseRecord, facts: clearance[referral.$caseRecord.id], request: request)
                        return WaitingRow(
                            field: field, action: SiteURL.panel(.value(panelID), .referral(.value(id))).path,
                            label: label, referredOn: DisplayDate.civil(referral.referredOn),
                            how: referral.automatic ? "Automatically, by the risk band" : "By the case's team",
                            isRepeat: !label.restricted && referral.isRepeat,
                            reason: label.restricted ? "" : referral.reason,
                            questions: label.restricted ? "" : referral.questions, error: form.errors[field],
                            reasonValue: form.values["\(field)-reason"] ?? "")
                    } : [],
                hasWaiting: mayRun && referrals.contains { $0.status == .waiting },
                listed: referrals.filter { $0.status == .accepted }.map { referral in
                    ListedRow(
                        label: CaseLabel(
                            referral.caseRecord, facts: clearance[referral.$caseRecord.id], request: request),
                        since: DisplayDate.civil(referral.referredOn),
                        isRepeat: referral.isRepeat
                            && clearance[referral.$caseRecord.id].map {
                                PanelRules.seesItem($0, organisationID: request.currentUser?.organisationID ?? UUID())
                            } == true)
                },
                hasListed: referrals.contains { $0.status == .accepted },
                upcoming: Array(upcoming), hasUpcoming: !upcoming.isEmpty, past: past, hasPast: !past.isEmpty,
                meetingChoices: open.compactMap { meeting in
                    meeting.id.map {
                        Choice(
                            value: $0.uuidString, label: "\(DisplayDate.civil(meeting.heldOn)) at \(meeting.startsAt)",
                            selected: false)
                    }
                },
                meetingAction: SiteURL.panel(.value(panelID), .meetings).path,
                reportLink: SiteURL.panel(.value(panelID), .report).path, active: panel.active))
    }
}
