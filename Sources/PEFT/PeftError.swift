import Foundation
import PythonBasics

/// Every failure of the PEFT layer: a plain sentence for a person learning fine-tuning, the facts
/// (`notes`), and what to do about it (`help`).
///
/// `kind` lets code and tests tell failures apart; `pythonType` is the Python exception a script
/// sees (`ValueError`, `TypeError`, `FileNotFoundError`, …) so `try/except` works as in PEFT.
public typealias PeftError = KindedError<PeftErrorKind>

/// What went wrong in the PEFT layer, as a category (`PeftError.Kind`).
public enum PeftErrorKind: String, ErrorKind {
    /// A `LoraConfig` field has a value PEFT rejects (or lorarepl rejects, loudly).
    case invalidConfig
    /// A `LoraConfig` field has a value of the wrong type (a number where a list is expected…).
    case wrongType
    /// `adapter_config.json` is not valid JSON, or is not a LoRA config.
    case invalidAdapterConfig
    /// `target_modules` (or one of its entries) matches no module of the model.
    case targetModulesNotFound
    /// A target matched a module LoRA cannot wrap (not a Linear layer).
    case unsupportedTarget
    /// A PEFT feature lorarepl does not implement (DoRA, PiSSA init, …).
    case unsupportedFeature
    /// An adapter folder or file is missing.
    case fileNotFound
    /// An adapter file's tensors do not fit the model (shape, count, names).
    case adapterMismatch
    /// No adapter with that name exists.
    case unknownAdapter
    /// An adapter with that name already exists.
    case duplicateAdapter
    /// Writing the adapter failed.
    case writeFailed
    /// The operation does not make sense in the current state (e.g. merging twice).
    case invalidState

    /// The Python exception class a script sees for an error of this kind.
    public var exceptionType: PythonExceptionType {
        switch self {
        case .fileNotFound: return .fileNotFoundError
        case .wrongType: return .typeError
        case .invalidAdapterConfig, .invalidConfig, .targetModulesNotFound, .unsupportedTarget,
             .adapterMismatch, .unknownAdapter, .duplicateAdapter, .invalidState: return .valueError
        case .unsupportedFeature: return .notImplementedError
        case .writeFailed: return .osError
        }
    }
}

/// Lists values the way an error message shows allowed choices: `'none', 'all' or 'lora_only'`.
func quotedChoices(_ values: [String]) -> String {
    let quoted = values.map { "'\($0)'" }
    guard quoted.count > 1, let last = quoted.last else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + last
}
