import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// `scatter_reduce(dim, index, src, reduce, include_self=True)` (`sum prod mean amax amin`) and
/// `scatter(dim, index, src | value, reduce="add" | "multiply")`, with PyTorch's values. Each position of the
/// result that `index` targets reduces its members (this tensor's value when `include_self`, and every src value
/// sent there); other positions keep this tensor's value. Gradients (scatter_reduce only, as PyTorch): each
/// member gets the result's derivative with respect to it — 1 (sum), 1/n (mean), the product of the other
/// members (prod, exact with zeros), an even share among the members equal to the extreme (amax/amin).
extension TensorObject {
    enum ScatterReduction: String {
        case sum, prod, mean, amax, amin

        init(_ name: String, legacy: Bool) throws {
            if legacy {
                switch name {
                case "add": self = .sum
                case "multiply": self = .prod
                default:
                    throw ScriptError(.runtimeError, "reduce argument must be either add or multiply.", help: "for mean, amax or amin use scatter_reduce(dim, index, src, reduce=...)")
                }
                return
            }
            guard let reduction = ScatterReduction(rawValue: name) else {
                throw ScriptError(.runtimeError, "reduce argument must be either sum, prod, mean, amax or amin, got \(name)")
            }
            self = reduction
        }
    }

    /// The reduced values and, per member, the derivative of its position's result with respect to it.
    private struct ScatterOutcome {
        var values: [Double]
        var selfWeights: [Double]
        var sourceWeights: [Double]
    }

    private static func scatterOutcome(_ base: [Double], targets: [Int], sources: [Double], reduction: ScatterReduction,
                                       includeSelf: Bool) -> ScatterOutcome {
        var members = [Int: [Int]]()  // target → indices into `sources`
        for (k, target) in targets.enumerated() { members[target, default: []].append(k) }
        var outcome = ScatterOutcome(values: base, selfWeights: [Double](repeating: 1, count: base.count),
                                     sourceWeights: [Double](repeating: 0, count: sources.count))
        for (target, ks) in members {
            let values = (includeSelf ? [base[target]] : []) + ks.map { sources[$0] }
            let weights: [Double]
            let result: Double
            switch reduction {
            case .sum:
                result = values.reduce(0, +)
                weights = values.map { _ in 1 }
            case .mean:
                result = values.reduce(0, +) / Double(values.count)
                weights = values.map { _ in 1 / Double(values.count) }
            case .prod:
                result = values.reduce(1, *)
                weights = values.indices.map { j in values.indices.reduce(1.0) { $1 == j ? $0 : $0 * values[$1] } }
            case .amax, .amin:
                let extreme = values.contains(where: \.isNaN) ? Double.nan : ((reduction == .amax ? values.max() : values.min()) ?? 0)
                // PyTorch counts this tensor's value among the ties even when include_self=False (its share is then
                // dropped): `N_to_distribute = (self == result).scatter_add(dim, index, src == value)`.
                let selfTies = !includeSelf && (extreme.isNaN ? base[target].isNaN : base[target] == extreme) ? 1 : 0
                let tied = values.filter { extreme.isNaN ? $0.isNaN : $0 == extreme }.count + selfTies
                result = extreme
                weights = values.map { (extreme.isNaN ? $0.isNaN : $0 == extreme) ? 1 / Double(Swift.max(tied, 1)) : 0 }
            }
            outcome.values[target] = result
            outcome.selfWeights[target] = includeSelf ? weights[0] : 0
            for (j, k) in ks.enumerated() { outcome.sourceWeights[k] = weights[j + (includeSelf ? 1 : 0)] }
        }
        return outcome
    }

    /// The reduced scatter of `source` (a tensor, or a number for the legacy `scatter(..., value, reduce=)`).
    func scatterReduced(dim requested: Int, index indexValue: Value, source: Value, reduction: ScatterReduction,
                        includeSelf: Bool, differentiable: Bool, inPlace: Bool) throws -> Value {
        let a = array
        let index = try NDArray.from(indexValue)
        guard index.dtype == .int64 else { throw ScriptError(.runtimeError, "scatter(): Expected dtype int64 for index") }
        let dim = try a.normalizedAxis(requested)
        let targets = try TensorObject.gatherOffsets(a.shape, dim: dim, index: index)
        let sourceArray = try NDArray.from(source)
        let isNumber = !source.isTensor
        if !isNumber && sourceArray.rank != a.rank {
            throw ScriptError(.runtimeError, "Index tensor must have the same number of dimensions as src tensor")
        }
        let sourceOffsets = isNumber ? [] : try TensorObject.gridOffsets(index, in: sourceArray.shape, dim: dim)
        let sources = isNumber ? targets.map { _ in sourceArray.values.first ?? 0 } : sourceOffsets.map { sourceArray.values[$0] }
        let outcome = TensorObject.scatterOutcome(a.values, targets: targets, sources: sources, reduction: reduction, includeSelf: includeSelf)
        let dtype = a.dtype
        let reducedValues = outcome.values.map { value -> Double in
            dtype == .int64 && reduction == .mean ? (value).rounded(.down) : TensorObject.cast(value, to: dtype)
        }
        let plain: (inout NDArray) throws -> Void = { values in values.values = reducedValues }
        let tracked: (Tensor) throws -> Tensor = { core in
            let constant = try Tensor(shape: a.shape, values: reducedValues.map { Float($0) })
            let inputs = [core] + (isNumber ? [] : [try TensorObject.coreOperand(source)].compactMap { $0 })
            guard differentiable else { return Tensor.withoutDerivative(constant, of: inputs, name: "scatter") }
            // constant + (w ⊙ x − stop(w ⊙ x)) + (scatter(w ⊙ src) − stop(...)): the values exactly, the derivatives w.
            let selfPart = try core.multiplying(try Tensor(shape: a.shape, values: outcome.selfWeights.map { Float($0) }))
            var result = try constant.adding(try selfPart.subtracting(selfPart.detached()))
            if let src = try TensorObject.coreOperand(source), !isNumber {
                let taken = try src.take(offsets: sourceOffsets, shape: [targets.count])
                    .multiplying(try Tensor(shape: [targets.count], values: outcome.sourceWeights.map { Float($0) }))
                let spread = try Tensor.zeros(a.shape).putting(taken, at: targets, accumulate: true)
                result = try result.adding(try spread.subtracting(spread.detached()))
            }
            return result
        }
        let operandTracked = TensorObject.isTracked(source)
        guard inPlace else { return try outOfPlace(operandTracked: operandTracked, tracked: tracked, plain: plain) }
        try writeInPlace(differentiable ? "scatter_reduce_" : "scatter_", operandTracked: operandTracked, tracked: tracked, plain: plain)
        return .host(self)
    }

    func scatterReduceMethods() -> [Builtin] {
        func scatterReduce(_ name: String, inPlace: Bool) -> Builtin {
            method(name, [Parameter("dim", .int), Parameter("index"), Parameter("src"), Parameter("reduce", .str),
                          Parameter("include_self", .bool, default: .bool(true))],
                   doc: "Reduce src's values (sum, prod, mean, amax, amin) into the positions index names along dim\(inPlace ? ", in place" : "").",
                   example: "torch.zeros(3).\(name)(0, ids, values, reduce=\"mean\", include_self=False)") { args in
                guard args["src"].isTensor else { throw ScriptError(.typeError, "\(name)(): argument 'src' must be Tensor, not \(args["src"].typeName)") }
                return try self.scatterReduced(dim: try args.int("dim"), index: args["index"], source: args["src"],
                                               reduction: try ScatterReduction(try args.string("reduce"), legacy: false),
                                               includeSelf: try args.bool("include_self"), differentiable: true, inPlace: inPlace)
            }
        }
        return [scatterReduce("scatter_reduce", inPlace: false), scatterReduce("scatter_reduce_", inPlace: true)]
    }
}
