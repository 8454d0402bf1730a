import Foundation
import Models
import TensorCore

/// The two other ways the seed teaches to fine-tune, next to LoRA: full fine-tuning (every weight
/// trains) and partial fine-tuning (freeze everything except the top N transformer layers and what sits
/// above them: pooler / final norm and the head).
public enum FineTuning {
    /// Makes every parameter trainable. Returns (trainable, all) counts.
    @discardableResult
    public static func unfreezeAll(_ model: PreTrainedModel) -> (trainable: Int, all: Int) {
        for (_, tensor) in model.namedParameters() { tensor.requiresGrad = true }
        return parameterCounts(model)
    }

    /// Freezes every parameter. Returns (trainable, all) counts.
    @discardableResult
    public static func freezeAll(_ model: PreTrainedModel) -> (trainable: Int, all: Int) {
        for (_, tensor) in model.namedParameters() { tensor.requiresGrad = false }
        return parameterCounts(model)
    }

    /// Freezes everything except the last `topLayers` layers of the model's layer stack
    /// (`bert.encoder.layer`, `distilbert.transformer.layer`, `model.layers`) and every module registered
    /// after the stack (BERT's pooler, LLaMA's final norm, the classifier / LM head). `topLayers = 0`
    /// trains the head only. Note: a head tied to the input embeddings (tied `lm_head`) unfreezes them too.
    @discardableResult
    public static func freezeAllButTop(_ model: PreTrainedModel, layers topLayers: Int) throws -> (trainable: Int, all: Int) {
        let modules = model.namedModules()
        guard let stackIndex = modules.firstIndex(where: { $0.module.typeName == "ModuleList" }) else {
            throw PeftError(.invalidState, "\(model.typeName) has no stack of transformer layers to choose the top \(topLayers) from",
                            help: "use unfreeze_all(model) for full fine-tuning")
        }
        let stackName = modules[stackIndex].name
        let layerCount = modules[stackIndex].module.children.count
        guard topLayers >= 0, topLayers <= layerCount else {
            throw PeftError(.invalidConfig, "cannot train the top \(topLayers) layers: the model has \(layerCount) (\(stackName).0 … \(stackName).\(layerCount - 1))",
                            help: "use a number between 0 (head only) and \(layerCount) (every layer)")
        }
        let stackEnd = modules.lastIndex(where: { $0.name.hasPrefix(stackName + ".") }) ?? stackIndex
        var trainablePrefixes = (layerCount - topLayers..<layerCount).map { "\(stackName).\($0)." }
        for (name, _) in modules[(stackEnd + 1)...] where !name.isEmpty && !name.hasPrefix(stackName) {
            trainablePrefixes.append(name + ".")
        }
        freezeAll(model)
        for (moduleName, module) in modules {
            let prefix = moduleName + "."
            guard trainablePrefixes.contains(where: { prefix.hasPrefix($0) }) else { continue }
            for (_, tensor) in module.parameters { tensor.requiresGrad = true }
        }
        return parameterCounts(model)
    }

    /// (trainable, all) parameter counts of a plain model (tied tensors once).
    public static func parameterCounts(_ model: PreTrainedModel) -> (trainable: Int, all: Int) {
        var trainable = 0, all = 0
        for (_, tensor) in model.namedParameters() {
            all += tensor.count
            if tensor.requiresGrad { trainable += tensor.count }
        }
        return (trainable, all)
    }

    /// PEFT's line for a plain model, e.g. after `freezeAllButTop`.
    public static func trainableParametersSummary(_ model: PreTrainedModel) -> String {
        let counts = parameterCounts(model)
        return trainableParametersLine(trainable: counts.trainable, all: counts.all)
    }
}
