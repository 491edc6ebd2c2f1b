/// Escapes text for HTML element content and quoted attribute values, as
/// Leaf's `#()` does: `&`, `<`, `>`, `"` and `'`. One pass over the scalars;
/// text with nothing to escape comes back as it is. (Five Foundation
/// `replacingOccurrences` calls per string had been a fifth of the measures
/// page's time with a long officer list.)
enum HTMLEscape {
    static func text(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
