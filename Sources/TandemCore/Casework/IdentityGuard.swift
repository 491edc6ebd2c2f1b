import Foundation

/// Someone on a case whom respondent-facing output must never identify: a
/// reporting person or a witness (Lambeth 3.3.1: "The Case Manager will not
/// identify the reporting person in the correspondence with the respondent").
public struct ProtectedPerson: Sendable, Equatable {
    public enum Role: String, Sendable {
        case reportingPerson = "the reporting person"
        case witness = "a witness"
    }

    public var role: Role
    public var fullName: String
    public var phone: String?
    public var email: String?
    /// The first line of their address, like "52 Xylophone Mews" or "Flat 12, Marsh House".
    public var addressLine: String?
    /// The second line, used for the street when the first holds only a flat or house number.
    public var addressLine2: String?
    public var postcode: String?
    /// No other person on the case lives on this street, and the behaviour is not
    /// recorded there, so the street alone points at them.
    public var onlyPartyOnStreet: Bool
    /// Someone the output may name (the respondent) has the same family name, so the family name alone
    /// does not point at this person; the full name still does.
    public var familyNameShared: Bool
    /// The respondent, or the place the behaviour is recorded, has the same postcode, so writing it says
    /// nothing about who complained.
    public var postcodeShared: Bool

    public init(
        role: Role, fullName: String, phone: String? = nil, email: String? = nil, addressLine: String? = nil,
        addressLine2: String? = nil, postcode: String? = nil, onlyPartyOnStreet: Bool = false,
        familyNameShared: Bool = false, postcodeShared: Bool = false
    ) {
        self.role = role
        self.fullName = fullName
        self.phone = phone
        self.email = email
        self.addressLine = addressLine
        self.addressLine2 = addressLine2
        self.postcode = postcode
        self.onlyPartyOnStreet = onlyPartyOnStreet
        self.familyNameShared = familyNameShared
        self.postcodeShared = postcodeShared
    }

    /// The street (or building) name of the address, normalised, without house or flat numbers.
    public var street: String? {
        IdentityGuard.address(addressLine, addressLine2).street.map { $0.joined(separator: " ") }
    }
}

/// What in a text would identify a protected person. The value itself is
/// never carried, so a refusal can say what matched without repeating it.
public struct IdentityMatch: Sendable, Equatable, CustomStringConvertible {
    public enum Detail: String, Sendable {
        case fullName = "name"
        case familyName = "family name"
        case phone = "phone number"
        case email = "email address"
        case postcode
        case houseAndStreet = "house number and street"
        case street = "street"
    }

    public var role: ProtectedPerson.Role
    public var detail: Detail

    public init(_ role: ProtectedPerson.Role, _ detail: Detail) {
        self.role = role
        self.detail = detail
    }

    /// Like "the reporting person's family name".
    public var description: String {
        switch role {
        case .reportingPerson: "the reporting person's \(detail.rawValue)"
        case .witness: "a witness's \(detail.rawValue)"
        }
    }
}

/// Checks a free-text field addressed to a respondent against every
/// protected person on the case, after normalising both sides, so that a
/// different spacing, case, accent, punctuation or phone format is no escape.
///
/// The rules (issue 17, from hostile testing): names as the full name, the
/// family name alone (which also catches a title, initials or a reversed
/// "Family, Given"), and given plus family in any spacing; phone numbers by
/// their digits, with the national and +44 forms alike; postcodes without
/// spaces; emails by their local part, also written out with "at" and "dot";
/// addresses by house number and street together, and the street alone when
/// only this person lives on it as far as the case knows. Punctuation inside
/// a word is dropped ("Quarter-maine"), and the long details (full name,
/// postcode, email) are also sought with every space taken out ("R V 9 4 J T").
public enum IdentityGuard {
    public static func matches(in text: String, protecting people: [ProtectedPerson]) -> [IdentityMatch] {
        let words = self.words(text)
        guard !words.isEmpty else { return [] }
        // Punctuation is dropped, not a break: "Quarter-maine" and "L.o.p.e.z" are one word each here.
        let glued = Set(self.glued(text))
        let tokens = Set(words).union(glued)
        // Everything with the spaces taken out too, for the long details: "R V 9 4 J T", "Phil ippa Quarter maine".
        let squashed = words.joined()
        // "philippa dot ovts593 at example dot org" reads as the email's words once "at" and "dot" are dropped.
        let spelledOut = words.filter { $0 != "at" && $0 != "dot" }
        let digitRuns = self.digitRuns(text)
        var found: [IdentityMatch] = []
        func add(_ match: IdentityMatch) { if !found.contains(match) { found.append(match) } }

        for person in people {
            let name = nameWords(person.fullName)
            let wholeName = name.joined()
            if name.count >= 2,
                contains(words, name) || tokens.contains(wholeName)
                    || (wholeName.count >= 8 && squashed.contains(wholeName))
            {
                add(.init(person.role, .fullName))
            }
            if !person.familyNameShared,
                familyForms(person.fullName).contains(where: { familyNamed($0, given: name.first, in: words, tokens) })
            {
                add(.init(person.role, .familyName))
            }
            if let phone = person.phone.flatMap(nationalNumber), digitRuns.contains(where: { $0.contains(phone) }) {
                add(.init(person.role, .phone))
            }
            if let email = person.email, let local = email.split(separator: "@").first {
                let localWords = self.words(String(local))
                let local = localWords.joined()
                if local.count >= 3,
                    contains(spelledOut, localWords) || tokens.contains(local)
                        || (local.count >= 6 && spelledOut.joined().contains(local))
                {
                    add(.init(person.role, .email))
                }
            }
            if let postcode = person.postcode, !person.postcodeShared {
                let postcodeWords = self.words(postcode)
                if postcodeWords.joined().count >= 5, squashed.contains(postcodeWords.joined()) {
                    add(.init(person.role, .postcode))
                }
            }
            let address = address(person.addressLine, person.addressLine2)
            if let street = address.street {
                let positions = occurrences(of: street, in: words)
                // The number right before the street ("52 Xylophone Mews", "flat 12, Marsh House") or right
                // after it ("Xylophone Mews, number 52"): a number further off is a date, a time or a count.
                let together = positions.contains { start in
                    let end = start + street.count
                    func number(at index: Int) -> Bool {
                        words.indices.contains(index) && address.numbers.contains(words[index])
                    }
                    func word(at index: Int, in set: Set<String>) -> Bool {
                        words.indices.contains(index) && set.contains(words[index])
                    }
                    // "52 Xylophone Mews", "flat 12 in Marsh House", "Xylophone Mews, number 52".
                    return number(at: start - 1)
                        || (number(at: start - 2) && word(at: start - 1, in: ["in", "at", "on", "of"]))
                        || number(at: end) || (word(at: end, in: ["number", "no", "flat"]) && number(at: end + 1))
                }
                if together {
                    add(.init(person.role, .houseAndStreet))
                } else if person.onlyPartyOnStreet && !positions.isEmpty {
                    add(.init(person.role, .street))
                }
            }
        }
        return found
    }

    /// Is the family name written in the text? A family name that is also an
    /// everyday word ("May", "Young", "Green") counts only beside a title, an
    /// initial or the given name, so "you may" or "the green" can still be
    /// written to a respondent.
    static func familyNamed(_ family: String, given: String?, in words: [String], _ tokens: Set<String>) -> Bool {
        guard commonWords.contains(family) else { return tokens.contains(family) }
        return words.indices.contains { index in
            guard words[index] == family else { return false }
            func word(_ offset: Int) -> String { words.indices.contains(index + offset) ? words[index + offset] : "" }
            // An initial is one letter; "a" and "i" only after a title ("Mrs A Green"), as they are words too.
            let initial =
                word(-1).count == 1 && word(-1).first?.isLetter == true
                && (!["a", "i"].contains(word(-1)) || titles.contains(word(-2)))
            return titles.contains(word(-1)) || initial || word(-1) == given || word(1) == given
        }
    }

    /// Family names that are also everyday English words.
    static let commonWords: Set<String> = [
        "may", "will", "park", "young", "hall", "law", "green", "brown", "white", "black", "wood", "hill", "long",
        "little", "rich", "best", "bird", "fox", "king", "bell", "hope", "page", "day", "price", "cook", "baker",
        "ward", "street", "lane", "field", "moss", "read", "bush", "rose", "frost", "snow", "hunt", "sharp", "love",
        "small", "strong", "wise", "stone", "ball", "steel", "banks", "lord", "cross", "marsh", "bishop", "church",
        "north", "south", "west", "east", "wells", "waters", "brook", "ford", "gray", "grey", "house", "head", "hand",
        "good", "rice", "lamb", "penny", "noble", "case", "care", "french", "english", "bond", "booth", "mills",
        "way", "hay", "cash", "rush", "reed", "summer", "winter", "march", "short", "fair",
    ]

    // MARK: - Normalising

    /// The text's words: Unicode compatibility form (so a non-breaking space
    /// or a full-width letter is the plain one), case and accents folded,
    /// apostrophes joined and every other run of punctuation or whitespace a
    /// single break.
    public static func words(_ text: String) -> [String] {
        let characters = Array(folded(text))
        var words: [String] = []
        var current = ""
        var skipNext = false
        for (index, character) in characters.enumerated() {
            if skipNext {
                skipNext = false
                continue
            }
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "\u{2019}" {
                // O'Brien and O’Brien are one word, obrien; a possessive "Quartermaine's" is the name alone.
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                let after = index + 2 < characters.count ? characters[index + 2] : " "
                if next == "s" && !(after.isLetter || after.isNumber), !current.isEmpty {
                    words.append(current)
                    current = ""
                    skipNext = true
                }
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Unicode compatibility form (a non-breaking space or a full-width letter is the plain one), with case
    /// and accents folded.
    static func folded(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_GB"))
            .lowercased()
    }

    /// The text's words split at whitespace only, with punctuation inside a word dropped, so a name broken
    /// with hyphens or dots ("Quarter-maine", "L.o.p.e.z") is whole again; a possessive 's is dropped.
    static func glued(_ text: String) -> [String] {
        return folded(text).split(whereSeparator: \.isWhitespace).compactMap { chunk in
            var word = String(chunk)
            for suffix in ["'s", "\u{2019}s"] where word.hasSuffix(suffix) { word.removeLast(2) }
            let kept = String(word.filter { $0.isLetter || $0.isNumber })
            return kept.isEmpty ? nil : kept
        }
    }

    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "lady", "lord",
    ]

    /// A name's words without a leading title.
    static func nameWords(_ name: String) -> [String] {
        Array(words(name).drop { titles.contains($0) })
    }

    /// The family name as it might be written alone: the last word of the
    /// name, and for a double-barrelled name ("Smith-Jones") also each part
    /// and the parts run together.
    public static func familyForms(_ fullName: String) -> [String] {
        // A name recorded as one word ("Patel", "Mrs Patel") is a family name too.
        guard !nameWords(fullName).isEmpty,
            let last = fullName.split(whereSeparator: { $0.isWhitespace || $0 == "," }).last
        else { return [] }
        let parts = words(String(last)).filter { $0.count >= 2 && !titles.contains($0) }
        return parts.count > 1 ? parts + [parts.joined()] : parts
    }

    /// The digits of a UK phone number without its trunk prefix: "07700 900593",
    /// "+44 7700 900593" and "0044 (0)7700 900593" all give 7700900593.
    static func nationalNumber(_ phone: String) -> String? {
        var digits = phone.filter(\.isNumber)
        if digits.hasPrefix("0044") {
            digits.removeFirst(4)
        } else if digits.hasPrefix("44") && digits.count >= 12 {
            digits.removeFirst(2)
        }
        while digits.hasPrefix("0") { digits.removeFirst() }
        return digits.count >= 6 ? digits : nil
    }

    /// The runs of digits in a text, joined across the spaces, dashes, dots,
    /// brackets and plus signs people write phone numbers with, each without
    /// its trunk prefix.
    static func digitRuns(_ text: String) -> [String] {
        var runs: [String] = []
        var current = ""
        for character in text.precomposedStringWithCompatibilityMapping {
            if character.isASCII && character.isNumber {
                current.append(character)
            } else if character.isWhitespace || "-.()+/".contains(character) {
                continue
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        // "+44 (0)7700 900593" gives 4407700900593: the national number is inside it either way.
        return runs
    }

    /// An address line split into its house or flat numbers and its street words.
    static func address(_ line1: String?, _ line2: String?) -> (numbers: Set<String>, street: [String]?) {
        let unitWords: Set<String> = ["flat", "apartment", "apt", "unit", "room", "no", "number"]
        func split(_ line: String?) -> (Set<String>, [String]) {
            let words = self.words(line ?? "")
            let numbers = Set(words.filter { $0.first?.isNumber == true })
            var street = words.filter { $0.first?.isNumber != true }
            // "Flat" before the number is not part of the street; "House" in "Marsh House" is.
            while let first = street.first, unitWords.contains(first) || first == "block" {
                street.removeFirst()
                // "Block B" of "Flat 3, Block B, Heron Court" names the block, not the street.
                if first == "block", !street.isEmpty { street.removeFirst() }
            }
            return (numbers, street)
        }
        let (numbers, street) = split(line1)
        if !street.isEmpty { return (numbers, street) }
        let (moreNumbers, secondStreet) = split(line2)
        return (numbers.union(moreNumbers), secondStreet.isEmpty ? nil : secondStreet)
    }

    // MARK: - Matching words

    /// Does `words` hold `phrase` as consecutive words?
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        !occurrences(of: phrase, in: words).isEmpty
    }

    static func occurrences(of phrase: [String], in words: [String]) -> [Int] {
        guard !phrase.isEmpty, phrase.count <= words.count else { return [] }
        return (0...(words.count - phrase.count)).filter { start in
            words[start..<(start + phrase.count)].elementsEqual(phrase)
        }
    }
}
