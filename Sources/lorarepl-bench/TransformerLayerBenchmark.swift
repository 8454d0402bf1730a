import Foundation
import TensorCore

/// A BERT encoder layer (post-LayerNorm, GELU) built from TensorCore ops, as the Models layer will:
/// hidden 384, 12 heads, FFN 1536, batch 16 × 64 tokens, with a padding mask and BERT's training dropouts
/// (0.1 on attention weights and hidden states). Optionally LoRA
/// (r=8, alpha=16, dropout 0.1) on query and value with every base weight frozen.
final class BenchLayer {
    struct LoRA { let a: Tensor; let b: Tensor }  // A [r, in], B [out, r]
    let query, key, value, output, intermediate, down: (weight: Tensor, bias: Tensor)
    let norm1, norm2: (weight: Tensor, bias: Tensor)
    var loraQuery: LoRA?, loraValue: LoRA?
    let heads: Int
    let generator: RandomGenerator
    /// Use the fused `Tensor.loraLinear` instead of composing linear/dropout/scale/add.
    let fusedLoRA: Bool

    init(hidden: Int, heads: Int, ffn: Int, lora rank: Int?, trainBase: Bool, fusedLoRA: Bool = true, generator: RandomGenerator) throws {
        self.heads = heads
        self.fusedLoRA = fusedLoRA
        self.generator = generator
        func linear(_ out: Int, _ inFeatures: Int) throws -> (weight: Tensor, bias: Tensor) {
            let weight = try Tensor.normal([out, inFeatures], std: 0.02, generator: generator)
            let bias = try Tensor.zeros([out])
            weight.requiresGrad = trainBase
            bias.requiresGrad = trainBase
            return (weight, bias)
        }
        func norm() throws -> (weight: Tensor, bias: Tensor) {
            let weight = try Tensor.ones([hidden]), bias = try Tensor.zeros([hidden])
            weight.requiresGrad = trainBase
            bias.requiresGrad = trainBase
            return (weight, bias)
        }
        query = try linear(hidden, hidden); key = try linear(hidden, hidden); value = try linear(hidden, hidden)
        output = try linear(hidden, hidden); intermediate = try linear(ffn, hidden); down = try linear(hidden, ffn)
        norm1 = try norm(); norm2 = try norm()
        if let rank {
            func adapter() throws -> LoRA {
                let a = try Tensor.kaimingUniform([rank, hidden], generator: generator)
                let b = try Tensor.normal([hidden, rank], std: 0.01, generator: generator)  // non-zero so grads flow everywhere
                a.requiresGrad = true
                b.requiresGrad = true
                return LoRA(a: a, b: b)
            }
            loraQuery = try adapter()
            loraValue = try adapter()
        }
    }

    var trainable: [Tensor] {
        let base = [query, key, value, output, intermediate, down, norm1, norm2].flatMap { [$0.weight, $0.bias] }
        let adapters = [loraQuery, loraValue].compactMap { $0 }.flatMap { [$0.a, $0.b] }
        return (base + adapters).filter(\.requiresGrad)
    }

    private func project(_ x: Tensor, _ layer: (weight: Tensor, bias: Tensor), _ lora: LoRA?) throws -> Tensor {
        guard let lora else { return try Tensor.linear(x, weight: layer.weight, bias: layer.bias) }
        if fusedLoRA {
            return try Tensor.loraLinear(x, weight: layer.weight, bias: layer.bias, loraA: lora.a, loraB: lora.b, scaling: 2,
                                         dropout: 0.1, generator: generator)
        }
        let base = try Tensor.linear(x, weight: layer.weight, bias: layer.bias)
        let dropped = try x.dropout(p: 0.1, generator: generator)
        let delta = try Tensor.linear(Tensor.linear(dropped, weight: lora.a), weight: lora.b)
        return try base + delta * 2  // scaling alpha / r = 16 / 8
    }

    /// x `[B, T, hidden]` → `[B, T, hidden]`.
    func callAsFunction(_ x: Tensor, mask: IntTensor) throws -> Tensor {
        let (batch, length, hidden) = (x.shape[0], x.shape[1], x.shape[2])
        let headDim = hidden / heads
        func split(_ t: Tensor) throws -> Tensor { try t.reshape([batch, length, heads, headDim]).permute([0, 2, 1, 3]) }
        let q = try split(project(x, query, loraQuery))
        let k = try split(project(x, key, nil))
        let v = try split(project(x, value, loraValue))
        let context = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, paddingMask: mask,
                                                           dropout: Autograd.isEnabled ? 0.1 : 0, generator: generator)
            .transpose(1, 2).reshape([batch, length, hidden])
        let attended = try (Tensor.linear(context, weight: output.weight, bias: output.bias).dropout(p: 0.1, generator: generator) + x)
            .layerNorm(weight: norm1.weight, bias: norm1.bias, eps: 1e-12)
        let inner = try Tensor.linear(attended, weight: intermediate.weight, bias: intermediate.bias).gelu()
        let out = try Tensor.linear(inner, weight: down.weight, bias: down.bias).dropout(p: 0.1, generator: generator)
        return try (out + attended).layerNorm(weight: norm2.weight, bias: norm2.bias, eps: 1e-12)
    }
}

enum TransformerLayerBenchmark {
    static let (batch, length, hidden, heads, ffn) = (16, 64, 384, 12, 1536)

    static func inputs(_ generator: RandomGenerator, requiresGrad: Bool) throws -> (Tensor, IntTensor) {
        let x = try Tensor.normal([batch, length, hidden], generator: generator)
        x.requiresGrad = requiresGrad
        // Realistic padding: sequence i keeps 64 − 2i tokens.
        let mask = try IntTensor(shape: [batch, length], values: (0..<(batch * length)).map { index in
            Int32(index % length < length - 2 * (index / length) ? 1 : 0)
        })
        return (x, mask)
    }

    static func run(_ options: BenchmarkOptions) throws {
        let generator = RandomGenerator(seed: 3)
        let tokens = batch * length
        let gemmFlops = 2.0 * Double(tokens) * Double(4 * hidden * hidden + 2 * hidden * ffn)
            + 2.0 * 2.0 * Double(batch * heads) * Double(length * length * (hidden / heads))
        let configurations: [(String, Int?, Bool, Bool, Bool)] = [
            ("full fine-tune (all weights trainable)", nil, true, false, false),
            ("LoRA r=8 q,v composed ops (base frozen, input needs grad)", 8, false, true, false),
            ("LoRA r=8 q,v fused lora_linear (base frozen, input needs grad)", 8, false, true, true),
        ]
        for (label, lora, trainBase, inputGrad, fused) in configurations {
            let layer = try BenchLayer(hidden: hidden, heads: heads, ffn: ffn, lora: lora, trainBase: trainBase, fusedLoRA: fused,
                                       generator: generator)
            let (x, mask) = try inputs(generator, requiresGrad: inputGrad)
            let forwardTimes = try measure(iterations: options.iterations) { _ = try Autograd.noGrad { try layer(x, mask: mask) } }
            let stepTimes = try measure(iterations: options.iterations) {
                let loss = try layer(x, mask: mask).square().mean()
                try loss.backward()
                for parameter in layer.trainable { parameter.zeroGrad() }
                x.zeroGrad()
            }
            let forward = summarize(forwardTimes), step = summarize(stepTimes)
            print(String(format: "layer %@: forward (no grad) %.1f ms, forward+backward median %.1f ms (best %.1f, CPU %.1f ms); forward GEMM work %.2f GFLOP",
                         label, forward.median, step.median, step.minimum, step.cpu, gemmFlops / 1e9))
        }
    }

    /// Six LoRA layers (MiniLM-L6's encoder) forward + backward: the bulk of a LoRA training step.
    static func runEncoder(_ options: BenchmarkOptions) throws {
        let generator = RandomGenerator(seed: 4)
        let layers = try (0..<6).map { _ in
            try BenchLayer(hidden: hidden, heads: heads, ffn: ffn, lora: 8, trainBase: false, generator: generator)
        }
        let (x, mask) = try inputs(generator, requiresGrad: false)
        let times = try measure(iterations: options.iterations) {
            var hiddenStates = x
            for layer in layers { hiddenStates = try layer(hiddenStates, mask: mask) }
            let loss = try hiddenStates.select(axis: 1, index: 0).square().mean()
            try loss.backward()
            for layer in layers { for parameter in layer.trainable { parameter.zeroGrad() } }
        }
        let step = summarize(times)
        print(String(format: "encoder 6×LoRA layers, batch 16×64: forward+backward median %.1f ms (best %.1f, CPU %.1f ms) = %.1f samples/s",
                     step.median, step.minimum, step.cpu, 16_000 / step.median))
    }
}
