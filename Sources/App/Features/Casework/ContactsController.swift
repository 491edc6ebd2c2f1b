import Fluent
import Foundation
import TandemCore
import Vapor

/// Logging a contact with the reporting person, from the case page or the
/// plan page, and rescheduling the next promised contact ("Our Promise").
struct ContactsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.case(.key, .contacts), use: log)
    }

    struct ContactInput: Content {
        var contactedOn: String?
        var contactedTime: String?
        var channel: String?
        var withWhom: String?
        var summary: String?
        var from: String?

        enum CodingKeys: String, CodingKey {
            case contactedOn = "contacted_on"
            case contactedTime = "contacted_time"
            case channel
            case withWhom = "with_whom"
            case summary, from
        }
    }

    @Sendable
    func log(request: Request) async throws -> Response {
        let (record, facts, user) = try await Casework.prepare(request, in: .casework)
        let caseID = try record.requireID()
        let input = (try? request.content.decode(ContactInput.self)) ?? ContactInput()
        let fromCase = input.from == "case"
        let calendar = try await request.intakePolicy().calendar
        var form = FormState()
        let channel = input.channel.flatMap(ContactChannel.init(rawValue:))
        if channel == nil { form.add("contact_channel", "Select how you were in touch") }
        let withWhom = TextRules.clean(input.withWhom)
        if let problem = TextRules.problem(withWhom, label: "who you were in touch with", max: 200) {
            form.add("contact_with", problem)
        }
        let summary = TextRules.clean(input.summary)
        if let problem = TextRules.multilineProblem(
            summary, label: "a summary of the contact", required: true, max: 4000)
        {
            form.add("contact_summary", problem)
        }
        var contactedAt: Date?
        if let day = Casework.day(input.contactedOn) {
            if let minute = Casework.minute(input.contactedTime) {
                contactedAt = calendar.instant(day, minute: minute)
                if let at = contactedAt, at > request.now {
                    form.add("contacted_on", "The contact cannot be in the future")
                }
            } else {
                form.add("contacted_time", "Enter the time of the contact, like 14:30")
            }
        } else {
            form.add("contacted_on", "Enter the date of the contact, like 2026-11-23")
        }
        guard form.isValid, let channel, let contactedAt else {
            if fromCase {
                form.values = ["contact_with": withWhom, "contact_summary": summary]
                return try await CasePageBuilder.render(request, record: record, facts: facts, form: form)
                    .encodeResponse(status: .badRequest, for: request)
            }
            return try await PlanPageBuilder.render(request, record: record, facts: facts, form: form)
                .encodeResponse(status: .badRequest, for: request)
        }
        let contact = ContactLog()
        contact.$caseRecord.id = caseID
        contact.contactedAt = contactedAt
        contact.channel = channel
        contact.withWhom = withWhom
        contact.summary = summary
        contact.recordedAt = request.now
        contact.$recordedBy.id = user.id
        record.noteResponse(at: contactedAt)
        // A contact logged late for an earlier time never moves the promise backwards.
        if record.lastContactAt.map({ contactedAt > $0 }) ?? true {
            record.lastContactAt = contactedAt
            record.nextContactDueAt = ContactPromise.nextDue(
                after: contactedAt, every: record.promisedFrequency, calendar: calendar)
            record.refreshNextDeadline()
        }
        try await Casework.write(
            request, record, user: user, kind: .contact,
            timeline: "Contact by \(channel.label.lowercased()) with \(withWhom): \(summary)"
        ) { work in
            try await work.insert(contact, "Logged contact on case \(record.reference)")
            try await work.update(record, "Next promised contact scheduled")
        }
        let path = SiteURL.case(.value(caseID), fromCase ? .summary : .plan).path
        return request.redirect(to: path, flash: .contactLogged)
    }
}
