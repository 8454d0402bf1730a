/// The row passes of `scaledDotProductAttention`: the masked softmax and its backward, each row only
/// up to the last key with a weight (`AttentionTiles.weightEnd`), zeros after it.
extension Tensor {
    /// In-place softmax of score rows `[B·H·T, S]` with padding and causal masks (masked → 0).
    static func maskedSoftmax(_ scores: UnsafeMutablePointer<Float>, rows: Int, heads: Int, tiles: AttentionTiles,
                              paddingMask: [Int32]?) {
        let queryLength = tiles.queryLength, keyLength = tiles.keyLength
        paddingMask.withOptionalBuffer { mask in
            Parallel.forEachRow(rows, width: keyLength) { row in
                let line = scores + row * keyLength
                let t = row % queryLength, b = row / (queryLength * heads)
                let visibleEnd = tiles.visibleEnd(t)
                let keep = mask.map { $0 + b * keyLength }
                // A NaN score makes the whole row NaN (as in PyTorch), so NaN weights surface as a NaN
                // loss instead of being mistaken for a fully masked row.
                var maximum = -Float.infinity
                var visibleKeys = 0
                for s in 0..<visibleEnd where (keep?[s] ?? 1) != 0 {
                    visibleKeys += 1
                    let score = line[s]
                    if score.isNaN { maximum = .nan } else if score > maximum { maximum = score }
                }
                if visibleKeys == 0 {  // every key masked: attend uniformly
                    let uniform = 1 / Float(Swift.max(keyLength, 1))
                    for s in 0..<keyLength { line[s] = uniform }
                    return
                }
                // Keys up to the causal limit (padding → 0), then zeros: runs that vectorise.
                if let keep {
                    for s in 0..<visibleEnd { line[s] = keep[s] != 0 ? FastMath.exp(line[s] - maximum) : 0 }
                } else {
                    for s in 0..<visibleEnd { line[s] = FastMath.exp(line[s] - maximum) }
                }
                for s in visibleEnd..<keyLength { line[s] = 0 }
                let inverse = 1 / Summation.sum(line, visibleEnd)
                for s in 0..<visibleEnd { line[s] *= inverse }
            }
        }
    }

    /// `dS = scale · P ⊙ (dP − Σ dP⊙P)` in place over the `[B·H·T, S]` rows of `dP` (first multiplied by the
    /// dropout mask); entries past a row's last weight are set to 0 (their dP was not computed).
    static func softmaxBackward(_ gradient: UnsafeMutablePointer<Float>, probabilities: UnsafePointer<Float>,
                                dropMask: UnsafePointer<Float>?, rows: Int, heads: Int, tiles: AttentionTiles, scale: Float) {
        let queryLength = tiles.queryLength, keyLength = tiles.keyLength
        Parallel.forEachRow(rows, width: keyLength) { row in
            let line = probabilities + row * keyLength, target = gradient + row * keyLength
            let end = tiles.weightEnd(batch: row / (queryLength * heads), row % queryLength)
            if let dropMask {
                let rowMask = dropMask + row * keyLength
                for s in 0..<end { target[s] *= rowMask[s] }
            }
            let dot = Summation.dot(target, line, end)
            for s in 0..<end { target[s] = scale * line[s] * (target[s] - dot) }
            for s in end..<keyLength { target[s] = 0 }
        }
    }
}

extension Optional where Wrapped == [Int32] {
    /// Calls `body` with a pointer to the array's elements, or nil.
    func withOptionalBuffer<Result>(_ body: (UnsafePointer<Int32>?) -> Result) -> Result {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
