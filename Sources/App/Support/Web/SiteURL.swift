import Foundation
import Vapor

/// A path parameter: `.key` where a route is registered, a value where a link is built, so one `SiteURL`
/// case names both and the two cannot drift apart (issue 18; SwiftPackageIndex-Server's `SiteURL` is the
/// model).
enum Parameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

/// A record's id in a path.
typealias RecordID = Parameter<UUID>

/// One piece of a path: fixed text, or a named parameter with its value when a link is built.
enum PathPart: Sendable {
    case fixed(String)
    case parameter(String, String?)

    static func id(_ name: String, _ parameter: RecordID) -> PathPart {
        switch parameter {
        case .key: .parameter(name, nil)
        case .value(let id): .parameter(name, id.uuidString)
        }
    }
}

/// Every page, form and file Tandem serves. Controllers register their routes from it, and every link,
/// form action and redirect is built from it; templates are handed finished links by their page models.
enum SiteURL: Sendable {
    case home
    case health
    case apiMe
    case signIn
    case signOut
    case accountPassword
    case publicReport
    /// The confirmation the public form redirects to, so a refresh shows it again instead of filing twice.
    case publicReportReceived
    case newReport
    /// Where the staff report form posts.
    case reports
    case triage
    case triageReport(RecordID)
    case cases
    case myCases
    case unallocated
    case allocateMany
    case closureCandidates
    case `case`(RecordID, CaseResource = .summary)
    case people
    case person(RecordID)
    /// A person's chronology across the cases the viewer may see (issue 23, item 4).
    case personChronology(RecordID)
    case oversight
    /// The register of data subject requests, and one request's page and forms (issue 23, item 3).
    case subjectAccess
    case subjectAccessRequest(RecordID, SubjectAccessResource = .summary)
    case audit
    /// The audit chain checked from the first event (issue 23: disposal told apart from tampering).
    case auditVerify
    case legalRegister
    case legalRegisterCSV
    case measures
    case measuresCSV
    case council
    case councilCSV
    case tsm
    case tsmCSV
    case repeatCallers
    case repeatCallersCSV
    case admin(AdminResource)
    /// A partner organisation's home: its shared cases, referrals to it, its actions and shares ending soon.
    case partnerWork
    /// The signed-in user's notifications, marking them read, and which come by email (issue 20).
    case notifications
    /// The header's search of cases and people (issue 20).
    case search
    case notificationsRead
    case notificationSettings
    /// The referrals sent to the user's organisation through Tandem.
    case referralQueue
    case incomingReferral(RecordID)
    case answerReferral(RecordID)
    /// Who shared what about a person, with whom and why: for a subject access request.
    case personDisclosures(RecordID)
    case personDisclosuresCSV(RecordID)
    case resident(Parameter<String>, ResidentResource = .start)
    /// The panels the user's organisation hosts or sits on, and the user's panel actions (issue 21).
    case panels
    case panel(RecordID, PanelResource = .summary)
    /// Where the owner of a panel action reports where it stands.
    case panelAction(RecordID)
    /// The public ASB Case Review application form (issue 22), and the applicant's private page.
    case caseReviewApply
    case caseReviewStatus(Parameter<String>, CaseReviewStatusResource = .page)
    /// The Case Review register (and where staff record an application), one application, the publication.
    case caseReviews
    case newCaseReview
    case caseReview(RecordID, CaseReviewResource = .summary)
    case caseReviewPublication
    case caseReviewPublicationCSV

    var parts: [PathPart] {
        switch self {
        case .home: []
        case .health: [.fixed("health")]
        case .apiMe: [.fixed("api"), .fixed("me")]
        case .signIn: [.fixed("sign-in")]
        case .signOut: [.fixed("sign-out")]
        case .accountPassword: [.fixed("account"), .fixed("password")]
        case .publicReport: [.fixed("report")]
        case .publicReportReceived: [.fixed("report"), .fixed("received")]
        case .newReport: [.fixed("reports"), .fixed("new")]
        case .reports: [.fixed("reports")]
        case .triage: [.fixed("triage")]
        case .triageReport(let id): [.fixed("triage"), .id("reportID", id)]
        case .cases: [.fixed("cases")]
        case .myCases: [.fixed("cases"), .fixed("mine")]
        case .unallocated: [.fixed("cases"), .fixed("unallocated")]
        case .allocateMany: [.fixed("cases"), .fixed("allocate")]
        case .closureCandidates: [.fixed("cases"), .fixed("closure-candidates")]
        case .case(let id, let resource): [.fixed("cases"), .id("caseID", id)] + resource.parts
        case .people: [.fixed("people")]
        case .person(let id): [.fixed("people"), .id("personID", id)]
        case .personChronology(let id): [.fixed("people"), .id("personID", id), .fixed("chronology")]
        case .oversight: [.fixed("oversight")]
        case .subjectAccess: [.fixed("subject-access")]
        case .subjectAccessRequest(let id, let resource):
            [.fixed("subject-access"), .id("requestID", id)] + resource.parts
        case .audit: [.fixed("audit")]
        case .auditVerify: [.fixed("audit"), .fixed("verify")]
        case .legalRegister: [.fixed("legal")]
        case .legalRegisterCSV: [.fixed("legal.csv")]
        case .measures: [.fixed("reports")]
        case .measuresCSV: [.fixed("reports"), .fixed("measures.csv")]
        case .council: [.fixed("reports"), .fixed("council")]
        case .councilCSV: [.fixed("reports"), .fixed("council.csv")]
        case .tsm: [.fixed("reports"), .fixed("tsm")]
        case .tsmCSV: [.fixed("reports"), .fixed("tsm.csv")]
        case .repeatCallers: [.fixed("reports"), .fixed("repeat-callers")]
        case .repeatCallersCSV: [.fixed("reports"), .fixed("repeat-callers.csv")]
        case .admin(let resource): [.fixed("admin")] + resource.parts
        case .partnerWork: [.fixed("partnership")]
        case .notifications: [.fixed("notifications")]
        case .search: [.fixed("search")]
        case .notificationsRead: [.fixed("notifications"), .fixed("read")]
        case .notificationSettings: [.fixed("notifications"), .fixed("settings")]
        case .referralQueue: [.fixed("referrals")]
        case .incomingReferral(let id): [.fixed("referrals"), .id("referralID", id)]
        case .answerReferral(let id): [.fixed("referrals"), .id("referralID", id), .fixed("answer")]
        case .personDisclosures(let id): [.fixed("people"), .id("personID", id), .fixed("disclosures")]
        case .personDisclosuresCSV(let id): [.fixed("people"), .id("personID", id), .fixed("disclosures.csv")]
        case .panels: [.fixed("panels")]
        case .panel(let id, let resource): [.fixed("panels"), .id("panelID", id)] + resource.parts
        case .panelAction(let id): [.fixed("panels"), .fixed("actions"), .id("actionID", id)]
        case .caseReviewApply: [.fixed("case-review")]
        case .caseReviewStatus(let token, let resource):
            switch token {
            case .key: [.fixed("case-review"), .fixed("status"), .parameter("token", nil)] + resource.parts
            case .value(let value):
                [.fixed("case-review"), .fixed("status"), .parameter("token", value)] + resource.parts
            }
        case .caseReviews: [.fixed("case-reviews")]
        case .newCaseReview: [.fixed("case-reviews"), .fixed("new")]
        case .caseReview(let id, let resource): [.fixed("case-reviews"), .id("reviewID", id)] + resource.parts
        case .caseReviewPublication: [.fixed("case-reviews"), .fixed("publication")]
        case .caseReviewPublicationCSV: [.fixed("case-reviews"), .fixed("publication.csv")]
        case .resident(let token, let resource):
            switch token {
            case .key: [.fixed("r"), .parameter("token", nil)] + resource.parts
            case .value(let value): [.fixed("r"), .parameter("token", value)] + resource.parts
            }
        }
    }

    /// The route as Vapor registers it.
    var pathComponents: [PathComponent] {
        parts.map { part in
            switch part {
            case .fixed(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }

    /// The link: "/cases/<id>/plan". A parameter without a value is written as its key (":caseID"), as the
    /// route table prints it.
    var path: String {
        "/"
            + parts.map { part in
                switch part {
                case .fixed(let text): text
                case .parameter(let name, let value): value.map(Self.escape) ?? ":\(name)"
                }
            }.joined(separator: "/")
    }

    /// The link with a query string, each value percent-encoded.
    func path(query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    /// The link with a fragment: the field an error message points at.
    func path(fragment: String) -> String { "\(path)#\(fragment)" }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}

/// The pages and forms of one case.
enum CaseResource: Sendable {
    case summary
    case acknowledge
    case acknowledgement
    case allocate
    case caseReviewExplained
    case closure
    case closureDecision(RecordID)
    case closureResponse(RecordID)
    case contacts
    case costs
    /// The print-ready case file for court (issue 23, item 5).
    case courtFile
    case diary
    case disclosures
    case disclosuresCSV
    case enforcement
    case evidence
    case evidenceFile(RecordID)
    case homeVisits
    case householdAtRisk
    /// Where a partner records an incident its agency received, as a report on the case.
    case incidents
    case intervention(RecordID)
    case interventionBreaches(RecordID)
    case interventions
    case interviews
    case newInterview
    case letter(RecordID)
    case letters
    case newLetter
    case markers
    case removeMarker(RecordID)
    case measureHearings(RecordID)
    case measureOrders(RecordID)
    case measureProgress(RecordID)
    case measures
    case newMeasure
    case mentalHealth
    case mentalHealthRecord(RecordID)
    case newMentalHealth
    /// Where a shared case note is added.
    case notes
    case orderBreaches(RecordID)
    case oversight
    case parties
    /// The case's referrals to panels, and where a referral is made (issue 21).
    case panels
    case place
    case plan
    case planAction(RecordID)
    case planActions
    case planAgreement
    case planPrint
    case planReviews
    case referral(RecordID)
    case referrals
    case reopen
    case residentLinks
    case revokeResidentLink(RecordID)
    case respondentAssessment
    case newRespondentAssessment
    case respondentDecisions
    case review(RecordID)
    case reviewDecision(RecordID)
    case reviews
    case newReview
    /// The Risk tab, and where a change of risk level posts.
    case risk
    case safeguarding
    case safeguardingOutcome(RecordID)
    /// Who the case is shared with, under what, since when; where a share is made.
    case sharing
    case revokeShare(RecordID)
    case support
    case surveys
    case task(RecordID)
    /// Where the owning team gives a task to a partner organisation (issue 19).
    case taskAssignment(RecordID)
    case vulnerability
    case vulnerabilityOffer
    case newVulnerability

    var parts: [PathPart] {
        switch self {
        case .summary: []
        case .acknowledge: [.fixed("acknowledge")]
        case .acknowledgement: [.fixed("acknowledgement")]
        case .allocate: [.fixed("allocate")]
        case .caseReviewExplained: [.fixed("case-review-explained")]
        case .closure: [.fixed("closure")]
        case .courtFile: [.fixed("court-file")]
        case .closureDecision(let id): [.fixed("closure"), .id("closureID", id), .fixed("decision")]
        case .closureResponse(let id): [.fixed("closure"), .id("closureID", id), .fixed("response")]
        case .contacts: [.fixed("contacts")]
        case .costs: [.fixed("costs")]
        case .diary: [.fixed("diary")]
        case .disclosures: [.fixed("disclosures")]
        case .disclosuresCSV: [.fixed("disclosures.csv")]
        case .enforcement: [.fixed("enforcement")]
        case .evidence: [.fixed("evidence")]
        case .evidenceFile(let id): [.fixed("evidence"), .id("itemID", id), .fixed("file")]
        case .homeVisits: [.fixed("home-visits")]
        case .householdAtRisk: [.fixed("household-at-risk")]
        case .incidents: [.fixed("incidents")]
        case .intervention(let id): [.fixed("interventions"), .id("interventionID", id)]
        case .interventionBreaches(let id): [.fixed("interventions"), .id("interventionID", id), .fixed("breaches")]
        case .interventions: [.fixed("interventions")]
        case .interviews: [.fixed("interviews")]
        case .newInterview: [.fixed("interviews"), .fixed("new")]
        case .letter(let id): [.fixed("letters"), .id("letterID", id)]
        case .letters: [.fixed("letters")]
        case .newLetter: [.fixed("letters"), .fixed("new")]
        case .markers: [.fixed("markers")]
        case .removeMarker(let id): [.fixed("markers"), .id("markerID", id), .fixed("remove")]
        case .measureHearings(let id): [.fixed("measures"), .id("measureID", id), .fixed("hearings")]
        case .measureOrders(let id): [.fixed("measures"), .id("measureID", id), .fixed("orders")]
        case .measureProgress(let id): [.fixed("measures"), .id("measureID", id), .fixed("progress")]
        case .measures: [.fixed("measures")]
        case .newMeasure: [.fixed("measures"), .fixed("new")]
        case .mentalHealth: [.fixed("mental-health")]
        case .mentalHealthRecord(let id): [.fixed("mental-health"), .id("recordID", id)]
        case .newMentalHealth: [.fixed("mental-health"), .fixed("new")]
        case .notes: [.fixed("notes")]
        case .orderBreaches(let id): [.fixed("orders"), .id("orderID", id), .fixed("breaches")]
        case .oversight: [.fixed("oversight")]
        case .parties: [.fixed("parties")]
        case .panels: [.fixed("panels")]
        case .place: [.fixed("place")]
        case .plan: [.fixed("plan")]
        case .planAction(let id): [.fixed("plan"), .fixed("actions"), .id("actionID", id)]
        case .planActions: [.fixed("plan"), .fixed("actions")]
        case .planAgreement: [.fixed("plan"), .fixed("agreement")]
        case .planPrint: [.fixed("plan"), .fixed("print")]
        case .planReviews: [.fixed("plan"), .fixed("reviews")]
        case .referral(let id): [.fixed("referrals"), .id("referralID", id)]
        case .referrals: [.fixed("referrals")]
        case .reopen: [.fixed("reopen")]
        case .residentLinks: [.fixed("resident-links")]
        case .revokeResidentLink(let id): [.fixed("resident-links"), .id("linkID", id), .fixed("revoke")]
        case .respondentAssessment: [.fixed("respondent-assessment")]
        case .newRespondentAssessment: [.fixed("respondent-assessment"), .fixed("new")]
        case .respondentDecisions: [.fixed("respondent-decisions")]
        case .review(let id): [.fixed("reviews"), .id("reviewID", id)]
        case .reviewDecision(let id): [.fixed("reviews"), .id("reviewID", id), .fixed("decision")]
        case .reviews: [.fixed("reviews")]
        case .newReview: [.fixed("reviews"), .fixed("new")]
        case .risk: [.fixed("risk")]
        case .safeguarding: [.fixed("safeguarding")]
        case .safeguardingOutcome(let id): [.fixed("safeguarding"), .id("concernID", id)]
        case .sharing: [.fixed("sharing")]
        case .revokeShare(let id): [.fixed("sharing"), .id("shareID", id), .fixed("revoke")]
        case .support: [.fixed("support")]
        case .surveys: [.fixed("surveys")]
        case .task(let id): [.fixed("tasks"), .id("taskID", id)]
        case .taskAssignment(let id): [.fixed("tasks"), .id("taskID", id), .fixed("assignment")]
        case .vulnerability: [.fixed("vulnerability")]
        case .vulnerabilityOffer: [.fixed("vulnerability"), .fixed("offer")]
        case .newVulnerability: [.fixed("vulnerability"), .fixed("new")]
        }
    }
}

extension CaseResource {
    /// The Sharing tab's own pages.
    var isSharing: Bool {
        switch self {
        case .sharing, .disclosures: true
        default: false
        }
    }
}

/// The administrators' pages.
enum AdminResource: Sendable {
    /// The register of information sharing agreements.
    case agreements
    case agreementsCSV
    case newAgreement
    case agreement(RecordID)
    case categories
    case category(RecordID)
    case letterTemplates
    case letterTemplate(RecordID)
    case organisations
    case newOrganisation
    case organisation(RecordID)
    /// The panels kept as local policy (issue 21, item 1).
    case panels
    case newPanel
    case panel(RecordID)
    /// The local ASB Case Review arrangements (issue 22, item 1).
    case caseReview
    case powers
    case power(RecordID)
    case reporting
    case reportingHomes
    case responsePolicy
    case officeClosures
    case removeOfficeClosure(RecordID)
    case riskMatrix
    case users
    case newUser
    case user(RecordID)
    case userRoles(RecordID)
    case deactivateUser(RecordID)
    /// The retention schedule, legal holds and disposal batches (issue 23, item 1).
    case retention
    case retentionRules
    case legalHolds
    case liftHold(RecordID)
    case disposalBatches
    case disposalBatch(RecordID)
    case approveBatch(RecordID)
    case cancelBatch(RecordID)
    /// The email outbox, a failed message tried again, and a test message (issue 20).
    case emails
    case retryEmail(RecordID)
    case testEmail
    case reactivateUser(RecordID)
    case resetPassword(RecordID)
    case wards
    case ward(RecordID)
    case wardEstates(RecordID)

    var parts: [PathPart] {
        switch self {
        case .agreements: [.fixed("agreements")]
        case .agreementsCSV: [.fixed("agreements.csv")]
        case .newAgreement: [.fixed("agreements"), .fixed("new")]
        case .agreement(let id): [.fixed("agreements"), .id("agreementID", id)]
        case .categories: [.fixed("categories")]
        case .category(let id): [.fixed("categories"), .id("categoryID", id)]
        case .letterTemplates: [.fixed("letters")]
        case .letterTemplate(let id): [.fixed("letters"), .id("templateID", id)]
        case .organisations: [.fixed("organisations")]
        case .newOrganisation: [.fixed("organisations"), .fixed("new")]
        case .organisation(let id): [.fixed("organisations"), .id("organisationID", id)]
        case .panels: [.fixed("panels")]
        case .newPanel: [.fixed("panels"), .fixed("new")]
        case .panel(let id): [.fixed("panels"), .id("panelID", id)]
        case .caseReview: [.fixed("case-review")]
        case .powers: [.fixed("powers")]
        case .power(let id): [.fixed("powers"), .id("powerID", id)]
        case .reporting: [.fixed("reporting")]
        case .reportingHomes: [.fixed("reporting"), .fixed("homes")]
        case .responsePolicy: [.fixed("response-policy")]
        case .officeClosures: [.fixed("response-policy"), .fixed("closures")]
        case .removeOfficeClosure(let id):
            [.fixed("response-policy"), .fixed("closures"), .id("closureID", id), .fixed("delete")]
        case .riskMatrix: [.fixed("risk-matrix")]
        case .users: [.fixed("users")]
        case .newUser: [.fixed("users"), .fixed("new")]
        case .user(let id): [.fixed("users"), .id("userID", id)]
        case .userRoles(let id): [.fixed("users"), .id("userID", id), .fixed("roles")]
        case .deactivateUser(let id): [.fixed("users"), .id("userID", id), .fixed("deactivate")]
        case .retention: [.fixed("retention")]
        case .retentionRules: [.fixed("retention"), .fixed("schedule")]
        case .legalHolds: [.fixed("retention"), .fixed("holds")]
        case .liftHold(let id): [.fixed("retention"), .fixed("holds"), .id("holdID", id), .fixed("lift")]
        case .disposalBatches: [.fixed("retention"), .fixed("batches")]
        case .disposalBatch(let id): [.fixed("retention"), .fixed("batches"), .id("batchID", id)]
        case .approveBatch(let id): [.fixed("retention"), .fixed("batches"), .id("batchID", id), .fixed("approve")]
        case .cancelBatch(let id): [.fixed("retention"), .fixed("batches"), .id("batchID", id), .fixed("cancel")]
        case .emails: [.fixed("emails")]
        case .retryEmail(let id): [.fixed("emails"), .id("emailID", id), .fixed("retry")]
        case .testEmail: [.fixed("emails"), .fixed("test")]
        case .reactivateUser(let id): [.fixed("users"), .id("userID", id), .fixed("reactivate")]
        case .resetPassword(let id): [.fixed("users"), .id("userID", id), .fixed("reset-password")]
        case .wards: [.fixed("wards")]
        case .ward(let id): [.fixed("wards"), .id("wardID", id)]
        case .wardEstates(let id): [.fixed("wards"), .id("wardID", id), .fixed("estates")]
        }
    }
}

/// A data subject request's page and forms.
enum SubjectAccessResource: Sendable {
    case summary, identity, extend, gather, signOff, release, bundle, outcome
    case redaction(RecordID)

    var parts: [PathPart] {
        switch self {
        case .summary: []
        case .identity: [.fixed("identity")]
        case .extend: [.fixed("extension")]
        case .gather: [.fixed("gather")]
        case .signOff: [.fixed("sign-off")]
        case .release: [.fixed("release")]
        case .bundle: [.fixed("bundle.zip")]
        case .outcome: [.fixed("outcome")]
        case .redaction(let id): [.fixed("redactions"), .id("redactionID", id)]
        }
    }
}

/// A panel's pages and forms.
enum PanelResource: Sendable {
    case summary
    /// Where a meeting is arranged.
    case meetings
    case meeting(RecordID)
    case attendance(RecordID)
    case item(RecordID, RecordID)
    case itemActions(RecordID, RecordID)
    case research(RecordID, RecordID)
    /// Where a new version of the minutes is drafted from the record.
    case minutes(RecordID)
    case minutesVersion(RecordID, RecordID)
    case approveMinutes(RecordID, RecordID)
    /// Where the coordinator accepts a referral onto an agenda or returns it.
    case referral(RecordID)
    case report
    case reportCSV

    var parts: [PathPart] {
        switch self {
        case .summary: []
        case .meetings: [.fixed("meetings")]
        case .meeting(let id): [.fixed("meetings"), .id("meetingID", id)]
        case .attendance(let id): [.fixed("meetings"), .id("meetingID", id), .fixed("attendance")]
        case .item(let meeting, let item):
            [.fixed("meetings"), .id("meetingID", meeting), .fixed("items"), .id("itemID", item)]
        case .itemActions(let meeting, let item):
            [.fixed("meetings"), .id("meetingID", meeting), .fixed("items"), .id("itemID", item), .fixed("actions")]
        case .research(let meeting, let item):
            [.fixed("meetings"), .id("meetingID", meeting), .fixed("items"), .id("itemID", item), .fixed("research")]
        case .minutes(let id): [.fixed("meetings"), .id("meetingID", id), .fixed("minutes")]
        case .minutesVersion(let meeting, let minutes):
            [.fixed("meetings"), .id("meetingID", meeting), .fixed("minutes"), .id("minutesID", minutes)]
        case .approveMinutes(let meeting, let minutes):
            [
                .fixed("meetings"), .id("meetingID", meeting), .fixed("minutes"), .id("minutesID", minutes),
                .fixed("approve"),
            ]
        case .referral(let id): [.fixed("referrals"), .id("referralID", id)]
        case .report: [.fixed("report")]
        case .reportCSV: [.fixed("report.csv")]
        }
    }
}

/// One Case Review application's forms (issue 22).
enum CaseReviewResource: Sendable {
    case summary
    /// The case in Tandem the application is about.
    case link
    /// Recording one stage: a `CaseReviewStep` by its raw value.
    case step(Parameter<String>)
    /// Listing the review at a CT-MARAC meeting, with the applicant's invitation.
    case listing
    /// A relevant body's reply to the request for information.
    case reply(RecordID)
    case update
    case resolution
    case signOff
    case appealOfficer
    case withdraw

    var parts: [PathPart] {
        switch self {
        case .summary: []
        case .link: [.fixed("case")]
        case .step(let step):
            switch step {
            case .key: [.fixed("steps"), .parameter("step", nil)]
            case .value(let value): [.fixed("steps"), .parameter("step", value)]
            }
        case .listing: [.fixed("meeting")]
        case .reply(let id): [.fixed("requests"), .id("requestID", id)]
        case .update: [.fixed("updates")]
        case .resolution: [.fixed("resolution")]
        case .signOff: [.fixed("resolution"), .fixed("sign-off")]
        case .appealOfficer: [.fixed("appeal-officer")]
        case .withdraw: [.fixed("withdraw")]
        }
    }
}

/// The applicant's private page and their answer to the resolution letter.
enum CaseReviewStatusResource: Sendable {
    case page
    case response

    var parts: [PathPart] {
        switch self {
        case .page: []
        case .response: [.fixed("response")]
        }
    }
}

/// The resident's pages behind their link.
enum ResidentResource: Sendable {
    case start
    case caseView
    case diary
    case letter(RecordID)
    case signOut
    case survey

    var parts: [PathPart] {
        switch self {
        case .start: []
        case .caseView: [.fixed("case")]
        case .diary: [.fixed("diary")]
        case .letter(let id): [.fixed("letters"), .id("letterID", id)]
        case .signOut: [.fixed("sign-out")]
        case .survey: [.fixed("survey")]
        }
    }
}

extension RoutesBuilder {
    /// Registers a page at its typed address.
    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ url: SiteURL, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        get(url.pathComponents, use: closure)
    }

    /// Registers a form's target at its typed address.
    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ url: SiteURL, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        post(url.pathComponents, use: closure)
    }
}

extension Request {
    /// A redirect to a typed address, "See Other" as after every form.
    func redirect(to url: SiteURL) -> Response {
        redirect(to: url.path, redirectType: .normal)
    }
}

/// Every page and form of one case that needs no other id, ready for a template: `#(links.plan)`,
/// `#(links.newMeasure)`. Built from `CaseResource`, so a template never spells a case path.
struct CaseLinks: Encodable, Sendable {
    let caseID: UUID

    init(_ caseID: UUID) { self.caseID = caseID }

    /// The link to one of the case's resources, for links that carry another id.
    func to(_ resource: CaseResource) -> String { SiteURL.case(.value(caseID), resource).path }

    static let named: [(String, CaseResource)] = [
        ("summary", .summary), ("acknowledge", .acknowledge), ("acknowledgement", .acknowledgement),
        ("allocate", .allocate), ("caseReviewExplained", .caseReviewExplained), ("closure", .closure),
        ("contacts", .contacts), ("costs", .costs), ("courtFile", .courtFile), ("diary", .diary),
        ("disclosures", .disclosures),
        ("disclosuresCSV", .disclosuresCSV), ("enforcement", .enforcement), ("incidents", .incidents),
        ("evidence", .evidence), ("homeVisits", .homeVisits), ("householdAtRisk", .householdAtRisk),
        ("interventions", .interventions), ("interviews", .interviews), ("newInterview", .newInterview),
        ("letters", .letters), ("newLetter", .newLetter), ("markers", .markers), ("measures", .measures),
        ("newMeasure", .newMeasure), ("mentalHealth", .mentalHealth), ("newMentalHealth", .newMentalHealth),
        ("notes", .notes),
        ("oversight", .oversight), ("panels", .panels), ("parties", .parties), ("place", .place), ("plan", .plan),
        ("planActions", .planActions), ("planAgreement", .planAgreement), ("planPrint", .planPrint),
        ("planReviews", .planReviews), ("referrals", .referrals), ("reopen", .reopen),
        ("residentLinks", .residentLinks), ("respondentAssessment", .respondentAssessment),
        ("newRespondentAssessment", .newRespondentAssessment), ("respondentDecisions", .respondentDecisions),
        ("reviews", .reviews), ("newReview", .newReview), ("risk", .risk), ("safeguarding", .safeguarding),
        ("sharing", .sharing),
        ("support", .support), ("surveys", .surveys), ("vulnerability", .vulnerability),
        ("vulnerabilityOffer", .vulnerabilityOffer), ("newVulnerability", .newVulnerability),
    ]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, resource) in Self.named {
            try container.encode(to(resource), forKey: Key(stringValue: name))
        }
    }
}
