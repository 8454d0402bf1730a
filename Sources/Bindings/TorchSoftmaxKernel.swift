import Foundation

/// PyTorch's CPU float32 `softmax`/`log_softmax` (ATen `native/cpu/SoftMaxKernel.cpp`, AVX-512 kernel):
/// along the last dimension, the row's max, `exp(x - max)` with SLEEF's vectorised `expf_u10`, the sum of a
/// 16-lane accumulator folded as `vec_reduce_all` folds it, then a multiply by `1 / sum`; along another
/// dimension, 16 neighbouring positions at a time with a running vector sum and a division (positions left
/// over use libm's `expf` and a scalar sum), as `_vec_softmax` does.
extension TorchCPUKernels {
    /// SLEEF's `xexpf` (u10) as the AVX-512 build computes it (fused multiply-adds).
    static func sleefExp(_ d: Float) -> Float {
        if d.isNaN { return d }
        let q = (d * 1.442695040888963407359924681001892137426645954152985934135449406931).rounded(.toNearestOrEven)
        var s = d.addingProduct(q, -0.693145751953125)
        s = s.addingProduct(q, -1.428606765330187045e-06)
        var u: Float = 0.000198527617612853646278381
        for c: Float in [0.00139304355252534151077271, 0.00833336077630519866943359, 0.0416664853692054748535156,
                         0.166666671633720397949219, 0.5] {
            u = c.addingProduct(u, s)
        }
        u = 1 + s.addingProduct(s * s, u)
        let e = q.isFinite ? Int(exactly: Swift.max(Swift.min(q, 1000), -1000)) ?? 0 : 0
        u = u * Float(sign: .plus, exponent: e >> 1, significand: 1) * Float(sign: .plus, exponent: e - (e >> 1), significand: 1)
        if d < -104 { return 0 }
        if d > 100 { return .infinity }
        return u
    }

    /// `vec::reduce_all` with `+` (or `max`) over 16 lanes: whole vectors added lane-wise, the tail into the
    /// first lanes, then the AVX-512 butterfly; fewer than 16 values are added one after another.
    static func reduceAll(_ values: ArraySlice<Float>, _ op: (Float, Float) -> Float) -> Float {
        let lanes = softmaxLanes, n = values.count, start = values.startIndex
        guard n >= lanes else { return values.dropFirst().reduce(values.first ?? 0, op) }
        var acc = Array(values[start..<(start + lanes)])
        var d = lanes
        while d < n - n % lanes {
            for l in 0..<lanes { acc[l] = op(acc[l], values[start + d + l]) }
            d += lanes
        }
        for l in 0..<(n - d) { acc[l] = op(acc[l], values[start + d + l]) }
        var shift = lanes / 2
        while shift >= 1 {
            acc = (0..<lanes).map { op(acc[$0], acc[$0 ^ shift]) }
            shift /= 2
        }
        return acc[0]
    }

    static func maximum(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }

    /// `softmax`/`log_softmax` of a contiguous float32 array along `axis` (already normalised).
    static func softmax(_ x: [Float], shape: [Int], axis: Int, log: Bool) -> [Float] {
        let outer = shape[..<axis].reduce(1, *), size = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        var out = x
        if size == 0 || x.isEmpty { return out }
        if axis == shape.count - 1 {
            for o in 0..<outer {
                let row = x[(o * size)..<((o + 1) * size)]
                let top = reduceAll(row, maximum)
                let exps = row.map { sleefExp($0 - top) }
                let total = reduceAll(exps[...], +)
                if log {
                    let logTotal = Foundation.log(total)
                    for (k, v) in row.enumerated() { out[o * size + k] = (v - top) - logTotal }
                } else {
                    let scale = 1 / total
                    for (k, e) in exps.enumerated() { out[o * size + k] = e * scale }
                }
            }
            return out
        }
        let lanes = softmaxLanes, end = outer * inner
        var idx = 0
        while idx < end {
            let innerIdx = idx % inner
            let vectorised = innerIdx + lanes <= inner && idx + lanes <= end
            let count = vectorised ? lanes : (idx + lanes > end ? end - idx : inner - innerIdx)
            for p in idx..<(idx + count) {
                let base = (p / inner) * size * inner + p % inner
                let positions = (0..<size).map { base + $0 * inner }
                let top = positions.dropFirst().reduce(x[base]) { maximum($0, x[$1]) }
                var total: Float = 0
                var exps = [Float]()
                for i in positions {
                    let e = vectorised ? sleefExp(x[i] - top) : Foundation.exp(x[i] - top)
                    exps.append(e)
                    total += e
                }
                for (k, i) in positions.enumerated() {
                    out[i] = log ? (x[i] - top) - Foundation.log(total) : exps[k] / total
                }
            }
            idx += count
        }
        return out
    }
}
