import Fluent
import Foundation
import TandemCore
import Vapor

/// Stores a validated report, its categories and its audit event in one
/// transaction, so a report is never half saved.
enum ReportWrites {
    static func create(
        _ valid: ValidReport, source: Report.Source, organisationID: UUID, recordedBy: UUID?,
        submitterKey: String?, by actor: AuditActor, at now: Date, on db: any Database
    ) async throws -> Report {
        let calendar = WorkingCalendar()
        let report = Report()
        report.reference = try await ReferenceNumbers.reportReference(
            year: calendar.local(valid.receivedAt).day.year, on: db)
        report.$organisation.id = organisationID
        report.source = source.rawValue
        report.channel = valid.channel.rawValue
        report.receivedAt = valid.receivedAt
        report.$recordedBy.id = recordedBy
        report.reporterKind = valid.reporterKind.rawValue
        report.reporterName = valid.reporterName
        report.reporterPhone = valid.reporterPhone
        report.reporterEmail = valid.reporterEmail
        report.reporterAddress = valid.reporterAddress
        report.reporterPostcode = valid.reporterPostcode
        report.preferredContact = valid.preferredContact?.rawValue
        report.language = valid.language
        report.interpreterNeeded = valid.interpreterNeeded
        report.onBehalfName = valid.onBehalfName
        report.onBehalfCapacity = valid.onBehalfCapacity
        report.behaviourDate = valid.behaviourDate.description
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
        report.suggestedRisk = valid.suggestedRisk?.rawValue
        report.status = Report.Status.awaitingTriage.rawValue
        report.policeReferred = false
        report.submitterKey = submitterKey
        try await report.create(on: db)
        let reportID = try report.requireID()
        for categoryID in valid.categoryIDs {
            try await ReportCategory(reportID: reportID, categoryID: categoryID).create(on: db)
        }
        var snapshot = report.auditSnapshot
        snapshot["categories"] = valid.categoryIDs.map(\.uuidString).joined(separator: ",")
        try await AuditLog.append(
            AuditEntry(
                action: .create, recordType: .report, recordID: reportID.uuidString,
                summary: "Report \(report.reference) received (\(valid.channel.label))",
                changes: FieldChange.between(before: [:], after: snapshot)),
            by: actor, at: now, on: db)
        return report
    }

    /// The organisation that receives public reports: the first council ASB
    /// team set up on this installation.
    static func publicIntakeOrganisation(on db: any Database) async throws -> Organisation? {
        try await Organisation.query(on: db)
            .filter(\.$kind == OrganisationKind.councilASB.rawValue)
            .filter(\.$active == true)
            .sort(\.$createdAt).sort(\.$name)
            .first()
    }
}
