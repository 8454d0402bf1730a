/// The tensors a weight file's header lists, in header order, found by name. Shared by the safetensors and
/// GGUF readers, so both answer a missing name the same way (with the close names the file does have).
struct TensorDirectory<Entry> {
    /// Header entries in file order.
    let entries: [Entry]
    private let positions: [String: Int]
    private let names: [String]
    private let fileName: String

    init(_ entries: [Entry], name: (Entry) -> String, fileName: String) {
        self.entries = entries
        self.fileName = fileName
        names = entries.map(name)
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() { positions[name] = position }
        self.positions = positions
    }

    func contains(_ name: String) -> Bool { positions[name] != nil }

    /// The header entry of `name`, or `tensorNotFound` naming up to three tensors whose names end like it.
    func entry(_ name: String) throws -> Entry {
        guard let position = positions[name] else {
            let close = names.filter { $0.hasSuffix(name) || name.hasSuffix($0) }.prefix(3)
            let hint = close.isEmpty ? "the file has \(entries.count) tensors; list them with `tensorNames`"
                                     : "did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
            throw WeightIOError(.tensorNotFound, file: fileName, tensor: name, "\(fileName) has no tensor '\(name)'", help: hint)
        }
        return entries[position]
    }
}
