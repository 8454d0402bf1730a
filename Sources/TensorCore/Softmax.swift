import Foundation

/// Softmax and log-softmax along an axis (rows of the last axis are the fast path; other axes are
/// moved last and back).
extension Tensor {
    /// `exp(x) / sum(exp(x))` along `axis`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        try alongRows(axis, op: "softmax", scalar: { try Tensor.full([], value: 1) }) { input, rows, width in
            input.softmaxOfRows(rows: rows, width: width)
        }
    }

    /// Softmax of `[rows, width]` rows of the last axis of this tensor.
    private func softmaxOfRows(rows: Int, width: Int) -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        Tensor.softmaxRows(source.data, result.data, rows: rows, width: width)
        // dx = y · (g − Σ g·y)
        return recordRows(result, "softmax", rows: rows, width: width) { g, y, dx in
            let dot = Summation.dot(g, y, width)
            for column in 0..<width { dx[column] = y[column] * (g[column] - dot) }
        }
    }

    /// Records `result`, the row-wise op of this tensor called `name`, with a backward that runs
    /// `rowGradient(g, y, dx)` on each `width`-long row (g: the incoming gradient, y: the saved output,
    /// dx: the input gradient to fill).
    private func recordRows(_ result: Tensor, _ name: String, rows: Int, width: Int,
                            _ rowGradient: @escaping (_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                                      _ dx: UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let y = UnsafePointer(result.data), outShape = shape  // the output is alive whenever its backward runs
        return Tensor.record(result, name, [self], savingOutput: true) { gradient in
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: outShape)
            let gp = UnsafePointer(g.data), out = dx.data
            Parallel.forEachRow(rows, width: width) { row in
                let base = row * width
                rowGradient(gp + base, y + base, out + base)
            }
            return [dx]
        }
    }

    /// `x − log Σ exp(x)` along `axis`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        try alongRows(axis, op: "log_softmax", scalar: { try Tensor.zeros([]) }) { input, rows, width in
            input.logSoftmaxOfRows(rows: rows, width: width)
        }
    }

    /// Runs a row-wise op along `axis`: on the rows of the last axis directly, otherwise with `axis`
    /// moved last and back. `scalar` gives the result for a rank-0 tensor.
    private func alongRows(_ axis: Int, op: String, scalar: () throws -> Tensor,
                           _ rowsOp: (_ input: Tensor, _ rows: Int, _ width: Int) throws -> Tensor) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: op)
        if rank == 0 { return try scalar() }
        if resolved != rank - 1 {
            return try transpose(resolved, -1).alongRows(-1, op: op, scalar: scalar, rowsOp).transpose(resolved, -1)
        }
        let width = shape[rank - 1]
        return try rowsOp(self, count / Swift.max(width, 1), width)
    }

    /// Log-softmax of `[rows, width]` rows of the last axis of this tensor.
    private func logSoftmaxOfRows(rows: Int, width: Int) -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        let x = source.data, out = result.data
        Parallel.forEachRow(rows, width: width) { row in
            let line = x + row * width, target = out + row * width
            let logSum = Tensor.logSumExp(line, width)
            for column in 0..<width { target[column] = line[column] - logSum }
        }
        // dx = g − softmax · Σ g
        return recordRows(result, "log_softmax", rows: rows, width: width) { g, y, dx in
            let total = Summation.sum(g, width)
            for column in 0..<width { dx[column] = g[column] - FastMath.exp(y[column]) * total }
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
