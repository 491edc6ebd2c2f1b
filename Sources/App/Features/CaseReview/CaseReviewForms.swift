import Foundation
import TandemCore

/// One field of a Case Review form, ready for `casereview/form.leaf`: the page model decides everything, the
/// template only lays it out.
struct FormField: Encodable, Sendable {
    enum Kind: String, Encodable, Sendable { case text, textarea, date, select, radios, checkbox, hidden }

    var name: String
    var label: String
    var hint: String?
    var kind: Kind
    var value: String = ""
    var error: String?
    var options: [Choice] = []
    var checked = false
    var maxLength = 200
    var rows = 4
    /// A field id unique on the page: several forms share field names.
    var id: String = ""
    var isText: Bool { kind == .text }

    enum CodingKeys: String, CodingKey {
        case name, label, hint, kind, value, error, options, checked, maxLength, rows, id, isText, isTextarea, isDate
        case isSelect, isRadios, isCheckbox, isHidden
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(label, forKey: .label)
        try container.encodeIfPresent(hint, forKey: .hint)
        try container.encode(kind, forKey: .kind)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(options, forKey: .options)
        try container.encode(checked, forKey: .checked)
        try container.encode(maxLength, forKey: .maxLength)
        try container.encode(rows, forKey: .rows)
        try container.encode(id, forKey: .id)
        try container.encode(kind == .text, forKey: .isText)
        try container.encode(kind == .textarea, forKey: .isTextarea)
        try container.encode(kind == .date, forKey: .isDate)
        try container.encode(kind == .select, forKey: .isSelect)
        try container.encode(kind == .radios, forKey: .isRadios)
        try container.encode(kind == .checkbox, forKey: .isCheckbox)
        try container.encode(kind == .hidden, forKey: .isHidden)
    }
}

/// A form on the Case Review page: its heading, where it posts and its fields.
struct StepForm: Encodable, Sendable {
    var id: String
    var heading: String
    var intro: String?
    var action: String
    var button: String
    var fields: [FormField]

    /// Fills each field's value and error from the form state, and gives it a page-unique id.
    init(
        id: String, heading: String, intro: String? = nil, action: String, button: String, fields: [FormField],
        form: FormState
    ) {
        self.id = id
        self.heading = heading
        self.intro = intro
        self.action = action
        self.button = button
        self.fields = fields.map { field in
            var field = field
            field.id = "\(id)-\(field.name)"
            if form.values["form"] == id, let typed = form.values[field.name] {
                field.value = typed
                field.checked = typed == "yes"
                field.options = field.options.map {
                    Choice(value: $0.value, label: $0.label, selected: $0.value == typed)
                }
            }
            field.error = form.errors[field.id]
            return field
        }
    }
}

/// The fields each form asks for.
enum CaseReviewFields {
    static func methods(applicantEmail: String?, selected: String = "") -> [Choice] {
        CaseReviewUpdate.Method.sending.filter { $0 != .email || applicantEmail != nil }.map {
            Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected)
        }
    }

    static func method(_ review: CaseReview, label: String = "How it is sent") -> FormField {
        FormField(
            name: "method", label: label,
            hint: review.applicantEmail == nil
                ? "The applicant gave no email address, so a letter goes by post or is given by phone or in person."
                : "Email is sent through Tandem's outbox; for post, phone or in person you record that you sent it.",
            kind: .select,
            options: [Choice(value: "", label: "Select how", selected: false)]
                + methods(applicantEmail: review.applicantEmail))
    }

    static func letter(_ text: String, label: String = "The letter") -> FormField {
        FormField(
            name: "letter", label: label, hint: "Edit as needed. It appears on the applicant's private page.",
            kind: .textarea, value: text, maxLength: 8000, rows: 10)
    }

    static func yesNo(_ name: String, _ label: String, hint: String? = nil) -> FormField {
        FormField(
            name: name, label: label, hint: hint, kind: .radios,
            options: [
                Choice(value: "yes", label: "Yes", selected: false), Choice(value: "no", label: "No", selected: false),
            ])
    }

    static func textarea(_ name: String, _ label: String, hint: String? = nil, max: Int = 4000) -> FormField {
        FormField(name: name, label: label, hint: hint, kind: .textarea, maxLength: max)
    }

    static func radios<T: RawRepresentable>(_ name: String, _ label: String, _ cases: [T], labels: (T) -> String)
        -> FormField where T.RawValue == String
    {
        FormField(
            name: name, label: label, kind: .radios,
            options: cases.map { Choice(value: $0.rawValue, label: labels($0), selected: false) })
    }
}
