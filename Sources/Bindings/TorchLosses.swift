import PythonBasics
import Foundation
import Lang
import NumericArrays
import TensorCore

/// PyTorch's losses on the core's autograd ops, so a loss computed from tracked logits has a
/// `backward()`: cross-entropy (class weights, `ignore_index`, label smoothing, probability targets),
/// MSE, and BCE-with-logits (`pos_weight`). Formulas follow ATen's `cross_entropy_loss_label_smoothing`,
/// `nll_loss`, `mse_loss` and `binary_cross_entropy_with_logits`.
enum TorchLosses {
    enum Reduction: String { case mean, sum, none }

    static func reduction(_ value: Value) throws -> Reduction {
        guard case .str(let text) = value, let r = Reduction(rawValue: text) else {
            throw ScriptError(.valueError, "\(value.repr) is not a valid value for reduction", help: "use 'mean', 'sum' or 'none'")
        }
        return r
    }

    static func reduced(_ tensor: Tensor, _ reduction: Reduction) throws -> Tensor {
        switch reduction {
        case .mean: return tensor.mean()
        case .sum: return tensor.sum()
        case .none: return tensor
        }
    }

    /// `F.cross_entropy(input [N, C] or [C], target [N] class indices or [N, C] probabilities, ...)`.
    static func crossEntropy(_ inputValue: Value, _ targetValue: Value, weight: Value, ignoreIndex: Int, reduction: Reduction,
                             labelSmoothing: Double) throws -> Value {
        let input = try TorchBindings.tensorObject(inputValue)
        let target = try NDArray.from(targetValue)
        guard (0...1).contains(labelSmoothing) else {
            throw ScriptError(.valueError, "label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        }
        var logits = try input.coreTensor()
        let single = logits.rank == 1
        if single { logits = try logits.reshape([1, logits.count]) }
        guard logits.rank == 2 else {
            throw ScriptError(.valueError, "cross_entropy here takes logits of shape (N, C) or (C,), got \(shapeTuple(logits.shape))",
                              help: "flatten token dimensions first: loss_fct(logits.view(-1, num_labels), labels.view(-1))")
        }
        let n = logits.shape[0], c = logits.shape[1]
        var weights = [Double](repeating: 1, count: c)
        if !weight.isNone {
            let w = try NDArray.from(weight)
            guard w.count == c, w.rank == 1 else {
                throw ScriptError(.runtimeError, "weight tensor should be defined either for all \(c) classes or no classes but got weight tensor of shape: \(shapeTuple(w.shape))")
            }
            weights = w.values
        }
        let epsilon = labelSmoothing
        var coefficients = [Float](repeating: 0, count: n * c)
        var denominator = 0.0
        if target.dtype == .float32 && target.rank == 2 || (single && target.dtype == .float32 && target.rank == 1) {
            // probability targets: -Σ_c w_c q_ic log p_ic, mean over N
            guard target.count == n * c else {
                throw ScriptError(.valueError, "probability targets must have the input's shape \(shapeTuple(input.array.shape)), got \(shapeTuple(target.shape))")
            }
            for i in 0..<n {
                for k in 0..<c {
                    let q = target.values[i * c + k] * (1 - epsilon) + epsilon / Double(c)
                    coefficients[i * c + k] = Float(-weights[k] * q)
                }
            }
            denominator = Double(n)
        } else {
            // A NaN or infinite class id is a ValueError before the dtype complaint (no index can be made of it).
            for value in target.values where !value.isFinite {
                do { _ = try CheckedInt.truncating(value, what: "target") } catch let limit as NumericLimitError { throw ScriptError(numericLimit: limit) }
            }
            guard target.dtype != .float32 else {
                throw ScriptError(.runtimeError, "expected class indices (int64) as target, got float values of shape \(shapeTuple(target.shape))",
                                  help: "use labels.long(), or pass class probabilities of shape (N, C)")
            }
            guard target.count == n else {
                throw ScriptError(.valueError, "Expected input batch_size (\(n)) to match target batch_size (\(target.count)).")
            }
            for i in 0..<n {
                let label = try CheckedInt.truncating(target.values[i], what: "target")
                if label == ignoreIndex { continue }
                guard label >= 0, label < c else {
                    throw ScriptError(.indexError, "Target \(label) is out of bounds.", notes: ["the logits have \(c) classes"],
                                      help: "labels must be in 0…\(c - 1), or ignore_index (\(ignoreIndex))")
                }
                denominator += weights[label]
                for k in 0..<c { coefficients[i * c + k] = Float(-(epsilon / Double(c)) * weights[k]) }
                coefficients[i * c + label] += Float(-(1 - epsilon) * weights[label])
            }
        }
        let m = try Tensor(shape: [n, c], values: coefficients)
        let loss = try GradMode.run { () throws -> Tensor in
            let rows = try logits.logSoftmax(axis: -1).multiplying(m).sum(axis: 1)   // [N]
            switch reduction {
            case .mean: return rows.sum().scaled(by: Float(1 / denominator))
            case .sum: return rows.sum()
            case .none: return try single ? rows.reshape([]) : rows
            }
        }
        return TorchLosses.wrapped(loss, "NllLossBackward0")
    }

    /// A loss result: tracked when it requires gradients, named as PyTorch's loss node.
    static func wrapped(_ tensor: Tensor, _ gradFunction: String) -> Value { TensorObject.result(tensor, gradFunction: gradFunction) }

    /// Two same-shaped float operands as core tensors (the target broadcast like PyTorch warns about is refused).
    static func pair(_ inputValue: Value, _ targetValue: Value, name: String) throws -> (Tensor, Tensor) {
        let input = try TorchBindings.tensorObject(inputValue).coreTensor()
        let target = try TorchBindings.tensorObject(targetValue).coreTensor()
        guard input.shape == target.shape else {
            throw ScriptError(.valueError, "\(name): Target size \(shapeTuple(target.shape)) must be the same as input size \(shapeTuple(input.shape))",
                              help: "reshape one of them, e.g. logits.squeeze(-1) or labels.float().view(-1, 1)")
        }
        return (input, target)
    }

    static func mse(_ inputValue: Value, _ targetValue: Value, reduction: Reduction) throws -> Value {
        let (input, target) = try pair(inputValue, targetValue, name: "mse_loss")
        return wrapped(try GradMode.run { try reduced(try input.subtracting(target).square(), reduction) }, "MseLossBackward0")
    }

    static func l1(_ inputValue: Value, _ targetValue: Value, reduction: Reduction) throws -> Value {
        let (input, target) = try pair(inputValue, targetValue, name: "l1_loss")
        return wrapped(try GradMode.run {
            let d = try input.subtracting(target)
            return try reduced(try d.relu().adding(d.scaled(by: -1).relu()), reduction)
        }, reduction == .mean ? "MeanBackward0" : (reduction == .sum ? "SumBackward0" : "AbsBackward0"))
    }

    /// `(1 − y)·x + lw·(log(e^{−m} + e^{−x−m}) + m)`, `m = max(−x, 0)`, `lw = 1 + (pos_weight − 1)·y`, times `weight`.
    static func bceWithLogits(_ inputValue: Value, _ targetValue: Value, weight: Value, posWeight: Value, reduction: Reduction) throws -> Value {
        let (x, y) = try pair(inputValue, targetValue, name: "binary_cross_entropy_with_logits")
        let weightTensor = weight.isNone ? nil : try TorchBindings.tensorObject(weight).coreTensor()
        let posTensor = posWeight.isNone ? nil : try TorchBindings.tensorObject(posWeight).coreTensor()
        return wrapped(try GradMode.run { () throws -> Tensor in
            let m = x.scaled(by: -1).relu()
            let negM = m.scaled(by: -1)
            let softplus = try negM.exp().adding(try x.scaled(by: -1).subtracting(m).exp()).log().adding(m)
            let oneMinusY = y.scaled(by: -1).adding(scalar: 1)
            var loss: Tensor
            if let posTensor {
                let logWeight = try posTensor.adding(scalar: -1).multiplying(y).adding(scalar: 1)
                loss = try oneMinusY.multiplying(x).adding(try logWeight.multiplying(softplus))
            } else {
                loss = try oneMinusY.multiplying(x).adding(softplus)
            }
            if let weightTensor { loss = try loss.multiplying(weightTensor) }
            return try reduced(loss, reduction)
        }, "BinaryCrossEntropyWithLogitsBackward0")
    }
}
