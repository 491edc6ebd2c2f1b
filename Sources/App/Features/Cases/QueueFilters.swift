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

    struct Page: Encodable {
        var wards: [Choice]
        var categories: [Choice]
        var risks: [Choice]
        var active: Bool
    }

    static func read(_ request: Request) async throws -> QueueFilters {
        QueueFilters(
            wardID: (try? request.query.get(String.self, at: "ward")).flatMap(UUID.init(uuidString:)),
            categoryID: (try? request.query.get(String.self, at: "category")).flatMap(UUID.init(uuidString:)),
            risk: (try? request.query.get(String.self, at: "risk")).flatMap(RiskLevel.init(rawValue:)))
    }

    /// The filters as a query string prefix for paging links, ending in "&" when not empty.
    var query: String {
        var parts: [String] = []
        if let wardID { parts.append("ward=\(wardID.uuidString)") }
        if let categoryID { parts.append("category=\(categoryID.uuidString)") }
        if let risk { parts.append("risk=\(risk.rawValue)") }
        return parts.isEmpty ? "" : parts.joined(separator: "&") + "&"
    }

    func page(on db: any Database) async throws -> Page {
        let wards = try await Ward.query(on: db).sort(\.$name).all()
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
            active: wardID != nil || categoryID != nil || risk != nil)
    }
}
