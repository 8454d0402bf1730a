import Foundation

/// `import struct`: `pack`, `unpack`, `unpack_from`, `iter_unpack` and `calcsize` for CPython's format strings
/// (byte order `@ = < > !`, codes `x c b B ? h H i I l L q Q n N e f d s`, repeat counts; `@` aligns as the C
/// compiler on 64-bit Linux does).
enum StructModule {
    static let error = TypeObject.moduleError("error", module: "struct", doc: "A struct format or value does not fit.")

    struct Item {
        let code: Character
        let count: Int
        let size: Int
    }

    struct Layout {
        let littleEndian: Bool
        let native: Bool
        var items: [(item: Item, offset: Int)] = []
        var size = 0
        /// How many values pack takes / unpack gives.
        var valueCount: Int { items.reduce(0) { $0 + ($1.item.code == "s" ? 1 : $1.item.code == "x" ? 0 : $1.item.count) } }
    }

    private static func size(of code: Character, native: Bool) -> Int? {
        switch code {
        case "x", "c", "b", "B", "?", "s", "p": return 1
        case "h", "H", "e": return 2
        case "i", "I", "f": return 4
        case "l", "L": return native ? 8 : 4
        case "q", "Q", "d": return 8
        case "n", "N", "P": return native ? 8 : nil
        default: return nil
        }
    }

    static func layout(_ format: String) throws -> Layout {
        var chars = Array(format)
        var order: Character = "@"
        if let first = chars.first, "@=<>!".contains(first) { order = first; chars.removeFirst() }
        var layout = Layout(littleEndian: order == "@" || order == "=" || order == "<", native: order == "@")
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace { i += 1; continue }
            var count = 1
            if chars[i].isNumber {
                var digits = ""
                while i < chars.count, chars[i].isNumber { digits.append(chars[i]); i += 1 }
                count = Int(digits) ?? 1
                guard i < chars.count else { throw ScriptError(error, "repeat count given without format specifier") }
            }
            let code = chars[i]
            i += 1
            guard let size = size(of: code, native: layout.native) else { throw ScriptError(error, "bad char in struct format") }
            if layout.native && size > 1 && code != "s" && code != "x" { layout.size = (layout.size + size - 1) / size * size }
            if code == "s" || code == "p" {
                layout.items.append((Item(code: code, count: count, size: count), layout.size))
                layout.size += count
            } else {
                for _ in 0..<count {
                    layout.items.append((Item(code: code, count: 1, size: size), layout.size))
                    layout.size += size
                }
            }
        }
        return layout
    }

    private static func integerRange(_ code: Character, _ size: Int) -> (Int, Int) {
        let bits = size * 8
        if "BHILQN?".contains(code) { return (0, bits >= 64 ? Int.max : (1 << bits) - 1) }
        return bits >= 64 ? (Int.min, Int.max) : (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
    }

    static func pack(_ format: String, _ values: [Value]) throws -> [UInt8] {
        let layout = try layout(format)
        guard values.count == layout.valueCount else {
            throw ScriptError(error, "pack expected \(layout.valueCount) items for packing (got \(values.count))")
        }
        var out = [UInt8](repeating: 0, count: layout.size)
        var next = 0
        for (item, offset) in layout.items where item.code != "x" {
            let value = values[next]
            next += 1
            var raw: UInt64
            switch item.code {
            case "s", "p":
                guard let bytes = value.bytesContents else { throw ScriptError(error, "argument for 's' must be a bytes object") }
                for (k, b) in bytes.prefix(item.size).enumerated() { out[offset + k] = b }
                continue
            case "c":
                guard let bytes = value.bytesContents, bytes.count == 1 else { throw ScriptError(error, "char format requires a bytes object of length 1") }
                raw = UInt64(bytes[0])
            case "?": raw = (try value.isTruthy()) ? 1 : 0
            case "e", "f", "d":
                guard let x = value.doubleValue, value.typeName != "str" else { throw ScriptError(error, "required argument is not a float") }
                raw = item.code == "d" ? x.bitPattern : item.code == "f" ? UInt64(Float(x).bitPattern) : UInt64(Float16(Float(x)).bitPattern)
            default:
                guard case .int(let n) = value.typeName == "bool" ? .int(value.intValue ?? 0) : value else {
                    throw ScriptError(error, "required argument is not an integer")
                }
                let (low, high) = integerRange(item.code, item.size)
                guard n >= low && n <= high else {
                    let names: [Character: String] = ["b": "byte", "B": "ubyte", "h": "short", "H": "ushort"]
                    if let name = names[item.code] { throw ScriptError(error, "\(name) format requires \(low) <= number <= \(high)") }
                    if item.size >= 8 || (low == 0 && n < 0) { throw ScriptError(error, "argument out of range") }
                    throw ScriptError(error, "'\(item.code)' format requires \(low) <= number <= \(high)")
                }
                raw = UInt64(bitPattern: Int64(truncatingIfNeeded: n))
            }
            for k in 0..<item.size {
                let b = UInt8(truncatingIfNeeded: raw >> (8 * UInt64(k)))
                out[offset + (layout.littleEndian ? k : item.size - 1 - k)] = b
            }
        }
        return out
    }

    static func unpack(_ format: String, _ bytes: ArraySlice<UInt8>) throws -> [Value] {
        let layout = try layout(format)
        guard bytes.count == layout.size else { throw ScriptError(error, "unpack requires a buffer of \(layout.size) bytes") }
        let base = bytes.startIndex
        var values: [Value] = []
        for (item, offset) in layout.items where item.code != "x" {
            let start = base + offset
            if item.code == "s" || item.code == "p" { values.append(.bytes(Array(bytes[start..<(start + item.size)]))); continue }
            var raw: UInt64 = 0
            for k in 0..<item.size {
                let b = bytes[start + (layout.littleEndian ? k : item.size - 1 - k)]
                raw |= UInt64(b) << (8 * UInt64(k))
            }
            switch item.code {
            case "c": values.append(.bytes([UInt8(truncatingIfNeeded: raw)]))
            case "?": values.append(.bool(raw != 0))
            case "e": values.append(.float(Double(Float(Float16(bitPattern: UInt16(truncatingIfNeeded: raw))))))
            case "f": values.append(.float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))))
            case "d": values.append(.float(Double(bitPattern: raw)))
            default:
                let shift = UInt64(64 - 8 * item.size)
                let signed = "bhilqn".contains(item.code)
                let n = signed ? Int(Int64(bitPattern: raw << shift) >> Int64(shift)) : Int(truncatingIfNeeded: raw)
                if !signed && item.size == 8 && raw > UInt64(Int.max) {
                    throw ScriptError(.overflowError, "unsigned value \(raw) does not fit lorarepl's 64-bit int")
                }
                values.append(.int(n))
            }
        }
        return values
    }

    private static func buffer(_ value: Value) throws -> [UInt8] {
        guard let bytes = value.bytesContents else { throw ScriptError(.typeError, "a bytes-like object is required, not '\(value.typeName)'") }
        return bytes
    }

    static let table = ModuleTable(name: "struct", doc: "Pack numbers into bytes and unpack them (binary file formats).", builtins: [
        Builtin("pack", owner: "struct", [Parameter("format", .str), .variadic("values")], doc: "The bytes of the values in the format.",
                example: "struct.pack('<2H', 1, 2)  # b'\\x01\\x00\\x02\\x00'") { args in
            .bytes(try pack(try args.string("format"), args.variadic))
        },
        Builtin("unpack", owner: "struct", [Parameter("format", .str), Parameter("buffer")], doc: "The tuple of values the bytes hold.",
                example: "struct.unpack('<I', b'\\x01\\x00\\x00\\x00')  # (1,)") { args in
            .tuple(try unpack(try args.string("format"), try buffer(args["buffer"])[...]))
        },
        Builtin("unpack_from", owner: "struct", [Parameter("format", .str), Parameter("buffer"), Parameter("offset", .int, default: .int(0))],
                doc: "Unpack starting at offset.", example: "struct.unpack_from('<H', data, 4)") { args in
            let bytes = try buffer(args["buffer"]), format = try args.string("format"), offset = try args.int("offset")
            let size = try layout(format).size
            guard offset >= 0, offset + size <= bytes.count else {
                throw ScriptError(error, "unpack_from requires a buffer of at least \(size + max(0, offset)) bytes for unpacking \(size) bytes at offset \(offset) (actual buffer size is \(bytes.count))")
            }
            return .tuple(try unpack(format, bytes[offset..<(offset + size)]))
        },
        Builtin("iter_unpack", owner: "struct", [Parameter("format", .str), Parameter("buffer")], doc: "A tuple per record of the format.",
                example: "for (x,) in struct.iter_unpack('<H', data): ...") { args in
            let bytes = try buffer(args["buffer"]), format = try args.string("format")
            let size = try layout(format).size
            guard size > 0, bytes.count % size == 0 else {
                throw ScriptError(error, size == 0 ? "cannot iteratively unpack with a struct of length 0"
                                  : "iterative unpacking requires a buffer of a multiple of \(size) bytes")
            }
            var records: [Value] = []
            for start in stride(from: 0, to: bytes.count, by: size) { records.append(.tuple(try unpack(format, bytes[start..<(start + size)]))) }
            var i = 0
            return .iterator(IteratorObject(kindName: "unpack_iterator") {
                guard i < records.count else { return nil }
                defer { i += 1 }
                return records[i]
            })
        },
        Builtin("calcsize", owner: "struct", [Parameter("format", .str)], doc: "How many bytes the format packs to.",
                example: "struct.calcsize('<iH')  # 6") { args in .int(try layout(try args.string("format")).size) },
    ], constants: [("error", .type(error))])
}
