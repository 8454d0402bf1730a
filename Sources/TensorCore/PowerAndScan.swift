import Foundation

/// `abs`, `pow` (scalar and tensor exponents), `cumsum` and `index_put` (the in-place write `t[idx] = v`
/// as a new graph node), each with its backward next to its forward, as PyTorch's derivatives.yaml states them.
enum AbsKernel: PointwiseKernel {
    static let name = "abs"
    @inline(__always) static func forward(_ x: Float) -> Float { Swift.abs(x) }
    /// PyTorch's `sgn(x)`: 0 at 0.
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

extension Tensor {
    /// |x| element-wise; the gradient is sign(x) (0 at 0, as PyTorch).
    public func abs() -> Tensor { Tensor.pointwise(self, AbsKernel.self) }

    /// `x ** exponent` element-wise. Backward `exponent · x^(exponent−1)`, and 0 for `exponent == 0`
    /// (PyTorch's `pow_backward`, so `x ** 0` at x = 0 has a zero gradient rather than NaN).
    public func pow(_ exponent: Float) -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        let x = source.data, y = result.data
        for index in 0..<count { y[index] = powf(x[index], exponent) }
        return Tensor.record(result, "pow", [self], saving: [self]) { [source] gradient in
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: source.shape)
            for index in 0..<source.count {
                dx.data[index] = exponent == 0 ? 0 : g.data[index] * exponent * powf(source.data[index], exponent - 1)
            }
            return [dx]
        }
    }

    /// `x ** (1 / p)` for the last step of a p-norm or a standard deviation, whose gradient is 0 where the
    /// value is 0 (PyTorch's `norm_backward` / `std_backward` mask it), not the infinite slope of a root.
    public func root(_ p: Float) -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        let x = source.data, y = result.data
        for index in 0..<count { y[index] = p == 2 ? x[index].squareRoot() : powf(x[index], 1 / p) }
        return Tensor.record(result, "root", [self], savingOutput: true) { [source] gradient in
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: source.shape)
            for index in 0..<source.count {
                let value = y[index]  // the output is alive whenever its backward runs
                dx.data[index] = value == 0 ? 0 : g.data[index] * value / (p * source.data[index])
            }
            return [dx]
        }
    }

    /// `base ** exponent` with both tensors (broadcast). Backward: `exponent · base^(exponent−1)` for the base
    /// (0 where `exponent == 0`), `out · log(base)` for the exponent (0 where `base == 0` and `exponent >= 0`),
    /// PyTorch's `pow_backward_self` / `pow_backward_exponent`.
    public static func power(_ base: Tensor, _ exponent: Tensor) throws -> Tensor {
        let outShape = try Broadcast.shape(base.shape, exponent.shape, op: "pow")
        let a = base.shape == outShape ? base : try base.expand(outShape)
        let b = exponent.shape == outShape ? exponent : try exponent.expand(outShape)
        let x = a.contiguousData(), e = b.contiguousData()
        let result = Tensor(uninitialized: outShape)
        for index in 0..<result.count { result.data[index] = powf(x.data[index], e.data[index]) }
        return record(result, "pow", [a, b]) { [x, e, result] gradient in
            let g = gradient.contiguousData()
            var grads: [Tensor?] = [nil, nil]
            if a.requiresGrad {
                let dx = Tensor(uninitialized: outShape)
                for i in 0..<dx.count {
                    let p = e.data[i]
                    dx.data[i] = p == 0 ? 0 : g.data[i] * p * powf(x.data[i], p - 1)
                }
                grads[0] = dx
            }
            if b.requiresGrad {
                let de = Tensor(uninitialized: outShape)
                for i in 0..<de.count {
                    let v = x.data[i]
                    de.data[i] = v == 0 && e.data[i] >= 0 ? 0 : g.data[i] * result.data[i] * logf(v)
                }
                grads[1] = de
            }
            return grads
        }
    }

    /// Running sums along `axis` (`torch.cumsum`, accumulated in float32 from the front as PyTorch's CPU
    /// kernel does). Backward: the running sums of the gradient taken from the back.
    public func cumsum(axis requested: Int) throws -> Tensor {
        let axis = requested < 0 ? requested + rank : requested
        guard axis >= 0, axis < Swift.max(rank, 1) else {
            throw TensorError("cumsum: dim \(requested) is out of range for a tensor of \(rank) dimensions")
        }
        let dims = rank == 0 ? [1] : shape
        let size = dims[axis], inner = dims[(axis + 1)...].reduce(1, *), outer = dims[..<axis].reduce(1, *)
        func scan(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>, reversed: Bool) {
            for o in 0..<outer {
                for i in 0..<inner {
                    var total: Float = 0
                    for step in 0..<size {
                        let s = reversed ? size - 1 - step : step
                        let position = (o * size + s) * inner + i
                        total += input[position]
                        output[position] = total
                    }
                }
            }
        }
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        scan(source.data, result.data, reversed: false)
        return Tensor.record(result, "cumsum", [self]) { gradient in
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: g.shape)
            scan(g.data, dx.data, reversed: true)
            return [dx]
        }
    }

    /// A copy of this tensor with `values` written at `offsets` (row-major positions; `values` has one element
    /// per offset), added to what is there when `accumulate` — PyTorch's `index_put` / `scatter`, which the
    /// in-place writes `t[mask] = v`, `t[:, 0] = x`, `scatter_(...)` become. Backward: the output gradient
    /// passes to this tensor except at overwritten positions; `values` gets the gradient at its positions.
    public func putting(_ values: Tensor, at offsets: [Int], accumulate: Bool) throws -> Tensor {
        guard values.count == offsets.count else {
            throw TensorError("index_put: \(values.count) values for \(offsets.count) positions")
        }
        if let bad = offsets.first(where: { $0 < 0 || $0 >= count }) {
            throw TensorError("index_put: offset \(bad) is outside a tensor of \(count) elements")
        }
        let result = contiguousData().copy()
        let v = values.contiguousData()
        for (position, offset) in offsets.enumerated() {
            result.data[offset] = accumulate ? result.data[offset] + v.data[position] : v.data[position]
        }
        let valueShape = values.shape, selfShape = shape
        return Tensor.record(result, accumulate ? "index_put_accumulate" : "index_put", [self, values]) { [self] gradient in
            let g = gradient.contiguousData()
            var grads: [Tensor?] = [nil, nil]
            if self.requiresGrad {
                let dx = g.copy()
                if !accumulate { for offset in offsets { dx.data[offset] = 0 } }
                grads[0] = try dx.reshape(selfShape)
            }
            if values.requiresGrad {
                let dv = Tensor(uninitialized: valueShape)
                for (position, offset) in offsets.enumerated() { dv.data[position] = g.data[offset] }
                grads[1] = dv
            }
            return grads
        }
    }
}
