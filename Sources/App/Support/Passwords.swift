import Vapor

/// bcrypt hashing, run on the thread pool so a slow hash never blocks an event loop.
extension Application {
    private struct DecoyHashKey: StorageKey {
        typealias Value = String
    }

    func hashPassword(_ password: String) async throws -> String {
        let cost = settings.bcryptCost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// A hash of a random secret, checked when the email is unknown so that a
    /// wrong email and a wrong password take the same time.
    var decoyPasswordHash: String {
        get { storage[DecoyHashKey.self] ?? "" }
        set { storage[DecoyHashKey.self] = newValue }
    }
}
