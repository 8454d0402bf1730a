import Foundation
import Lang
import NumericArrays

/// `ds.set_format("torch", columns=[...])` / `ds.with_format("torch")`: rows and batches come out with
/// numbers and (rectangular) number lists as tensors, strings unchanged; with `columns`, only those
/// columns (unless `output_all_columns=True`). `"numpy"`/`"np"` give the same arrays (one array type).
struct DatasetTensorFormat {
    let columns: [String]?
    let outputAllColumns: Bool

    /// From `set_format(type, columns, output_all_columns)`; nil for `type=None` (plain Python values).
    static func parse(type: Value, columns: Value, outputAll: Bool) throws -> DatasetTensorFormat? {
        if type.isNone { return nil }
        guard case .str(let name) = type else { throw ScriptError(.typeError, "format type must be a str such as 'torch'") }
        guard ["torch", "pt", "numpy", "np", "python"].contains(name) else {
            throw ScriptError(.valueError, "Return type should be None or selected in ['python', 'numpy', 'torch'], but got '\(name)'",
                              help: "lorarepl supports set_format('torch') (and 'numpy', the same arrays)")
        }
        if name == "python" { return nil }
        let list = columns.isNone ? nil : try DatasetObject.names(columns, what: "columns")
        return DatasetTensorFormat(columns: list, outputAllColumns: outputAll)
    }

    /// A formatted row (a dict of column → value) or batch (a dict of column → list).
    func apply(_ value: Value) -> Value {
        guard case .dict(let dict) = value else { return value }
        let result = DictObject()
        for (key, item) in dict.pairs {
            guard let name = key.stringValue else { continue }
            let selected = columns?.contains(name) ?? true
            if !selected && !outputAllColumns { continue }
            result.set(name, selected ? DatasetTensorFormat.tensor(item) : item)
        }
        return .dict(result)
    }

    /// A number or a rectangular list of numbers as a tensor; anything else unchanged.
    static func tensor(_ item: Value) -> Value {
        switch item {
        case .int, .float, .bool, .list, .tuple:
            if let array = try? NDArray.from(item), !(array.count == 0 && item.sequenceItems?.isEmpty == false) {
                return TensorObject.wrap(array)
            }
            if let rows = item.sequenceItems { return .list(rows.map(tensor)) }
            return item
        default:
            return item
        }
    }
}
