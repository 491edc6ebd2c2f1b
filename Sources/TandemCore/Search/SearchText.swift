import Foundation

/// The rules of the header search (issue 20, item 4), shared by both databases' queries.
public enum SearchText {
    /// The trigram index matches three characters or more.
    public static let minimumLength = 3
    public static let maximumLength = 100

    /// What the person typed, folded the way the index holds names (case, accents, punctuation), or a reason
    /// it cannot be searched.
    public static func normalise(_ query: String) -> Result<String, Problem> {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > maximumLength {
            return .failure(Problem(message: "Search for at most \(maximumLength) characters"))
        }
        let folded = trimmed.folding(
            options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_GB")
        )
        .lowercased()
        let cleaned = String(folded.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : " " })
            .split(separator: " ").joined(separator: " ")
        if cleaned.count < minimumLength {
            return .failure(Problem(message: "Enter at least \(minimumLength) letters or numbers to search for"))
        }
        return .success(cleaned)
    }

    public struct Problem: Error, Equatable, Sendable {
        public var message: String

        public init(message: String) { self.message = message }
    }

    /// The distinct three-character pieces of a text, padded as pg_trgm pads each word.
    public static func trigrams(_ text: String) -> Set<String> {
        var result = Set<String>()
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let padded = Array("  \(word) ")
            guard padded.count >= 3 else { continue }
            for start in 0...(padded.count - 3) { result.insert(String(padded[start..<start + 3])) }
        }
        return result
    }

    /// How alike the query is to the closest run of words in a name, from 0 to 1, like pg_trgm's
    /// word_similarity: the shared trigrams over the query's. "lopes" against "maria lopez" is 0.5.
    public static func wordSimilarity(_ query: String, in text: String) -> Double {
        let wanted = trigrams(query)
        guard !wanted.isEmpty else { return 0 }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        var best = 0.0
        for word in words {
            let shared = wanted.intersection(trigrams(word)).count
            let union = wanted.union(trigrams(word)).count
            best = max(best, union == 0 ? 0 : Double(shared) / Double(union))
        }
        return best
    }

    /// The spelling tolerance: a name this alike to the query counts as a match.
    public static let similarityThreshold = 0.3

    /// A text cut into runs, each marked if it is part of the match, for highlighting. The match is found
    /// ignoring case and accents; without an exact match, the words most like the query are marked.
    public static func highlight(_ text: String, query: String) -> [(text: String, match: Bool)] {
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive]
        var runs: [(String, Bool)] = []
        var rest = text[...]
        var found = false
        while let range = rest.range(of: query, options: options) {
            found = true
            if range.lowerBound > rest.startIndex {
                runs.append((String(rest[rest.startIndex..<range.lowerBound]), false))
            }
            runs.append((String(rest[range]), true))
            rest = rest[range.upperBound...]
        }
        if found {
            if !rest.isEmpty { runs.append((String(rest), false)) }
            return runs
        }
        // No exact run: mark each word alike enough to the query (a misspelt name).
        var result: [(String, Bool)] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            result.append((current, wordSimilarity(query, in: current) >= similarityThreshold))
            current = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                flush()
                result.append((String(character), false))
            }
        }
        flush()
        return result
    }
}
