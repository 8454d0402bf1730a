import Foundation
import TensorCore

/// Fresh weights like transformers' `_init_weights`: Linear and Embedding weights from
/// normal(0, initializer_range) (the padding row zeroed), biases zero, norms weight 1 / bias 0, all
/// drawn from the model's seeded generator in parameter order.
public enum ModelInitializer {
    /// Initialises the parameters whose full names are in `names` (all of them when nil).
    public static func initialize(_ model: PreTrainedModel, only names: Set<String>? = nil) throws {
        if let names, names.isEmpty { return }
        let std = model.config.initializerRange
        let generator = model.randomness.generator
        for (moduleName, module) in model.namedModules() {
            for (parameterName, tensor) in module.parameters {
                let full = moduleName.isEmpty ? parameterName : moduleName + "." + parameterName
                guard names?.contains(full) ?? true else { continue }
                switch (module, parameterName) {
                case (is Linear, "weight"):
                    try tensor.assign(try Tensor.normal(tensor.shape, mean: 0, std: std, generator: generator))
                case (let embedding as Embedding, "weight"):
                    var values = try Tensor.normal(tensor.shape, mean: 0, std: std, generator: generator).toArray()
                    if let pad = embedding.paddingIndex, pad >= 0, pad < tensor.shape[0] {
                        let width = tensor.shape[1]
                        for column in 0..<width { values[pad * width + column] = 0 }
                    }
                    try tensor.assign(values)
                case (is LayerNorm, "weight"), (is RMSNorm, "weight"):
                    try tensor.assign([Float](repeating: 1, count: tensor.count))
                default:
                    try tensor.assign([Float](repeating: 0, count: tensor.count))
                }
            }
        }
    }
}
