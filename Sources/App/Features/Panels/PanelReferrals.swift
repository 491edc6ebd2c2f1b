import Fluent
import Foundation
import TandemCore
import Vapor

/// Referring a case to a panel, by an officer or by an assessment's band (issue 21, item 2), inside the caller's
/// unit of work: the referral, its repeat flag, the case's timeline line and the coordinator's notification commit
/// together.
enum PanelReferrals {
    /// Refers the case. A repeat is a referral within 12 months of an earlier one to the same panel for this case,
    /// or for any case on which the same person is the reporting person, whichever organisation owns it: a victim
    /// reported to the council and to a landlord is one victim at the panel.
    @discardableResult
    static func refer(
        _ record: CaseRecord, to panel: Panel, reason: String, questions: String, automatic: Bool, by userID: UUID?,
        today: CivilDate, base: String, in work: UnitOfWork
    ) async throws -> PanelReferral {
        let caseID = try record.requireID()
        let panelID = try panel.requireID()
        let earlier = try await earlierReferralDays(caseID: caseID, panelID: panelID, on: work.db)
        let referral = PanelReferral()
        referral.$panel.id = panelID
        referral.$caseRecord.id = caseID
        referral.reason = reason
        referral.questions = questions
        referral.automatic = automatic
        referral.isRepeat = PanelRules.isRepeat(earlierReferralDays: earlier, on: today)
        referral.status = .waiting
        referral.referredOn = today
        referral.referredAt = work.now
        referral.$referredBy.id = userID
        let how = automatic ? "automatically " : ""
        let repeatNote = referral.isRepeat ? " (a repeat referral within 12 months)" : ""
        try await work.insert(referral, "Referred case \(record.reference) \(how)to \(panel.name)\(repeatNote)")
        try await work.timeline(
            caseID, kind: .task, "Referred \(how)to \(panel.name)\(repeatNote): \(reason)", actorID: userID)
        // The host's coordinators hear of the case by its reference only when the host may see it; a member's own case
        // not shared with the host is announced without it.
        let hostCleared =
            try await PanelReads.clearance([caseID], today: today, on: work.db)[caseID].map {
                PanelRules.seesItem($0, organisationID: panel.$organisation.id)
            } ?? false
        var coordinators = try await Notifier.users(
            in: panel.$organisation.id, roles: [.panelCoordinator], on: work.db)
        if let named = panel.$coordinator.id { coordinators.append(named) }
        try await Notifier.notify(
            coordinators,
            .init(
                kind: .panelReferral, caseID: hostCleared ? caseID : nil,
                summary: hostCleared
                    ? "Case \(record.reference) is referred to \(panel.name)\(repeatNote)"
                    : "A case from a member organisation is referred to \(panel.name)",
                href: SiteURL.panel(.value(panelID)).path(fragment: "referrals")),
            except: userID, base: base, in: work)
        return referral
    }

    /// The days of earlier referrals to the panel of this case and of the cases its reporting people report on.
    static func earlierReferralDays(caseID: UUID, panelID: UUID, on db: any Database) async throws -> [CivilDate] {
        let people = try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$role == .reportingPerson).all().compactMap(\.$person.id)
        var cases: Set<UUID> = [caseID]
        if !people.isEmpty {
            let theirs = try await CaseParty.query(on: db).filter(\.$person.$id ~~ people)
                .filter(\.$role == .reportingPerson).all().map(\.$caseRecord.id)
            cases.formUnion(theirs)
        }
        return try await PanelReferral.query(on: db).filter(\.$panel.$id == panelID)
            .filter(\.$caseRecord.$id ~~ Array(cases)).all().map(\.referredOn)
    }

    /// The automatic referrals a new band makes, for the case's own organisation's panels that refer that band
    /// (default: High to the vulnerable victims panel). True when a panel takes the band, whether the case was
    /// referred now or is already waiting for or listed at it: the band's referral then needs no senior decision.
    @discardableResult
    static func automatic(
        for record: CaseRecord, band: RiskLevel?, userID: UUID?, today: CivilDate, base: String, in work: UnitOfWork
    ) async throws -> Bool {
        guard let band else { return false }
        let caseID = try record.requireID()
        let panels = try await Panel.query(on: work.db).filter(\.$organisation.$id == record.$organisation.id)
            .filter(\.$active == true).sort(\.$name).all()
        guard panels.contains(where: { $0.bands.contains(band) }) else { return false }
        let open = try await PanelReferral.query(on: work.db).filter(\.$caseRecord.$id == caseID)
            .filter(\.$status ~~ [.waiting, .accepted]).all().map(\.$panel.id)
        let chosen = PanelRules.automaticReferrals(
            band: band, panels: panels.compactMap { panel in panel.id.map { ($0, panel.bands) } },
            alreadyOpen: Set(open))
        for panel in panels where chosen.contains(panel.id ?? UUID()) {
            try await refer(
                record, to: panel,
                reason:
                    "The vulnerability assessment set the risk to \(band.label): \(panel.name) hears every such case",
                questions: "Agree a protection plan and a named case manager", automatic: true, by: userID,
                today: today, base: base, in: work)
        }
        return true
    }
}
