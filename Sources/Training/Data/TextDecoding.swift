/// How the bytes of a text data file are turned into characters.
public enum TextEncoding: String, Equatable {
    /// UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (with a note saying so).
    case auto
    case utf8 = "utf-8"
    case latin1 = "latin-1"

    /// Parses Python encoding names (`utf-8`, `utf8`, `latin-1`, `latin1`, `iso-8859-1`, `cp1252`…).
    public init?(pythonName: String) {
        switch pythonName.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "auto": self = .auto
        case "utf-8", "utf8", "utf-8-sig": self = .utf8
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        default: return nil
        }
    }
}

enum TextDecoding {
    /// The file's bytes as UTF-8 (BOM removed; Latin-1 bytes transcoded), plus a note when the
    /// encoding was guessed.
    static func utf8Bytes(_ raw: [UInt8], encoding: TextEncoding, fileName: String) throws -> (bytes: [UInt8], note: String?) {
        var bytes = raw
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        switch encoding {
        case .latin1:
            return (latin1ToUTF8(bytes), nil)
        case .utf8, .auto:
            if let badOffset = firstInvalidUTF8Offset(bytes) {
                let line = 1 + bytes[..<badOffset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                if encoding == .utf8 {
                    throw TrainingError(.valueError, "\(fileName) is not valid UTF-8 (byte 0x\(String(bytes[badOffset], radix: 16)) on line \(line))",
                                        help: "pass encoding=\"latin-1\" if the file was written by an older tool")
                }
                return (latin1ToUTF8(bytes),
                        "\(fileName) is not valid UTF-8 (first bad byte on line \(line)); it was read as Latin-1 (ISO-8859-1). Pass encoding=\"latin-1\" to silence this note.")
            }
            return (bytes, nil)
        }
    }

    static func latin1ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { input in
            var high = 0
            for b in input where b >= 0x80 { high += 1 }
            return [UInt8](unsafeUninitializedCapacity: input.count + high) { output, initialized in
                var o = 0
                for b in input {
                    if b < 0x80 { output[o] = b; o += 1 } else {
                        output[o] = 0xC0 | (b >> 6); output[o + 1] = 0x80 | (b & 0x3F); o += 2
                    }
                }
                initialized = o
            }
        }
    }

    /// Offset of the first byte that breaks UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8Offset(_ array: [UInt8]) -> Int? {
        array.withUnsafeBufferPointer { firstInvalidUTF8Offset(in: $0) }
    }

    private static func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
