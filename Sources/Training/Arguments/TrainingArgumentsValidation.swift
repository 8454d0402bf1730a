/// Up-front checks of `TrainingArguments`: every inconsistency gets one clear message with the fix
/// (HF raises most of these in `__post_init__` or half-way through training).
extension TrainingArguments {
    /// Checks the arguments and fills HF's derived defaults (`metric_for_best_model` → "loss" with
    /// `load_best_model_at_end`, `greater_is_better` from the metric name). Pass `earlyStopping: true`
    /// when an `EarlyStoppingCallback` is attached. Throws the first problem (others follow as notes);
    /// returns warnings about settings that are allowed but probably not what was meant.
    @discardableResult
    public mutating func validate(earlyStopping: Bool = false) throws -> [TrainingWarning] {
        if loadBestModelAtEnd && metricForBestModel == nil { metricForBestModel = "loss" }
        if greaterIsBetter == nil, let metric = metricForBestModel { greaterIsBetter = !metric.hasSuffix("loss") }

        var problems: [TrainingError] = []
        var warnings: [TrainingWarning] = []
        func problem(_ message: String, _ help: String) { problems.append(.value(message, help: help)) }

        if learningRate < 0 { problem("learning_rate cannot be negative (got \(PythonFormat.floatRepr(learningRate)))", "LoRA usually trains well with learning_rate=1e-4 to 1e-3") }
        if weightDecay < 0 { problem("weight_decay cannot be negative (got \(PythonFormat.floatRepr(weightDecay)))", "use weight_decay=0.0 (the default) or a small value such as 0.01") }
        if !(0..<1).contains(adamBeta1) || !(0..<1).contains(adamBeta2) {
            problem("adam_beta1 and adam_beta2 must be in [0, 1) (got \(PythonFormat.floatRepr(adamBeta1)), \(PythonFormat.floatRepr(adamBeta2)))", "the defaults are 0.9 and 0.999")
        }
        // transformers accepts any value; PyTorch's AdamW refuses a negative one ("Invalid epsilon value") when
        // the Trainer creates it, and takes 0 (then a weight whose gradient is still 0 gets 0/0 = NaN).
        if adamEpsilon < 0 { problem("adam_epsilon cannot be negative (got \(PythonFormat.floatRepr(adamEpsilon)))", "the default is 1e-8; 0 is allowed") }
        if maxGradNorm < 0 { problem("max_grad_norm cannot be negative (got \(PythonFormat.floatRepr(maxGradNorm)))", "use max_grad_norm=1.0 (the default), or 0 to turn clipping off") }
        if perDeviceTrainBatchSize < 1 { problem("per_device_train_batch_size must be at least 1 (got \(perDeviceTrainBatchSize))", "8 or 16 are common choices") }
        if perDeviceEvalBatchSize < 1 { problem("per_device_eval_batch_size must be at least 1 (got \(perDeviceEvalBatchSize))", "8 to 64 are common choices") }
        if gradientAccumulationSteps < 1 { problem("gradient_accumulation_steps must be at least 1 (got \(gradientAccumulationSteps))", "1 means one optimizer step per batch") }
        if maxSteps <= 0 && !(numTrainEpochs > 0) {
            problem("there is nothing to train: num_train_epochs is \(PythonFormat.floatRepr(numTrainEpochs)) and max_steps is not set", "set num_train_epochs=3 (or max_steps=…)")
        }
        if let limit = saveTotalLimit, limit < 0 { problem("save_total_limit cannot be negative (got \(limit))", "use save_total_limit=2 to keep the best and the latest checkpoints") }
        if loggingStrategy == .steps && loggingSteps.isZero {
            problem("logging_strategy=\"steps\" needs logging_steps above 0", "set logging_steps=50 (or logging_strategy=\"epoch\")")
        }
        if evalStrategy == .steps && effectiveEvalSteps.isZero {
            problem("eval_strategy=\"steps\" needs eval_steps (or logging_steps) above 0", "set eval_steps=100, or eval_strategy=\"epoch\"")
        }
        if saveStrategy == .steps && saveSteps.isZero {
            problem("save_strategy=\"steps\" needs save_steps above 0", "set save_steps=500, or save_strategy=\"epoch\" or \"no\"")
        }
        if saveStrategy == .best && metricForBestModel == nil {
            problem("save_strategy=\"best\" saves when the tracked metric improves, but metric_for_best_model is not set",
                    "add metric_for_best_model=\"eval_loss\" (or another metric your compute_metrics returns)")
        }
        if saveStrategy == .best && evalStrategy == .no {
            problem("save_strategy=\"best\" needs evaluations, but eval_strategy is \"no\"", "add eval_strategy=\"epoch\"")
        }
        if loadBestModelAtEnd {
            if evalStrategy == .no {
                problem("load_best_model_at_end=True has no evaluations to pick the best model from: eval_strategy is \"no\"",
                        "set eval_strategy=\"epoch\" and save_strategy=\"epoch\" (they must match)")
            } else if saveStrategy != .best && saveStrategy.rawValue != evalStrategy.rawValue {
                problem("load_best_model_at_end=True requires the save and eval strategies to match, but eval_strategy=\"\(evalStrategy.rawValue)\" and save_strategy=\"\(saveStrategy.rawValue)\"",
                        "set save_strategy=\"\(evalStrategy.rawValue)\" so a checkpoint exists for every evaluation")
            } else if evalStrategy == .steps && saveStrategy == .steps {
                checkSaveMultipleOfEval(&problems)
            }
        }
        if earlyStopping {
            do { warnings += try EarlyStoppingCallback.check(self) } catch let error as TrainingError { problems.append(error) }
        }
        if evalStrategy == .no, let steps = evalSteps {
            warnings.append(TrainingWarning("eval_steps=\(steps) has no effect while eval_strategy is \"no\"; set eval_strategy=\"steps\" to evaluate every \(steps) steps"))
        }
        if evalStrategy == .no && metricForBestModel != nil && !earlyStopping && !loadBestModelAtEnd {
            warnings.append(TrainingWarning("metric_for_best_model=\(PythonFormat.stringRepr(metricForBestModel ?? "")) is only used when evaluating; eval_strategy is \"no\""))
        }
        if adamEpsilon == 0 {
            warnings.append(TrainingWarning("adam_epsilon=0 divides by zero in AdamW for every weight whose gradient is still exactly 0, and that weight becomes NaN (in PyTorch too); with LoRA that happens at the first step, because B starts at zero and so A gets no gradient. Use a small value such as the default 1e-8"))
        }
        if lrSchedulerType == .constant && warmupSteps != .steps(0) {
            warnings.append(TrainingWarning("lr_scheduler_type=\"constant\" ignores warmup_steps=\(warmupSteps); use \"constant_with_warmup\" to warm up"))
        }
        if let first = problems.first {
            var combined = first
            for other in problems.dropFirst() { combined.notes.append("also: \(other.message) (\(other.help ?? ""))") }
            throw combined
        }
        return warnings
    }

    private func checkSaveMultipleOfEval(_ problems: inout [TrainingError]) {
        let save = saveSteps, eval = effectiveEvalSteps
        switch (save, eval) {
        case (.steps(let s), .steps(let e)) where e > 0 && s % e != 0:
            problems.append(.value(
                "load_best_model_at_end=True requires save_steps to be a round multiple of eval_steps, but save_steps=\(s) and eval_steps=\(e)",
                help: "set save_steps=\(e) (or another multiple of \(e)) so the best evaluation always has a checkpoint"))
        case (.ratio(let s), .ratio(let e)):
            let ratio = s / e
            if abs(ratio - ratio.rounded()) > 1e-9 {
                problems.append(.value("load_best_model_at_end=True requires save_steps (\(PythonFormat.floatRepr(s))) to be a round multiple of eval_steps (\(PythonFormat.floatRepr(e)))",
                                       help: "use the same value for both"))
            }
        case (.ratio, .steps), (.steps, .ratio):
            problems.append(.value("load_best_model_at_end=True needs save_steps and eval_steps both as step counts or both as ratios (got save_steps=\(save), eval_steps=\(eval))",
                                   help: "write both as whole numbers of steps"))
        default: break
        }
    }
}
