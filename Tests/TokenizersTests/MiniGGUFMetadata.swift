import Foundation

/// A minimal, bounds-checked GGUF metadata reader for these tests only (the tokenizer arrays and the chat
/// template). The real reader lives in WeightIO; the lead will switch these tests to it.
struct MiniGGUFMetadata {
    enum Value {
        case int(Int64), uint(UInt64), float(Double), bool(Bool), string(String), array([Value])

        var string: String? { if case let .string(s) = self { return s }; return nil }
        var int: Int? {
            switch self {
            case let .int(v): return Int(exactly: v)
            case let .uint(v): return Int(exactly: v)
            default: return nil
            }
        }
        var bool: Bool? { if case let .bool(b) = self { return b }; return nil }
        var strings: [String]? {
            guard case let .array(items) = self else { return nil }
            let out = items.compactMap(\.string)
            return out.count == items.count ? out : nil
        }
        var int32s: [Int32]? {
            guard case let .array(items) = self else { return nil }
            let out = items.compactMap { $0.int.flatMap { Int32(exactly: $0) } }
            return out.count == items.count ? out : nil
        }
    }

    struct ReadError: Error, CustomStringConvertible { let description: String }

    let values: [String: Value]

    init(url: URL) throws {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        var reader = Reader(data: data)
        guard try reader.bytes(4) == Array("GGUF".utf8) else { throw ReadError(description: "\(url.path) is not a GGUF file") }
        let version = try reader.u32()
        guard version == 2 || version == 3 else { throw ReadError(description: "unsupported GGUF version \(version)") }
        _ = try reader.u64()                       // tensor count
        let count = try reader.u64()
        guard count < 100_000 else { throw ReadError(description: "implausible metadata count \(count)") }
        var values: [String: Value] = [:]
        for _ in 0..<count {
            let key = try reader.string()
            let type = try reader.u32()
            values[key] = try reader.value(type: type, depth: 0)
        }
        self.values = values
    }

    subscript(key: String) -> Value? { values[key] }

    private struct Reader {
        let data: Data
        var offset = 0

        mutating func bytes(_ n: Int) throws -> [UInt8] {
            guard n >= 0, n <= data.count - offset else { throw ReadError(description: "GGUF truncated at byte \(offset)") }
            let start = data.startIndex + offset
            offset += n
            return [UInt8](data[start..<(start + n)])
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let raw = try bytes(MemoryLayout<T>.size)
            var value: T = 0
            for (i, b) in raw.enumerated() { value |= T(truncatingIfNeeded: b) << (8 * i) }
            return value
        }

        mutating func u32() throws -> UInt32 { try integer(UInt32.self) }
        mutating func u64() throws -> UInt64 { try integer(UInt64.self) }

        mutating func string() throws -> String {
            let length = try u64()
            guard length <= UInt64(data.count - offset) else { throw ReadError(description: "string length \(length) past the end") }
            return String(decoding: try bytes(Int(length)), as: UTF8.self)
        }

        mutating func value(type: UInt32, depth: Int) throws -> Value {
            switch type {
            case 0: return .uint(UInt64(try integer(UInt8.self)))
            case 1: return .int(Int64(try integer(Int8.self)))
            case 2: return .uint(UInt64(try integer(UInt16.self)))
            case 3: return .int(Int64(try integer(Int16.self)))
            case 4: return .uint(UInt64(try u32()))
            case 5: return .int(Int64(try integer(Int32.self)))
            case 6: return .float(Double(Float(bitPattern: try u32())))
            case 7: return .bool(try integer(UInt8.self) != 0)
            case 8: return .string(try string())
            case 9:
                guard depth < 2 else { throw ReadError(description: "nested arrays too deep") }
                let elementType = try u32()
                let count = try u64()
                guard count <= UInt64(data.count - offset) else { throw ReadError(description: "array count \(count) past the end") }
                var items: [Value] = []
                items.reserveCapacity(Int(count))
                for _ in 0..<count { items.append(try value(type: elementType, depth: depth + 1)) }
                return .array(items)
            case 10: return .uint(try u64())
            case 11: return .int(try integer(Int64.self))
            case 12: return .float(Double(bitPattern: try u64()))
            default: throw ReadError(description: "unknown GGUF value type \(type)")
            }
        }
    }
}
