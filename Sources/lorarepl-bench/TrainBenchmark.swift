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
        var stamps: [(wall: UInt64, cpu: Double)] = []
        func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl, payload: LogEntry?) throws {
            guard event == .stepEnd else { return }
            stamps.append((DispatchTime.now().uptimeNanoseconds, processCPUMilliseconds()))
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
        args.bf16 = BenchmarkOptions.bf16
        let timer = StepTimer()
        let trainer = try Trainer(model: peft, args: args, trainDataset: try Dataset.fromList(rows), callbacks: [timer])
        trainer.write = { _ in }
        try trainer.train()
        var steps_ = Timings()
        for i in (warmup + 1)..<timer.stamps.count {
            steps_.wall.append(Double(timer.stamps[i].wall - timer.stamps[i - 1].wall) / 1e6)
            steps_.cpu.append(timer.stamps[i].cpu - timer.stamps[i - 1].cpu)
        }
        let step = summarize(steps_)
        print(String(format: "MiniLM-L6 + LoRA r=8 (query, value) Trainer step, batch %d × %d%@: median %.1f ms/step (best %.1f, CPU %.1f ms; %d steps after %d warm-up; load %@; PyTorch ≈ 570–620 on a quiet machine)",
                     batch, length, BenchmarkOptions.precisionNote, step.median, step.minimum, step.cpu, steps_.wall.count, warmup, loadAverage()))

        let ids = try IntTensor(shape: [batch, length], values: rows.prefix(batch).flatMap { $0["input_ids"]?.intListValue ?? [] }.map(Int32.init))
        let mask = try IntTensor(repeating: 1, shape: [batch, length])
        let labels = Labels.classes(IntTensor((0..<batch).map { Int32($0 % 3) }))
        try BF16Products.scope(enabled: BenchmarkOptions.bf16) { try phases(peft, ids: ids, mask: mask, labels: labels) }
    }

    /// Where the time goes: forward (train mode, graph recorded), backward, forward under no-grad (eval).
    static func phases(_ peft: PeftModel, ids: IntTensor, mask: IntTensor, labels: Labels) throws {
        peft.train()
        var forwardTimes = Timings(), backwardTimes = Timings()
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = processCPUMilliseconds()
            let output = try peft.forward(inputIds: ids, attentionMask: mask, labels: labels)
            let t1 = DispatchTime.now().uptimeNanoseconds, c1 = processCPUMilliseconds()
            try output.loss?.backward()
            let t2 = DispatchTime.now().uptimeNanoseconds, c2 = processCPUMilliseconds()
            forwardTimes.wall.append(Double(t1 - t0) / 1e6); forwardTimes.cpu.append(c1 - c0)
            backwardTimes.wall.append(Double(t2 - t1) / 1e6); backwardTimes.cpu.append(c2 - c1)
            for (_, tensor) in peft.trainableParameters() { tensor.zeroGrad() }
        }
        peft.eval()
        let evalTimes = try measure(iterations: 5, warmup: 1) {
            _ = try Autograd.noGrad { try peft.forward(inputIds: ids, attentionMask: mask) }
        }
        let (f, b, e) = (summarize(forwardTimes), summarize(backwardTimes), summarize(evalTimes))
        print(String(format: "  forward (train mode) %.1f ms (CPU %.1f), backward %.1f ms (CPU %.1f), eval forward (no grad) %.1f ms (CPU %.1f)",
                     f.median, f.cpu, b.median, b.cpu, e.median, e.cpu))
        let frozenWithGrad = peft.namedParameters().filter { !$0.tensor.requiresGrad && $0.tensor.grad != nil }.count
        print("  frozen parameters holding a gradient after backward: \(frozenWithGrad)")
    }
}
