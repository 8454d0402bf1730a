import Foundation

/// Rotary position embedding (RoPE) on tensors shaped `[..., seq, headDim]`.
///
/// Each pair of features is rotated by angle `position · base^(−2i/headDim)`. Which features
/// pair up depends on the layout: Hugging Face's `rotate_half` pairs `i` with `i + headDim/2`;
/// GGUF/llama.cpp's original LLaMA layout pairs `2i` with `2i + 1`.
public struct RotaryEmbedding {
    public enum Layout: Equatable {
        /// HF `rotate_half`: (x[i], x[i + d/2]).
        case halves
        /// Interleaved (GGUF, Meta's original): (x[2i], x[2i+1]).
        case interleaved
    }

    public let headDim: Int
    public let base: Float
    public let layout: Layout
    /// `1 / base^(2i/headDim)` for each pair, computed in Float32 like transformers.
    let inverseFrequencies: [Float]

    public init(headDim: Int, base: Float = 10_000, layout: Layout = .halves) throws {
        guard headDim > 0, headDim % 2 == 0 else {
            throw TensorError("rotary embedding needs an even head dimension, got \(headDim)")
        }
        self.headDim = headDim
        self.base = base
        self.layout = layout
        inverseFrequencies = (0..<(headDim / 2)).map { 1 / powf(base, Float(2 * $0) / Float(headDim)) }
    }

    /// Rotates `x` (`[..., seq, headDim]`) for positions `positionOffset ..< positionOffset + seq`.
    public func apply(_ x: Tensor, positionOffset: Int = 0) throws -> Tensor {
        guard x.rank >= 2 else { throw TensorError("rotary embedding needs [..., seq, head_dim], got \(shapeText(x.shape))") }
        return try apply(x, positions: Array(positionOffset..<(positionOffset + x.shape[x.rank - 2])))
    }

    /// Rotates `x` (`[..., seq, headDim]`) with one position per sequence entry.
    public func apply(_ x: Tensor, positions: [Int]) throws -> Tensor {
        guard x.rank >= 2, x.shape[x.rank - 1] == headDim else {
            throw TensorError("rotary embedding: input \(shapeText(x.shape)) must end in [seq, \(headDim)]")
        }
        let seq = x.shape[x.rank - 2]
        guard positions.count == seq else {
            throw TensorError("rotary embedding: \(positions.count) positions for a sequence of \(seq)")
        }
        let half = headDim / 2
        let cosines = TensorStorage(uninitialized: seq * half), sines = TensorStorage(uninitialized: seq * half)
        for (t, position) in positions.enumerated() {
            for i in 0..<half {
                let angle = Float(position) * inverseFrequencies[i]
                cosines.base[t * half + i] = cosf(angle)
                sines.base[t * half + i] = sinf(angle)
            }
        }
        let source = x.contiguousData()
        let result = Tensor(uninitialized: x.shape)
        let layout = self.layout, headDim = self.headDim
        let rows = x.count / headDim
        Self.rotate(source.data, into: result.data, rows: rows, seq: seq, half: half, headDim: headDim,
                    cosines: cosines.base, sines: sines.base, inverse: false, layout: layout)
        return Tensor.record(result, "rotary", [x]) { gradient in
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: g.shape)
            Self.rotate(g.data, into: dx.data, rows: rows, seq: seq, half: half, headDim: headDim,
                        cosines: cosines.base, sines: sines.base, inverse: true, layout: layout)
            return [dx]
        }
    }

    /// Rotates every row (row r has position index r % seq); `inverse` rotates by −angle (the backward).
    static func rotate(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, seq: Int,
                       half: Int, headDim: Int, cosines: UnsafePointer<Float>, sines: UnsafePointer<Float>,
                       inverse: Bool, layout: Layout) {
        let sign: Float = inverse ? -1 : 1
        let (pairStride, partnerOffset) = layout == .halves ? (1, half) : (2, 1)
        Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 8_192 / headDim)) { range in
            for row in range {
                let t = row % seq
                let line = input + row * headDim, target = output + row * headDim
                let c = cosines + t * half, s = sines + t * half
                for i in 0..<half {
                    let first = i * pairStride, second = first + partnerOffset
                    let a = line[first], b = line[second]
                    let sine = sign * s[i]
                    target[first] = a * c[i] - b * sine
                    target[second] = b * c[i] + a * sine
                }
            }
        }
    }
}
