import Foundation
import Lang
import Training

extension MetricObject {
    /// `evaluate.load("squad" | "squad_v2").compute(predictions=[{'id', 'prediction_text'(, 'no_answer_probability')}],
    /// references=[{'id', 'answers': {'text': [...], 'answer_start': [...]}}])`: the official SQuAD scripts'
    /// exact match and F1 in percent (v2: `exact`, `f1`, `total`, HasAns/NoAns splits, best thresholds).
    func squad(_ predictions: [Value], _ references: [Value], _ args: Arguments, versionTwo: Bool) throws -> Value {
        let context = args.context
        func field(_ value: Value, _ key: String, _ what: String) throws -> Value {
            guard case .dict(let dict) = value, let found = dict.get(key) else {
                throw ScriptError(.keyError, "'\(key)'", notes: ["each of the \(what) must be a dict with '\(key)'"],
                                  help: versionTwo ? "predictions: {'id': ..., 'prediction_text': ..., 'no_answer_probability': 0.0}; references: {'id': ..., 'answers': {'text': [...], 'answer_start': [...]}}"
                                      : "predictions: {'id': ..., 'prediction_text': ...}; references: {'id': ..., 'answers': {'text': [...], 'answer_start': [...]}}")
            }
            return found
        }
        func text(_ value: Value) throws -> String {
            guard case .str(let s) = value else { throw ScriptError(.typeError, "answer texts must be str, not \(value.typeName)") }
            return s
        }
        // Predictions are matched to references by id, as the scripts do.
        var answersById: [String: [String]] = [:]
        for reference in references {
            let id = try field(reference, "id", "references").stringValue ?? field(reference, "id", "references").repr
            answersById[id] = try context.items(of: field(field(reference, "answers", "references"), "text", "answers")).map(text)
        }
        var texts: [String] = [], answers: [[String]] = [], probabilities: [Double] = []
        for prediction in predictions {
            let id = try field(prediction, "id", "predictions").stringValue ?? field(prediction, "id", "predictions").repr
            guard let truth = answersById[id] else {
                throw ScriptError(.keyError, "'\(id)'", notes: ["a prediction's id has no reference"], help: "give every prediction the id of its question")
            }
            texts.append(try text(field(prediction, "prediction_text", "predictions")))
            answers.append(truth)
            if versionTwo {
                let probability = try field(prediction, "no_answer_probability", "predictions")
                guard let p = probability.intValue.map(Double.init) ?? { if case .float(let f) = probability { return f } else { return nil } }() else {
                    throw ScriptError(.typeError, "no_answer_probability must be a number")
                }
                probabilities.append(p)
            }
        }
        if !versionTwo {
            let result = try QuestionAnswering.squad(predictions: texts, answers: answers)
            return .dict([("exact_match", .float(result.exactMatch)), ("f1", .float(result.f1))])
        }
        let threshold = try args.optionalDouble("no_answer_threshold") ?? 1
        let result = try QuestionAnswering.squadV2(predictions: texts, noAnswerProbabilities: probabilities, answers: answers, threshold: threshold)
        return .dict(result.map { key, value in (key, key.hasSuffix("total") ? .int(Int(exactly: value) ?? 0) : .float(value)) })
    }
}
