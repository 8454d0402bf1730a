import PythonBasics
import Foundation
import Lang
import NumericArrays
import TensorCore

/// `Tensor` in scripts: model outputs, `torch.tensor(...)`, `np.array(...)`. Follows the torch idioms
/// fine-tuning code relies on (see LANGUAGE.md "Values and built-ins").
final class TensorObject: HostBase, ArrayBacked {
    private var cached: NDArray?
    /// The core float32 tensor behind a model parameter, its gradient, or a value computed with autograd
    /// (`outputs.loss`); nil for plain script arrays. See TensorAutograd.swift. An in-place write on a
    /// tracked value replaces it with the write's graph node (TensorInPlace.swift).
    private var ownCore: Tensor?
    /// True when `core`'s values change in place (parameters, gradients): they are read on every use.
    let isLive: Bool
    /// `p.data`, `t.detach()`, `state_dict()` entries: the values of `core` outside autograd, sharing its storage
    /// and version counter (as PyTorch's); in-place writes change that storage even when the source requires grad.
    fileprivate(set) var isDataView = false
    /// For a view (`t[0]`, `t.view(-1)`, `t.T`, TensorViews.swift): the tensor it shares its values with.
    private(set) var viewLink: ViewLink?
    /// PyTorch's version counter of a plain tensor's values (a core-backed tensor's is its core's, shared with
    /// every alias of it: `detach()`, `.data`, the core tensors of its views).
    private var plainCounter: VersionCounter?
    /// `.data` of a plain tensor: a view of all of it with a version counter of its own, as PyTorch's `.data`
    /// (its writes change the values but not the source's `_version`).
    private var dataCounter: VersionCounter?
    /// Writes into a plain tensor that left its version counter alone (through `.data`): they still tell
    /// views and caches to read the values again.
    private var silentWrites = 0
    /// The stamp `cached` was read at (a core-backed tensor's values change when an alias writes its storage).
    private var cachedStamp = ContentStamp(version: 0, generation: 0)
    /// A view's values or core as last derived from its base, and what they were derived from.
    private var derivedStamp = ContentStamp(version: -1, generation: 0)
    private var derived: (from: Tensor, grad: Bool, stamp: ContentStamp, tensor: Tensor)?

    /// What changes when these values are written: the version counter (in-place writes, `detach()`
    /// aliases) and the storage's generation (writes through `.data`, which has a counter of its own).
    struct ContentStamp: Equatable {
        let version: Int
        let generation: Int
    }

    var contentStamp: ContentStamp {
        if let link = viewLink { return link.base.contentStamp }
        return ContentStamp(version: version, generation: ownCore?.storage.generation ?? silentWrites)
    }

    /// The version counter of this tensor's values (a view's is its base's), created on first use.
    var versionCounter: VersionCounter {
        if let dataCounter { return dataCounter }
        if let link = viewLink { return link.base.versionCounter }
        let counter = ownCore?.versionCounter ?? plainCounter ?? VersionCounter()
        ownCore?.versionCounter = counter
        plainCounter = counter
        return counter
    }

    /// PyTorch's `_version`: in-place writes into these values (or, for a view, into its base's) so far.
    var version: Int { dataCounter?.value ?? viewLink?.base.version ?? (ownCore?.versionCounter ?? plainCounter)?.value ?? 0 }

    /// The counter a write through this tensor bumps in its base (nil for `.data` of a plain tensor, which
    /// counts its own writes).
    var countsBaseVersion: Bool { dataCounter == nil }

    /// Set on numpy arrays (`np.array(...)`, `t.numpy()`, what numpy functions and the methods of a numpy
    /// array return): they print as numpy does (NumpyFormat.swift); nil for torch tensors.
    var numpyFlavor: NumpyFlavor?

    /// A torch dtype other than float32/int64/bool given at creation or by a conversion (TensorDTypes.swift).
    var declaredType: TorchDType?

    /// `model.parameters()`, `layer.weight`, `nn.Parameter(...)`: printed as `Parameter containing:` and the
    /// tensor; an `nn.Module` attribute holding one is one of the module's parameters.
    private(set) var isParameter = false

    /// PyTorch's `grad_fn` name where the core's node is named after another operation (`mean()` is the
    /// core's sum-then-scale, PyTorch's `MeanBackward0`); cleared by in-place writes.
    var gradFunctionOverride: String?

    /// The values (for a core-backed tensor, a copy made on first use, or on every use when live; for a
    /// view, its base's values at its positions, read again after each write into the base).
    var array: NDArray {
        if let link = viewLink {
            if let cached, derivedStamp == link.base.contentStamp, !link.base.isLive { return cached }
            let source = link.base.array
            let values = NDArray(shape: link.shape, values: link.map.gather(source.values), dtype: source.dtype)
            cached = values
            derivedStamp = link.base.contentStamp
            return values
        }
        if let cached, ownCore == nil || cachedStamp == contentStamp { return cached }
        let values = ownCore.map { NDArray(shape: $0.shape, values: $0.toArray().map(Double.init), dtype: .float32) }
            ?? NDArray(shape: [0], values: [], dtype: .float32)
        if !isLive {
            cached = values
            cachedStamp = contentStamp
        }
        return values
    }

    /// The core tensor: this tensor's own, or for a view of a core-backed tensor the view's elements taken
    /// from the base's current core (recorded in grad mode, so gradients reach the base; never for a detached
    /// view).
    var core: Tensor? {
        guard let link = viewLink else { return ownCore }
        guard let baseCore = link.base.core else { return nil }
        let grad = GradMode.enabled && !isDataView, stamp = link.base.contentStamp
        if let derived, derived.from === baseCore, derived.grad == grad, derived.stamp == stamp, !link.base.isLive { return derived.tensor }
        let take = { try link.map.take(from: baseCore, shape: link.shape) }
        guard let tensor = try? (grad ? Autograd.enableGrad(take) : Autograd.noGrad(take)) else { return nil }
        tensor.versionCounter = link.base.versionCounter
        tensor.isViewOfScriptTensor = true
        derived = (baseCore, grad, stamp, tensor)
        return tensor
    }

    var ndarray: NDArray { array }

    init(_ array: NDArray) {
        cached = array
        ownCore = nil
        isLive = false
    }

    /// A tensor backed by the core's `tensor` (kept for autograd); `live` for parameters and gradients.
    init(core tensor: Tensor, live: Bool) {
        cached = nil
        ownCore = tensor
        isLive = live
    }

    /// A view of `link.base` (never itself a view).
    init(view link: ViewLink) {
        viewLink = link
        isLive = false
    }

    /// `t.detach()` / `t.data`: the same values outside autograd, sharing them with this tensor, as PyTorch's:
    /// a write into either shows in both. `detach()` shares the version counter too (a write through it makes
    /// `backward()` refuse a graph that saved the values); `.data` of a core-backed tensor has a counter of its
    /// own, as PyTorch's (writes through it go unnoticed by autograd). A plain tensor is its own detached form.
    func detachedAlias(sharingVersion: Bool = true) -> Value {
        if !sharingVersion, core == nil, numpyFlavor == nil {
            let a = array
            let alias = TensorObject(view: viewLink ?? ViewLink(base: self, map: .block(start: 0, count: a.count), shape: a.shape))
            alias.isDataView = true
            alias.declaredType = declaredType
            alias.dataCounter = VersionCounter()
            return .host(alias)
        }
        if let link = viewLink {
            guard link.base.core != nil else { return .host(self) }
            let alias = TensorObject(view: link)
            alias.isDataView = true
            alias.declaredType = declaredType
            return .host(alias)
        }
        guard let core else { return .host(self) }
        _ = versionCounter
        let alias = TensorObject(core: sharingVersion ? core : core.detached(), live: isLive)
        alias.isDataView = true
        alias.declaredType = declaredType
        return .host(alias)
    }

    /// `d.requires_grad_()` on a detached alias: a new leaf over the same storage and version counter.
    func becomeLeafOfOwnStorage(requiresGrad: Bool) -> Bool {
        guard isDataView, viewLink == nil, let core else { return false }
        let counter = versionCounter
        let leaf = core.detached()
        leaf.versionCounter = counter
        leaf.requiresGrad = requiresGrad
        ownCore = leaf
        isDataView = false
        return true
    }

    /// `t.requires_grad_()` on a plain float tensor: it becomes a leaf that requires grad (its values move
    /// into a core tensor with the same version counter).
    func becomeLeaf() throws {
        guard viewLink == nil, ownCore == nil else { return }
        let a = array
        guard a.dtype == .float32, declaredType == nil || declaredType?.kind == .float32 else {
            throw ScriptError(.runtimeError, "only Tensors of floating point dtype can require gradients",
                              help: "convert first: t = t.float().requires_grad_()")
        }
        let counter = versionCounter
        let leaf = try bridged { try Tensor(shape: a.shape, values: a.values.map { Float($0) }) }
        leaf.versionCounter = counter
        leaf.requiresGrad = true
        ownCore = leaf
        cached = nil
    }

    /// A model parameter as scripts see it: live, printed as PyTorch prints an `nn.Parameter`.
    static func parameter(_ tensor: Tensor) -> Value {
        let object = TensorObject(core: tensor, live: true)
        object.isParameter = true
        return .host(object)
    }

    /// A `state_dict()` entry: the weight's live values outside autograd (PyTorch's are detached tensors
    /// sharing the parameter's storage).
    static func stateEntry(_ tensor: Tensor) -> Value {
        let object = TensorObject(core: tensor, live: true)
        object.isDataView = true
        return .host(object)
    }

    /// A copy of a TensorCore float tensor.
    convenience init(_ tensor: Tensor) {
        self.init(NDArray(shape: tensor.shape, values: tensor.toArray().map(Double.init), dtype: .float32))
    }

    /// A copy of a TensorCore integer tensor.
    convenience init(_ tensor: IntTensor) {
        self.init(NDArray(shape: tensor.shape, values: tensor.values.map(Double.init), dtype: .int64))
    }

    static func wrap(_ array: NDArray) -> Value { .host(TensorObject(array)) }

    /// After an in-place write: new plain values (`core` nil) or a new core tensor (a graph node), one
    /// version later; the new core shares the old one's version counter (PyTorch's `_version`), so a graph
    /// that saved the old values refuses `backward()`. `writeName` is PyTorch's `grad_fn` of the write.
    func replaceContents(array newArray: NDArray?, core newCore: Tensor?, writeName: String, bumping: Bool = true) {
        let counter = versionCounter
        if bumping { counter.bump(writeName) } else { silentWrites += 1 }
        newCore?.versionCounter = counter
        cached = newArray
        cachedStamp = contentStamp
        ownCore = newCore
        gradFunctionOverride = nil
    }

    /// After a write into a core tensor's own storage (a parameter's, a gradient's, or through `detach()`).
    func noteWrittenInPlace(_ writeName: String) {
        versionCounter.bump(writeName)
        cached = nil
    }

    /// `type(a).__name__`: numpy arrays are numpy's `ndarray`.
    override var typeName: String { isParameter ? "Parameter" : (numpyFlavor == nil ? "Tensor" : "ndarray") }
    override var helpText: String { "Tensor: shape \(shapeTuple(array.shape)), dtype \(torchDTypeName)" }

    override func repr() -> String {
        guard let numpyFlavor else {
            let text = TensorFormatter.repr(pythonArray, dtypeName: torchDTypeName, gradSuffix: gradSuffix)
            return isParameter ? "Parameter containing:\n" + text : text
        }
        return NumpyFormatter.repr(array, float32: numpyFlavor == .float32)
    }

    override func str() -> String {
        guard let numpyFlavor else { return repr() }
        return NumpyFormatter.str(array, float32: numpyFlavor == .float32)
    }

    // MARK: attributes

    override var propertyNames: [String] { ["shape", "dtype", "T", "ndim", "grad", "requires_grad", "is_leaf", "device", "data", "_version", "_base", "grad_fn", "is_cuda", "is_cpu", "retains_grad"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "shape": return shapeValue(array.shape)
        case "dtype":
            if let numpyFlavor { return .str(NumpyFormatter.dtypeName(array.dtype, float32: numpyFlavor == .float32)) }
            return .str(torchDTypeName)
        case "T": return try reversedDimensions()
        case "ndim": return .int(array.rank)
        case "_version": return .int(version)
        case "_base": return viewLink.map { .host($0.base) } ?? Value.none
        case "grad": return isDataView ? Value.none : core?.grad.map { .host(TensorObject(core: $0, live: true)) } ?? Value.none
        case "requires_grad":
            // a view made under no_grad still requires grad when its base does, as PyTorch's
            if let link = viewLink, !isDataView { return .bool(link.base.core?.requiresGrad ?? false) }
            return .bool(!isDataView && (core?.requiresGrad ?? false))
        case "is_leaf": return .bool(isDataView || (core?.isLeaf ?? true))
        case "device": return .host(DeviceObject(kind: "cpu", index: nil))
        case "is_cuda": return .bool(false)
        case "is_cpu": return .bool(true)
        case "data": return detachedAlias(sharingVersion: false)
        case "grad_fn": return gradFunction
        case "retains_grad": return retainsGradValue
        default: return nil
        }
    }

    override func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
        try setTensorAttribute(name, value)
    }

    /// Tensor methods read the values when called (parameters change in place) and hold no cycle.
    override var cachesMethods: Bool { false }

    /// Later entries win: the loop-surface and autograd methods replace plain ones of the same name.
    override func methods() -> [Builtin] {
        let groups: [[Builtin]] = [plainMethods(), loopMethods(), autogradMethods(), selectionMethods(), mathMethods(),
                                   orderingMethods(), inPlaceMethods(), viewMethods(), reductionMethods(),
                                   scatterReduceMethods(), newFactoryMethods(), hookMethods()]
        guard let numpyFlavor else { return groups.flatMap { $0 } }
        return groups.flatMap { $0 }.map { $0.mappingResult { result, _ in TensorObject.markingNumpy(result, numpyFlavor) } }
    }

    /// A tensor method whose autograd version (TensorAutograd.swift) runs instead while the tensor is tracked.
    func tensorMethod(_ name: String, _ parameters: [Parameter] = [], doc: String, example: String = "",
                      _ body: @escaping (Arguments) throws -> Value) -> Builtin {
        method(name, TensorObject.withNumpyAliases(parameters), doc: doc, example: example) { [self] args in
            if let live = self.gradTracked, let result = try self.trackedMethod(name, live, args) { return result }
            return try body(args)
        }
    }

    /// PyTorch also accepts NumPy's keyword names: `axis=` for `dim=` and `keepdims=` for `keepdim=`
    /// (`probs.sum(axis=1, keepdims=True)` works on tensors and numpy arrays alike).
    static func withNumpyAliases(_ parameters: [Parameter]) -> [Parameter] {
        // most methods take neither: return them as they are, with no copy (method tables are built often)
        guard parameters.contains(where: { $0.name == "dim" || $0.name == "keepdim" }) else { return parameters }
        let hasAxis = parameters.contains { $0.name == "axis" }, hasKeepdims = parameters.contains { $0.name == "keepdims" }
        return parameters.map { parameter in
            var parameter = parameter
            if parameter.name == "dim", !hasAxis { parameter.aliases = ["axis"] }
            if parameter.name == "keepdim", !hasKeepdims { parameter.aliases = ["keepdims"] }
            return parameter
        }
    }

    private func plainMethods() -> [Builtin] {
        let a = array
        return [
            tensorMethod("tolist", doc: "The values as (nested) Python lists.", example: "t.tolist()") { _ in self.pythonArray.toValue() },
            tensorMethod("item", doc: "The Python number of a one-element tensor.", example: "loss.item()") { _ in
                guard a.count == 1 else {
                    throw ScriptError(.valueError, "a Tensor with \(a.count) elements cannot be converted to Scalar",
                                      notes: ["its shape is \(shapeTuple(a.shape))"], help: "index one element first, e.g. t[0].item()")
                }
                return a.scalar(self.pythonArray.values[0])
            },
            tensorMethod("argmax", [.optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false)), .optional("axis", .int)],
                   doc: "Index of the largest value (over everything, or along dim).", example: "logits.argmax(dim=-1)") { args in
                let dim = try args.optionalInt("dim") ?? args.optionalInt("axis")
                return TensorObject.scalarOrTensor(try a.reduce(axis: dim, keepDims: try args.bool("keepdim"), dtype: .int64, NDArray.argmax))
            },
            tensorMethod("softmax", [Parameter("dim", .int, default: .int(-1))], doc: "Softmax along dim (probabilities).",
                   example: "logits.softmax(dim=-1)") { args in
                TensorObject.wrap(try TensorObject.plainSoftmax(a, dim: try args.int("dim"), log: false, float32: self.reducesInFloat32))
            },
            tensorMethod("max", [.optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false))],
                   doc: "The largest value; with dim, a tuple (values, indices) like torch.", example: "probs.max(dim=-1)") { args in
                guard let dim = try args.optionalInt("dim") else {
                    return TensorObject.scalarOrTensor(try a.reduce(axis: nil) { $0.max() ?? .nan })
                }
                let keep = try args.bool("keepdim")
                let values = try a.reduce(axis: dim, keepDims: keep) { $0.max() ?? .nan }
                let indices = try a.reduce(axis: dim, keepDims: keep, dtype: .int64, NDArray.argmax)
                return .tuple([TensorObject.wrap(values), TensorObject.wrap(indices)])
            },
            tensorMethod("min", [.optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false))],
                   doc: "The smallest value (over everything, or along dim).", example: "t.min()") { args in
                TensorObject.scalarOrTensor(try a.reduce(axis: try args.optionalInt("dim"), keepDims: try args.bool("keepdim")) { $0.min() ?? .nan })
            },
            tensorMethod("float", doc: "A float32 copy.", example: "mask.float()") { _ in TensorObject.wrap(a.map(dtype: .float32) { $0 }) },
            tensorMethod("long", doc: "An int64 copy (truncated).", example: "t.long()") { _ in TensorObject.wrap(a.map(dtype: .int64) { Double(CheckedInt.castLikeNumpy($0)) }) },
            tensorMethod("int", doc: "An integer copy (truncated).", example: "t.int()") { _ in TensorObject.wrap(a.map(dtype: .int64) { Double(CheckedInt.castLikeNumpy($0)) }) },
            tensorMethod("bool", doc: "A bool copy (non-zero is True).", example: "t.bool()") { _ in TensorObject.wrap(a.map(dtype: .bool) { $0 != 0 ? 1 : 0 }) },
            tensorMethod("astype", [Parameter("dtype")], doc: "A copy with another dtype: int, float, bool or a name such as \"int64\".",
                   example: "(preds == labels).astype(int)") { args in
                let dtype = try TensorObject.dtypeArgument(args["dtype"])
                let copy = TensorObject.wrap(a.map(dtype: dtype) { dtype == .int64 ? Double(CheckedInt.castLikeNumpy($0)) : (dtype == .bool ? ($0 != 0 ? 1 : 0) : $0) })
                return self.numpyFlavor == nil ? copy : TensorObject.numpyFloatType(copy, named: args["dtype"])
            },
            tensorMethod("all", doc: "True when every value is non-zero.", example: "(preds == labels).all()") { _ in
                .bool(a.values.allSatisfy { $0 != 0 })
            },
            tensorMethod("any", doc: "True when some value is non-zero.", example: "(preds != labels).any()") { _ in
                .bool(a.values.contains { $0 != 0 })
            },
            tensorMethod("numpy", doc: "A numpy array sharing the values.", example: "logits.numpy()") { _ in self.numpyView() },
            tensorMethod("cpu", doc: "The same tensor (everything runs on the CPU).", example: "t.cpu()") { _ in .host(self) },
            tensorMethod("clone", doc: "A copy.", example: "t.clone()") { _ in TensorObject.wrap(a) },
            tensorMethod("size", [.optional("dim", .int)], doc: "The shape, or one dimension's size.", example: "t.size(0)") { args in
                guard let dim = try args.optionalInt("dim") else { return self.shapeValue(a.shape) }
                return .int(a.shape[try a.normalizedAxis(dim)])
            },
            tensorMethod("dim", doc: "Number of dimensions.", example: "t.dim()") { _ in .int(a.rank) },
            tensorMethod("numel", doc: "Number of elements.", example: "t.numel()") { _ in .int(a.count) },
            tensorMethod("exp", doc: "e to the power of each value.", example: "t.exp()") { _ in TensorObject.wrap(a.map(dtype: .float32) { Foundation.exp($0) }) },
            tensorMethod("log", doc: "Natural logarithm of each value.", example: "t.log()") { _ in TensorObject.wrap(a.map(dtype: .float32) { Foundation.log($0) }) },
        ]
    }

    /// `t.shape`: a `torch.Size` for a tensor, a plain tuple for a numpy array (as numpy's).
    func shapeValue(_ shape: [Int]) -> Value {
        numpyFlavor == nil ? TorchSizeObject.wrap(shape) : .tuple(shape.map { .int($0) })
    }

    /// `reshape(2, 3)` or `reshape((2, 3))`.
    static func shapeArgument(_ items: [Value]) throws -> [Int] {
        let flat = items.count == 1 && items[0].sequenceItems != nil ? (items[0].sequenceItems ?? []) : items
        return try flat.map { item in
            guard let n = item.intValue else { throw ScriptError(.typeError, "shape sizes must be ints, not \(item.typeName)") }
            return n
        }
    }

    /// `astype(int)`, `astype("float32")`, `astype(np.int64)`: the Python type or a dtype name.
    static func dtypeArgument(_ value: Value) throws -> NDArray.DType {
        let name: String
        switch value {
        case .type(let type): name = type.name
        case .builtin(let builtin): name = builtin.name
        case .str(let text): name = text
        default: name = value.repr
        }
        let bare = name.hasPrefix("torch.") ? String(name.dropFirst(6)) : (name.hasPrefix("numpy.") ? String(name.dropFirst(6)) : name)
        if bare == "bool" || bare == "bool_" { return .bool }
        if bare.hasPrefix("int") || bare.hasPrefix("uint") || bare == "long" { return .int64 }
        // Tensors hold float32; float16/bfloat16 requests keep them in float32.
        if bare.hasPrefix("float") || bare == "double" || bare == "bfloat16" || bare == "half" { return .float32 }
        throw ScriptError(.typeError, "data type \(value.repr) not understood",
                          help: "use int, float or bool, e.g. (preds == labels).astype(int)")
    }

    /// Reductions return 0-d tensors, as torch does.
    static func scalarOrTensor(_ array: NDArray) -> Value { .host(TensorObject(array)) }

    // MARK: protocol

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        let result = try indexed(key)
        return numpyFlavor.map { TensorObject.markingNumpy(result, $0) } ?? result
    }

    /// `t[mask] = 0`, `t[:, 0] = x` (TensorInPlace.swift).
    override func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        try bridged { try assignItem(key, value) }
    }

    /// `x += y` and the other in-place operators change the tensor itself (TensorInPlace.swift).
    override func inPlaceOperation(_ op: String, _ other: Value, context: CallContext) throws -> Value? {
        try bridged { try inPlaceArithmetic(op, other, context: context) }
    }

    override func length() -> Int? { array.rank == 0 ? nil : array.shape[0] }

    /// `for row in t`: each row is a view of t, as PyTorch's.
    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        guard array.rank > 0 else { throw ScriptError(.typeError, "iteration over a 0-d tensor") }
        let rows = try (0..<array.shape[0]).map { try getItem(.int($0), context: context) }
        return listIterator(rows)
    }

    /// `f"{loss}"`: a 0-d torch tensor formats as its Python number (PyTorch's `Tensor.__format__`).
    override func emptyFormatValue() -> Value? { numpyFlavor == nil && array.rank == 0 ? scalarValue() : nil }

    override func scalarValue() -> Value? {
        let a = pythonArray
        return a.count == 1 ? a.scalar(a.values[0]) : nil
    }

    override func truthValue() throws -> Bool? {
        guard array.count == 1 else {
            throw ScriptError(.valueError, "Boolean value of Tensor with more than one value is ambiguous",
                              help: "reduce it first, e.g. (t > 0).all() or t.sum() > 0")
        }
        return array.values[0] != 0
    }

    override func contains(_ item: Value, context: CallContext) throws -> Bool? {
        guard let x = Convert.double(item) else { return false }
        return array.values.contains(x)
    }

    override func unaryOperation(_ op: String, context: CallContext) throws -> Value? {
        guard let result = try negated(op).map({ TensorObject.keepingDeclaredType($0, from: [declaredType]) }) else { return nil }
        guard let numpyFlavor else { return result }
        return TensorObject.markingNumpy(result, numpyFlavor)
    }

    private func negated(_ op: String) throws -> Value? {
        switch op {
        case "-":
            if let live = gradTracked { return TensorObject.result(try bridged { try GradMode.run { live.scaled(by: -1) } }, gradFunction: "NegBackward0") }
            return TensorObject.wrap(array.map { -$0 })
        case "+": return .host(self)
        case "~":
            let a = array
            guard a.dtype != .float32 else {
                throw ScriptError(.typeError, "~ (bitwise not) is only defined for integer and bool tensors",
                                  help: "for a mask use ~(t > 0) or t.logical_not(); for numbers use -t")
            }
            return TensorObject.wrap(a.map { a.dtype == .bool ? ($0 == 0 ? 1 : 0) : -$0 - 1 })
        default: return nil
        }
    }

    static let comparisonOperators: Set<String> = ["==", "!=", "<", "<=", ">", ">="]

    override func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        var otherType: TorchDType?
        if case .host(let object) = other, let tensor = object as? TensorObject { otherType = tensor.declaredType }
        guard let result = try combined(op, other, reflected: reflected, context: context)
            .map({ TensorObject.keepingDeclaredType($0, from: [declaredType, otherType]) }) else { return nil }
        guard let numpyFlavor else { return result }
        return TensorObject.markingNumpy(result, numpyFlavor)
    }

    private func combined(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        if let result = try bridged({ try autogradBinary(op, other, reflected: reflected) }) { return result }
        guard let operand = try? NDArray.from(other) else { return nil }
        let (lhs, rhs) = reflected ? (operand, array) : (array, operand)
        if op == "@" { return TensorObject.wrap(try NDArray.matmul(lhs, rhs)) }
        let arithmetic = NDArray.resultType(lhs.dtype, rhs.dtype, op: op)
        if arithmetic == .int64, let integer = try NDArray.integerArithmetic(op, lhs, rhs, warn: { try? context.writeError($0 + "\n") }) {
            return TensorObject.wrap(integer)
        }
        let result: NDArray
        switch op {
        case "+": result = try NDArray.combine(lhs, rhs, dtype: arithmetic, +)
        case "-": result = try NDArray.combine(lhs, rhs, dtype: arithmetic, -)
        case "*": result = try NDArray.combine(lhs, rhs, dtype: arithmetic, *)
        case "/": result = try NDArray.combine(lhs, rhs, dtype: .float32, /)
        case "//": result = try NDArray.combine(lhs, rhs, dtype: arithmetic) { ($0 / $1).rounded(.down) }
        case "%": result = try NDArray.combine(lhs, rhs, dtype: arithmetic) { $0 - $1 * ($0 / $1).rounded(.down) }
        case "**": result = try NDArray.combine(lhs, rhs, dtype: arithmetic) { Foundation.pow($0, $1) }
        case "==": result = try NDArray.combine(lhs, rhs, dtype: .bool) { $0 == $1 ? 1 : 0 }
        case "!=": result = try NDArray.combine(lhs, rhs, dtype: .bool) { $0 != $1 ? 1 : 0 }
        case "<": result = try NDArray.combine(lhs, rhs, dtype: .bool) { $0 < $1 ? 1 : 0 }
        case "<=": result = try NDArray.combine(lhs, rhs, dtype: .bool) { $0 <= $1 ? 1 : 0 }
        case ">": result = try NDArray.combine(lhs, rhs, dtype: .bool) { $0 > $1 ? 1 : 0 }
        case ">=": result = try NDArray.combine(lhs, rhs, dtype: .bool) { $0 >= $1 ? 1 : 0 }
        default: return nil
        }
        // A comparison of two 0-d operands (`t.max() > 5`, `loss == best`) gives a plain bool, as numpy's
        // scalar comparisons do, so it prints `True` and goes into json, dict keys and `if` as it is; with an
        // array operand it is an element-wise bool Tensor (`(preds == labels).mean()`).
        if TensorObject.comparisonOperators.contains(op), result.rank == 0, let first = result.values.first {
            return .bool(first != 0)
        }
        return TensorObject.wrap(result)
    }
}
