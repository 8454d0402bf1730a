/// The modules PyTorch, numpy, transformers, datasets, peft and evaluate define their classes in, so
/// `type(t.shape)` prints `<class 'torch.Size'>` and `type(layer)` `<class 'torch.nn.modules.linear.Linear'>`
/// (checked with PyTorch 2.15, transformers 5.25, datasets, peft 0.21.2).
enum HostTypeModules {
    static let modules: [String: String] = [
        "Tensor": "torch", "Size": "torch", "device": "torch", "Generator": "torch._C",
        "Parameter": "torch.nn.parameter",
        "Linear": "torch.nn.modules.linear", "Dropout": "torch.nn.modules.dropout",
        "CrossEntropyLoss": "torch.nn.modules.loss", "MSELoss": "torch.nn.modules.loss", "L1Loss": "torch.nn.modules.loss",
        "BCEWithLogitsLoss": "torch.nn.modules.loss",
        "ndarray": "numpy",
        "TensorDataset": "torch.utils.data.dataset", "Subset": "torch.utils.data.dataset",
        "DataLoader": "torch.utils.data.dataloader",
        "AdamW": "torch.optim.adamw", "Adam": "torch.optim.adam", "SGD": "torch.optim.sgd",
        "LambdaLR": "torch.optim.lr_scheduler", "StepLR": "torch.optim.lr_scheduler", "LinearLR": "torch.optim.lr_scheduler",
        "CosineAnnealingLR": "torch.optim.lr_scheduler", "ExponentialLR": "torch.optim.lr_scheduler",
        "Dataset": "datasets.arrow_dataset", "DatasetDict": "datasets.dataset_dict",
        "Value": "datasets.features.features", "ClassLabel": "datasets.features.features", "Features": "datasets.features.features",
        "LoraConfig": "peft.tuners.lora.config",
        "TrainingArguments": "transformers.training_args", "Trainer": "transformers.trainer",
        "GenerationConfig": "transformers.generation.configuration_utils",
        "EvalPrediction": "transformers.trainer_utils",
        "TrainerState": "transformers.trainer_callback", "TrainerControl": "transformers.trainer_callback",
        "BatchEncoding": "transformers.tokenization_utils_base", "TextStreamer": "transformers.generation.streamers",
        "EvaluationModule": "evaluate.module",
    ]

    /// The module of a host type named `name`, or nil when it has none to show.
    static func module(_ name: String) -> String? { modules[name] }
}
