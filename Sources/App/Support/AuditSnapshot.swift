import FluentKit
import Foundation
import TandemCore

/// A model whose changes are written to the audit trail. Its snapshot is read
/// from its own database fields, so a column added to the model is audited
/// without anyone remembering to list it; what is left out is named in
/// `auditExemptions`, each with its reason (issue 18: the hand-kept lists had
/// drifted, `CaseRecord`'s leaving out when a case was allocated).
protocol Audited: Model {
    /// Database keys never written to the audit trail, with why.
    static var auditExemptions: [String: String] { get }
    /// Database keys whose content is special category data: the trail records that they hold something,
    /// written "(recorded)", never what (an auditor may read the trail but not the record), with why.
    static var auditMasked: [String: String] { get }
}

extension Audited {
    static var auditExemptions: [String: String] { [:] }
    static var auditMasked: [String: String] { [:] }

    /// Every database field but the id (the event names the record) and the exemptions, as text; a masked
    /// field as "(recorded)" when it holds a value.
    var auditSnapshot: [String: String?] {
        let collector = AuditSnapshot.Collector()
        input(to: collector)
        let exempt = Self.auditExemptions
        let masked = Self.auditMasked
        var snapshot: [String: String?] = [:]
        for (key, value) in collector.values where key != "id" && exempt[key] == nil {
            snapshot[key] = masked[key] == nil ? value : value.map { _ in AuditSnapshot.maskedValue }
        }
        return snapshot
    }
}

enum AuditSnapshot {
    /// What the trail writes for a masked field that holds something.
    static let maskedValue = "(recorded)"

    /// Receives every field's current value, changed or not.
    final class Collector: DatabaseInput {
        var values: [String: String?] = [:]
        var wantsUnmodifiedKeys: Bool { true }

        func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
            values[key.description] = AuditSnapshot.text(value)
        }
    }

    /// A stored value as the audit trail writes it: timestamps in ISO 8601, ids in upper case, no value as nil.
    static func text(_ value: DatabaseQuery.Value) -> String? {
        switch value {
        case .bind(let bound): text(of: bound)
        case .enumCase(let name): name
        case .null, .default: nil
        default: String(describing: value)
        }
    }

    static func text(of value: Any) -> String? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            return mirror.children.first.flatMap { text(of: $0.value) }
        }
        // A typed field (a status stored as its text) is written as the text stored.
        if let typed = value as? any RawRepresentable { return text(of: typed.rawValue) }
        switch value {
        case let text as String: return text
        case let id as UUID: return id.uuidString
        case let date as Date: return AuditContent.timestamp(date)
        case let flag as Bool: return String(flag)
        case let number as any BinaryInteger: return String(describing: number)
        case let number as Double: return String(number)
        default: return String(describing: value)
        }
    }
}
