import Foundation

/// A complaint as the applicant gives it on the application: when they reported the behaviour and to whom.
public struct StatedComplaint: Sendable, Equatable {
    public var reportedOn: CivilDate
    public var madeTo: String
    public var reference: String?

    public init(reportedOn: CivilDate, madeTo: String, reference: String? = nil) {
        self.reportedOn = reportedOn
        self.madeTo = madeTo
        self.reference = reference
    }
}

/// What an application must hold before it is saved (issue 22, "Bad input and safety").
public enum CaseReviewApplicationRules {
    /// How many complaint rows the form offers; the law needs no more than three.
    public static let complaintRows = 5

    public struct Contact: Sendable, Equatable {
        public var phone: String?
        public var email: String?
        public var address: String?

        public init(phone: String?, email: String?, address: String?) {
            self.phone = phone
            self.email = email
            self.address = address
        }

        public var reachable: Bool {
            [phone, email, address].contains { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        }
    }

    /// A date as typed into one complaint row (yyyy-MM-dd, as a date input sends it).
    public enum EnteredDate: Sendable, Equatable {
        case empty
        case invalid
        case day(CivilDate)

        public init(_ text: String) {
            let text = text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                self = .empty
            } else if let day = DateBounds.parse(text) {
                self = .day(day)
            } else {
                self = .invalid
            }
        }
    }

    /// - Parameter complaintDays: the complaint rows' dates as entered, in row order.
    public static func problems(
        kind: CaseReviewApplicantKind?, contact: Contact, complaintDays: [EnteredDate],
        onBehalfOf victim: String?, consent: Bool, today: CivilDate
    ) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if kind == nil { problems.append(.init("applicant_kind", "Select who is applying")) }
        if !contact.reachable {
            problems.append(
                .init("applicant_phone", "Give at least one way to contact you: a phone number, an email or an address")
            )
        }
        if kind == .onBehalf {
            if (victim ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(.init("victim_name", "Enter the name of the person you are applying for"))
            }
            if !consent {
                problems.append(.init("consent", "Confirm the person you are applying for has agreed"))
            }
        }
        var anyDate = false
        for (index, entry) in complaintDays.enumerated() {
            let field = "complaint_\(index + 1)_on"
            switch entry {
            case .empty: continue
            case .invalid:
                problems.append(.init(field, "Enter the date you reported it as a real date, for example 2026-03-14"))
            case .day(let day):
                anyDate = true
                if day > today {
                    problems.append(.init(field, "The date you reported it cannot be in the future"))
                }
            }
        }
        if !anyDate && !problems.contains(where: { $0.field.hasPrefix("complaint_") }) {
            problems.append(.init("complaint_1_on", "Enter the date of at least one time you reported the behaviour"))
        }
        return problems
    }
}
