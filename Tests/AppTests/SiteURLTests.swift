import Foundation
import Testing
import Vapor

@testable import App

/// One `SiteURL` case names a route and its links (issue 18).
@Suite("Typed routes")
struct SiteURLTests {
    let caseID = UUID(uuidString: "6F1C2B7E-0D4A-4C61-9A52-3E1F0B7C8D90")!

    @Test("a link fills each parameter with its value; a route keeps the parameter's name")
    func linksAndRoutes() {
        // Setup
        let action = UUID(uuidString: "0A9B8C7D-6E5F-4A3B-8C1D-2E3F4A5B6C7D")!
        // Act
        let link = SiteURL.case(.value(caseID), .planAction(.value(action))).path
        let route = SiteURL.case(.key, .planAction(.key)).pathComponents.map(\.description)
        // Check
        #expect(link == "/cases/\(caseID.uuidString)/plan/actions/\(action.uuidString)")
        #expect(route == ["cases", ":caseID", "plan", "actions", ":actionID"])
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.admin(.resetPassword(.key)).path == "/admin/users/:userID/reset-password")
    }

    @Test("queries and resident tokens are percent-encoded; a fragment points at a field")
    func escaping() {
        // Act
        let query = SiteURL.case(.value(caseID), .newReview).path(query: [("power", "a&b c")])
        let resident = SiteURL.resident(.value("abc/../x"), .diary).path
        let fragment = SiteURL.case(.value(caseID), .enforcement).path(fragment: "costs")
        // Check
        #expect(query.hasSuffix("/reviews/new?power=a%26b%20c"))
        #expect(resident == "/r/abc%2F..%2Fx/diary")
        #expect(fragment.hasSuffix("/enforcement#costs"))
    }

    @Test("every fixed case link a template can use is the case resource's path")
    func caseLinks() throws {
        // Act
        let encoded = try JSONEncoder().encode(CaseLinks(caseID))
        let links = try JSONDecoder().decode([String: String].self, from: encoded)
        // Check
        #expect(links.count == CaseLinks.named.count)
        #expect(links["plan"] == "/cases/\(caseID.uuidString)/plan")
        #expect(links["newMeasure"] == "/cases/\(caseID.uuidString)/measures/new")
        #expect(links["summary"] == "/cases/\(caseID.uuidString)")
    }

    @Test("every route the app registers is a SiteURL: no handler registers a path of its own")
    func everyRouteIsTyped() async throws {
        try await withTandem { app, _ in
            // Setup: the paths SiteURL can name, as route patterns.
            var named = Set(Self.everyURL.map { $0.pathComponents.map(\.description).joined(separator: "/") })
            named.insert("")
            // Act
            let registered = app.routes.all.map { $0.path.map(\.description).joined(separator: "/") }
            // Check
            let untyped = registered.filter { !named.contains($0) }
            #expect(untyped.isEmpty, "registered outside SiteURL: \(untyped)")
        }
    }

    /// Every SiteURL with its parameters as keys.
    static var everyURL: [SiteURL] {
        let fixed: [SiteURL] = [
            .home, .health, .apiMe, .signIn, .signOut, .accountPassword, .publicReport, .publicReportReceived,
            .newReport, .reports,
            .triage, .triageReport(.key), .cases, .myCases, .unallocated, .allocateMany, .closureCandidates,
            .people, .person(.key), .oversight, .audit, .legalRegister, .legalRegisterCSV, .measures, .measuresCSV,
            .council, .councilCSV, .tsm, .tsmCSV, .repeatCallers, .repeatCallersCSV, .partnerWork, .referralQueue,
            .incomingReferral(.key), .answerReferral(.key), .personDisclosures(.key), .personDisclosuresCSV(.key),
            .notifications, .notificationsRead, .notificationSettings, .search, .panels, .panelAction(.key),
            .caseReviewApply, .caseReviewStatus(.key), .caseReviewStatus(.key, .response), .caseReviews,
            .newCaseReview, .caseReviewPublication, .caseReviewPublicationCSV, .auditVerify,
            .subjectAccess, .personChronology(.key), .subjectAccessRequest(.key),
            .subjectAccessRequest(.key, .identity),
            .subjectAccessRequest(.key, .extend), .subjectAccessRequest(.key, .gather),
            .subjectAccessRequest(.key, .signOff), .subjectAccessRequest(.key, .release),
            .subjectAccessRequest(.key, .bundle), .subjectAccessRequest(.key, .outcome),
            .subjectAccessRequest(.key, .redaction(.key)),
        ]
        let review: [CaseReviewResource] = [
            .summary, .link, .step(.key), .listing, .reply(.key), .update, .resolution, .signOff, .appealOfficer,
            .withdraw,
        ]
        let admin: [AdminResource] = [
            .agreements, .agreementsCSV, .newAgreement, .agreement(.key), .categories, .category(.key),
            .letterTemplates, .letterTemplate(.key), .organisations, .newOrganisation,
            .organisation(.key), .powers, .power(.key), .reporting, .reportingHomes, .responsePolicy,
            .officeClosures, .removeOfficeClosure(.key), .riskMatrix, .users, .newUser, .user(.key),
            .userRoles(.key), .deactivateUser(.key), .reactivateUser(.key), .resetPassword(.key), .wards,
            .ward(.key), .wardEstates(.key), .emails, .retryEmail(.key), .testEmail, .panels, .newPanel,
            .panel(.key), .caseReview, .retention, .retentionRules, .legalHolds, .liftHold(.key), .disposalBatches,
            .disposalBatch(.key), .approveBatch(.key), .cancelBatch(.key),
        ]
        let panel: [PanelResource] = [
            .summary, .meetings, .meeting(.key), .attendance(.key), .item(.key, .key), .itemActions(.key, .key),
            .research(.key, .key), .minutes(.key), .minutesVersion(.key, .key), .approveMinutes(.key, .key),
            .referral(.key), .report, .reportCSV,
        ]
        let resident: [ResidentResource] = [.start, .caseView, .diary, .letter(.key), .signOut, .survey]
        let withIDs: [CaseResource] = [
            .closureDecision(.key), .closureResponse(.key), .evidenceFile(.key), .intervention(.key),
            .interventionBreaches(.key), .letter(.key), .removeMarker(.key), .measureHearings(.key),
            .measureOrders(.key), .measureProgress(.key), .mentalHealthRecord(.key), .orderBreaches(.key),
            .planAction(.key), .referral(.key), .revokeResidentLink(.key), .review(.key), .reviewDecision(.key),
            .safeguardingOutcome(.key), .task(.key), .revokeShare(.key), .taskAssignment(.key),
        ]
        let cases = (CaseLinks.named.map(\.1) + withIDs).map { SiteURL.case(.key, $0) }
        return fixed + admin.map(SiteURL.admin) + resident.map { SiteURL.resident(.key, $0) } + cases
            + panel.map { SiteURL.panel(.key, $0) } + review.map { SiteURL.caseReview(.key, $0) }
    }
}
