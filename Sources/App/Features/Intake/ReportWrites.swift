import Fluent
import Foundation
import TandemCore
import Vapor

/// Stores a validated report, its categories and their audit events in the
/// caller's unit of work, so a report is never half saved.
enum ReportWrites {
    static func create(
        _ valid: ValidReport, source: Report.Source, organisationID: UUID, recordedBy: UUID?,
        submitterKey: String?, in work: UnitOfWork
    ) async throws -> Report {
        let calendar = WorkingCalendar()
        let report = Report()
        report.reference = try await ReferenceNumbers.reportReference(
            year: calendar.local(valid.receivedAt).day.year, on: work.db)
        report.$organisation.id = organisationID
        report.source = source
        report.channel = valid.channel
        report.receivedAt = valid.receivedAt
        report.$recordedBy.id = recordedBy
        report.reporterKind = valid.reporterKind
        report.reporterName = valid.reporterName
        report.reporterPhone = valid.reporterPhone
        report.reporterEmail = valid.reporterEmail
        report.reporterAddress = valid.reporterAddress
        report.reporterPostcode = valid.reporterPostcode
        report.preferredContact = valid.preferredContact
        report.language = valid.language
        report.interpreterNeeded = valid.interpreterNeeded
        report.onBehalfName = valid.onBehalfName
        report.onBehalfCapacity = valid.onBehalfCapacity
        report.behaviourDate = valid.behaviourDate
        report.happeningNow = valid.happeningNow
        report.location = valid.location
        report.locationPostcode = valid.locationPostcode
        report.$ward.id = valid.wardID
        report.description = valid.description
        report.respondentName = valid.respondentName
        report.peopleInvolved = valid.peopleInvolved
        report.effect = valid.effect
        report.outcomeWanted = valid.outcomeWanted
        report.hateIncident = valid.hateIncident
        report.hateStrands = HateStrand.store(valid.hateStrands)
        report.suggestedRisk = valid.suggestedRisk
        report.status = Report.Status.awaitingTriage
        report.policeReferred = false
        report.submitterKey = submitterKey
        // The report's own event carries its categories, so one event reads as the whole report received.
        try await work.insert(
            report, "Report \(report.reference) received (\(valid.channel.label))",
            with: ["categories": valid.categoryIDs.map(\.uuidString).joined(separator: ",")])
        let reportID = try report.requireID()
        let names = try await categoryNames(valid.categoryIDs, on: work.db)
        for categoryID in valid.categoryIDs {
            try await work.insert(
                ReportCategory(reportID: reportID, categoryID: categoryID),
                "Added category \(names[categoryID] ?? "unknown") to report \(report.reference)")
        }
        return report
    }

    /// Category names by id, read only to word the events of the categories a report or case is given.
    static func categoryNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for category in try await Category.query(on: db).filter(\.$id ~~ ids).all() {
            if let id = category.id { names[id] = category.name }
        }
        return names
    }

    /// The organisation that receives public reports: the first council ASB
    /// team set up on this installation.
    static func publicIntakeOrganisation(on db: any Database) async throws -> Organisation? {
        try await Organisation.query(on: db)
            .filter(\.$kind == OrganisationKind.councilASB)
            .filter(\.$active == true)
            .sort(\.$createdAt).sort(\.$name)
            .first()
    }
}
