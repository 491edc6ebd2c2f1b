import Foundation
import TandemCore
import Vapor

/// A report as shown to staff. Free text is passed as is; Leaf escapes it.
struct ReportView: Encodable {
    var id: String
    var reference: String
    var source: String
    var channel: String
    var received: String
    var reporterKind: String
    var reporterName: String?
    var reporterPhone: String?
    var reporterEmail: String?
    var reporterAddress: String?
    var preferredContact: String?
    var language: String?
    var interpreterNeeded: Bool
    var onBehalf: String?
    var behaviourDate: String
    var happeningNow: Bool
    var location: String
    var ward: String?
    var description: String
    var respondentName: String?
    var peopleInvolved: String?
    var effect: String?
    var outcomeWanted: String?
    var categories: String
    var hate: Bool
    var hateStrands: String
    var triageReason: String?

    init(_ report: Report, categories: [Category]) throws {
        id = try report.requireID().uuidString
        reference = report.reference
        source = report.source == Report.Source.publicForm ? "Public form" : "Recorded by staff"
        channel = report.channel.label
        received = DisplayDate.dayAndTime(report.receivedAt)
        reporterKind = report.reporterKind.label
        reporterName = report.reporterName
        reporterPhone = report.reporterPhone
        reporterEmail = report.reporterEmail
        reporterAddress =
            [report.reporterAddress, report.reporterPostcode].compactMap { $0 }.joined(separator: ", ")
            .nilIfEmpty
        preferredContact = report.preferredContact?.label
        language = report.language
        interpreterNeeded = report.interpreterNeeded
        onBehalf = report.onBehalfName.map { "\($0) (\(report.onBehalfCapacity ?? ""))" }
        behaviourDate = DisplayDate.civil(report.behaviourDate)
        happeningNow = report.happeningNow
        location = [report.location, report.locationPostcode].compactMap { $0 }.joined(separator: ", ")
        ward = report.ward?.name
        description = report.description
        respondentName = report.respondentName
        peopleInvolved = report.peopleInvolved
        effect = report.effect
        outcomeWanted = report.outcomeWanted
        self.categories = categories.map(\.name).joined(separator: "; ")
        hate = report.hateIncident
        hateStrands = HateStrand.parse(report.hateStrands).map(\.label).joined(separator: ", ")
        triageReason = report.triageReason
    }
}
