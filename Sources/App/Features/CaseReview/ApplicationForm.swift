import Foundation
import TandemCore
import Vapor

/// The application form as sent, public or staff: every field a string, so a malformed value is reported
/// rather than dropping the whole form.
struct ApplicationInput: Content {
    var applicantKind: String?
    var applicantName: String?
    var applicantPhone: String?
    var applicantEmail: String?
    var applicantAddress: String?
    var victimName: String?
    var consent: String?
    var description: String?
    var involvement: String?
    var needs: String?
    var caseReference: String?
    var channel: String?
    /// Staff only: how the acknowledgement goes when the applicant gave no email.
    var acknowledgement: String?
    var complaints: [String: String] = [:]

    init() {}

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        func text(_ name: String) -> String? {
            try? container.decodeIfPresent(String.self, forKey: Key(stringValue: name))
        }
        applicantKind = text("applicant_kind")
        applicantName = text("applicant_name")
        applicantPhone = text("applicant_phone")
        applicantEmail = text("applicant_email")
        applicantAddress = text("applicant_address")
        victimName = text("victim_name")
        consent = text("consent")
        description = text("description")
        involvement = text("involvement")
        needs = text("needs")
        caseReference = text("case_reference")
        channel = text("channel")
        acknowledgement = text("acknowledgement")
        for row in 1...CaseReviewApplicationRules.complaintRows {
            for part in ["on", "to", "ref"] {
                let name = "complaint_\(row)_\(part)"
                if let value = text(name) { complaints[name] = value }
            }
        }
    }

    func encode(to encoder: any Encoder) throws {}

    /// Every field as typed, to show the form again beside its errors.
    var typed: [String: String?] {
        var typed: [String: String?] = [
            "applicant_kind": applicantKind, "applicant_name": applicantName, "applicant_phone": applicantPhone,
            "applicant_email": applicantEmail, "applicant_address": applicantAddress, "victim_name": victimName,
            "consent": consent, "description": description, "involvement": involvement, "needs": needs,
            "case_reference": caseReference, "channel": channel, "acknowledgement": acknowledgement,
        ]
        for (name, value) in complaints { typed[name] = value }
        return typed
    }
}

/// An application that passed every check, ready to save.
struct ValidApplication: Sendable {
    var kind: CaseReviewApplicantKind
    var channel: CaseReviewChannel
    var name: String
    var phone: String?
    var email: String?
    var address: String?
    var victimName: String?
    var consent: Bool
    var description: String
    var involvement: CaseReviewInvolvement
    var needs: String?
    var caseReference: String?
    var complaints: [StatedComplaint]
    /// How the acknowledgement goes: email when the applicant gave one; otherwise as staff record it (nil online).
    var acknowledgement: CaseReviewUpdate.Method?
}

enum ApplicationValidation {
    static func optional(_ text: String) -> String? { text.isEmpty ? nil : text }

    static func validate(_ input: ApplicationInput, isStaff: Bool, today: CivilDate) -> (FormState, ValidApplication?) {
        var form = FormState()
        form.keep(input.typed)
        let kind = CaseReviewApplicantKind(rawValue: TextRules.clean(input.applicantKind))
        let name = TextRules.clean(input.applicantName)
        let phone = TextRules.clean(input.applicantPhone)
        let email = TextRules.clean(input.applicantEmail)
        let address = TextRules.clean(input.applicantAddress)
        let victim = TextRules.clean(input.victimName)
        let consent = input.consent == "yes"
        let description = TextRules.clean(input.description)
        let needs = TextRules.clean(input.needs)
        let reference = TextRules.clean(input.caseReference)
        var channel = CaseReviewChannel.online
        if isStaff {
            if let chosen = CaseReviewChannel(rawValue: TextRules.clean(input.channel)),
                CaseReviewChannel.staffRecorded.contains(chosen)
            {
                channel = chosen
            } else {
                form.add("channel", "Select how the application was made")
            }
        }
        let days = (1...CaseReviewApplicationRules.complaintRows).map {
            CaseReviewApplicationRules.EnteredDate(input.complaints["complaint_\($0)_on"] ?? "")
        }
        Casework.add(
            CaseReviewApplicationRules.problems(
                kind: kind, contact: .init(phone: phone, email: email, address: address), complaintDays: days,
                onBehalfOf: victim, consent: consent, today: today),
            to: &form)
        if let problem = TextRules.problem(name, label: "your name, or the name of the business or group") {
            form.add("applicant_name", problem)
        }
        if let problem = TextRules.problem(phone, label: "the phone number", required: false, max: 40) {
            form.add("applicant_phone", problem)
        }
        if !email.isEmpty, let problem = TextRules.emailProblem(email) { form.add("applicant_email", problem) }
        if let problem = TextRules.multilineProblem(address, label: "the address", required: false, max: 500) {
            form.add("applicant_address", problem)
        }
        if let problem = TextRules.problem(victim, label: "the victim's name", required: false) {
            form.add("victim_name", problem)
        }
        if let problem = TextRules.multilineProblem(
            description, label: "what has been happening and why you are asking for a review", required: true,
            max: 5000)
        {
            form.add("description", problem)
        }
        let involvement = CaseReviewInvolvement(rawValue: TextRules.clean(input.involvement))
        if involvement == nil { form.add("involvement", "Select how you would like to take part") }
        if let problem = TextRules.multilineProblem(needs, label: "what you need", required: false, max: 1000) {
            form.add("needs", problem)
        }
        if let problem = TextRules.problem(reference, label: "the case reference", required: false, max: 40) {
            form.add("case_reference", problem)
        }
        var complaints: [StatedComplaint] = []
        for (index, day) in days.enumerated() {
            let row = index + 1
            let madeTo = TextRules.clean(input.complaints["complaint_\(row)_to"])
            let ref = TextRules.clean(input.complaints["complaint_\(row)_ref"])
            if let problem = TextRules.problem(ref, label: "the reference", required: false, max: 60) {
                form.add("complaint_\(row)_ref", problem)
            }
            guard case .day(let reportedOn) = day else {
                if !madeTo.isEmpty && day == .empty {
                    form.add("complaint_\(row)_on", "Enter the date you reported it, or clear this row")
                }
                continue
            }
            if let problem = TextRules.problem(
                madeTo, label: "who you reported it to, such as the council or the police", max: 100)
            {
                form.add("complaint_\(row)_to", problem)
            }
            complaints.append(StatedComplaint(reportedOn: reportedOn, madeTo: madeTo, reference: optional(ref)))
        }
        var acknowledgement: CaseReviewUpdate.Method? = email.isEmpty ? .privatePage : .email
        if isStaff && email.isEmpty {
            acknowledgement = CaseReviewUpdate.Method(rawValue: TextRules.clean(input.acknowledgement))
            if acknowledgement == nil || acknowledgement == .email || acknowledgement == .privatePage {
                form.add("acknowledgement", "Select how the applicant is given the acknowledgement")
            }
        }
        guard form.isValid, let kind, let involvement else { return (form, nil) }
        return (
            form,
            ValidApplication(
                kind: kind, channel: channel, name: name, phone: optional(phone), email: optional(email),
                address: optional(address), victimName: kind == .onBehalf ? optional(victim) : nil,
                consent: kind == .onBehalf ? consent : false, description: description, involvement: involvement,
                needs: optional(needs), caseReference: optional(reference), complaints: complaints,
                acknowledgement: acknowledgement)
        )
    }
}
