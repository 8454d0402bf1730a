import Foundation

/// PyTorch's CPU float32 kernels for the reductions scripts print: `sum`/`mean` (ATen's `cascade_sum` in
/// `native/cpu/SumKernel.cpp`, with TensorIterator's dimension order) and `softmax`/`log_softmax`
/// (`native/cpu/SoftMaxKernel.cpp`), computed in float32 in PyTorch's order, so `probs.sum(1)` is
/// 0.99999994 where PyTorch's is. The vector widths are those PyTorch 2.15 runs on an AVX-512 machine:
/// `sum` is registered without an AVX-512 kernel, so it runs the AVX2 one (8 lanes); `softmax` has an
/// AVX-512 kernel (16 lanes) whose `exp` is SLEEF's `expf_u10`. Single-threaded: PyTorch splits work across
/// threads only past 32768 elements (`GRAIN_SIZE`), where its sums may differ from these in the last bit.
/// Only the script tensor layer uses these; the core and the Trainer keep their own arithmetic.
enum TorchCPUKernels {
    /// Lanes of `Vectorized<float>` in the AVX2 sum kernel.
    static let sumLanes = 8
    /// Lanes of `Vectorized<float>` in the AVX-512 softmax kernel.
    static let softmaxLanes = 16

    // MARK: sum

    /// ATen's `utils::CeilLog2`.
    static func ceilLog2(_ x: Int) -> Int {
        x <= 2 ? 1 : (Int.bitWidth - (x - 1).leadingZeroBitCount)
    }

    /// `multi_row_sum`: `columns` running sums over `size` rows, each chunked into levels of 16 or more
    /// elements so only numbers of similar magnitude are added. `load(row, column)` reads one value.
    static func multiRowSum(size: Int, columns: Int, _ load: (Int, Int) -> Float) -> [Float] {
        let levels = 4
        let power = Swift.max(4, ceilLog2(size) / levels)
        let step = 1 << power, mask = step - 1
        var acc = [[Float]](repeating: [Float](repeating: 0, count: columns), count: levels)
        var i = 0
        while i + step <= size {
            for _ in 0..<step {
                for k in 0..<columns { acc[0][k] += load(i, k) }
                i += 1
            }
            for j in 1..<levels {
                for k in 0..<columns {
                    acc[j][k] += acc[j - 1][k]
                    acc[j - 1][k] = 0
                }
                if i & (mask << (j * power)) != 0 { break }
            }
        }
        while i < size {
            for k in 0..<columns { acc[0][k] += load(i, k) }
            i += 1
        }
        for j in 1..<levels {
            for k in 0..<columns { acc[0][k] += acc[j][k] }
        }
        return acc[0]
    }

    /// `row_sum` over `width`-lane values (1 for scalars): the row read as (-1, 4) for four partial sums.
    static func rowSum(size: Int, width: Int, _ load: (Int, Int) -> Float) -> [Float] {
        let ilp = 4, rows = size / ilp
        var partial = multiRowSum(size: rows, columns: ilp * width) { i, c in load(i * ilp + c / width, c % width) }
        for i in (rows * ilp)..<size {
            for lane in 0..<width { partial[lane] += load(i, lane) }
        }
        for k in 1..<ilp {
            for lane in 0..<width { partial[lane] += partial[k * width + lane] }
        }
        return Array(partial[0..<width])
    }

    /// One dimension of TensorIterator's view of a reduction: its size and the input's and output's strides
    /// (in elements; the output's is 0 along a reduced dimension).
    struct IterDim { var size: Int, input: Int, output: Int }

    /// `x.sum(dims)` of a contiguous float32 array of `shape`, in the reduced (keepdim) layout.
    static func sum(_ x: [Float], shape: [Int], dims: Set<Int>) -> [Float] {
        let outShape = shape.indices.map { dims.contains($0) ? 1 : shape[$0] }
        var out = [Float](repeating: 0, count: outShape.reduce(1, *))
        if x.isEmpty { return out }
        let inStrides = contiguousStrides(shape), outStrides = contiguousStrides(outShape)
        // TensorIterator: size-1 dimensions vanish, reduced dimensions go innermost, then by input stride.
        let all = shape.indices.filter { shape[$0] != 1 }.map {
            IterDim(size: shape[$0], input: inStrides[$0], output: dims.contains($0) ? 0 : outStrides[$0])
        }
        let ordered = all.filter { $0.output == 0 }.sorted { $0.input < $1.input }
            + all.filter { $0.output != 0 }.sorted { $0.input < $1.input }
        var merged: [IterDim] = []
        for d in ordered {
            if let last = merged.last, last.size * last.input == d.input, last.size * last.output == d.output {
                merged[merged.count - 1] = IterDim(size: last.size * d.size, input: last.input, output: last.output)
            } else {
                merged.append(d)
            }
        }
        if merged.isEmpty {
            out[0] += x[0]
            return out
        }
        while merged.count < 2 { merged.append(IterDim(size: 1, input: 0, output: 0)) }
        let outer = Array(merged[2...])
        var index = [Int](repeating: 0, count: outer.count)
        repeat {
            let inBase = zip(index, outer).reduce(0) { $0 + $1.0 * $1.1.input }
            let outBase = zip(index, outer).reduce(0) { $0 + $1.0 * $1.1.output }
            cascadeLoop(x, inBase: inBase, &out, outBase: outBase, merged[0], merged[1])
        } while advance(&index, sizes: outer.map(\.size))
        return out
    }

    /// The next index of an odometer whose first digit turns fastest; false after the last.
    static func advance(_ index: inout [Int], sizes: [Int]) -> Bool {
        for d in index.indices {
            index[d] += 1
            if index[d] < sizes[d] { return true }
            index[d] = 0
        }
        return false
    }

    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for d in shape.indices.reversed().dropFirst() { strides[d] = strides[d + 1] * shape[d + 1] }
        return strides
    }

    /// `cascade_sum`'s 2-D loop: picks the inner, outer, vectorised or scalar summation as ATen does and adds
    /// each result into its output element.
    static func cascadeLoop(_ x: [Float], inBase: Int, _ out: inout [Float], outBase: Int, _ first: IterDim, _ second: IterDim) {
        var (d0, d1) = (first, second)
        if d0.output != 0, d1.output == 0 { swap(&d0, &d1) }
        func store(_ j: Int, _ value: Float) { out[outBase + j * d1.output] += value }
        if d0.output != 0 {
            // Not a true reduction: every element lands in its own output.
            for j in 0..<d1.size {
                for i in 0..<d0.size { out[outBase + j * d1.output + i * d0.output] += x[inBase + j * d1.input + i * d0.input] }
            }
            return
        }
        let lanes = sumLanes
        if d0.input == 1, d0.size >= lanes {
            // Contiguous inner reduction: vector partial sums, then the tail, then the lanes in order.
            let vectors = d0.size / lanes
            for j in 0..<d1.size {
                let row = inBase + j * d1.input
                let partials = rowSum(size: vectors, width: lanes) { i, lane in x[row + i * lanes + lane] }
                var total: Float = 0
                for k in (vectors * lanes)..<d0.size { total += x[row + k] }
                for lane in 0..<lanes { total += partials[lane] }
                store(j, total)
            }
        } else if d1.input == 1, d1.size >= lanes {
            // Contiguous outer reduction: columns summed side by side, 4 vectors, then 1, then one at a time.
            var j = 0
            while j + 4 * lanes <= d1.size {
                let sums = multiRowSum(size: d0.size, columns: 4 * lanes) { i, c in x[inBase + i * d0.input + j + c] }
                for c in sums.indices { store(j + c, sums[c]) }
                j += 4 * lanes
            }
            while j + lanes <= d1.size {
                let sums = rowSum(size: d0.size, width: lanes) { i, lane in x[inBase + i * d0.input + j + lane] }
                for c in sums.indices { store(j + c, sums[c]) }
                j += lanes
            }
            while j < d1.size {
                let column = j
                store(j, rowSum(size: d0.size, width: 1) { i, _ in x[inBase + i * d0.input + column] }[0])
                j += 1
            }
        } else if d0.input < d1.input {
            for j in 0..<d1.size {
                store(j, rowSum(size: d0.size, width: 1) { i, _ in x[inBase + j * d1.input + i * d0.input] }[0])
            }
        } else {
            var j = 0
            while j + 3 < d1.size {
                let start = j
                let sums = multiRowSum(size: d0.size, columns: 4) { i, k in x[inBase + i * d0.input + (start + k) * d1.input] }
                for k in 0..<4 { store(j + k, sums[k]) }
                j += 4
            }
            while j < d1.size {
                let column = j
                store(j, rowSum(size: d0.size, width: 1) { i, _ in x[inBase + column * d1.input + i * d0.input] }[0])
                j += 1
            }
        }
    }
}
