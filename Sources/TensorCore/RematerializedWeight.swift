/// A frozen weight `[rows, columns]` that is not kept as fp32 in memory (e.g. GGUF blocks, QLoRA-style):
/// `fill` writes its values into a buffer of `rows · columns` floats. `Tensor.linear` and
/// `Tensor.loraLinear` given one fill a temporary buffer in forward, free it, and fill it again in
/// backward for the input gradient, so no fp32 copy of the weight stays alive between the two. The
/// weight gets no gradient (it is frozen); the values must be the same on every call.
public struct RematerializedWeight {
    public let rows: Int
    public let columns: Int
    public let fill: (UnsafeMutableBufferPointer<Float>) throws -> Void

    public init(rows: Int, columns: Int, fill: @escaping (UnsafeMutableBufferPointer<Float>) throws -> Void) {
        self.rows = rows
        self.columns = columns
        self.fill = fill
    }

    /// A fresh contiguous `[rows, columns]` tensor holding the weight.
    public func materialize() throws -> Tensor {
        let dense = Tensor(uninitialized: [rows, columns])
        try fill(UnsafeMutableBufferPointer(start: dense.data, count: dense.count))
        return dense
    }

    /// Checks that it can stand in for `weight` (same shape, no gradient wanted).
    func check(standingFor weight: Tensor, in operation: String) throws {
        guard weight.shape == [rows, columns] else {
            throw TensorError("\(operation): the rematerialized weight is [\(rows), \(columns)] but the weight placeholder is \(shapeText(weight.shape))")
        }
        guard !weight.requiresGrad else {
            throw TensorError("\(operation): a weight rebuilt on each use (kept quantized) is frozen and cannot get a gradient",
                              help: "freeze it (requires_grad = False), e.g. by training LoRA adapters with get_peft_model")
        }
    }
}

extension Tensor {
    /// The weight rebuilt in backward (an internal error if neither a kept weight nor a rebuilder exists).
    static func rebuilt(_ rematerialized: RematerializedWeight?) throws -> Tensor {
        guard let rematerialized else { throw TensorError("internal: no weight to compute the input gradient with") }
        return try rematerialized.materialize()
    }
}
