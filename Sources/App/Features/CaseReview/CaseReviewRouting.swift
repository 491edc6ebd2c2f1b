import Fluent
import Foundation
import TandemCore
import Vapor

/// What follows a threshold decision besides the letter (Lambeth 3.6.2 stage 2): either way the applicant is
/// offered a vulnerability assessment on the case, its officer is told, and the application is routed by what the
/// case shows.
enum CaseReviewRouting {
    static func decided(
        _ review: CaseReview, decision: ThresholdDecision, routes: [CaseReviewRoute],
        _ arrangements: LoadedArrangements,
        user: UUID, mayWorkCase: Bool, base: String, in work: UnitOfWork
    ) async throws {
        let reviewID = try review.requireID()
        let href = SiteURL.caseReview(.value(reviewID)).path
        if let caseID = review.$caseRecord.id, let record = try await CaseRecord.find(caseID, on: work.db) {
            // A closed case, or one the single point of contact may not work, has no assessment scheduled here:
            // the letter offers it and the case's officer is told.
            if record.status.isActive && mayWorkCase {
                RiskService.offer(record, occasion: .caseReviewThreshold, at: work.now)
                try await work.update(
                    record, "Vulnerability assessment offered after ASB Case Review \(review.reference)")
            }
            if let officer = record.$officer.id {
                try await Notifier.notify(
                    [officer],
                    .init(
                        kind: .caseReview, caseID: caseID,
                        summary:
                            "ASB Case Review \(review.reference) on case \(record.reference): \(decision.label.lowercased()); offer the vulnerability assessment",
                        href: href), except: user, base: base, in: work)
            }
        }
        for route in routes {
            let recipients = try await Self.recipients(route, review, arrangements, on: work.db)
            try await Notifier.notify(
                recipients,
                .init(
                    kind: .caseReview, caseID: nil, summary: "ASB Case Review \(review.reference): \(route.label)",
                    href: href), except: user, base: base, in: work)
        }
    }

    /// Who hears of a route: the vulnerable victims panel's coordinator, the hate crime lead (the single point of
    /// contact's managers), the youth offending service, or the landlord of the home.
    static func recipients(
        _ route: CaseReviewRoute, _ review: CaseReview, _ arrangements: LoadedArrangements, on db: any Database
    ) async throws -> [UUID] {
        switch route {
        case .vulnerableVictimsPanel:
            return try await Panel.query(on: db).filter(\.$kind == .vulnerableVictims).filter(\.$active == true).all()
                .compactMap(\.$coordinator.id)
        case .hateCrimeCoordinator:
            return try await Notifier.users(in: arrangements.organisationID, roles: [.teamManager], on: db)
        case .youthOffending:
            let services = try await Organisation.query(on: db).filter(\.$kind == .youthOffending).all()
                .compactMap(\.id)
            var users: [UUID] = []
            for id in services { users += try await Notifier.users(in: id, roles: Notifier.partnerRoles, on: db) }
            return users
        case .landlord:
            guard let caseID = review.$caseRecord.id, let record = try await CaseRecord.find(caseID, on: db),
                let placeID = record.$place.id, let place = try await Place.find(placeID, on: db),
                let landlord = place.$landlord.id
            else { return [] }
            return try await Notifier.users(in: landlord, roles: Notifier.partnerRoles, on: db)
        }
    }
}
