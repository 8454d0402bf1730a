/// llama.cpp's converter (`convert_hf_to_gguf.py`, `LlamaModel.permute`) reorders the rows of the Q and K
/// projection weights so that ggml's RoPE (which rotates adjacent pairs `(2i, 2i+1)`) matches Hugging Face's
/// RoPE (which rotates the two halves `(i, i + d/2)` of each head):
///
///     w.reshape(heads, 2, d/2, in).swapaxes(1, 2).reshape(out, in)
///
/// with `heads` = attention heads for Q and KV heads for K, `d = out / heads`. So, for head h, half s ∈ {0,1} and
/// i < d/2: GGUF row `h·d + 2i + s` = HF row `h·d + s·d/2 + i`. Undoing it restores the HF layout, so a model
/// loaded from GGUF can use HF-style RoPE and HF module names (and PEFT adapters trained on HF weights).
public enum LlamaQKPermutation {
    /// For each HF row r, the GGUF (stored) row holding it.
    public static func storedRowForHFRow(rows: Int, heads: Int) throws -> [Int] {
        guard heads > 0, rows % heads == 0, (rows / heads) % 2 == 0 else {
            throw WeightIOError(.invalidArgument,
                                "cannot undo llama.cpp's Q/K permutation: \(rows) rows do not split into \(heads) heads of even size",
                                help: "pass the number of attention heads for Q and of key-value heads for K")
        }
        let headDim = rows / heads, half = headDim / 2
        var order = [Int](repeating: 0, count: rows)
        for h in 0..<heads {
            for s in 0..<2 {
                for i in 0..<half { order[h * headDim + s * half + i] = h * headDim + 2 * i + s }
            }
        }
        return order
    }

    /// Applies the converter's forward permutation (HF → GGUF) to a row-major `[rows, columns]` matrix.
    public static func apply(_ values: [Float], rows: Int, columns: Int, heads: Int) throws -> [Float] {
        try reorder(values, rows: rows, columns: columns, heads: heads, toStored: true)
    }

    /// Undoes it (GGUF → HF) on a row-major `[rows, columns]` matrix (or a vector with `columns` = 1, e.g. a bias).
    public static func undo(_ values: [Float], rows: Int, columns: Int, heads: Int) throws -> [Float] {
        try reorder(values, rows: rows, columns: columns, heads: heads, toStored: false)
    }

    /// Moves each HF row to its stored row (`toStored`) or each stored row back to its HF row.
    private static func reorder(_ values: [Float], rows: Int, columns: Int, heads: Int, toStored: Bool) throws -> [Float] {
        let order = try storedRowForHFRow(rows: rows, heads: heads)
        try checkCount(values, rows: rows, columns: columns)
        var out = [Float](repeating: 0, count: values.count)
        for hfRow in 0..<rows {
            let (from, to) = toStored ? (hfRow, order[hfRow]) : (order[hfRow], hfRow)
            for c in 0..<columns { out[to * columns + c] = values[from * columns + c] }
        }
        return out
    }

    private static func checkCount(_ values: [Float], rows: Int, columns: Int) throws {
        guard values.count == rows * columns else {
            throw WeightIOError(.invalidArgument, "expected \(rows) × \(columns) = \(rows * columns) values but got \(values.count)")
        }
    }
}

/// Undoes llama.cpp's Q/K row permutation on a row-major `[rows, columns]` matrix; see `LlamaQKPermutation`.
public func undoLlamaQKPermutation(_ values: [Float], rows: Int, columns: Int, heads: Int) throws -> [Float] {
    try LlamaQKPermutation.undo(values, rows: rows, columns: columns, heads: heads)
}
