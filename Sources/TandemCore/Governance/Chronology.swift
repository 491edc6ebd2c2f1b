import Foundation

/// The kinds of entry in a person's chronology (issue 23, item 4: Ealing's community contact report, Southwark's
/// case history "from start to present"), each read from the part of a case a share must open for it to be seen.
public enum ChronologyKind: String, CaseIterable, Codable, Sendable {
    case report, contact, assessment, referral, panel, intervention, order, breach

    public var label: String {
        switch self {
        case .report: "Reports and incidents"
        case .contact: "Contacts"
        case .assessment: "Risk assessments"
        case .referral: "Referrals"
        case .panel: "Panel decisions"
        case .intervention: "Interventions"
        case .order: "Orders"
        case .breach: "Breaches"
        }
    }

    public var section: ShareSection {
        switch self {
        case .report: .reports
        case .assessment: .risk
        case .contact, .referral, .panel, .intervention: .casework
        case .order, .breach: .enforcement
        }
    }
}

/// One entry: when, what kind, and its order within a day.
public struct ChronologyEntry: Sendable, Equatable {
    public var day: CivilDate
    /// Minutes into the day when the time is known; entries with only a date come first in their day.
    public var minute: Int?
    public var kind: ChronologyKind
    public var caseReference: String
    public var organisation: String
    public var text: String

    public init(
        day: CivilDate, minute: Int?, kind: ChronologyKind, caseReference: String, organisation: String, text: String
    ) {
        self.day = day
        self.minute = minute
        self.kind = kind
        self.caseReference = caseReference
        self.organisation = organisation
        self.text = text
    }
}

public enum Chronology {
    /// The entries in the period and of the kinds asked for, oldest first; on one day, by time, then by kind, then by
    /// case, so the order never depends on the order the records were read in.
    public static func arrange(
        _ entries: [ChronologyEntry], from: CivilDate?, to: CivilDate?, kinds: Set<ChronologyKind>
    ) -> [ChronologyEntry] {
        entries.filter { entry in
            kinds.contains(entry.kind) && (from.map { entry.day >= $0 } ?? true) && (to.map { entry.day <= $0 } ?? true)
        }.sorted { a, b in
            if a.day != b.day { return a.day < b.day }
            if a.minute != b.minute { return (a.minute ?? -1) < (b.minute ?? -1) }
            let kinds = ChronologyKind.allCases
            if a.kind != b.kind { return kinds.firstIndex(of: a.kind)! < kinds.firstIndex(of: b.kind)! }
            if a.caseReference != b.caseReference { return a.caseReference < b.caseReference }
            return a.text < b.text
        }
    }

    public static func problems(from: CivilDate?, to: CivilDate?) -> [String] {
        if let from, let to, to < from { return ["The end of the period must be on or after its start"] }
        return []
    }
}
