import Foundation

/// A GGUF tensor kept in its stored (possibly quantized) format, viewed as a matrix of `rows` × `columns`
/// (PyTorch `[out, in]` for a weight). Rows dequantize on demand into caller buffers, without allocation.
/// Holds its storage (the file's memory mapping, or memory it owns) alive.
public struct GGUFQuantizedTensor {
    public let info: GGUFTensorInfo
    let storage: ByteStorage
    /// Absolute file offset of the tensor's first byte.
    let base: Int
    /// Logical row r reads stored row `rowOrder[r]` (nil: identity). Used to undo llama.cpp's Q/K permutation.
    let rowOrder: [Int]?

    public var type: GGMLType { info.type }
    public var rows: Int { info.rows }
    public var columns: Int { info.columns }
    /// Bytes of one stored row.
    public var rowByteCount: Int { info.rowByteCount }
    /// Bytes held by the tensor in its stored format (compare with `rows * columns * 4` for Float).
    public var byteCount: Int { info.byteCount }

    /// The stored bytes of (logical) row `row`, valid while this value is alive.
    public func withRowBytes<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try checkRow(row)
        let stored = rowOrder?[row] ?? row
        return try withExtendedLifetime(storage) { try body(storage.bytes(at: base + stored * rowByteCount, count: rowByteCount)) }
    }

    /// Dequantizes row `row` into `destination[0..<columns]`. No allocation; thread-safe.
    public func dequantizeRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) throws {
        try checkRow(row)
        dequantizeRowUnchecked(row, into: destination)
    }

    /// Dequantizes rows `range` into `destination` (`range.count * columns` floats, row-major).
    public func dequantizeRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) throws {
        guard range.lowerBound >= 0, range.upperBound <= rows else {
            throw WeightIOError(.invalidArgument, tensor: info.name,
                                "rows \(range.lowerBound)..<\(range.upperBound) are outside tensor '\(info.name)' (\(rows) rows)")
        }
        for (i, row) in range.enumerated() { dequantizeRowUnchecked(row, into: destination + i * columns) }
    }

    /// The whole tensor as Float (row-major `[rows, columns]`), dequantized on all cores for large tensors.
    public func dequantizeAll() -> [Float] {
        let count = rows * columns
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let destination = buffer.baseAddress { fill(destination) }
            initialized = count
        }
    }

    /// The whole tensor into `destination` (exactly `rows * columns` floats), on all cores for large tensors;
    /// no allocation. Lets a model re-materialise a quantized weight into a reused buffer.
    public func dequantizeAll(into destination: UnsafeMutableBufferPointer<Float>) throws {
        guard destination.count == rows * columns else {
            throw WeightIOError(.invalidArgument, tensor: info.name,
                                "tensor '\(info.name)' has \(rows) × \(columns) = \(rows * columns) elements but the destination holds \(destination.count)")
        }
        if let target = destination.baseAddress { fill(target) }
    }

    private func fill(_ destination: UnsafeMutablePointer<Float>) {
        let rowCount = rows, width = columns
        guard rowCount * width > 0 else { return }
        let rowsPerChunk = max(1, (1 << 16) / max(1, width))
        let chunks = (rowCount + rowsPerChunk - 1) / rowsPerChunk
        let work = { (chunk: Int) in
            let start = chunk * rowsPerChunk
            for row in start..<min(rowCount, start + rowsPerChunk) {
                self.dequantizeRowUnchecked(row, into: destination + row * width)
            }
        }
        if chunks > 1 && rowCount * width >= 1 << 18 {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else {
            for chunk in 0..<chunks { work(chunk) }
        }
    }

    /// A view whose rows are in Hugging Face order for a Q or K projection that llama.cpp's converter permuted
    /// (see `LlamaQKPermutation`). `heads` is the number of attention heads for Q, of KV heads for K.
    public func undoingLlamaQKPermutation(heads: Int) throws -> GGUFQuantizedTensor {
        let order = try LlamaQKPermutation.storedRowForHFRow(rows: rows, heads: heads)
        let composed = rowOrder.map { current in order.map { current[$0] } } ?? order
        return GGUFQuantizedTensor(info: info, storage: storage, base: base, rowOrder: composed)
    }

    private func checkRow(_ row: Int) throws {
        guard row >= 0 && row < rows else {
            throw WeightIOError(.invalidArgument, tensor: info.name, "row \(row) is outside tensor '\(info.name)' (\(rows) rows)",
                                help: "a token id or index is larger than the model's vocabulary or dimension")
        }
    }

    @inline(__always) func dequantizeRowUnchecked(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        let stored = rowOrder?[row] ?? row
        guard let start = storage.base else { return }
        GGMLDequantizer.dequantizeUnchecked(type, from: start + base + stored * rowByteCount, count: columns, into: destination)
    }
}
