import Foundation
import TensorCore
import WeightIO

/// A lookup table `weight [count, dim]` (`nn.Embedding`).
public final class Embedding: Module {
    public var weight: Tensor
    /// The row kept at zero when initialised (`padding_idx`).
    public let paddingIndex: Int?
    /// The table kept in its GGUF block format (`LoadOptions.keepQuantized`); rows dequantize on lookup.
    public internal(set) var quantizedWeight: GGUFQuantizedTensor?

    public init(count: Int, dimension: Int, paddingIndex: Int? = nil) throws {
        weight = try LazyZeros.tensor([count, dimension])
        self.paddingIndex = paddingIndex
        super.init()
    }

    override public var parameters: [(name: String, tensor: Tensor)] { [("weight", weight)] }

    /// ids `[...]` → `[..., dim]`.
    public func callAsFunction(_ ids: IntTensor) throws -> Tensor {
        guard let quantizedWeight else { return try Tensor.embedding(ids: ids, weight: weight) }
        let width = quantizedWeight.columns
        let rows = try Tensor.zeros([ids.values.count, width])  // [n, dim]
        try rows.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (index, id) in ids.values.enumerated() { try quantizedWeight.dequantizeRow(Int(id), into: base + index * width) }
        }
        return try rows.reshape(ids.shape + [width])
    }
}

/// Layer normalisation over the last dimension with weight and bias (`nn.LayerNorm`).
public final class LayerNorm: Module {
    public var weight: Tensor
    public var bias: Tensor
    public let eps: Float

    public init(dimension: Int, eps: Float) throws {
        weight = try Tensor.ones([dimension])
        bias = try Tensor.zeros([dimension])
        self.eps = eps
        super.init()
    }

    override public var parameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.layerNorm(weight: weight, bias: bias, eps: eps) }
}

/// Root-mean-square normalisation over the last dimension (`LlamaRMSNorm`).
public final class RMSNorm: Module {
    public var weight: Tensor
    public let eps: Float

    public init(dimension: Int, eps: Float) throws {
        weight = try Tensor.ones([dimension])
        self.eps = eps
        super.init()
    }

    override public var parameters: [(name: String, tensor: Tensor)] { [("weight", weight)] }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.rmsNorm(weight: weight, eps: eps) }
}

/// Zeroes a fraction `p` of values in training mode and rescales the rest; identity in eval mode.
public final class Dropout: Module {
    public let p: Float
    let randomness: RandomSource

    public init(p: Float, randomness: RandomSource) {
        self.p = p
        self.randomness = randomness
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard isTraining, p > 0 else { return x }
        return try x.dropout(p: p, generator: randomness.generator, training: true)
    }
}
