import Crypto
import Foundation
import TandemCore
import Vapor

/// A form sent after its session had timed out (issue 20, item 6: "a session that expires mid-form shows 'You do
/// not have access to this' and loses the text").
///
/// Nothing is stored on the server: the submitted text travels back to the browser as hidden fields of the
/// sign-in form, and after sign-in the person sees what they typed and chooses to send it, with a fresh CSRF
/// token. A file chosen for upload cannot be carried; the person is told to attach it again.
///
/// The carried form is sealed (AES-GCM, the key of `EmailSeal`) with the id of the person whose session had
/// expired, when, and a digest of the target and every field: after sign-in it is offered only to that person,
/// within two hours, and exactly as it was sent. A sign-in page made elsewhere, with fields someone else
/// chose, therefore carries nothing.
struct ResumableSubmission: Encodable, Equatable {
    struct Field: Encodable, Equatable {
        var name: String
        var value: String
        /// A label for the confirmation page, or nil for a field not worth showing (an identifier).
        var label: String?
    }

    var target: String
    var multipart: Bool
    var fields: [Field]
    var droppedFile: Bool
    /// The seal the sign-in form carries back (empty until sealed).
    var seal = ""

    /// The hidden fields of the sign-in form that carry it.
    struct Carried: Codable {
        var target: String?
        var multipart: String? = nil
        var names: [String]?
        var values: [String]?
        var droppedFile: String? = nil
        var seal: String? = nil

        enum CodingKeys: String, CodingKey {
            case target = "resume_target"
            case multipart = "resume_multipart"
            case names = "resume_names"
            case values = "resume_values"
            case droppedFile = "resume_dropped_file"
            case seal = "resume_seal"
        }

        /// The carried fields of a sign-in form's own urlencoded body, read in order by hand: Vapor's form
        /// decoder would split a typed value at its commas and bars into several.
        static func from(_ request: Request) -> Carried? {
            guard let body = request.body.data, request.headers.contentType == .urlEncodedForm else { return nil }
            var carried = Carried()
            for (name, value) in ResumableSubmission.urlEncodedFields(String(buffer: body)) {
                switch name {
                case CodingKeys.target.rawValue: carried.target = value
                case CodingKeys.multipart.rawValue: carried.multipart = value
                case CodingKeys.droppedFile.rawValue: carried.droppedFile = value
                case CodingKeys.seal.rawValue: carried.seal = value
                case CodingKeys.names.rawValue + "[]": carried.names = (carried.names ?? []) + [value]
                case CodingKeys.values.rawValue + "[]": carried.values = (carried.values ?? []) + [value]
                default: continue
                }
            }
            return carried
        }
    }

    /// How long a carried form may wait for its person to sign in again.
    static let lifetime: TimeInterval = 2 * 3600

    /// What the seal vouches for: the target, the kind of body and every field in order.
    var digest: String {
        var text = "\(target)\n\(multipart)\n\(droppedFile)"
        for field in fields {
            text += "\n\(field.name.utf8.count):\(field.name)\(field.value.utf8.count):\(field.value)"
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func sealed(for userID: UUID, at now: Date, with seal: EmailSeal) throws -> String {
        try seal.seal([
            "purpose": "resume", "user": userID.uuidString, "at": String(Int(now.timeIntervalSince1970)),
            "digest": digest,
        ])
    }

    /// Whether this carried form was sealed for `userID`, recently, exactly as it is now.
    func isSealed(for userID: UUID, now: Date, with seal: EmailSeal) -> Bool {
        guard let opened = seal.open(self.seal), opened["purpose"] == "resume", opened["user"] == userID.uuidString,
            let at = opened["at"].flatMap(Int.init), opened["digest"] == digest
        else { return false }
        let age = now.timeIntervalSince1970 - Double(at)
        return age >= 0 && age <= Self.lifetime
    }

    static let maxFields = 200

    init?(target: String?, multipart: Bool, fields: [(String, String)], droppedFile: Bool) {
        guard let target = SafeRedirect.path(target), !target.contains("?") else { return nil }
        let kept = fields.filter { name, _ in
            name != CSRFMiddleware.formField && !name.lowercased().contains("password") && name.count <= 100
        }
        guard kept.count <= Self.maxFields else { return nil }
        self.target = target
        self.multipart = multipart
        self.fields = kept.map { .init(name: $0.0, value: $0.1, label: Self.label(name: $0.0, value: $0.1)) }
        self.droppedFile = droppedFile
    }

    /// What the sign-in form sent back, or nil when it carried nothing (an ordinary sign-in).
    init?(_ carried: Carried) {
        let names = carried.names ?? []
        let values = carried.values ?? []
        guard carried.target != nil, names.count == values.count else { return nil }
        self.init(
            target: carried.target, multipart: carried.multipart == "1", fields: Array(zip(names, values)),
            droppedFile: carried.droppedFile == "1")
        seal = carried.seal ?? ""
    }

    /// The form a POST carried, when its session had expired; nil for a body that is not a form.
    static func from(_ request: Request) -> ResumableSubmission? {
        guard request.method == .POST, request.url.path != SiteURL.signOut.path,
            let body = request.body.data
        else { return nil }
        let contentType = request.headers.contentType
        if contentType == .urlEncodedForm {
            let fields = urlEncodedFields(String(buffer: body))
            return ResumableSubmission(
                target: request.url.path, multipart: false, fields: fields, droppedFile: false)
        }
        if contentType?.type == "multipart", let boundary = contentType?.parameters["boundary"] {
            guard let (fields, files) = multipartFields(body, boundary: boundary) else { return nil }
            return ResumableSubmission(
                target: request.url.path, multipart: true, fields: fields, droppedFile: files > 0)
        }
        return nil
    }

    /// Fields of an `application/x-www-form-urlencoded` body, in order, repeats kept.
    static func urlEncodedFields(_ body: String) -> [(String, String)] {
        body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The text fields of a multipart form, and how many file parts it had.
    static func multipartFields(_ body: ByteBuffer, boundary: String) -> ([(String, String)], Int)? {
        let parser = MultipartParser(boundary: boundary)
        var fields: [(String, String)] = []
        var files = 0
        var name: String?
        var isFile = false
        var chosen = false
        var data = ByteBuffer()
        parser.onHeader = { header, value in
            guard header.lowercased() == "content-disposition" else { return }
            name = Self.parameter("name", in: value)
            // A file input sends a part with a filename; left empty, with filename="", it is no file to lose.
            let filename = Self.parameter("filename", in: value)
            isFile = filename != nil
            chosen = !(filename ?? "").isEmpty
        }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if isFile {
                if chosen { files += 1 }
            } else if let name {
                fields.append((name, String(buffer: data)))
            }
            name = nil
            isFile = false
            chosen = false
            data.clear()
        }
        do { try parser.execute(body) } catch { return nil }
        return (fields, files)
    }

    private static func parameter(_ key: String, in disposition: String) -> String? {
        for part in disposition.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// "sent_on" reads "Sent on"; empty values are carried but not shown. An identifier is shown too, as what
    /// it is: nothing is sent that the person was not shown.
    private static func label(name: String, value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        let words = name.replacingOccurrences(of: "[]", with: "").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// What the form was, in words, from its address: "/cases/…/diary" is "Diary", "/cases/…/closure/…/decision"
    /// is "Closure decision" (the last words of the path that are not identifiers).
    var formName: String {
        let words = target.split(separator: "/").map(String.init).filter {
            UUID(uuidString: $0) == nil && Int($0) == nil
        }
        .suffix(2).filter { $0 != "cases" && $0 != "r" }
        let text = words.joined(separator: " ").replacingOccurrences(of: "-", with: " ")
            .replacingOccurrences(of: "_", with: " ")
        return text.isEmpty ? "A form" : text.prefix(1).uppercased() + text.dropFirst()
    }
}
