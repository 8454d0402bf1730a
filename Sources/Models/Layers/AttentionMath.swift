import Foundation
import TensorCore

/// The attention arithmetic shared by BERT, DistilBERT and LLaMA.
enum AttentionMath {
    /// `[B, T, H·D]` → `[B, H, T, D]` (a view).
    static func splitHeads(_ x: Tensor, heads: Int) throws -> Tensor {
        let batch = x.shape[0], length = x.shape[1]
        return try x.reshape([batch, length, heads, -1]).permute([0, 2, 1, 3])
    }

    /// `[B, H, T, D]` → `[B, T, H·D]`.
    static func mergeHeads(_ x: Tensor) throws -> Tensor {
        let batch = x.shape[0], heads = x.shape[1], length = x.shape[2], depth = x.shape[3]
        return try x.transpose(1, 2).reshape([batch, length, heads * depth])
    }

    /// `softmax(Q·Kᵀ/√D + mask) · V` for query `[B, Hq, T, D]`, key/value `[B, Hkv, S, D]`.
    ///
    /// Masked keys get transformers' additive `(1 − mask) × float32.min`, i.e. probability 0. In
    /// training mode with `dropout > 0` the probabilities go through dropout inside TensorCore's fused
    /// kernel (the same mask, drawn the same way, as `stepByStep`, which is kept as its reference).
    static func attend(query: Tensor, key: Tensor, value: Tensor, paddingMask: IntTensor?, causal: Bool,
                       dropout: Float, training: Bool, randomness: RandomSource) throws -> Tensor {
        let rate = training ? dropout : 0
        return try Tensor.scaledDotProductAttention(query: query, key: key, value: value, paddingMask: paddingMask, causal: causal,
                                                    dropout: rate, generator: rate > 0 ? randomness.generator : nil)
    }

    /// The same attention as separate operations (matmul, additive mask, softmax, dropout, matmul).
    static func stepByStep(query: Tensor, key: Tensor, value: Tensor, paddingMask: IntTensor?, causal: Bool,
                           dropout: Float, randomness: RandomSource) throws -> Tensor {
        let batch = query.shape[0], queryHeads = query.shape[1], length = query.shape[2], depth = query.shape[3]
        let kvHeads = key.shape[1], keyLength = key.shape[2]
        var key = key, value = value
        if kvHeads != queryHeads {
            let group = queryHeads / kvHeads
            key = try key.unsqueeze(2).expand([batch, kvHeads, group, keyLength, depth]).reshape([batch, queryHeads, keyLength, depth])
            value = try value.unsqueeze(2).expand([batch, kvHeads, group, keyLength, value.shape[3]])
                .reshape([batch, queryHeads, keyLength, value.shape[3]])
        }
        var scores = try query.matmul(key.transpose(2, 3)).scaled(by: 1 / Float(depth).squareRoot())  // [B, H, T, S]
        if let bias = try additiveMask(paddingMask: paddingMask, causal: causal, batch: batch, queryLength: length, keyLength: keyLength) {
            scores = try scores + bias
        }
        let probabilities = try scores.softmax(axis: -1).dropout(p: dropout, generator: randomness.generator, training: true)
        return try probabilities.matmul(value)
    }

    /// `[B, 1, T, S]` holding 0 where attention is allowed and `float32.min` where it is not, or nil.
    static func additiveMask(paddingMask: IntTensor?, causal: Bool, batch: Int, queryLength: Int, keyLength: Int) throws -> Tensor? {
        guard paddingMask != nil || causal else { return nil }
        let minimum = -Float.greatestFiniteMagnitude
        var values = [Float](repeating: 0, count: batch * queryLength * keyLength)
        let past = keyLength - queryLength
        for b in 0..<batch {
            for t in 0..<queryLength {
                for s in 0..<keyLength {
                    let padded = paddingMask.map { $0.values[b * keyLength + s] == 0 } ?? false
                    let future = causal && s > t + past
                    if padded || future { values[(b * queryLength + t) * keyLength + s] = minimum }
                }
            }
        }
        return try Tensor(shape: [batch, 1, queryLength, keyLength], values: values)
    }

    /// Checks a forward pass's inputs: `input_ids` a non-empty `[batch, seq]`, and each mask (by name) of the
    /// same shape.
    static func checkInputs(_ ids: IntTensor, masks: [(name: String, mask: IntTensor?)]) throws {
        guard ids.rank == 2, ids.shape[0] > 0, ids.shape[1] > 0 else {
            throw ModelError("input_ids must be a non-empty [batch, seq], got shape \(shapeText(ids.shape))",
                             help: "wrap a single sequence in a list; an empty text still gets special tokens from the tokenizer")
        }
        for (name, mask) in masks { try checkMask(mask, matches: ids, name: name) }
    }

    /// Checks an `attention_mask` against the ids it goes with.
    static func checkMask(_ mask: IntTensor?, matches ids: IntTensor, name: String = "attention_mask") throws {
        guard let mask else { return }
        guard mask.shape == ids.shape else {
            throw ModelError("\(name) has shape \(shapeText(mask.shape)) but input_ids has \(shapeText(ids.shape))",
                             help: "pass the \(name) the tokenizer returned with these input_ids")
        }
    }
}

/// What a self-attention block keeps besides its projections: how many heads split the query, and the
/// dropout on the attention probabilities with the model's random stream.
struct AttentionHeads {
    let heads: Int
    let dropout: Float
    let randomness: RandomSource

    init(config: ModelConfig, randomness: RandomSource) {
        (heads, dropout, self.randomness) = (config.numAttentionHeads, config.attentionProbsDropoutProb, randomness)
    }

    /// `softmax(Q·Kᵀ/√D + mask) · V` over heads already split, merged back to `[B, T, H·D]`.
    func attend(query: Tensor, key: Tensor, value: Tensor, mask: IntTensor?, causal: Bool, training: Bool) throws -> Tensor {
        try AttentionMath.mergeHeads(AttentionMath.attend(query: query, key: key, value: value, paddingMask: mask, causal: causal,
                                                          dropout: dropout, training: training, randomness: randomness))
    }

    /// Bidirectional self-attention of an encoder: `[B, T, hidden]` projected by `query`/`key`/`value`,
    /// split into heads, attended and merged back to `[B, T, hidden]` (before any output projection).
    func encoderSelfAttention(_ hidden: Tensor, query: Linear, key: Linear, value: Linear,
                              mask: IntTensor?, training: Bool) throws -> Tensor {
        let q = try AttentionMath.splitHeads(query(hidden), heads: heads)  // [B, H, T, D]
        let k = try AttentionMath.splitHeads(key(hidden), heads: heads)
        let v = try AttentionMath.splitHeads(value(hidden), heads: heads)
        return try attend(query: q, key: k, value: v, mask: mask, causal: false, training: training)
    }
}

