// Causal-LM benchmark on the demo SmolLM2-135M-Instruct Q4_1 GGUF: greedy generation tokens/s (64 new
// tokens, fp32 weights and weights kept quantized) and LoRA training tokens/s (r=8, alpha 16, dropout
// 0.05, q_proj+v_proj, batch 4 × 128; fp32 base and base kept quantized, QLoRA-style), each in its own
// child process so its peak RSS is its own,
// then the reference stack (transformers + peft, ../shared/bench/bench_peft_clm.py) in the same session.
import Dispatch
import Foundation
import Models
import PEFT
import TensorCore
import Tokenizers
import Training

enum CausalBenchmark {
    static let model = "HuggingFaceTB/SmolLM2-135M-Instruct"
    static let partVariable = "LORAREPL_CAUSAL_PART"

    static func run(_ options: BenchmarkOptions) throws {
        if let part = ProcessInfo.processInfo.environment[partVariable] {
            switch part {
            case "generate": try generate(keepQuantized: false)
            case "generate-quantized":
                try generate(keepQuantized: true)
                try generate(keepQuantized: true, integerKernels: true)
            case "generate-only":  // generation side by side with llama.cpp, no training
                var output = ""
                for part in ["generate", "generate-quantized"] {
                    output += try child(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, ["causal"], environment: [partVariable: part])
                }
                printRatio(output, anchor: try llamaCpp())
            case "decode-profile": try decodeProfile()
            case "train": try train(steps: options.iterations, keepQuantized: false)
            case "train-quantized": try train(steps: options.iterations, keepQuantized: true)
            case "train-sft": try train(steps: options.iterations, keepQuantized: false, maskedPrompt: 96)
            default: print("unknown part \(part)")
            }
            return
        }
        print("load average at start: \(loadAverage()); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var output = ""
        for part in ["generate", "generate-quantized"] {
            output += try child(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, ["causal", "--iterations", String(options.iterations)], environment: [partVariable: part])
        }
        printRatio(output, anchor: try llamaCpp())
        for part in ["train", "train-quantized"] {
            try child(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, ["causal", "--iterations", String(options.iterations)], environment: [partVariable: part])
        }
        try reference(steps: options.iterations)
        print("load average at end: \(loadAverage())")
    }

    /// Runs a command, forwarding its output (printed when it ends) and returning it, and prints its CPU time.
    @discardableResult
    static func child(_ executable: String, _ arguments: [String], environment: [String: String], removing: [String] = []) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        for name in removing { inherited[name] = nil }
        process.environment = inherited.merging(environment) { $1 }
        let before = childrenCPUSeconds(), started = Date()
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text, terminator: "")
        defer { print(String(format: "  (process: %.1f s wall, %.1f s CPU, exit %d, load average %@)", Date().timeIntervalSince(started),
                     childrenCPUSeconds() - before, process.terminationStatus, loadAverage())) }
        return text
    }

    /// The value of the first `key=value` word in `text` (the machine-readable lines of the runs).
    static func value(_ key: String, in text: String) -> Double? {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix(key + "=") {
            return Double(word.dropFirst(key.count + 1))
        }
        return nil
    }

    /// lorarepl's integer-kernel decoding rate over llama.cpp's, both measured with the prompt already
    /// processed (llama-cpp-python reuses the cached prompt on its timed call).
    static func printRatio(_ output: String, anchor: String?) {
        guard let ours = value("decode_tokens_per_s_integer", in: output), let anchor, let theirs = value("gen_tokens_per_s", in: anchor), theirs > 0 else {
            print("ratio to llama.cpp: not available (anchor skipped or no integer-kernel run)")
            return
        }
        print(String(format: "ratio to llama.cpp (decoding, prompt cached, same GGUF, same run): %.1f / %.1f tokens/s = %.2f×", ours, theirs, ours / theirs))
    }

    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// `integerKernels`: 8-bit activations × the kept blocks (`GenerationOptions.integerKernels`).
    static func generate(keepQuantized: Bool, integerKernels: Bool = false) throws {
        var options = LoadOptions()
        options.keepQuantized = keepQuantized
        func generationOptions(_ count: Int, eos: [Int32]? = nil) -> GenerationOptions {
            var options = GenerationOptions(maxNewTokens: count, eosTokenIds: eos)
            options.integerKernels = integerKernels
            return options
        }
        let started = Date()
        let loaded = try ModelLoader.load(model, options: options)
        guard let lm = loaded.model as? LlamaForCausalLM else { return }
        let tokenizer = try TokenizerLoader.load(model)
        let prompt = try tokenizer.applyChatTemplateIds([["role": "user", "content": "What is LoRA?"]], addGenerationPrompt: true).map { Int32($0) }
        let loadSeconds = Date().timeIntervalSince(started)
        _ = try lm.generate(prompt, options: generationOptions(4))  // warm-up
        // Prompt processing: the prompt plus one new token, best of 3.
        var promptSeconds = Double.infinity
        for _ in 0..<3 {
            let promptStart = Date()
            _ = try lm.generate(prompt, options: generationOptions(1))
            promptSeconds = min(promptSeconds, Date().timeIntervalSince(promptStart))
        }
        let newTokens = 64
        let wallStart = Date(), cpuStart = ModelBench.cpuSeconds()
        var firstToken: Date?, lastToken = Date(), firstCPU = 0.0
        let tokens = try lm.generate(prompt, options: generationOptions(newTokens, eos: [])) { _ in
            lastToken = Date()
            if firstToken == nil { firstToken = lastToken; firstCPU = ModelBench.cpuSeconds() }
            return true
        }
        let seconds = Date().timeIntervalSince(wallStart), cpu = ModelBench.cpuSeconds() - cpuStart
        // Decoding alone (the prompt processed), as the llama.cpp anchor times it: tokens 2…64.
        let decodeSeconds = lastToken.timeIntervalSince(firstToken ?? lastToken), decodeCPU = ModelBench.cpuSeconds() - firstCPU
        print(String(format: "lorarepl generate (%@): load %.2f s, weights %.1f MB; %d-token prompt + %d new tokens in %.2f s = %.1f tokens/s (%.1f CPU-ms/token); peak RSS %.0f MB; load average %@",
                     keepQuantized ? (integerKernels ? "weights kept Q4_1/Q8_0, integer kernels " + QuantizedKernelInfo.level : "weights kept Q4_1/Q8_0, fp32 activations") : "fp32 weights", loadSeconds, Double(loaded.parameterBytes) / 1e6,
                     prompt.count, tokens.count, seconds, Double(tokens.count) / seconds, cpu * 1000 / Double(tokens.count),
                     peakRSSMegabytes(), loadAverage()))
        print(String(format: "  prompt processing: %d tokens + 1 new in %.1f ms = %.0f prompt tokens/s (best of 3)%@", prompt.count, promptSeconds * 1000,
                     Double(prompt.count) / promptSeconds, integerKernels ? "; integer kernels " + QuantizedKernelInfo.level + ", \(QuantizedKernelInfo.threads) threads" : ""))
        if tokens.count > 1, decodeSeconds > 0 {
            let rate = Double(tokens.count - 1) / decodeSeconds
            print(String(format: "  decoding only (prompt processed): %.1f tokens/s, %.1f CPU-ms/token", rate, decodeCPU * 1000 / Double(tokens.count - 1)))
            if integerKernels { print(String(format: "decode_tokens_per_s_integer=%.2f", rate)) }
        }
        print("  " + String(reflecting: tokenizer.decode(tokens.map(Int.init))))
        try checkGreedyFixture(lm, integerKernels: integerKernels)
    }

    /// For instruction counts (`valgrind --tool=callgrind`): load the kept-quantized model, then one greedy
    /// generation of `LORAREPL_PROFILE_TOKENS` new tokens (default 64) with the integer kernels
    /// (`LORAREPL_PROFILE_FLOAT=1`: fp32 activations). Two runs with different token counts give the
    /// instructions per decoding step by difference (`docs/performance.md`).
    static func decodeProfile() throws {
        let environment = ProcessInfo.processInfo.environment
        let newTokens = environment["LORAREPL_PROFILE_TOKENS"].flatMap { Int($0) } ?? 64
        var load = LoadOptions()
        load.keepQuantized = true
        guard let lm = try ModelLoader.load(model, options: load).model as? LlamaForCausalLM else { return }
        let tokenizer = try TokenizerLoader.load(model)
        let prompt = try tokenizer.applyChatTemplateIds([["role": "user", "content": "What is LoRA?"]], addGenerationPrompt: true).map { Int32($0) }
        var options = GenerationOptions(maxNewTokens: newTokens, eosTokenIds: [])
        options.integerKernels = environment["LORAREPL_PROFILE_FLOAT"] != "1"
        let cpuStart = ModelBench.cpuSeconds()
        let tokens = try lm.generate(prompt, options: options)
        print(String(format: "decode-profile: %d-token prompt + %d new tokens, %.1f CPU-ms, %@", prompt.count, tokens.count,
                     (ModelBench.cpuSeconds() - cpuStart) * 1000, options.integerKernels ? "integer kernels " + QuantizedKernelInfo.level : "fp32 activations"))
    }

    /// The fixture's greedy continuations (transformers' tokens), when the fixtures are present.
    static func checkGreedyFixture(_ lm: LlamaForCausalLM, integerKernels: Bool = false) throws {
        let path = "/work/shared/fixtures/smollm2/greedy.json"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        struct Case: Decodable { let prompt_ids: [Int32]; let generated_ids: [Int32] }
        let cases = try JSONDecoder().decode([Case].self, from: data)
        var options = GenerationOptions(maxNewTokens: 24)
        options.integerKernels = integerKernels
        let matches = try cases.map { try lm.generate($0.prompt_ids, options: options) == $0.generated_ids }
        print("  smollm2/greedy.json: \(matches.filter { $0 }.count) of \(cases.count) cases identical")
    }

    final class StepTimer: TrainerCallback {
        var stamps: [(wall: UInt64, cpu: Double)] = []
        func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl, payload: LogEntry?) throws {
            guard event == .stepEnd else { return }
            stamps.append((DispatchTime.now().uptimeNanoseconds, ModelBench.cpuSeconds()))
        }
    }

    /// `keepQuantized`: QLoRA-style, the base weights stay Q4_1/Q8_0 blocks and are dequantized per use.
    /// `maskedPrompt`: the first this many tokens of each row are a prompt with label −100 (completion-only
    /// fine-tuning, `train-sft`); the loss then needs the head's logits for the other positions only.
    static func train(steps: Int, keepQuantized: Bool, maskedPrompt: Int = 0) throws {
        let batch = 4, length = 128, warmup = 2
        let total = warmup + max(1, steps)
        var options = LoadOptions()
        options.keepQuantized = keepQuantized
        let loaded = try ModelLoader.load(model, options: options)
        let loadedRSS = currentRSSMegabytes()
        if keepQuantized { try timeDequantization(loaded.model) }
        let tokenizer = try TokenizerLoader.load(model)
        let peft = try getPeftModel(loaded.model, try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.05,
                                                                  targetModules: .names(["q_proj", "v_proj"]), taskType: .causalLM))
        peft.output = { _ in }
        // Real text, cut into 128-token rows (the reference uses its own source text).
        let source = (try? String(contentsOfFile: #filePath, encoding: .utf8)) ?? String(repeating: "LoRA adapts a frozen model. ", count: 400)
        var ids = tokenizer.tokenizeToIds(source)
        while ids.count < batch * total * length { ids += ids }
        let rows = (0..<(batch * total)).map { r in
            let tokens = Array(ids[(r * length)..<((r + 1) * length)])
            guard maskedPrompt > 0 else { return Row([("input_ids", .intList(tokens))]) }
            let labels = tokens.indices.map { $0 < maskedPrompt ? -100 : tokens[$0] }
            return Row([("input_ids", .intList(tokens)), ("labels", .intList(labels))])
        }
        var args = TrainingArguments()
        args.outputDir = NSTemporaryDirectory() + "lorarepl-causal-bench"
        args.perDeviceTrainBatchSize = batch
        args.maxSteps = total
        args.learningRate = 2e-4
        args.lrSchedulerType = .constant
        args.loggingSteps = .steps(1)
        args.saveStrategy = .no
        args.disableTqdm = true
        args.bf16 = BenchmarkOptions.bf16
        let timer = StepTimer()
        let trainer = try Trainer(model: peft, args: args, trainDataset: try Dataset.fromList(rows),
                                  dataCollator: maskedPrompt > 0 ? DataCollatorWithPadding(padTokenId: Int32(tokenizer.padTokenId ?? 0))
                                      : try DataCollatorWithPadding.forLanguageModeling(padTokenId: Int32(tokenizer.padTokenId ?? 0)),
                                  callbacks: [timer])
        trainer.write = { _ in }
        _ = try trainer.train()
        guard timer.stamps.count == total else { return }
        let first = timer.stamps[warmup - 1], last = timer.stamps[total - 1]
        let seconds = Double(last.wall - first.wall) / 1e9, cpu = last.cpu - first.cpu
        let measured = Double(total - warmup)
        let loss = trainer.logHistory.last { $0.number("loss") != nil }?.number("loss") ?? .nan
        print(String(format: "lorarepl LoRA train (q_proj,v_proj r=8, batch %d × %d%@, %@%@, parameters %.1f MB): %.0f ms/step, %.0f tokens/s (%.0f CPU-ms/step) over %d steps; RSS after load %.0f MB, peak RSS %.0f MB; last loss %.4f; load average %@",
                     batch, length, maskedPrompt > 0 ? ", first \(maskedPrompt) tokens a masked prompt" : "", keepQuantized ? "base kept Q4_1/Q8_0" : "fp32 base", BenchmarkOptions.precisionNote, Double(loaded.parameterBytes) / 1e6, seconds * 1000 / measured, measured * Double(batch * length) / seconds, cpu * 1000 / measured,
                     total - warmup, loadedRSS, peakRSSMegabytes(), loss, loadAverage()))
        print("  losses by step: " + trainer.logHistory.compactMap { $0.number("loss") }.map { String(format: "%.4f", $0) }.joined(separator: " "))
    }

    /// The per-use cost QLoRA adds: dequantizing every kept Linear weight once (a training step does it
    /// twice: forward, and backward for the input gradient), best of 3.
    static func timeDequantization(_ model: PreTrainedModel) throws {
        let linears = model.namedModules().compactMap { $0.module as? Linear }.filter(\.isWeightQuantized)
        var best = Double.infinity, values = 0
        for _ in 0..<3 {
            let started = Date()
            values = 0
            for linear in linears { values += try linear.denseWeight().count }
            best = min(best, Date().timeIntervalSince(started))
        }
        print(String(format: "dequantizing the %d kept Linear weights once (%.1f M values, fresh buffers): %.0f ms (best of 3); a LoRA step does it twice",
                     linears.count, Double(values) / 1e6, best * 1000))
    }

    /// Resident memory now (`/proc/self/statm`), MB.
    static func currentRSSMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return .nan }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return .nan }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// The first Python of ~/anchor-venv and /work/refvenv (the reference stack) that imports `module`.
    static func python(importing module: String) -> String? {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        for candidate in [home + "/anchor-venv/bin/python", "/work/refvenv/bin/python"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: candidate)
            probe.arguments = ["-c", "import \(module)"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { continue }
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { return candidate }
        }
        return nil
    }

    /// llama.cpp (llama-cpp-python in ~/anchor-venv, ../shared/bench/bench_llamacpp_gen.py) on the same GGUF, 2 threads.
    @discardableResult
    static func llamaCpp() throws -> String? {
        let script = ProcessInfo.processInfo.environment["LORAREPL_BENCH_SCRIPTS"].map { $0 + "/bench_llamacpp_gen.py" }
            ?? "/work/shared/bench/bench_llamacpp_gen.py"
        guard let source = try? ModelResolver().resolve(model), case .gguf(let file) = source else {
            print("llama.cpp anchor: the SmolLM2 GGUF is not in the cache: skipped")
            return nil
        }
        guard FileManager.default.fileExists(atPath: script), let python = python(importing: "llama_cpp") else {
            print("llama.cpp anchor not found (llama-cpp-python in ~/anchor-venv or /work/refvenv, \(script)): skipped; ../shared/bench/README.md builds it")
            return nil
        }
        print("llama.cpp: \(python) \(script) \(file.path) (2 threads)")
        let ownSetting = BLAS.setThreadTimeout ? ["OPENBLAS_THREAD_TIMEOUT"] : []
        return try child(python, [script, file.path], environment: [:], removing: ownSetting)
    }

    /// transformers + peft on the same model, with the first of ~/anchor-venv and /work/refvenv that has torch.
    static func reference(steps: Int) throws {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let script = ProcessInfo.processInfo.environment["LORAREPL_BENCH_SCRIPTS"].map { $0 + "/bench_peft_clm.py" }
            ?? "/work/shared/bench/bench_peft_clm.py"
        guard FileManager.default.fileExists(atPath: script), let python = python(importing: "torch") else {
            print("reference stack not found (torch in ~/anchor-venv or /work/refvenv, \(script)): skipped")
            return
        }
        let folder = (try? ModelResolver().resolve(model)).flatMap { source -> String? in
            if case .gguf(let file) = source { return file.deletingLastPathComponent().path }
            return nil
        } ?? home + "/.cache/lorarepl/models/" + model
        print("reference: OMP_NUM_THREADS=2 \(python) \(script) \(folder) SmolLM2-135M-Instruct.Q4_1.gguf \(steps) 4 128")
        // TensorCore sets OPENBLAS_THREAD_TIMEOUT for its own OpenBLAS (BLAS.swift); the reference gets the
        // environment it would have without lorarepl (unless the user set the variable themselves).
        let ownSetting = BLAS.setThreadTimeout ? ["OPENBLAS_THREAD_TIMEOUT"] : []
        try child(python, [script, folder, "SmolLM2-135M-Instruct.Q4_1.gguf", String(steps), "4", "128"], environment: ["OMP_NUM_THREADS": "2"],
                  removing: ownSetting)
    }
}
