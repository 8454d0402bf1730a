import Lang

/// `?LoraConfig` / `help(LoraConfig)`: the LoRA fields with their PEFT defaults and one line each,
/// grouped; the settings of other PEFT methods and variants are listed by name at the end.
enum LoraConfigHelp {
    static let adapter = "The adapter"
    static let placement = "Where adapters go"
    static let variants = "Variants and initialisation"
    static let other = "Accepted PEFT fields for other methods and variants (stored in adapter_config.json)"

    /// (name, group, meaning) in the order shown.
    static let table: [(String, String, String)] = [
        ("task_type", adapter, "the model's task: 'SEQ_CLS' (classification), 'CAUSAL_LM', … (decides which head trains in full)"),
        ("r", adapter, "rank of the update ΔW = B·A; more rank, more trainable parameters"),
        ("lora_alpha", adapter, "scaling: the update is multiplied by lora_alpha / r"),
        ("lora_dropout", adapter, "dropout on the adapter's input while training"),
        ("bias", adapter, "which biases train: 'none', 'all' or 'lora_only'"),
        ("inference_mode", adapter, "freeze the adapter (set when loading one for prediction)"),
        ("target_modules", placement, "layer names (or a regex) that get adapters, e.g. ['query', 'value']; None: the model type's default"),
        ("exclude_modules", placement, "layer names (or a regex) never to adapt"),
        ("modules_to_save", placement, "modules trained in full and saved with the adapter (e.g. a new classifier)"),
        ("layers_to_transform", placement, "only these layer indices get adapters"),
        ("layers_pattern", placement, "the name of the layer list layers_to_transform counts in"),
        ("rank_pattern", placement, "a different r for matching layer names, e.g. {'query': 16}"),
        ("alpha_pattern", placement, "a different lora_alpha for matching layer names"),
        ("use_rslora", variants, "rank-stabilised LoRA: scale by lora_alpha / sqrt(r)"),
        ("init_lora_weights", variants, "True: B starts at zero so training starts from the base model; 'gaussian'; False: random"),
        ("base_model_name_or_path", variants, "the base model the adapter belongs to (written when saving)"),
    ]

    static func entries(for names: [String]) -> [ParameterHelp] {
        ParameterHelp.entries(for: names, table: table, otherGroup: other)
    }
}
