import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// Where a view's elements sit in its base's row-major values: one block (`t[0]`, `t.view(-1)`, the common
/// case, kept as two numbers so `logits.view(-1, V)` costs nothing) or a list of positions (`t.T`,
/// `t[:, 0]`, `expand`).
enum ViewMap {
    case block(start: Int, count: Int)
    case positions([Int])

    /// A block when the positions are consecutive.
    init(_ offsets: [Int]) {
        if let first = offsets.first, offsets.last == first + offsets.count - 1,
           zip(offsets, offsets.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
            self = .block(start: first, count: offsets.count)
        } else if offsets.isEmpty {
            self = .block(start: 0, count: 0)
        } else {
            self = .positions(offsets)
        }
    }

    var all: [Int] {
        switch self {
        case .block(let start, let count): return Array(start..<(start + count))
        case .positions(let offsets): return offsets
        }
    }

    var isBlock: Bool { if case .block = self { return true } else { return false } }

    /// This map followed by `local` (positions within this view): positions in the base.
    func composed(_ local: ViewMap) -> ViewMap {
        switch (self, local) {
        case (.block(let start, _), .block(let inner, let count)): return .block(start: start + inner, count: count)
        case (.block(let start, _), .positions(let offsets)): return .positions(offsets.map { start + $0 })
        case (.positions(let outer), .block(let inner, let count)): return ViewMap(Array(outer[inner..<(inner + count)]))
        case (.positions(let outer), .positions(let offsets)): return ViewMap(offsets.map { outer[$0] })
        }
    }

    func gather(_ values: [Double]) -> [Double] {
        switch self {
        case .block(let start, let count): return Array(values[start..<(start + count)])
        case .positions(let offsets): return offsets.map { values[$0] }
        }
    }

    /// The view's elements of a core tensor, recorded (a block is a reshape/slice, no copy).
    func take(from base: Tensor, shape: [Int]) throws -> Tensor {
        switch self {
        case .block(let start, let count):
            if start == 0, count == base.count { return try base.reshape(shape) }
            return try base.reshape([-1]).slice(axis: 0, start..<(start + count)).reshape(shape)
        case .positions(let offsets):
            return try base.take(offsets: offsets, shape: shape)
        }
    }
}

/// A view's base (never itself a view), its positions there and its shape.
struct ViewLink {
    let base: TensorObject
    let map: ViewMap
    let shape: [Int]
}

extension TensorObject {
    /// A view of this tensor: `local` are positions in this tensor's row-major values. `gradName` is PyTorch's
    /// `grad_fn` of the view operation (`SelectBackward0`), shown when the tensor is in the autograd graph.
    func view(_ local: ViewMap, shape: [Int], gradName: String? = nil) -> Value {
        let link = viewLink.map { ViewLink(base: $0.base, map: $0.map.composed(local), shape: shape) } ?? ViewLink(base: self, map: local, shape: shape)
        let result = TensorObject(view: link)
        result.gradFunctionOverride = gradName
        return .host(result)
    }

    /// Whether this tensor's elements are one block of its base's (or it is no view): PyTorch's
    /// `is_contiguous()` for the layouts lorarepl makes.
    var isContiguousView: Bool { viewLink?.map.isBlock ?? true }

    /// A write into a view: the view's new values are computed as for any tensor, then put at its positions
    /// in the base, so the base and every other view of it see them. A base that is a leaf requiring grad
    /// refuses, with PyTorch's "a view of a leaf Variable" message.
    func writeThroughView(_ link: ViewLink, _ what: String, operandTracked: Bool, tracked: (Tensor) throws -> Tensor,
                          plain: (inout NDArray) throws -> Void) throws {
        let positions = link.map.all
        if Set(positions).count != positions.count {
            throw ScriptError(.runtimeError, "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
                              notes: ["this tensor is an expanded view: several of its elements are one element of the tensor it was expanded from"],
                              help: "write into a copy: t = t.clone()")
        }
        let base = link.base
        if !isDataView { try base.checkInPlaceAllowed(what, throughView: true) }
        if base.core == nil, !(GradMode.enabled && operandTracked) || isDataView {
            var values = array
            try plain(&values)
            let written = values.values
            try base.writeInPlace(what, operandTracked: false, outsideAutograd: isDataView, bumping: countsBaseVersion, tracked: { $0 }, plain: { baseValues in
                for (position, offset) in positions.enumerated() { baseValues.values[offset] = TensorObject.cast(written[position], to: baseValues.dtype) }
            })
            if !countsBaseVersion { versionCounter.bump(TensorObject.writeName(what)) }
            return
        }
        let mine = try coreTensor()
        let record = GradMode.enabled && !isDataView && !base.isDataView && ((base.core?.requiresGrad ?? false) || operandTracked)
        // the write's node reads the view's values from before it through a recorded copy (see writeInPlace)
        let updated = try bridged { try record ? Autograd.enableGrad { try tracked(mine.scaled(by: 1)) } : Autograd.noGrad { try tracked(mine) } }
        let flat = try bridged { try updated.contiguous().reshape([-1]) }
        try base.writeInPlace(what, operandTracked: updated.requiresGrad, outsideAutograd: isDataView, tracked: { baseCore in
            try baseCore.putting(flat, at: positions, accumulate: false)
        }, plain: { baseValues in
            let written = flat.toArray()
            for (position, offset) in positions.enumerated() { baseValues.values[offset] = TensorObject.cast(Double(written[position]), to: baseValues.dtype) }
        })
        // PyTorch regenerates a view written in place as an as_strided view of its rewritten base, whose node
        // is a CopySlices.
        if record {
            gradFunctionOverride = "AsStridedBackward0"
            base.gradFunctionOverride = "torch::autograd::CopySlices"
        }
    }

    /// `t.T`: the dimensions reversed (a view; PyTorch's `permute`, `t()` names itself `TBackward0`).
    func reversedDimensions(gradName: String = "PermuteBackward0") throws -> Value {
        let rank = array.rank
        return try permuted(Array((0..<rank).reversed()), gradName: gradName)
    }

    /// The view with dimensions reordered: result dimension `i` is dimension `axes[i]`.
    func permuted(_ axes: [Int], gradName: String = "PermuteBackward0") throws -> Value {
        let a = array
        guard axes.count == a.rank else {
            throw ScriptError(.runtimeError, "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(a.rank) is not equal to len(dims) = \(axes.count)")
        }
        let resolved = try axes.map { try a.normalizedAxis($0) }
        guard Set(resolved).count == a.rank else { throw ScriptError(.runtimeError, "permute(): duplicate dims are not allowed.") }
        let strides = NDArray.strides(a.shape)
        let shape = resolved.map { a.shape[$0] }
        let newStrides = resolved.map { strides[$0] }
        var offsets = [Int]()
        offsets.reserveCapacity(a.count)
        func walk(_ d: Int, _ offset: Int) {
            if d == shape.count { offsets.append(offset); return }
            for i in 0..<shape[d] { walk(d + 1, offset + i * newStrides[d]) }
        }
        walk(0, 0)
        return view(ViewMap(offsets), shape: shape, gradName: gradName)
    }

    /// `view`/`reshape`/`flatten`/`squeeze`/`unsqueeze`: the same elements in another shape. A view when the
    /// elements are one block (or only dimensions of size 1 change); otherwise `view` is PyTorch's error and
    /// `reshape` a copy.
    func reshapedView(_ requested: [Int], copyWhenStrided: Bool, gradName: String = "ViewBackward0") throws -> Value {
        let a = array
        let shape = try a.reshaped(requested).shape
        if isContiguousView || shape.filter({ $0 != 1 }) == a.shape.filter({ $0 != 1 }) || viewable(as: shape) {
            return view(.block(start: 0, count: a.count), shape: shape, gradName: gradName)
        }
        guard copyWhenStrided else {
            throw ScriptError(.runtimeError, "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
                              help: "t.reshape(...) copies when needed, or call t.contiguous() first")
        }
        if let live = gradTracked {
            return TensorObject.result(try bridged { try GradMode.run { try live.contiguous().reshape(shape) } }, gradFunction: "UnsafeViewBackward0")
        }
        return TensorObject.wrap(try a.reshaped(shape))
    }

    /// Whether PyTorch's stride rules let this (non-contiguous) view be viewed as `shape`: its strides, read back
    /// from its positions, pass ATen's `computeStride`. The new view keeps the same positions in the same order.
    private func viewable(as shape: [Int]) -> Bool {
        guard let link = viewLink, let strides = TorchStrides.strides(of: link.map, shape: array.shape) else { return false }
        return TorchStrides.viewStrides(oldShape: array.shape, oldStrides: strides, newShape: shape) != nil
    }

    /// The basic-indexing view `t[key]` for a key of ints and slices along `dim` (narrow, select).
    private func along(_ dim: Int, _ part: Value, gradName: String) throws -> Value {
        let a = array
        let d = try a.normalizedAxis(dim)
        let full = Value.slice(SliceValue(start: Value.none, stop: Value.none, step: Value.none))
        let result = try indexed(.tuple(Array(repeating: full, count: d) + [part]))
        if case .host(let object) = result, let tensor = object as? TensorObject { tensor.gradFunctionOverride = gradName }
        return result
    }

    func viewMethods() -> [Builtin] {
        [
            method("view", [.variadic("shape")], doc: "The same values in another shape (-1: inferred), sharing them: writes show in both.",
                   example: "logits.view(-1, logits.size(-1))") { args in
                if args.variadic.count == 1, case .str(let name) = args.variadic[0], name.hasPrefix("torch.") {
                    throw ScriptError(.notImplementedError, "view(\(name)) reinterprets the tensor's bytes as another dtype, which lorarepl does not do (its tensors keep values, not bytes)",
                                      help: "to convert the values use t.to(\(name)), t.float() or t.long()")
                }
                return try self.reshapedView(try TensorObject.shapeArgument(args.variadic), copyWhenStrided: false)
            },
            method("reshape", [.variadic("shape")], doc: "The same values with another shape (-1: inferred); a view when possible.",
                   example: "t.reshape(2, -1)") { args in
                try self.reshapedView(try TensorObject.shapeArgument(args.variadic), copyWhenStrided: true)
            },
            method("flatten", [Parameter("start_dim", .int, default: .int(0)), Parameter("end_dim", .int, default: .int(-1))],
                   doc: "Dimensions start_dim..end_dim merged into one.", example: "logits.flatten()") { args in
                let shape = self.array.shape
                guard !shape.isEmpty else { return try self.reshapedView([1], copyWhenStrided: true) }
                let start = try self.array.normalizedAxis(try args.int("start_dim")), end = try self.array.normalizedAxis(try args.int("end_dim"))
                guard start <= end else { throw ScriptError(.runtimeError, "flatten() has invalid args: start_dim cannot come after end_dim") }
                let merged = Array(shape[..<start]) + [shape[start...end].reduce(1, *)] + Array(shape[(end + 1)...])
                return try self.reshapedView(merged, copyWhenStrided: true)
            },
            method("unsqueeze", [Parameter("dim", .int)], doc: "Insert a dimension of size 1 (a view).", example: "t.unsqueeze(0)") { args in
                let a = self.array
                let requested = try args.int("dim")
                let dim = requested < 0 ? requested + a.rank + 1 : requested
                guard dim >= 0, dim <= a.rank else {
                    throw ScriptError(.indexError, "Dimension out of range (expected to be in range of [\(-a.rank - 1), \(a.rank)], but got \(requested))")
                }
                var shape = a.shape
                shape.insert(1, at: dim)
                return try self.reshapedView(shape, copyWhenStrided: true, gradName: "UnsqueezeBackward0")
            },
            method("squeeze", [.optional("dim", .int)], doc: "Remove dimensions of size 1 (a view).", example: "t.squeeze(-1)") { args in
                let a = self.array
                var shape = a.shape
                let dim = try args.optionalInt("dim")
                if let dim {
                    let d = try a.normalizedAxis(dim)
                    if a.rank > 0, shape[d] == 1 { shape.remove(at: d) }
                } else {
                    shape = shape.filter { $0 != 1 }
                }
                return try self.reshapedView(shape, copyWhenStrided: true, gradName: dim == nil ? "SqueezeBackward0" : "SqueezeBackward1")
            },
            method("transpose", [Parameter("dim0", .int), Parameter("dim1", .int)], doc: "Swap two dimensions (a view).",
                   example: "t.transpose(0, 1)") { args in
                let a = self.array
                var axes = Array(0..<a.rank)
                if a.rank > 0 { axes.swapAt(try a.normalizedAxis(try args.int("dim0")), try a.normalizedAxis(try args.int("dim1"))) }
                return try self.permuted(axes, gradName: "TransposeBackward0")
            },
            method("permute", [.variadic("dims")], doc: "Reorder the dimensions (a view).", example: "x.permute(0, 2, 1)") { args in
                try self.permuted(try TensorObject.shapeArgument(args.variadic))
            },
            method("t", doc: "Transpose of a tensor of at most 2 dimensions (a view).", example: "W.t()") { _ in
                guard self.array.rank <= 2 else {
                    throw ScriptError(.runtimeError, "t() expects a tensor with <= 2 dimensions, but self is \(self.array.rank)D",
                                      help: "use t.transpose(-2, -1) for the last two dimensions")
                }
                return try self.reversedDimensions(gradName: "TBackward0")
            },
            method("narrow", [Parameter("dim", .int), Parameter("start", .int), Parameter("length", .int)],
                   doc: "Elements start..start+length along dim (a view).", example: "t.narrow(1, 0, 2)") { args in
                let a = self.array
                let d = try a.normalizedAxis(try args.int("dim"))
                let size = a.rank == 0 ? 1 : a.shape[d]
                let raw = try args.int("start"), length = try args.int("length")
                let start = raw < 0 ? raw + size : raw
                guard start >= 0, length >= 0, start + length <= size else {
                    throw ScriptError(.indexError, "start (\(raw)) + length (\(length)) exceeds dimension size (\(size)).")
                }
                return try self.along(d, .slice(SliceValue(start: .int(start), stop: .int(start + length), step: Value.none)), gradName: "SliceBackward0")
            },
            method("select", [Parameter("dim", .int), Parameter("index", .int)], doc: "The slice at index along dim, that dimension removed (a view).",
                   example: "t.select(1, 0)") { args in
                try self.along(try args.int("dim"), .int(try args.int("index")), gradName: "SelectBackward0")
            },
            method("is_contiguous", doc: "Whether the elements are one row-major block of memory.", example: "t.T.is_contiguous()") { _ in
                .bool(self.isContiguousView)
            },
            method("contiguous", doc: "The tensor itself when contiguous, else a contiguous copy.", example: "t.T.contiguous()") { _ in
                if self.isContiguousView { return .host(self) }
                if let live = self.gradTracked {
                    return TensorObject.result(try bridged { try GradMode.run { try live.contiguous().reshape(live.shape) } }, gradFunction: "CloneBackward0")
                }
                return TensorObject.wrap(self.array)
            },
        ]
    }
}
