import App
import Foundation
import Logging
import TandemCore
import Vapor

// The thin entrypoint: read the environment, assemble the app, run the command.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
var failed = false
do {
    let settings = try Settings.fromEnvironment(workingDirectory: DirectoryConfiguration.detect().workingDirectory)
    try await configure(app, settings: settings, clock: SystemClock())
    try await app.execute()
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    failed = true
}
try? await app.asyncShutdown()
if failed { exit(1) }
