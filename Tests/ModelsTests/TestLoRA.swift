import XCTest
@testable import Models
import TensorCore

/// y = base + (alpha / r) · (x Aᵀ) Bᵀ, PEFT's LoRA layer without dropout, on the Linear adapter hook —
/// enough to check the models' backward passes against PEFT's gradients.
final class TestLoRA: LinearAdapter {
    let a: Tensor, b: Tensor, scale: Float
    let replacesBase = false

    init(a: Tensor, b: Tensor, scale: Float) {
        self.a = a
        self.b = b
        self.scale = scale
    }

    func forward(input: Tensor, baseOutput: Tensor?, linear: Linear) throws -> Tensor {
        let update = try Tensor.linear(Tensor.linear(input, weight: a), weight: b).scaled(by: scale)
        guard let baseOutput else { return update }
        return try baseOutput + update
    }

    var namedParameters: [(name: String, tensor: Tensor)] { [("lora_A.default.weight", a), ("lora_B.default.weight", b)] }

    /// Attaches every `base_model.model.<module>.lora_A/B.weight` pair of a PEFT adapter file; returns how many.
    static func attach(_ adapter: [String: Tensor], to model: PreTrainedModel, scale: Float) throws -> Int {
        var attached = 0
        for (name, module) in model.namedModules() {
            guard let linear = module as? Linear, let a = adapter["base_model.model.\(name).lora_A.weight"],
                  let b = adapter["base_model.model.\(name).lora_B.weight"] else { continue }
            a.requiresGrad = true
            b.requiresGrad = true
            linear.adapter = TestLoRA(a: a, b: b, scale: scale)
            attached += 1
        }
        return attached
    }

    /// Compares the gradient of every trainable tensor with the reference:
    /// ‖g − ref‖ / ‖ref‖ ≤ `normTolerance` and every element within `elementTolerance` · max|ref|. Returns the worst (norm-relative, element) errors.
    @discardableResult
    static func compareGradients(of model: PreTrainedModel, with expected: [String: Tensor], normTolerance: Float = 1e-3, elementTolerance: Float = 1e-3,
                                 key: (String) -> String, file: StaticString = #filePath, line: UInt = #line) throws -> (norm: Float, element: Float) {
        var checked = 0
        var worst: Float = 0, worstNorm: Float = 0
        for (name, tensor) in model.namedParameters() where tensor.requiresGrad {
            let reference = try XCTUnwrap(expected[key(name)], key(name), file: file, line: line).toArray()
            let grad = try XCTUnwrap(tensor.grad, name, file: file, line: line).toArray()
            let scale = max(reference.map(abs).max() ?? 1, 1e-12)
            var local: Float = 0, squaredDiff: Double = 0, squaredReference: Double = 0
            for (g, r) in zip(grad, reference) {
                local = max(local, abs(g - r) / scale)
                squaredDiff += Double((g - r) * (g - r))
                squaredReference += Double(r * r)
            }
            let normRelative = Float((squaredDiff / max(squaredReference, 1e-30)).squareRoot())
            XCTAssertLessThanOrEqual(normRelative, normTolerance, "\(name): ‖diff‖ / ‖grad‖ = \(normRelative)", file: file, line: line)
            XCTAssertLessThanOrEqual(local, elementTolerance, "\(name): worst |diff| / max|grad| = \(local)", file: file, line: line)
            worst = max(worst, local)
            worstNorm = max(worstNorm, normRelative)
            checked += 1
        }
        XCTAssertEqual(checked, expected.count, "every trainable tensor has a reference gradient", file: file, line: line)
        return (worstNorm, worst)
    }
}
