import Foundation

/// A JSON object whose keys keep their order.
struct OrderedJSON {
    var entries: [(String, Any)]
    init(_ entries: [(String, Any)]) { self.entries = entries }
}

/// A small, fast, deterministic JSON writer (Foundation's `JSONSerialization` with sorted keys takes
/// seconds on a 30k-entry vocabulary). Objects are `OrderedJSON` (order kept) or `[String: Any]`
/// (keys sorted); values are strings, integers, doubles, bools, `NSNull`, arrays and objects.
enum JSONWriter {
    static func data(_ value: Any, indent: Int? = 2) -> Data {
        var out = ""
        out.reserveCapacity(1 << 16)
        write(value, indent: indent, depth: 0, into: &out)
        out += "\n"
        return Data(out.utf8)
    }

    private static func write(_ value: Any, indent: Int?, depth: Int, into out: inout String) {
        func newline(_ d: Int) {
            guard let indent else { return }
            out += "\n"
            out += String(repeating: " ", count: indent * d)
        }
        func writeObject(_ entries: [(String, Any)]) {
            if entries.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, item)) in entries.enumerated() {
                if i > 0 { out += "," }
                newline(depth + 1)
                out += JSON.quote(key, asciiOnly: false)
                out += indent == nil ? ":" : ": "
                write(item, indent: indent, depth: depth + 1, into: &out)
            }
            newline(depth)
            out += "}"
        }
        switch value {
        case is NSNull: out += "null"
        case let s as String: out += JSON.quote(s, asciiOnly: false)
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let d as Double: out += d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)"
        case let object as OrderedJSON: writeObject(object.entries)
        case let dict as [String: Any]: writeObject(dict.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        case let list as [Any]:
            if list.isEmpty { out += "[]"; return }
            // Short lists of scalars stay on one line (as HF writes merges pairs).
            let inline = list.count <= 4 && list.allSatisfy { $0 is String || $0 is Int || $0 is Bool }
            out += "["
            for (i, item) in list.enumerated() {
                if i > 0 { out += inline ? ", " : "," }
                if !inline { newline(depth + 1) }
                write(item, indent: indent, depth: depth + 1, into: &out)
            }
            if !inline { newline(depth) }
            out += "]"
        default: out += JSON.quote("\(value)", asciiOnly: false)
        }
    }
}
