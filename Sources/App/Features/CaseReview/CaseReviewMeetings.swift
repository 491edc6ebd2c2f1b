import Fluent
import Foundation
import TandemCore
import Vapor

/// The people and meetings the Case Review's forms offer.
enum CaseReviewMeetings {
    /// The CT-MARAC's meetings from a month ago on: a review is listed for one to come, or recorded at one just held.
    static func meetings(_ arrangements: LoadedArrangements, today: CivilDate, on db: any Database) async throws
        -> [PanelMeeting]
    {
        guard let panelID = arrangements.panel?.id else { return [] }
        return try await PanelMeeting.query(on: db).filter(\.$panel.$id == panelID)
            .filter(\.$heldOn >= today.adding(days: -31)).sort(\.$heldOn).all()
    }

    static func choices(
        _ arrangements: LoadedArrangements, today: CivilDate, chosen: UUID?, on db: any Database
    ) async throws -> [Choice] {
        try await meetings(arrangements, today: today, on: db).map {
            Choice(
                value: $0.id?.uuidString ?? "", label: "\(DisplayDate.civil($0.heldOn)) at \($0.startsAt), \($0.place)",
                selected: $0.id == chosen)
        }
    }

    static func meeting(_ text: String, _ arrangements: LoadedArrangements, today: CivilDate, on db: any Database)
        async throws -> PanelMeeting?
    {
        guard let id = UUID(uuidString: text) else { return nil }
        return try await meetings(arrangements, today: today, on: db).first { $0.id == id }
    }

    /// Active users of the relevant bodies holding any of `roles`, by name.
    static func users(_ arrangements: LoadedArrangements, roles: Set<Role>, on db: any Database) async throws
        -> [User]
    {
        let ids = Set(
            try await UserRole.query(on: db).join(User.self, on: \UserRole.$user.$id == \User.$id)
                .filter(User.self, \.$organisation.$id ~~ Array(arrangements.relevantBodyIDs))
                .filter(User.self, \.$active == true).filter(\.$role ~~ Array(roles)).all().map(\.$user.id))
        guard !ids.isEmpty else { return [] }
        return try await User.query(on: db).filter(\.$id ~~ Array(ids)).with(\.$organisation).sort(\.$displayName)
            .all()
    }

    static func officers(_ arrangements: LoadedArrangements, on db: any Database) async throws -> [Choice] {
        try await users(
            arrangements, roles: [.caseOfficer, .seniorOfficer, .teamManager, .partnerPractitioner], on: db
        ).map {
            Choice(value: $0.id?.uuidString ?? "", label: "\($0.displayName), \($0.organisation.name)", selected: false)
        }
    }

    static func seniorOfficers(_ arrangements: LoadedArrangements, on db: any Database) async throws -> [Choice] {
        try await users(arrangements, roles: AccessPolicy.managerRoles, on: db).map {
            Choice(value: $0.id?.uuidString ?? "", label: "\($0.displayName), \($0.organisation.name)", selected: false)
        }
    }

    /// Who may not hear the appeal: those who worked on the case (its officer, anyone on its timeline, the review's
    /// lead officer) and those who sat on or ran the review (the CT-MARAC's chair, coordinator and representatives,
    /// and whoever recorded the application's stages).
    static func conflicts(_ review: CaseReview, _ arrangements: LoadedArrangements, on db: any Database) async throws
        -> (worked: Set<UUID>, sat: Set<UUID>)
    {
        var worked = Set<UUID>()
        // The case the application is about and every case behind the complaints found for it.
        var caseIDs = Set(
            try await CaseReviewReads.recordedComplaints(review, arrangements, on: db).compactMap {
                $0.report.$caseRecord.id
            })
        if let caseID = review.$caseRecord.id { caseIDs.insert(caseID) }
        if !caseIDs.isEmpty {
            worked.formUnion(
                try await CaseRecord.query(on: db).filter(\.$id ~~ Array(caseIDs)).all().compactMap(\.$officer.id))
            worked.formUnion(
                try await CaseEvent.query(on: db).filter(\.$caseRecord.$id ~~ Array(caseIDs))
                    .filter(\.$actor.$id != nil).all().compactMap(\.$actor.id))
        }
        if let lead = review.$leadOfficer.id { worked.insert(lead) }
        // Whoever supplied a relevant body's information for the review.
        if let reviewID = review.id {
            worked.formUnion(
                try await CaseReviewRequest.query(on: db).filter(\.$review.$id == reviewID).all().compactMap(
                    \.$repliedBy.id))
        }
        var sat = Set<UUID>()
        if let panel = arrangements.panel, let panelID = panel.id {
            for id in [panel.$chair.id, panel.$coordinator.id] { if let id { sat.insert(id) } }
            sat.formUnion(
                try await PanelMember.query(on: db).filter(\.$panel.$id == panelID).all().compactMap(
                    \.$representative.id))
        }
        for id in [review.$decidedBy.id, review.$recordedBy.id] { if let id { sat.insert(id) } }
        if let reviewID = review.id {
            sat.formUnion(
                try await CaseReviewUpdate.query(on: db).filter(\.$review.$id == reviewID).all().compactMap(
                    \.$sentBy.id))
        }
        return (worked, sat)
    }
}
