import Foundation
import Models
import PEFT
import TensorCore
import TestSupport
@testable import Training
import XCTest

/// AdamW + linear schedule + clipping: a Trainer run equals the same steps computed from the formulas.
final class TrainerOptimizationTests: XCTestCase {
    func testParameterGroupsFollowHuggingFace() throws {
        let peft = try TinyTraining.peftModel()
        let model = TrainerModel.peft(peft)
        let groups = OptimizerSetup.groups(parameters: model.trainableParameters(), normTensors: model.normParameterIdentifiers())
        // peft.md §4.6: 8 LoRA matrices + classifier weight decay, classifier bias does not.
        XCTAssertEqual(groups.decay.count, 9)
        XCTAssertEqual(groups.noDecay.map(\.name), ["base_model.model.classifier.modules_to_save.default.bias"])
        XCTAssertTrue(OptimizerSetup.isNoDecayName("bert.encoder.layer.0.output.LayerNorm.weight"))
        XCTAssertTrue(OptimizerSetup.isNoDecayName("model.norm.weight"))
        XCTAssertTrue(OptimizerSetup.isNoDecayName("model.layers.0.input_layernorm.weight"))
        XCTAssertFalse(OptimizerSetup.isNoDecayName("model.layers.0.mlp.down_proj.weight"))
        // A plain model: every LayerNorm weight and every bias are in the no-decay group.
        let plain = TrainerModel.plain(try TinyTraining.model())
        let plainGroups = OptimizerSetup.groups(parameters: plain.trainableParameters(), normTensors: plain.normParameterIdentifiers())
        XCTAssertTrue(plainGroups.noDecay.allSatisfy { $0.name.hasSuffix("bias") || $0.name.contains("LayerNorm") })
        XCTAssertTrue(plainGroups.decay.allSatisfy { $0.name.hasSuffix("weight") && !$0.name.contains("LayerNorm") })
    }

    func testAdamWLinearScheduleAndClippingMatchTheFormulas() throws {
        let data = try TinyTraining.dataset(count: 24)
        var args = TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("formula"))
        args.numTrainEpochs = 2            // 3 updates per epoch → T = 6
        args.warmupSteps = .steps(2)
        args.weightDecay = 0.1
        args.maxGradNorm = 0.05           // small enough that every step is clipped
        let trainer = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(), args: args, trainDataset: data))
        let output = try trainer.train()
        XCTAssertEqual(output.globalStep, 6)

        // The same six updates by hand, in Double, from the formulas.
        let reference = try TinyTraining.peftModel()
        reference.baseModel.reseed(42)
        reference.baseModel.train()
        let parameters = reference.trainableParameters()
        let decays = parameters.map { OptimizerSetup.isNoDecayName($0.name) ? 0.0 : 0.1 }
        var m = parameters.map { [Double](repeating: 0, count: $0.tensor.count) }
        var v = m
        let sampler = try BatchSampler(count: 24, batchSize: 8, shuffle: true, seed: 42)
        let collator = DataCollatorWithPadding(padTokenId: 0)
        let (lr0, warmup, total, beta1, beta2, eps) = (1e-2, 2.0, 6.0, 0.9, 0.999, 1e-8)
        var expectedNorms: [Double] = []
        var expectedRates: [Double] = []
        var s = 0
        for epoch in 0..<2 {
            for indices in sampler.batches(epoch: epoch) {
                let batch = try TrainerBatch.make(data, indices: indices, collator: collator)
                let loss = try XCTUnwrap(try reference.forward(inputIds: batch.inputIds, attentionMask: batch.attentionMask,
                                                               labels: batch.labels).loss)
                try loss.backward()
                let grads = parameters.map { $0.tensor.grad?.toArray().map(Double.init) ?? [Double](repeating: 0, count: $0.tensor.count) }
                let norm = grads.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + $1 * $1 } }.squareRoot()
                expectedNorms.append(Double(Float(norm)))
                let clip = min(1.0, 0.05 / (norm + 1e-6))
                let lambda = Double(s) < warmup ? Double(s) / warmup : max(0, (total - Double(s)) / (total - warmup))
                let lr = lr0 * lambda
                expectedRates.append(lr)
                let t = Double(s + 1)
                for (k, parameter) in parameters.enumerated() {
                    var p = parameter.tensor.toArray().map(Double.init)
                    for i in 0..<p.count {
                        let g = grads[k][i] * clip
                        p[i] *= 1 - lr * decays[k]
                        m[k][i] = beta1 * m[k][i] + (1 - beta1) * g
                        v[k][i] = beta2 * v[k][i] + (1 - beta2) * g * g
                        p[i] -= lr / (1 - pow(beta1, t)) * m[k][i] / (v[k][i].squareRoot() / (1 - pow(beta2, t)).squareRoot() + eps)
                    }
                    try parameter.tensor.assign(p.map(Float.init))
                    parameter.tensor.zeroGrad()
                }
                s += 1
            }
        }
        let trained = TinyTraining.trainableValues(trainer.model)
        for (name, tensor) in parameters {
            assertClose(try XCTUnwrap(trained[name]), tensor.toArray(), atol: 2e-6, rtol: 1e-4)
        }
        // The logs: learning_rate is lr0·λ(step − 1) exactly, grad_norm the norm before clipping.
        let logs = trainer.logHistory.filter { $0["loss"] != nil }
        XCTAssertEqual(logs.compactMap { $0.number("step") }, [1, 2, 3, 4, 5, 6].map(Double.init))
        assertClose(logs.compactMap { $0.number("learning_rate") }, expectedRates, atol: 0, rtol: 1e-15)
        assertClose(expectedRates, [0, 0.005, 0.01, 0.0075, 0.005, 0.0025], atol: 1e-18, rtol: 1e-14)
        assertClose(logs.compactMap { $0.number("grad_norm") }, expectedNorms, atol: 1e-6, rtol: 1e-3)
        XCTAssertTrue(expectedNorms.allSatisfy { $0 > 0.05 }, "every step should have been clipped")
        assertClose(logs.compactMap { $0.number("epoch") }, [1, 2, 3, 4, 5, 6].map { Double($0) / 3 }, atol: 1e-12, rtol: 0)
        // The summary entry closes the history.
        XCTAssertEqual(trainer.logHistory.last?.keys, ["train_runtime", "train_samples_per_second", "train_steps_per_second",
                                                       "total_flos", "train_loss", "epoch", "step"])
    }

    func testGradientAccumulationAveragesBatchesIntoOneStep() throws {
        let data = try TinyTraining.dataset(count: 32)
        var args = TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("gas"))
        args.numTrainEpochs = 1
        args.perDeviceTrainBatchSize = 4
        args.gradientAccumulationSteps = 2   // 8 batches → 4 updates
        let trainer = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(dropout: 0), args: args, trainDataset: data))
        let output = try trainer.train()
        XCTAssertEqual(output.globalStep, 4)
        XCTAssertEqual(trainer.logHistory.filter { $0["loss"] != nil }.compactMap { $0.number("epoch") }, [0.25, 0.5, 0.75, 1.0])
        XCTAssertTrue(output.trainingLoss.isFinite && output.trainingLoss > 0)
    }

    func testFrozenModelIsRefused() throws {
        let base = try TinyTraining.model()
        base.setRequiresGrad(false)
        let trainer = TinyTraining.quietTrainer(try Trainer(model: base, args: TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("frozen")),
                                                            trainDataset: try TinyTraining.dataset(count: 8)))
        XCTAssertThrowsError(try trainer.train()) { error in
            XCTAssertTrue("\(error)".contains("trainable params: 0"), "\(error)")
        }
    }
}
