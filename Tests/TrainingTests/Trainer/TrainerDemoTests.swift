import Foundation
import Models
import PEFT
import TensorCore
import TestSupport
import Tokenizers
@testable import Training
import XCTest

/// The real end-to-end check on the demo assets: MiniLM-L6 + LoRA (r=8, alpha 16, dropout 0.1,
/// query/value) on 2000 tweets for one epoch must beat the majority-class baseline on 500 held-out
/// tweets clearly. Opt-in with LORAREPL_E2E=1: in a release build it took 349 s on the shared 2-core
/// machine (load ≈ 8; 125 steps at ~2.8 s), far over the suite's budget; debug builds are slower still.
/// `lorarepl-bench train-demo` runs the same recipe and prints the figures.
final class TrainerDemoTests: XCTestCase {
    func testMiniLMLoRAOnTweetsBeatsTheMajorityBaseline() throws {
        guard ProcessInfo.processInfo.environment["LORAREPL_E2E"] == "1" else {
            FileHandle.standardError.write(Data("SKIPPED: the MiniLM end-to-end training test is opt-in (LORAREPL_E2E=1, release build recommended)\n".utf8))
            throw XCTSkip("set LORAREPL_E2E=1 to run the MiniLM end-to-end training (minutes)")
        }
        guard let modelDir = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2"),
              let csv = Fixtures.demoAsset("data/tweet_sentiment.csv") else {
            throw XCTSkip("demo assets missing (make assets)")
        }
        let labels = ["negative": 0, "neutral": 1, "positive": 2]
        let tokenizer = try TokenizerLoader.load(modelDir.path)
        let all = try loadDataset("csv", dataFiles: csv.path).split("train")
        // The reference recipe's split: keep the three labels, random.Random(42).shuffle, then train/test.
        var generator = PythonRandom(seed: 42)
        let kept = try all.filter { labels[$0["sentiment"]?.stringValue ?? ""] != nil }.shuffle(using: &generator)
        func encoded(_ range: Range<Int>) throws -> Dataset {
            let rows: [Row] = try range.map { index in
                let row = try kept.row(index)
                let encoding = try tokenizer.encode(row["text"]?.stringValue ?? "",
                                                    truncation: TruncationOptions(strategy: .longestFirst, maxLength: 64, side: .right))
                return Row([("input_ids", .intList(encoding.ids)), ("attention_mask", .intList(encoding.attentionMask)),
                            ("label", .int(labels[row["sentiment"]?.stringValue ?? ""] ?? 0))])
            }
            return try Dataset.fromList(rows)
        }
        let train = try encoded(0..<2000)
        let test = try encoded(2000..<2500)
        let testLabels = try test.column("label").compactMap(\.intValue)
        let majority = Double((0..<3).map { c in testLabels.filter { $0 == c }.count }.max() ?? 0) / Double(testLabels.count)

        let loaded = try ModelLoader.load(modelDir.path, task: .sequenceClassification,
                                          options: LoadOptions(numLabels: 3, id2label: [0: "negative", 1: "neutral", 2: "positive"],
                                                               label2id: labels))
        let peft = try getPeftModel(loaded.model, try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.1,
                                                                 targetModules: .names(["query", "value"]), taskType: .sequenceClassification))
        var args = TrainingArguments()
        args.outputDir = TinyTraining.temporaryDirectory("minilm")
        args.perDeviceTrainBatchSize = 16
        args.perDeviceEvalBatchSize = 64
        args.numTrainEpochs = 1
        args.learningRate = 5e-4
        args.warmupSteps = .ratio(0.06)
        args.weightDecay = 0.01
        args.loggingSteps = .steps(25)
        args.evalStrategy = .epoch
        args.saveStrategy = .no
        args.disableTqdm = true
        let trainer = try Trainer(model: peft, args: args, trainDataset: train, evalDataset: test, tokenizer: tokenizer,
                                  computeMetrics: { p in
                                      let predicted = p.argmax()
                                      let truth = p.labelIds
                                      return ["accuracy": try ClassificationMetrics.accuracyScore(truth, predicted),
                                              "f1": try ClassificationMetrics.f1Score(truth, predicted, average: .macro)]
                                  })
        trainer.interrupt = TrainingInterrupt()
        let started = Date()
        let output = try trainer.train()
        let seconds = Date().timeIntervalSince(started)
        let metrics = try trainer.evaluate()
        let accuracy = try XCTUnwrap(metrics.number("eval_accuracy"))
        print(String(format: "MiniLM LoRA end-to-end: %d steps in %.1f s (%.0f ms/step), train_loss %.4f, accuracy %.4f, macro-F1 %.4f, majority baseline %.4f",
                     output.globalStep, seconds, seconds * 1000 / Double(output.globalStep), output.trainingLoss, accuracy,
                     metrics.number("eval_f1") ?? .nan, majority))
        XCTAssertEqual(output.globalStep, 125)
        XCTAssertGreaterThan(accuracy, majority + 0.1, "one epoch of LoRA should clearly beat predicting the majority class")
        // The trained adapter in a pipeline names the classes.
        let classify = TextClassificationPipeline(model: peft, tokenizer: tokenizer)
        let predictions = try classify.predictText(["I love this, best day ever!", "This is awful, I hate it."])
        XCTAssertEqual(predictions.count, 2)
        XCTAssertTrue(predictions.allSatisfy { labels[$0.label] != nil && $0.score > 1.0 / 3 }, "\(predictions)")
    }
}
