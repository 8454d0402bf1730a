import Foundation
import Lang
import NumericArrays
import Models
import TensorCore
import Training

/// A script's `compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None)` in a
/// `Trainer` subclass, called for every training and evaluation step as Hugging Face's Trainer does.
/// The `model` it gets runs forward passes that keep their autograd history (`TensorObject.core`), so
/// the loss it returns (`outputs.loss`, or `F.cross_entropy(outputs.logits, labels, weight=w)`) is
/// what the Trainer backpropagates.
enum TrainerLossOverride {
    static func install(on trainerObject: TrainerObject, context: CallContext) {
        guard let instance = trainerObject.scriptInstance, let method = instance.override("compute_loss") else {
            trainerObject.trainer.computeLoss = nil
            return
        }
        let modelValue = trainerObject.modelValue
        trainerObject.trainer.computeLoss = { step in
            guard case .host(let object) = modelValue, let model = taskModel(of: object) else {
                throw ScriptError(.typeError, "compute_loss needs the Trainer's model")
            }
            let proxy = StepModel(host: object, model: model)
            let inputs = try TrainerLossOverride.inputs(step, for: model)
            var keywords: [(String, Value)] = [("return_outputs", .bool(!step.training))]
            if step.training, accepts(method, "num_items_in_batch") {
                keywords.append(("num_items_in_batch", step.itemsInBatch.map { .int($0) } ?? Value.none))
            }
            let result = try context.interpreter.session.deferringInterrupts {
                try context.interpreter.call(method, [.host(proxy), .dict(inputs)], keywords: keywords)
            }
            var lossValue = result
            var outputs: Value = .none
            if let pair = result.sequenceItems, pair.count == 2 {
                lossValue = pair[0]
                outputs = pair[1]
            }
            guard case .host(let lossObject) = lossValue, let tensor = lossObject as? TensorObject else {
                throw ScriptError(.typeError, "compute_loss must return the loss tensor (or (loss, outputs) with return_outputs=True), not \(lossValue.typeName)")
            }
            var loss = tensor.core.flatMap { $0.requiresGrad ? $0 : nil }
            if loss == nil, !step.training { loss = try Tensor(shape: [1], values: tensor.array.values.map(Float.init)) }
            guard let loss else {
                throw ScriptError(.valueError, "the loss compute_loss returned does not come from the model's outputs, so the Trainer cannot backpropagate it",
                                  help: "compute it from model(**inputs) with outputs.loss, F.cross_entropy(...) or nn.CrossEntropyLoss(weight=...)(...)")
            }
            guard loss.count == 1 else {
                throw ScriptError(.valueError, "compute_loss must return a scalar loss, got shape \(shapeTuple(tensor.array.shape))",
                                  help: "reduce it, e.g. with reduction='mean'")
            }
            return LossStepResult(loss: loss, logits: logits(outputs) ?? proxy.lastLogits)
        }
    }

    /// The batch as the `inputs` dict HF passes: `input_ids`, `attention_mask`, (`token_type_ids`), `labels`;
    /// for a question-answering model `start_positions` and `end_positions` instead of `labels` (the
    /// columns the collator gave, which HF's Trainer passes on unchanged: its `label_names` for these models).
    static func inputs(_ step: LossStep, for model: any TaskModel) throws -> DictObject {
        let inputs = DictObject()
        inputs.set("input_ids", .host(TensorObject(step.inputIds)))
        inputs.set("attention_mask", .host(TensorObject(step.attentionMask)))
        if let types = step.tokenTypeIds { inputs.set("token_type_ids", .host(TensorObject(types))) }
        if model.architecture.outputClassName == "QuestionAnsweringModelOutput", case .classes(let pairs)? = step.labels {
            // The span labels travel as [s0, e0, s1, e1, …].
            let count = pairs.values.count / 2
            inputs.set("start_positions", .host(TensorObject(try IntTensor(shape: [count], values: (0..<count).map { pairs.values[2 * $0] }))))
            inputs.set("end_positions", .host(TensorObject(try IntTensor(shape: [count], values: (0..<count).map { pairs.values[2 * $0 + 1] }))))
            return inputs
        }
        switch step.labels {
        case .classes(let ids)?: inputs.set("labels", .host(TensorObject(ids)))
        case .values(let values)?: inputs.set("labels", .host(TensorObject(values)))
        case nil: break
        }
        return inputs
    }

    /// The model behind a script's model object (plain or PEFT).
    private static func taskModel(of object: HostObject) -> (any TaskModel)? {
        (object as? ModelHost)?.taskModel
    }

    private static func logits(_ outputs: Value) -> Tensor? {
        guard case .host(let object) = outputs, let record = object as? RecordObject,
              let value = record.fields.first(where: { $0.0 == "logits" })?.1,
              case .host(let logits) = value, let tensor = logits as? TensorObject else { return nil }
        return tensor.core
    }

    private static func accepts(_ method: Value, _ keyword: String) -> Bool {
        guard case .host(let object) = method, let bound = object as? BoundMethodObject, case .function(let f) = bound.callee else { return true }
        return f.parameters.contains { $0.name == keyword || $0.kind == .variadicKeywords }
    }
}

/// The `model` a `compute_loss` override receives: calling it runs the real model's forward pass with
/// gradients recorded (while training), returning outputs whose tensors keep their history; every
/// other attribute (`config`, `num_labels`, ...) is the real model's.
final class StepModel: HostBase {
    let host: HostObject
    let model: any TaskModel
    private(set) var lastLogits: Tensor?

    init(host: HostObject, model: any TaskModel) {
        self.host = host
        self.model = model
    }

    override var typeName: String { host.typeName }
    override func repr() -> String { host.repr() }

    override func asCallable() -> Builtin? {
        method("__call__", modelCallParameters, doc: "Run the model's forward pass (recording gradients while training).",
               example: "outputs = model(**inputs)") { args in
            guard !args["input_ids"].isNone else { throw ScriptError(.valueError, "You have to specify input_ids") }
            let ids = try ModelInputs.ids(args["input_ids"], name: "input_ids")
            let mask = args["attention_mask"].isNone ? nil : try ModelInputs.ids(args["attention_mask"], name: "attention_mask")
            let types = args["token_type_ids"].isNone ? nil : try ModelInputs.ids(args["token_type_ids"], name: "token_type_ids")
            let labels = try ModelInputs.lossLabels(args)
            // The Trainer's own grad mode applies: recorded while training, not while evaluating.
            var output = try self.model.forward(inputIds: ids, attentionMask: mask, tokenTypeIds: types, labels: labels)
            try ModelInputs.scaleLoss(&output, labels: labels, itemsInBatch: args["num_items_in_batch"], architecture: self.model.architecture)
            self.lastLogits = output.logits
            return ModelInputs.record(output, architecture: self.model.architecture)
        }
    }

    override func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        try host.getAttribute(name, context: context)
    }

    override var attributeNames: [String] { host.attributeNames }
}
