import Fluent
import TandemCore
import Testing
import VaporTesting

@testable import App

extension WriteAuditTests {
    @Test("partner contributions: a case note and an incident the police received, on the case they share")
    func partnerContributionWrites() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: the police practitioner on Marsh House, shared with the police for reports.
            let writes = Writes(setup.app)
            let police = try await Self.signedIn(setup.app, "police@riverside.example", address: "192.0.2.172")
            let path = "/cases/\(setup.caseID)"
            try await police.get(path)

            // Act / Check: each write names every row it adds (the note or report, and the timeline line).
            try await writes.submit("/cases/:caseID/notes") {
                try await police.post("\(path)/notes", [("note", "Attended after a 101 call; music turned down.")])
            }
            try await writes.submit("/cases/:caseID/incidents") {
                try await police.post(
                    "\(path)/incidents",
                    [
                        ("incident_reference", "Log 0417"),
                        ("incident_date", DisplayDate.civilDay(testStart).adding(days: -1).description),
                        ("incident_location", "Marsh House, outside flat 14"),
                        ("incident_description", "Neighbour called about loud music and shouting."),
                    ])
            }
            #expect(
                try await Report.query(on: setup.app.db).filter(\.$partnerReference == "Log 0417").count() == 1)
            writes.expectCovered(Self.partnerContributions)
        }
    }
}
