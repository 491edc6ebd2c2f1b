import Fluent
import Foundation
import TandemCore
import Testing
import Vapor

@testable import App

/// The unit of work records what it writes, and nothing tracked is written past it (issue 18).
@Suite("The unit of work")
struct UnitOfWorkTests {
    func marsh(_ app: Application) async throws -> CaseRecord {
        try #require(try await CaseRecord.query(on: app.db).filter(\.$reference == "ASB-2026-00002").first())
    }

    func lastEvent(_ app: Application) async throws -> AuditEvent {
        try #require(try await AuditEvent.query(on: app.db).sort(\.$sequence, .descending).first())
    }

    @Test("an update records only the fields it sets, even when another change landed since the model was read")
    func staleModel() async throws {
        try await withTandem { app, clock in
            // Setup: two copies of one case, read before either changes.
            try await DemoSeeder.seedIfEmpty(app)
            let mine = try await marsh(app)
            let theirs = try await marsh(app)
            let before = mine.title
            try await app.write(as: .system, at: clock.now()) { work in
                theirs.title = "Noise from the flat above, changed elsewhere"
                try await work.update(theirs, "Renamed elsewhere")
            }
            // Act: the stale copy changes another field.
            mine.summary = "Updated account of the noise"
            try await app.write(as: .system, at: clock.now()) { work in
                try await work.update(mine, "Summary changed")
            }
            // Check: the event names the summary only, and the other change survived.
            let event = try await lastEvent(app)
            #expect(FieldChange.decode(event.changes).map(\.field) == ["summary"])
            let stored = try await marsh(app)
            #expect(stored.title == "Noise from the flat above, changed elsewhere" && stored.title != before)
            #expect(stored.summary == "Updated account of the noise")
        }
    }

    @Test("a field set to its own value writes nothing and records nothing")
    func noChange() async throws {
        try await withTandem { app, clock in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let record = try await marsh(app)
            let last = try await lastEvent(app).sequence
            // Act
            record.title = record.title
            try await app.write(as: .system, at: clock.now()) { work in try await work.update(record, "Nothing") }
            // Check
            #expect(try await lastEvent(app).sequence == last)
        }
    }

    @Test("a record deleted twice is deleted and recorded once")
    func deleteTwice() async throws {
        try await withTandem { app, clock in
            // Setup: an office closure day, read twice as two submissions of one form would.
            let closure = OfficeClosure(day: CivilDate(2026, 12, 28), description: "Christmas closure")
            try await app.write(as: .system, at: clock.now()) { work in try await work.insert(closure, "Added") }
            let first = try #require(try await OfficeClosure.find(closure.id, on: app.db))
            let second = try #require(try await OfficeClosure.find(closure.id, on: app.db))
            // Act
            for copy in [first, second] {
                try await app.write(as: .system, at: clock.now()) { work in try await work.delete(copy, "Removed") }
            }
            // Check
            let deletes = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.delete.rawValue)
                .filter(\.$recordID == closure.id?.uuidString).count()
            #expect(deletes == 1)
            #expect(try await OfficeClosure.find(closure.id, on: app.db) == nil)
        }
    }

    @Test("a tracked model saved past the unit is refused and nothing is written")
    func guardRefuses() async throws {
        try await withTandem { app, _ in
            // Setup
            try await DemoSeeder.seedIfEmpty(app)
            let record = try await marsh(app)
            // Act
            record.title = "Changed without an event"
            await #expect(throws: UnauditedWrite.self) { try await record.save(on: app.db) }
            // Check
            #expect(try await marsh(app).title != "Changed without an event")
        }
    }
}
