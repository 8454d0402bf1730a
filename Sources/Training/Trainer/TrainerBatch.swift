import Foundation
import Models
import TensorCore

/// A collated batch as model inputs: `[batch, seq]` id tensors and the labels for the loss.
struct TrainerBatch {
    let size: Int
    /// `[batch, seq]`
    let inputIds: IntTensor
    /// `[batch, seq]`
    let attentionMask: IntTensor
    /// `[batch, seq]`
    let tokenTypeIds: IntTensor?
    let labels: Labels?
    /// Class labels as Ints (for `EvalPrediction.label_ids`), when the labels are classes.
    let classLabels: [Int]?
    /// `input_ids.numel()` (HF's token count for `total_flos`).
    var tokenCount: Int { inputIds.values.count }

    init(_ batch: CollatedBatch) throws {
        size = batch.batchSize
        inputIds = try IntTensor(shape: batch.shape, values: batch.inputIds)
        attentionMask = try IntTensor(shape: batch.shape, values: batch.attentionMask)
        tokenTypeIds = try batch.tokenTypeIds.map { try IntTensor(shape: batch.shape, values: $0) }
        switch batch.labels {
        case .classes(let ids)?:
            labels = .classes(IntTensor(ids))
            classLabels = ids.map(Int.init)
        case .values(let values, let perRow)?:
            labels = .values(try Tensor(shape: perRow == 1 ? [batch.batchSize] : [batch.batchSize, perRow], values: values))
            classLabels = nil
        case .tokens(let ids)?:
            labels = .classes(try IntTensor(shape: batch.shape, values: ids))
            classLabels = nil
        case nil:
            labels = nil
            classLabels = nil
        }
    }

    /// Rows `indices` of `dataset`, collated.
    static func make(_ dataset: Dataset, indices: [Int], collator: DataCollatorWithPadding) throws -> TrainerBatch {
        try TrainerBatch(collator(dataset, indices: indices))
    }
}
