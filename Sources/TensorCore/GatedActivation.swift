/// Gated activations as one operation: `act(gate) · up` (LLaMA's SwiGLU MLP with `silu`, GeGLU with
/// `gelu`). The separate form (`gate.activated(act) * up`) writes the activation to its own tensor,
/// reads it back for the product and runs three backward passes (product → two gradients, then the
/// activation's); here forward is one pass and backward one pass writing both gradients. The
/// arithmetic is the separate form's, in the same order, so results are bit-identical to it.
extension Tensor {
    /// `act(gate) ⊙ up` for two tensors of the same shape (e.g. `[B, T, intermediate]`).
    public static func gatedActivation(gate: Tensor, up: Tensor, activation: Activation) throws -> Tensor {
        guard gate.shape == up.shape else {
            throw TensorError("gated activation: gate \(shapeText(gate.shape)) and up \(shapeText(up.shape)) must have the same shape",
                              help: "gate_proj and up_proj must have the same out_features")
        }
        switch activation {
        case .gelu: return gated(gate, up, GELUKernel.self)
        case .geluTanh: return gated(gate, up, GELUTanhKernel.self)
        case .silu: return gated(gate, up, SiLUKernel.self)
        case .tanh: return gated(gate, up, TanhKernel.self)
        case .relu: return gated(gate, up, ReLUKernel.self)
        case .sigmoid: return gated(gate, up, SigmoidKernel.self)
        }
    }

    private static func gated<Kernel: PointwiseKernel>(_ gate: Tensor, _ up: Tensor, _ kernel: Kernel.Type) -> Tensor {
        let gateSource = gate.contiguousData(), upSource = up.contiguousData()
        let result = Tensor(uninitialized: gate.shape)
        let g = gateSource.data, u = upSource.data, y = result.data
        Parallel.forEach(gate.count, minimumPerChunk: 8_192) { range in
            for index in range { y[index] = Kernel.forward(g[index]) * u[index] }
        }
        return record(result, "gated_" + Kernel.name, [gate, up]) { [gateSource, upSource] gradient in
            let g = gateSource.data, u = upSource.data
            let packed = gradient.contiguousData()
            let dy = packed.data, count = gateSource.count
            let gradGate = gate.requiresGrad ? Tensor(uninitialized: gateSource.shape) : nil
            let gradUp = up.requiresGrad ? Tensor(uninitialized: upSource.shape) : nil
            // d/dgate = (dy · up) · act'(gate); d/dup = dy · act(gate)
            let dg = gradGate?.data ?? dy, du = gradUp?.data ?? dy  // dy is never written when unused
            let wantsGate = gradGate != nil, wantsUp = gradUp != nil
            Parallel.forEach(count, minimumPerChunk: 8_192) { range in
                if wantsGate && wantsUp {
                    for index in range {
                        let x = g[index], activated = Kernel.forward(x)
                        dg[index] = dy[index] * u[index] * Kernel.derivative(x, activated)
                        du[index] = dy[index] * activated
                    }
                } else if wantsGate {
                    for index in range {
                        let x = g[index]
                        dg[index] = dy[index] * u[index] * Kernel.derivative(x, Kernel.forward(x))
                    }
                } else if wantsUp {
                    for index in range { du[index] = dy[index] * Kernel.forward(g[index]) }
                }
            }
            return [gradGate, gradUp]
        }
    }
}
