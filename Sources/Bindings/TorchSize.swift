import Foundation
import Lang

/// `torch.Size`: what `t.shape` and `t.size()` return — PyTorch's tuple subclass. It prints as
/// `torch.Size([2, 3])`, indexes, slices (a slice is a Size again), unpacks, iterates, hashes and compares as
/// the tuple of its sizes (`t.shape == (2, 3)`, `isinstance(t.shape, tuple)`, dict keys), goes wherever a
/// tuple of ints is accepted (`view(*shape)`, `torch.zeros(shape)`, `"%d x %d" % shape`, json) and has
/// `numel()`, `count`, `index`. numpy arrays keep plain tuples, as numpy does.
final class TorchSizeObject: HostBase {
    let sizes: [Int]

    init(_ sizes: [Int]) { self.sizes = sizes }

    static func wrap(_ sizes: [Int]) -> Value { .host(TorchSizeObject(sizes)) }

    override var typeName: String { "Size" }
    override func repr() -> String { "torch.Size([\(sizes.map(String.init).joined(separator: ", "))])" }
    override var helpText: String { "torch.Size: the shape of a tensor, a tuple of ints" }

    override var tupleItems: [Value]? { sizes.map { .int($0) } }

    override func length() -> Int? { sizes.count }
    override func truthValue() throws -> Bool? { !sizes.isEmpty }

    override func makeIterator(context: CallContext) throws -> IteratorObject? { listIterator(sizes.map { .int($0) }) }

    override func contains(_ item: Value, context: CallContext) throws -> Bool? {
        guard let x = Convert.double(item) else { return false }
        return sizes.contains { Double($0) == x }
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        if case .slice(let slice) = key {
            return TorchSizeObject.wrap(try context.interpreter.sliceIndices(slice, count: sizes.count).map { sizes[$0] })
        }
        guard let index = key.intValue else {
            throw ScriptError(.typeError, "tuple indices must be integers or slices, not \(key.typeName)")
        }
        let resolved = index < 0 ? index + sizes.count : index
        guard resolved >= 0, resolved < sizes.count else { throw ScriptError(.indexError, "tuple index out of range") }
        return .int(sizes[resolved])
    }

    /// `==`/`!=` with tuples and Sizes (a list is never equal, as for tuples); `+` with a tuple and `* n` give
    /// a Size, as PyTorch's `Size.__add__`/`__radd__`/`__mul__` do; ordering as tuples order.
    override func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        switch op {
        case "==", "!=":
            guard let items = other.tupleItems else { return .bool(op == "!=") }
            return .bool(TorchSizeObject.equal(sizes, items) == (op == "=="))
        case "+":
            guard let items = other.tupleItems else { return nil }
            let ints = try TorchSizeObject.sizes(of: items)
            return TorchSizeObject.wrap(reflected ? ints + sizes : sizes + ints)
        case "*":
            guard let n = other.intValue else { return nil }
            return TorchSizeObject.wrap(Array([[Int]](repeating: sizes, count: max(0, n)).joined()))
        case "<", "<=", ">", ">=":
            guard let items = other.tupleItems, let theirs = Optional(items.compactMap(\.intValue)), theirs.count == items.count else { return nil }
            let (a, b) = reflected ? (theirs, sizes) : (sizes, theirs)
            let order: Int = a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
            switch op {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        default:
            return nil
        }
    }

    private static func equal(_ sizes: [Int], _ items: [Value]) -> Bool {
        guard items.count == sizes.count else { return false }
        return zip(sizes, items).allSatisfy { size, item in Convert.double(item).map { $0 == Double(size) } ?? false }
    }

    override func methods() -> [Builtin] {
        [
            method("numel", doc: "The number of elements a tensor of this shape holds (the product of the sizes).",
                   example: "t.shape.numel()") { _ in
                var product = 1
                for size in self.sizes {
                    let (next, overflow) = product.multipliedReportingOverflow(by: size)
                    if overflow { throw ScriptError(.overflowError, "the number of elements of \(self.repr()) is too large") }
                    product = next
                }
                return .int(product)
            },
            method("count", [Parameter("value")], doc: "How many dimensions have this size.", example: "t.shape.count(1)") { args in
                .int(self.sizes.filter { Convert.double(args["value"]) == Double($0) }.count)
            },
            method("index", [Parameter("value")], doc: "The first dimension with this size.", example: "t.shape.index(1)") { args in
                guard let position = self.sizes.firstIndex(where: { Convert.double(args["value"]) == Double($0) }) else {
                    throw ScriptError(.valueError, "tuple.index(x): x not in tuple")
                }
                return .int(position)
            },
        ]
    }

    /// `torch.Size([2, 3])`, `torch.Size((2, 3))`, `torch.Size()`.
    static let constructor = Builtin("Size", owner: "torch", [Parameter("sizes", default: .tuple([]))],
                                     doc: "A shape: a tuple of ints that prints as torch.Size([...]).",
                                     example: "torch.Size([2, 3])") { args in
        guard let items = args["sizes"].sequenceItems else {
            throw ScriptError(.typeError, "torch.Size() takes an iterable of 'int', not '\(args["sizes"].typeName)'",
                              help: "pass a list or tuple of ints, e.g. torch.Size([2, 3])")
        }
        return wrap(try sizes(of: items))
    }

    /// The ints of a Size made from `items` (PyTorch's error for another item).
    static func sizes(of items: [Value]) throws -> [Int] {
        try items.enumerated().map { position, item in
            guard let n = item.intValue else { throw ScriptError(.typeError, "torch.Size() takes an iterable of 'int' (item \(position) is '\(item.typeName)')") }
            return n
        }
    }
}
