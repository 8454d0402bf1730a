import Foundation

/// What happened when a checkpoint was bound to a model: the keys that were renamed, left out,
/// newly initialised or not used. Errors (missing base weights, unexpected or mis-shaped keys) are
/// thrown instead, naming the keys.
public struct LoadReport: CustomStringConvertible {
    /// The model class, e.g. "BertForSequenceClassification".
    public var modelClass: String
    /// Where the weights came from (a path or hub name).
    public var checkpoint: String
    /// Model keys whose weights were created fresh (normal(0, initializer_range), zero bias), sorted.
    public var newlyInitializedKeys: [String] = []
    /// Keys created fresh because the checkpoint's shape differed (only with `ignoreMismatchedSizes`).
    public var mismatchedKeys: [MismatchedKey] = []
    /// Checkpoint keys of another head (e.g. `cls.predictions.*`) that this model does not use, sorted.
    public var unusedKeys: [String] = []
    /// Checkpoint buffers that are recomputed rather than loaded (e.g. `embeddings.position_ids`).
    public var ignoredKeys: [String] = []
    /// Old names accepted under their new name (`…LayerNorm.gamma` → `…LayerNorm.weight`).
    public var renamedKeys: [(from: String, to: String)] = []

    public init(modelClass: String, checkpoint: String) {
        self.modelClass = modelClass
        self.checkpoint = checkpoint
    }

    /// A checkpoint tensor whose shape differs from the model's.
    public struct MismatchedKey: Equatable {
        public let key: String
        public let checkpointShape: [Int]
        public let modelShape: [Int]
    }

    /// The messages transformers prints for the same situation (empty when everything loaded).
    public var warnings: [String] {
        var out: [String] = []
        if !unusedKeys.isEmpty {
            out.append("Some weights of the model checkpoint at \(checkpoint) were not used when initializing \(modelClass): "
                + pythonList(unusedKeys)
                + "\n- This IS expected if you are initializing \(modelClass) from the checkpoint of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification model from a BertForPreTraining model)."
                + "\n- This IS NOT expected if you are initializing \(modelClass) from the checkpoint of a model that you expect to be exactly identical (initializing a BertForSequenceClassification model from a BertForSequenceClassification model).")
        }
        if !newlyInitializedKeys.isEmpty {
            out.append("Some weights of \(modelClass) were not initialized from the model checkpoint at \(checkpoint) and are newly initialized: "
                + pythonList(newlyInitializedKeys)
                + "\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.")
        }
        if !mismatchedKeys.isEmpty {
            let lines = mismatchedKeys.map {
                "- \($0.key): found shape torch.Size(\(pythonList($0.checkpointShape.map(String.init), quoted: false))) in the checkpoint and torch.Size(\(pythonList($0.modelShape.map(String.init), quoted: false))) in the model instantiated"
            }
            out.append("Some weights of \(modelClass) were not initialized from the model checkpoint at \(checkpoint) and are newly initialized because the shapes did not match:\n"
                + lines.joined(separator: "\n")
                + "\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.")
        }
        return out
    }

    public var description: String {
        warnings.isEmpty ? "All weights of \(modelClass) were loaded from \(checkpoint)." : warnings.joined(separator: "\n")
    }
}

/// `['a', 'b']` as Python prints a list of strings.
func pythonList(_ items: [String], quoted: Bool = true) -> String {
    "[" + items.map { quoted ? "'\($0)'" : $0 }.joined(separator: ", ") + "]"
}
