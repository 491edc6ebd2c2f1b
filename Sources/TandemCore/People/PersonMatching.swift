import Foundation

/// Likely matches for a person being added, so that one person is not
/// recorded twice. A match needs the name to agree (exactly, ignoring case,
/// accents and spacing, or the same family name with the same first initial)
/// and is ranked up by an equal date of birth and the same postcode.
public enum PersonMatching {
    public struct Candidate: Equatable, Sendable {
        public var id: UUID
        public var name: String
        public var dateOfBirth: CivilDate?
        public var postcode: String?

        public init(id: UUID, name: String, dateOfBirth: CivilDate?, postcode: String?) {
            self.id = id
            self.name = name
            self.dateOfBirth = dateOfBirth
            self.postcode = postcode
        }
    }

    public struct Match: Equatable, Sendable {
        public var id: UUID
        public var score: Int
        public var reasons: [String]
    }

    /// The stored search key of a name: lower case, accents folded, single spaces.
    public static func nameKey(_ name: String) -> String {
        let folded = name.folding(
            options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_GB")
        ).lowercased()
        let spaced = String(folded.map { $0.isLetter || $0.isNumber ? $0 : " " })
        return spaced.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The family name part of a name key, which the database search narrows on.
    public static func familyName(_ name: String) -> String {
        nameKey(name).split(separator: " ").last.map(String.init) ?? ""
    }

    public static func matches(
        name: String, dateOfBirth: CivilDate?, postcode: String?, among candidates: [Candidate]
    ) -> [Match] {
        let key = nameKey(name)
        let words = key.split(separator: " ")
        guard let family = words.last, let initial = words.first?.first else { return [] }
        let postcodeKey = postcode.map(Postcode.key).flatMap { $0.isEmpty ? nil : $0 }
        var found: [Match] = []
        for candidate in candidates {
            let other = nameKey(candidate.name)
            let otherWords = other.split(separator: " ")
            var score = 0
            var reasons: [String] = []
            if other == key {
                score += 3
                reasons.append("same name")
            } else if otherWords.last == family, otherWords.first?.first == initial {
                score += 1
                reasons.append("same family name and initial")
            } else {
                continue
            }
            if let dateOfBirth, let theirs = candidate.dateOfBirth {
                if theirs == dateOfBirth {
                    score += 3
                    reasons.append("same date of birth")
                } else {
                    // A different date of birth says this is someone else.
                    continue
                }
            }
            if let postcodeKey, let theirs = candidate.postcode.map(Postcode.key), theirs == postcodeKey {
                score += 2
                reasons.append("same postcode")
            }
            found.append(Match(id: candidate.id, score: score, reasons: reasons))
        }
        return found.sorted { ($0.score, $1.id.uuidString) > ($1.score, $0.id.uuidString) }
    }
}
