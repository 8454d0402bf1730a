/// Inverted dropout with the seeded generator: zeroes each element with probability `p` and
/// scales the rest by 1/(1−p). The mask is drawn sequentially, so results are reproducible.
extension Tensor {
    /// Identity when `training` is false or `p == 0`.
    public func dropout(p: Float, generator: RandomGenerator, training: Bool = true) throws -> Tensor {
        guard p >= 0, p < 1 else {
            throw TensorError("dropout probability must be in [0, 1), got \(p)", help: "typical values are 0.0–0.5")
        }
        guard training, p > 0 else { return self }
        let mask = Tensor(uninitialized: shape)
        let keepScale = 1 / (1 - p)
        for index in 0..<count { mask.data[index] = generator.nextUniform() >= p ? keepScale : 0 }
        let result = try Tensor.binaryMap(self, mask, MulKernel.self, op: "dropout")
        return Tensor.record(result, "dropout", [self]) { gradient in
            [try Tensor.binaryMap(gradient, mask, MulKernel.self, op: "dropout")]
        }
    }
}
