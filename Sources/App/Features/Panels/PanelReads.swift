import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Reads every panel page shares: a panel with its members, the facts the policy decides on, and who may see
/// each case on an agenda, read for the whole agenda in two statements.
enum PanelReads {
    /// A panel with its members and their organisations and representatives.
    struct Loaded {
        var panel: Panel
        var members: [PanelMember]
        var facts: PanelFacts

        /// The member organisations with their names, the host first.
        var organisations: [(id: UUID, name: String)] {
            var seen: Set<UUID> = [panel.$organisation.id]
            var list = [(panel.$organisation.id, panel.organisation.name)]
            for member in members.sorted(by: { $0.organisation.name < $1.organisation.name })
            where !seen.contains(member.$organisation.id) {
                seen.insert(member.$organisation.id)
                list.append((member.$organisation.id, member.organisation.name))
            }
            return list
        }
    }

    static func load(_ id: UUID, on db: any Database) async throws -> Loaded? {
        guard
            let panel = try await Panel.query(on: db).filter(\.$id == id).with(\.$organisation).with(\.$chair)
                .with(\.$coordinator).with(\.$agreement).first()
        else { return nil }
        let members = try await PanelMember.query(on: db).filter(\.$panel.$id == id).with(\.$organisation)
            .with(\.$representative).all()
        return Loaded(panel: panel, members: members, facts: facts(panel, members: members))
    }

    static func facts(_ panel: Panel, members: [PanelMember]) -> PanelFacts {
        PanelFacts(
            hostOrganisationID: panel.$organisation.id, memberOrganisationIDs: Set(members.map(\.$organisation.id)),
            coordinatorID: panel.$coordinator.id, chairID: panel.$chair.id)
    }

    /// The panel in the path, for anyone at its table; 404 for anyone else, as for a case they may not see.
    static func find(_ request: Request) async throws -> Loaded {
        _ = try request.requireUser()
        guard let id = request.parameters.get("panelID", as: UUID.self), let loaded = try await load(id, on: request.db)
        else { throw Abort(.notFound) }
        try request.authorize(.viewPanel(loaded.facts))
        return loaded
    }

    /// The meeting in the path, of the panel in the path.
    static func meeting(_ request: Request, of panel: Panel) async throws -> PanelMeeting {
        guard let id = request.parameters.get("meetingID", as: UUID.self),
            let meeting = try await PanelMeeting.query(on: request.db).filter(\.$id == id)
                .filter(\.$panel.$id == panel.requireID()).first()
        else { throw Abort(.notFound) }
        return meeting
    }

    /// The active panels an organisation hosts or sits on, with their facts.
    static func panels(for organisationID: UUID, on db: any Database) async throws -> [Loaded] {
        let memberOf = try await PanelMember.query(on: db).filter(\.$organisation.$id == organisationID).all()
            .map(\.$panel.id)
        let panels = try await Panel.query(on: db).filter(\.$active == true).group(.or) { either in
            either.filter(\.$organisation.$id == organisationID)
            if !memberOf.isEmpty { either.filter(\.$id ~~ Array(Set(memberOf))) }
        }.with(\.$organisation).with(\.$chair).with(\.$coordinator).sort(\.$name).all()
        let ids = panels.compactMap(\.id)
        let members =
            ids.isEmpty
            ? [] : try await PanelMember.query(on: db).filter(\.$panel.$id ~~ ids).with(\.$organisation).all()
        return panels.map { panel in
            let own = members.filter { $0.$panel.id == panel.id }
            return Loaded(panel: panel, members: own, facts: facts(panel, members: own))
        }
    }

    /// Who may see each case: its owner and its shares in force today, for many cases in two statements.
    static func clearance(_ caseIDs: [UUID], today: CivilDate, on db: any Database) async throws
        -> [UUID: CaseAccessFacts]
    {
        let ids = Array(Set(caseIDs))
        guard !ids.isEmpty else { return [:] }
        let cases = try await CaseRecord.query(on: db).filter(\.$id ~~ ids).field(\.$id).field(\.$organisation.$id)
            .all()
        let shares = try await CaseShare.query(on: db).filter(\.$caseRecord.$id ~~ ids).all()
        var scopes: [UUID: [UUID: Set<ShareSection>]] = [:]
        for share in shares where share.isActive(today: today) {
            scopes[share.$caseRecord.id, default: [:]][share.$organisation.id] = share.sectionSet
        }
        var facts: [UUID: CaseAccessFacts] = [:]
        for record in cases {
            guard let id = record.id else { continue }
            facts[id] = CaseAccessFacts(owningOrganisationID: record.$organisation.id, shares: scopes[id] ?? [:])
        }
        return facts
    }

    /// The open panel actions of a panel's earlier meetings, with the date of the meeting that agreed each.
    static func openActions(panelID: UUID, before day: CivilDate, on db: any Database) async throws -> [(
        action: PlanAction, item: PanelItem, meeting: PanelMeeting
    )] {
        let actions = try await PlanAction.query(on: db)
            .join(PanelItem.self, on: \PlanAction.$panelItem.$id == \PanelItem.$id)
            .join(PanelMeeting.self, on: \PanelItem.$meeting.$id == \PanelMeeting.$id)
            .filter(PanelMeeting.self, \.$panel.$id == panelID)
            .filter(PanelMeeting.self, \.$heldOn < day)
            .filter(\.$status == .open)
            .with(\.$caseRecord).with(\.$ownerOrganisation).with(\.$ownerUser)
            .sort(PanelMeeting.self, \.$heldOn).sort(\.$dueOn).all()
        return try actions.map { action in
            (action, try action.joined(PanelItem.self), try action.joined(PanelMeeting.self))
        }
    }
}

/// The coordinator's part of the Home inbox: the referrals waiting for a decision on the panels their
/// organisation hosts, oldest first. A case the host is not cleared for is listed without its reference.
enum PanelInbox {
    static func waiting(for user: CurrentUser, request: Request) async throws -> InboxQueries.Group? {
        guard user.roles.contains(.panelCoordinator) else { return nil }
        let limit = InboxQueries.limit
        let referrals = try await PanelReferral.query(on: request.db)
            .join(Panel.self, on: \PanelReferral.$panel.$id == \Panel.$id)
            .filter(Panel.self, \.$organisation.$id == user.organisationID).filter(\.$status == .waiting)
            .with(\.$caseRecord).sort(\.$referredAt).limit(limit + 1).all()
        guard !referrals.isEmpty else { return nil }
        let clearance = try await PanelReads.clearance(
            referrals.map(\.$caseRecord.id), today: request.today(), on: request.db)
        let items = try referrals.map { referral in
            let panel = try referral.joined(Panel.self)
            let cleared =
                clearance[referral.$caseRecord.id].map {
                    PanelRules.seesItem($0, organisationID: user.organisationID)
                } ?? false
            return InboxQueries.Item(
                href: SiteURL.panel(.value(referral.$panel.id)).path(fragment: "referrals"),
                reference: cleared ? referral.caseRecord.reference : "Restricted",
                what: "Referred to \(panel.name)" + (referral.isRepeat ? " (a repeat referral)" : ""),
                due: DisplayDate.day(referral.referredAt), overdue: false)
        }
        return InboxQueries.Group(
            id: "panel-referrals", heading: "Referrals waiting for your panels", items: Array(items.prefix(limit)),
            more: items.count > limit)
    }
}
