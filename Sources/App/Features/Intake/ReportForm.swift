import Fluent
import Foundation
import TandemCore
import Vapor

/// The fields of a report as posted by the public form or the staff form.
struct ReportFormInput: Content {
    var reporterKind: String?
    var reporterName: String?
    var reporterPhone: String?
    var reporterEmail: String?
    var reporterAddress: String?
    var reporterPostcode: String?
    var preferredContact: String?
    var language: String?
    var interpreterNeeded: String?
    var onBehalfName: String?
    var onBehalfCapacity: String?
    var behaviourDay: String?
    var behaviourMonth: String?
    var behaviourYear: String?
    var happeningNow: String?
    var location: String?
    var locationPostcode: String?
    var description: String?
    var respondentName: String?
    var peopleInvolved: String?
    var effect: String?
    var outcomeWanted: String?
    var categories: [String]?
    var hateIncident: String?
    var hateStrands: [String]?
    // Staff form only.
    var channel: String?
    var receivedDay: String?
    var receivedTime: String?
    var wardId: String?
    var suggestedRisk: String?

    enum CodingKeys: String, CodingKey {
        case reporterKind = "reporter_kind"
        case reporterName = "reporter_name"
        case reporterPhone = "reporter_phone"
        case reporterEmail = "reporter_email"
        case reporterAddress = "reporter_address"
        case reporterPostcode = "reporter_postcode"
        case preferredContact = "preferred_contact"
        case language
        case interpreterNeeded = "interpreter_needed"
        case onBehalfName = "on_behalf_name"
        case onBehalfCapacity = "on_behalf_capacity"
        case behaviourDay = "behaviour_day"
        case behaviourMonth = "behaviour_month"
        case behaviourYear = "behaviour_year"
        case happeningNow = "happening_now"
        case location
        case locationPostcode = "location_postcode"
        case description
        case respondentName = "respondent_name"
        case peopleInvolved = "people_involved"
        case effect
        case outcomeWanted = "outcome_wanted"
        case categories
        case hateIncident = "hate_incident"
        case hateStrands = "hate_strands"
        case channel
        case receivedDay = "received_day"
        case receivedTime = "received_time"
        case wardId = "ward_id"
        case suggestedRisk = "suggested_risk"
    }
}

/// A report that passed every check, ready to store.
struct ValidReport: Sendable {
    var reporterKind: ReporterKind
    var reporterName: String?
    var reporterPhone: String?
    var reporterEmail: String?
    var reporterAddress: String?
    var reporterPostcode: String?
    var preferredContact: ContactMethod?
    var language: String?
    var interpreterNeeded: Bool
    var onBehalfName: String?
    var onBehalfCapacity: String?
    var behaviourDate: CivilDate
    var happeningNow: Bool
    var location: String
    var locationPostcode: String?
    var description: String
    var respondentName: String?
    var peopleInvolved: String?
    var effect: String?
    var outcomeWanted: String?
    var categoryIDs: [UUID]
    var hateIncident: Bool
    var hateStrands: [HateStrand]
    var channel: ReportChannel
    var receivedAt: Date
    var wardID: UUID?
    var suggestedRisk: RiskLevel?
}

/// Checks a posted report. Every problem is collected so the person sees
/// them all at once; nothing is stored unless there are none.
enum ReportValidation {
    static let descriptionLimit = 5000
    static let longTextLimit = 2000

    struct Options {
        /// The public form takes its channel and time from the submission itself.
        var isStaff: Bool
        var now: Date
        var categories: [Category]
        var wards: [Ward]
    }

    static func validate(_ input: ReportFormInput, options: Options) -> (FormState, ValidReport?) {
        var form = FormState()
        form.values = values(of: input)
        let calendar = WorkingCalendar()
        let today = calendar.local(options.now).day

        let kind = input.reporterKind.flatMap(ReporterKind.init(rawValue:))
        if kind == nil { form.add("reporter_kind", "Select who is making this report") }
        let anonymous = kind == .anonymous
        // An anonymous report keeps nothing that could identify the reporter.
        let name = anonymous ? "" : TextRules.clean(input.reporterName)
        let phone = anonymous ? "" : TextRules.clean(input.reporterPhone)
        let email = anonymous ? "" : TextRules.clean(input.reporterEmail)
        let address = anonymous ? "" : TextRules.clean(input.reporterAddress)
        let postcode = anonymous ? "" : TextRules.clean(input.reporterPostcode)
        let onBehalfName = kind == .onBehalf ? TextRules.clean(input.onBehalfName) : ""
        let onBehalfCapacity = kind == .onBehalf ? TextRules.clean(input.onBehalfCapacity) : ""
        if !anonymous && kind != nil {
            check(&form, "reporter_name", name, label: "the name of the person affected", max: 120)
            check(&form, "reporter_phone", phone, label: "a phone number", required: false, max: 30)
            if !phone.isEmpty && !phone.allSatisfy({ $0.isNumber || " +()-".contains($0) }) {
                form.add("reporter_phone", "Enter a phone number using digits, spaces and + only")
            }
            if !email.isEmpty, let problem = TextRules.emailProblem(email) { form.add("reporter_email", problem) }
            check(&form, "reporter_address", address, label: "the address", required: false, max: 300)
            if !postcode.isEmpty && !Postcode.isPlausible(postcode) {
                form.add("reporter_postcode", "Enter a real postcode, like RV1 2AB")
            }
            if phone.isEmpty && email.isEmpty && address.isEmpty {
                form.add(
                    "reporter_phone",
                    "Give a phone number, email address or postal address so we can contact you, or report anonymously"
                )
            }
        }
        if kind == .onBehalf {
            check(&form, "on_behalf_name", onBehalfName, label: "your name", max: 120)
            check(
                &form, "on_behalf_capacity", onBehalfCapacity,
                label: "how you know the person, for example their councillor", max: 120)
        }
        let preferred = input.preferredContact.flatMap { $0.isEmpty ? nil : ContactMethod(rawValue: $0) }
        if let raw = input.preferredContact, !raw.isEmpty, preferred == nil {
            form.add("preferred_contact", "Select how you would like to be contacted")
        }
        let language = TextRules.clean(input.language)
        check(&form, "language", language, label: "the language", required: false, max: 60)

        var behaviourDate: CivilDate?
        switch BehaviourDate.parse(
            day: input.behaviourDay ?? "", month: input.behaviourMonth ?? "", year: input.behaviourYear ?? "",
            today: today)
        {
        case .success(let date): behaviourDate = date
        case .failure(let problem): form.add("behaviour_day", problem.message)
        }
        let happening = input.happeningNow
        if happening != "yes" && happening != "no" {
            form.add("happening_now", "Select yes if it is happening now")
        }
        let location = TextRules.clean(input.location)
        check(&form, "location", location, label: "where it happened", max: 300)
        let locationPostcode = TextRules.clean(input.locationPostcode)
        if !locationPostcode.isEmpty && !Postcode.isPlausible(locationPostcode) {
            form.add("location_postcode", "Enter a real postcode, like RV1 2AB")
        }
        let description = TextRules.clean(input.description)
        checkLong(&form, "description", description, label: "what happened", required: true, max: descriptionLimit)
        let respondent = TextRules.clean(input.respondentName)
        check(&form, "respondent_name", respondent, label: "the name", required: false, max: 120)
        let involved = TextRules.clean(input.peopleInvolved)
        checkLong(&form, "people_involved", involved, label: "who is involved", required: false, max: longTextLimit)
        let effect = TextRules.clean(input.effect)
        checkLong(&form, "effect", effect, label: "how it has affected you", required: false, max: longTextLimit)
        let outcome = TextRules.clean(input.outcomeWanted)
        checkLong(
            &form, "outcome_wanted", outcome, label: "what you want to happen", required: false, max: longTextLimit)

        let offered = Dictionary(uniqueKeysWithValues: options.categories.compactMap { c in c.id.map { ($0, c) } })
        var categoryIDs: [UUID] = []
        for raw in input.categories ?? [] {
            guard let id = UUID(uuidString: raw), offered[id] != nil else {
                form.add("categories", "Select the kinds of behaviour from the list")
                break
            }
            if !categoryIDs.contains(id) { categoryIDs.append(id) }
        }
        let strands = (input.hateStrands ?? []).compactMap(HateStrand.init(rawValue:))
        if strands.count != (input.hateStrands ?? []).count {
            form.add("hate_strands", "Select the reasons from the list")
        }
        let hate =
            input.hateIncident == "yes" || !strands.isEmpty
            || categoryIDs.contains { offered[$0]?.marksHate == true }

        var channel = ReportChannel.online
        var receivedAt = options.now
        var wardID: UUID?
        var risk: RiskLevel?
        if options.isStaff {
            if let parsed = input.channel.flatMap(ReportChannel.init(rawValue:)) {
                channel = parsed
            } else {
                form.add("channel", "Select how the report was received")
            }
            let day = TextRules.clean(input.receivedDay)
            let time = TextRules.clean(input.receivedTime)
            if !day.isEmpty || !time.isEmpty {
                if let date = CivilDate(iso: day), let minute = minuteOfDay(time) {
                    let instant = calendar.instant(date, minute: minute)
                    if instant > options.now {
                        form.add("received_day", "The time the report was received must be now or in the past")
                    } else if date.year < today.year - 1 {
                        form.add("received_day", "The report must have been received within the last year")
                    } else {
                        receivedAt = instant
                    }
                } else {
                    form.add("received_day", "Enter a real date and a time like 14:30, or leave both blank for now")
                }
            }
            if let raw = input.wardId, !raw.isEmpty {
                if let id = UUID(uuidString: raw), options.wards.contains(where: { $0.id == id }) {
                    wardID = id
                } else {
                    form.add("ward_id", "Select a ward from the list")
                }
            }
            if let raw = input.suggestedRisk, !raw.isEmpty {
                risk = RiskLevel(rawValue: raw)
                if risk == nil { form.add("suggested_risk", "Select a risk rating from the list") }
            }
        }
        guard form.isValid, let kind, let behaviourDate else { return (form, nil) }
        let valid = ValidReport(
            reporterKind: kind, reporterName: name.nilIfEmpty, reporterPhone: phone.nilIfEmpty,
            reporterEmail: email.nilIfEmpty, reporterAddress: address.nilIfEmpty,
            reporterPostcode: postcode.nilIfEmpty, preferredContact: anonymous ? nil : preferred,
            language: anonymous ? nil : language.nilIfEmpty,
            interpreterNeeded: !anonymous && input.interpreterNeeded == "yes",
            onBehalfName: onBehalfName.nilIfEmpty, onBehalfCapacity: onBehalfCapacity.nilIfEmpty,
            behaviourDate: behaviourDate, happeningNow: happening == "yes", location: location,
            locationPostcode: locationPostcode.nilIfEmpty, description: description,
            respondentName: respondent.nilIfEmpty, peopleInvolved: involved.nilIfEmpty, effect: effect.nilIfEmpty,
            outcomeWanted: outcome.nilIfEmpty, categoryIDs: categoryIDs, hateIncident: hate, hateStrands: strands,
            channel: channel, receivedAt: receivedAt, wardID: wardID, suggestedRisk: risk)
        return (form, valid)
    }

    /// "14:30" as minutes after midnight.
    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]),
            let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    private static func check(
        _ form: inout FormState, _ field: String, _ value: String, label: String, required: Bool = true, max: Int
    ) {
        if let problem = TextRules.problem(value, label: label, required: required, max: max) {
            form.add(field, problem)
        }
    }

    private static func checkLong(
        _ form: inout FormState, _ field: String, _ value: String, label: String, required: Bool, max: Int
    ) {
        if let problem = TextRules.multilineProblem(value, label: label, required: required, max: max) {
            form.add(field, problem)
        }
    }

    /// The posted single values by form field name, to fill the form again after an error.
    private static func values(of input: ReportFormInput) -> [String: String] {
        guard let data = try? JSONEncoder().encode(input),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object.compactMapValues { ($0 as? String).map { String($0.prefix(6000)) } }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
