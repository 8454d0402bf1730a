import Foundation

extension Tensor {
    /// PyTorch's `grad_fn` class name of the operation that computed this tensor (`AddmmBackward0`,
    /// `NllLossBackward0`), as `print(t)` shows it; nil for a leaf. Where PyTorch's name depends on the
    /// operands' ranks (`@`, `nn.Linear`) it is chosen from the recorded inputs.
    public var gradFunctionName: String? {
        guard let node = gradNode else { return nil }
        let ranks = node.inputs.map(\.rank)
        let name: String
        switch node.operation {
        case "matmul":
            switch (ranks.first ?? 2, ranks.dropFirst().first ?? 2) {
            case (1, 1): name = "Dot"
            case (2, 1): name = "Mv"
            case (2, 2): name = "Mm"
            default: name = "UnsafeView"
            }
        case "linear":
            // F.linear: addmm for a matrix with a bias, mm without; a batch of sequences is reshaped back.
            if ranks.first ?? 2 > 2 { name = "UnsafeView" } else { name = node.inputs.count > 2 ? "Addmm" : "Mm" }
        case "sum": name = "Sum1"
        case "squeeze": name = "Squeeze1"
        case "pow": name = node.inputs.count > 1 ? "Pow1" : "Pow0"
        case "max": name = rank == 0 ? "Max1" : "Max0"
        default: name = Tensor.pytorchNodeName(node.operation)
        }
        // PyTorch numbers overloads: `sum()` is SumBackward0, `sum(dim)` SumBackward1.
        if let last = name.last, last.isNumber { return name.dropLast() + "Backward" + String(last) }
        return name + "Backward0"
    }
}
