import Lang

extension NDArray {
    /// Rank by Gaussian elimination with partial pivoting (tolerance as numpy: max(m, n) · eps · largest pivot).
    public func matrixRank() throws -> Int {
        guard rank == 2 else { throw ScriptError(.valueError, "matrix_rank needs a 2-D tensor, got \(shapeTuple(shape))") }
        var m = values
        let rows = shape[0], cols = shape[1]
        let scale = m.map { Swift.abs($0) }.max() ?? 0
        let tolerance = Double(Swift.max(rows, cols)) * 1.2e-7 * Swift.max(scale, 1e-30) * 10
        var found = 0
        for c in 0..<cols where found < rows {
            var pivot = found
            for r in found..<rows where Swift.abs(m[r * cols + c]) > Swift.abs(m[pivot * cols + c]) { pivot = r }
            if Swift.abs(m[pivot * cols + c]) <= tolerance { continue }
            for j in 0..<cols { m.swapAt(pivot * cols + j, found * cols + j) }
            for r in (found + 1)..<Swift.max(rows, found + 1) {
                let factor = m[r * cols + c] / m[found * cols + c]
                if factor != 0 { for j in c..<cols { m[r * cols + j] -= factor * m[found * cols + j] } }
            }
            found += 1
        }
        return found
    }
}
