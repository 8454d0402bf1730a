import PythonBasics
import TensorCore
/// Building `TrainingArguments` from a script's keyword arguments (`TrainingArguments(output_dir=…, …)`),
/// with HF's names, one clear message per bad keyword, and warnings for accepted-but-ignored ones.
extension TrainingArguments {
    /// Parses keyword arguments; unknown or removed names are errors that say what to write instead.
    /// Returns the arguments and warnings about keywords that are accepted but have no effect.
    public static func parse(keywords: [(String, DataValue)]) throws -> (TrainingArguments, [TrainingWarning]) {
        var args = TrainingArguments()
        var warnings: [TrainingWarning] = []
        for (name, value) in keywords {
            if let message = removedKeywords[name] {
                throw TrainingError(.typeError, "TrainingArguments got an unexpected keyword argument '\(name)'", help: message)
            }
            if ignoredKeywords.contains(name) {
                if !value.isNone, value != .bool(false) {
                    warnings.append(TrainingWarning("\(name)=\(value) is accepted for compatibility and ignored by lorarepl"))
                }
                continue
            }
            guard let setter = setters[name] else {
                let suggestion = closestName(to: name, among: Array(setters.keys) + Array(removedKeywords.keys))
                throw TrainingError(.typeError, "TrainingArguments got an unexpected keyword argument '\(name)'",
                                    help: suggestion.map { "did you mean '\($0)'?" })
            }
            try setter(&args, KeywordValue(name: name, value: value), &warnings)
        }
        return (args, warnings)
    }

    /// Every keyword `parse` accepts (for completion and help).
    public static var keywordNames: [String] { (Array(setters.keys) + ignoredKeywords).sorted() }

    private static let removedKeywords: [String: String] = [
        "evaluation_strategy": "`evaluation_strategy` was renamed `eval_strategy` (transformers 4.41; the old name is gone in v5): write eval_strategy=\"epoch\"",
        "warmup_ratio": "`warmup_ratio` was removed in transformers v5: give the ratio to warmup_steps instead, e.g. warmup_steps=0.1 (a value below 1 is a fraction of the total steps)",
        "per_gpu_train_batch_size": "use per_device_train_batch_size",
        "per_gpu_eval_batch_size": "use per_device_eval_batch_size",
        "evaluate_during_training": "use eval_strategy=\"steps\" (or \"epoch\")",
    ]

    /// Harmless keywords seen in scripts written for GPUs or experiment trackers.
    private static let ignoredKeywords: [String] = [
        "do_train", "do_eval", "do_predict", "logging_dir", "overwrite_output_dir", "dataloader_num_workers",
        "dataloader_pin_memory", "dataloader_persistent_workers", "group_by_length", "torch_compile", "ddp_find_unused_parameters",
        "push_to_hub", "hub_model_id", "hub_strategy", "hub_token", "tf32", "log_level", "skip_memory_metrics", "include_num_input_tokens_seen",
        "full_determinism", "local_rank", "deepspeed", "fsdp", "auto_find_batch_size",
    ]

    typealias Setter = (inout TrainingArguments, KeywordValue, inout [TrainingWarning]) throws -> Void

    private static let setters: [String: Setter] = [
        "output_dir": { a, v, _ in a.outputDir = try v.optionalString() ?? "trainer_output" },
        "learning_rate": { a, v, _ in a.learningRate = try v.float() },
        "weight_decay": { a, v, _ in a.weightDecay = try v.float() },
        "adam_beta1": { a, v, _ in a.adamBeta1 = try v.float() },
        "adam_beta2": { a, v, _ in a.adamBeta2 = try v.float() },
        "adam_epsilon": { a, v, _ in a.adamEpsilon = try v.float() },
        "max_grad_norm": { a, v, _ in a.maxGradNorm = try v.optionalFloat() ?? 0 },
        "num_train_epochs": { a, v, _ in a.numTrainEpochs = try v.float() },
        "max_steps": { a, v, _ in a.maxSteps = try v.int() },
        "lr_scheduler_type": { a, v, _ in a.lrSchedulerType = try v.choice(SchedulerType.self) },
        "warmup_steps": { a, v, _ in a.warmupSteps = try v.warmup() },
        "per_device_train_batch_size": { a, v, _ in a.perDeviceTrainBatchSize = try v.int() },
        "per_device_eval_batch_size": { a, v, _ in a.perDeviceEvalBatchSize = try v.int() },
        "gradient_accumulation_steps": { a, v, _ in a.gradientAccumulationSteps = try v.int() },
        "logging_strategy": { a, v, _ in a.loggingStrategy = try v.choice(IntervalStrategy.self) },
        "logging_steps": { a, v, _ in a.loggingSteps = try v.stepCount() },
        "logging_first_step": { a, v, _ in a.loggingFirstStep = try v.bool() },
        "logging_nan_inf_filter": { a, v, _ in a.loggingNanInfFilter = try v.bool() },
        "eval_strategy": { a, v, _ in a.evalStrategy = try v.choice(IntervalStrategy.self) },
        "eval_steps": { a, v, _ in a.evalSteps = v.value.isNone ? nil : try v.stepCount() },
        "eval_on_start": { a, v, _ in a.evalOnStart = try v.bool() },
        "eval_delay": { a, v, _ in a.evalDelay = try v.optionalFloat() ?? 0 },
        "save_strategy": { a, v, _ in a.saveStrategy = try v.choice(SaveStrategy.self) },
        "save_steps": { a, v, _ in a.saveSteps = try v.stepCount() },
        "save_total_limit": { a, v, _ in a.saveTotalLimit = try v.optionalInt() },
        "save_only_model": { a, v, _ in a.saveOnlyModel = try v.bool() },
        "load_best_model_at_end": { a, v, _ in a.loadBestModelAtEnd = try v.bool() },
        "metric_for_best_model": { a, v, _ in a.metricForBestModel = try v.optionalString() },
        "greater_is_better": { a, v, _ in a.greaterIsBetter = v.value.isNone ? nil : try v.bool() },
        "seed": { a, v, _ in a.seed = try v.int() },
        "data_seed": { a, v, _ in a.dataSeed = try v.optionalInt() },
        "report_to": { a, v, w in
            let targets = try v.stringOrList()
            a.reportTo = targets
            let real = targets.filter { $0 != "none" }
            if !real.isEmpty {
                w.append(TrainingWarning("report_to=\(real) is ignored: lorarepl logs to the console and to trainer_state.json"))
            }
        },
        "disable_tqdm": { a, v, _ in a.disableTqdm = try v.bool() },
        "remove_unused_columns": { a, v, _ in a.removeUnusedColumns = try v.bool() },
        "label_names": { a, v, _ in a.labelNames = v.value.isNone ? nil : try v.stringOrList() },
        "use_cpu": { a, v, _ in a.useCpu = try v.bool() },
        "no_cuda": { a, v, _ in a.useCpu = try v.bool() },
        "fp16": { a, v, w in
            a.fp16 = try v.bool()
            if a.fp16 { w.append(TrainingWarning("fp16=True is ignored: lorarepl trains in float32 on the CPU (mixed precision needs a GPU)")) }
        },
        "bf16": { a, v, w in
            a.bf16 = try v.bool()
            if a.bf16, !BF16Products.isNative {
                w.append(TrainingWarning("bf16=True on a CPU without AVX512_BF16: the frozen weights' products are rounded to bfloat16 as asked, "
                                         + "but emulated, so training is slower than in float32; leave bf16 off on this machine for speed"))
            }
        },
        "optim": { a, v, _ in
            let name = try v.string()
            guard ["adamw_torch", "adamw_torch_fused", "adamw_hf", "adamw"].contains(name) else {
                throw TrainingError.value("optim=\(PythonFormat.stringRepr(name)) is not available in lorarepl",
                                          help: "use the default optim=\"adamw_torch\" (AdamW, as PEFT examples do)")
            }
            a.optim = name
        },
        "dataloader_drop_last": { a, v, _ in a.dataloaderDropLast = try v.bool() },
        "restore_callback_states_from_checkpoint": { a, v, _ in a.restoreCallbackStatesFromCheckpoint = try v.bool() },
        "prediction_loss_only": { a, v, _ in a.predictionLossOnly = try v.bool() },
        "gradient_checkpointing": { a, v, w in
            a.gradientCheckpointing = try v.bool()
            if a.gradientCheckpointing { w.append(TrainingWarning("gradient_checkpointing=True is ignored: lorarepl keeps activations in memory (the demo models are small)")) }
        },
        "run_name": { a, v, _ in a.runName = try v.optionalString() },
    ]

    static func closestName(to name: String, among candidates: [String]) -> String? {
        var best: (String, Int)? = nil
        for candidate in candidates {
            let d = editDistance(name, candidate)
            if d <= max(2, name.count / 4), d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}

/// One keyword's value with typed accessors whose errors name the keyword.
struct KeywordValue {
    let name: String
    let value: DataValue

    private func wrongType(_ expected: String) -> TrainingError {
        TrainingError(.typeError, "\(name) must be \(expected), not \(value.kindName) \(value)")
    }

    func float() throws -> Double {
        if case .bool = value { throw wrongType("a number") }
        guard let d = value.doubleValue else { throw wrongType("a number") }
        return d
    }
    func optionalFloat() throws -> Double? { value.isNone ? nil : try float() }
    func int() throws -> Int {
        switch value {
        case .int(let i): return i
        case .float(let d) where d == d.rounded() && abs(d) < 1e15: return try CheckedInt.whole(d, what: name)
        default: throw wrongType("a whole number")
        }
    }
    func optionalInt() throws -> Int? { value.isNone ? nil : try int() }
    func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw wrongType("True or False") }
        return b
    }
    func string() throws -> String {
        guard case .string(let s) = value else { throw wrongType("a string") }
        return s
    }
    func optionalString() throws -> String? { value.isNone ? nil : try string() }
    func stringOrList() throws -> [String] {
        switch value {
        case .string(let s): return [s]
        case .stringList(let xs): return xs
        case .none: return []
        case .list(let xs) where xs.isEmpty: return []
        default: throw wrongType("a string or a list of strings")
        }
    }
    func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws -> E where E.RawValue == String {
        let text = try string()
        // Accept enum-style spellings such as "IntervalStrategy.EPOCH" or "EPOCH".
        let normalized = text.split(separator: ".").last.map { String($0).lowercased() } ?? text
        if let parsed = E(rawValue: normalized) { return parsed }
        let options = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let close = TrainingArguments.closestName(to: normalized, among: E.allCases.map(\.rawValue))
        throw TrainingError.value("\(name)=\(PythonFormat.stringRepr(text)) is not one of \(options)",
                                  help: close.map { "did you mean \(name)=\"\($0)\"?" })
    }
    /// A step count: whole number ≥ 1, or a fraction in (0, 1) of the total steps. NaN is a ValueError and an
    /// infinity an OverflowError, as Python's `int()` of them in HF's own check.
    func stepCount() throws -> StepCount {
        let d = try float()
        if d < 0 { throw TrainingError.value("\(name) cannot be negative (got \(value))") }
        if d > 0 && d < 1 { return .ratio(d) }
        let steps = try CheckedInt.truncating(d, what: name)
        guard Double(steps) == d else {
            throw TrainingError.value("\(name) must be a whole number of steps, or a fraction below 1 of the total steps (got \(value))",
                                      help: "write \(name)=\(steps)")
        }
        return .steps(steps)
    }
    /// v5 `warmup_steps`: an int ≥ 0 is a number of steps, a float in [0, 1) a ratio of the total steps.
    func warmup() throws -> StepCount {
        let d = try float()
        if d < 0 { throw TrainingError.value("warmup_steps cannot be negative (got \(value))") }
        if case .float = value, d < 1 { return d == 0 ? .steps(0) : .ratio(d) }
        let steps = try CheckedInt.truncating(d, what: "warmup_steps")
        guard Double(steps) == d else {
            throw TrainingError.value("warmup_steps=\(value) is neither a whole number of steps nor a ratio below 1",
                                      help: "write warmup_steps=\(steps) for steps, or e.g. warmup_steps=0.1 for 10% of the steps")
        }
        return .steps(steps)
    }
}
