import Foundation
import TandemCore
import Vapor

/// `tandem cases close-due [--at 2026-12-01T10:00:00Z]`: closes every case
/// whose closure notice has ended. The server runs the same sweep every few
/// minutes; this lets an operator (or a test, with `--at`) run it on demand.
struct CasesCommand: AsyncCommandGroup {
    var help: String { "Case housekeeping." }
    var commands: [String: any AnyAsyncCommand] { ["close-due": CloseDueCommand()] }
}

struct CloseDueCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "at", help: "Treat this ISO 8601 moment as now (default: the clock).")
        var at: String?

        init() {}
    }

    var help: String { "Closes cases whose notice to the reporting person has ended." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var now = app.clock.now()
        if let text = signature.at {
            guard let moment = ISO8601DateFormatter().date(from: text) else {
                throw CommandInputError.invalid("--at must be an ISO 8601 moment like 2026-12-01T10:00:00Z")
            }
            now = moment
        }
        try await app.migrateTandem()
        let closed = try await ClosureService.closeDue(now: now, app: app, on: app.db)
        context.console.print(
            closed.isEmpty ? "No case is due to close." : "Closed \(closed.count): \(closed.joined(separator: ", "))")
    }
}

/// A command-line option the operator got wrong; the message says how to fix it.
enum CommandInputError: Error, CustomStringConvertible {
    case invalid(String)
    var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
