import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// In-place writes as PyTorch allows them: `t[mask] = 0`, `t[:, 0] = x`, `x += y`, `add_`, `mul_`, `copy_`,
/// `fill_`, `zero_`, `masked_fill_`, `clamp_`.
///
/// - A parameter (or a tensor made with `requires_grad=True`) is a leaf that requires grad: writing into it
///   while grad mode is on is PyTorch's error; under `torch.no_grad()` (or through `p.data`) the write changes
///   the weights themselves — the manual SGD step `p -= lr * p.grad` works.
/// - A gradient (`p.grad`) is written in place.
/// - Any other tensor: a plain tensor changes its values; a tensor in the autograd graph (or one written with
///   a tracked value) becomes the write's graph node (`index_put` in TensorCore/PowerAndScan.swift), so the
///   gradient flows to the written values and to the positions left alone, as PyTorch's `index_put_`.
///
/// - PyTorch's version counter: every write counts one (`t._version`), and `backward()` raises PyTorch's
///   "modified by an inplace operation" error when it needs a value written after the graph saved it
///   (`y = x.exp(); y[0] = 0; y.sum().backward()`; TensorCore/Autograd.swift checks).
/// - A view (`v = t[0]`, TensorViews.swift) writes into its base, so the base and its other views see it.
extension TensorObject {
    /// The error PyTorch raises for `p[...] = v` / `p += v` on a leaf that requires grad, in grad mode.
    /// `t[...] = v` writes through a view of the tensor, which PyTorch's message names.
    func checkInPlaceAllowed(_ what: String, throughView: Bool = false) throws {
        guard GradMode.enabled, !isDataView, let core, core.isLeaf, core.requiresGrad else { return }
        let view = throughView || what == TensorObject.indexedAssignment ? "a view of " : ""
        throw ScriptError(.runtimeError, "\(view)a leaf Variable that requires grad is being used in an in-place operation.",
                          notes: ["\(what) would change a parameter (or a tensor made with requires_grad=True) while autograd records"],
                          help: "change weights under `with torch.no_grad():` (e.g. p -= lr * p.grad), or write into p.data; otherwise make a new tensor (t = t + x)")
    }

    /// Runs one in-place write: `tracked` builds the new values as core operations (recorded when something
    /// is tracked), `plain` changes a plain tensor's values. `operandTracked` says whether the written value
    /// takes part in autograd.
    func writeInPlace(_ what: String, operandTracked: Bool, outsideAutograd: Bool = false, bumping: Bool = true,
                      tracked: (Tensor) throws -> Tensor, plain: (inout NDArray) throws -> Void) throws {
        if let link = viewLink {
            try writeThroughView(link, what, operandTracked: operandTracked, tracked: tracked, plain: plain)
            return
        }
        let detached = outsideAutograd || isDataView
        if !detached { try checkInPlaceAllowed(what) }
        let name = TensorObject.writeName(what)
        if let core, isLive || (detached && core.isContiguous) {
            // A parameter under no_grad / .data, a gradient, or a write through detach(): new values into the
            // same storage, which every alias of it reads.
            let updated = try bridged { try Autograd.noGrad { try tracked(core) } }
            try bridged { try core.assign(updated.toArray()) }
            noteWrittenInPlace(name)
            return
        }
        if let core {
            let record = GradMode.enabled && !detached && (core.requiresGrad || operandTracked)
            // The write's own node reads the values from before it (PyTorch's `original_self`), never the
            // counter the write bumps: a recorded copy stands for them.
            let updated = try bridged { try record ? Autograd.enableGrad { try tracked(core.scaled(by: 1)) } : Autograd.noGrad { try tracked(core) } }
            replaceContents(array: nil, core: record ? updated : updated.detached(), writeName: name)
            return
        }
        if GradMode.enabled && operandTracked && !detached {
            let updated = try bridged { try Autograd.enableGrad { try tracked(try coreTensor().detached()) } }
            replaceContents(array: nil, core: updated, writeName: name)
            return
        }
        var values = array
        try plain(&values)
        replaceContents(array: values, core: nil, writeName: name, bumping: bumping)
    }

    /// PyTorch's `grad_fn` name (as its version-counter error prints it) of the node a write makes.
    static func writeName(_ what: String) -> String {
        switch what {
        case "`+=`": return "Add"
        case "`-=`": return "Sub"
        case "`*=`": return "Mul"
        case "`/=`": return "Div"
        case "copy_()": return "torch::autograd::CopyBackwards"
        case "fill_()": return "Fill2"
        case "zero_()": return "Zero"
        case "masked_fill_()": return "MaskedFill"
        case "clamp_()": return "Clamp1"
        case "scatter_": return "Scatter"
        case "scatter_add_": return "ScatterAdd"
        case "scatter_reduce_": return "ScatterReduce"
        default: return "torch::autograd::CopySlices"
        }
    }

    /// The out-of-place form of a write (`scatter`, `masked_fill`): a new tensor, recorded when this tensor or
    /// the written value is tracked.
    func outOfPlace(operandTracked: Bool, tracked: (Tensor) throws -> Tensor, plain: (inout NDArray) throws -> Void) throws -> Value {
        if gradTracked != nil || (GradMode.enabled && operandTracked) {
            let input = try coreTensor()
            return TensorObject.result(try bridged { try Autograd.enableGrad { try tracked(input) } })
        }
        var values = array
        try plain(&values)
        return TensorObject.wrap(values)
    }

    static let indexedAssignment = "an indexed assignment"

    /// Whether a script value is a tensor that takes part in autograd now.
    static func isTracked(_ value: Value) -> Bool {
        if case .host(let object) = value, let tensor = object as? TensorObject { return tensor.gradTracked != nil }
        return false
    }

    /// `t[key] = value`: the positions the key selects get `value` (a number or a tensor broadcast to them).
    func assignItem(_ key: Value, _ value: Value) throws {
        let index = try TensorIndex(key, shape: array.shape)
        try writeInPlace(TensorObject.indexedAssignment, operandTracked: TensorObject.isTracked(value), tracked: { core in
            guard var source = try TensorObject.coreOperand(value) else {
                throw ScriptError(.typeError, "can't assign a \(value.typeName) to a Tensor", help: "assign a number or a tensor")
            }
            if source.shape != index.shape { source = try TensorObject.broadcastValue(source, to: index.shape) }
            return try core.putting(source, at: index.offsets, accumulate: false)
        }, plain: { values in
            let source = try NDArray.from(value)
            let spread = try TensorObject.broadcastArray(source, to: index.shape)
            for (position, offset) in index.offsets.enumerated() {
                values.values[offset] = TensorObject.cast(spread[position], to: values.dtype)
            }
        })
    }

    /// A core tensor broadcast to `shape` for a write (PyTorch's "shape mismatch" error when it cannot be).
    static func broadcastValue(_ source: Tensor, to shape: [Int]) throws -> Tensor {
        guard (try? NDArray.broadcastShape(source.shape, shape)) == shape else {
            throw ScriptError(.runtimeError, "shape mismatch: value tensor of shape \(shapeTuple(source.shape)) cannot be broadcast to indexing result of shape \(shapeTuple(shape))")
        }
        return try bridged { try source.expand(shape) }
    }

    /// A plain array's values broadcast to `shape` for a write.
    static func broadcastArray(_ source: NDArray, to shape: [Int]) throws -> [Double] {
        guard (try? NDArray.broadcastShape(source.shape, shape)) == shape else {
            throw ScriptError(.runtimeError, "shape mismatch: value tensor of shape \(shapeTuple(source.shape)) cannot be broadcast to indexing result of shape \(shapeTuple(shape))")
        }
        return source.broadcast(to: shape)
    }

    /// A value stored into a tensor of `dtype`: ints truncate, bools are non-zero.
    static func cast(_ x: Double, to dtype: NDArray.DType) -> Double {
        switch dtype {
        case .float32: return Double(Float(x))
        case .int64: return x.isFinite ? x.rounded(.towardZero) : 0
        case .bool: return x != 0 ? 1 : 0
        }
    }

    /// `x += y`, `x -= y`, `x *= y`, `x /= y` change x itself (PyTorch's `add_` …); other operators rebind.
    func inPlaceArithmetic(_ op: String, _ other: Value, context: CallContext) throws -> Value? {
        guard ["+", "-", "*", "/"].contains(op) else { return nil }
        try arithmeticInPlace(op, other, alpha: 1, context: context)
        return .host(self)
    }

    /// `self op= alpha · other` element-wise, with PyTorch's rule that the result keeps this tensor's dtype
    /// (an integer tensor cannot take a float result in place).
    func arithmeticInPlace(_ op: String, _ other: Value, alpha: Double, context: CallContext) throws {
        let operand = try NDArray.from(other)
        let shape = array.shape
        guard (try? NDArray.broadcastShape(shape, operand.shape)) == shape else {
            throw ScriptError(.runtimeError, "output with shape \(shapeTuple(shape)) doesn't match the broadcast shape \(shapeTuple((try? NDArray.broadcastShape(shape, operand.shape)) ?? operand.shape))")
        }
        let resultType = op == "/" ? NDArray.DType.float32 : NDArray.resultType(array.dtype, operand.dtype, op: op)
        if array.dtype != .float32, resultType == .float32 {
            throw ScriptError(.runtimeError, "result type Float can't be cast to the desired output type \(array.dtype == .int64 ? "Long" : "Bool")",
                              help: "convert first: t = t.float(), then t \(op)= ...")
        }
        let scaled: Value = alpha == 1 ? other : TensorObject.wrap(operand.map { $0 * alpha })
        try writeInPlace("`\(op)=`", operandTracked: TensorObject.isTracked(other), tracked: { core in
            guard var rhs = try TensorObject.coreOperand(scaled) else {
                throw ScriptError(.typeError, "unsupported operand type for \(op)=: 'Tensor' and '\(other.typeName)'")
            }
            if alpha != 1, TensorObject.isTracked(other), let tracked = try TensorObject.coreOperand(other) { rhs = tracked.scaled(by: Float(alpha)) }
            switch op {
            case "+": return try core.adding(rhs)
            case "-": return try core.subtracting(rhs)
            case "*": return try core.multiplying(rhs)
            default: return try core.dividing(rhs)
            }
        }, plain: { values in
            guard let result = try binaryOperation(op, scaled, reflected: false, context: context),
                  case .host(let object) = result, let tensor = object as? TensorObject else { return }
            values = NDArray(shape: values.shape, values: tensor.array.values.map { TensorObject.cast($0, to: values.dtype) }, dtype: values.dtype)
        })
    }
}

extension TensorObject {
    /// Writes `value` (a number or a tensor broadcast to this tensor's shape) at every position in `offsets`.
    func fillInPlace(_ what: String, offsets: [Int], with value: Value) throws {
        let shape = [offsets.count]
        try writeInPlace(what, operandTracked: TensorObject.isTracked(value), tracked: { core in
            guard let source = try TensorObject.coreOperand(value) else {
                throw ScriptError(.typeError, "\(what): the value must be a number or a tensor, not \(value.typeName)")
            }
            let spread = source.rank == 0 ? try source.expand(shape) : try TensorObject.broadcastValue(source, to: core.shape).contiguous().reshape(shape)
            return try core.putting(spread, at: offsets, accumulate: false)
        }, plain: { values in
            let source = try NDArray.from(value)
            let spread = source.rank == 0 ? source.broadcast(to: shape) : try TensorObject.broadcastArray(source, to: values.shape)
            for (position, offset) in offsets.enumerated() { values.values[offset] = TensorObject.cast(spread[position], to: values.dtype) }
        })
    }

    func inPlaceMethods() -> [Builtin] {
        func arithmetic(_ name: String, _ op: String, alpha: Bool) -> Builtin {
            method(name, alpha ? [Parameter("other"), Parameter("alpha", .number, default: .int(1))] : [Parameter("other")],
                   doc: "self \(op)= \(alpha ? "alpha * " : "")other, in place; returns self.", example: "p.\(name)(\(alpha ? "p.grad, alpha=-lr" : "0.9"))") { args in
                try self.arithmeticInPlace(op, args["other"], alpha: alpha ? try args.double("alpha") : 1, context: args.context)
                return .host(self)
            }
        }
        let everything = { (0..<self.array.count).map { $0 } }
        return [
            arithmetic("add_", "+", alpha: true), arithmetic("sub_", "-", alpha: true),
            arithmetic("mul_", "*", alpha: false), arithmetic("div_", "/", alpha: false),
            method("copy_", [Parameter("src")], doc: "Copy src's values (broadcast) into this tensor; returns self.", example: "target.copy_(source)") { args in
                guard args["src"].isTensor else { throw ScriptError(.typeError, "copy_(): argument 'src' must be Tensor, not \(args["src"].typeName)") }
                try self.fillInPlace("copy_()", offsets: everything(), with: args["src"])
                return .host(self)
            },
            method("fill_", [Parameter("value", .number)], doc: "Set every value to value in place; returns self.", example: "t.fill_(0.5)") { args in
                try self.fillInPlace("fill_()", offsets: everything(), with: args["value"])
                return .host(self)
            },
            method("zero_", doc: "Set every value to 0 in place (a gradient, or a parameter under no_grad); returns self.", example: "p.grad.zero_()") { _ in
                try self.fillInPlace("zero_()", offsets: everything(), with: .int(0))
                return .host(self)
            },
            method("masked_fill_", [Parameter("mask"), Parameter("value")], doc: "Write value where the (broadcast) mask is True, in place.",
                   example: "scores.masked_fill_(mask == 0, float('-inf'))") { args in
                let a = self.array
                let mask = try NDArray.from(args["mask"])
                guard (try? NDArray.broadcastShape(a.shape, mask.shape)) == a.shape else {
                    throw ScriptError(.runtimeError, "masked_fill_: the mask of shape \(shapeTuple(mask.shape)) does not broadcast to \(shapeTuple(a.shape))")
                }
                let m = mask.broadcast(to: a.shape)
                try self.fillInPlace("masked_fill_()", offsets: (0..<a.count).filter { m[$0] != 0 }, with: args["value"])
                return .host(self)
            },
            method("clamp_", [.optional("min", .number), .optional("max", .number)], doc: "Limit the values to [min, max] in place.",
                   example: "t.clamp_(min=0)") { args in
                let lower = try args.optionalDouble("min"), upper = try args.optionalDouble("max")
                guard case .host(let object) = try self.clamped(lower: lower, upper: upper), let clamped = object as? TensorObject else { return .host(self) }
                try self.fillInPlace("clamp_()", offsets: everything(), with: .host(clamped))
                return .host(self)
            },
        ]
    }
}
