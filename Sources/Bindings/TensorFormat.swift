import Foundation
import Lang
import NumericArrays
import PythonBasics

/// PyTorch's text for tensors (`torch/_tensor_str.py` with the default print options: precision 4,
/// threshold 1000, 3 edge items, line width 80): `tensor([1., 2.])` when every float is whole,
/// `tensor([0.1000, 0.2500])`, `tensor([1.0000e-05, 1.0000e+00])` when the nonzero magnitudes span more than
/// 1000× (or reach 1e8, or go below 1e-4), columns right-aligned to the widest element, rows wrapped at
/// 80 columns, `...` past 1000 elements, then the suffixes PyTorch adds (`dtype=` when it is not float32,
/// int64 or bool; `size=` of an empty tensor; `grad_fn=<…>` or `requires_grad=True`).
enum TensorFormatter {
    static let lineWidth = 80, threshold = 1000, edgeItems = 3, precision = 4

    /// `repr(t)`. `values` are the element values as PyTorch reads them (float32 tensors already rounded to
    /// float32), `dtypeName` PyTorch's (`torch.float16`), `gradSuffix` `grad_fn=<MulBackward0>` or
    /// `requires_grad=True` when the tensor takes part in autograd.
    static func repr(_ values: NDArray, dtypeName: String, gradSuffix: String? = nil) -> String {
        let prefix = "tensor("
        var suffixes: [String] = []
        let body: String
        if values.count == 0 {
            // numpy's rule: the shape is shown unless it is (0,); the dtype unless it is the default float.
            if values.rank != 1 { suffixes.append("size=\(shapeTuple(values.shape))") }
            if dtypeName != "torch.float32" { suffixes.append("dtype=\(dtypeName)") }
            body = "[]"
        } else {
            if !["torch.float32", "torch.int64", "torch.bool"].contains(dtypeName) { suffixes.append("dtype=\(dtypeName)") }
            body = contents(values, indent: prefix.count)
        }
        if let gradSuffix { suffixes.append(gradSuffix) }
        return withSuffixes(prefix + body, suffixes, indent: prefix.count)
    }

    /// PyTorch's `_add_suffixes`: each suffix after `, ` on the last line, or on a new line when it would
    /// pass the line width.
    private static func withSuffixes(_ text: String, _ suffixes: [String], indent: Int) -> String {
        var out = text
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(\.count) ?? text.count
        var lineLength = lastLine + 2
        for suffix in suffixes {
            if lineLength + suffix.count + 2 > lineWidth {
                out += ",\n" + String(repeating: " ", count: indent) + suffix
                lineLength = indent + suffix.count
            } else {
                out += ", " + suffix
                lineLength += suffix.count + 2
            }
        }
        return out + ")"
    }

    // MARK: _tensor_str

    private static func contents(_ a: NDArray, indent: Int) -> String {
        let summarize = a.count > threshold
        let strides = NDArray.strides(a.shape)
        func shown(_ size: Int) -> [Int?] {
            guard summarize, size > 2 * edgeItems else { return Array(0..<size) }
            return Array(0..<edgeItems) + [nil] + Array((size - edgeItems)..<size)
        }
        // The formatter sees only the elements that are printed (PyTorch's get_summarized_data).
        var printed: [Double] = []
        func collect(_ dim: Int, _ offset: Int) {
            for case let i? in shown(a.shape[dim]) {
                let o = offset + i * strides[dim]
                if dim == a.rank - 1 { printed.append(a.values[o]) } else { collect(dim + 1, o) }
            }
        }
        if a.rank == 0 { printed = a.values } else { collect(0, 0) }
        let formatter = ElementFormatter(printed, dtype: a.dtype)
        if a.rank == 0 { return formatter.format(a.values.first ?? 0) }

        func block(_ dim: Int, _ offset: Int, _ indent: Int) -> String {
            let picks = shown(a.shape[dim])
            if dim == a.rank - 1 {
                let items = picks.map { i in i.map { formatter.format(a.values[offset + $0 * strides[dim]]) } ?? " ..." }
                let perLine = Swift.max(1, (lineWidth - indent) / (formatter.width + 2))
                let lines = stride(from: 0, to: items.count, by: perLine).map { items[$0..<Swift.min($0 + perLine, items.count)].joined(separator: ", ") }
                return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
            }
            let rows = picks.map { i in i.map { block(dim + 1, offset + $0 * strides[dim], indent + 1) } ?? "..." }
            let separator = "," + String(repeating: "\n", count: a.rank - dim - 1) + String(repeating: " ", count: indent + 1)
            return "[" + rows.joined(separator: separator) + "]"
        }
        return block(0, 0, indent)
    }

    /// PyTorch's `_Formatter`: chooses integer, fixed or scientific notation for floats and the column width.
    struct ElementFormatter {
        let dtype: NDArray.DType
        private(set) var intMode = true, sciMode = false, width = 1

        init(_ values: [Double], dtype: NDArray.DType) {
            self.dtype = dtype
            guard dtype == .float32 else {
                width = values.map { TensorFormatter.plain($0, dtype).count }.max() ?? 1
                width = Swift.max(width, 1)
                return
            }
            let finite = values.filter { $0.isFinite && $0 != 0 }
            let magnitudes = finite.map(Swift.abs)
            guard let smallest = magnitudes.min(), let largest = magnitudes.max() else { return }
            intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
            let spread = largest / smallest > 1000 || largest > 1e8
            if intMode {
                sciMode = spread
                let texts = finite.map { sciMode ? TensorFormatter.scientific($0) : String(format: "%.0f", $0) + "." }
                width = Swift.max(1, texts.map(\.count).max() ?? 1)
            } else {
                sciMode = spread || smallest < 1e-4
                let texts = finite.map { sciMode ? TensorFormatter.scientific($0) : String(format: "%.\(precision)f", $0) }
                width = Swift.max(1, texts.map(\.count).max() ?? 1)
            }
        }

        func format(_ x: Double) -> String {
            let text: String
            if dtype != .float32 {
                text = TensorFormatter.plain(x, dtype)
            } else if sciMode {
                text = TensorFormatter.scientific(x)
            } else if intMode {
                text = TensorFormatter.special(x) ?? (String(format: "%.0f", x) + ".")
            } else {
                text = TensorFormatter.special(x) ?? String(format: "%.\(precision)f", x)
            }
            return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
        }
    }

    /// An int or bool element as Python prints it.
    static func plain(_ x: Double, _ dtype: NDArray.DType) -> String {
        switch dtype {
        case .bool: return x != 0 ? "True" : "False"
        case .int64: return String(CheckedInt.fromStoredInt64(x))
        case .float32: return PythonRepr.float(x)
        }
    }

    /// Python's `nan`, `inf`, `-inf`, or nil for a finite value.
    static func special(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return nil
    }

    /// Python's `'{:.4e}'.format(x)`.
    static func scientific(_ x: Double) -> String { special(x) ?? String(format: "%.\(precision)e", x) }
}
