import Foundation
import PythonBasics

/// Every failure of the PEFT layer: a plain sentence for a person learning fine-tuning, the facts
/// (`notes`), and what to do about it (`help`).
///
/// `kind` lets code and tests tell failures apart; `pythonType` is the Python exception a script
/// sees (`ValueError`, `TypeError`, `FileNotFoundError`, …) so `try/except` works as in PEFT.
public struct PeftError: PythonError, LocalizedError, Equatable {
    /// What went wrong, as a category.
    public enum Kind: String, Equatable, Sendable {
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
    }

    public let kind: Kind
    /// The full sentence shown to the user.
    public let message: String
    /// Facts that help understand the problem (shapes, paths, allowed values), one per line.
    public let notes: [String]
    /// What to do about it.
    public let help: String?

    public init(_ kind: Kind, _ message: String, notes: [String] = [], help: String? = nil) {
        self.kind = kind
        self.message = message
        self.notes = notes
        self.help = help
    }

    /// The Python exception class a script sees for this error.
    public var exceptionType: PythonExceptionType {
        switch kind {
        case .fileNotFound: return .fileNotFoundError
        case .wrongType: return .typeError
        case .invalidAdapterConfig, .invalidConfig, .targetModulesNotFound, .unsupportedTarget,
             .adapterMismatch, .unknownAdapter, .duplicateAdapter, .invalidState: return .valueError
        case .unsupportedFeature: return .notImplementedError
        case .writeFailed: return .osError
        }
    }

    /// The Python exception's name (`ValueError`, …).
    public var pythonType: String { exceptionType.rawValue }

    public var diagnosticNotes: [String] { notes }
    public var helpLine: String? { help }
    public var description: String { renderedText() }

    public var errorDescription: String? { description }
}

/// Lists values the way an error message shows allowed choices: `'none', 'all' or 'lora_only'`.
func quotedChoices(_ values: [String]) -> String {
    let quoted = values.map { "'\($0)'" }
    guard quoted.count > 1, let last = quoted.last else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + last
}
