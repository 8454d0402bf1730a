import Foundation
import Lang
import Training

/// `evaluate.load(name)` offline for `accuracy`, `f1`, `precision`, `recall` (scikit-learn's scores, as
/// the evaluate scripts call them), `rouge` (rouge_score, `Rouge`, with `use_stemmer` and a `tokenizer`
/// function) and `seqeval` (entity-level,
/// `SequenceLabeling`): `compute(predictions=, references=, **options)` gives the same dict as the
/// `evaluate` library; `add(prediction=, reference=)` / `add_batch(predictions=, references=)` collect
/// rows for a later `compute()`.
enum EvaluateBindings {
    static let names = ["accuracy", "f1", "precision", "recall", "rouge", "seqeval", "squad", "squad_v2"]

    static var table: ModuleTable {
        ModuleTable(name: "evaluate", doc: "evaluate.load('accuracy' | 'f1' | 'precision' | 'recall' | 'rouge' | 'seqeval' | 'squad' | 'squad_v2'), offline; evaluate.combine([...]).", builtins: [
            Builtin("load", owner: "evaluate", [Parameter("path", .str), .optional("config_name"), .keywords("kwargs")],
                    doc: "A metric by name: accuracy, f1, precision, recall, rouge, seqeval, squad, squad_v2 (computed offline).",
                    example: "metric = evaluate.load('accuracy')") { args in
                .host(try load(try args.string("path")))
            },
            Builtin("combine", owner: "evaluate", [Parameter("evaluations"), .keyword("force_prefix", .bool, default: .bool(false))],
                    doc: "Several metrics in one: compute() merges their dicts (shared keys get the metric's name as prefix).",
                    example: "clf_metrics = evaluate.combine(['accuracy', 'f1', 'precision', 'recall'])") { args in
                .host(try CombinedMetricsObject.make(args["evaluations"], forcePrefix: try args.bool("force_prefix"), context: args.context))
            },
        ])
    }

    /// A metric by name (`"f1"` or `"evaluate-metric/f1"`).
    static func load(_ path: String) throws -> MetricObject {
        var name = path
        if name.hasPrefix("evaluate-metric/") { name = String(name.dropFirst("evaluate-metric/".count)) }
        guard names.contains(name) else {
            throw ScriptError(.fileNotFoundError, "evaluate.load('\(name)') is not available offline in lorarepl",
                              notes: ["available: " + names.joined(separator: ", ")],
                              help: "use one of those, or compute the metric with sklearn.metrics")
        }
        return MetricObject(name: name)
    }
}

/// One loaded metric.
final class MetricObject: HostBase {
    let name: String
    private var predictions: [Value] = []
    private var references: [Value] = []

    init(name: String) { self.name = name }

    override var typeName: String { "EvaluationModule" }
    override func repr() -> String { "EvaluationModule(name: \"\(name)\", module_type: \"metric\")" }
    override var propertyNames: [String] { ["name", "module_type"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "name": return .str(self.name)
        case "module_type": return .str("metric")
        default: return nil
        }
    }

    /// The options each metric's `compute` takes besides predictions and references.
    var options: [Parameter] {
        switch name {
        case "accuracy": return [.keyword("normalize", .bool, default: .bool(true)), .keyword("sample_weight", default: Value.none)]
        case "rouge":
            return [.keyword("rouge_types", default: Value.none), .keyword("use_aggregator", .bool, default: .bool(true)),
                    .keyword("use_stemmer", .bool, default: .bool(false)), .keyword("tokenizer", default: Value.none)]
        case "squad": return []
        case "squad_v2": return [.keyword("no_answer_threshold", .number, default: .float(1.0))]
        case "seqeval":
            return [.keyword("suffix", .bool, default: .bool(false)), .keyword("scheme", default: Value.none), .keyword("mode", default: Value.none),
                    .keyword("sample_weight", default: Value.none), .keyword("zero_division", default: .str("warn"))]
        default:
            var list: [Parameter] = [.keyword("labels", default: Value.none), .keyword("pos_label", default: .int(1)),
                                     .keyword("average", default: .str("binary")), .keyword("sample_weight", default: Value.none)]
            if name != "f1" { list.append(.keyword("zero_division", default: .str("warn"))) }
            return list
        }
    }

    override func methods() -> [Builtin] {
        [
            method("compute", [.keyword("predictions", default: Value.none), .keyword("references", default: Value.none)] + options,
                   doc: "The metric over the given (or added) predictions and references, as a dict.",
                   example: "metric.compute(predictions=preds, references=labels)") { args in
                let predictions = try args["predictions"].isNone ? self.predictions : args.context.items(of: args["predictions"])
                let references = try args["references"].isNone ? self.references : args.context.items(of: args["references"])
                if args["predictions"].isNone && args["references"].isNone { self.predictions = []; self.references = [] }
                guard predictions.count == references.count else {
                    throw ScriptError(.valueError, "Mismatch in the number of predictions (\(predictions.count)) and references (\(references.count))")
                }
                guard !predictions.isEmpty else {
                    throw ScriptError(.valueError, "compute() got no predictions", help: "pass predictions= and references=, or call add_batch(...) first")
                }
                return try bridged { try self.compute(predictions, references, args) }
            },
            method("add_batch", [.keyword("predictions", default: Value.none), .keyword("references", default: Value.none)],
                   doc: "Collect a batch of predictions and references for compute().",
                   example: "metric.add_batch(predictions=preds, references=batch['labels'])") { args in
                let p = try args.context.items(of: args["predictions"]), r = try args.context.items(of: args["references"])
                guard p.count == r.count else {
                    throw ScriptError(.valueError, "Mismatch in the number of predictions (\(p.count)) and references (\(r.count))")
                }
                self.predictions += p
                self.references += r
                return Value.none
            },
            method("add", [.keyword("prediction", default: Value.none), .keyword("reference", default: Value.none)],
                   doc: "Collect one prediction and reference for compute().", example: "metric.add(prediction=p, reference=r)") { args in
                self.predictions.append(args["prediction"])
                self.references.append(args["reference"])
                return Value.none
            },
        ]
    }

    private func compute(_ predictions: [Value], _ references: [Value], _ args: Arguments) throws -> Value {
        let context = args.context
        switch name {
        case "accuracy":
            let normalize = try args.bool("normalize")
            let weights = try SklearnBindings.sampleWeights(args["sample_weight"])
            let value: Double
            switch (try Convert.labels(.list(references), name: "references"), try Convert.labels(.list(predictions), name: "predictions")) {
            case (.ints(let t), .ints(let p)): value = try ClassificationMetrics.accuracyScore(t, p, normalize: normalize, sampleWeight: weights)
            case (.strings(let t), .strings(let p)): value = try ClassificationMetrics.accuracyScore(t, p, normalize: normalize, sampleWeight: weights)
            default: throw SklearnBindings.mismatch()
            }
            return .dict([("accuracy", .float(value))])
        case "rouge": return try rouge(predictions, references, args)
        case "seqeval": return try seqeval(predictions, references, args)
        case "squad", "squad_v2": return try squad(predictions, references, args, versionTwo: name == "squad_v2")
        default:
            // f1 / precision / recall: sklearn's score with the same arguments; per class (an array) when average=None.
            guard let function = SklearnBindings.table.builtins.first(where: { $0.name == "\(name)_score" }) else {
                throw ScriptError(.runtimeError, "sklearn.metrics.\(name)_score is missing")
            }
            var keywords: [(String, Value)] = [("labels", args["labels"]), ("pos_label", args["pos_label"]), ("average", args["average"]),
                                               ("sample_weight", args["sample_weight"])]
            if name != "f1" { keywords.append(("zero_division", args["zero_division"])) }
            let score = try context.interpreter.call(.builtin(function), [.list(references), .list(predictions)], keywords: keywords)
            if case .host(let object) = score, let array = object as? TensorObject, array.array.count == 1 {
                return .dict([(name, .float(array.array.values[0]))])
            }
            return .dict([(name, score)])
        }
    }

    private func rouge(_ predictions: [Value], _ references: [Value], _ args: Arguments) throws -> Value {
        let tokenizer = try RougeBindings.tokenizer(args["tokenizer"], useStemmer: try args.bool("use_stemmer"), context: args.context)
        let types: [String] = try args["rouge_types"].isNone ? ["rouge1", "rouge2", "rougeL", "rougeLsum"]
            : args.context.items(of: args["rouge_types"]).map { item in
                guard case .str(let s) = item else { throw ScriptError(.typeError, "rouge_types must be a list of str") }
                return s
            }
        let texts = try predictions.map { try string($0, "predictions") }
        var scores: [[String: Rouge.Score]] = []
        for (prediction, reference) in zip(texts, references) {
            if case .list = reference {
                scores.append(try Rouge.scoreMulti(targets: try args.context.items(of: reference).map { try string($0, "references") },
                                                   prediction: prediction, types: types, tokenizer: tokenizer))
            } else {
                scores.append(try Rouge.score(target: try string(reference, "references"), prediction: prediction, types: types,
                                              tokenizer: tokenizer))
            }
        }
        var result: [(String, Value)] = []
        if try args.bool("use_aggregator") {
            let state = Bindings.state(args.context)
            let rng = state.numpyRandom ?? LegacyRandomState(seed: state.derivedSeed())
            state.numpyRandom = rng
            for type in types {
                let mid = Rouge.bootstrapMid(scores.map { $0[type]?.fmeasure ?? 0 }) { n in rng.interval(n - 1) }
                result.append((type, .float(mid)))
            }
        } else {
            for type in types { result.append((type, .list(scores.map { .float($0[type]?.fmeasure ?? 0) }))) }
        }
        return .dict(result)
    }

    private func seqeval(_ predictions: [Value], _ references: [Value], _ args: Arguments) throws -> Value {
        func sentences(_ values: [Value], _ what: String) throws -> [[String]] {
            try values.map { sentence in try args.context.items(of: sentence).map { try string($0, what) } }
        }
        let mode = try MetricObject.seqevalMode(mode: args["mode"], scheme: args["scheme"])
        let truth = try sentences(references, "references")
        let scheme = mode.strict ? try mode.scheme ?? SequenceLabeling.Scheme.detect(truth, suffix: try args.bool("suffix")) : nil
        guard args["sample_weight"].isNone else { throw ScriptError(.notImplementedError, "sample_weight is not supported") }
        let zero = try MetricObject.seqevalZeroDivision(args["zero_division"])

        let context = args.context
        let report = try SequenceLabeling.report(references: truth, predictions: try sentences(predictions, "predictions"),
                                                 suffix: try args.bool("suffix"), zeroDivision: zero, scheme: scheme) { try? context.writeError($0 + "\n") }
        var result: [(String, Value)] = report.types.map { type in
            (type.name, .dict([("precision", .float(type.scores.precision)), ("recall", .float(type.scores.recall)),
                               ("f1", .float(type.scores.f1)), ("number", .int(type.scores.number))]))
        }
        result += [("overall_precision", .float(report.overall.precision)), ("overall_recall", .float(report.overall.recall)),
                   ("overall_f1", .float(report.overall.f1)), ("overall_accuracy", .float(report.accuracy))]
        return .dict(result)
    }

    private func string(_ value: Value, _ what: String) throws -> String {
        guard case .str(let s) = value else { throw ScriptError(.typeError, "\(what) must hold strings for \(name), not \(value.typeName)") }
        return s
    }
}

extension MetricObject {
    /// seqeval's `zero_division`: "warn" (score 0 with a warning) → nil, or the score 0 or 1 to use silently.
    static func seqevalZeroDivision(_ value: Value) throws -> Double? {
        switch value {
        case .str("warn"): return nil
        case .int(let k) where k == 0 || k == 1: return Double(k)
        default: throw ScriptError(.valueError, "zero_division must be 'warn', 0 or 1")
        }
    }

    /// `mode=` and `scheme=` of seqeval as evaluate passes them: nil for the default (conlleval) mode;
    /// `mode="strict"` gives the scheme named (`"IOB2"`, or seqeval.scheme's class) or nil to auto-detect.
    static func seqevalMode(mode: Value, scheme: Value) throws -> (strict: Bool, scheme: SequenceLabeling.Scheme?) {
        var strict = false
        switch mode {
        case .none: strict = false
        case .str("strict"): strict = true
        case .str(let other):
            throw ScriptError(.valueError, "mode must be None or 'strict', not '\(other)'",
                              help: "mode='strict' with scheme='IOB2' counts only entities whose tags follow the scheme exactly")
        default: throw ScriptError(.typeError, "mode must be None or 'strict', not \(mode.typeName)")
        }
        guard strict else { return (false, nil) }
        switch scheme {
        case .none: return (true, nil)
        case .str(let name):
            guard let parsed = SequenceLabeling.Scheme(rawValue: name) else {
                throw ScriptError(.valueError, "unknown scheme '\(name)'",
                                  help: "use one of " + SequenceLabeling.Scheme.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
            }
            return (true, parsed)
        case .host(let object as SeqevalSchemeObject): return (true, object.scheme)
        default: throw ScriptError(.typeError, "scheme must be a scheme name such as 'IOB2', not \(scheme.typeName)")
        }
    }
}
