import Foundation

/// `bytes` (immutable) and `bytearray` (mutable): sequences of ints 0...255 with CPython's repr
/// (`b'\x00ab'`), indexing (ints), slicing, `+`, `*`, `in`, ordering and hashing. Their methods are in
/// `BytesMethods`; `encode`/`decode` in `Codecs`.
///
/// Host code (Bindings) reads and makes bytes values with `Value.bytes(_:)` / `Value.bytesContents`:
///
/// ```swift
/// let payload: [UInt8] = value.bytesContents ?? []     // b'...' or bytearray(...) from a script
/// return Value.bytes(serialised)                        // a bytes value for the script
/// ```
public final class BytesObject: HostObject {
    /// The contents (changed in place only for a `bytearray`).
    public internal(set) var bytes: [UInt8]
    /// True for `bytearray`.
    public let isMutable: Bool

    public init(_ bytes: [UInt8], mutable: Bool = false) {
        self.bytes = bytes
        isMutable = mutable
    }

    public var typeName: String { isMutable ? "bytearray" : "bytes" }

    public func repr() -> String { isMutable ? "bytearray(\(Self.literal(bytes)))" : Self.literal(bytes) }

    /// CPython's bytes repr: single quotes unless the bytes hold `'` and no `"`; `\t \n \r \\`, and `\xhh` for
    /// the rest outside printable ASCII.
    static func literal(_ bytes: [UInt8]) -> String {
        let quote: UInt8 = bytes.contains(0x27) && !bytes.contains(0x22) ? 0x22 : 0x27
        var out = "b" + String(UnicodeScalar(quote))
        for b in bytes {
            switch b {
            case quote, 0x5C: out += "\\" + String(UnicodeScalar(b))
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x20..<0x7F: out.unicodeScalars.append(UnicodeScalar(b))
            default: out += "\\x" + hexDigits(b)
            }
        }
        return out + String(UnicodeScalar(quote))
    }

    static func hexDigits(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    public var attributeNames: [String] { (BytesMethods.table + (isMutable ? BytesMethods.mutableTable : [])).map(\.name).sorted() }

    /// Methods come from the `bytes`/`bytearray` method tables (`BytesMethods`), as for built-in types.
    public func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        guard let method = context.interpreter.typeMethods[typeName]?[name] else { return nil }
        return .boundMethod(BoundMethod(receiver: .host(self), builtin: method))
    }

    public func length() -> Int? { bytes.count }

    public func truthValue() throws -> Bool? { !bytes.isEmpty }

    public var helpText: String { isMutable ? "bytearray: a mutable sequence of bytes (ints 0-255)" : "bytes: an immutable sequence of bytes (ints 0-255)" }

    public func getItem(_ key: Value, context: CallContext) throws -> Value {
        let interpreter = context.interpreter
        if case .slice(let s) = key {
            return .host(BytesObject(try interpreter.sliceIndices(s, count: bytes.count).map { bytes[$0] }, mutable: isMutable))
        }
        guard case .int(let raw) = key else { return .int(Int(bytes[try interpreter.index(key, count: bytes.count, kind: typeName)])) }
        let i = raw < 0 ? raw + bytes.count : raw
        guard i >= 0 && i < bytes.count else {
            throw ScriptError(.indexError, isMutable ? "bytearray index out of range" : "index out of range",
                              notes: ["index \(raw), but the \(typeName) has \(bytes.count) byte\(bytes.count == 1 ? "" : "s")"])
        }
        return .int(Int(bytes[i]))
    }

    public func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        guard isMutable else { throw ScriptError(.typeError, "'bytes' object does not support item assignment", help: "use bytearray(b) for bytes you can change") }
        let i = try context.interpreter.index(key, count: bytes.count, kind: "bytearray")
        bytes[i] = try Self.byte(value)
    }

    public func makeIterator(context: CallContext) throws -> IteratorObject? {
        var position = 0
        let snapshot = self
        return IteratorObject(kindName: isMutable ? "bytearray_iterator" : "bytes_iterator") {
            guard position < snapshot.bytes.count else { return nil }
            defer { position += 1 }
            return .int(Int(snapshot.bytes[position]))
        }
    }

    public func contains(_ item: Value, context: CallContext) throws -> Bool? {
        if let needle = item.bytesContents { return Subsequence.find(bytes, needle, reverse: false) >= 0 }
        if case .int = item { return bytes.contains(try Self.byte(item)) }
        throw ScriptError(.typeError, "a bytes-like object is required, not '\(item.typeName)'")
    }

    public func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        switch op {
        case "+":
            guard let rhs = other.bytesContents else {
                if reflected { return nil }
                throw ScriptError(.typeError, "can't concat \(other.typeName) to \(typeName)",
                                  help: other.typeName == "str" ? "encode the text first: b + text.encode('utf-8')" : nil)
            }
            return .host(BytesObject(reflected ? rhs + bytes : bytes + rhs, mutable: isMutable))
        case "*":
            guard case .int(let n) = other else { return nil }
            let limit = context.interpreter.limits.maxStringLength
            guard n <= 0 || bytes.count <= limit / n else { throw ScriptError(.memoryError, "repeated bytes would be over the length limit of \(limit)") }
            return .host(BytesObject(n <= 0 ? [] : Array([[UInt8]](repeating: bytes, count: n).joined()), mutable: isMutable))
        case "==", "!=":
            guard let rhs = other.bytesContents else { return nil }
            return .bool((op == "==") == (rhs == bytes))
        case "<", "<=", ">", ">=":
            guard let rhs = other.bytesContents else { return nil }
            let (a, b) = reflected ? (rhs, bytes) : (bytes, rhs)
            switch op {
            case "<": return .bool(a.lexicographicallyPrecedes(b))
            case "<=": return .bool(!b.lexicographicallyPrecedes(a))
            case ">": return .bool(b.lexicographicallyPrecedes(a))
            default: return .bool(!a.lexicographicallyPrecedes(b))
            }
        default: return nil
        }
    }

    public func inPlaceOperation(_ op: String, _ other: Value, context: CallContext) throws -> Value? {
        guard isMutable, op == "+", let rhs = other.bytesContents else { return nil }
        bytes += rhs
        return .host(self)
    }

    /// An int 0...255 (`ValueError: byte must be in range(0, 256)` otherwise).
    static func byte(_ value: Value) throws -> UInt8 {
        guard let n = value.intValue, !(value.typeName == "float") else {
            throw ScriptError(.typeError, "'\(value.typeName)' object cannot be interpreted as an integer")
        }
        guard let b = UInt8(exactly: n) else { throw ScriptError(.valueError, "byte must be in range(0, 256)") }
        return b
    }

    /// `bytes(x)` / `bytearray(x)`: from a size, an iterable of ints, bytes, or a str with its encoding.
    static func make(_ source: Value, encoding: String?, errors: String?, mutable: Bool, context: CallContext) throws -> [UInt8] {
        let name = mutable ? "bytearray" : "bytes"
        if case .str(let text) = source {
            guard let encoding else { throw ScriptError(.typeError, "string argument without an encoding", help: "write \(name)(text, 'utf-8') or text.encode()") }
            return try Codecs.encode(text, encoding: encoding, errors: errors ?? "strict")
        }
        if encoding != nil { throw ScriptError(.typeError, "encoding without a string argument") }
        if errors != nil { throw ScriptError(.typeError, "errors without a string argument") }
        if let contents = source.bytesContents { return contents }
        switch source {
        case .int(let count):
            if count < 0 { throw ScriptError(.valueError, "negative count") }
            let limit = context.interpreter.limits.maxStringLength
            guard count <= limit else { throw ScriptError(.memoryError, "\(name)(\(count)) is over the length limit of \(limit)") }
            return [UInt8](repeating: 0, count: count)
        case .bool(let flag): return flag ? [0] : []
        case .float, .none: throw ScriptError(.typeError, "cannot convert '\(source.typeName)' object to \(name)")
        default:
            let items: [Value]
            do { items = try context.items(of: source) } catch let error as ScriptError where error.exception.type === TypeObject.typeError {
                throw ScriptError(.typeError, "cannot convert '\(source.typeName)' object to \(name)")
            }
            return try items.map { item in
                guard item.intValue != nil, item.typeName != "float" else {
                    throw ScriptError(.typeError, "'\(item.typeName)' object cannot be interpreted as an integer")
                }
                guard let b = item.intValue.flatMap({ UInt8(exactly: $0) }) else { throw ScriptError(.valueError, "bytes must be in range(0, 256)") }
                return b
            }
        }
    }
}

extension Value {
    /// A bytes value for a script (`b'...'`).
    public static func bytes(_ contents: [UInt8]) -> Value { .host(BytesObject(contents)) }
    /// A bytes value holding `data`.
    public static func bytes(_ data: Data) -> Value { .host(BytesObject([UInt8](data))) }

    /// The contents of a `bytes` or `bytearray` value, else nil.
    public var bytesContents: [UInt8]? {
        if case .host(let b as BytesObject) = self { return b.bytes }
        return nil
    }
}
