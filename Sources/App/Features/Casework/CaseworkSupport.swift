import Fluent
import Foundation
import TandemCore
import Vapor

/// What every casework page and write shares: the case, who may act, the
/// tabs, the people on the case, and one transaction per write with its
/// audit events and timeline entry.
enum Casework {
    struct Tab: Encodable {
        var href: String
        var label: String
        var current: Bool
    }

    /// The top of every casework page.
    struct Header: Encodable {
        var caseID: String
        var reference: String
        var title: String
        var mayWork: Bool
        /// When the case file's personal data was destroyed under the retention schedule (issue 23).
        var disposedOn: String?
        var tabs: [Tab]
        /// Every page and form of the case, for the page's links and form actions.
        var links: CaseLinks
    }

    /// The case's tabs, in the order they are shown, each with the section of the case it belongs to: a
    /// partner sees only the tabs its share opens (the page behind any other answers 404).
    static let tabs: [(CaseResource, String, ShareSection)] = [
        (.summary, "Case", .summary), (.risk, "Risk", .risk), (.plan, "Plan and contact", .casework),
        (.evidence, "Diary and evidence", .reports), (.support, "Interventions and referrals", .casework),
        (.letters, "Letters and resident access", .casework), (.enforcement, "Enforcement", .enforcement),
        (.closure, "Closure", .casework),
    ]

    static func header(_ request: Request, _ record: CaseRecord, facts: CaseAccessFacts, current: CaseResource)
        throws -> Header
    {
        let id = try record.requireID()
        let links = CaseLinks(id)
        return Header(
            caseID: id.uuidString, reference: record.reference, title: record.title,
            mayWork: request.may(.workCase(facts)) && record.isActive,
            disposedOn: record.disposedAt.map(DisplayDate.day),
            tabs: tabs.filter { request.may(.viewSection(facts, $0.2)) }.map {
                Tab(href: links.to($0.0), label: $0.1, current: links.to($0.0) == links.to(current))
            }
                + (request.may(.viewDisclosureLog(facts))
                    ? [
                        Tab(href: links.to(.sharing), label: "Sharing", current: current.isSharing),
                        Tab(href: links.to(.panels), label: "Panels", current: links.to(current) == links.to(.panels)),
                    ] : []),
            links: links)
    }

    /// A write to an active case the user may work.
    static func prepare(_ request: Request, in section: ShareSection) async throws -> (
        CaseRecord, CaseAccessFacts, CurrentUser
    ) {
        let (record, facts) = try await CaseLookup.find(request, in: section)
        let user = try request.authorize(.workCase(facts))
        guard record.isActive else { throw Abort(.badRequest) }
        return (record, facts, user)
    }

    /// Runs `body` in one unit of work that ends with the case's timeline entry.
    static func write(
        _ request: Request, _ record: CaseRecord, user: CurrentUser, kind: CaseEventKind, timeline: String,
        _ body: @escaping @Sendable (UnitOfWork) async throws -> Void
    ) async throws {
        let caseID = try record.requireID()
        try await request.write { work in
            try await body(work)
            try await work.timeline(caseID, kind: kind, timeline, actorID: user.id)
        }
    }

    /// The people on a case, with their records.
    static func parties(_ caseID: UUID, on db: any Database) async throws -> [CaseParty] {
        try await CaseParty.query(on: db).filter(\.$caseRecord.$id == caseID).with(\.$person).sort(\.$addedAt).all()
    }

    static func partyLabel(_ party: CaseParty) -> String {
        let role = party.role.label
        return "\(party.person?.fullName ?? party.description ?? "Not named") (\(role.lowercased()))"
    }

    static func partyChoices(_ parties: [CaseParty], roles: Set<PartyRole>? = nil, selected: String? = nil)
        -> [Choice]
    {
        parties.filter { party in roles.map { $0.contains(party.role) } ?? true }
            .map {
                Choice(value: $0.id?.uuidString ?? "", label: partyLabel($0), selected: $0.id?.uuidString == selected)
            }
    }

    /// A time typed like "14:30", as minutes after midnight.
    static func minute(_ text: String?) -> Int? {
        let parts = TextRules.clean(text).split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// A typed date, or nil when it is not a real date between 1900 and 2099 (`DateBounds`).
    static func day(_ text: String?) -> CivilDate? { DateBounds.parse(TextRules.clean(text)) }

    static func add(_ problems: [CaseworkProblem], to form: inout FormState) {
        for problem in problems { form.add(problem.field, problem.message) }
    }

    /// Is this person known to be under 18 today (nil when no age is recorded)?
    static func under18(_ party: CaseParty?, today: CivilDate) -> Bool? {
        guard let person = party?.person else { return nil }
        let dob = person.dateOfBirth
        if dob == nil && person.age == nil { return nil }
        return RespondentRules.isUnder18(dateOfBirth: dob, age: person.age, statedUnder18: false, on: today)
    }
}
