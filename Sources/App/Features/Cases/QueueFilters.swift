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
    /// An officer chosen by their email address, where a team is too large for a list of names.
    var officerEmail: String?

    /// Past this many officers the filter asks for an email address instead of listing every name: a list of
    /// thousands is no use to anyone, and shipping it cost each request more than finding its cases did
    /// (scripts/bench, a million generated cases with 6,668 officers).
    static let officerListLimit = 300

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
        /// The team is too large to list: the filter takes an officer's email address.
        var officerByEmail = false
        var officerEmail = ""
        var active: Bool
    }

    static func read(_ request: Request) async throws -> QueueFilters {
        var filters = plain(request)
        // An email names one officer of the user's own organisation; one it does not know matches no case.
        if filters.officerID == nil, let email = filters.officerEmail, let user = request.currentUser {
            filters.officerID =
                try await User.query(on: request.db).filter(\.$email == email)
                .filter(\.$organisation.$id == user.organisationID).first()?.id ?? UUID()
        }
        return filters
    }

    private static func plain(_ request: Request) -> QueueFilters {
        QueueFilters(
            wardID: (try? request.query.get(String.self, at: "ward")).flatMap(UUID.init(uuidString:)),
            categoryID: (try? request.query.get(String.self, at: "category")).flatMap(UUID.init(uuidString:)),
            risk: (try? request.query.get(String.self, at: "risk")).flatMap(RiskLevel.init(rawValue:)),
            reference: (try? request.query.get(String.self, at: "reference")).map {
                $0.trimmingCharacters(in: .whitespaces).uppercased()
            }
            .flatMap { $0.isEmpty || $0.count > 40 ? nil : $0 },
            status: (try? request.query.get(String.self, at: "status")).flatMap(CaseStatus.init(rawValue:)),
            officerID: (try? request.query.get(String.self, at: "officer")).flatMap(UUID.init(uuidString:)),
            officerEmail: (try? request.query.get(String.self, at: "officer_email")).map {
                TextRules.clean($0).trimmingCharacters(in: .whitespaces).lowercased()
            }
            .flatMap { $0.isEmpty || $0.count > 254 ? nil : $0 })
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
        if let officerEmail, let encoded = officerEmail.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            parts.append("officer_email=\(encoded)")
        } else if let officerID {
            parts.append("officer=\(officerID.uuidString)")
        }
        return parts.isEmpty ? "" : parts.joined(separator: "&") + "&"
    }

    /// The choices; `officersOf` offers that organisation's officers (lists of one's own cases leave it out).
    func page(on db: any Database, officersOf organisationID: UUID? = nil) async throws -> Page {
        let wards = try await Ward.query(on: db).sort(\.$name).all()
        var officers: [Allocation.Officer] = []
        var byEmail = false
        if let organisationID {
            byEmail = try await Allocation.officerCount(of: organisationID, on: db) > Self.officerListLimit
            if !byEmail { officers = try await Allocation.officers(of: organisationID, on: db) }
        }
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
            hasOfficers: !officers.isEmpty, officerByEmail: byEmail, officerEmail: officerEmail ?? "",
            active: wardID != nil || categoryID != nil || risk != nil || reference != nil || status != nil
                || officerID != nil || officerEmail != nil)
    }
}
