import Foundation

/// A JSON syntax error with Python's wording and position: `Expecting ',' delimiter: line 3 column 5 (char 41)`.
/// A `ValueError` in scripts, as Python's `json.JSONDecodeError` is.
public struct JSONDecodeError: PythonError, Equatable {
    /// What is wrong at the position.
    public enum Kind: Equatable, Sendable {
        case expectingValue, expectingPropertyName, expectingColon, expectingComma, extraData
        case unterminatedString, invalidControlCharacter, invalidEscape, invalidUnicodeEscape, invalidUTF8
        case tooDeep(limit: Int), tooLarge(limit: Int)
    }

    public let kind: Kind
    /// 1-based line and column (in characters) of the problem.
    public let line: Int
    public let column: Int
    /// Characters (Unicode scalars) before the problem, Python's `pos`.
    public let offset: Int
    /// Bytes (UTF-8) before the problem.
    public let byteOffset: Int

    /// Python's short reason (`Expecting value`, `Extra data`, …).
    public var reason: String { texts.python }

    /// The same in plain words, for messages about files (`expected ':' after a key`).
    public var plainReason: String { texts.plain }

    /// Both wordings of each kind, side by side.
    private var texts: (python: String, plain: String) {
        switch kind {
        case .expectingValue: return ("Expecting value", "expected a value")
        case .expectingPropertyName: return ("Expecting property name enclosed in double quotes", "expected a quoted key")
        case .expectingColon: return ("Expecting ':' delimiter", "expected ':' after a key")
        case .expectingComma: return ("Expecting ',' delimiter", "expected ',' or a closing bracket")
        case .extraData: return ("Extra data", "unexpected text after the end of the JSON value")
        case .unterminatedString: return ("Unterminated string starting at", "unterminated string")
        case .invalidControlCharacter: return ("Invalid control character at", "control character inside a string (must be escaped)")
        case .invalidEscape: return ("Invalid \\escape", "invalid escape in a string")
        case .invalidUnicodeEscape: return ("Invalid \\uXXXX escape", "invalid \\u escape in a string")
        case .invalidUTF8: return ("Invalid UTF-8 in string starting at", "string is not valid UTF-8")
        case let .tooDeep(limit): return ("Nesting deeper than \(limit) levels", "nested more than \(limit) levels deep")
        case let .tooLarge(limit): return ("Document larger than \(limit) bytes", "larger than \(limit) bytes")
        }
    }

    public var message: String { "\(reason): line \(line) column \(column) (char \(offset))" }
    public var helpLine: String? { nil }
    public var exceptionType: PythonExceptionType { .valueError }
    public var description: String { message }
}

/// The one strict JSON parser (RFC 8259 plus Python's `NaN`/`Infinity`/`-Infinity` when allowed).
/// Integers stay `.int` (a literal too large for `Int` becomes `.double`, as precise as Python's float of
/// it), floats round-trip, objects keep key order with Python dict semantics for repeated keys, and
/// errors carry Python's message and the line/column.
public struct JSONParser {
    /// Limits and dialect.
    public struct Options: Sendable {
        /// Deepest nesting of arrays/objects accepted.
        public var maximumDepth: Int
        /// Largest document accepted, in bytes.
        public var maximumBytes: Int
        /// Accept `NaN`, `Infinity` and `-Infinity` (Python's `json` writes and reads them).
        public var allowNonFinite: Bool
        /// Keep every pair of an object even when a key repeats (Python's `object_pairs_hook=list`), for
        /// formats where a repeated key is an error the caller reports; otherwise dict semantics.
        public var keepsRepeatedKeys: Bool

        public init(maximumDepth: Int = 500, maximumBytes: Int = 1 << 30, allowNonFinite: Bool = true,
                    keepsRepeatedKeys: Bool = false) {
            self.maximumDepth = maximumDepth
            self.maximumBytes = maximumBytes
            self.allowNonFinite = allowNonFinite
            self.keepsRepeatedKeys = keepsRepeatedKeys
        }

        /// Python's `json.loads` defaults.
        public static let python = Options()
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let options: Options
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, options: Options) {
        (self.bytes, self.options) = (bytes, options)
    }

    /// Parses exactly one value surrounded by optional whitespace.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, options: Options = .python) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, options: options)
        guard bytes.count <= options.maximumBytes else {
            throw parser.failure(.tooLarge(limit: options.maximumBytes), at: 0)
        }
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure(.extraData) }
        return value
    }

    public static func parse(_ bytes: [UInt8], options: Options = .python) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse($0, options: options) }
    }

    public static func parse(_ data: Data, options: Options = .python) throws -> JSONValue {
        try data.withUnsafeBytes { try parse($0.bindMemory(to: UInt8.self), options: options) }
    }

    public static func parse(_ text: String, options: Options = .python) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse($0, options: options) }
    }

    // MARK: Errors

    private func failure(_ kind: JSONDecodeError.Kind, at byteOffset: Int? = nil) -> JSONDecodeError {
        let end = min(byteOffset ?? position, bytes.count)
        var line = 1, offset = 0, lineStart = 0
        for index in 0..<end {
            let byte = bytes[index]
            if byte & 0xC0 == 0x80 { continue }  // UTF-8 continuation byte: same character
            if byte == 0x0A { line += 1; lineStart = offset + 1 }
            offset += 1
        }
        return JSONDecodeError(kind: kind, line: line, column: offset - lineStart + 1, offset: offset, byteOffset: end)
    }

    // MARK: Values

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < options.maximumDepth else { throw failure(.tooDeep(limit: options.maximumDepth)) }
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t") where matches("true"): position += 4; return .bool(true)
        case UInt8(ascii: "f") where matches("false"): position += 5; return .bool(false)
        case UInt8(ascii: "n") where matches("null"): position += 4; return .null
        case UInt8(ascii: "N") where options.allowNonFinite && matches("NaN"): position += 3; return .double(.nan)
        case UInt8(ascii: "I") where options.allowNonFinite && matches("Infinity"): position += 8; return .double(.infinity)
        case UInt8(ascii: "-") where options.allowNonFinite && matches("-Infinity"): position += 9; return .double(-.infinity)
        case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
            if let number = parseNumber() { return number }
            throw failure(.expectingValue)
        default:
            throw failure(.expectingValue)
        }
    }

    private func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1  // {
        var pairs: [(key: String, value: JSONValue)] = []
        var positions: [String: Int] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(pairs) }
        while true {
            guard current == UInt8(ascii: "\"") else { throw failure(.expectingPropertyName) }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure(.expectingColon) }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            if !options.keepsRepeatedKeys, let existing = positions[key] {
                pairs[existing].value = value  // Python keeps the first position and the last value
            } else {
                positions[key] = pairs.count
                pairs.append((key, value))
            }
            if try !consumeSeparator(closing: UInt8(ascii: "}")) { return .object(pairs) }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            if try !consumeSeparator(closing: UInt8(ascii: "]")) { return .array(items) }
        }
    }

    /// After an item of an object or array: `,` (true: another item follows) or the closing bracket
    /// (false: the container ends); anything else is Python's "Expecting ',' delimiter".
    private mutating func consumeSeparator(closing: UInt8) throws -> Bool {
        skipWhitespace()
        if current == UInt8(ascii: ",") {
            position += 1
            skipWhitespace()
            return true
        }
        guard current == closing else { throw failure(.expectingComma) }
        position += 1
        return false
    }

    /// Python's number grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`; a fraction or exponent makes a float.
    private mutating func parseNumber() -> JSONValue? {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, (0x30...0x39).contains(first) else { position = start; return nil }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var isFloat = false
        if current == UInt8(ascii: "."), position + 1 < bytes.count, (0x30...0x39).contains(bytes[position + 1]) {
            position += 1
            skipDigits()
            isFloat = true
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            var probe = position + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-") { probe += 1 }
            if probe < bytes.count, (0x30...0x39).contains(bytes[probe]) {
                position = probe
                skipDigits()
                isFloat = true
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if !isFloat, let integer = Int(text) { return .int(integer) }
        return Double(text).map { .double($0) }
    }

    private mutating func skipDigits() {
        while let byte = current, (0x30...0x39).contains(byte) { position += 1 }
    }

    // MARK: Strings

    private mutating func parseString() throws -> String {
        let start = position
        position += 1  // opening quote
        var utf8: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw failure(.unterminatedString, at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw failure(.invalidUTF8, at: start)
                }
                return text
            }
            if byte < 0x20 { throw failure(.invalidControlCharacter) }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            let escapeStart = position
            position += 1
            guard let escape = current else { throw failure(.unterminatedString, at: start) }
            position += 1
            switch escape {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4(at: position) else { throw failure(.invalidUnicodeEscape, at: escapeStart + 1) }
                position += 4
                if (0xD800..<0xDC00).contains(code), position + 6 <= bytes.count,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
                   let low = hex4(at: position + 2), (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                }
                // A lone surrogate (Python keeps it; Swift strings cannot) becomes U+FFFD.
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                utf8.append(contentsOf: String(scalar).utf8)
            default:
                throw failure(.invalidEscape, at: escapeStart)
            }
            runStart = position
        }
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

extension JSONValue {
    /// Parses JSON text (see `JSONParser`).
    public static func parse(_ text: String, options: JSONParser.Options = .python) throws -> JSONValue {
        try JSONParser.parse(text, options: options)
    }

    /// Parses JSON bytes (see `JSONParser`).
    public static func parse(_ data: Data, options: JSONParser.Options = .python) throws -> JSONValue {
        try JSONParser.parse(data, options: options)
    }
}
