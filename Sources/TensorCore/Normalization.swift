import Foundation

/// Layer norm and RMS norm over the last dimension, with fused backward. Parameter gradients are
/// summed per chunk and then in chunk order, so results are deterministic.
extension Tensor {
    /// `(x − mean) / sqrt(var + eps) · weight + bias` over the last dimension (biased variance,
    /// like `nn.LayerNorm`). `weight`, `bias`: `[hidden]` or nil.
    public func layerNorm(weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) throws -> Tensor {
        try normalizeRows(weight: weight, bias: bias, eps: eps, centred: true, op: "layer_norm")
    }

    /// `x / sqrt(mean(x²) + eps) · weight` over the last dimension (LLaMA's RMSNorm).
    public func rmsNorm(weight: Tensor?, eps: Float = 1e-6) throws -> Tensor {
        try normalizeRows(weight: weight, bias: nil, eps: eps, centred: false, op: "rms_norm")
    }

    /// The one kernel behind both norms: x̂ = (x − m)·rstd with m the row mean (`centred`, layer norm)
    /// or 0 (RMS norm) and rstd = 1/sqrt(mean((x − m)²) + eps); y = x̂·weight + bias.
    /// With m = 0 every product and sum is the RMS norm's own, so both keep their exact bits.
    private func normalizeRows(weight: Tensor?, bias: Tensor?, eps: Float, centred: Bool, op: String) throws -> Tensor {
        let width = try normalizedWidth(weight, bias, op: op)
        let rows = count / Swift.max(width, 1)
        let source = contiguousData()
        let gamma = weight?.contiguousData(), beta = bias?.contiguousData()
        let result = Tensor(uninitialized: shape)
        let means = TensorStorage(uninitialized: rows), inverseStds = TensorStorage(uninitialized: rows)
        // forward: [rows, width] → [rows, width], keeping each row's mean and rstd for the backward
        do {
            let x = source.data, y = result.data, g = gamma?.data, b = beta?.data
            let meanOut = means.base, rstdOut = inverseStds.base
            Parallel.forEachRow(rows, width: width) { row in
                let line = x + row * width, target = y + row * width
                var mean: Float = 0
                if centred {
                    var total: Float = 0
                    for column in 0..<width { total += line[column] }
                    mean = total / Float(width)
                }
                var squares: Float = 0
                for column in 0..<width {
                    let centredValue = line[column] - mean
                    squares += centredValue * centredValue
                }
                let rstd = 1 / (squares / Float(width) + eps).squareRoot()
                meanOut[row] = mean
                rstdOut[row] = rstd
                for column in 0..<width {
                    var value = (line[column] - mean) * rstd
                    if let g { value *= g[column] }
                    if let b { value += b[column] }
                    target[column] = value
                }
            }
        }
        let inputs = [self] + [weight, bias].compactMap { $0 }
        // backward: dx = rstd·(dy − mean(dy) − x̂·mean(dy·x̂)) with dy = grad·weight (no mean(dy) term
        // for RMS norm); dweight = Σ grad·x̂, dbias = Σ grad over rows
        return Tensor.record(result, op, inputs) { [input = self, source, gamma] gradient in
            let x = source.data, g = gamma?.data
            let packedGradient = gradient.contiguousData()
            defer { withExtendedLifetime(packedGradient) {} }
            let gp = packedGradient.data
            let dx = input.requiresGrad ? Tensor(uninitialized: input.shape) : nil
            let partials = Tensor.normBackwardRows(rows: rows, width: width) { row, dGamma, dBeta in
                let line = x + row * width, grad = gp + row * width
                let mean = means.base[row], rstd = inverseStds.base[row]
                var sumDy: Float = 0, sumDyXhat: Float = 0
                for column in 0..<width {
                    let xhat = (line[column] - mean) * rstd
                    let dy = grad[column] * (g?[column] ?? 1)
                    sumDy += dy
                    sumDyXhat += dy * xhat
                    dGamma[column] += grad[column] * xhat
                    dBeta[column] += grad[column]
                }
                if let dx {
                    let out = dx.data + row * width
                    let meanDy = sumDy / Float(width), meanDyXhat = sumDyXhat / Float(width)
                    for column in 0..<width {
                        let xhat = (line[column] - mean) * rstd
                        let dy = grad[column] * (g?[column] ?? 1)
                        out[column] = rstd * ((centred ? dy - meanDy : dy) - xhat * meanDyXhat)
                    }
                }
            }
            var grads: [Tensor?] = [dx]
            if let weight { grads.append(weight.requiresGrad ? partials.gamma : nil) }
            if let bias { grads.append(bias.requiresGrad ? partials.beta : nil) }
            return grads
        }
    }

    private func normalizedWidth(_ weight: Tensor?, _ bias: Tensor?, op: String) throws -> Int {
        guard rank >= 1 else { throw TensorError("\(op) needs at least one dimension") }
        let width = shape[rank - 1]
        for (label, parameter) in [("weight", weight), ("bias", bias)] {
            if let parameter, parameter.shape != [width] {
                throw TensorError("\(op): \(label) has shape \(shapeText(parameter.shape)) but the input's last dimension is \(width)",
                                  help: "normalised_shape must be [\(width)]")
            }
        }
        return width
    }

    /// Runs `body(row, dGammaPartial, dBetaPartial)` for every row on both cores, each chunk
    /// with its own zeroed partial sums, then adds the partials in chunk order.
    static func normBackwardRows(rows: Int, width: Int,
                                 _ body: (Int, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void)
        -> (gamma: Tensor, beta: Tensor) {
        let chunks = Swift.max(1, Swift.min(Parallel.threads, rows / Swift.max(1, 4_096 / Swift.max(width, 1))))
        let partial = TensorStorage(zeros: chunks * 2 * width)
        let size = (rows + chunks - 1) / Swift.max(chunks, 1)
        func work(_ chunk: Int) {
            let dGamma = partial.base + chunk * 2 * width, dBeta = dGamma + width
            let end = Swift.min(rows, (chunk + 1) * size)
            var row = chunk * size
            while row < end { body(row, dGamma, dBeta); row += 1 }
        }
        if chunks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
        let gamma = Tensor(storage: TensorStorage(zeros: width), shape: [width])
        let beta = Tensor(storage: TensorStorage(zeros: width), shape: [width])
        for chunk in 0..<chunks {
            let dGamma = partial.base + chunk * 2 * width, dBeta = dGamma + width
            for column in 0..<width {
                gamma.data[column] += dGamma[column]
                beta.data[column] += dBeta[column]
            }
        }
        return (gamma, beta)
    }
}
