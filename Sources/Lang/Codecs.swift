import Foundation

/// `str.encode` and `bytes.decode` with CPython's codecs for utf-8, ascii and latin-1 (and its error
/// messages and handlers: strict, ignore, replace, backslashreplace, xmlcharrefreplace on encode);
/// utf-8-sig, cp1252, utf-16 and utf-32 go through Foundation.
enum Codecs {
    static let unicodeEncodeError = TypeObject(name: "UnicodeEncodeError", parent: .valueError, doc: "The text cannot be written in the encoding.")

    /// The codec's name as CPython's messages spell it, or LookupError.
    static func canonical(_ encoding: String) throws -> String {
        switch encoding.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-") {
        case "utf-8", "utf8", "u8", "utf", "cp65001": return "utf-8"
        case "ascii", "us-ascii", "646": return "ascii"
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "8859", "cp819", "latin": return "latin-1"
        case "utf-8-sig", "utf8-sig": return "utf-8-sig"
        case "cp1252", "windows-1252": return "cp1252"
        case "utf-16", "utf16": return "utf-16"
        case "utf-32", "utf32": return "utf-32"
        default: throw ScriptError(.lookupError, "unknown encoding: \(encoding)", help: "use 'utf-8', 'ascii' or 'latin-1'")
        }
    }

    private static func checkHandler(_ errors: String, decoding: Bool) throws {
        let known = decoding ? ["strict", "ignore", "replace", "backslashreplace", "surrogateescape"]
            : ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace"]
        guard known.contains(errors) else { throw ScriptError(.lookupError, "unknown error handler name '\(errors)'") }
    }

    /// `text.encode(encoding, errors)`.
    static func encode(_ text: String, encoding: String, errors: String = "strict") throws -> [UInt8] {
        let codec = try canonical(encoding)
        let limit: UInt32
        switch codec {
        case "utf-8": return Array(text.utf8)
        case "utf-8-sig": return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case "ascii": limit = 0x80
        case "latin-1": limit = 0x100
        default:
            let target: String.Encoding = codec == "cp1252" ? .windowsCP1252 : codec == "utf-16" ? .utf16 : .utf32
            guard let data = text.data(using: target) else {
                throw ScriptError(unicodeEncodeError, "'\(codec)' codec can't encode the text", help: "use encoding='utf-8'")
            }
            return Array(data)
        }
        let scalars = Array(text.unicodeScalars)
        var out: [UInt8] = []
        out.reserveCapacity(scalars.count)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.value < limit { out.append(UInt8(c.value)); i += 1; continue }
            try checkHandler(errors, decoding: false)
            var end = i + 1
            while end < scalars.count && scalars[end].value >= limit { end += 1 }
            switch errors {
            case "ignore": break
            case "replace": out += [UInt8](repeating: 0x3F, count: end - i)
            case "backslashreplace": for s in scalars[i..<end] { out += Array(escape(s).utf8) }
            case "xmlcharrefreplace": for s in scalars[i..<end] { out += Array("&#\(s.value);".utf8) }
            default:
                let what = end - i == 1 ? "character '\(escape(c))' in position \(i)" : "characters in position \(i)-\(end - 1)"
                throw ScriptError(unicodeEncodeError, "'\(codec)' codec can't encode \(what): ordinal not in range(\(limit))",
                                  help: "use .encode('utf-8'), or errors='ignore' / 'replace' to drop or replace what does not fit")
            }
            i = end
        }
        return out
    }

    /// `\xe9`, `\u20ac`, `\U0001f600`: the backslash form of one code point.
    static func escape(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16)
        if s.value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if s.value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// `data.decode(encoding, errors)`.
    static func decode(_ bytes: [UInt8], encoding: String, errors: String = "strict") throws -> String {
        let codec = try canonical(encoding)
        switch codec {
        case "utf-8": return try decodeUTF8(bytes, errors: errors)
        case "utf-8-sig": return try decodeUTF8(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, errors: errors)
        case "latin-1":
            var out = String.UnicodeScalarView()
            for b in bytes { out.append(Unicode.Scalar(b)) }
            return String(out)
        case "ascii":
            var out = String.UnicodeScalarView()
            for (i, b) in bytes.enumerated() {
                if b < 0x80 { out.append(Unicode.Scalar(b)); continue }
                try checkHandler(errors, decoding: true)
                switch errors {
                case "ignore": break
                case "replace": out.append("\u{FFFD}")
                case "backslashreplace": out.append(contentsOf: "\\x\(BytesObject.hexDigits(b))".unicodeScalars)
                default: throw decodeError(codec, bytes, i, i + 1, "ordinal not in range(128)")
                }
            }
            return String(out)
        default:
            let source: String.Encoding = codec == "cp1252" ? .windowsCP1252 : codec == "utf-16" ? .utf16 : .utf32
            guard let text = String(data: Data(bytes), encoding: source) else {
                throw ScriptError(FileErrors.unicodeDecodeError, "'\(codec)' codec can't decode the bytes", help: "check the encoding")
            }
            return text
        }
    }

    private static func decodeError(_ codec: String, _ bytes: [UInt8], _ start: Int, _ end: Int, _ reason: String) -> ScriptError {
        let what = end - start == 1 ? "byte 0x\(BytesObject.hexDigits(bytes[start])) in position \(start)" : "bytes in position \(start)-\(end - 1)"
        return ScriptError(FileErrors.unicodeDecodeError, "'\(codec)' codec can't decode \(what): \(reason)",
                           help: "the bytes are not \(codec); try .decode('latin-1'), or errors='replace' / 'ignore'")
    }

    /// UTF-8 as CPython decodes it: each maximal invalid subpart is one error (one U+FFFD with 'replace').
    static func decodeUTF8(_ bytes: [UInt8], errors: String) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = String.UnicodeScalarView()
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { out.append(Unicode.Scalar(b)); i += 1; continue }
            var need = 0, low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: need = -1
            }
            var failure: (end: Int, reason: String)?
            var j = i + 1
            if need < 0 {
                failure = (i + 1, "invalid start byte")
            } else {
                for k in 0..<need {
                    guard j < n else { failure = (n, "unexpected end of data"); break }
                    let c = bytes[j]
                    guard (k == 0 ? low...high : 0x80...0xBF).contains(c) else { failure = (j, "invalid continuation byte"); break }
                    j += 1
                }
            }
            guard let failure else {
                var value = UInt32(b) & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07)
                for k in 1...need { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                i = j
                continue
            }
            try checkHandler(errors, decoding: true)
            switch errors {
            case "ignore": break
            case "replace": out.append("\u{FFFD}")
            case "backslashreplace": for x in bytes[i..<failure.end] { out.append(contentsOf: "\\x\(BytesObject.hexDigits(x))".unicodeScalars) }
            default: throw decodeError("utf-8", bytes, i, failure.end, failure.reason)
            }
            i = failure.end
        }
        return String(out)
    }
}
