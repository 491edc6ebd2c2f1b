import Vapor

/// Every CSV download (issue 20: Excel garbled accented names and dashes, percentages came in two forms, and one
/// file's last row was short):
/// - UTF-8 with a byte order mark, so Excel reads it as UTF-8;
/// - every row as wide as the widest, so a spreadsheet's columns line up;
/// - each field quoted where needed and neutralised against spreadsheet formulas;
/// - numbers as numbers: a percentage is the bare number, its column or item heading saying "(%)".
enum CSVFile {
    /// U+FEFF, the byte order mark, as UTF-8.
    static let byteOrderMark = "\u{FEFF}"

    static func response(_ rows: [[String]], filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text(rows)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: filename)
        return response
    }

    static func text(_ rows: [[String]]) -> String {
        let width = rows.map(\.count).max() ?? 0
        let lines = rows.map { row in
            (row + Array(repeating: "", count: width - row.count)).map(field).joined(separator: ",")
        }
        return byteOrderMark + lines.map { $0 + "\r\n" }.joined()
    }

    /// A field, quoted when needed; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a
    /// formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { ",\"\r\n".contains($0) }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// A figure as the page shows it ("94%"), as an item and a bare number for the file ("… (%)", "94").
    static func number(_ item: String, _ shown: String) -> (item: String, value: String) {
        guard shown.hasSuffix("%") else { return (item, shown == "–" ? "" : shown) }
        return (item + " (%)", String(shown.dropLast()))
    }
}
