import Foundation

/// The case risk rating, which sets how fast Tandem must respond.
public enum RiskLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case low, medium, high

    public var label: String { rawValue.capitalized }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How many working days a risk level allows, with the examples shown to
/// officers as guidance.
public struct ResponseTarget: Equatable, Codable, Sendable {
    /// Aim to respond by this many working days.
    public var targetWorkingDays: Int
    /// Respond no later than this many working days.
    public var limitWorkingDays: Int
    public var guidance: String

    public init(targetWorkingDays: Int, limitWorkingDays: Int, guidance: String) {
        self.targetWorkingDays = targetWorkingDays
        self.limitWorkingDays = limitWorkingDays
        self.guidance = guidance
    }

    /// The limit as officers and the Lambeth matrix say it: a single working
    /// day is the "24 hours" of procedure 3.3.4.
    public var limitLabel: String {
        limitWorkingDays == 1 ? "1 working day (24 hours)" : "\(limitWorkingDays) working days"
    }
}

/// Local response policy: data an administrator can change. The default is
/// the Lambeth risk rating and response time matrix (procedure 3.3.4) with
/// Westminster's 20-minute response to ASB in progress in office hours
/// (committee report, section 4).
public struct ResponsePolicy: Equatable, Codable, Sendable {
    public var targets: [RiskLevel: ResponseTarget]
    /// Minutes to respond when ASB is happening now and the office is open.
    public var inProgressMinutes: Int

    public init(targets: [RiskLevel: ResponseTarget], inProgressMinutes: Int) {
        self.targets = targets
        self.inProgressMinutes = inProgressMinutes
    }

    public static let lambethDefault = ResponsePolicy(
        targets: [
            .high: ResponseTarget(
                targetWorkingDays: 1, limitWorkingDays: 1,
                guidance:
                    "Threats of physical assault, serious intimidation or harassment, racial incidents, domestic violence, serious damage to council property, insecure or abandoned premises, noise nuisance"
            ),
            .medium: ResponseTarget(
                targetWorkingDays: 2, limitWorkingDays: 5,
                guidance:
                    "Allegations of criminal activity, drug dealing, verbal abuse, youth nuisance, noise nuisance"),
            .low: ResponseTarget(
                targetWorkingDays: 5, limitWorkingDays: 10,
                guidance:
                    "Minor neighbour disputes, minor breaches of tenancy, boundary and land issues, noise nuisance"),
        ],
        inProgressMinutes: 20)

    /// Why a set of targets makes no sense, keyed by the risk level and whether it is the target or limit.
    public struct Problem: Equatable, Sendable {
        public var risk: RiskLevel
        public var isLimit: Bool
        public var message: String
    }

    /// Checks targets as an administrator enters them: aiming later than the limit, or answering
    /// higher risk later than lower risk, would turn the matrix upside down.
    public static func problems(_ targets: [RiskLevel: ResponseTarget]) -> [Problem] {
        var problems: [Problem] = []
        for risk in RiskLevel.allCases.reversed() {
            guard let target = targets[risk] else { continue }
            if target.targetWorkingDays > target.limitWorkingDays {
                problems.append(
                    Problem(
                        risk: risk, isLimit: false,
                        message: "The \(risk.rawValue) risk target cannot be later than its limit"))
            }
        }
        if let high = targets[.high], let medium = targets[.medium], let low = targets[.low],
            high.limitWorkingDays > medium.limitWorkingDays || medium.limitWorkingDays > low.limitWorkingDays
        {
            problems.append(
                Problem(risk: .high, isLimit: true, message: "Higher risk must be answered no later than lower risk"))
        }
        return problems
    }

    public struct Deadline: Equatable, Sendable {
        /// What the deadline was counted from. A case stores it as its raw value: "in_progress", or
        /// the risk level's own raw value ("high", "medium", "low"), the text the column has always held.
        public enum Basis: RawRepresentable, Equatable, Codable, Sendable {
            case inProgress
            case risk(RiskLevel)

            public init?(rawValue: String) {
                if rawValue == "in_progress" {
                    self = .inProgress
                } else if let level = RiskLevel(rawValue: rawValue) {
                    self = .risk(level)
                } else {
                    return nil
                }
            }

            public var rawValue: String {
                switch self {
                case .inProgress: "in_progress"
                case .risk(let level): level.rawValue
                }
            }

            public var label: String {
                switch self {
                case .inProgress: "ASB in progress during office hours"
                case .risk(let level): "\(level.label) risk response target"
                }
            }

            // Coded as the single raw value, as the column holds it (not the keyed form Swift
            // would derive for an enum with an associated value).
            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                let text = try container.decode(String.self)
                guard let basis = Basis(rawValue: text) else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "Not a response basis: \(text)")
                }
                self = basis
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(rawValue)
            }
        }

        public var basis: Basis
        /// When the response is aimed for.
        public var targetAt: Date
        /// When the response is overdue.
        public var dueAt: Date
    }

    /// The response deadline for a report received at `receivedAt`.
    /// ASB in progress while the office is open must be answered within the
    /// in-progress minutes; out of hours it goes to the out-of-hours service
    /// and the office answers by the risk deadline, counted from its next opening.
    public func deadline(
        risk: RiskLevel, receivedAt: Date, inProgress: Bool, calendar: WorkingCalendar
    ) -> Deadline {
        if inProgress && calendar.isInOfficeHours(receivedAt) {
            let due = receivedAt.addingTimeInterval(TimeInterval(inProgressMinutes * 60))
            return Deadline(basis: .inProgress, targetAt: due, dueAt: due)
        }
        let target = targets[risk] ?? Self.lambethDefault.targets[risk]!
        return Deadline(
            basis: .risk(risk),
            targetAt: calendar.adding(workingDays: target.targetWorkingDays, to: receivedAt),
            dueAt: calendar.adding(workingDays: target.limitWorkingDays, to: receivedAt))
    }
}
