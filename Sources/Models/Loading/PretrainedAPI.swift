import Foundation
import PythonBasics
import TensorCore

/// The Hugging Face entry points: `AutoModel`, `AutoModelForSequenceClassification`,
/// `AutoModelForCausalLM`, and `from_pretrained` / `save_pretrained` on every model class.
/// An `AutoModel…` class: `fromPretrained` loads the checkpoint with the head of its `task`.
public protocol AutoModelClass {
    /// The head this class puts on the checkpoint.
    static var task: ModelTask { get }
}

extension AutoModelClass {
    /// Loads `nameOrPath` (a Hugging Face name or folder, or a GGUF file for causal LMs) with this class's head.
    public static func fromPretrained(_ nameOrPath: String, options: LoadOptions = LoadOptions()) throws -> LoadedModel {
        try ModelLoader.load(nameOrPath, task: task, options: options)
    }
}

/// The bare encoder/decoder (`BertModel`, `DistilBertModel`, `LlamaModel`).
public enum AutoModel: AutoModelClass { public static let task = ModelTask.base }

/// `BertForSequenceClassification` or `DistilBertForSequenceClassification`, with `num_labels`.
public enum AutoModelForSequenceClassification: AutoModelClass { public static let task = ModelTask.sequenceClassification }

/// `BertForTokenClassification` or `DistilBertForTokenClassification` (a label per token), with `num_labels`.
public enum AutoModelForTokenClassification: AutoModelClass { public static let task = ModelTask.tokenClassification }

/// `BertForQuestionAnswering` or `DistilBertForQuestionAnswering` (start/end scores per token).
public enum AutoModelForQuestionAnswering: AutoModelClass { public static let task = ModelTask.questionAnswering }

/// `LlamaForCausalLM` from a Hugging Face folder or a GGUF file (`options.ggufFile` = `gguf_file=`).
public enum AutoModelForCausalLM: AutoModelClass { public static let task = ModelTask.causalLM }

extension PreTrainedModel {
    /// `ModelClass.from_pretrained(name, num_labels=…)`: loads and checks the class matches the
    /// checkpoint's model type (a DistilBERT checkpoint cannot become a `BertForSequenceClassification`).
    /// The load report is in `model.loadReport`.
    public static func fromPretrained(_ nameOrPath: String, options: LoadOptions = LoadOptions()) throws -> Self {
        guard let (modelType, task) = classIdentity[String(describing: self)] else {
            throw ModelError("\(self) cannot be loaded with from_pretrained", help: "use one of: \(classIdentity.keys.sorted().joined(separator: ", "))")
        }
        let source = try options.resolver.resolve(nameOrPath, ggufFile: options.ggufFile)
        if case .huggingFaceFolder(let folder) = source {
            let config = try ModelConfig.load(folder: folder, nameOrPath: nameOrPath)
            guard config.modelType == modelType else {
                throw ModelError("\(nameOrPath) is a \(config.modelType.rawValue) model, not \(modelType.rawValue)",
                                 help: "use the matching class (or AutoModelForSequenceClassification, which picks it)")
            }
        }
        let loaded = try ModelLoader.load(nameOrPath, task: task, options: options)
        guard let model = loaded.model as? Self else {
            throw ModelError("\(nameOrPath) loaded as \(loaded.model.typeName), not \(self)")
        }
        return model
    }

    static var classIdentity: [String: (ModelType, ModelTask)] {
        ["BertModel": (.bert, .base), "BertForSequenceClassification": (.bert, .sequenceClassification),
         "DistilBertModel": (.distilbert, .base), "DistilBertForSequenceClassification": (.distilbert, .sequenceClassification),
         "LlamaModel": (.llama, .base), "LlamaForCausalLM": (.llama, .causalLM)]
    }
}
