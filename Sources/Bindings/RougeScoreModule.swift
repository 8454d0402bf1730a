import Foundation
import Lang
import Training

/// What `evaluate`'s rouge, `rouge_score` and `nltk.stem` share: the tokenizer a script chooses.
enum RougeBindings {
    /// rouge_score's `DefaultTokenizer(use_stemmer)` when `value` is None; otherwise the script's own: an
    /// object with a `tokenize(text)` method (rouge_score's `tokenizer=`) or a function (evaluate's
    /// `tokenizer=`), returning a list of str.
    static func tokenizer(_ value: Value, useStemmer: Bool, context: CallContext) throws -> Rouge.Tokenizer {
        if value.isNone { return Rouge.defaultTokenizer(useStemmer: useStemmer) }
        let interpreter = context.interpreter
        var function = value
        if case .host(let object) = value, let method = try object.getAttribute("tokenize", context: context) { function = method }
        return { text in
            let result = try interpreter.call(function, [.str(text)])
            return try context.items(of: result).map { token in
                guard case .str(let s) = token else {
                    throw ScriptError(.typeError, "the rouge tokenizer must return a list of str, not a list holding \(token.typeName)")
                }
                return s
            }
        }
    }
}

extension RougeBindings {
    /// A rouge_score `Score(precision=…, recall=…, fmeasure=…)` named tuple.
    static func score(_ s: Rouge.Score) -> Value { record("Score", ["precision", "recall", "fmeasure"], [s.precision, s.recall, s.fmeasure]) }

    static func record(_ name: String, _ fields: [String], _ values: [Double]) -> Value {
        .host(RecordObject(name, zip(fields, values).map { ($0.0, .float($0.1)) }, unpackable: true))
    }

    static func scores(_ scores: [String: Rouge.Score], order types: [String]) -> Value {
        .dict(types.compactMap { type in scores[type].map { (type, score($0)) } })
    }

    static var tables: [ModuleTable] {
        [
            ModuleTable(name: "rouge_score", doc: "Google's rouge_score 0.1.2: rouge_score.rouge_scorer, rouge_score.scoring.", builtins: []),
            ModuleTable(name: "rouge_score.rouge_scorer", doc: "RougeScorer: ROUGE-N, ROUGE-L and ROUGE-Lsum of one prediction against a target.", builtins: [
                Builtin("RougeScorer", owner: "rouge_score.rouge_scorer",
                        [Parameter("rouge_types"), Parameter("use_stemmer", default: .bool(false)), Parameter("split_summaries", default: .bool(false)),
                         .optional("tokenizer")],
                        doc: "A scorer for rouge1…rouge9, rougeL and rougeLsum; use_stemmer=True stems tokens longer than three letters (Porter, as NLTK).",
                        example: "scorer = rouge_scorer.RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True)") { args in
                    let types = try args.context.items(of: args["rouge_types"]).map { item -> String in
                        guard case .str(let s) = item else { throw ScriptError(.typeError, "rouge_types must be a list of str such as ['rouge1', 'rougeL'], not a list holding \(item.typeName)") }
                        return s
                    }
                    if try args.bool("split_summaries") {
                        throw ScriptError(.notImplementedError, "split_summaries=True needs NLTK's punkt sentence splitter, which lorarepl does not have",
                                          help: "put each sentence on its own line yourself ('\\n'.join(sentences)); rougeLsum splits at newlines")
                    }
                    return .host(RougeScorerObject(types: types, useStemmer: try args.bool("use_stemmer"), tokenizer: args["tokenizer"]))
                },
            ]),
            ModuleTable(name: "rouge_score.scoring", doc: "Score, AggregateScore and BootstrapAggregator (confidence intervals by bootstrap resampling).", builtins: [
                Builtin("Score", owner: "rouge_score.scoring", [Parameter("precision", .number), Parameter("recall", .number), Parameter("fmeasure", .number)],
                        doc: "The named tuple (precision, recall, fmeasure).", example: "scoring.Score(precision=0.5, recall=1.0, fmeasure=0.667)") { args in
                    record("Score", ["precision", "recall", "fmeasure"], [try args.double("precision"), try args.double("recall"), try args.double("fmeasure")])
                },
                Builtin("BootstrapAggregator", owner: "rouge_score.scoring",
                        [Parameter("confidence_interval", .number, default: .float(0.95)), Parameter("n_samples", .int, default: .int(1000))],
                        doc: "Collects score dicts with add_scores(); aggregate() gives low/mid/high of each measure by bootstrap resampling (numpy's global random state).",
                        example: "aggregator = scoring.BootstrapAggregator()") { args in
                    let confidence = try args.double("confidence_interval"), samples = try args.int("n_samples")
                    guard (0...1).contains(confidence) else { throw ScriptError(.valueError, "confidence_interval must be in range [0, 1]") }
                    guard samples > 0 else { throw ScriptError(.valueError, "n_samples must be positive") }
                    return .host(BootstrapAggregatorObject(confidence: confidence, samples: samples))
                },
            ]),
            ModuleTable(name: "nltk", doc: "NLTK (only nltk.stem's Porter stemmer).", builtins: []),
            ModuleTable(name: "nltk.stem", doc: "Stemmers: PorterStemmer.", builtins: [porterStemmer]),
            ModuleTable(name: "nltk.stem.porter", doc: "The Porter stemmer.", builtins: [porterStemmer]),
        ]
    }

    static let porterStemmer = Builtin("PorterStemmer", owner: "nltk.stem", [Parameter("mode", .str, default: .str(PorterStemmer.Mode.nltkExtensions.rawValue))],
                                       doc: "Porter's stemmer; mode 'NLTK_EXTENSIONS' (default), 'MARTIN_EXTENSIONS' or 'ORIGINAL_ALGORITHM'.",
                                       example: "PorterStemmer().stem('running')  # 'run'") { args in
        let name = try args.string("mode")
        guard let mode = PorterStemmer.Mode(rawValue: name) else {
            throw ScriptError(.valueError, "Mode must be one of PorterStemmer.NLTK_EXTENSIONS, PorterStemmer.MARTIN_EXTENSIONS, or PorterStemmer.ORIGINAL_ALGORITHM",
                              help: "pass the mode as a string, e.g. PorterStemmer('ORIGINAL_ALGORITHM')")
        }
        return .host(PorterStemmerObject(PorterStemmer(mode: mode)))
    }
}

/// `rouge_scorer.RougeScorer(types, use_stemmer=, tokenizer=)`.
final class RougeScorerObject: HostBase {
    let types: [String]
    let useStemmer: Bool
    let tokenizer: Value

    init(types: [String], useStemmer: Bool, tokenizer: Value) {
        self.types = types
        self.useStemmer = useStemmer
        self.tokenizer = tokenizer
    }

    override var typeName: String { "RougeScorer" }
    override func repr() -> String { "<rouge_score.rouge_scorer.RougeScorer object>" }
    override var propertyNames: [String] { ["rouge_types"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        name == "rouge_types" ? .list(types.map { .str($0) }) : nil
    }

    override func methods() -> [Builtin] {
        [
            method("score", [Parameter("target", .str), Parameter("prediction", .str)],
                   doc: "A dict from each rouge type to Score(precision, recall, fmeasure) of prediction against target.",
                   example: "scorer.score('the cat sat', 'a cat sat down')['rouge1'].fmeasure") { args in
                let tokenizer = try RougeBindings.tokenizer(self.tokenizer, useStemmer: self.useStemmer, context: args.context)
                let result = try Rouge.score(target: try args.string("target"), prediction: try args.string("prediction"), types: self.types, tokenizer: tokenizer)
                return RougeBindings.scores(result, order: self.types)
            },
            method("score_multi", [Parameter("targets"), Parameter("prediction", .str)],
                   doc: "Like score() against several targets, keeping for each type the target with the best F-measure.",
                   example: "scorer.score_multi(['the cat sat', 'a cat sat'], 'the cat sat down')") { args in
                let targets = try args.context.items(of: args["targets"]).map { item -> String in
                    guard case .str(let s) = item else { throw ScriptError(.typeError, "targets must be a list of str, not a list holding \(item.typeName)") }
                    return s
                }
                let tokenizer = try RougeBindings.tokenizer(self.tokenizer, useStemmer: self.useStemmer, context: args.context)
                let result = try Rouge.scoreMulti(targets: targets, prediction: try args.string("prediction"), types: self.types, tokenizer: tokenizer)
                return RougeBindings.scores(result, order: self.types)
            },
        ]
    }
}

/// `scoring.BootstrapAggregator()`: `add_scores(dict)` per example, then `aggregate()`.
final class BootstrapAggregatorObject: HostBase {
    let confidence: Double
    let samples: Int
    private var rows: [(type: String, values: [Double], fields: [String], name: String)] = []

    init(confidence: Double, samples: Int) {
        self.confidence = confidence
        self.samples = samples
    }

    override var typeName: String { "BootstrapAggregator" }
    override func repr() -> String { "<rouge_score.scoring.BootstrapAggregator object>" }

    override func methods() -> [Builtin] {
        [
            method("add_scores", [Parameter("scores")], doc: "Adds one example's dict of scores (as scorer.score returns).",
                   example: "aggregator.add_scores(scorer.score(target, prediction))") { args in
                guard case .dict(let pairs) = args["scores"] else {
                    throw ScriptError(.typeError, "add_scores() needs a dict from rouge type to Score, as scorer.score() returns, not \(args["scores"].typeName)")
                }
                for (key, value) in pairs.pairs {
                    guard case .str(let type) = key else { throw ScriptError(.typeError, "the score types must be str, not \(key.typeName)") }
                    var name = "Score", fields = ["precision", "recall", "fmeasure"]
                    if case .host(let object) = value, let record = object as? RecordObject {
                        name = record.name
                        fields = record.fields.map(\.0)
                    }
                    let values = try args.context.items(of: value).map { item -> Double in
                        guard let x = item.doubleValue else { throw ScriptError(.typeError, "a score must hold numbers, not \(item.typeName)") }
                        return x
                    }
                    if fields.count != values.count { fields = values.indices.map { "_\($0)" } }
                    self.rows.append((type, values, fields, name))
                }
                return Value.none
            },
            method("aggregate", doc: "A dict from each type to AggregateScore(low, mid, high) of Score named tuples.",
                   example: "result = aggregator.aggregate(); result['rouge1'].mid.fmeasure") { args in
                let state = Bindings.state(args.context)
                let rng = state.numpyRandom ?? LegacyRandomState(seed: state.derivedSeed())
                state.numpyRandom = rng
                var order: [String] = []
                for row in self.rows where !order.contains(row.type) { order.append(row.type) }
                return .dict(try order.map { type in
                    let rows = self.rows.filter { $0.type == type }
                    guard let first = rows.first, rows.allSatisfy({ $0.values.count == first.values.count }) else {
                        throw ScriptError(.valueError, "the scores of \(type) do not all have the same number of measures")
                    }
                    let bounds = Rouge.bootstrap(rows.map(\.values), confidence: self.confidence, samples: self.samples) { n in rng.interval(n - 1) }
                    let record = { (values: [Double]) in RougeBindings.record(first.name, first.fields, values) }
                    return (type, .host(RecordObject("AggregateScore", [("low", record(bounds.low)), ("mid", record(bounds.mid)), ("high", record(bounds.high))],
                                                           unpackable: true)))
                })
            },
        ]
    }
}

/// `nltk.stem.PorterStemmer(mode)`.
final class PorterStemmerObject: HostBase {
    let stemmer: PorterStemmer

    init(_ stemmer: PorterStemmer) { self.stemmer = stemmer }

    override var typeName: String { "PorterStemmer" }
    override func repr() -> String { "<PorterStemmer>" }
    override var propertyNames: [String] { ["mode"] }
    override func property(_ name: String, context: CallContext) throws -> Value? { name == "mode" ? .str(stemmer.mode.rawValue) : nil }

    override func methods() -> [Builtin] {
        [
            method("stem", [Parameter("word", .str), Parameter("to_lowercase", default: .bool(true))],
                   doc: "The stem of word (lower-cased first unless to_lowercase=False).", example: "stemmer.stem('generalization')  # 'gener'") { args in
                .str(self.stemmer.stem(try args.string("word"), toLowercase: try args.bool("to_lowercase")))
            },
        ]
    }
}
