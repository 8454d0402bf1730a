/// `TrainingArguments` as HF names and values: `to_dict()`-style JSON (for checkpoints'
/// `training_args.json`) and a readable repr listing what differs from the defaults.
extension TrainingArguments: CustomStringConvertible {
    /// Every modelled argument under its HF name, in HF's declaration order.
    public var pairs: [(key: String, value: JSONValue)] {
        func step(_ s: StepCount) -> JSONValue {
            switch s { case .steps(let n): return .int(n); case .ratio(let r): return .double(r) }
        }
        func opt<T>(_ v: T?, _ f: (T) -> JSONValue) -> JSONValue { v.map(f) ?? .null }
        return [
            ("output_dir", .string(outputDir)),
            ("per_device_train_batch_size", .int(perDeviceTrainBatchSize)),
            ("per_device_eval_batch_size", .int(perDeviceEvalBatchSize)),
            ("gradient_accumulation_steps", .int(gradientAccumulationSteps)),
            ("learning_rate", .double(learningRate)),
            ("weight_decay", .double(weightDecay)),
            ("adam_beta1", .double(adamBeta1)),
            ("adam_beta2", .double(adamBeta2)),
            ("adam_epsilon", .double(adamEpsilon)),
            ("max_grad_norm", .double(maxGradNorm)),
            ("num_train_epochs", .double(numTrainEpochs)),
            ("max_steps", .int(maxSteps)),
            ("lr_scheduler_type", .string(lrSchedulerType.rawValue)),
            ("lr_scheduler_kwargs", .object(lrSchedulerKwargs.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })),
            ("warmup_steps", step(warmupSteps)),
            ("logging_strategy", .string(loggingStrategy.rawValue)),
            ("logging_first_step", .bool(loggingFirstStep)),
            ("logging_steps", step(loggingSteps)),
            ("logging_nan_inf_filter", .bool(loggingNanInfFilter)),
            ("eval_strategy", .string(evalStrategy.rawValue)),
            ("eval_steps", opt(evalSteps, step)),
            ("eval_delay", .double(evalDelay)),
            ("eval_on_start", .bool(evalOnStart)),
            ("save_strategy", .string(saveStrategy.rawValue)),
            ("save_steps", step(saveSteps)),
            ("save_total_limit", opt(saveTotalLimit, JSONValue.int)),
            ("save_only_model", .bool(saveOnlyModel)),
            ("load_best_model_at_end", .bool(loadBestModelAtEnd)),
            ("metric_for_best_model", opt(metricForBestModel, JSONValue.string)),
            ("greater_is_better", opt(greaterIsBetter, JSONValue.bool)),
            ("seed", .int(seed)),
            ("data_seed", opt(dataSeed, JSONValue.int)),
            ("report_to", .array(reportTo.map(JSONValue.string))),
            ("disable_tqdm", .bool(disableTqdm)),
            ("remove_unused_columns", .bool(removeUnusedColumns)),
            ("label_names", opt(labelNames) { .array($0.map(JSONValue.string)) }),
            ("use_cpu", .bool(useCpu)),
            ("fp16", .bool(fp16)),
            ("bf16", .bool(bf16)),
            ("optim", .string(optim)),
            ("dataloader_drop_last", .bool(dataloaderDropLast)),
            ("restore_callback_states_from_checkpoint", .bool(restoreCallbackStatesFromCheckpoint)),
            ("prediction_loss_only", .bool(predictionLossOnly)),
            ("gradient_checkpointing", .bool(gradientCheckpointing)),
            ("run_name", opt(runName, JSONValue.string)),
        ]
    }

    /// `args.to_json_string()`: sorted keys, indent 2.
    public var jsonText: String { JSONValue.object(pairs).pythonJSON(indent: 2, sortKeys: true) + "\n" }

    /// `TrainingArguments(output_dir='out', learning_rate=0.0005, …)` with only non-default values.
    public var description: String {
        let defaults = Dictionary(TrainingArguments().pairs.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        let changed = pairs.filter { defaults[$0.0] != $0.1 || $0.0 == "output_dir" }
        return "TrainingArguments(" + changed.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + ")"
    }
}
