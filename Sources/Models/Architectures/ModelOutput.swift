import TensorCore

/// What a model call returns (transformers' `ModelOutput`): fields a model does not compute are nil.
public struct ModelOutput {
    /// `[B, num_labels]` for classification, `[B, T, vocab]` for causal LMs. A causal LM called with
    /// labels computes its loss from the labelled positions only and makes these on first read.
    public var logits: Tensor? {
        get { storedLogits ?? deferredLogits?.tensor }
        set {
            storedLogits = newValue
            deferredLogits = nil
        }
    }
    /// Scalar loss when labels were given.
    public var loss: Tensor?
    /// `[B, T, hidden]` from the last layer (after the final norm for LLaMA).
    public var lastHiddenState: Tensor?
    /// `[B, hidden]`, BERT's tanh pooler over [CLS].
    public var poolerOutput: Tensor?
    private var storedLogits: Tensor?
    private var deferredLogits: DeferredTensor?

    public init(logits: Tensor? = nil, loss: Tensor? = nil, lastHiddenState: Tensor? = nil, poolerOutput: Tensor? = nil) {
        self.storedLogits = logits
        self.loss = loss
        self.lastHiddenState = lastHiddenState
        self.poolerOutput = poolerOutput
    }

    /// Makes `logits` on first read with `make`, under the grad mode in force now. `make` must only
    /// read tensors that nothing changes in place afterwards (activations, not trainable weights).
    mutating func deferLogits(_ make: @escaping () throws -> Tensor) {
        storedLogits = nil
        deferredLogits = DeferredTensor(make)
    }

    /// False while deferred logits have not been read yet (the training loss path never reads them).
    public var logitsAreComputed: Bool { deferredLogits?.isComputed ?? true }
}

/// A tensor computed once, on first read, with the grad mode of its creation.
final class DeferredTensor {
    private var make: (() throws -> Tensor)?
    private var value: Tensor?
    private let recordsGradients = Autograd.isEnabled

    init(_ make: @escaping () throws -> Tensor) { self.make = make }

    var isComputed: Bool { make == nil }

    /// The tensor (nil if making it failed).
    var tensor: Tensor? {
        if let make {
            value = recordsGradients ? try? Autograd.enableGrad(make) : try? Autograd.noGrad(make)
            self.make = nil
        }
        return value
    }
}
