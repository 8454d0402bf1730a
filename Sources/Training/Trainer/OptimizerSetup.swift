import Foundation
import TensorCore

/// HF's `create_optimizer`: AdamW over the trainable parameters in two groups — weight decay for
/// everything except biases and normalisation weights (`get_decay_parameter_names`, peft.md §4.6).
public enum OptimizerSetup {
    /// A parameter name that never gets weight decay: lower-cased, it contains `bias`, `layernorm` or
    /// `rmsnorm`, or has a `norm` / `_norm` component (HF's patterns).
    public static func isNoDecayName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.contains("bias") || lower.contains("layernorm") || lower.contains("rmsnorm") { return true }
        let parts = lower.split(separator: ".")
        if parts.contains("norm") { return true }
        return parts.contains { $0.hasSuffix("_norm") }
    }

    /// The two groups over `parameters` (trainable ones only): `(decay, noDecay)` names and tensors.
    /// `normTensors` are tensors owned by LayerNorm/RMSNorm modules (excluded from decay whatever their name).
    public static func groups(parameters: [(name: String, tensor: Tensor)], normTensors: Set<ObjectIdentifier> = [])
        -> (decay: [(name: String, tensor: Tensor)], noDecay: [(name: String, tensor: Tensor)]) {
        var decay: [(name: String, tensor: Tensor)] = []
        var noDecay: [(name: String, tensor: Tensor)] = []
        for entry in parameters where entry.tensor.requiresGrad {
            if normTensors.contains(ObjectIdentifier(entry.tensor)) || isNoDecayName(entry.name) {
                noDecay.append(entry)
            } else {
                decay.append(entry)
            }
        }
        return (decay, noDecay)
    }

    /// AdamW as `TrainingArguments` configure it (lr, betas, eps, weight decay on the decay group).
    static func makeAdamW(decay: [Tensor], noDecay: [Tensor], args: TrainingArguments) throws -> AdamW {
        do {
            return try AdamW(groups: [ParameterGroup(parameters: decay, weightDecay: Float(args.weightDecay)),
                                      ParameterGroup(parameters: noDecay, weightDecay: 0)],
                             learningRate: Float(args.learningRate), beta1: Float(args.adamBeta1), beta2: Float(args.adamBeta2),
                             eps: Float(args.adamEpsilon))
        } catch let error as TensorError {
            throw TrainingError.value(error.message, help: error.help.isEmpty ? "check learning_rate, adam_beta1/2 and adam_epsilon" : error.help)
        }
    }
}
