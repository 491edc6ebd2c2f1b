import Foundation

/// Time-ordered identifiers for a bulk load: the UUIDv7 layout of RFC 9562
/// (48 bits of Unix milliseconds, then the version and variant bits) with a
/// counter where version 7 allows random bits. Every table's primary key, and
/// every `case_id` index of the tables under a case, then grows at its
/// right-hand edge as rows are loaded, instead of touching a page anywhere in
/// a file of several gigabytes (random UUIDs made a million-case load slow
/// down as the file outgrew the page cache). Stored as text the order is
/// the same, since the hexadecimal digits keep the bytes' order.
///
/// Deterministic for a start time and seed; the seed's low bytes keep two
/// loads started in the same millisecond apart.
struct OrderedIDs: Sendable {
    private let millis: UInt64
    private let seedBits: UInt16
    private var counter: UInt64 = 0

    init(start: Date, seed: UInt64) {
        millis = UInt64(max(0, start.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        seedBits = UInt16(truncatingIfNeeded: seed)
    }

    mutating func next() -> UUID {
        counter += 1
        let c = counter
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        let seed = UInt64(seedBits)
        return UUID(
            uuid: (
                byte(millis, 40), byte(millis, 32), byte(millis, 24), byte(millis, 16), byte(millis, 8),
                byte(millis, 0),
                // Version 7 in the high nibble, then twelve bits of the seed.
                0x70 | (byte(seed, 8) & 0x0F), byte(seed, 0),
                // The RFC 9562 variant (10xx), then a 62-bit counter, far more than any load needs.
                0x80 | (byte(c, 56) & 0x3F), byte(c, 48), byte(c, 40), byte(c, 32), byte(c, 24), byte(c, 16),
                byte(c, 8), byte(c, 0)
            ))
    }
}
