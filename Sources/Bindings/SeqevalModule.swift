import Foundation
import Lang
import Training

/// `seqeval.scheme.IOB2` and the other scheme classes, passed as `scheme=` with `mode="strict"`.
final class SeqevalSchemeObject: HostBase {
    let scheme: SequenceLabeling.Scheme

    init(_ scheme: SequenceLabeling.Scheme) { self.scheme = scheme }

    override var typeName: String { "type" }
    override func repr() -> String { "<class 'seqeval.scheme.\(scheme.rawValue)'>" }
}

/// `from seqeval.metrics import classification_report, f1_score, precision_score, recall_score,
/// accuracy_score` and `from seqeval.scheme import IOB2`: seqeval 1.2's entity-level metrics over lists of
/// tag sequences, in its default (conlleval) mode or strict mode (`mode="strict", scheme=IOB2`).
enum SeqevalBindings {
    static let parameters: [Parameter] = [
        Parameter("y_true"), Parameter("y_pred"), .keyword("average", default: .str("micro")), .keyword("suffix", .bool, default: .bool(false)),
        .keyword("mode", default: Value.none), .keyword("sample_weight", default: Value.none),
        .keyword("zero_division", default: .str("warn")), .keyword("scheme", default: Value.none),
    ]

    /// The per-type and averaged scores of seqeval's `precision_recall_fscore_support`.
    static func report(_ args: Arguments, autodetect: Bool = false) throws -> (types: [(name: String, scores: SequenceLabeling.Scores)], overall: SequenceLabeling.Scores, accuracy: Double) {
        func sentences(_ name: String) throws -> [[String]] {
            try args.context.items(of: args[name]).map { sentence in
                try args.context.items(of: sentence).map { tag in
                    guard case .str(let s) = tag else { throw ScriptError(.typeError, "\(name) must hold lists of str tags, not \(tag.typeName)") }
                    return s
                }
            }
        }
        guard args["sample_weight"].isNone else { throw ScriptError(.notImplementedError, "sample_weight is not supported") }
        let truth = try sentences("y_true"), guess = try sentences("y_pred")
        let suffix = try args.bool("suffix")
        // seqeval's scores use strict mode only when a scheme is given too; classification_report auto-detects one.
        let mode = try MetricObject.seqevalMode(mode: args["mode"], scheme: args["scheme"])
        var scheme = mode.scheme
        if mode.strict, scheme == nil, autodetect {
            scheme = try SequenceLabeling.Scheme.detect(truth, suffix: suffix)
        }
        let zero = try MetricObject.seqevalZeroDivision(args["zero_division"])
        let context = args.context
        return try bridged {
            try SequenceLabeling.report(references: truth, predictions: guess, suffix: suffix, zeroDivision: zero, scheme: scheme) {
                try? context.writeError($0 + "\n")
            }
        }
    }

    /// micro (the overall scores), macro (mean over types) or weighted (by support) averages, or None: a list per type.
    static func averaged(_ args: Arguments, _ pick: (SequenceLabeling.Scores) -> Double) throws -> Value {
        let result = try report(args)
        switch args["average"] {
        case .str("micro"): return .float(pick(result.overall))
        case .str("macro"):
            guard !result.types.isEmpty else { return .float(0) }
            return .float(result.types.reduce(0) { $0 + pick($1.scores) } / Double(result.types.count))
        case .str("weighted"):
            let total = result.types.reduce(0) { $0 + $1.scores.number }
            guard total > 0 else { return .float(0) }
            return .float(result.types.reduce(0) { $0 + pick($1.scores) * Double($1.scores.number) } / Double(total))
        case .none: return .list(result.types.map { .float(pick($0.scores)) })
        default: throw ScriptError(.valueError, "average must be 'micro', 'macro', 'weighted' or None")
        }
    }

    static func score(_ name: String, _ doc: String, _ pick: @escaping (SequenceLabeling.Scores) -> Double) -> Builtin {
        Builtin(name, owner: "seqeval.metrics", parameters, doc: doc, example: "\(name)(true_tags, predicted_tags)") { args in
            try averaged(args, pick)
        }
    }

    /// seqeval's `classification_report` text (`StringReporter`) or dict (`output_dict=True`).
    static let classificationReport = Builtin("classification_report", owner: "seqeval.metrics", [
        Parameter("y_true"), Parameter("y_pred"), .keyword("digits", .int, default: .int(2)), .keyword("suffix", .bool, default: .bool(false)),
        .keyword("output_dict", .bool, default: .bool(false)), .keyword("mode", default: Value.none), .keyword("sample_weight", default: Value.none),
        .keyword("zero_division", default: .str("warn")), .keyword("scheme", default: Value.none),
    ], doc: "Precision, recall, F1 and support per entity type, then micro/macro/weighted averages (seqeval's report).",
       example: "print(classification_report(true_tags, predicted_tags, mode='strict', scheme=IOB2))") { args in
        let result = try report(args, autodetect: true)
        let total = result.types.reduce(0) { $0 + $1.scores.number }
        func mean(_ pick: (SequenceLabeling.Scores) -> Double, weighted: Bool) -> Double {
            if weighted { return total == 0 ? 0 : result.types.reduce(0) { $0 + pick($1.scores) * Double($1.scores.number) } / Double(total) }
            return result.types.isEmpty ? 0 : result.types.reduce(0) { $0 + pick($1.scores) } / Double(result.types.count)
        }
        var rows: [(String, Double, Double, Double, Int)] = result.types.map { ($0.name, $0.scores.precision, $0.scores.recall, $0.scores.f1, $0.scores.number) }
        let averages: [(String, Double, Double, Double, Int)] = [
            ("micro avg", result.overall.precision, result.overall.recall, result.overall.f1, total),
            ("macro avg", mean(\.precision, weighted: false), mean(\.recall, weighted: false), mean(\.f1, weighted: false), total),
            ("weighted avg", mean(\.precision, weighted: true), mean(\.recall, weighted: true), mean(\.f1, weighted: true), total),
        ]
        if try args.bool("output_dict") {
            rows += averages
            return .dict(rows.map { row in
                (row.0, .dict([("precision", .float(row.1)), ("recall", .float(row.2)), ("f1-score", .float(row.3)), ("support", .int(row.4))]))
            })
        }
        let digits = try args.int("digits")
        let width = max(rows.map { $0.0.count }.max() ?? 0, "weighted avg".count, digits)
        func right(_ text: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - text.count)) + text }
        func line(_ row: (String, Double, Double, Double, Int)) -> String {
            right(row.0, width) + " " + [row.1, row.2, row.3].map { " " + right(PythonFormat.fixed($0, digits: digits), 9) }.joined()
                + " " + right(String(row.4), 9)
        }
        let lines = rows.map(line) + [""] + averages.map(line) + [""]
        let header = right("", width) + " " + ["precision", "recall", "f1-score", "support"].map { " " + right($0, 9) }.joined() + "\n\n"
        return .str(header + lines.joined(separator: "\n"))
    }

    static var tables: [ModuleTable] {
        [
            ModuleTable(name: "seqeval", doc: "seqeval: entity-level metrics for sequence labelling (see seqeval.metrics).", builtins: []),
            ModuleTable(name: "seqeval.metrics", doc: "Entity-level precision, recall and F1 of tag sequences (seqeval 1.2).", builtins: [
                score("f1_score", "Entity-level F1 (micro average by default).") { $0.f1 },
                score("precision_score", "Entity-level precision (micro average by default).") { $0.precision },
                score("recall_score", "Entity-level recall (micro average by default).") { $0.recall },
                Builtin("accuracy_score", owner: "seqeval.metrics", [Parameter("y_true"), Parameter("y_pred")],
                        doc: "Token accuracy over all tags.", example: "accuracy_score(true_tags, predicted_tags)") { args in
                    func tags(_ name: String) throws -> [[String]] {
                        try args.context.items(of: args[name]).map { try args.context.items(of: $0).map { $0.stringValue ?? $0.repr } }
                    }
                    let truth = try tags("y_true"), guess = try tags("y_pred")
                    let a = Array(truth.joined()), b = Array(guess.joined())
                    guard a.count == b.count else {
                        throw ScriptError(.valueError, "Found input variables with inconsistent numbers of samples: [\(a.count), \(b.count)]")
                    }
                    guard !a.isEmpty else { return .float(.nan) }
                    return .float(Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count))
                },
                classificationReport,
            ]),
            ModuleTable(name: "seqeval.scheme", doc: "Tagging schemes for strict mode: IOB1, IOE1, IOB2, IOE2, IOBES, BILOU.", builtins: [],
                        constants: SequenceLabeling.Scheme.allCases.map { ($0.rawValue, .host(SeqevalSchemeObject($0))) }),
        ]
    }
}
