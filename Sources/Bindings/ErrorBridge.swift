import Foundation
import Lang
import PythonBasics

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

/// The language exception for a core error: every layer's error conforms to `PythonError`, which
/// names the Python exception type, so the mapping reads fields, never the message text.
func scriptError(for error: Error) -> ScriptError {
    switch error {
    case let e as ScriptError:
        return e
    case let e as NumericLimitError:
        return ScriptError(numericLimit: e)
    case let e as PythonError:
        return make(e.exceptionType.rawValue, e.exceptionMessage, notes: e.diagnosticNotes, help: e.helpLine)
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
