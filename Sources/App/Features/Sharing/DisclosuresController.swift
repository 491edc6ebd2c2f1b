import Fluent
import SQLKit
import TandemCore
import Vapor

/// The disclosure log (issue 19, item 6): for a case, and for a person across every case of the team they are
/// on, who shared what with whom, when, under which agreement and gateway, and why. On screen and as CSV, for
/// a subject access request or an ICO accountability review.
struct DisclosuresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.case(.key, .disclosures), use: caseLog)
        routes.get(.case(.key, .disclosuresCSV), use: caseCSV)
        routes.get(.personDisclosures(.key), use: personLog)
        routes.get(.personDisclosuresCSV(.key), use: personCSV)
    }

    @Sendable
    func caseLog(request: Request) async throws -> View {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        try request.authorize(.viewDisclosureLog(facts))
        let caseID = try record.requireID()
        try await request.auditView(
            recordType: .`case`, recordID: caseID.uuidString,
            summary: "Viewed the disclosure log of case \(record.reference)")
        let rows = try await DisclosuresPage.rows(caseID: caseID, on: request.db, limit: 500)
        return try await request.view.render(
            "sharing/disclosures",
            DisclosuresPage.Page(
                layout: request.layout(title: "Disclosure log: \(record.reference)", section: .cases),
                heading: "Disclosure log: \(record.reference)", subject: record.title, rows: rows,
                hasRows: !rows.isEmpty, showCase: false, csvLink: SiteURL.case(.value(caseID), .disclosuresCSV).path,
                backLink: SiteURL.case(.value(caseID), .sharing).path, backLabel: "Back to the case's sharing"))
    }

    @Sendable
    func caseCSV(request: Request) async throws -> Response {
        let (record, facts) = try await CaseLookup.find(request, in: .summary)
        try request.authorize(.viewDisclosureLog(facts))
        let caseID = try record.requireID()
        try await request.auditView(
            recordType: .`case`, recordID: caseID.uuidString,
            summary: "Downloaded the disclosure log of case \(record.reference)")
        let rows = try await DisclosuresPage.rows(caseID: caseID, on: request.db, limit: nil)
        return CSVFile.response(DisclosuresPage.csv(rows), filename: "disclosures-\(record.reference).csv")
    }

    @Sendable
    func personLog(request: Request) async throws -> View {
        let (person, user) = try await findPerson(request)
        let personID = try person.requireID()
        try await request.auditView(
            recordType: .person, recordID: personID.uuidString,
            summary: "Viewed the disclosure log of a person")
        let rows = try await DisclosuresPage.rows(
            personID: personID, organisationID: user.organisationID, on: request.db, limit: 500)
        return try await request.view.render(
            "sharing/disclosures",
            DisclosuresPage.Page(
                layout: request.layout(title: "Disclosure log: \(person.fullName)", section: .people),
                heading: "Disclosure log: \(person.fullName)",
                subject: "Every share of a case this person is on, by your organisation", rows: rows,
                hasRows: !rows.isEmpty, showCase: true, csvLink: SiteURL.personDisclosuresCSV(.value(personID)).path,
                backLink: SiteURL.person(.value(personID)).path, backLabel: "Back to the person's record"))
    }

    @Sendable
    func personCSV(request: Request) async throws -> Response {
        let (person, user) = try await findPerson(request)
        let personID = try person.requireID()
        try await request.auditView(
            recordType: .person, recordID: personID.uuidString,
            summary: "Downloaded the disclosure log of a person")
        let rows = try await DisclosuresPage.rows(
            personID: personID, organisationID: user.organisationID, on: request.db, limit: nil)
        return CSVFile.response(DisclosuresPage.csv(rows), filename: "disclosures-person.csv")
    }

    /// A person's log is for the team that holds their record: those who may find people, and only for a
    /// person on one of their organisation's cases (404 otherwise, as for the person's record).
    private func findPerson(_ request: Request) async throws -> (Person, CurrentUser) {
        let user = try request.authorize(.findPeople)
        guard let id = request.parameters.get("personID", as: UUID.self),
            let person = try await Person.find(id, on: request.db),
            try await CaseParty.query(on: request.db).filter(\.$person.$id == id)
                .join(CaseRecord.self, on: \CaseParty.$caseRecord.$id == \CaseRecord.$id)
                .filter(CaseRecord.self, \.$organisation.$id == user.organisationID).count() > 0
        else { throw Abort(.notFound) }
        return (person, user)
    }
}
