import Fluent
import TandemCore
import Testing
import VaporTesting

@testable import App

extension WriteAuditTests {
    @Test("partner-owned work: a risk task given to a partner organisation")
    func partnerOwnedWorkWrites() async throws {
        try await CaseworkTests().withMarsh { setup in
            // Setup: an open task on Marsh House, and the police in Tandem.
            let db = setup.app.db
            let writes = Writes(setup.app)
            let police = try #require(
                try await Organisation.query(on: db).filter(\.$name == "Riverside Safer Neighbourhoods Police")
                    .first()?.id)
            let task = RiskTask(
                caseID: setup.caseID, kind: .informPolice, dueAt: testStart, source: "Red vulnerability assessment",
                at: testStart)
            try await task.arrangeCreate(on: db)
            let taskID = try task.requireID()
            try await setup.officer.get("\(setup.path)/risk")

            // Act / Check: the officer gives it to the police.
            try await writes.submit("/cases/:caseID/tasks/:taskID/assignment") {
                try await setup.officer.post(
                    "\(setup.path)/tasks/\(taskID)/assignment", [("organisation_id", police.uuidString)])
            }
            #expect(try await RiskTask.find(taskID, on: db)?.$assignedOrganisation.id == police)
            writes.expectCovered(Self.partnerOwnedWork)
        }
    }
}
