// The headline benchmark: one Trainer step of MiniLM-L6 + LoRA (r=8, alpha 16, dropout 0.1 on
// query/value, SEQ_CLS head) on batches of 16 × 64 tokens. PyTorch 2 threads: ~570–620 ms/step.
import Dispatch
import Foundation
import Models
import PEFT
import TensorCore
import Training

enum TrainBenchmark {
    /// Records the wall-clock time of every optimizer step (from one step end to the next).
    final class StepTimer: TrainerCallback {
        var stamps: [UInt64] = []
        func onStepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {
            stamps.append(DispatchTime.now().uptimeNanoseconds)
        }
    }

    static func run(_ options: BenchmarkOptions) throws {
        let batch = 16, length = 64, warmup = 2
        let steps = warmup + max(3, options.iterations)
        let loaded = try ModelLoader.load("sentence-transformers/all-MiniLM-L6-v2", task: .sequenceClassification,
                                          options: LoadOptions(numLabels: 3))
        let config = try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.1, targetModules: .names(["query", "value"]),
                                    taskType: .sequenceClassification)
        let peft = try getPeftModel(loaded.model, config)
        let generator = RandomGenerator(seed: 0)
        var rows: [Row] = []
        for _ in 0..<(batch * steps) {
            let ids = [101] + (0..<(length - 2)).map { _ in 1000 + generator.nextInt(below: 29000) } + [102]
            rows.append(Row([("input_ids", .intList(ids)), ("attention_mask", .intList([Int](repeating: 1, count: length))),
                             ("label", .int(generator.nextInt(below: 3)))]))
        }
        var args = TrainingArguments()
        args.outputDir = NSTemporaryDirectory() + "lorarepl-train-bench"
        args.perDeviceTrainBatchSize = batch
        args.maxSteps = steps
        args.learningRate = 5e-4
        args.loggingSteps = .steps(1_000_000)
        args.saveStrategy = .no
        args.disableTqdm = true
        let timer = StepTimer()
        let trainer = try Trainer(model: peft, args: args, trainDataset: try Dataset.fromList(rows), callbacks: [timer])
        trainer.write = { _ in }
        let started = DispatchTime.now().uptimeNanoseconds
        try trainer.train()
        let stamps = [started] + timer.stamps
        let times = (1..<stamps.count).map { Double(stamps[$0] - stamps[$0 - 1]) / 1e6 }
        let measured = Array(times.dropFirst(warmup))
        let (median, minimum) = summarize(measured)
        print(String(format: "MiniLM-L6 + LoRA r=8 (query, value) Trainer step, batch %d × %d: median %.1f ms/step (min %.1f, %d steps after %d warm-up; PyTorch ≈ 570–620)",
                     batch, length, median, minimum, measured.count, warmup))

        // Where the time goes: forward (train mode, graph recorded), backward, forward under no-grad (eval).
        let ids = try IntTensor(shape: [batch, length], values: rows.prefix(batch).flatMap { $0["input_ids"]?.intListValue ?? [] }.map(Int32.init))
        let mask = try IntTensor(repeating: 1, shape: [batch, length])
        let labels = Labels.classes(IntTensor((0..<batch).map { Int32($0 % 3) }))
        peft.train()
        var forwardTimes: [Double] = [], backwardTimes: [Double] = []
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let output = try peft.forward(inputIds: ids, attentionMask: mask, labels: labels)
            let t1 = DispatchTime.now().uptimeNanoseconds
            try output.loss?.backward()
            let t2 = DispatchTime.now().uptimeNanoseconds
            forwardTimes.append(Double(t1 - t0) / 1e6)
            backwardTimes.append(Double(t2 - t1) / 1e6)
            for (_, tensor) in peft.trainableParameters() { tensor.zeroGrad() }
        }
        peft.eval()
        let evalTimes = try measure(iterations: 5, warmup: 1) {
            _ = try Autograd.noGrad { try peft.forward(inputIds: ids, attentionMask: mask) }
        }
        print(String(format: "  forward (train mode) %.1f ms, backward %.1f ms, eval forward (no grad) %.1f ms",
                     summarize(forwardTimes).median, summarize(backwardTimes).median, summarize(evalTimes).median))
        let frozenWithGrad = peft.namedParameters().filter { !$0.tensor.requiresGrad && $0.tensor.grad != nil }.count
        print("  frozen parameters holding a gradient after backward: \(frozenWithGrad)")
    }
}
