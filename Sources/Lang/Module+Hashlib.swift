import PythonBasics

/// `import hashlib`: `md5`, `sha1`, `sha256` and `new(name)` with `update`, `hexdigest`, `digest` and `copy`,
/// as scripts use them to dedupe texts (`hashlib.md5(text.encode()).hexdigest()`).
enum HashlibModule {
    static func data(_ value: Value) throws -> [UInt8] {
        if value.isNone { return [] }
        if case .str = value {
            throw ScriptError(.typeError, "Strings must be encoded before hashing", help: "hash text.encode('utf-8') instead of text")
        }
        guard let bytes = value.bytesContents else { throw ScriptError(.typeError, "object supporting the buffer API required") }
        return bytes
    }

    static func constructor(_ algorithm: Digest.Algorithm) -> Builtin {
        Builtin(algorithm.rawValue, owner: "hashlib", [Parameter("string", default: Value.none), .keyword("usedforsecurity", .bool, default: .bool(true))],
                doc: "A \(algorithm.rawValue) hash object fed with the given bytes (more with update()).",
                example: "hashlib.\(algorithm.rawValue)(text.encode('utf-8')).hexdigest()") { args in
            .host(HashObject(Digest(algorithm), feeding: try data(args["string"])))
        }
    }

    static let table = ModuleTable(name: "hashlib", doc: "Secure hashes (md5, sha1, sha256) of bytes.", builtins: Digest.Algorithm.allCases.map(constructor) + [
        Builtin("new", owner: "hashlib", [Parameter("name", .str), Parameter("data", default: Value.none), .keyword("usedforsecurity", .bool, default: .bool(true))],
                doc: "A hash object for the named algorithm ('md5', 'sha1', 'sha256').", example: "hashlib.new('sha256', b'abc').hexdigest()") { args in
            let name = try args.string("name")
            guard let algorithm = Digest.Algorithm(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "")) else {
                throw ScriptError(.valueError, "unsupported hash type \(name)", help: "lorarepl has md5, sha1 and sha256")
            }
            return .host(HashObject(Digest(algorithm), feeding: try data(args["data"])))
        },
    ], constants: [("algorithms_guaranteed", .set((try? SetObject.of(Digest.Algorithm.allCases.map { .str($0.rawValue) }, frozen: true)) ?? SetObject()))])
}

/// A running hash (`hashlib.sha256(...)`).
final class HashObject: HostObject {
    private var digest: Digest

    init(_ digest: Digest, feeding bytes: [UInt8]) {
        self.digest = digest
        self.digest.update(bytes)
    }

    var typeName: String { "_hashlib.HASH" }
    func repr() -> String { "<\(digest.algorithm.rawValue) _hashlib.HASH object>" }
    var attributeNames: [String] { ["block_size", "copy", "digest", "digest_size", "hexdigest", "name", "update"] }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "name": return .str(digest.algorithm.rawValue)
        case "digest_size": return .int(digest.algorithm.digestSize)
        case "block_size": return .int(64)
        case "update":
            return hostMethod(name, owner: "hash", [Parameter("data")], doc: "Feed more bytes.", example: "h.update(line.encode())") { args in
                self.digest.update(try HashlibModule.data(args["data"]))
                return .none
            }
        case "hexdigest":
            return hostMethod(name, owner: "hash", doc: "The hash as hexadecimal text.", example: "h.hexdigest()") { _ in
                .str(self.digest.finish().map(BytesObject.hexDigits).joined())
            }
        case "digest":
            return hostMethod(name, owner: "hash", doc: "The hash as bytes.", example: "h.digest()") { _ in .bytes(self.digest.finish()) }
        case "copy":
            return hostMethod(name, owner: "hash", doc: "An independent copy of this hash's state.", example: "h.copy()") { _ in
                .host(HashObject(self.digest, feeding: []))
            }
        default: return nil
        }
    }
}
