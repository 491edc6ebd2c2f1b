import Fluent
import Foundation
import TandemCore
import Vapor

/// The ward, category and risk filters shared by every queue. Unknown or
/// malformed values are ignored, so a hand-edited address shows the full list.
struct QueueFilters: Sendable {
    var wardID: UUID?
    var categoryID: UUID?
    var risk: RiskLevel?
    /// A case reference typed in full (exact match on the unique index).
    var reference: String?
    /// The case's status and its officer (issue 20: All cases could not be narrowed by either).
    var status: CaseStatus?
    var officerID: UUID?

    struct Page: Encodable {
        var wards: [Choice]
        var categories: [Choice]
        var risks: [Choice]
        var reference: String
        var statuses: [Choice] = []
        /// Escaped `<option>` markup (`OptionList`): a team can have thousands of officers, and a Leaf loop
        /// over them cost a request more than the query (scripts/bench at a million cases).
        var officerOptions: String = ""
        var hasOfficers = false
        var active: Bool
    }

    static func read(_ request: Request) async throws -> QueueFilters {
        QueueFilters(
            wardID: (try? request.query.get(String.self, at: "ward")).flatMap(UUID.init(uuidString:)),
            categoryID: (try? request.query.get(String.self, at: "category")).flatMap(UUID.init(uuidString:)),
            risk: (try? request.query.get(String.self, at: "risk")).flatMap(RiskLevel.init(rawValue:)),
            reference: (try? request.query.get(String.self, at: "reference")).map {
                $0.trimmingCharacters(in: .whitespaces).uppercased()
            }
            .flatMap { $0.isEmpty || $0.count > 40 ? nil : $0 },
            status: (try? request.query.get(String.self, at: "status")).flatMap(CaseStatus.init(rawValue:)),
            officerID: (try? request.query.get(String.self, at: "officer")).flatMap(UUID.init(uuidString:)))
    }

    /// The filters as a query string prefix for paging links, ending in "&" when not empty.
    var query: String {
        var parts: [String] = []
        if let wardID { parts.append("ward=\(wardID.uuidString)") }
        if let categoryID { parts.append("category=\(categoryID.uuidString)") }
        if let risk { parts.append("risk=\(risk.rawValue)") }
        if let reference, let encoded = reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            parts.append("reference=\(encoded)")
        }
        if let status { parts.append("status=\(status.rawValue)") }
        if let officerID { parts.append("officer=\(officerID.uuidString)") }
        return parts.isEmpty ? "" : parts.joined(separator: "&") + "&"
    }

    /// The choices; `officersOf` offers that organisation's officers (lists of one's own cases leave it out).
    func page(on db: any Database, officersOf organisationID: UUID? = nil) async throws -> Page {
        let wards = try await Ward.query(on: db).sort(\.$name).all()
        var officers: [Allocation.Officer] = []
        if let organisationID { officers = try await Allocation.officers(of: organisationID, on: db) }
        let categories = try await Category.query(on: db).sort(\.$position).all()
        return Page(
            wards: wards.map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == wardID)
            },
            categories: categories.map {
                Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == categoryID)
            },
            risks: RiskLevel.allCases.reversed().map {
                Choice(value: $0.rawValue, label: $0.label, selected: $0 == risk)
            },
            reference: reference ?? "",
            statuses: CaseStatus.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: $0 == status)
            },
            officerOptions: OptionList.html(
                officers.map { Choice(value: $0.id.uuidString, label: $0.displayName, selected: $0.id == officerID) }),
            hasOfficers: !officers.isEmpty,
            active: wardID != nil || categoryID != nil || risk != nil || reference != nil || status != nil
                || officerID != nil)
    }
}
