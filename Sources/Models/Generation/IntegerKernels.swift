import CKernels
import TensorCore
import WeightIO

/// A weight kept in GGUF blocks (Q4_0, Q4_1, Q8_0) as the integer kernels of `CKernels` read it: the
/// activation row is quantized once to 8-bit blocks and every weight row is dotted with it in integers,
/// as llama.cpp does. Holds the tensor (and so its file mapping) alive.
final class IntegerProjection {
    let tensor: GGUFQuantizedTensor
    let matrix: lrq_matrix  // `out` is filled in per product
    private let rowOrder: UnsafeMutablePointer<Int64>?

    /// nil when the kernels do not take this block type or the row is not whole 32-blocks.
    init?(_ tensor: GGUFQuantizedTensor, bias: Tensor?) {
        // Shapes beyond Int32 (the C kernels' index type) stay on the dequantizing path.
        guard tensor.rows < 1 << 31, tensor.columns < 1 << 31,
              lrq_supports_type(Int32(truncatingIfNeeded: tensor.type.rawValue)) != 0, tensor.columns % 32 == 0, tensor.columns > 0,
              let base = tensor.storedBase else { return nil }
        self.tensor = tensor
        if let order = tensor.storedRowOrder {
            let copy = UnsafeMutablePointer<Int64>.allocate(capacity: order.count)
            for (i, row) in order.enumerated() { copy[i] = Int64(truncatingIfNeeded: row) }
            rowOrder = copy
        } else {
            rowOrder = nil
        }
        matrix = lrq_matrix(type: Int32(truncatingIfNeeded: tensor.type.rawValue), rows: Int32(truncatingIfNeeded: tensor.rows),
                            columns: Int32(truncatingIfNeeded: tensor.columns),
                            data: base.assumingMemoryBound(to: UInt8.self), row_bytes: tensor.rowByteCount,
                            row_order: UnsafePointer(rowOrder), bias: bias.map { UnsafePointer($0.storage.base + $0.offset) },
                            out: nil, out_stride: Int32(truncatingIfNeeded: tensor.rows))
    }

    deinit { rowOrder?.deallocate() }
}

/// Scratch for the quantized activations of up to `rows` input rows of up to `columns` values.
final class QuantizedActivations {
    let blocks: UnsafeMutablePointer<lrq_block_q8>
    let rows: Int, columns: Int

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        let count = Swift.max(1, rows * ((columns + 31) / 32))
        blocks = .allocate(capacity: count)
        blocks.initialize(repeating: lrq_block_q8(), count: count)
    }

    deinit { blocks.deallocate() }
}

/// The kernel level in use and how to name it (`lorarepl --version`, the benchmarks).
public enum QuantizedKernelInfo {
    /// "avx512-vnni", "avx2" or "portable": the instruction set of the integer decoding kernels.
    public static var level: String { String(cString: lrq_level_name(lrq_level())) }
    /// The best level this CPU supports.
    public static var bestLevel: String { String(cString: lrq_level_name(lrq_best_level())) }
    /// Threads the integer products use (default: LORAREPL_QUANT_THREADS, else the online processors).
    public static var threads: Int {
        get { Int(truncatingIfNeeded: lrq_threads()) }
        set { lrq_set_threads(Int32(clamping: newValue)) }
    }
}

extension DecoderKernels {
    /// `y[t] = W·x[t] (+ b)` for projections that all have an integer form, `x [count, columns]`: x is
    /// quantized once into `scratch`, then one pool hand-over computes every projection's rows.
    static func multiplyIntegers(_ projections: [(projection: DecoderProjection, output: UnsafeMutablePointer<Float>)],
                                 input x: UnsafeMutablePointer<Float>, count: Int, scratch: QuantizedActivations) {
        let columns = projections[0].projection.columns
        let stride = columns / 32
        precondition(count <= scratch.rows && columns <= scratch.columns, "decoder scratch sized for the model")
        // columns, count and stride are bounded by the projections' shapes, checked to fit Int32 in IntegerProjection.init.
        for t in 0..<count { lrq_quantize_row(x + t * columns, Int32(truncatingIfNeeded: columns), scratch.blocks + t * stride) }
        withUnsafeTemporaryAllocation(of: lrq_matrix.self, capacity: projections.count) { matrices in
            guard let base = matrices.baseAddress else { return }
            var used = 0
            for item in projections {
                guard let integer = item.projection.integer else { continue }  // callers pass integer projections only
                var matrix = integer.matrix
                matrix.out = item.output
                (base + used).initialize(to: matrix)
                used += 1
            }
            lrq_matmul(base, Int32(truncatingIfNeeded: used), scratch.blocks, Int32(truncatingIfNeeded: count), Int32(truncatingIfNeeded: stride))
        }
    }
}
