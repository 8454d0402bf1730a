import PythonBasics

/// A problem with tensor input: wrong shape, bad axis, out-of-range index. Thrown by every
/// operation whose input can come from a script or a file; never a trap. Scripts see a RuntimeError.
public typealias TensorError = MessageError<TensorErrors>

/// How TensorCore's errors surface: `RuntimeError`, as PyTorch's shape errors do.
public enum TensorErrors: MessageErrorLayer {
    public static var exceptionType: PythonExceptionType { .runtimeError }
    public static func describe(message: String, help: String) -> String { help.isEmpty ? message : "\(message)\nhelp: \(help)" }
}

/// Formats a shape the way PyTorch prints it: `[2, 3]`.
@inline(__always)
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

/// Turns a possibly negative axis into an index in `0..<rank`, or throws.
func normalizeAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
    let resolved = axis < 0 ? axis + rank : axis
    guard resolved >= 0, resolved < Swift.max(rank, 1) else {
        throw TensorError("\(op): axis \(axis) is out of range for a tensor with \(rank) dimension(s)",
                          help: "use an axis between \(-rank) and \(rank - 1)")
    }
    return resolved
}
