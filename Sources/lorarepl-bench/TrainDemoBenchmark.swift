// The demo recipe end to end (the same as TrainerDemoTests and shared/bench/ref_train_cls.py at
// 2000/500 rows, 1 epoch): MiniLM-L6 + LoRA r=8 alpha 16 dropout 0.1 on query/value, batch 16,
// lr 5e-4, warmup 0.06, weight decay 0.01; prints wall time, accuracy, macro-F1 and the majority baseline.
import Foundation
import Models
import PEFT
import TensorCore
import Tokenizers
import Training

enum TrainDemoBenchmark {
    static func run(_ options: BenchmarkOptions) throws {
        let trainCount = 2000, testCount = 500
        let labels = ["negative": 0, "neutral": 1, "positive": 2]
        let modelName = "sentence-transformers/all-MiniLM-L6-v2"
        let tokenizer = try TokenizerLoader.load(modelName)
        let all = try loadDataset("csv", dataFiles: "tweet_sentiment.csv").split("train")
        var generator = PythonRandom(seed: 42)
        let kept = try all.filter { labels[$0["sentiment"]?.stringValue ?? ""] != nil }.shuffle(using: &generator)
        func encoded(_ range: Range<Int>) throws -> Dataset {
            try Dataset.fromList(try range.map { index in
                let row = try kept.row(index)
                let encoding = try tokenizer.encode(row["text"]?.stringValue ?? "",
                                                    truncation: TruncationOptions(strategy: .longestFirst, maxLength: 64, side: .right))
                return Row([("input_ids", .intList(encoding.ids)), ("attention_mask", .intList(encoding.attentionMask)),
                            ("label", .int(labels[row["sentiment"]?.stringValue ?? ""] ?? 0))])
            })
        }
        let train = try encoded(0..<trainCount), test = try encoded(trainCount..<(trainCount + testCount))
        let testLabels = try test.column("label").compactMap(\.intValue)
        let majority = Double((0..<3).map { c in testLabels.filter { $0 == c }.count }.max() ?? 0) / Double(testCount)
        let loaded = try ModelLoader.load(modelName, task: .sequenceClassification,
                                          options: LoadOptions(numLabels: 3, id2label: [0: "negative", 1: "neutral", 2: "positive"],
                                                               label2id: labels))
        let peft = try getPeftModel(loaded.model, try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.1,
                                                                 targetModules: .names(["query", "value"]), taskType: .sequenceClassification))
        var args = TrainingArguments()
        args.outputDir = NSTemporaryDirectory() + "lorarepl-train-demo"
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
        args.bf16 = BenchmarkOptions.bf16
        let trainer = try Trainer(model: peft, args: args, trainDataset: train, evalDataset: test, tokenizer: tokenizer,
                                  computeMetrics: { p in
                                      ["accuracy": try ClassificationMetrics.accuracyScore(p.labelIds, p.argmax()),
                                       "f1": try ClassificationMetrics.f1Score(p.labelIds, p.argmax(), average: .macro)]
                                  })
        let started = Date(), cpuStart = processCPUMilliseconds()
        let output = try trainer.train()
        let seconds = Date().timeIntervalSince(started), cpu = (processCPUMilliseconds() - cpuStart) / 1000
        let eval = trainer.logHistory.last { $0["eval_accuracy"] != nil } ?? LogEntry()
        print(String(format: "demo: %d train / %d test tweets, 1 epoch = %d steps in %.1f s (CPU %.1f s, %.0f ms/step incl. the eval, load %@); train_loss %.4f",
                     trainCount, testCount, output.globalStep, seconds, cpu, seconds * 1000 / Double(output.globalStep), loadAverage(), output.trainingLoss))
        print(String(format: "demo%@: accuracy %.4f, macro-F1 %.4f, eval loss %.4f, majority-class baseline %.4f",
                     BenchmarkOptions.precisionNote, eval.number("eval_accuracy") ?? .nan, eval.number("eval_f1") ?? .nan,
                     eval.number("eval_loss") ?? .nan, majority))
        print("demo: logged losses " + trainer.logHistory.compactMap { $0.number("loss") }.map { String(format: "%.4f", $0) }.joined(separator: " "))
        let predictions = try TextClassificationPipeline(model: peft, tokenizer: tokenizer)
            .predictText(["I love this, best day ever!", "This is awful, I hate it.", "The meeting is at 3pm."])
        print("demo: pipeline → " + predictions.map(\.description).joined(separator: ", "))
    }
}
