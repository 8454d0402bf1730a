import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// Tensor factories as tutorials call them: `torch.zeros(n, dtype=torch.long)`, `torch.arange(start, end, step)`,
/// `torch.ones(2, 3, requires_grad=True)`, `torch.eye(n)`, `torch.linspace(0, 1, 5)`, `torch.full(...)`,
/// `torch.zeros_like(t)`; each takes PyTorch's `dtype=`, `device=` (the CPU) and `requires_grad=` keywords.
/// `randn`/`rand` (and `_like`) draw from PyTorch's CPU generator stream (`torch.manual_seed`, `generator=`), so
/// their values equal PyTorch's for the same seed (randn within a few 1e-7: PyTorch's float32 log/cos/sin).
extension TorchBindings {
    static let factoryKeywords: [Parameter] = [.keyword("dtype", default: Value.none), .keyword("device", default: Value.none),
                                                .keyword("requires_grad", .bool, default: .bool(false))]

    /// `dtype=` applied (or `defaultType` kept), the device checked, and with `requires_grad=True` a leaf tensor.
    static func finished(_ made: NDArray, _ args: Arguments) throws -> Value {
        if !args["device"].isNone { try DeviceObject.parse(args["device"]).requireCPU() }
        var a = made
        let type = TorchDType.named(args["dtype"])
        if !args["dtype"].isNone {
            let dtype = try TensorObject.dtypeArgument(args["dtype"])
            a = a.map(dtype: dtype) { type == .float64 ? $0 : TensorObject.cast($0, to: dtype) }
        } else if a.dtype == .float32 {
            // Python floats become float32 values, as PyTorch stores them (0.1 is 0.10000000149011612).
            a = a.map { Double(Float($0)) }
        }
        let tensor = TensorObject.declared(a, type)
        guard try args.bool("requires_grad") else { return .host(tensor) }
        guard a.dtype == .float32 else { throw ScriptError(.runtimeError, "Only Tensors of floating point dtype can require gradients") }
        let core = try Tensor(shape: a.shape, values: tensor.array.values.map { Float($0) })
        core.requiresGrad = true
        return .host(TensorObject(core: core, live: true).declaring(type))
    }

    /// Random factories make float32 values; an integer dtype is PyTorch's error.
    static func floatOnly(_ args: Arguments) throws {
        guard !args["dtype"].isNone, try TensorObject.dtypeArgument(args["dtype"]) != .float32 else { return }
        throw ScriptError(.runtimeError, "random values need a floating point dtype",
                          help: "use torch.randint(low, high, size) for random integers")
    }

    /// The shape of `torch.zeros(2, 3)` / `torch.zeros((2, 3))` / `torch.zeros(size=(2, 3))`.
    static func factoryShape(_ args: Arguments) throws -> [Int] {
        try TensorObject.shapeArgument(args.variadic.isEmpty && !args["size"].isNone ? [args["size"]] : args.variadic)
    }

    static var factories: [Builtin] {
        func shaped(_ name: String, doc: String, example: String, _ fill: @escaping ([Int], Arguments) throws -> NDArray) -> Builtin {
            Builtin(name, owner: "torch", [.variadic("size"), .keyword("size", default: Value.none)] + factoryKeywords, doc: doc, example: example) { args in
                try bridged { try finished(try fill(try factoryShape(args), args), args) }
            }
        }
        func like(_ name: String, _ value: Double) -> Builtin {
            Builtin(name, owner: "torch", [Parameter("input")] + factoryKeywords, doc: "\(value == 0 ? "Zeros" : "Ones") with input's shape and dtype.",
                    example: "torch.\(name)(t)") { args in
                try bridged {
                    let a = try tensorObject(args["input"]).array
                    return try finished(NDArray(shape: a.shape, values: [Double](repeating: value, count: a.count), dtype: a.dtype), args)
                }
            }
        }
        /// `torch.randn(2, 3, generator=g)`: float32 values drawn from `generator=` or the default torch generator.
        func random(_ name: String, doc: String, example: String, _ draw: @escaping (TorchMT19937, Int) -> [Float]) -> Builtin {
            Builtin(name, owner: "torch", [.variadic("size"), .keyword("size", default: Value.none), .keyword("generator", default: Value.none)]
                    + factoryKeywords, doc: doc, example: example) { args in
                try bridged {
                    let shape = try factoryShape(args)
                    let count = try NumericBindings.checkedCount(shape)
                    try floatOnly(args)
                    let engine = try GeneratorObject.engine(args["generator"], args.context)
                    return try finished(NDArray(shape: shape, values: draw(engine, count).map(Double.init)), args)
                }
            }
        }
        func randomLike(_ name: String, _ draw: @escaping (TorchMT19937, Int) -> [Float]) -> Builtin {
            Builtin(name, owner: "torch", [Parameter("input")] + factoryKeywords,
                    doc: "Random values with input's shape (PyTorch's stream, like torch.\(name.dropLast(5))).", example: "torch.\(name)(t)") { args in
                try bridged {
                    let shape = try tensorObject(args["input"]).array.shape
                    try floatOnly(args)
                    return try finished(NDArray(shape: shape, values: draw(TorchRandom.global(args.context), shape.reduce(1, *)).map(Double.init)), args)
                }
            }
        }
        return [
            shaped("zeros", doc: "A tensor of zeros.", example: "torch.zeros(3, 4, dtype=torch.long)") { shape, _ in
                try NumericBindings.filled(.tuple(shape.map { .int($0) }), 0)
            },
            shaped("ones", doc: "A tensor of ones.", example: "torch.ones(2, 3)") { shape, _ in try NumericBindings.filled(.tuple(shape.map { .int($0) }), 1) },
            shaped("empty", doc: "A tensor to be filled (zeros here).", example: "torch.empty(2, 3)") { shape, _ in
                try NumericBindings.filled(.tuple(shape.map { .int($0) }), 0)
            },
            random("randn", doc: "Normal(0, 1) random values, PyTorch's stream for the same torch.manual_seed.",
                   example: "torch.randn(8, 384)") { engine, count in engine.randn(count) },
            random("rand", doc: "Uniform [0, 1) random values, PyTorch's stream for the same torch.manual_seed.",
                   example: "torch.rand(4)") { engine, count in engine.rand(count) },
            randomLike("randn_like") { engine, count in engine.randn(count) },
            randomLike("rand_like") { engine, count in engine.rand(count) },
            like("zeros_like", 0), like("ones_like", 1),
            Builtin("full", owner: "torch", [Parameter("size"), Parameter("fill_value", .number)] + factoryKeywords,
                    doc: "A tensor of one value (int64 for an int value).", example: "torch.full((2, 3), -100)") { args in
                try bridged {
                    var a = try NumericBindings.filled(args["size"], try args.double("fill_value"))
                    if case .int = args["fill_value"] { a.dtype = .int64 }
                    if case .bool = args["fill_value"] { a.dtype = .bool }
                    return try finished(a, args)
                }
            },
            Builtin("arange", owner: "torch", [Parameter("start", .number), .optional("end", .number), Parameter("step", .number, default: .int(1))] + factoryKeywords,
                    doc: "start, start+step, … below end (one argument: 0 … end-1); int64 for int arguments.",
                    example: "torch.arange(0, 10, 2)") { args in
                try bridged {
                    let (start, end) = args["end"].isNone ? (0.0, try args.double("start")) : (try args.double("start"), try args.double("end"))
                    let step = try args.double("step")
                    guard step != 0 else { throw ScriptError(.runtimeError, "arange: step must be nonzero") }
                    let raw = ((end - start) / step).rounded(.up)
                    guard raw.isFinite, raw < 1e15 else {
                        throw ScriptError(.runtimeError, "arange: the range \(start) to \(end) in steps of \(step) is too large or not finite")
                    }
                    let count = try CheckedInt.truncating(Swift.max(0, raw), what: "the length of torch.arange")
                    try MemoryBudget.check(elements: count, bytesPerElement: 8, what: "torch.arange")
                    let integral = [args["start"], args["end"], args["step"]].allSatisfy { value in
                        if case .float = value { return false }
                        return true
                    }
                    let values = (0..<count).map { start + Double($0) * step }
                    return try finished(NDArray(shape: [count], values: integral ? values : values.map { Double(Float($0)) }, dtype: integral ? .int64 : .float32), args)
                }
            },
            Builtin("eye", owner: "torch", [Parameter("n", .int), .optional("m", .int)] + factoryKeywords, doc: "The identity matrix (n × m).",
                    example: "torch.eye(3)") { args in
                try bridged {
                    let n = try args.int("n"), m = try args.optionalInt("m") ?? n
                    guard n >= 0, m >= 0, n <= 1 << 24, m <= 1 << 24 else {
                        throw ScriptError(.runtimeError, "eye: n and m must be non-negative (and at most \(1 << 24))")
                    }
                    try MemoryBudget.check(elements: n * m, bytesPerElement: 8, what: "torch.eye")
                    return try finished(NDArray(shape: [n, m], values: (0..<(n * m)).map { $0 / Swift.max(m, 1) == $0 % Swift.max(m, 1) ? 1 : 0 }), args)
                }
            },
            Builtin("linspace", owner: "torch", [Parameter("start", .number), Parameter("end", .number), Parameter("steps", .int)] + factoryKeywords,
                    doc: "steps evenly spaced values from start to end.", example: "torch.linspace(0, 1, 5)") { args in
                try bridged {
                    let start = try args.double("start"), end = try args.double("end"), steps = try args.int("steps")
                    guard steps >= 0 else { throw ScriptError(.runtimeError, "linspace: number of steps must be non-negative") }
                    try MemoryBudget.check(elements: steps, bytesPerElement: 8, what: "torch.linspace")
                    // PyTorch's CPU kernel: the first half from start, the second half back from end.
                    let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
                    let values = (0..<steps).map { i in i < steps / 2 ? start + step * Double(i) : end - step * Double(steps - 1 - i) }
                    return try finished(NDArray(shape: [steps], values: values.map { Double(Float($0)) }), args)
                }
            },
        ]
    }
}
