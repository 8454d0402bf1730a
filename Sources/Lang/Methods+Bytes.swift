/// The methods of `bytes` and `bytearray` (CPython's semantics; results keep the receiver's type).
enum BytesMethods {
    static let asciiSpace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]

    private static func receiver(_ args: Arguments) -> BytesObject {
        if case .host(let b as BytesObject)? = args.receiver { return b }
        return BytesObject([])
    }

    static func method(_ name: String, _ parameters: [Parameter] = [], doc: String, example: String,
                       _ body: @escaping (BytesObject, Arguments) throws -> Value) -> Builtin {
        Builtin(name, owner: "bytes", parameters, doc: doc, example: example) { args in try body(receiver(args), args) }
    }

    /// A needle argument: bytes-like, or an int for one byte.
    static func needle(_ value: Value) throws -> [UInt8] {
        if let bytes = value.bytesContents { return bytes }
        if case .int = value { return [try BytesObject.byte(value)] }
        throw ScriptError(.typeError, "argument should be integer or bytes-like object, not '\(value.typeName)'")
    }

    static func bytesArgument(_ value: Value) throws -> [UInt8] {
        guard let bytes = value.bytesContents else { throw ScriptError(.typeError, "a bytes-like object is required, not '\(value.typeName)'") }
        return bytes
    }

    /// A result with the receiver's type.
    static func make(_ like: BytesObject, _ bytes: [UInt8]) -> Value { .host(BytesObject(bytes, mutable: like.isMutable)) }

    static func affixes(_ value: Value, _ name: String) throws -> [[UInt8]] {
        if case .tuple(let items) = value { return try items.map(bytesArgument) }
        guard let bytes = value.bytesContents else {
            throw ScriptError(.typeError, "\(name) first arg must be bytes or a tuple of bytes, not \(value.typeName)")
        }
        return [bytes]
    }

    static func find(_ b: BytesObject, _ args: Arguments, reverse: Bool) throws -> Int {
        let (start, end) = try Subsequence.bounds(args)
        return Subsequence.find(b.bytes, try needle(args["sub"]), start: start, end: end, reverse: reverse)
    }

    static func split(_ bytes: [UInt8], _ sep: [UInt8]?, maxsplit: Int) throws -> [[UInt8]] {
        var parts: [[UInt8]] = []
        guard let sep else {
            var i = 0
            while i < bytes.count {
                while i < bytes.count && asciiSpace.contains(bytes[i]) { i += 1 }
                guard i < bytes.count else { break }
                if maxsplit >= 0 && parts.count == maxsplit {
                    var end = bytes.count
                    while end > i && asciiSpace.contains(bytes[end - 1]) { end -= 1 }
                    parts.append(Array(bytes[i..<end]))
                    break
                }
                let start = i
                while i < bytes.count && !asciiSpace.contains(bytes[i]) { i += 1 }
                parts.append(Array(bytes[start..<i]))
            }
            return parts
        }
        if sep.isEmpty { throw ScriptError(.valueError, "empty separator") }
        var start = 0
        while maxsplit < 0 || parts.count < maxsplit {
            let at = Subsequence.find(bytes, sep, start: start, reverse: false)
            guard at >= 0 else { break }
            parts.append(Array(bytes[start..<at]))
            start = at + sep.count
        }
        parts.append(Array(bytes[start...]))
        return parts
    }

    static func strip(_ bytes: [UInt8], _ chars: Value, left: Bool, right: Bool) throws -> [UInt8] {
        let set = chars.isNone ? asciiSpace : Set(try bytesArgument(chars))
        var start = 0, end = bytes.count
        if left { while start < end && set.contains(bytes[start]) { start += 1 } }
        if right { while end > start && set.contains(bytes[end - 1]) { end -= 1 } }
        return Array(bytes[start..<end])
    }

    static func hex(_ bytes: [UInt8], sep: String?, group: Int) -> String {
        let digits = bytes.map(BytesObject.hexDigits)
        guard let sep, group != 0, !digits.isEmpty else { return digits.joined() }
        let size = abs(group)
        var groups: [String] = []
        if group > 0 {  // grouped from the right, as CPython
            var end = digits.count
            while end > 0 {
                groups.insert(digits[max(0, end - size)..<end].joined(), at: 0)
                end -= size
            }
        } else {
            var start = 0
            while start < digits.count {
                groups.append(digits[start..<min(digits.count, start + size)].joined())
                start += size
            }
        }
        return groups.joined(separator: sep)
    }

    static func fromHex(_ text: String) throws -> [UInt8] {
        var out: [UInt8] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == " " { i += 1; continue }
            guard i + 1 < scalars.count, let high = UInt8(String(scalars[i]), radix: 16), let low = UInt8(String(scalars[i + 1]), radix: 16) else {
                let at = i + 1 < scalars.count && UInt8(String(scalars[i]), radix: 16) != nil ? i + 1 : i
                throw ScriptError(.valueError, "non-hexadecimal number found in fromhex() arg at position \(min(at, scalars.count))")
            }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    /// `bytes.fromhex(...)` / `bytearray.fromhex(...)` on the type.
    static func fromHexMethod(mutable: Bool) -> Builtin {
        Builtin("fromhex", owner: mutable ? "bytearray" : "bytes", [Parameter("string", .str)],
                doc: "Bytes from hexadecimal digits (spaces between bytes are allowed).", example: "bytes.fromhex('de ad')  # b'\\xde\\xad'") { args in
            .host(BytesObject(try fromHex(try args.string("string")), mutable: mutable))
        }
    }

    static let findParameters = [Parameter("sub")] + Subsequence.boundParameters

    static let table: [Builtin] = [
        method("decode", [Parameter("encoding", .str, default: .str("utf-8")), Parameter("errors", .str, default: .str("strict"))],
               doc: "The text these bytes encode (utf-8, ascii, latin-1; errors='strict', 'ignore' or 'replace').",
               example: "b'caf\\xc3\\xa9'.decode()  # 'café'") { b, args in
            .str(try Codecs.decode(b.bytes, encoding: try args.string("encoding"), errors: try args.string("errors")))
        },
        method("hex", [Parameter("sep", .optional(.str), default: Value.none), Parameter("bytes_per_sep", .int, default: .int(1))],
               doc: "Two hexadecimal digits per byte.", example: "b'\\x01\\xff'.hex()  # '01ff'") { b, args in
            .str(hex(b.bytes, sep: try args.optionalString("sep"), group: try args.int("bytes_per_sep")))
        },
        method("startswith", [Parameter("prefix")] + Subsequence.boundParameters, doc: "True when the bytes start with prefix (or one of a tuple).",
               example: "b'PK\\x03'.startswith(b'PK')  # True") { b, args in
            let (start, end) = try Subsequence.bounds(args)
            return .bool(try affixes(args["prefix"], "startswith").contains { Subsequence.tailMatch(b.bytes, $0, start: start, end: end, atEnd: false) })
        },
        method("endswith", [Parameter("suffix")] + Subsequence.boundParameters, doc: "True when the bytes end with suffix (or one of a tuple).",
               example: "b'a\\n'.endswith(b'\\n')  # True") { b, args in
            let (start, end) = try Subsequence.bounds(args)
            return .bool(try affixes(args["suffix"], "endswith").contains { Subsequence.tailMatch(b.bytes, $0, start: start, end: end, atEnd: true) })
        },
        method("find", findParameters, doc: "Index of the first occurrence of sub, or -1.", example: "b'abc'.find(b'c')  # 2") { b, args in
            .int(try find(b, args, reverse: false))
        },
        method("rfind", findParameters, doc: "Index of the last occurrence of sub, or -1.", example: "b'abca'.rfind(b'a')  # 3") { b, args in
            .int(try find(b, args, reverse: true))
        },
        method("index", findParameters, doc: "Index of the first occurrence of sub (ValueError if absent).", example: "b'abc'.index(b'b')  # 1") { b, args in
            let i = try find(b, args, reverse: false)
            if i < 0 { throw ScriptError(.valueError, "subsection not found") }
            return .int(i)
        },
        method("rindex", findParameters, doc: "Index of the last occurrence of sub (ValueError if absent).", example: "b'abab'.rindex(b'a')  # 2") { b, args in
            let i = try find(b, args, reverse: true)
            if i < 0 { throw ScriptError(.valueError, "subsection not found") }
            return .int(i)
        },
        method("count", findParameters, doc: "Number of non-overlapping occurrences of sub.", example: "b'aaa'.count(b'a')  # 3") { b, args in
            let (start, end) = try Subsequence.bounds(args)
            return .int(Subsequence.count(b.bytes, try needle(args["sub"]), start: start, end: end))
        },
        method("split", [Parameter("sep", default: Value.none), Parameter("maxsplit", .int, default: .int(-1))],
               doc: "Split at sep (default: runs of ASCII whitespace).", example: "b'a,b'.split(b',')  # [b'a', b'b']") { b, args in
            let sep = args["sep"].isNone ? nil : try bytesArgument(args["sep"])
            return .list(ListObject(try split(b.bytes, sep, maxsplit: try args.int("maxsplit")).map { make(b, $0) }))
        },
        method("strip", [Parameter("bytes", default: Value.none)], doc: "Without leading and trailing bytes (default: ASCII whitespace).",
               example: "b' x\\n'.strip()  # b'x'") { b, args in make(b, try strip(b.bytes, args["bytes"], left: true, right: true)) },
        method("lstrip", [Parameter("bytes", default: Value.none)], doc: "Without leading bytes (default: ASCII whitespace).",
               example: "b' x'.lstrip()  # b'x'") { b, args in make(b, try strip(b.bytes, args["bytes"], left: true, right: false)) },
        method("rstrip", [Parameter("bytes", default: Value.none)], doc: "Without trailing bytes (default: ASCII whitespace).",
               example: "b'x\\r\\n'.rstrip()  # b'x'") { b, args in make(b, try strip(b.bytes, args["bytes"], left: false, right: true)) },
        method("join", [Parameter("iterable_of_bytes")], doc: "The items joined with these bytes between them.",
               example: "b','.join([b'a', b'b'])  # b'a,b'") { b, args in
            var out: [UInt8] = []
            for (i, item) in try args.context.items(of: args["iterable_of_bytes"]).enumerated() {
                guard let part = item.bytesContents else {
                    throw ScriptError(.typeError, "sequence item \(i): expected a bytes-like object, \(item.typeName) found")
                }
                if i > 0 { out += b.bytes }
                out += part
            }
            return make(b, out)
        },
        method("replace", [Parameter("old"), Parameter("new"), Parameter("count", .int, default: .int(-1))],
               doc: "Replace occurrences of old with new (at most count).", example: "b'a-b'.replace(b'-', b'_')  # b'a_b'") { b, args in
            let old = try bytesArgument(args["old"]), new = try bytesArgument(args["new"])
            let count = try args.int("count")
            if old.isEmpty {
                var out: [UInt8] = [], n = 0
                for x in b.bytes {
                    if count < 0 || n < count { out += new; n += 1 }
                    out.append(x)
                }
                if count < 0 || n < count { out += new }
                return make(b, out)
            }
            let parts = try split(b.bytes, old, maxsplit: count)
            return make(b, Array(parts.joined(separator: new)))
        },
        method("upper", doc: "ASCII letters upper-cased.", example: "b'ab'.upper()  # b'AB'") { b, _ in
            make(b, b.bytes.map { (0x61...0x7A).contains($0) ? $0 - 32 : $0 })
        },
        method("lower", doc: "ASCII letters lower-cased.", example: "b'AB'.lower()  # b'ab'") { b, _ in
            make(b, b.bytes.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 })
        },
        method("isdigit", doc: "True when non-empty and all ASCII digits.", example: "b'42'.isdigit()  # True") { b, _ in
            .bool(!b.bytes.isEmpty && b.bytes.allSatisfy { (0x30...0x39).contains($0) })
        },
        method("isspace", doc: "True when non-empty and all ASCII whitespace.", example: "b' '.isspace()  # True") { b, _ in
            .bool(!b.bytes.isEmpty && b.bytes.allSatisfy { asciiSpace.contains($0) })
        },
        method("splitlines", [Parameter("keepends", .bool, default: .bool(false))], doc: "Split at \\n, \\r\\n and \\r.",
               example: "b'a\\nb'.splitlines()  # [b'a', b'b']") { b, args in
            let keep = try args.bool("keepends")
            var lines: [Value] = [], start = 0, i = 0
            while i < b.bytes.count {
                guard b.bytes[i] == 0x0A || b.bytes[i] == 0x0D else { i += 1; continue }
                var end = i + 1
                if b.bytes[i] == 0x0D, end < b.bytes.count, b.bytes[end] == 0x0A { end += 1 }
                lines.append(make(b, Array(b.bytes[start..<(keep ? end : i)])))
                (start, i) = (end, end)
            }
            if start < b.bytes.count { lines.append(make(b, Array(b.bytes[start...]))) }
            return .list(ListObject(lines))
        },
    ]

    /// What only `bytearray` has: it changes in place.
    static let mutableTable: [Builtin] = [
        method("append", [Parameter("item")], doc: "Add one byte (an int 0-255) at the end.", example: "buf.append(10)") { b, args in
            b.bytes.append(try BytesObject.byte(args["item"]))
            return .none
        },
        method("extend", [Parameter("iterable_of_ints")], doc: "Add bytes (or ints 0-255) at the end.", example: "buf.extend(b'\\r\\n')") { b, args in
            b.bytes += try BytesObject.make(args["iterable_of_ints"], encoding: nil, errors: nil, mutable: true, context: args.context)
            return .none
        },
        method("clear", doc: "Remove every byte.", example: "buf.clear()") { b, _ in
            b.bytes.removeAll()
            return .none
        },
    ]
}
