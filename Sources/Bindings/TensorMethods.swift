import Foundation
import Lang
import NumericArrays
import TensorCore

/// `torch.device("cpu")`: lorarepl computes on the CPU only. A CUDA device can be named (scripts write
/// `torch.device("cuda" if torch.cuda.is_available() else "cpu")`), but moving anything to it is a clear error.
final class DeviceObject: HostBase {
    let kind: String
    let index: Int?

    init(kind: String, index: Int?) {
        self.kind = kind
        self.index = index
    }

    /// `torch.device("cuda:0")`, `torch.device("cpu")`, `torch.device("cuda", 0)`.
    static func parse(_ spec: Value, index: Value = Value.none) throws -> DeviceObject {
        if case .host(let object) = spec, let device = object as? DeviceObject { return device }
        guard case .str(let text) = spec else { throw ScriptError(.typeError, "torch.device() takes a string such as \"cpu\", not \(spec.typeName)") }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts.first ?? ""
        guard ["cpu", "cuda", "mps", "meta", "xpu"].contains(kind) else {
            throw ScriptError(.runtimeError, "Expected one of cpu, cuda, mps, xpu, meta device type at start of device string: \(text)",
                              help: "use torch.device(\"cpu\")")
        }
        let number = parts.count > 1 ? Int(parts[1]) : index.intValue
        return DeviceObject(kind: kind, index: number)
    }

    var text: String { index.map { "\(kind):\($0)" } ?? kind }

    override var typeName: String { "device" }
    override func repr() -> String { "device(type='\(kind)'" + (index.map { ", index=\($0)" } ?? "") + ")" }
    override func str() -> String { text }
    override var propertyNames: [String] { ["type", "index"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "type": return .str(kind)
        case "index": return index.map { .int($0) } ?? Value.none
        default: return nil
        }
    }

    override func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        guard op == "==" || op == "!=" else { return nil }
        let same: Bool
        if case .host(let object) = other, let device = object as? DeviceObject { same = device.text == text }
        else if case .str(let s) = other { same = s == text }
        else { same = false }
        return .bool(op == "==" ? same : !same)
    }

    /// Throws unless the device is the CPU: the error every `.to(...)` / `.cuda()` shares.
    func requireCPU() throws {
        guard kind != "cpu" else { return }
        throw ScriptError(.runtimeError, "lorarepl runs on the CPU only; '\(text)' is not available",
                          notes: ["torch.cuda.is_available() is False here"],
                          help: "use device = torch.device(\"cuda\" if torch.cuda.is_available() else \"cpu\"), or .to(\"cpu\")")
    }
}

extension TensorObject {
    /// A dtype named by `torch.float32`, `torch.long`, `"int64"`, `int`, `float`, `bool`, or nil when `value` names no dtype.
    static func dtypeIfAny(_ value: Value) -> NDArray.DType? {
        if case .host(let object) = value, object is DeviceObject { return nil }
        if case .str(let text) = value, text == "cpu" || text.hasPrefix("cuda") || text == "mps" { return nil }
        return try? dtypeArgument(value)
    }

    /// A copy converted to `dtype` (ints truncate, bools are non-zero), or self when nothing changes.
    func converted(to dtype: NDArray.DType) -> Value {
        let a = array
        if a.dtype == dtype && core == nil { return .host(self) }
        if dtype == .float32, core != nil { return .host(self) }
        return TensorObject.wrap(a.map(dtype: dtype) { dtype == .int64 ? $0.rounded(.towardZero) : (dtype == .bool ? ($0 != 0 ? 1 : 0) : $0) })
    }

    /// `.to(torch.float16)`, `.type(torch.int32)`, `.double()`: a copy of the dtype `value` names (rounded to it
    /// and reporting it), or self when nothing changes. A tensor in the autograd graph keeps float32.
    func converted(toDType value: Value) throws -> Value {
        let converted = converted(to: try TensorObject.dtypeArgument(value))
        let type = TorchDType.named(value)
        guard type != declaredType, case .host(let object) = converted, let tensor = object as? TensorObject, tensor.core == nil else { return converted }
        var a = tensor.array
        if type == nil && a.dtype == .float32 { a = a.map { Double(Float($0)) } }
        return .host(TensorObject.declared(a, type))
    }

    /// The methods training and evaluation loops call: `.to(device|dtype)`, `.cuda()`, `masked_fill`, `type`, ….
    func loopMethods() -> [Builtin] {
        [
            method("to", [.variadic("args"), .keywords("kwargs")], doc: "Move to a device (the CPU: no change) and/or convert to a dtype.",
                   example: "batch = {k: v.to(device) for k, v in batch.items()}") { args in
                var target: Value = .host(self)
                let keywordItems = args.keywords
                let items = args.variadic + keywordItems.filter { $0.0 == "device" || $0.0 == "dtype" }.map(\.1)
                for item in items {
                    if TensorObject.dtypeIfAny(item) != nil {
                        if case .host(let object) = target, let tensor = object as? TensorObject { target = try tensor.converted(toDType: item) }
                    } else if case .host(let object) = item, object is TensorObject {
                        continue
                    } else {
                        try DeviceObject.parse(item).requireCPU()
                    }
                }
                return target
            },
            method("cuda", [.optional("device")], doc: "Not available: lorarepl runs on the CPU.", example: "t.cpu()") { _ in
                try DeviceObject(kind: "cuda", index: nil).requireCPU()
                return .host(self)
            },
            method("double", doc: "A float64 copy.", example: "t.double()") { _ in
                try self.converted(toDType: .str("torch.float64"))
            },
            method("half", doc: "A float16 copy (values rounded to float16; arithmetic runs in float32).", example: "t.half()") { _ in
                try self.converted(toDType: .str("torch.float16"))
            },
            method("type", [.optional("dtype")], doc: "The type name, or a copy converted to dtype.", example: "t.type(torch.float32)") { args in
                if args["dtype"].isNone {
                    let names: [TorchDType: String] = [.float64: "Double", .float16: "Half", .bfloat16: "BFloat16", .int32: "Int",
                                                       .int16: "Short", .int8: "Char", .uint8: "Byte"]
                    if let type = self.declaredType, let name = names[type] { return .str("torch.\(name)Tensor") }
                    switch self.array.dtype {
                    case .float32: return .str("torch.FloatTensor")
                    case .int64: return .str("torch.LongTensor")
                    case .bool: return .str("torch.BoolTensor")
                    }
                }
                return try self.converted(toDType: args["dtype"])
            },
            method("eq", [Parameter("other")], doc: "Element-wise ==, a bool tensor.", example: "preds.eq(labels)") { args in
                try self.binaryOperation("==", args["other"], reflected: false, context: args.context) ?? Value.none
            },
            method("ne", [Parameter("other")], doc: "Element-wise !=, a bool tensor.", example: "preds.ne(labels)") { args in
                try self.binaryOperation("!=", args["other"], reflected: false, context: args.context) ?? Value.none
            },
            method("argmin", TensorObject.withNumpyAliases([.optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false))]),
                   doc: "Index of the smallest value (over everything, or along dim).", example: "d.argmin(dim=-1)") { args in
                .host(TensorObject(try self.array.reduce(axis: try args.optionalInt("dim"), keepDims: try args.bool("keepdim"), dtype: .int64) { group in
                    var best = 0
                    for i in group.indices where group[i] < group[best] { best = i }
                    return Double(best)
                }))
            },
            method("element_size", doc: "Bytes per element (4 for float32, 8 for int64, 1 for bool).", example: "t.element_size()") { _ in
                if let type = self.declaredType { return .int(type.byteCount) }
                switch self.array.dtype {
                case .float32: return .int(4)
                case .int64: return .int(8)
                case .bool: return .int(1)
                }
            },
        ]
    }
}
