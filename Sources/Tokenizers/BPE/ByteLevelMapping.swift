import Foundation

/// GPT-2's reversible map between bytes and printable Unicode characters: the printable Latin-1 bytes
/// (`!`..`~`, `¡`..`¬`, `®`..`ÿ`) map to themselves, the other 68 bytes to U+0100 and up (space → `Ġ`).
enum ByteLevelMapping {
    /// byte → character.
    static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if printable {
                table[b] = Unicode.Scalar(UInt8(b))
            } else {
                table[b] = Unicode.Scalar(next) ?? " "
                next += 1
            }
        }
        return table
    }()

    /// character → byte.
    static let scalarToByte: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (b, s) in byteToScalar.enumerated() { map[s] = UInt8(b) }
        return map
    }()

    /// The byte-level form of a text (`" hello"` → `"Ġhello"`).
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        ScalarText.make(bytes.map { byteToScalar[Int($0)] })
    }

    /// The bytes of one vocabulary token, like HF's ByteLevel decoder: if every character is in the map
    /// its byte is used, otherwise the token's own UTF-8 bytes.
    static func bytes(of token: String, into out: inout [UInt8]) {
        let mark = out.count
        for s in token.unicodeScalars {
            guard let b = scalarToByte[s] else {
                out.removeLast(out.count - mark)
                out += Array(token.utf8)
                return
            }
            out.append(b)
        }
    }
}
