import Foundation
import Vapor

/// `tandem generate --cases N [--seed S]`: fills the configured database with
/// a generated dataset for benchmarks (see `DataGenerator`).
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "cases", help: "How many cases to generate.")
        var cases: Int?

        @Option(name: "seed", help: "The random seed (default 1): the same seed gives the same data.")
        var seed: Int?

        init() {}
    }

    var help: String { "Generates a believable dataset of N cases for benchmarks, on top of the demo borough." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let cases = signature.cases, (1...5_000_000).contains(cases) else {
            throw CommandInputError.invalid("--cases must be a whole number from 1 to 5,000,000")
        }
        let seed = signature.seed ?? 1
        guard seed >= 0 else { throw CommandInputError.invalid("--seed must be zero or more") }
        let app = context.application
        try await app.migrateTandem()
        let started = Date()
        let console = context.console
        try await DataGenerator(
            cases: cases, seed: UInt64(seed), now: app.clock.now(), log: { console.print($0) }
        ).run(on: app)
        console.print("Generated \(cases) cases in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }
}
