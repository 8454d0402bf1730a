import Foundation
import Lang
import Models
import Training

/// Token classification (NER) under transformers' names: `DataCollatorForTokenClassification` and
/// the `pipeline("ner" | "token-classification")` object.
enum TokenClassificationBindings {
    static let collator = Builtin("DataCollatorForTokenClassification", [
        Parameter("tokenizer").relaxed, Parameter("padding", .oneOf([.bool, .str]), default: .bool(true)),
        .optional("max_length", .int), .optional("pad_to_multiple_of", .int),
        Parameter("label_pad_token_id", .int, default: .int(-100)), .optional("return_tensors", .str),
    ], doc: "Pads input_ids/attention_mask and the per-token labels (with -100, ignored by the loss) of each batch.",
       example: "collator = DataCollatorForTokenClassification(tokenizer)") { args in
        try bridged {
            let tokenizer = try CausalLMBindings.tokenizerArgument(args["tokenizer"], caller: "DataCollatorForTokenClassification")
            guard try args.int("label_pad_token_id") == -100 else {
                throw ScriptError(.valueError, "label_pad_token_id must be -100 here (the index the loss ignores)",
                                  help: "leave label_pad_token_id out")
            }
            let collator = DataCollatorWithPadding(padTokenId: try CausalLMBindings.padTokenId(tokenizer),
                                                   padding: try DataCollatorObject.padding(args),
                                                   padToMultipleOf: try args.optionalInt("pad_to_multiple_of"))
            return .host(DataCollatorObject(collator, name: "DataCollatorForTokenClassification"))
        }
    }

    static let builtins: [Builtin] = [collator]
}

/// `pipeline("ner", model=…, tokenizer=…, aggregation_strategy="simple")`: a list of entity dicts per text.
final class TokenClassificationPipelineObject: HostBase {
    let pipeline: TokenClassificationPipeline

    init(_ pipeline: TokenClassificationPipeline) { self.pipeline = pipeline }

    override var typeName: String { "TokenClassificationPipeline" }
    override func repr() -> String { "TokenClassificationPipeline(model=\(pipeline.model.className), aggregation_strategy='\(pipeline.aggregation.rawValue)')" }

    static func make(model: Value, tokenizer: TokenizerObject, aggregation: Value, ignoreLabels: Value, stride: Value,
                     context: CallContext) throws -> Value {
        var strategy = AggregationStrategy.none
        if case .str(let name) = aggregation {
            guard let parsed = AggregationStrategy(rawValue: name.lowercased()) else {
                throw ScriptError(.valueError, "aggregation_strategy must be 'none', 'simple', 'first', 'average' or 'max', not '\(name)'")
            }
            strategy = parsed
        } else if !aggregation.isNone {
            throw ScriptError(.typeError, "aggregation_strategy must be a str, not \(aggregation.typeName)")
        }
        let pipeline = try TokenClassificationPipeline(model: try TrainerObject.trainerModel(model), tokenizer: tokenizer.tokenizer,
                                                       aggregation: strategy)
        if !ignoreLabels.isNone {
            pipeline.ignoreLabels = try context.items(of: ignoreLabels).map { item in
                guard case .str(let s) = item else { throw ScriptError(.typeError, "ignore_labels must hold str labels") }
                return s
            }
        }
        if !stride.isNone {
            guard case .int(let value) = stride else { throw ScriptError(.typeError, "stride must be an int, not \(stride.typeName)") }
            guard strategy != .none else {
                throw ScriptError(.valueError, "`stride` was provided to process all the text but `aggregation_strategy=\"none\"`, please select another one instead.",
                                  help: "pass aggregation_strategy=\"simple\" (entities from overlapping windows are merged)")
            }
            pipeline.stride = value
        }
        return .host(TokenClassificationPipelineObject(pipeline))
    }

    override func asCallable() -> Builtin? {
        method("__call__", [Parameter("inputs")], doc: "Find the entities of a text or a list of texts.",
               example: "ner('Barack Obama visited Paris')") { args in
            let (texts, single) = try PipelineInputs.texts(args["inputs"], context: args.context)
            let grouped = self.pipeline.aggregation != .none
            let results = try bridged { try self.pipeline(texts) }
            let rows: [Value] = results.map { entities in
                .list(entities.map { entity in
                    var fields: [(String, Value)] = [(grouped ? "entity_group" : "entity", .str(entity.label)),
                                                     ("score", .float(Double(Float(entity.score))))]
                    if let index = entity.index { fields.append(("index", .int(index))) }
                    fields += [("word", .str(entity.word)), ("start", .int(entity.start)), ("end", .int(entity.end))]
                    return .dict(fields)
                })
            }
            return single ? (rows.first ?? .list([])) : .list(rows)
        }
    }
}
