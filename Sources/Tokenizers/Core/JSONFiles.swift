import Foundation

/// Small helpers for reading and writing the JSON files of a tokenizer directory.
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
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw TokenizerError("\(name) is not valid JSON (\(error.localizedDescription))",
                                 help: "re-download the file or re-save it with save_pretrained")
        }
        guard let object = value as? [String: Any] else {
            throw TokenizerError("\(name) must hold a JSON object at the top level")
        }
        return object
    }

    /// Serialises a JSON value with sorted keys (deterministic files).
    static func data(_ value: Any, pretty: Bool = true) throws -> Data {
        var options: JSONSerialization.WritingOptions = [.sortedKeys]
        if pretty { options.insert(.prettyPrinted) }
        do {
            return try JSONSerialization.data(withJSONObject: value, options: options)
        } catch {
            throw TokenizerError("could not serialise JSON (\(error.localizedDescription))")
        }
    }

    /// A JSON string literal for `text` (quotes included), as Python's `json.dumps` writes it.
    static func quote(_ text: String, asciiOnly: Bool = true) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                    } else {
                        out += String(format: "\\u%04x", scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Atomic file writes: the data goes to a temporary name in the same folder, then is renamed over the target.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try data.write(to: temp)
            guard rename(temp.path, url.path) == 0 else {
                throw TokenizerError("rename failed (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw TokenizerError("could not write \(url.path) (\(error.localizedDescription))",
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
