import Models
import TensorCore

/// One batch handed to a replacement loss (a script's `compute_loss` override): the model inputs, and
/// the forward pass to run on them (recording gradients while training, not during evaluation).
public struct LossStep {
    /// `[batch, seq]`
    public let inputIds: IntTensor
    /// `[batch, seq]`
    public let attentionMask: IntTensor
    /// `[batch, seq]`
    public let tokenTypeIds: IntTensor?
    public let labels: Labels?
    /// True in a training step, false in an evaluation or prediction step.
    public let training: Bool
    /// Label entries that count for the loss in this step's batches (HF's `num_items_in_batch`), training only.
    public let itemsInBatch: Int?
    /// The model's forward pass on these inputs (with `labels`, so the model's own loss is there too).
    public let forward: () throws -> ModelOutput
}

/// What a replacement loss returns: the scalar loss (with its autograd history while training) and,
/// for evaluation, the logits it computed them from.
public struct LossStepResult {
    public let loss: Tensor
    /// `[batch, classes]`, or nil to run the model's forward pass for them.
    public let logits: Tensor?

    public init(loss: Tensor, logits: Tensor?) {
        (self.loss, self.logits) = (loss, logits)
    }
}

extension TrainerBatch {
    func lossStep(model: TrainerModel, training: Bool, itemsInBatch: Int?) -> LossStep {
        LossStep(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels, training: training,
                 itemsInBatch: itemsInBatch) { [inputIds, attentionMask, tokenTypeIds, labels] in
            try model.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels)
        }
    }

    /// Labels that count for a loss (not -100).
    var countedLabels: Int { LossStep.countedLabels(labels) }
}

extension LossStep {
    /// HF's count for `num_items_in_batch`: labels that are not -100; token labels `[batch, seq]` (causal
    /// LM, whose loss shifts them) without each row's first position.
    public static func countedLabels(_ labels: Labels?) -> Int {
        switch labels {
        case .classes(let ids)?:
            guard ids.shape.count == 2, let width = ids.shape.last, width > 0 else { return ids.values.filter { $0 != -100 }.count }
            return ids.values.indices.filter { $0 % width != 0 && ids.values[$0] != -100 }.count
        case .values(let values)?: return values.count
        case nil: return 0
        }
    }

    /// A step on inputs a script built (`super().training_step(model, inputs, ...)`).
    public init(inputIds: IntTensor, attentionMask: IntTensor, tokenTypeIds: IntTensor?, labels: Labels?, training: Bool,
                itemsInBatch: Int?, model: TrainerModel) {
        self.init(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels, training: training,
                  itemsInBatch: itemsInBatch) {
            try model.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels)
        }
    }
}
