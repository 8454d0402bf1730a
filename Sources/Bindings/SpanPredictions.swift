import Foundation
import Lang
import Models
import NumericArrays
import Training

/// What `trainer.predict` and `compute_metrics` see for question answering, as transformers gives it:
/// `predictions` is the tuple `(start_logits, end_logits)` of `[features, tokens]` arrays (padded with
/// -100 past a batch's length, as `nested_concat` does), and `label_ids` the tuple
/// `(start_positions, end_positions)` when the dataset has them (None otherwise).
enum SpanPredictions {
    /// Whether the model scores answer spans (`…ForQuestionAnswering`).
    static func applies(_ model: TrainerModel) -> Bool { model.model.architecture.outputClassName == "QuestionAnsweringModelOutput" }

    /// `(start_logits, end_logits)` from the gathered `[N, T, 2]` logits.
    static func predictions(_ prediction: EvalPrediction) -> Value {
        guard prediction.width == 2, let length = prediction.sequenceLength else {
            return TensorObject.wrap(NDArray(shape: prediction.predictionShape, values: prediction.predictions))
        }
        let positions = prediction.count * length
        var start = [Double](repeating: 0, count: positions), end = [Double](repeating: 0, count: positions)
        for i in 0..<positions where 2 * i + 1 < prediction.predictions.count {
            start[i] = prediction.predictions[2 * i]
            end[i] = prediction.predictions[2 * i + 1]
        }
        return .tuple([TensorObject.wrap(NDArray(shape: [prediction.count, length], values: start)),
                       TensorObject.wrap(NDArray(shape: [prediction.count, length], values: end))])
    }

    /// `(start_positions, end_positions)` of the dataset, or None when it has no answer positions.
    static func labels(_ dataset: Dataset) throws -> Value {
        guard dataset.columnNames.contains("start_positions"), dataset.columnNames.contains("end_positions") else { return Value.none }
        let columns = try ["start_positions", "end_positions"].map { name in
            try dataset.column(name).map { Double($0.intValue ?? -100) }
        }
        return .tuple(columns.map { TensorObject.wrap(NDArray(shape: [$0.count], values: $0, dtype: .int64)) })
    }
}
