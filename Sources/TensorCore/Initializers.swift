import Foundation

/// Weight initialisers matching PyTorch's formulas (values come from `RandomGenerator`, so they
/// match PyTorch in distribution, not bit for bit).
extension Tensor {
    /// Uniform in [low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float, generator: RandomGenerator) throws -> Tensor {
        try checkShape(shape)
        let result = Tensor(uninitialized: shape)
        let width = high - low
        for index in 0..<result.count { result.data[index] = low + width * generator.nextUniform() }
        return result
    }

    /// Normal with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, generator: RandomGenerator) throws -> Tensor {
        try checkShape(shape)
        let result = Tensor(uninitialized: shape)
        for index in 0..<result.count { result.data[index] = mean + std * Float(generator.nextNormal()) }
        return result
    }

    /// `torch.nn.init.kaiming_uniform_(w, a:)` with fan_in mode and leaky-ReLU gain:
    /// bound = √(6 / ((1 + a²) · fan_in)), fan_in = product of all dimensions but the first.
    /// With `a = √5` (nn.Linear's default and PEFT's `lora_A` init) bound = 1/√fan_in.
    public static func kaimingUniform(_ shape: [Int], a: Float = Float(5).squareRoot(), generator: RandomGenerator) throws -> Tensor {
        guard shape.count >= 2 else {
            throw TensorError("kaiming_uniform needs at least 2 dimensions ([out, in]), got \(shapeText(shape))")
        }
        let fanIn = shape.dropFirst().reduce(1, *)
        guard fanIn > 0 else { throw TensorError("kaiming_uniform: fan_in is 0 for shape \(shapeText(shape))") }
        let gain = (2 / (1 + a * a)).squareRoot()
        let bound = gain * (3 / Float(fanIn)).squareRoot()
        return try uniform(shape, low: -bound, high: bound, generator: generator)
    }
}
