import Foundation

/// The record of one operation in the autograd graph: its inputs and how to turn the gradient
/// of its output into gradients of those inputs (`nil` for inputs that need none).
final class GradNode {
    let operation: String
    let inputs: [Tensor]
    let backward: (Tensor) throws -> [Tensor?]
    /// The inputs whose values `backward` reads (PyTorch's saved variables) and their versions when saved.
    var saved: [Tensor] = []
    var savedVersions: [Int] = []
    /// Whether `backward` reads the node's own output (exp, sigmoid, softmax...); kept as a flag, not a
    /// reference, so the output and its node form no cycle.
    var savesOutput = false

    init(operation: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.operation = operation
        self.inputs = inputs
        self.backward = backward
    }
}

/// PyTorch's version counter of one script-level tensor: every in-place write adds one. The core never
/// writes a tensor in place during autograd; the script layer (which replaces a written tensor with the
/// write's graph node, or writes a parameter's storage under no_grad) bumps it, so that `backward()` can
/// refuse a graph whose saved values were written afterwards, as PyTorch does.
public final class VersionCounter {
    /// Number of in-place writes so far.
    public private(set) var value = 0
    /// PyTorch's name of the node the last write made (`Add`, `Fill2`, `torch::autograd::CopySlices`).
    public private(set) var lastWrite: String?

    public init() {}

    /// One more in-place write, named as PyTorch's `grad_fn` of its result.
    public func bump(_ writeName: String?) {
        value += 1
        lastWrite = writeName
    }
}

/// Autograd switches.
public enum Autograd {
    /// Per-thread "grad mode" off marker (PyTorch's grad mode is thread-local too): unset means enabled.
    private static let disabledKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// When false, operations record nothing (inference, optimizer updates, backward itself). It belongs
    /// to the calling thread, so a session evaluating under `noGrad` on one thread never turns off the
    /// graph of a session training on another. Parallel kernels never consult it.
    public internal(set) static var isEnabled: Bool {
        get { pthread_getspecific(disabledKey) == nil }
        set { pthread_setspecific(disabledKey, newValue ? nil : UnsafeRawPointer(bitPattern: 1)) }
    }

    /// Runs `body` with autograd off, like `torch.no_grad()`.
    public static func noGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = isEnabled
        isEnabled = false
        defer { isEnabled = previous }
        return try body()
    }

    /// Runs `body` with autograd on (inside a no-grad scope, for example).
    public static func enableGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = isEnabled
        isEnabled = true
        defer { isEnabled = previous }
        return try body()
    }
}

extension Tensor {
    /// Attaches a graph node to `result` when autograd is on and some input requires gradients.
    /// The closure receives the output gradient and returns one gradient (or nil) per input; it
    /// should check `inputs[i].requiresGrad` and skip work for inputs that need none.
    /// `saving` lists the inputs whose values `backward` reads, `savingOutput` whether it reads the result:
    /// `backward()` refuses them once written in place (PyTorch's version-counter check).
    @inline(__always)
    static func record(_ result: Tensor, _ operation: String, _ inputs: [Tensor], saving saved: [Tensor] = [],
                       savingOutput: Bool = false, backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        guard Autograd.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return result }
        result.requiresGrad = true
        let node = GradNode(operation: operation, inputs: inputs, backward: backward)
        if !saved.isEmpty {
            node.saved = saved
            node.savedVersions = saved.map { $0.versionCounter?.value ?? 0 }
        }
        node.savesOutput = savingOutput
        result.gradNode = node
        return result
    }

    /// `values` recorded as the result of an operation PyTorch has no derivative for (`scatter(reduce=...)`):
    /// `backward()` through it raises PyTorch's error, as the forward pass stays allowed.
    public static func withoutDerivative(_ values: Tensor, of inputs: [Tensor], name: String) -> Tensor {
        record(values, name, inputs) { _ in throw TensorError("derivative for aten::\(name) is not implemented") }
    }

    /// PyTorch's error when a value this node saved was written in place after it was saved.
    private static func checkSavedVersions(_ node: GradNode, output: Tensor) throws {
        var checks = Array(zip(node.saved, node.savedVersions))
        if node.savesOutput { checks.append((output, 0)) }
        for (saved, expected) in checks {
            let now = saved.versionCounter?.value ?? 0
            guard now != expected else { continue }
            var description = "[torch.FloatTensor \(shapeText(saved.shape))]"
            if saved === output {
                description += ", which is output 0 of \(Tensor.pytorchNodeName(node.operation)),"
            } else if saved.isViewOfScriptTensor {
                description += ", which is output 0 of AsStrided,"
            } else if saved.gradNode != nil, let write = saved.versionCounter?.lastWrite {
                description += ", which is output 0 of \(write),"
            }
            throw TensorError("one of the variables needed for gradient computation has been modified by an inplace operation: \(description) is at version \(now); expected version \(expected) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
                              help: "write out of place instead (y = y + 1, y = torch.where(mask, v, y)), or clone before writing (y = y.clone(); y[0] = 0): the backward of \(Tensor.pytorchNodeName(node.operation)) needs the values as they were")
        }
    }

    /// PyTorch's `grad_fn` name (without `Backward0`) of the core operations that save values.
    static func pytorchNodeName(_ operation: String) -> String {
        let names = ["exp": "Exp", "log": "Log", "sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu", "sqrt": "Sqrt",
                     "square": "Pow", "pow": "Pow", "softmax": "Softmax", "log_softmax": "LogSoftmax", "mul": "Mul",
                     "div": "Div", "matmul": "Mm", "gelu": "Gelu", "silu": "Silu", "clamp": "Clamp", "root": "LinalgVectorNorm",
                     "add": "Add", "add_scalar": "Add", "sub": "Sub", "scale": "Mul", "dropout": "Mul", "sum_all": "Sum",
                     "cross_entropy": "NllLoss", "cross_entropy_of_linear": "NllLoss", "reshape": "View", "permute": "Permute",
                     "unsqueeze": "Unsqueeze", "squeeze": "Squeeze", "take": "Index", "where": "Where", "gather": "Gather",
                     "concat": "Cat", "cumsum": "Cumsum", "expand": "Expand", "slice": "Slice", "contiguous": "Clone",
                     "embedding": "Embedding", "layer_norm": "NativeLayerNorm", "lora_linear": "Add", "abs": "Abs",
                     "index_put": "IndexPut", "index_put_accumulate": "IndexPut"]
        return names[operation] ?? operation
    }

    /// Computes gradients of this tensor with respect to every leaf that requires them, and adds
    /// them to the leaves' `.grad` (accumulating over calls, like PyTorch). `gradient` defaults to
    /// 1 for a one-element tensor. The graph is released afterwards unless `retainGraph`.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad else {
            throw TensorError("backward() was called on a tensor that does not require gradients",
                              help: "set requiresGrad = true on the weights you train before computing the loss")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw TensorError("backward(gradient:) got shape \(shapeText(gradient.shape)) for a tensor of shape \(shapeText(shape))")
            }
            seed = gradient
        } else {
            guard count == 1 else {
                throw TensorError("backward() without a gradient needs a one-element loss, got shape \(shapeText(shape))",
                                  help: "reduce the output first, e.g. loss = out.mean()")
            }
            seed = try Tensor.full(shape, value: 1)
        }
        try Autograd.noGrad {
            let order = topologicalOrder()
            var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
            for tensor in order.reversed() {
                guard var gradient = grads.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
                for entry in tensor.gradHooks {
                    guard let replaced = try entry.hook(gradient) else { continue }
                    guard replaced.shape == gradient.shape else {
                        throw TensorError("hook returned a gradient of shape \(shapeText(replaced.shape)) for a tensor of shape \(shapeText(tensor.shape))",
                                          help: "a gradient hook must return None or a tensor shaped like the gradient it got")
                    }
                    gradient = replaced
                }
                guard let node = tensor.gradNode else {
                    try tensor.accumulateGrad(gradient)
                    continue
                }
                if tensor.retainsGrad { try tensor.accumulateGrad(gradient) }
                if !node.saved.isEmpty || node.savesOutput { try Tensor.checkSavedVersions(node, output: tensor) }
                let inputGrads = try node.backward(gradient)
                for (input, inputGrad) in zip(node.inputs, inputGrads) {
                    guard input.requiresGrad, let inputGrad else { continue }
                    let key = ObjectIdentifier(input)
                    if let existing = grads[key] {
                        grads[key] = try existing.adding(inputGrad)
                    } else {
                        grads[key] = inputGrad
                    }
                }
                if !retainGraph { tensor.gradNode = nil }
            }
        }
    }

    /// Every tensor reachable from this one through graph nodes, inputs before outputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (tensor, expanded) = stack.popLast() {
            if expanded {
                order.append(tensor)
                continue
            }
            let key = ObjectIdentifier(tensor)
            if visited.contains(key) { continue }
            visited.insert(key)
            stack.append((tensor, true))
            for input in tensor.gradNode?.inputs ?? [] where input.requiresGrad {
                if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    /// `grad += gradient` for a leaf (a fresh copy the first time, so `.grad` never aliases).
    private func accumulateGrad(_ gradient: Tensor) throws {
        guard gradient.shape == shape else {
            throw TensorError("internal: gradient shape \(shapeText(gradient.shape)) does not match \(shapeText(shape))")
        }
        if let existing = grad {
            let source = gradient.contiguousData()
            let target = existing.data, values = source.data
            Parallel.forEach(count) { range in
                for index in range { target[index] += values[index] }
            }
        } else {
            grad = gradient.copy()
        }
    }

    /// Clears `.grad` (sets it to nil), like `optimizer.zero_grad(set_to_none=True)`.
    public func zeroGrad() { grad = nil }
}
