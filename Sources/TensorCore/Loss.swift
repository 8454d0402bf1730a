import Foundation

/// Losses.
extension Tensor {
    /// PyTorch's `cross_entropy(logits, labels, ignore_index=-100, reduction="mean")`:
    /// logits `[N, C]` (or `[..., C]`, flattened), labels with N values. The mean runs over the
    /// labels that are not `ignoreIndex`; if every label is ignored the result is NaN, as in PyTorch.
    public static func crossEntropy(logits: Tensor, labels: IntTensor, ignoreIndex: Int32 = -100) throws -> Tensor {
        let (source, logSums, valid, mean) = try crossEntropyForward(logits: logits, labels: labels, ignoreIndex: ignoreIndex)
        let classes = logits.shape[logits.rank - 1]
        let rows = logits.count / Swift.max(classes, 1)
        let result = Tensor(scalar: mean)
        let labelValues = labels.values
        return record(result, "cross_entropy", [logits]) { [source] gradient in
            // d/dlogits = (softmax − onehot) · g / valid, zero for ignored rows.
            let scale = gradient.data[0] / Float(Swift.max(valid, 1))
            let dx = Tensor(uninitialized: logits.shape)  // every row is written below
            let x = source.data, out = dx.data, sums = logSums.base
            labelValues.withUnsafeBufferPointer { labelBuffer in
                Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(classes, 1))) { range in
                    for row in range {
                        let line = x + row * classes, target = out + row * classes
                        if labelBuffer[row] == ignoreIndex {
                            target.update(repeating: 0, count: classes)
                            continue
                        }
                        let logSum = sums[row]
                        for column in 0..<classes { target[column] = FastMath.exp(line[column] - logSum) * scale }
                        target[Int(labelBuffer[row])] -= scale
                    }
                }
            }
            return [dx]
        }
    }

    /// The checks and forward pass of `crossEntropy`: the contiguous logits, each row's log Σ exp, the
    /// number of rows not ignored, and the mean loss (NaN when every row is ignored).
    static func crossEntropyForward(logits: Tensor, labels: IntTensor, ignoreIndex: Int32)
        throws -> (source: Tensor, logSums: TensorStorage, valid: Int, mean: Float) {
        guard logits.rank >= 1 else { throw TensorError("cross_entropy: logits need a class dimension") }
        let classes = logits.shape[logits.rank - 1]
        let rows = logits.count / Swift.max(classes, 1)
        guard labels.count == rows else {
            throw TensorError("cross_entropy: \(rows) rows of logits (shape \(shapeText(logits.shape))) but \(labels.count) labels",
                              help: "pass one label per row of logits")
        }
        if let bad = labels.values.first(where: { $0 != ignoreIndex && ($0 < 0 || Int($0) >= classes) }) {
            throw TensorError("cross_entropy: label \(bad) is outside 0..<\(classes)",
                              help: "labels must be class indices below num_labels (\(classes)), or \(ignoreIndex) to ignore a position")
        }
        let source = logits.contiguousData()
        let x = source.data
        let valid = labels.values.reduce(0) { $0 + ($1 == ignoreIndex ? 0 : 1) }
        let logSums = TensorStorage(uninitialized: rows)
        let sums = logSums.base
        // Row log-sum-exps on both cores (a language-model head has 50k classes per row).
        Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(classes, 1))) { range in
            for row in range { sums[row] = Tensor.logSumExp(x + row * classes, classes) }
        }
        var total: Double = 0
        for row in 0..<rows where labels.values[row] != ignoreIndex {
            total += Double(sums[row] - x[row * classes + Int(labels.values[row])])
        }
        return (source, logSums, valid, valid == 0 ? Float.nan : Float(total / Double(valid)))
    }

    /// Mean squared error `mean((prediction − target)²)` (regression heads).
    public static func mseLoss(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        guard prediction.count == target.count else {
            throw TensorError("mse_loss: prediction \(shapeText(prediction.shape)) and target \(shapeText(target.shape)) differ in size")
        }
        return try prediction.subtracting(target.reshape(prediction.shape)).square().mean()
    }
}
