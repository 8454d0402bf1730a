import Foundation
import Lang

/// A read-only record with named fields, printed like a Python dataclass: model outputs
/// (`SequenceClassifierOutput(loss=..., logits=...)`), `model.config`, `trainer.state`, prediction outputs.
/// Fields are reachable as attributes (`out.logits`), by name (`out["logits"]`) and by position (`out[0]`);
/// with `unpackable` the record iterates over its values (`preds, labels, metrics = trainer.predict(ds)`).
final class RecordObject: HostBase {
    let name: String
    let fields: [(String, Value)]
    let unpackable: Bool
    let extraMethods: [Builtin]
    /// Printed instead of the fields (PyTorch's `<All keys matched successfully>`).
    let fixedRepr: String?

    init(_ name: String, _ fields: [(String, Value)], unpackable: Bool = false, methods: [Builtin] = [], fixedRepr: String? = nil) {
        self.name = name
        self.fields = fields
        self.unpackable = unpackable
        self.extraMethods = methods
        self.fixedRepr = fixedRepr
    }

    override var typeName: String { name }

    override func repr() -> String {
        if let fixedRepr { return fixedRepr }
        return "\(name)(" + fields.map { "\($0.0)=\(RecordObject.text($0.1))" }.joined(separator: ", ") + ")"
    }

    static func text(_ value: Value) -> String {
        if case .host(let object) = value { return object.repr() }
        return value.repr
    }

    override var propertyNames: [String] { fields.map(\.0) }
    override func property(_ name: String, context: CallContext) throws -> Value? { fields.first { $0.0 == name }?.1 }
    override func methods() -> [Builtin] {
        extraMethods + [
            method("keys", doc: "The field names.", example: "out.keys()") { _ in .list(self.fields.map { .str($0.0) }) },
            method("get", [Parameter("key", .str), Parameter("default", default: Value.none)], doc: "A field, or default when it is missing.",
                   example: "logits = outputs.get('logits')") { args in
                let key = try args.string("key")
                return self.fields.first { $0.0 == key }?.1 ?? args["default"]
            },
            method("to_dict", doc: "The fields as a dict.", example: "out.to_dict()") { _ in .dict(self.fields) },
        ]
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        switch key {
        case .str(let field):
            if let value = fields.first(where: { $0.0 == field })?.1 { return value }
            throw ScriptError(.keyError, "'\(field)'", notes: ["\(name) has: " + fields.map(\.0).joined(separator: ", ")])
        case .int(let raw):
            let i = raw < 0 ? raw + fields.count : raw
            guard i >= 0, i < fields.count else { throw ScriptError(.indexError, "\(name) index out of range") }
            return fields[i].1
        default:
            throw ScriptError(.typeError, "\(name) indices must be field names or ints, not \(key.typeName)")
        }
    }

    override func length() -> Int? { fields.count }
    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        listIterator(unpackable ? fields.map(\.1) : fields.map { .str($0.0) })
    }
    override func keywordArguments() -> [(String, Value)]? { unpackable ? nil : fields }
}

/// Where a script may write: the path the file gate allows (in a sandbox, only inside it).
func writablePath(_ context: CallContext, _ path: String) throws -> String {
    try context.files.resolve(path, forWriting: true).path
}

/// Where a script may read: the path the file gate allows.
func readablePath(_ context: CallContext, _ path: String) throws -> String {
    try context.files.resolve(path).path
}
