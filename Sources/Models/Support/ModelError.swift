import Foundation

/// An error from the Models layer: a plain message for a person, plus notes and a suggested fix.
///
/// Rendered in one place by the caller (the language's diagnostics renderer); `description` gives a
/// readable fallback.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, in one sentence.
    public let message: String
    /// Supporting facts (e.g. every place a model name was looked for).
    public let notes: [String]
    /// How to fix it, when we know.
    public let help: String?

    public init(_ message: String, notes: [String] = [], help: String? = nil) {
        self.message = message
        self.notes = notes
        self.help = help
    }

    public var description: String {
        var text = message
        for note in notes { text += "\n  note: \(note)" }
        if let help { text += "\n  help: \(help)" }
        return text
    }
}
