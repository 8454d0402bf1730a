import TestSupport
import XCTest
@testable import TensorCore

/// Random tensors with fixed seeds, naive references, and a finite-difference gradient checker.
enum Helpers {
    static func random(_ shape: [Int], seed: UInt64, scale: Float = 1) throws -> Tensor {
        try Tensor.normal(shape, mean: 0, std: scale, generator: RandomGenerator(seed: seed))
    }

    static func parameter(_ shape: [Int], seed: UInt64, scale: Float = 1) throws -> Tensor {
        let tensor = try random(shape, seed: seed, scale: scale)
        tensor.requiresGrad = true
        return tensor
    }

    /// `[m, k] · [k, n]` in Double from row-major arrays.
    static func naiveMatmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var total: Double = 0
                for p in 0..<k { total += Double(a[i * k + p]) * Double(b[p * n + j]) }
                out[i * n + j] = Float(total)
            }
        }
        return out
    }

    /// Row-major transpose of an `[rows, cols]` array.
    static func transpose(_ values: [Float], rows: Int, cols: Int) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        for r in 0..<rows { for c in 0..<cols { out[c * rows + r] = values[r * cols + c] } }
        return out
    }

    /// Checks the gradients `backward()` gives for every input that requires them against central
    /// finite differences of `L = Σ f(inputs) ⊙ R` (R a fixed random projection).
    static func checkGradients(_ inputs: [Tensor], epsilon: Float = 1e-2, atol: Float = 2e-3, rtol: Float = 2e-2,
                               file: StaticString = #filePath, line: UInt = #line,
                               _ function: ([Tensor]) throws -> Tensor) throws {
        let probe = try Autograd.noGrad { try function(inputs) }
        let projection = try random(probe.shape, seed: 987)
        func loss() throws -> Double {
            try Autograd.noGrad {
                let out = try function(inputs).toArray()
                let weights = projection.toArray()
                var total: Double = 0
                for index in out.indices { total += Double(out[index]) * Double(weights[index]) }
                return total
            }
        }
        for input in inputs { input.zeroGrad() }
        try function(inputs).multiplying(projection).sum().backward()
        for (number, input) in inputs.enumerated() where input.requiresGrad {
            guard let analytic = input.grad?.toArray() else {
                XCTFail("input \(number) got no gradient", file: file, line: line)
                continue
            }
            var numeric = [Float](repeating: 0, count: input.count)
            for index in 0..<input.count {
                let original = input.storage.base[input.offset + index]
                input.storage.base[input.offset + index] = original + epsilon
                let plus = try loss()
                input.storage.base[input.offset + index] = original - epsilon
                let minus = try loss()
                input.storage.base[input.offset + index] = original
                numeric[index] = Float((plus - minus) / Double(2 * epsilon))
            }
            assertClose(analytic, numeric, atol: atol, rtol: rtol, "gradient of input \(number)", file: file, line: line)
        }
    }
}
