import Foundation
import PythonBasics

/// Every failure of WeightIO: a plain message for a person, the file (and tensor) it is about, and a fix.
///
/// `kind` lets code (and tests) tell the failures apart; `description` is what a user reads.
public struct WeightIOError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// What went wrong, as a category.
    public enum Kind: String, Equatable, Sendable {
        case fileNotFound, unreadableFile, writeFailed
        // safetensors header
        case truncatedHeader, headerTooLarge, invalidJSON, invalidHeader, unknownDType, invalidShape
        case shapeMismatch, invalidOffsets, offsetsOutOfBounds, overlappingTensors, gapBetweenTensors
        case truncatedData, trailingBytes, duplicateTensor
        // sharded checkpoints
        case invalidIndex, missingShard
        // access
        case tensorNotFound, unsupportedConversion, valueOutOfRange, invalidArgument
        // GGUF
        case badMagic, unsupportedVersion, absurdCount, stringTooLong, invalidString, unknownValueType
        case unknownTensorType, invalidDimensions, invalidAlignment, misalignedOffset, tensorDataOutOfBounds
        case duplicateKey, metadataKeyMissing, metadataTypeMismatch, nestingTooDeep
        // PyTorch checkpoints (torch.save's zip + pickle)
        case invalidArchive, invalidPickle, unsupportedGlobal
    }

    public let kind: Kind
    /// The file's name (last path component) the error is about, if any.
    public let file: String?
    /// The tensor or metadata key the error is about, if any.
    public let tensor: String?
    /// The full sentence shown to the user.
    public let message: String
    /// What to do about it.
    public let help: String?

    public init(_ kind: Kind, file: String? = nil, tensor: String? = nil, _ message: String, help: String? = nil) {
        (self.kind, self.file, self.tensor, self.message, self.help) = (kind, file, tensor, message, help)
    }

    public var description: String {
        guard let help else { return message }
        return "\(message)\nhelp: \(help)"
    }

    public var errorDescription: String? { description }
}

extension URL {
    /// The name shown in messages: the file name, or the parent folder + name for files whose name is not unique
    /// (e.g. `model.safetensors`).
    var displayName: String { lastPathComponent }
}

extension WeightIOError: PythonError {
    /// The file and tensor the error is about.
    public var diagnosticNotes: [String] {
        var notes: [String] = []
        if let file { notes.append("file: \(file)") }
        if let tensor { notes.append("tensor: \(tensor)") }
        return notes
    }

    public var helpLine: String? { help }
    public var exceptionType: PythonExceptionType { kind == .fileNotFound ? .fileNotFoundError : .valueError }
}
