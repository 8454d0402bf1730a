import CKernels
import Foundation

/// Pointwise activations. Each kernel states its forward value and its derivative side by side;
/// backward is one fused pass `dx = g · f'(x, y)`.
protocol PointwiseKernel {
    static var name: String { get }
    static func forward(_ x: Float) -> Float
    /// f'(x) given the input `x` and the forward output `y`.
    static func derivative(_ x: Float, _ y: Float) -> Float
    /// Whether PyTorch's backward reads the output (exp, sigmoid, tanh, relu, sqrt) rather than the input:
    /// which value an in-place write must leave alone (the version-counter check).
    static var savesResult: Bool { get }
    /// A vectorised forward over the first values of `x[0..<count]` (CKernels, chosen at run time);
    /// returns how many it wrote, each bit-identical to `forward` (the caller does the rest).
    static func forwardVectorized(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) -> Int
    /// The same for `out = g · derivative(x, y)`, for kernels whose derivative reads only `x`.
    static func backwardVectorized(_ x: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) -> Int
}

extension PointwiseKernel {
    static var savesResult: Bool { false }
    static func forwardVectorized(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) -> Int { 0 }
    static func backwardVectorized(_ x: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) -> Int { 0 }
}

/// GELU with erf, PyTorch's default `gelu`: 0.5·x·(1 + erf(x/√2)) (erf to ~1e−7 relative, see FastMath).
enum GELUKernel: PointwiseKernel {
    static let name = "gelu"
    @inline(__always) static func forward(_ x: Float) -> Float { 0.5 * x * FastMath.onePlusErf(x * 0.70710678118654752) }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float {
        0.5 * FastMath.onePlusErf(x * 0.70710678118654752) + x * 0.39894228040143268 * FastMath.exp(-0.5 * x * x)
    }
    /// AVX-512 CPUs: lr_gelu.c, the same arithmetic on 16 lanes (bit-identical, `GELUVectorTests`).
    static func forwardVectorized(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) -> Int {
        Int(truncatingIfNeeded: lrg_gelu_forward(x, y, Int64(truncatingIfNeeded: count)))
    }
    static func backwardVectorized(_ x: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) -> Int {
        Int(truncatingIfNeeded: lrg_gelu_backward(x, g, out, Int64(truncatingIfNeeded: count)))
    }
}

/// GELU with the tanh approximation (`gelu_pytorch_tanh`, `gelu_new`).
enum GELUTanhKernel: PointwiseKernel {
    static let name = "gelu_tanh"
    static let c: Float = 0.79788456080286536  // √(2/π)
    @inline(__always) static func forward(_ x: Float) -> Float {
        0.5 * x * (1 + tanhf(c * (x + 0.044715 * x * x * x)))
    }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float {
        let t = tanhf(c * (x + 0.044715 * x * x * x))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
    }
}

/// SiLU (swish): x·σ(x).
enum SiLUKernel: PointwiseKernel {
    static let name = "silu"
    @inline(__always) static func forward(_ x: Float) -> Float { x / (1 + FastMath.exp(-x)) }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float {
        let s = 1 / (1 + FastMath.exp(-x))
        return s * (1 + x * (1 - s))
    }
}

enum TanhKernel: PointwiseKernel {
    static let savesResult = true
    static let name = "tanh"
    @inline(__always) static func forward(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

enum ReLUKernel: PointwiseKernel {
    static let savesResult = true
    static let name = "relu"
    @inline(__always) static func forward(_ x: Float) -> Float { x > 0 ? x : 0 }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : 0 }
}

enum SigmoidKernel: PointwiseKernel {
    static let savesResult = true
    static let name = "sigmoid"
    @inline(__always) static func forward(_ x: Float) -> Float { 1 / (1 + FastMath.exp(-x)) }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

enum ExpKernel: PointwiseKernel {
    static let savesResult = true
    static let name = "exp"
    @inline(__always) static func forward(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { y }
}

enum LogKernel: PointwiseKernel {
    static let name = "log"
    @inline(__always) static func forward(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { 1 / x }
}

enum SquareKernel: PointwiseKernel {
    static let name = "square"
    @inline(__always) static func forward(_ x: Float) -> Float { x * x }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { 2 * x }
}

enum SqrtKernel: PointwiseKernel {
    static let savesResult = true
    static let name = "sqrt"
    @inline(__always) static func forward(_ x: Float) -> Float { x.squareRoot() }
    @inline(__always) static func derivative(_ x: Float, _ y: Float) -> Float { 0.5 / y }
}

/// The activations a model config can name (`hidden_act`).
public enum Activation: String, CaseIterable {
    case gelu, geluTanh = "gelu_tanh", silu, tanh, relu, sigmoid

    /// Parses Hugging Face `hidden_act` names (`gelu`, `gelu_new`, `gelu_pytorch_tanh`, `silu`, `swish`, `relu`, `tanh`).
    public init(huggingFaceName: String) throws {
        switch huggingFaceName {
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu_tanh": self = .geluTanh
        case "silu", "swish": self = .silu
        case "relu": self = .relu
        case "tanh": self = .tanh
        case "sigmoid": self = .sigmoid
        default:
            throw TensorError("unknown activation '\(huggingFaceName)'",
                              help: "supported: gelu, gelu_new, gelu_pytorch_tanh, silu, swish, relu, tanh, sigmoid")
        }
    }
}

extension Tensor {
    static func pointwise<Kernel: PointwiseKernel>(_ input: Tensor, _ kernel: Kernel.Type) -> Tensor {
        let source = input.contiguousData()
        let result = Tensor(uninitialized: input.shape)
        let x = source.data, y = result.data
        Parallel.forEach(input.count, minimumPerChunk: 8_192) { range in
            let done = Kernel.forwardVectorized(x + range.lowerBound, y + range.lowerBound, range.count)
            for index in (range.lowerBound + done)..<range.upperBound { y[index] = Kernel.forward(x[index]) }
        }
        return record(result, Kernel.name, [input], saving: Kernel.savesResult ? [] : [input],
                      savingOutput: Kernel.savesResult) { [source] gradient in
            let x = source.data  // keeps the (possibly copied) input alive; y is the live output
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: source.shape)
            let gp = g.data, out = dx.data
            Parallel.forEach(source.count, minimumPerChunk: 8_192) { range in
                let done = Kernel.backwardVectorized(x + range.lowerBound, gp + range.lowerBound, out + range.lowerBound, range.count)
                for index in (range.lowerBound + done)..<range.upperBound { out[index] = gp[index] * Kernel.derivative(x[index], y[index]) }
            }
            return [dx]
        }
    }

    /// GELU with erf (PyTorch's default, BERT's `hidden_act="gelu"`).
    public func gelu() -> Tensor { Tensor.pointwise(self, GELUKernel.self) }
    /// GELU with the tanh approximation.
    public func geluTanh() -> Tensor { Tensor.pointwise(self, GELUTanhKernel.self) }
    /// SiLU / swish (LLaMA's MLP).
    public func silu() -> Tensor { Tensor.pointwise(self, SiLUKernel.self) }
    /// Hyperbolic tangent (BERT's pooler).
    public func tanh() -> Tensor { Tensor.pointwise(self, TanhKernel.self) }
    /// max(x, 0) (DistilBERT's classifier head); gradient 0 at x = 0.
    public func relu() -> Tensor { Tensor.pointwise(self, ReLUKernel.self) }
    /// 1 / (1 + e^−x).
    public func sigmoid() -> Tensor { Tensor.pointwise(self, SigmoidKernel.self) }
    /// e^x (libm precision).
    public func exp() -> Tensor { Tensor.pointwise(self, ExpKernel.self) }
    /// Natural logarithm.
    public func log() -> Tensor { Tensor.pointwise(self, LogKernel.self) }
    /// x².
    public func square() -> Tensor { Tensor.pointwise(self, SquareKernel.self) }
    /// √x.
    public func sqrt() -> Tensor { Tensor.pointwise(self, SqrtKernel.self) }

    /// Applies a named activation.
    public func activated(_ activation: Activation) -> Tensor {
        switch activation {
        case .gelu: return gelu()
        case .geluTanh: return geluTanh()
        case .silu: return silu()
        case .tanh: return tanh()
        case .relu: return relu()
        case .sigmoid: return sigmoid()
        }
    }
}
