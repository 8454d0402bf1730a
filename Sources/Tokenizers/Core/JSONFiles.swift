import Foundation
import PythonBasics

/// A JSON object whose keys keep their order when written (plain `[String: Any]` objects are written
/// with sorted keys).
struct OrderedJSON {
    var entries: [(String, Any)]
    init(_ entries: [(String, Any)]) { self.entries = entries }
}

/// Reading and writing the JSON files of a tokenizer directory through the one JSON parser and writer
/// (`PythonBasics`). The tokenizers read their files as Foundation values (`[String: Any]`, numbers as
/// `NSNumber`), the shape `JSONSerialization` gives.
enum JSON {
    /// An integer from a JSON number (NSNumber, Int or integral Double).
    static func int(_ value: Any?) -> Int? {
        if let i = value as? Int { return i }
        if let d = value as? Double, d.rounded() == d, abs(d) < 1e15 { return Int(d) }
        if let n = value as? NSNumber { return n.intValue }
        return nil
    }

    /// Reads a JSON object from a file, with errors naming the file.
    static func readObject(_ url: URL) throws -> [String: Any] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenizerError("cannot read \(url.path)", help: "check that the file exists and is readable")
        }
        return try parseObject(data, name: url.path)
    }

    static func parseObject(_ data: Data, name: String) throws -> [String: Any] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(data)
        } catch let error as JSONDecodeError {
            throw TokenizerError("\(name) is not valid JSON (\(error.plainReason) at line \(error.line), column \(error.column))",
                                 help: "re-download the file or re-save it with save_pretrained")
        }
        guard let object = foundationValue(value) as? [String: Any] else {
            throw TokenizerError("\(name) must hold a JSON object at the top level")
        }
        return object
    }

    /// The Foundation form `JSONSerialization` would give (`NSNumber`, `NSNull`, arrays, dictionaries).
    static func foundationValue(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case let .bool(flag): return NSNumber(value: flag)
        case let .int(number): return NSNumber(value: number)
        case let .double(number): return NSNumber(value: number)
        case let .string(text): return text
        case let .array(items): return items.map(foundationValue)
        case let .object(pairs):
            var object: [String: Any] = [:]
            object.reserveCapacity(pairs.count)
            for pair in pairs { object[pair.key] = foundationValue(pair.value) }
            return object
        }
    }

    /// `json.dumps(value, indent=2, ensure_ascii=False) + "\n"`, as transformers writes a tokenizer's JSON
    /// files; `OrderedJSON` objects keep their order, dictionaries are sorted by key.
    static func data(_ value: Any) -> Data {
        Data((jsonValue(value).dumps(indent: 2, ensureASCII: false) + "\n").utf8)
    }

    /// The JSON value of a Foundation-shaped value (strings, numbers, bools, `NSNull`, arrays, objects).
    static func jsonValue(_ value: Any) -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .int(number)
        case let number as Double: return .double(number)
        case let object as OrderedJSON: return .object(object.entries.map { ($0.0, jsonValue($0.1)) })
        case let object as [String: Any]:
            return .object(object.keys.sorted(by: JSONValue.keyPrecedes).map { ($0, jsonValue(object[$0] ?? NSNull())) })
        case let list as [Any]: return .array(list.map(jsonValue))
        default: return .string("\(value)")
        }
    }
}

/// Writing a tokenizer's files: each one atomically (`PythonBasics.AtomicFile`).
enum TokenizerFiles {
    static func write(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch let failure as AtomicWriteError {
            throw TokenizerError("could not write \(url.path) (\(failure.step): \(failure.reason))",
                                 help: "check that the folder exists and is writable, and that the disk is not full")
        }
    }

    static func makeDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw TokenizerError("could not create the folder \(url.path) (\(error.localizedDescription))")
        }
    }
}

/// `tokenizer_config.json` as transformers writes it: the keys every tokenizer has (limits, sides,
/// `added_tokens_decoder`, the special tokens by role, the chat template) plus the class's own `extra` keys.
enum TokenizerConfigFile {
    static func contents(of tokenizer: Tokenizer, className: String, addedTokens: [AddedToken], cleanUpTokenizationSpaces: Bool,
                         extra: [String: Any] = [:]) -> [String: Any] {
        var config: [String: Any] = [
            "tokenizer_class": className,
            "model_max_length": tokenizer.modelMaxLength,
            "clean_up_tokenization_spaces": cleanUpTokenizationSpaces,
            "padding_side": tokenizer.paddingSide.rawValue,
            "truncation_side": tokenizer.truncationSide.rawValue,
        ]
        config.merge(extra) { _, own in own }
        var decoderEntries: [String: Any] = [:]
        for token in addedTokens { decoderEntries[String(token.id)] = token.json.filter { $0.key != "id" } }
        config["added_tokens_decoder"] = decoderEntries
        for (name, token) in tokenizer.specialTokens.named { config[name] = token }
        if let chatTemplate = tokenizer.chatTemplate { config["chat_template"] = chatTemplate }
        return config
    }
}
