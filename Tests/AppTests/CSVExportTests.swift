import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Every CSV download, parsed as a spreadsheet would read it (issue 20): UTF-8 with a byte order mark, every row
/// as wide as the header, no percentage sign in a value (the heading says "(%)"), accented names and dashes intact.
@Suite("CSV downloads")
struct CSVExportTests {
    /// RFC 4180 fields: quoted fields may hold commas, quotes (doubled) and line breaks.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)
        var index = 0
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
            index += 1
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    @Test("the file writer adds the mark, pads short rows and neutralises formulas")
    func writer() {
        // Act
        let text = CSVFile.text([
            ["Name", "Count", "Note"], ["Zoë Núñez – flat 2", "3"], ["=SUM(A1)", "1", "a, \"b\""],
        ])
        // Check
        #expect(text.hasPrefix("\u{FEFF}Name,Count,Note\r\n"))
        #expect(
            Self.parse(text) == [
                ["Name", "Count", "Note"], ["Zoë Núñez – flat 2", "3", ""], ["'=SUM(A1)", "1", "a, \"b\""],
            ])
        #expect(CSVFile.number("Closed cases resolved", "94%") == ("Closed cases resolved (%)", "94"))
        #expect(CSVFile.number("Open cases", "–") == ("Open cases", ""))
    }

    @Test("every CSV the service offers has the mark, one shape and bare numbers")
    func everyDownload() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: a manager, an administrator, the case officer, and a person with a disclosure log.
            let app = setup.app
            let manager = try await WriteAuditTests.signedIn(app, "manager@riverside.example", address: "192.0.2.91")
            let admin = try await WriteAuditTests.signedIn(app, "admin@riverside.example", address: "192.0.2.92")
            let maria = try #require(
                try await Person.query(on: app.db).filter(\.$fullName == "Maria Lopez").first()?.id)
            let downloads: [(TestBrowser, String)] = [
                (manager, SiteURL.legalRegisterCSV.path), (manager, SiteURL.measuresCSV.path),
                (manager, SiteURL.councilCSV.path), (manager, SiteURL.tsmCSV.path),
                (manager, SiteURL.repeatCallersCSV.path), (admin, SiteURL.admin(.agreementsCSV).path),
                (setup.officer, SiteURL.case(.value(setup.caseID), .disclosuresCSV).path),
                (setup.officer, SiteURL.personDisclosuresCSV(.value(maria)).path),
            ]
            for (browser, path) in downloads {
                // Act
                let response = try await browser.get(path)
                // Check
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers.contentType?.subType == "csv", "\(path)")
                let bytes = Array(response.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(path) starts with the byte order mark")
                let rows = Self.parse(response.body.string)
                #expect(!rows.isEmpty, "\(path) has its heading row")
                let width = rows.first?.count ?? 0
                #expect(rows.allSatisfy { $0.count == width }, "\(path): every row has \(width) fields")
                let withPercent = rows.dropFirst().flatMap { $0 }.filter {
                    $0.range(of: #"^\d+(\.\d+)?%$"#, options: .regularExpression) != nil
                }
                #expect(withPercent.isEmpty, "\(path): no value is written as a percentage: \(withPercent)")
            }
        }
    }
}
