import Lang
import PythonBasics
import Training

/// `?TrainingArguments` / `help(TrainingArguments)`: every keyword with its default and one line of
/// meaning, grouped as a person looks for them (what to train, optimisation, evaluation, saving, …).
enum TrainingArgumentsHelp {
    static let optimisation = "Optimisation"
    static let schedule = "Length and batches"
    static let logging = "Logging and progress"
    static let evaluation = "Evaluation and best model"
    static let saving = "Saving checkpoints"
    static let data = "Data and reproducibility"
    static let ignored = "Accepted for compatibility, no effect here (GPU, hub and tracker settings)"

    /// (name, group, meaning) in the order shown.
    static let table: [(String, String, String)] = [
        ("num_train_epochs", schedule, "passes over the training set (a fraction stops part-way)"),
        ("max_steps", schedule, "stop after this many optimizer steps; overrides num_train_epochs when > 0"),
        ("per_device_train_batch_size", schedule, "examples per training batch"),
        ("per_device_eval_batch_size", schedule, "examples per evaluation batch"),
        ("gradient_accumulation_steps", schedule, "batches summed into one optimizer step (a larger effective batch)"),
        ("dataloader_drop_last", schedule, "drop the last incomplete batch of each epoch"),
        ("learning_rate", optimisation, "peak learning rate of AdamW (reached after warmup)"),
        ("lr_scheduler_type", optimisation, "how the rate changes after warmup: 'linear', 'cosine', 'constant', …"),
        ("warmup_steps", optimisation, "steps of linear warmup from 0; a value below 1 is a fraction of all steps"),
        ("warmup_ratio", optimisation, "removed in transformers v5: pass the fraction to warmup_steps (it is passed on with a warning)"),
        ("weight_decay", optimisation, "AdamW weight decay (not applied to biases and LayerNorm weights)"),
        ("adam_beta1", optimisation, "AdamW's first-moment decay"),
        ("adam_beta2", optimisation, "AdamW's second-moment decay"),
        ("adam_epsilon", optimisation, "AdamW's epsilon"),
        ("max_grad_norm", optimisation, "clip the global gradient norm to this (0 or None: no clipping)"),
        ("optim", optimisation, "the optimizer; lorarepl has AdamW ('adamw_torch')"),
        ("logging_strategy", logging, "when to log the loss: 'steps', 'epoch' or 'no'"),
        ("logging_steps", logging, "log every this many steps; below 1 is a fraction of all steps"),
        ("logging_first_step", logging, "also log after the first step"),
        ("logging_nan_inf_filter", logging, "leave NaN/inf step losses out of the logged average"),
        ("disable_tqdm", logging, "hide the progress bar"),
        ("report_to", logging, "experiment trackers; lorarepl logs to the console and trainer_state.json only"),
        ("run_name", logging, "a name for the run (kept in the saved arguments)"),
        ("eval_strategy", evaluation, "when to evaluate: 'no', 'steps' (every eval_steps) or 'epoch'"),
        ("evaluation_strategy", evaluation, "old name of eval_strategy (passed on with a warning)"),
        ("eval_steps", evaluation, "evaluate every this many steps (None: logging_steps)"),
        ("eval_delay", evaluation, "epochs or steps to wait before the first evaluation"),
        ("eval_on_start", evaluation, "evaluate once before training (a sanity check)"),
        ("prediction_loss_only", evaluation, "evaluate the loss only, without predictions or compute_metrics"),
        ("metric_for_best_model", evaluation, "the metric that picks the best checkpoint, e.g. 'accuracy' (None: the loss)"),
        ("greater_is_better", evaluation, "whether a larger metric is better (None: True unless the metric is a loss)"),
        ("load_best_model_at_end", evaluation, "reload the best checkpoint when training ends (needs saving and evaluating on the same schedule)"),
        ("output_dir", saving, "folder for checkpoints and the saved model"),
        ("save_strategy", saving, "when to write a checkpoint: 'steps', 'epoch', 'best' or 'no'"),
        ("save_steps", saving, "save every this many steps; below 1 is a fraction of all steps"),
        ("save_total_limit", saving, "keep at most this many checkpoints (the best one is never deleted)"),
        ("save_only_model", saving, "save weights only, without optimizer and scheduler state (cannot resume)"),
        ("restore_callback_states_from_checkpoint", saving, "on resume, restore callbacks' state (e.g. early stopping's patience)"),
        ("seed", data, "seeds weights, dropout and shuffling"),
        ("data_seed", data, "seeds the data order only (None: seed)"),
        ("remove_unused_columns", data, "ignore dataset columns the model does not take"),
        ("label_names", data, "the dataset columns that hold labels (None: 'label'/'labels')"),
        ("use_cpu", data, "train on the CPU (always true in lorarepl)"),
        ("no_cuda", data, "old name of use_cpu"),
        ("fp16", data, "half precision; ignored (lorarepl trains in float32 on the CPU)"),
        ("bf16", data, "bfloat16 products for the frozen weights (fp32 sums, fp32 LoRA weights); fast with AVX512_BF16"),
        ("gradient_checkpointing", data, "recompute activations to save memory; ignored (activations are kept)"),
    ]

    /// The help entries for `names` (every keyword the checker accepts). Keywords without a line in
    /// `table` are the accepted-but-ignored ones; they are listed together at the end, by name only.
    static func entries(for names: [String]) -> [ParameterHelp] {
        let defaults = Dictionary(TrainingArguments().pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        func shown(_ name: String) -> String? {
            guard let value = defaults[name] else { return name == "output_dir" ? "None" : nil }
            return Convert.value(value).repr
        }
        return ParameterHelp.entries(for: names, table: table, otherGroup: ignored, defaultText: shown)
    }
}
