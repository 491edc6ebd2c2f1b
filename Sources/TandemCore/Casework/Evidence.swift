import Foundation

/// The kinds of evidence a case gathers (Lambeth 3.3 step 7; Westminster's noise app).
public enum EvidenceKind: String, CaseIterable, Codable, Sendable {
    case witnessStatement = "witness_statement"
    case professionalWitness = "professional_witness"
    case policeDisclosure = "police_disclosure"
    case cctvRequest = "cctv_request"
    case noiseRecording = "noise_recording"
    case photo
    case communityImpact = "community_impact"
    case diarySheet = "diary_sheet"
    case other

    public var label: String {
        switch self {
        case .witnessStatement: "Witness statement"
        case .professionalWitness: "Professional witness notes"
        case .policeDisclosure: "Police disclosure"
        case .cctvRequest: "CCTV request"
        case .noiseRecording: "Noise recording"
        case .photo: "Photo"
        case .communityImpact: "Community impact statement"
        case .diarySheet: "Diary sheet"
        case .other: "Other evidence"
        }
    }

    /// What a file a resident uploads with a diary entry is registered as.
    public static func forUpload(_ type: EvidenceFileType) -> EvidenceKind {
        switch type {
        case .jpeg, .png: .photo
        case .pdf: .diarySheet
        case .mp3, .wav, .m4a: .noiseRecording
        }
    }

    /// Evidence beyond the complaint itself, which makes legal action possible
    /// ("We will only go down the legal route if we have evidence to do so").
    public var corroborates: Bool { self != .cctvRequest && self != .other }
}

/// A file type Tandem accepts, recognised by its content, never by its name.
public enum EvidenceFileType: String, CaseIterable, Codable, Sendable {
    case jpeg
    case png
    case pdf
    case mp3
    case wav
    case m4a

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        case .mp3: "audio/mpeg"
        case .wav: "audio/wav"
        case .m4a: "audio/mp4"
        }
    }

    public var fileExtension: String { rawValue == "jpeg" ? "jpg" : rawValue }

    /// The type whose signature starts `bytes`, or nil.
    public static func sniff(_ bytes: [UInt8]) -> EvidenceFileType? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts(Array("RIFF".utf8)) && starts(Array("WAVE".utf8), at: 8) { return .wav }
        // MPEG-4 audio: iPhone voice memos say "M4A "; phone recorders often use the generic "mp4" brands.
        if starts(Array("ftyp".utf8), at: 4) && (starts(Array("M4A".utf8), at: 8) || starts(Array("mp4".utf8), at: 8)) {
            return .m4a
        }
        if starts(Array("ID3".utf8)) { return .mp3 }
        // An MPEG audio frame: eleven sync bits, layer III.
        if bytes.count >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x06) == 0x02 {
            return .mp3
        }
        return nil
    }
}

public enum EvidenceFileRules {
    /// Ten megabytes: enough for a phone photo or a few minutes of recorded noise.
    public static let defaultMaxBytes = 10 * 1024 * 1024

    public static func check(_ bytes: [UInt8], maxBytes: Int) -> Result<EvidenceFileType, CaseworkProblem> {
        if bytes.isEmpty { return .failure(.init("file", "The selected file is empty")) }
        if bytes.count > maxBytes {
            return .failure(.init("file", "The file must be smaller than \(describe(maxBytes))"))
        }
        guard let type = EvidenceFileType.sniff(Array(bytes.prefix(16))) else {
            return .failure(
                .init("file", "The file must be a photo (JPEG or PNG), a PDF or a sound recording (MP3, WAV or M4A)"))
        }
        return .success(type)
    }

    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MB" }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }

    /// A file name safe to offer in a download: letters, digits, dots, dashes
    /// and underscores, at most 100 characters, with the type's extension.
    public static func downloadName(_ original: String, type: EvidenceFileType) -> String {
        // Only the last part of whatever path the browser sent.
        let last = (original.replacingOccurrences(of: "\\", with: "/") as NSString).lastPathComponent
        let base = (last as NSString).deletingPathExtension
        let safe = String(
            base.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            }
            .prefix(100))
        return (safe.isEmpty ? "evidence" : safe) + "." + type.fileExtension
    }
}

/// Who wrote a diary entry.
public enum DiarySource: String, Codable, Sendable {
    case officer
    case resident

    public var label: String { self == .officer ? "Recorded by the officer" : "Added by the resident" }
}

public enum DiaryRules {
    public static func problems(
        occurredOn: CivilDate?, minute: Int?, whatHappened: String, today: CivilDate, nowMinute: Int
    ) -> [CaseworkProblem] {
        var problems: [CaseworkProblem] = []
        if let day = occurredOn {
            if day > today || (day == today && (minute ?? 0) > nowMinute) {
                problems.append(.init("occurred_on", "The date and time of the incident cannot be in the future"))
            } else if day < today.adding(days: -366) {
                problems.append(.init("occurred_on", "The incident must be within the last year"))
            }
        } else {
            problems.append(.init("occurred_on", "Enter the date of the incident, like 2026-11-21"))
        }
        if minute == nil { problems.append(.init("occurred_time", "Enter the time of the incident, like 23:15")) }
        if whatHappened.isEmpty { problems.append(.init("what_happened", "Enter what happened")) }
        return problems
    }
}
