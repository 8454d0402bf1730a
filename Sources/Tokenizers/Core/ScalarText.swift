import Foundation

/// Fast conversions between scalar arrays and Strings (appending scalars to a `UnicodeScalarView`
/// goes through a slow generic path).
enum ScalarText {
    /// UTF-8 length of one scalar.
    @inline(__always)
    static func utf8Length(_ s: Unicode.Scalar) -> Int {
        switch s.value {
        case 0..<0x80: return 1
        case 0x80..<0x800: return 2
        case 0x800..<0x10000: return 3
        default: return 4
        }
    }

    /// Writes the UTF-8 of `s` at `buffer[i...]`; returns the new index.
    @inline(__always)
    static func write(_ s: Unicode.Scalar, into buffer: UnsafeMutableBufferPointer<UInt8>, at i: Int) -> Int {
        let v = s.value
        switch v {
        case 0..<0x80:
            buffer[i] = UInt8(v)
            return i + 1
        case 0x80..<0x800:
            buffer[i] = UInt8(0xC0 | (v >> 6)); buffer[i + 1] = UInt8(0x80 | (v & 0x3F))
            return i + 2
        case 0x800..<0x10000:
            buffer[i] = UInt8(0xE0 | (v >> 12)); buffer[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            buffer[i + 2] = UInt8(0x80 | (v & 0x3F))
            return i + 3
        default:
            buffer[i] = UInt8(0xF0 | (v >> 18)); buffer[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            buffer[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); buffer[i + 3] = UInt8(0x80 | (v & 0x3F))
            return i + 4
        }
    }

    /// A String from scalars, optionally after a prefix (`"##"`).
    static func make<C: Collection>(_ scalars: C, prefix: String = "") -> String where C.Element == Unicode.Scalar {
        var prefixBytes = prefix
        var length = prefixBytes.utf8.count
        for s in scalars { length += utf8Length(s) }
        if length == 0 { return "" }
        return prefixBytes.withUTF8 { pre in
            String(unsafeUninitializedCapacity: length) { buffer in
                var i = 0
                for b in pre { buffer[i] = b; i += 1 }
                for s in scalars { i = write(s, into: buffer, at: i) }
                return i
            }
        }
    }
}
