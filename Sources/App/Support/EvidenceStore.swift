import Crypto
import Foundation
import TandemCore
import Vapor

/// Evidence files live on disk outside the database, one file per item,
/// named by a random key and checked against their SHA-256 on every read.
struct EvidenceStore: Sendable {
    let directory: String

    struct Stored: Sendable {
        var key: String
        var sha256: String
    }

    struct Damaged: Error {}

    private func path(_ key: String) -> String {
        "\(directory)/\(key.prefix(2))/\(key)"
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Tokens.hex(SHA256.hash(data: bytes))
    }

    /// Writes the bytes under a fresh key (atomically: a crash leaves no half file).
    func store(_ bytes: [UInt8]) throws -> Stored {
        let key = UUID().uuidString.lowercased()
        let folder = "\(directory)/\(key.prefix(2))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path(key)), options: .atomic)
        return Stored(key: key, sha256: Self.sha256Hex(bytes))
    }

    /// The file's bytes, refused if they no longer match the recorded checksum.
    func read(_ key: String, sha256: String) throws -> Data {
        guard key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw Damaged() }
        let data = try Data(contentsOf: URL(fileURLWithPath: path(key)))
        guard Self.sha256Hex(Array(data)) == sha256 else { throw Damaged() }
        return data
    }

    /// Removes a file disposed of under the retention schedule; true when it is gone from disk (or never was there).
    func removeDisposed(_ key: String) -> Bool {
        guard key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return false }
        let file = path(key)
        guard FileManager.default.fileExists(atPath: file) else { return true }
        return (try? FileManager.default.removeItem(atPath: file)) != nil
    }

    /// Removes a file whose database write did not commit.
    func remove(_ key: String) {
        try? FileManager.default.removeItem(atPath: path(key))
    }
}

extension Application {
    var evidenceStore: EvidenceStore { EvidenceStore(directory: settings.filesDirectory) }
}

extension Request {
    var evidenceStore: EvidenceStore { application.evidenceStore }
}
