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
/// Deterministic for a start time and seed. 42 bits of a hash of the seed
/// keep two loads started in the same millisecond apart; the counter's 32
/// bits allow four billion keys a load (a million cases take about 25
/// million).
struct OrderedIDs: Sendable {
    private let millis: UInt64
    private let seedBits: UInt64
    private var counter: UInt32 = 0

    init(start: Date, seed: UInt64) {
        millis = UInt64(max(0, start.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        // SplitMix64's finaliser: nearby seeds give unrelated bits.
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        seedBits = (z ^ (z >> 31)) & 0x3FF_FFFF_FFFF
    }

    mutating func next() -> UUID {
        counter += 1
        let c = UInt64(counter)
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        let seed = seedBits
        return UUID(
            uuid: (
                byte(millis, 40), byte(millis, 32), byte(millis, 24), byte(millis, 16), byte(millis, 8),
                byte(millis, 0),
                // Version 7 in the high nibble, then twelve bits of the seed.
                0x70 | (byte(seed, 38) & 0x0F), byte(seed, 30),
                // The RFC 9562 variant (10xx), thirty more bits of the seed, then the counter.
                0x80 | (byte(seed, 24) & 0x3F), byte(seed, 16), byte(seed, 8), byte(seed, 0),
                byte(c, 24), byte(c, 16), byte(c, 8), byte(c, 0)
            ))
    }
}
