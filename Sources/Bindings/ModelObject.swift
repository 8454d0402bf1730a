import PythonBasics
import Foundation
import Lang
import NumericArrays
import Models
import PEFT
import TensorCore
import Training

/// What a script's `model` can be: a plain transformers model or a PEFT-wrapped one (`nn.Module` methods,
/// Trainer `compute_loss` overrides).
protocol ModelHost: AnyObject {
    var taskModel: any TaskModel { get }
}

/// The forward-call signature shared by models and PEFT models: `model(**enc, labels=...)`.
let modelCallParameters: [Parameter] = [
    .optional("input_ids"), .optional("attention_mask"), .optional("token_type_ids"), .optional("labels"),
    .optional("position_ids"), .optional("return_dict", .bool), .optional("output_hidden_states", .bool),
    .optional("output_attentions", .bool), .optional("start_positions"), .optional("end_positions"),
    .optional("num_items_in_batch"),
]

extension ModelInputs {
    /// `model(input_ids=..., attention_mask=..., labels=...)` on a plain or PEFT model → an output record
    /// whose loss and logits keep their autograd history while the script's grad mode is on.
    static func call(_ model: any TaskModel, _ args: Arguments) throws -> Value {
        guard !args["input_ids"].isNone else {
            throw ScriptError(.valueError, "You have to specify input_ids",
                              help: "call the model with a tokenizer's output: model(**tokenizer(texts, padding=True, return_tensors='pt'))")
        }
        let ids = try ModelInputs.ids(args["input_ids"], name: "input_ids")
        let mask = args["attention_mask"].isNone ? nil : try ModelInputs.ids(args["attention_mask"], name: "attention_mask")
        let types = args["token_type_ids"].isNone ? nil : try ModelInputs.ids(args["token_type_ids"], name: "token_type_ids")
        let labels = try ModelInputs.lossLabels(args)
        // Recorded for `loss.backward()` while the script's grad mode is on (outside torch.no_grad()).
        var output = try GradMode.run {
            try model.forward(inputIds: ids, attentionMask: mask, tokenTypeIds: types, labels: labels)
        }
        try scaleLoss(&output, labels: labels, itemsInBatch: args["num_items_in_batch"], architecture: model.architecture)
        return record(output, architecture: model.architecture)
    }
}

enum ModelInputs {
    /// transformers' causal-LM loss with `num_items_in_batch=n` (what the Trainer passes under gradient
    /// accumulation): the summed token loss divided by `n` instead of by this batch's labelled tokens, i.e.
    /// the mean times labelled / n (labels shifted by one, -100 ignored: `ForCausalLMLoss`). Other heads
    /// ignore the count, as transformers' do.
    static func scaleLoss(_ output: inout ModelOutput, labels: Labels?, itemsInBatch: Value, architecture: ModelArchitecture) throws {
        guard !itemsInBatch.isNone, architecture.outputClassName == "CausalLMOutputWithPast",
              case .classes(let ids)? = labels, ids.shape.count == 2, let loss = output.loss else { return }
        let items = try NDArray.from(itemsInBatch)
        guard items.count == 1, let n = items.values.first, n > 0 else {
            throw ScriptError(.valueError, "num_items_in_batch must be a positive count of labelled tokens, got \(itemsInBatch.repr)")
        }
        let width = ids.shape[1]
        let labelled = ids.values.indices.filter { $0 % width != 0 && ids.values[$0] != -100 }.count
        output.loss = try GradMode.run { loss.scaled(by: Float(labelled) / Float(n)) }
    }

    /// The loss targets of a forward call: `labels=`, or for question answering `start_positions=` and
    /// `end_positions=` (one token index each per example) as one `[B, 2]` label tensor for the span loss.
    static func lossLabels(_ args: Arguments) throws -> Labels? {
        guard !args["start_positions"].isNone || !args["end_positions"].isNone else {
            return args["labels"].isNone ? nil : try labels(args["labels"])
        }
        guard case .classes(let starts)? = try? labels(args["start_positions"]),
              case .classes(let ends)? = try? labels(args["end_positions"]), starts.count == ends.count else {
            throw ScriptError(.valueError, "start_positions and end_positions must both be given, as integer token indices, one per example")
        }
        return .classes(try IntTensor(shape: [starts.count, 2], values: zip(starts.values, ends.values).flatMap { [$0, $1] }))
    }

    /// `[B, T]` ids from a tensor or (nested) list; a 1-D input becomes a batch of one.
    static func ids(_ value: Value, name: String) throws -> IntTensor {
        var array = try NDArray.from(value)
        if array.rank == 1 { array = try array.reshaped([1, array.count]) }
        guard array.rank == 2 else {
            throw ScriptError(.valueError, "\(name) must have shape [batch, sequence], got \(shapeTuple(array.shape))")
        }
        return try IntTensor(shape: array.shape, values: array.values.map { value in
            let id = try CheckedInt.truncating(value, what: name)
            guard let small = Int32(exactly: id) else {
                throw ScriptError(.valueError, "\(name) holds the id \(id), beyond any vocabulary",
                                  help: "token ids come from the model's own tokenizer (0 to vocab_size - 1)")
            }
            return small
        })
    }

    /// Integer labels are classes (cross-entropy); float labels are targets (MSE / BCE).
    static func labels(_ value: Value) throws -> Labels {
        var array = try NDArray.from(value)
        if array.rank == 0 { array = try array.reshaped([1]) }
        if array.dtype == .float32 {
            return .values(try Tensor(shape: array.shape, values: array.values.map { Float($0) }))
        }
        return .classes(try IntTensor(shape: array.shape, values: array.values.map { Int32(clamping: try CheckedInt.truncating($0, what: "labels")) }))
    }

    /// transformers' output class names and fields, in their order.
    static func record(_ output: ModelOutput, architecture: ModelArchitecture) -> Value {
        var fields: [(String, Value)] = []
        if let loss = output.loss { fields.append(("loss", TensorObject.result(loss))) }
        if let logits = output.logits, architecture.outputClassName == "QuestionAnsweringModelOutput", logits.shape.count == 3,
           let start = try? logits.select(axis: 2, index: 0), let end = try? logits.select(axis: 2, index: 1) {
            // transformers splits the [B, T, 2] span scores into start_logits and end_logits [B, T].
            fields.append(("start_logits", TensorObject.result(start)))
            fields.append(("end_logits", TensorObject.result(end)))
        } else if let logits = output.logits { fields.append(("logits", TensorObject.result(logits))) }
        if let hidden = output.lastHiddenState, output.logits == nil { fields.append(("last_hidden_state", TensorObject.result(hidden))) }
        if let pooled = output.poolerOutput, output.logits == nil { fields.append(("pooler_output", TensorObject.result(pooled))) }
        return .host(RecordObject(architecture.outputClassName, fields))
    }
}

/// A transformers model in scripts (`BertForSequenceClassification`, `LlamaForCausalLM`, …).
/// What the two model objects (a model, a PeftModel) share: the printed summary and `model(**batch)`.
class ModelHostBase: HostBase, ModelHost {
    let taskModel: any TaskModel
    /// Whether this is a PeftModel (its `__call__` help says "the adapted model").
    private let adapted: Bool

    init(_ taskModel: any TaskModel, adapted: Bool) {
        (self.taskModel, self.adapted) = (taskModel, adapted)
    }

    override func repr() -> String { taskModel.summary }
    override var helpText: String { taskModel.summary }

    override func asCallable() -> Builtin? {
        let doc = "Run the \(adapted ? "adapted " : "")model and return its outputs (recorded for loss.backward() outside torch.no_grad())."
        let example = adapted ? "out = model(**enc)" : "out = model(**tokenizer(['great movie'], return_tensors='pt'))"
        return method("__call__", modelCallParameters, doc: doc, example: example) { args in try ModelInputs.call(self.taskModel, args) }
    }
}

final class ModelObject: ModelHostBase {
    let model: PreTrainedModel

    init(_ model: PreTrainedModel) {
        self.model = model
        super.init(model, adapted: false)
    }

    override var typeName: String { model.typeName }

    override var propertyNames: [String] { ["config", "name_or_path", "training", "num_labels", "device", "dtype", "generation_config"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "config": return ModelObject.config(model.config)
        case "name_or_path": return .str(model.config.nameOrPath)
        case "training": return .bool(model.isTraining)
        case "num_labels": return .int(model.config.numLabels)
        case "device": return .str("cpu")
        case "dtype": return .str("torch.\(model.precision.rawValue)")
        case "generation_config": return .host(Bindings.state(context).generationConfig(for: model))
        default: return SubmoduleObject.find(self, name).map { .host($0) }
        }
    }

    static func config(_ c: ModelConfig) -> Value {
        let intKeyed = DictObject()
        for key in c.id2label.keys.sorted() { try? intKeyed.set(.int(key), .str(c.id2label[key] ?? "")) }
        let label2id = Value.dict(c.id2label.keys.sorted().map { (c.id2label[$0] ?? "", Value.int($0)) })
        return .host(RecordObject("\(c.modelType.rawValue.capitalized)Config", [
            ("model_type", .str(c.modelType.rawValue)), ("_name_or_path", .str(c.nameOrPath)),
            ("architectures", .list(c.architectures.map { .str($0) })), ("vocab_size", .int(c.vocabSize)),
            ("hidden_size", .int(c.hiddenSize)), ("num_hidden_layers", .int(c.numHiddenLayers)),
            ("num_attention_heads", .int(c.numAttentionHeads)), ("intermediate_size", .int(c.intermediateSize)),
            ("max_position_embeddings", .int(c.maxPositionEmbeddings)), ("hidden_act", .str(c.hiddenAct)),
            ("num_labels", .int(c.numLabels)), ("id2label", .dict(intKeyed)), ("label2id", label2id),
            ("pad_token_id", c.padTokenId.map { .int($0) } ?? Value.none),
        ]))
    }

    override func methods() -> [Builtin] {
        var list = [
            method("train", [Parameter("mode", .bool, default: .bool(true))], doc: "Training mode (dropout on); returns the model.",
                   example: "model.train()") { args in
                if try args.bool("mode") { self.model.train() } else { self.model.eval() }
                return .host(self)
            },
            method("eval", doc: "Eval mode (dropout off); returns the model.", example: "model.eval()") { _ in
                self.model.eval()
                return .host(self)
            },
            method("save_pretrained", [Parameter("save_directory", .str), .optional("safe_serialization", .bool)],
                   doc: "Write a folder transformers loads: config.json, model.safetensors (fp32, HF names), generation_config.json for causal LMs.",
                   example: "model.save_pretrained('out/merged')") { args in
                let directory = try writablePath(args.context, try args.string("save_directory"))
                if case .bool(false) = args["safe_serialization"] {
                    throw ScriptError(.valueError, "lorarepl writes weights only as model.safetensors (safe_serialization=True)",
                                      help: "drop safe_serialization=False: transformers loads model.safetensors")
                }
                guard LaunchEnvironment.current.rank == 0 else { return Value.none }  // data-parallel: rank 0 writes
                let generation = self.model.architecture.canGenerate
                    ? Bindings.state(args.context).generationConfig(for: self.model).changedEntries : nil
                try self.model.savePretrained(to: URL(fileURLWithPath: directory), generation: generation)
                return Value.none
            },
            method("save_gguf", [Parameter("path", .str), .optional("tokenizer"), Parameter("quantization", .str, default: .str("f16"))],
                   doc: "Write a LLaMA-family causal LM as a GGUF file llama.cpp loads (quantization: f32, f16, q8_0, q4_1).",
                   example: "model.save_gguf('out/model-q8_0.gguf', tokenizer=tokenizer, quantization='q8_0')") { args in
                try ModelExport.saveGGUF(self.model, args)
            },
            method("num_parameters", [Parameter("only_trainable", .bool, default: .bool(false))], doc: "Number of parameters.",
                   example: "model.num_parameters()") { args in
                let counts = FineTuning.parameterCounts(self.model)
                return .int(try args.bool("only_trainable") ? counts.trainable : counts.all)
            },
            method("print_trainable_parameters", doc: "Print trainable and total parameter counts (PEFT's line).",
                   example: "model.print_trainable_parameters()") { args in
                try args.context.write(FineTuning.trainableParametersSummary(self.model) + "\n")
                return Value.none
            },
        ]
        if model.architecture.canGenerate { list.append(CausalLMBindings.generateMethod(self, model)) }
        return list + moduleMethods()
    }
}
