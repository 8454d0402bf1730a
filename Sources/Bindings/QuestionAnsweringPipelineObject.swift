import Foundation
import Lang
import Models
import Training

/// `pipeline("question-answering", model=…, tokenizer=…)`: `qa(question=…, context=…, top_k=1,
/// doc_stride=128, max_answer_len=15, max_seq_len=384, handle_impossible_answer=False)` returns
/// `{'score', 'start', 'end', 'answer'}` (a list of them when top_k > 1, one result per question when
/// several are given), as transformers' `QuestionAnsweringPipeline` does.
final class QuestionAnsweringPipelineObject: HostBase {
    let pipeline: QuestionAnsweringPipeline

    init(_ pipeline: QuestionAnsweringPipeline) { self.pipeline = pipeline }

    override var typeName: String { "QuestionAnsweringPipeline" }
    override func repr() -> String { "QuestionAnsweringPipeline(model=\(pipeline.model.className))" }

    static let parameters: [Parameter] = [
        .optional("inputs"), .optional("question"), .optional("context"),
        Parameter("top_k", .int, default: .int(1)), .optional("doc_stride", .int),
        Parameter("max_answer_len", .int, default: .int(15)), .optional("max_seq_len", .int), .optional("max_question_len", .int),
        Parameter("handle_impossible_answer", .bool, default: .bool(false)), Parameter("align_to_words", .bool, default: .bool(true)),
    ]

    override func asCallable() -> Builtin? {
        method("__call__", Self.parameters, doc: "Find the answer to a question in a context (a span of the context).",
               example: "qa(question='Where do I live?', context='My name is Wolfgang and I live in Berlin')") { args in
            let (pairs, single) = try Self.examples(args)
            var options = QuestionAnsweringPipeline.Options()
            options.topK = try args.int("top_k")
            options.docStride = try args.optionalInt("doc_stride")
            options.maxAnswerLength = try args.int("max_answer_len")
            options.maxSequenceLength = try args.optionalInt("max_seq_len")
            options.handleImpossibleAnswer = try args.bool("handle_impossible_answer")
            options.alignToWords = try args.bool("align_to_words")
            let results: [Value] = try pairs.map { question, context in
                let answers = try bridged { try self.pipeline.answers(question: question, context: context, options: options) }
                let dicts = answers.map { answer in
                    Value.dict([("score", .float(answer.score)), ("start", .int(answer.start)), ("end", .int(answer.end)),
                                ("answer", .str(answer.answer))])
                }
                return dicts.count == 1 ? dicts[0] : .list(dicts)
            }
            return single ? (results.first ?? Value.none) : .list(results)
        }
    }

    /// The (question, context) pairs: `question=` and `context=` (str or lists, a str context shared by
    /// every question), or `inputs=` as a dict or a list of dicts with those keys.
    static func examples(_ args: Arguments) throws -> (pairs: [(String, String)], single: Bool) {
        let context = args.context
        func strings(_ value: Value, _ name: String) throws -> [String]? {
            if value.isNone { return nil }
            if case .str(let s) = value { return [s] }
            return try context.items(of: value).map { item in
                guard case .str(let s) = item else { throw ScriptError(.typeError, "\(name) must be a str or a list of str, not a list holding \(item.typeName)") }
                return s
            }
        }
        var questionValue = args["question"], contextValue = args["context"]
        var single = true
        if !args["inputs"].isNone {
            let dicts: [Value]
            if case .dict = args["inputs"] { dicts = [args["inputs"]] } else { dicts = try context.items(of: args["inputs"]); single = false }
            var questions: [Value] = [], contexts: [Value] = []
            for item in dicts {
                let pairs = try Convert.pairs(item, what: "a question-answering input")
                guard let q = pairs.first(where: { $0.0 == "question" })?.1, let c = pairs.first(where: { $0.0 == "context" })?.1 else {
                    throw ScriptError(.keyError, "a question-answering input needs the keys 'question' and 'context'",
                                      help: "qa({'question': 'Who?', 'context': 'Ada wrote it.'}) or qa(question='Who?', context='Ada wrote it.')")
                }
                questions.append(q); contexts.append(c)
            }
            questionValue = .list(questions); contextValue = .list(contexts)
        }
        guard let questions = try strings(questionValue, "question"), let contexts = try strings(contextValue, "context") else {
            throw ScriptError(.valueError, "the question-answering pipeline needs a question and a context",
                              help: "qa(question='Where do I live?', context='I live in Berlin.')")
        }
        if case .list = questionValue { single = false }
        if case .list = contextValue { single = false }
        if contexts.count == 1 { return (questions.map { ($0, contexts[0]) }, single && questions.count == 1) }
        guard questions.count == contexts.count else {
            throw ScriptError(.valueError, "got \(questions.count) questions and \(contexts.count) contexts",
                              help: "give one context per question, or a single context for all of them")
        }
        for c in contexts where c.isEmpty { throw ScriptError(.valueError, "`context` cannot be empty") }
        return (Array(zip(questions, contexts)), single)
    }
}
