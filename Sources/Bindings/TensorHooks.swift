import Foundation
import Lang
import TensorCore

/// PyTorch's gradient hooks and graph inspection on script tensors: `t.register_hook(fn)` (`fn(grad)` runs
/// when `backward()` has summed this tensor's gradient; a tensor it returns replaces the gradient passed on
/// and accumulated), `t.retain_grad()` (a non-leaf keeps its `.grad`), `t.retains_grad`, and
/// `grad_fn.next_functions` (`Tensor.gradHooks`/`retainsGrad`/`gradInputs` in TensorCore).
extension TensorObject {
    /// A number for each registered hook, so its handle removes exactly it.
    private static let hookNumbers = HookNumbers()

    func hookMethods() -> [Builtin] {
        [
            method("register_hook", [Parameter("hook")], doc: "Call hook(grad) when backward() reaches this tensor; a tensor it returns replaces the gradient.",
                   example: "h = t.register_hook(lambda grad: grad * 2)") { args in
                guard !self.isDataView, let core = self.core, core.requiresGrad else {
                    throw ScriptError(.runtimeError, "cannot register a hook on a tensor that doesn't require gradient",
                                      help: "hook a parameter, a tensor made with requires_grad=True, or a result computed from one")
                }
                let hook = args["hook"], interpreter = args.context.interpreter
                let id = TensorObject.hookNumbers.next()
                core.gradHooks.append((id: id, hook: { [weak interpreter] grad in
                    guard let interpreter else { return nil }
                    let result = try interpreter.call(hook, [.host(TensorObject(grad))])
                    if result.isNone { return nil }
                    return try TorchBindings.tensorObject(result).coreTensor().detached()
                }))
                return .host(RemovableHandleObject { [weak core] in core?.gradHooks.removeAll { $0.id == id } })
            },
            method("retain_grad", doc: "Keep this (non-leaf) tensor's gradient in .grad after backward().", example: "hidden.retain_grad()") { _ in
                guard !self.isDataView, let core = self.core, core.requiresGrad else {
                    throw ScriptError(.runtimeError, "can't retain_grad on Tensor that has requires_grad=False",
                                      help: "only tensors in the autograd graph have a gradient to keep")
                }
                if !core.isLeaf { core.retainsGrad = true }
                return Value.none
            },
        ]
    }

    /// `t.retains_grad`: True after `retain_grad()` on a non-leaf.
    var retainsGradValue: Value { .bool(!isDataView && (core.map { !$0.isLeaf && $0.retainsGrad } ?? false)) }
}

final class HookNumbers {
    private var last = 0
    private let lock = NSLock()

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}

/// What `register_hook` returns: `handle.remove()` unregisters the hook.
final class RemovableHandleObject: HostBase {
    private var remove: (() -> Void)?

    init(_ remove: @escaping () -> Void) { self.remove = remove }

    override var typeName: String { "RemovableHandle" }
    override var typeModule: String? { "torch.utils.hooks" }
    override func repr() -> String { "<torch.utils.hooks.RemovableHandle object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>" }

    override func methods() -> [Builtin] {
        [method("remove", doc: "Unregister the hook.", example: "handle.remove()") { _ in
            self.remove?()
            self.remove = nil
            return Value.none
        }]
    }
}

/// `grad_fn.next_functions[i][0]` for a leaf that requires grad: PyTorch's `AccumulateGrad` node, whose
/// `variable` is the leaf.
final class AccumulateGradObject: HostBase {
    let leaf: Tensor

    init(_ leaf: Tensor) { self.leaf = leaf }

    override var typeName: String { "AccumulateGrad" }
    override func repr() -> String { "<AccumulateGrad object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>" }
    override var propertyNames: [String] { ["variable", "next_functions"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "variable": return .host(TensorObject(core: leaf, live: true))
        case "next_functions": return .tuple([])
        default: return nil
        }
    }

    override func methods() -> [Builtin] {
        [method("name", doc: "The node's name.", example: "node.name()") { _ in .str("torch::autograd::AccumulateGrad") }]
    }
}

extension GradFunctionObject {
    /// PyTorch's `next_functions`: one `(node, 0)` pair per input of the operation — the input's own
    /// `grad_fn`, `AccumulateGrad` for a leaf that requires grad, None for an input outside autograd.
    static func nextFunctions(of output: Tensor) -> Value {
        .tuple(output.gradInputs.map { input -> Value in
            let node: Value
            if !input.requiresGrad {
                node = Value.none
            } else if input.isLeaf {
                node = .host(AccumulateGradObject(input))
            } else {
                node = .host(GradFunctionObject(name: input.gradFunctionName ?? "Backward", output: input))
            }
            return .tuple([node, .int(0)])
        })
    }
}
