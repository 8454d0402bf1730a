import PythonBasics
import Foundation
import Lang
import TensorCore

/// `torch.nn.functional.cross_entropy` and `torch.nn.CrossEntropyLoss` with PyTorch's definitions
/// (class weights, `ignore_index`, `reduction`). On logits from a Trainer step's forward pass the result
/// keeps the autograd history, so a `compute_loss` override can train with a weighted loss.
enum TorchLosses {
    static let crossEntropyParameters: [Parameter] = [
        .optional("weight"), .keyword("ignore_index", .int, default: .int(-100)),
        .keyword("reduction", .choice(["mean", "sum", "none"]), default: .str("mean")),
    ]

    static let crossEntropy = Builtin("cross_entropy", owner: "torch.nn.functional",
                                      [Parameter("input"), Parameter("target")] + crossEntropyParameters,
                                      doc: "Cross-entropy of logits [N, C] against class ids [N] (weight= per class, as PyTorch).",
                                      example: "loss = F.cross_entropy(logits, labels, weight=torch.tensor([1.0, 3.0]))") { args in
        try bridged { try compute(args["input"], args["target"], weight: args["weight"], ignoreIndex: try args.int("ignore_index"),
                                  reduction: try args.string("reduction")) }
    }

    static let crossEntropyLoss = Builtin("CrossEntropyLoss", owner: "torch.nn", crossEntropyParameters,
                                          doc: "A cross-entropy loss function object: loss_fct(logits, labels).",
                                          example: "loss_fct = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 3.0]))") { args in
        .host(CrossEntropyLossObject(weight: args["weight"], ignoreIndex: try args.int("ignore_index"), reduction: try args.string("reduction")))
    }

    static var functional: ModuleTable {
        ModuleTable(name: "torch.nn.functional", doc: "Loss functions (cross_entropy).", builtins: [crossEntropy])
    }

    static var nn: ModuleTable {
        ModuleTable(name: "torch.nn", doc: "Loss function objects (CrossEntropyLoss).", builtins: [crossEntropyLoss])
    }

    /// Mean (or sum, or per-example) of `-weight[y] * log_softmax(x)[y]`; the mean divides by the summed
    /// weights of the counted targets, as PyTorch does.
    static func compute(_ input: Value, _ target: Value, weight: Value, ignoreIndex: Int, reduction: String) throws -> Value {
        guard case .host(let object) = input, let inputTensor = object as? TensorObject else {
            throw ScriptError(.typeError, "cross_entropy(): input must be a Tensor of logits, not \(input.typeName)")
        }
        var logits: Tensor
        if let graph = inputTensor.graph {
            logits = graph
        } else {
            logits = try Tensor(shape: inputTensor.array.shape, values: inputTensor.array.values.map(Float.init))
        }
        if logits.rank == 1 { logits = try logits.reshape([1, logits.shape[0]]) }
        guard logits.rank == 2 else {
            throw ScriptError(.valueError, "cross_entropy(): input must have shape [N, C], got \(shapeTuple(logits.shape))",
                              help: "flatten it first: logits.view(-1, num_labels)")
        }
        let (rows, classes) = (logits.shape[0], logits.shape[1])
        let labels = try NDArray.from(target).values.map { try CheckedInt.truncating($0, what: "target") }
        guard labels.count == rows else {
            throw ScriptError(.valueError, "Expected input batch_size (\(rows)) to match target batch_size (\(labels.count)).")
        }
        var classWeights = [Double](repeating: 1, count: classes)
        if !weight.isNone {
            let w = try NDArray.from(weight)
            guard w.count == classes else {
                throw ScriptError(.valueError, "cross_entropy(): weight has \(w.count) entries but there are \(classes) classes")
            }
            classWeights = w.values
        }
        var indices = [Int32](repeating: 0, count: rows)
        var perRow = [Float](repeating: 0, count: rows)
        var total = 0.0
        for (i, label) in labels.enumerated() where label != ignoreIndex {
            guard label >= 0 && label < classes else {
                throw ScriptError(.indexError, "Target \(label) is out of bounds.", notes: ["there are \(classes) classes"])
            }
            indices[i] = Int32(label)
            perRow[i] = Float(classWeights[label])
            total += classWeights[label]
        }
        let picked = try logits.logSoftmax(axis: -1).gather(axis: 1, indices: try IntTensor(shape: [rows, 1], values: indices))  // [N, 1]
        let weighted = try picked * (try Tensor(shape: [rows, 1], values: perRow))  // [N, 1]
        let result: Tensor
        switch reduction {
        case "none": result = try weighted.reshape([rows]).scaled(by: -1)
        case "sum": result = weighted.sum().scaled(by: -1)
        default: result = weighted.sum().scaled(by: Float(-1 / total))
        }
        return .host(inputTensor.graph == nil ? TensorObject(result) : TensorObject.differentiable(result))
    }
}

/// `nn.CrossEntropyLoss(weight=...)`: call it with (logits, labels).
final class CrossEntropyLossObject: HostBase {
    let weight: Value
    let ignoreIndex: Int
    let reduction: String

    init(weight: Value, ignoreIndex: Int, reduction: String) {
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
    }

    override var typeName: String { "CrossEntropyLoss" }
    override func repr() -> String { "CrossEntropyLoss()" }

    override func asCallable() -> Builtin? {
        method("__call__", [Parameter("input"), Parameter("target")], doc: "The loss of logits against class ids.",
               example: "loss = loss_fct(logits, labels)") { args in
            try TorchLosses.compute(args["input"], args["target"], weight: self.weight, ignoreIndex: self.ignoreIndex,
                                    reduction: self.reduction)
        }
    }
}
