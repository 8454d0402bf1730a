import Foundation
import Lang
import Models
import PEFT
import PythonBasics
import TensorCore
import Tokenizers
import Training
import WeightIO

/// Runs `body` and turns every error of the ML core into a language exception with Python's name,
/// the core's message, its notes and its help. The interpreter then points it at the caller's
/// source range (the call expression), as for any error a built-in raises.
func bridged<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ScriptError {
        throw error
    } catch {
        throw scriptError(for: error)
    }
}

/// The language exception for a core error.
func scriptError(for error: Error) -> ScriptError {
    switch error {
    case let e as ScriptError:
        return e
    case let e as NumericLimitError:
        return ScriptError(numericLimit: e)
    case let e as TensorError:
        return make("RuntimeError", e.message, notes: [], help: e.help.isEmpty ? nil : e.help)
    case let e as ModelError:
        let lower = e.message.lowercased()
        let missing = lower.contains("not found") || lower.contains("no such file") || lower.contains("could not find") || lower.contains("cannot find")
            || lower.contains("does not exist")
        return make(missing ? "FileNotFoundError" : "ValueError", e.message, notes: e.notes, help: e.help)
    case let e as PeftError:
        return make(e.pythonType, e.message, notes: e.notes, help: e.help)
    case let e as TrainingError:
        return make(e.kind.rawValue, e.message, notes: e.notes, help: e.help)
    case let e as TokenizerError:
        return make("ValueError", e.message, notes: [], help: e.help.isEmpty ? nil : e.help)
    case let e as WeightIOError:
        var notes: [String] = []
        if let file = e.file { notes.append("file: \(file)") }
        if let tensor = e.tensor { notes.append("tensor: \(tensor)") }
        return make(e.kind == .fileNotFound ? "FileNotFoundError" : "ValueError", e.message, notes: notes, help: e.help)
    case let e as TemplateError:
        return make("ValueError", e.description, notes: [], help: nil)
    default:
        return make("RuntimeError", "\(error)", notes: [], help: nil)
    }
}

private func make(_ pythonName: String, _ message: String, notes: [String], help: String?) -> ScriptError {
    ScriptError(exceptionType(named: pythonName), message, notes: notes, help: help)
}

/// Lang's exception type for a Python exception name (RuntimeError when unknown).
func exceptionType(named name: String) -> TypeObject {
    switch name {
    case "ValueError": return .valueError
    case "TypeError": return .typeError
    case "KeyError": return .keyError
    case "IndexError": return .indexError
    case "FileNotFoundError": return .fileNotFoundError
    case "NotImplementedError": return .notImplementedError
    case "OSError": return .osError
    case "AttributeError": return .attributeError
    case "PermissionError": return .permissionError
    case "MemoryError": return .memoryError
    case "OverflowError": return .overflowError
    case "KeyboardInterrupt": return .keyboardInterrupt
    default: return .runtimeError
    }
}
