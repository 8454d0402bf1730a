import PythonBasics
import Foundation
import Lang
import NumericArrays
import TensorCore
import Training

/// The `numpy` subset `compute_metrics` code uses, and a minimal `torch`. Arrays are the same
/// `Tensor` objects as model outputs.
enum NumericBindings {
    /// How often each value of `values` (non-negative ints) occurs, or the sum of its `weights`, at least
    /// `minlength` long: numpy's and torch's `bincount`.
    static func binCounts(_ values: [Int], weights: [Double]?, minlength: Int) -> NDArray {
        var counts = [Double](repeating: 0, count: Swift.max((values.max() ?? -1) + 1, minlength, 0))
        for (i, v) in values.enumerated() { counts[v] += weights?[i] ?? 1 }
        return NDArray(shape: [counts.count], values: counts, dtype: weights == nil ? .int64 : .float32)
    }

    static func array(_ value: Value) throws -> NDArray { try NDArray.from(value) }

    /// numpy reductions: a Python scalar without an axis, an array with one.
    static func reduction(_ name: String, doc: String, dtype: NDArray.DType? = nil, _ f: @escaping ([Double]) -> Double) -> Builtin {
        Builtin(name, owner: "numpy", [Parameter("a"), .optional("axis", .int), Parameter("keepdims", .bool, default: .bool(false))],
                doc: doc, example: "np.\(name)(logits, axis=-1)") { args in
            try bridged {
                let a = try array(args["a"])
                let result = try a.reduce(axis: try args.optionalInt("axis"), keepDims: try args.bool("keepdims"), dtype: dtype ?? a.dtype, f)
                return result.rank == 0 ? result.scalar(result.values[0]) : TensorObject.wrap(result)
            }
        }
    }

    static func elementwise(_ name: String, owner: String, doc: String, _ f: @escaping (Double) -> Double) -> Builtin {
        Builtin(name, owner: owner, [Parameter("x")], doc: doc, example: "\(owner == "numpy" ? "np" : owner).\(name)(x)") { args in
            try bridged {
                let a = try array(args["x"])
                let result = a.map(dtype: .float32, f)
                return a.rank == 0 && owner == "numpy" ? .float(result.values[0]) : TensorObject.wrap(result)
            }
        }
    }

    /// numpy's default ('linear') percentile `q` (0–100) of `values`.
    static func percentileOf(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = q / 100 * Double(sorted.count - 1)
        let low = Swift.min(Swift.max(Int(exactly: position.rounded(.down)) ?? 0, 0), sorted.count - 1), high = Swift.min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// `np.percentile(a, q)` (q in 0–100) and `np.quantile(a, q)` (q in 0–1): one q or a list of them.
    static func quantile(_ name: String, scale: Double) -> Builtin {
        Builtin(name, owner: "numpy", [Parameter("a"), Parameter("q"), .optional("axis", .int), Parameter("keepdims", .bool, default: .bool(false))],
                doc: "The q-th \(name) of the values (linear interpolation, numpy's default).", example: "np.\(name)(lengths, \(scale == 100 ? "95" : "0.95"))") { args in
            try bridged {
                let a = try array(args["a"])
                let qs = try array(args["q"])
                for q in qs.values where !(0...scale).contains(q) {
                    throw ScriptError(.valueError, scale == 100 ? "Percentiles must be in the range [0, 100]" : "Quantiles must be in the range [0, 1]")
                }
                let results = try qs.values.map { q in
                    try a.reduce(axis: try args.optionalInt("axis"), keepDims: try args.bool("keepdims"), dtype: .float32) { percentileOf($0, q / scale * 100) }
                }
                if qs.rank == 0, let only = results.first { return only.rank == 0 ? .float(only.values[0]) : TensorObject.wrap(only) }
                let inner = results.first?.shape ?? []
                return TensorObject.wrap(NDArray(shape: [results.count] + inner, values: results.flatMap(\.values), dtype: .float32))
            }
        }
    }

    /// `np.round(a, decimals=0)` / `np.around`: half to even at `decimals` places.
    static func rounding(_ name: String) -> Builtin {
        Builtin(name, owner: "numpy", [Parameter("a"), Parameter("decimals", .int, default: .int(0))],
                doc: "Values rounded to `decimals` places, halves to even.", example: "np.\(name)(probs, 3)") { args in
            try bridged {
                let a = try array(args["a"])
                let result = try TensorObject.rounded(a, decimals: try args.int("decimals"))
                if a.rank == 0 { return result.dtype == .float32 ? .float(result.values[0]) : .int(CheckedInt.fromStoredInt64(result.values[0])) }
                return TensorObject.wrap(result)
            }
        }
    }

    /// `numpy.random.seed(n)`: seeds the session's legacy global generator (numpy's `RandomState`, MT19937),
    /// which `evaluate`'s rouge bootstrap draws from as rouge_score draws from `np.random`.
    static var numpyRandom: Module {
        let module = Module(name: "numpy.random", doc: "numpy's legacy global generator: seed().")
        module.members.set("seed", .builtin(Builtin("seed", owner: "numpy.random", [.optional("seed", .int)],
                                                    doc: "Seed numpy's global generator (MT19937, as numpy's legacy seeding).",
                                                    example: "np.random.seed(42)") { args in
            let state = Bindings.state(args.context)
            let seed = try args.optionalInt("seed").map { k -> UInt64 in
                guard k >= 0, k <= Int(truncatingIfNeeded: UInt32.max) else { throw ScriptError(.valueError, "Seed must be between 0 and 2**32 - 1") }
                return UInt64(truncatingIfNeeded: k)
            } ?? state.derivedSeed()
            state.numpyRandom = LegacyRandomState(seed: seed)
            return Value.none
        }))
        return module
    }

    /// The numpy module: its functions return numpy arrays (printed as numpy prints them).
    static var numpy: ModuleTable { numpyFunctions.markingNumpyResults() }

    private static var numpyFunctions: ModuleTable {
        ModuleTable(name: "numpy", doc: "The numpy subset for metrics code (arrays are lorarepl Tensors).", builtins: [
            Builtin("array", owner: "numpy", [Parameter("object"), .optional("dtype")], doc: "An array from a list or a tensor.",
                    example: "np.array([[0.1, 0.9], [0.8, 0.2]])") { args in
                try bridged {
                    var a = try array(args["object"])
                    if case .str(let dtype) = args["dtype"] {
                        if dtype.hasPrefix("int") { a = a.map(dtype: .int64) { $0.rounded(.towardZero) } } else if dtype.hasPrefix("float") { a.dtype = .float32 }
                    }
                    return TensorObject.numpyFloatType(TensorObject.wrap(a), named: args["dtype"])
                }
            },
            Builtin("asarray", owner: "numpy", [Parameter("a")], doc: "Same as np.array.", example: "np.asarray(labels)") { args in
                try bridged { TensorObject.wrap(try array(args["a"])) }
            },
            reduction("argmax", doc: "Index of the largest value (first on ties), overall or along axis.", dtype: .int64, NDArray.argmax),
            reduction("argmin", doc: "Index of the smallest value, overall or along axis.", dtype: .int64) { group in
                NDArray.argmax(group.map { -$0 })
            },
            Builtin("argsort", owner: "numpy", [Parameter("a"), Parameter("axis", .int, default: .int(-1))],
                    doc: "The indices that sort each row along the last axis, smallest first (equal values keep their order).",
                    example: "np.argsort(start_logits)[-1 : -21 : -1].tolist()") { args in
                try bridged {
                    let a = try array(args["a"])
                    guard try args.int("axis") == -1 || (try args.int("axis")) == a.rank - 1 else {
                        throw ScriptError(.notImplementedError, "np.argsort sorts along the last axis only", help: "leave axis out")
                    }
                    let width = a.shape.last ?? a.values.count
                    var out: [Double] = []
                    out.reserveCapacity(a.values.count)
                    for start in stride(from: 0, to: a.values.count, by: Swift.max(width, 1)) {
                        let row = a.values[start..<(start + width)]
                        out += row.indices.sorted { row[$0] < row[$1] || (row[$0] == row[$1] && $0 < $1) }.map { Double($0 - start) }
                    }
                    return TensorObject.wrap(NDArray(shape: a.rank == 0 ? [1] : a.shape, values: out, dtype: .int64))
                }
            },
            reduction("max", doc: "The largest value.") { $0.max() ?? .nan },
            reduction("min", doc: "The smallest value.") { $0.min() ?? .nan },
            reduction("sum", doc: "Sum of the values.") { $0.reduce(0, +) },
            reduction("mean", doc: "Mean of the values.", dtype: .float32) { $0.reduce(0, +) / Double(Swift.max($0.count, 1)) },
            reduction("std", doc: "Standard deviation (ddof=0).", dtype: .float32) { g in
                let m = g.reduce(0, +) / Double(Swift.max(g.count, 1))
                return (g.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(Swift.max(g.count, 1))).squareRoot()
            },
            elementwise("exp", owner: "numpy", doc: "e to the power of each value.") { Foundation.exp($0) },
            elementwise("log", owner: "numpy", doc: "Natural logarithm of each value.") { Foundation.log($0) },
            elementwise("sqrt", owner: "numpy", doc: "Square root of each value.") { $0.squareRoot() },
            elementwise("abs", owner: "numpy", doc: "Absolute value of each value.") { Swift.abs($0) },
            rounding("round"), rounding("around"),
            Builtin("concatenate", owner: "numpy", [Parameter("arrays", .sequence), Parameter("axis", .int, default: .int(0))],
                    doc: "Join arrays along an existing axis.", example: "np.concatenate([all_preds, batch_preds])") { args in
                try bridged { try TorchBindings.joined(try args.list("arrays"), dim: try args.int("axis"), stack: false) }
            },
            Builtin("stack", owner: "numpy", [Parameter("arrays", .sequence), Parameter("axis", .int, default: .int(0))],
                    doc: "Join same-shaped arrays along a new axis.", example: "np.stack(rows)") { args in
                try bridged { try TorchBindings.joined(try args.list("arrays"), dim: try args.int("axis"), stack: true) }
            },
            reduction("median", doc: "Median of the values.", dtype: .float32) { percentileOf($0, 50) },
            reduction("var", doc: "Variance (ddof=0).", dtype: .float32) { g in
                let m = g.reduce(0, +) / Double(Swift.max(g.count, 1))
                return g.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(Swift.max(g.count, 1))
            },
            quantile("percentile", scale: 100), quantile("quantile", scale: 1),
            Builtin("bincount", owner: "numpy", [Parameter("x"), .optional("weights"), Parameter("minlength", .int, default: .int(0))],
                    doc: "How often each non-negative int occurs (index = value); sums of weights with weights=.",
                    example: "np.bincount(labels)") { args in
                try bridged {
                    let x = try array(args["x"])
                    guard x.rank <= 1, x.dtype != .float32 else { throw ScriptError(.typeError, "bincount needs a 1-D array of non-negative ints") }
                    let values = x.values.map { CheckedInt.fromStoredInt64($0) }
                    if let negative = values.first(where: { $0 < 0 }) { throw ScriptError(.valueError, "'list' argument must have no negative elements (got \(negative))") }
                    let weights = args["weights"].isNone ? nil : try array(args["weights"]).values
                    if let weights, weights.count != values.count { throw ScriptError(.valueError, "The weights and list don't have the same length.") }
                    return TensorObject.wrap(binCounts(values, weights: weights, minlength: try args.int("minlength")))
                }
            },
            Builtin("where", owner: "numpy", [Parameter("condition"), .omittable("x"), .omittable("y")],
                    doc: "Indices where condition holds, or x where it holds and y elsewhere.",
                    example: "np.where(preds == labels, 1, 0)") { args in
                try bridged {
                    let condition = try array(args["condition"])
                    if !args.isPassed("x") {
                        let indices = condition.values.enumerated().compactMap { $0.element != 0 ? Double($0.offset) : nil }
                        return .tuple([TensorObject.wrap(NDArray(shape: [indices.count], values: indices, dtype: .int64))])
                    }
                    let x = try array(args["x"]), y = try array(args["y"])
                    let shape = try NDArray.broadcastShape(condition.shape, try NDArray.broadcastShape(x.shape, y.shape))
                    let c = condition.broadcast(to: shape), xs = x.broadcast(to: shape), ys = y.broadcast(to: shape)
                    let values = (0..<c.count).map { c[$0] != 0 ? xs[$0] : ys[$0] }
                    return TensorObject.wrap(NDArray(shape: shape, values: values, dtype: NDArray.resultType(x.dtype, y.dtype, op: "+")))
                }
            },
            Builtin("unique", owner: "numpy", [Parameter("ar"), Parameter("return_counts", .bool, default: .bool(false))],
                    doc: "The sorted distinct values (and their counts).", example: "np.unique(labels, return_counts=True)") { args in
                try bridged {
                    let a = try array(args["ar"])
                    var counts: [Double: Int] = [:]
                    for v in a.values { counts[v, default: 0] += 1 }
                    let keys = counts.keys.sorted()
                    let unique = TensorObject.wrap(NDArray(shape: [keys.count], values: keys, dtype: a.dtype))
                    guard try args.bool("return_counts") else { return unique }
                    return .tuple([unique, TensorObject.wrap(NDArray(shape: [keys.count], values: keys.map { Double(counts[$0] ?? 0) }, dtype: .int64))])
                }
            },
            Builtin("zeros", owner: "numpy", [Parameter("shape")], doc: "An array of zeros.", example: "np.zeros((2, 3))") { args in
                try bridged { TensorObject.wrap(try filled(args["shape"], 0)) }
            },
            Builtin("ones", owner: "numpy", [Parameter("shape")], doc: "An array of ones.", example: "np.ones(3)") { args in
                try bridged { TensorObject.wrap(try filled(args["shape"], 1)) }
            },
            Builtin("arange", owner: "numpy", [Parameter("stop", .int)], doc: "0, 1, …, stop-1.", example: "np.arange(5)") { args in
                let n = try args.int("stop")
                try MemoryBudget.check(elements: n, bytesPerElement: 8, what: "np.arange(\(n))")
                return TensorObject.wrap(NDArray(shape: [Swift.max(n, 0)], values: (0..<Swift.max(n, 0)).map(Double.init), dtype: .int64))
            },
        ] + TensorCloseness.builtins(owner: "numpy"), constants: [("float32", .str("float32")), ("float64", .str("float64")), ("int64", .str("int64")), ("random", .module(numpyRandom))])
    }

    /// The element count of a new tensor of `shape`, refused past 50,000,000 elements or the memory budget.
    static func checkedCount(_ shape: [Int]) throws -> Int {
        let count = try CheckedInt.elementCount(shape, what: "a tensor")
        guard count <= 50_000_000 else {
            throw ScriptError(.memoryError, "a tensor of shape \(shapeTuple(shape)) is too large (the limit is 50,000,000 elements)")
        }
        try MemoryBudget.check(elements: count, bytesPerElement: MemoryLayout<Double>.stride, what: "a tensor of shape \(shapeTuple(shape))")
        return count
    }

    static func filled(_ shapeValue: Value, _ value: Double) throws -> NDArray {
        let shape: [Int]
        if let n = shapeValue.intValue { shape = [n] } else { shape = try TensorObject.shapeArgument(shapeValue.sequenceItems ?? []) }
        return NDArray(shape: shape, values: [Double](repeating: value, count: try checkedCount(shape)))
    }

    // MARK: torch

    /// Normal(0, 1) draws from the bindings' seeded generator.
    static func randn(_ shape: [Int], _ rng: RandomGenerator) throws -> NDArray {
        var array = try filled(.tuple(shape.map { .int($0) }), 0)
        array.values = array.values.map { _ in Double(rng.nextNormal()) }
        return array
    }

    static var torch: ModuleTable {
        let shapeParameters: [Parameter] = [.variadic("size")]
        let linalg = Module(name: "torch.linalg", doc: "Linear algebra.")
        linalg.members.set("matrix_rank", .builtin(Builtin("matrix_rank", owner: "torch.linalg", [Parameter("A")],
                                                           doc: "The rank of a matrix.", example: "torch.linalg.matrix_rank(delta_W)") { args in
            try bridged { .host(TensorObject(NDArray(scalar: Double(try array(args["A"]).matrixRank()), dtype: .int64))) }
        }))
        return ModuleTable(name: "torch", doc: "A minimal torch: tensor, randn, zeros, ones, no_grad, manual_seed.", builtins: [
            Builtin("tensor", owner: "torch", [Parameter("data"), .optional("dtype")], doc: "A tensor from (nested) lists of numbers.",
                    example: "torch.tensor([[1.0, 2.0], [3.0, 4.0]])") { args in
                try bridged {
                    var a = try array(args["data"])
                    if case .str(let dtype) = args["dtype"] {
                        if dtype.contains("int") || dtype.contains("long") { a = a.map(dtype: .int64) { $0.rounded(.towardZero) } } else { a.dtype = .float32 }
                    }
                    return TensorObject.wrap(a)
                }
            },
            Builtin("randn", owner: "torch", shapeParameters, doc: "Normal(0, 1) random values (seeded per cell).",
                    example: "torch.randn(8, 384)") { args in try bridged { TensorObject.wrap(try randn(try TensorObject.shapeArgument(args.variadic), Bindings.state(args.context).generator())) } },
            Builtin("zeros", owner: "torch", shapeParameters, doc: "A tensor of zeros.", example: "torch.zeros(384, 8)") { args in
                try bridged { TensorObject.wrap(try filled(.tuple(try TensorObject.shapeArgument(args.variadic).map { .int($0) }), 0)) }
            },
            Builtin("ones", owner: "torch", shapeParameters, doc: "A tensor of ones.", example: "torch.ones(2, 3)") { args in
                try bridged { TensorObject.wrap(try filled(.tuple(try TensorObject.shapeArgument(args.variadic).map { .int($0) }), 1)) }
            },
            Builtin("arange", owner: "torch", [Parameter("end", .int)], doc: "0, 1, …, end-1.", example: "torch.arange(5)") { args in
                let n = Swift.max(try args.int("end"), 0)
                try MemoryBudget.check(elements: n, bytesPerElement: 8, what: "torch.arange(\(n))")
                return TensorObject.wrap(NDArray(shape: [n], values: (0..<n).map(Double.init), dtype: .int64))
            },
            Builtin("matmul", owner: "torch", [Parameter("input"), Parameter("other")], doc: "Matrix product (same as @).",
                    example: "torch.matmul(B, A)") { args in
                try bridged { TensorObject.wrap(try NDArray.matmul(try array(args["input"]), try array(args["other"]))) }
            },
            Builtin("softmax", owner: "torch", [Parameter("input"), Parameter("dim", .int)], doc: "Softmax along dim.",
                    example: "torch.softmax(logits, dim=-1)") { args in
                try bridged { TensorObject.wrap(try array(args["input"]).softmax(axis: try args.int("dim"))) }
            },
            Builtin("argmax", owner: "torch", [Parameter("input"), .optional("dim", .int)], doc: "Index of the largest value.",
                    example: "torch.argmax(logits, dim=-1)") { args in
                try bridged { TensorObject.wrap(try array(args["input"]).reduce(axis: try args.optionalInt("dim"), dtype: .int64, NDArray.argmax)) }
            },
            Builtin("no_grad", owner: "torch", doc: "A context manager for inference (lorarepl scripts never record gradients).",
                    example: "with torch.no_grad(): out = model(**enc)") { _ in .host(ContextManagerObject(name: "no_grad")) },
            Builtin("manual_seed", owner: "torch", [Parameter("seed", .int)], doc: "Seed random tensors, new weights and dropout.",
                    example: "torch.manual_seed(0)") { args in
                let seed = try args.int("seed")
                guard seed >= 0 else { throw ScriptError(.valueError, "seed must be non-negative") }
                let state = Bindings.state(args.context)
                state.explicitSeed = UInt64(seed)
                state.resetGenerator()
                return Value.none
            },
        ], constants: [("linalg", .module(linalg)), ("float32", .str("float32")), ("long", .str("int64")), ("int64", .str("int64"))])
    }
}

/// `sklearn.metrics` subset, with scikit-learn's definitions (see Training's ClassificationMetrics).
enum SklearnBindings {
    static let scoreParameters: [Parameter] = [
        Parameter("y_true"), Parameter("y_pred"), .optional("labels"), Parameter("pos_label", default: .int(1)),
        Parameter("average", .optional(.choice(["binary", "micro", "macro", "weighted"])), default: .str("binary")),
        .optional("sample_weight"), Parameter("zero_division", default: .str("warn")),
    ]

    static func zeroDivision(_ value: Value) throws -> ZeroDivision {
        if case .str("warn") = value { return .warn }
        if let x = value.doubleValue { return .value(x) }
        if case .str(let s) = value, s == "nan" { return .value(.nan) }
        throw ScriptError(.valueError, "zero_division must be 'warn', 0, 1 or np.nan")
    }

    typealias Score = (LabelList, LabelList, MetricAverage, Value, Value, ZeroDivision, [Double]?, @escaping (String) -> Void) throws -> Double

    static func score(_ name: String, doc: String, _ compute: @escaping Score) -> Builtin {
        Builtin(name, owner: "sklearn.metrics", scoreParameters, doc: doc,
                example: "\(name)(labels, predictions, average='macro')") { args in
            try bridged {
                if args["average"].isNone { return try perClassScores(String(name.dropLast("_score".count)), args) }
                let weights = try sampleWeights(args["sample_weight"])
                guard let average = MetricAverage(rawValue: try args.optionalString("average") ?? "binary") else {
                    throw ScriptError(.valueError, "average must be 'binary', 'micro', 'macro' or 'weighted'")
                }
                let context = args.context
                return .float(try compute(try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred"),
                                          average, args["pos_label"], args["labels"], try zeroDivision(args["zero_division"]), weights) { warning in
                    try? context.writeError(warning + "\n")
                })
            }
        }
    }

    /// `sample_weight=`: None or one number per sample.
    static func sampleWeights(_ value: Value) throws -> [Double]? {
        if value.isNone { return nil }
        let a = try NDArray.from(value)
        guard a.rank == 1 else { throw ScriptError(.valueError, "Sample weights must be 1D array or scalar", help: "pass one weight per example") }
        return a.values
    }

    /// True when every weight is a whole number given as an int (sklearn keeps an int confusion matrix then).
    static func integerWeights(_ value: Value) -> Bool {
        guard !value.isNone, let a = try? NDArray.from(value) else { return true }
        return a.dtype != .float32
    }

    static func mismatch() -> ScriptError {
        ScriptError(.valueError, "Mix of label input types (string and number)",
                    help: "y_true and y_pred must both hold ints or both hold strings")
    }

    static func intLabels(_ value: Value) throws -> [Int]? {
        if value.isNone { return nil }
        if case .ints(let xs) = try Convert.labels(value, name: "labels") { return xs }
        throw mismatch()
    }

    static func stringLabels(_ value: Value) throws -> [String]? {
        if value.isNone { return nil }
        if case .strings(let xs) = try Convert.labels(value, name: "labels") { return xs }
        throw mismatch()
    }

    static func generic(_ kind: String) -> Score {
        return { yTrue, yPred, average, pos, labels, zero, weights, warn in
            func score<L: MetricLabel>(_ t: [L], _ p: [L], _ posLabel: L?, _ labels: [L]?) throws -> Double {
                switch kind {
                case "f1": return try ClassificationMetrics.f1Score(t, p, average: average, posLabel: posLabel, labels: labels, zeroDivision: zero, sampleWeight: weights, onWarning: warn)
                case "precision": return try ClassificationMetrics.precisionScore(t, p, average: average, posLabel: posLabel, labels: labels, zeroDivision: zero, sampleWeight: weights, onWarning: warn)
                default: return try ClassificationMetrics.recallScore(t, p, average: average, posLabel: posLabel, labels: labels, zeroDivision: zero, sampleWeight: weights, onWarning: warn)
                }
            }
            switch (yTrue, yPred) {
            case (.ints(let t), .ints(let p)): return try score(t, p, pos.intValue, try intLabels(labels))
            case (.strings(let t), .strings(let p)): return try score(t, p, pos.stringValue, try stringLabels(labels))
            default: throw mismatch()
            }
        }
    }

    static var table: ModuleTable {
        ModuleTable(name: "sklearn.metrics", doc: "Classification metrics with scikit-learn's definitions.", builtins: [
            Builtin("accuracy_score", owner: "sklearn.metrics", [Parameter("y_true"), Parameter("y_pred"), Parameter("normalize", .bool, default: .bool(true)),
                                                                 .optional("sample_weight")],
                    doc: "Fraction (or count) of exact matches.", example: "accuracy_score(labels, predictions)") { args in
                try bridged {
                    let normalize = try args.bool("normalize")
                    let value: Double
                    let weights = try sampleWeights(args["sample_weight"])
                    switch (try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred")) {
                    case (.ints(let t), .ints(let p)): value = try ClassificationMetrics.accuracyScore(t, p, normalize: normalize, sampleWeight: weights)
                    case (.strings(let t), .strings(let p)): value = try ClassificationMetrics.accuracyScore(t, p, normalize: normalize, sampleWeight: weights)
                    default: throw mismatch()
                    }
                    if normalize || (weights != nil && !integerWeights(args["sample_weight"])) { return .float(value) }
                    return .int(try CheckedInt.truncating(value, what: "the match count"))
                }
            },
            score("f1_score", doc: "F1 score (binary, micro, macro or weighted average).", generic("f1")),
            score("precision_score", doc: "Precision (binary, micro, macro or weighted average).", generic("precision")),
            score("recall_score", doc: "Recall (binary, micro, macro or weighted average).", generic("recall")),
            Builtin("confusion_matrix", owner: "sklearn.metrics", [Parameter("y_true"), Parameter("y_pred"), .optional("labels"), .optional("sample_weight"),
                                                                   .optional("normalize", .choice(["true", "pred", "all"]))],
                    doc: "Counts: rows are true classes, columns predicted ones.", example: "confusion_matrix(labels, predictions)") { args in
                try bridged {
                    let matrix: ConfusionMatrix
                    let weights = try sampleWeights(args["sample_weight"])
                    switch (try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred")) {
                    case (.ints(let t), .ints(let p)): matrix = try ConfusionMatrix(t, p, labels: try intLabels(args["labels"]), sampleWeight: weights)
                    case (.strings(let t), .strings(let p)): matrix = try ConfusionMatrix(t, p, labels: try stringLabels(args["labels"]), sampleWeight: weights)
                    default: throw mismatch()
                    }
                    let n = matrix.counts.count
                    if let mode = try args.optionalString("normalize"), let normalization = ConfusionMatrix.Normalization(rawValue: mode) {
                        return TensorObject.numpyArray(NDArray(shape: [n, n], values: matrix.normalized(normalization).flatMap { $0 }, dtype: .float32))
                    }
                    if let weighted = matrix.weightedCounts {
                        // sklearn: an int matrix for int weights, else float.
                        return TensorObject.numpyArray(NDArray(shape: [n, n], values: weighted.flatMap { $0 }, dtype: integerWeights(args["sample_weight"]) ? .int64 : .float32))
                    }
                    return TensorObject.numpyArray(NDArray(shape: [n, n], values: matrix.counts.flatMap { $0.map(Double.init) }, dtype: .int64))
                }
            },
            Builtin("classification_report", owner: "sklearn.metrics",
                    [Parameter("y_true"), Parameter("y_pred"), .optional("labels"), .optional("target_names", .list),
                     .optional("sample_weight"), Parameter("digits", .int, default: .int(2)), Parameter("zero_division", default: .str("warn"))],
                    doc: "Precision, recall, F1 and support per class, as sklearn prints them.",
                    example: "print(classification_report(labels, predictions, target_names=names))") { args in
                try bridged {
                    let names = try args.optionalList("target_names")?.map { try args.context.str($0) }
                    let digits = try args.int("digits"), zero = try zeroDivision(args["zero_division"])
                    let weights = try sampleWeights(args["sample_weight"])
                    let context = args.context
                    let warn: (String) -> Void = { try? context.writeError($0 + "\n") }
                    switch (try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred")) {
                    case (.ints(let t), .ints(let p)):
                        return .str(try ClassificationReport.text(t, p, labels: try intLabels(args["labels"]), targetNames: names, digits: digits,
                                                                  zeroDivision: zero, sampleWeight: weights, onWarning: warn))
                    case (.strings(let t), .strings(let p)):
                        return .str(try ClassificationReport.text(t, p, labels: try stringLabels(args["labels"]), targetNames: names, digits: digits,
                                                                  zeroDivision: zero, sampleWeight: weights, onWarning: warn))
                    default: throw mismatch()
                    }
                }
            },
        ] + extraMetrics)
    }
}
