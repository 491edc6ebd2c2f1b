import Foundation

/// Only paths on this site may be redirect targets after sign-in: no open
/// redirect and no header injection (issue 17). The value is checked as given
/// and again with any percent-encoding removed, because a browser or proxy
/// may decode `/%2F/evil.example` into `//evil.example`.
public enum SafeRedirect {
    public static func path(_ candidate: String?) -> String? {
        guard let candidate, candidate.count <= 200 else { return nil }
        let decoded = candidate.removingPercentEncoding ?? candidate
        for form in [candidate, decoded] {
            let scalars = Array(form.unicodeScalars)
            guard scalars.first == "/" else { return nil }
            if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return nil }
            // Tab, CR, LF and every other control or space character: browsers strip some, headers break on others.
            if scalars.contains(where: {
                CharacterSet.controlCharacters.contains($0) || CharacterSet.whitespacesAndNewlines.contains($0)
                    || CharacterSet.illegalCharacters.contains($0) || $0 == "\\"
            }) {
                return nil
            }
        }
        if decoded.hasPrefix("/sign-") { return nil }
        return candidate
    }
}
