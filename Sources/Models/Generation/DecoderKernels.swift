import Foundation
import TensorCore
import WeightIO

/// One projection as the decoding kernels read it: fp32 rows, GGUF blocks dequantized as they are read,
/// or a Linear with an adapter (LoRA) that runs through the Tensor path.
struct DecoderProjection {
    enum Source {
        /// `[out, in]` contiguous fp32 (the Tensor keeps the memory alive).
        case dense(Tensor)
        /// Rows stored as GGUF blocks (Q4_1 and Q8_0 have fused dot products; other types dequantize a row first).
        case quantized(GGUFQuantizedTensor)
        /// A Linear whose delta (LoRA) or adapter changes its output: computed with `Linear.callAsFunction`.
        case module(Linear)
    }

    let source: Source
    let rows: Int
    let columns: Int
    /// `[out]` or nil.
    let bias: Tensor?
    /// The integer-kernel form of a `.quantized` source whose block type the kernels take (Q4_0, Q4_1, Q8_0).
    let integer: IntegerProjection?

    init(_ linear: Linear) throws {
        rows = linear.outFeatures
        columns = linear.inFeatures
        bias = try linear.bias?.contiguous()
        var integer: IntegerProjection?
        if linear.isAdapted {
            source = .module(linear)
        } else if let quantized = linear.quantizedWeight {
            source = .quantized(quantized)
            integer = IntegerProjection(quantized, bias: bias)
        } else {
            source = .dense(try linear.weight.contiguous())
        }
        self.integer = integer
    }

    /// Bytes the weight occupies in memory.
    var weightBytes: Int {
        switch source {
        case .dense: return rows * columns * 4
        case .quantized(let tensor): return tensor.byteCount
        case .module(let linear): return linear.weight.count * 4
        }
    }
}

/// Matrix × a few rows, the shape of decoding (one new token, or a short prompt chunk): each weight row is
/// read once and dotted with every input row, spread over the cores. No allocation for dense, Q4_1 and Q8_0.
enum DecoderKernels {
    /// `y[t, r] = Σ_c W[r, c] · x[t, c] (+ bias[r])` for `x [count, columns]`, `y [count, rows]`, for
    /// several projections of the same input at once (q/k/v, gate/up), so the cores split one pool of rows.
    /// With `scratch`, weights kept in Q4_0/Q4_1/Q8_0 blocks take the integer kernels (activations quantized
    /// to 8 bits, as llama.cpp) for fewer than `gemmRows` rows; otherwise every weight is dotted with the fp32 activations.
    static func multiply(_ projections: [(projection: DecoderProjection, output: UnsafeMutablePointer<Float>)],
                         input x: UnsafeMutablePointer<Float>, count: Int, scratch: QuantizedActivations? = nil) throws {
        // Prompt chunks take sgemm (fp32 activations) even with the integer kernels: faster and exact.
        if let scratch, count < gemmRows, projections.allSatisfy({ $0.projection.integer != nil }) {
            multiplyIntegers(projections, input: x, count: count, scratch: scratch)
            return
        }
        var dense: [(DecoderProjection, UnsafeMutablePointer<Float>)] = []
        for item in projections {
            if case .module(let linear) = item.projection.source {
                try runModule(linear, input: x, count: count, output: item.output)
            } else {
                dense.append((item.projection, item.output))
            }
        }
        guard !dense.isEmpty else { return }
        if count >= gemmRows {
            multiplyGEMM(dense, input: x, count: count)
            return
        }
        #if DEBUG
        // Unoptimised SIMD loops are ~100× slower than OpenBLAS: debug builds (tests) take sgemm for fp32 weights.
        var quantized: [(DecoderProjection, UnsafeMutablePointer<Float>)] = []
        for (projection, output) in dense {
            guard case .dense(let weight) = projection.source else { quantized.append((projection, output)); continue }
            let input = try Tensor(shape: [count, projection.columns], copying: UnsafeBufferPointer(start: x, count: count * projection.columns))
            let result = try Tensor.linear(input, weight: weight, bias: projection.bias)
            result.withUnsafeBufferPointer { values in
                if let source = values.baseAddress { output.update(from: source, count: values.count) }
            }
        }
        dense = quantized
        guard !dense.isEmpty else { return }
        #endif
        let totalRows = dense.reduce(0) { $0 + $1.0.rows }
        let columns = dense[0].0.columns
        Parallel.forEach(totalRows, minimumPerChunk: Swift.max(1, 32_768 / Swift.max(1, columns * count))) { range in
            var start = 0
            for (projection, output) in dense {
                let rows = start..<(start + projection.rows)
                start += projection.rows
                let mine = rows.clamped(to: range)
                guard !mine.isEmpty else { continue }
                rowsOf(projection, mine.lowerBound - rows.lowerBound..<mine.upperBound - rows.lowerBound,
                       input: x, count: count, output: output)
            }
        }
    }

    /// Prompt chunks of at least this many tokens take sgemm (`multiplyGEMM`); fewer rows (decoding steps,
    /// small batches) take the row kernels, which read each weight once without packing it.
    /// `LORAREPL_DECODER_GEMM_ROWS=100` (more than a chunk) turns the GEMM path off, to compare.
    static let gemmRows: Int = {
        guard let text = ProcessInfo.processInfo.environment["LORAREPL_DECODER_GEMM_ROWS"], let value = Int(text), value >= 1 else { return 16 }
        return value
    }()

    /// `y = x · Wᵀ (+ b)` through sgemm: fp32 weights directly (OpenBLAS threads), weights kept in GGUF
    /// blocks dequantized 64 rows at a time into a per-core tile that a single-threaded sgemm multiplies
    /// (the cores split the tiles), so a prompt never dequantizes a whole matrix and runs at GEMM speed.
    static func multiplyGEMM(_ projections: [(DecoderProjection, UnsafeMutablePointer<Float>)], input x: UnsafeMutablePointer<Float>,
                             count: Int) {
        let tile = 64
        for (projection, output) in projections {
            let rows = projection.rows, columns = projection.columns
            switch projection.source {
            case .dense(let weight):
                RowProducts.multiplyTransposed(x, count: count, weight: weight.storage.base + weight.offset, rows: rows, columns: columns,
                                               into: output, ldy: rows)
            case .quantized(let tensor):
                let tiles = (rows + tile - 1) / tile
                RowProducts.singleThreaded {
                    Parallel.forEach(tiles, minimumPerChunk: 1) { range in
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: tile * columns)
                        defer { scratch.deallocate() }
                        for index in range {
                            let first = index * tile, last = Swift.min(rows, first + tile)
                            // Shapes were checked when the tensor was read; a failed row leaves zeros, as the row kernels do.
                            if (try? tensor.dequantizeRows(first..<last, into: scratch)) == nil {
                                scratch.initialize(repeating: 0, count: (last - first) * columns)
                            }
                            RowProducts.multiplyTransposed(x, count: count, weight: scratch, rows: last - first, columns: columns,
                                                           into: output + first, ldy: rows)
                        }
                    }
                }
            case .module:
                continue
            }
            if let bias = projection.bias {
                let b = bias.storage.base + bias.offset
                for t in 0..<count { for r in 0..<rows { output[t * rows + r] += b[r] } }
            }
        }
    }

    /// Rows `range` of one projection.
    static func rowsOf(_ projection: DecoderProjection, _ range: Range<Int>, input x: UnsafeMutablePointer<Float>, count: Int,
                       output y: UnsafeMutablePointer<Float>) {
        let rows = projection.rows, columns = projection.columns
        let bias = projection.bias.map { $0.storage.base + $0.offset }
        switch projection.source {
        case .dense(let weight):
            let base = weight.storage.base + weight.offset
            for r in range {
                let line = base + r * columns
                for t in 0..<count { y[t * rows + r] = dot(line, x + t * columns, columns) + (bias?[r] ?? 0) }
            }
        case .quantized(let tensor):
            var scratch: UnsafeMutablePointer<Float>?
            defer { scratch?.deallocate() }
            for r in range {
                try? tensor.withRowBytes(r) { bytes in
                    guard let raw = bytes.baseAddress else { return }
                    for t in 0..<count {
                        let xt = x + t * columns
                        let value: Float
                        switch tensor.type {
                        case .q4_1: value = dotQ4_1(raw, xt, columns)
                        case .q8_0: value = dotQ8_0(raw, xt, columns)
                        default:
                            let row = scratch ?? UnsafeMutablePointer<Float>.allocate(capacity: columns)
                            scratch = row
                            if t == 0 { try? tensor.dequantizeRow(r, into: row) }
                            value = dot(row, xt, columns)
                        }
                        y[t * rows + r] = value + (bias?[r] ?? 0)
                    }
                }
            }
        case .module:
            break  // handled by runModule
        }
    }

    /// A Linear with an adapter: through the Tensor path (allocates; LoRA layers only).
    static func runModule(_ linear: Linear, input x: UnsafeMutablePointer<Float>, count: Int, output: UnsafeMutablePointer<Float>) throws {
        let input = try Tensor(shape: [count, linear.inFeatures], copying: UnsafeBufferPointer(start: x, count: count * linear.inFeatures))
        let result = try linear(input)  // [count, out]
        result.withUnsafeBufferPointer { values in
            if let source = values.baseAddress { output.update(from: source, count: values.count) }
        }
    }

    /// Σ a[i]·b[i], 16 lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var first = SIMD16<Float>(), second = SIMD16<Float>()
        var i = 0
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        while i + 32 <= n {
            first += rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) * rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            second += rawA.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
            i += 32
        }
        var total = (first + second).sum()
        while i < n {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }

    /// Every f16 bit pattern as Float: the baseline x86-64 target has no F16C instruction, and the
    /// library conversion per block scale cost more than the block's dot product.
    static let halfTable: UnsafeMutablePointer<Float> = {
        let table = UnsafeMutablePointer<Float>.allocate(capacity: 1 << 16)
        for bits in 0..<(1 << 16) { table[bits] = Float(Float16(bitPattern: UInt16(bits))) }
        return table
    }()

    @inline(__always)
    static func half(_ raw: UnsafeRawPointer, _ offset: Int, _ table: UnsafeMutablePointer<Float>) -> Float {
        table[Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))]
    }

    /// Q4_1 row (blocks of 20 bytes: d, m as f16, 16 bytes of nibbles) · x. Each weight is formed as
    /// `q·d + m` exactly as the dequantizer does, so only the summation order differs from fp32.
    @inline(__always)
    static func dotQ4_1(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var accumulator = SIMD16<Float>()
        let rawX = UnsafeRawPointer(x), table = halfTable
        for block in 0..<(n / 32) {
            let base = row + block * 20
            let d = SIMD16<Float>(repeating: half(base, 0, table)), m = SIMD16<Float>(repeating: half(base, 2, table))
            let qs = base.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
            let low = SIMD16<Float>(qs & 0x0F) * d + m
            let high = SIMD16<Float>(qs &>> 4) * d + m
            accumulator += low * rawX.loadUnaligned(fromByteOffset: block * 128, as: SIMD16<Float>.self)
            accumulator += high * rawX.loadUnaligned(fromByteOffset: block * 128 + 64, as: SIMD16<Float>.self)
        }
        return accumulator.sum()
    }

    /// Q8_0 row (blocks of 34 bytes: d as f16, 32 signed bytes) · x, weights formed as `q·d`.
    @inline(__always)
    static func dotQ8_0(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var accumulator = SIMD16<Float>()
        let rawX = UnsafeRawPointer(x), table = halfTable
        for block in 0..<(n / 32) {
            let base = row + block * 34
            let d = SIMD16<Float>(repeating: half(base, 0, table))
            let first = SIMD16<Float>(base.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)) * d
            let second = SIMD16<Float>(base.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)) * d
            accumulator += first * rawX.loadUnaligned(fromByteOffset: block * 128, as: SIMD16<Float>.self)
            accumulator += second * rawX.loadUnaligned(fromByteOffset: block * 128 + 64, as: SIMD16<Float>.self)
        }
        return accumulator.sum()
    }
}
