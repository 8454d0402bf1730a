import Foundation

/// Softmax and log-softmax along an axis (rows of the last axis are the fast path; other axes are
/// moved last and back).
extension Tensor {
    /// `exp(x) / sum(exp(x))` along `axis`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "softmax")
        if rank == 0 { return try Tensor.full([], value: 1) }
        if resolved != rank - 1 {
            return try transpose(resolved, -1).softmax(axis: -1).transpose(resolved, -1)
        }
        let source = contiguousData()
        let width = shape[rank - 1], rows = count / Swift.max(width, 1)
        let result = Tensor(uninitialized: shape)
        Tensor.softmaxRows(source.data, result.data, rows: rows, width: width)
        let y = result.data, outShape = shape  // the output is alive whenever its backward runs
        return Tensor.record(result, "softmax", [self], savingOutput: true) { gradient in
            // dx = y · (g − Σ g·y)
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: outShape)
            let gp = g.data, out = dx.data
            Parallel.forEachRow(rows, width: width) { row in
                let base = row * width
                let dot = Summation.dot(gp + base, y + base, width)
                for column in 0..<width { out[base + column] = y[base + column] * (gp[base + column] - dot) }
            }
            return [dx]
        }
    }

    /// `x − log Σ exp(x)` along `axis`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "log_softmax")
        if rank == 0 { return try Tensor.zeros([]) }
        if resolved != rank - 1 {
            return try transpose(resolved, -1).logSoftmax(axis: -1).transpose(resolved, -1)
        }
        let source = contiguousData()
        let width = shape[rank - 1], rows = count / Swift.max(width, 1)
        let result = Tensor(uninitialized: shape)
        let x = source.data, out = result.data
        Parallel.forEachRow(rows, width: width) { row in
            let line = x + row * width, target = out + row * width
            let logSum = Tensor.logSumExp(line, width)
            for column in 0..<width { target[column] = line[column] - logSum }
        }
        let y = result.data, outShape = shape
        return Tensor.record(result, "log_softmax", [self], savingOutput: true) { gradient in
            // dx = g − softmax · Σ g
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: outShape)
            let gp = g.data, target = dx.data
            Parallel.forEachRow(rows, width: width) { row in
                let base = row * width
                let total = Summation.sum(gp + base, width)
                for column in 0..<width { target[base + column] = gp[base + column] - FastMath.exp(y[base + column]) * total }
            }
            return [dx]
        }
    }

    /// log Σ exp over `width` values, stable (max subtracted).
    @inline(__always)
    static func logSumExp(_ line: UnsafePointer<Float>, _ width: Int) -> Float {
        var maximum = -Float.infinity
        for column in 0..<width where line[column] > maximum { maximum = line[column] }
        if maximum == -Float.infinity { return maximum }
        return maximum + logf(Summation.sumOfExponentials(line, width, shift: maximum))
    }

    /// Row-wise softmax of `rows × width` values (input and output may be the same buffer).
    static func softmaxRows(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        Parallel.forEachRow(rows, width: width) { row in
            let line = input + row * width, target = output + row * width
            var maximum = -Float.infinity
            for column in 0..<width where line[column] > maximum { maximum = line[column] }
            let inverse = 1 / Summation.exponentiate(line, into: target, width, shift: maximum)
            for column in 0..<width { target[column] *= inverse }
        }
    }
}
