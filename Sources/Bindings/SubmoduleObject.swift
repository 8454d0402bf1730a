import Lang
import Models
import TensorCore

/// `model.classifier`, `model.bert.encoder.layer[0].attention.self.query`: a view of one submodule of a
/// model, found from the parameter names (`bert.encoder.layer.0.…`). Attributes lead to child modules
/// or to the live parameter tensors (`.weight`, `.bias`); numbered children index (`layer[0]`, `len`,
/// iteration) as a `ModuleList`. Leaf modules print as transformers does (`Linear(in_features=384,
/// out_features=2, bias=True)`, `LayerNorm((384,), eps=1e-12, elementwise_affine=True)`,
/// `Embedding(30522, 384, padding_idx=0)`); composite ones list their children in torch's layout, without
/// the parameter-free modules (dropout, activations) lorarepl does not keep as objects.
final class SubmoduleObject: HostBase {
    let root: ModelHostBase
    let path: String

    init(root: ModelHostBase, path: String) {
        (self.root, self.path) = (root, path)
    }

    /// The submodule of `host` at `path`, or nil when no parameter lives under it.
    static func find(_ host: ModelHostBase, _ path: String) -> SubmoduleObject? {
        let prefix = path + "."
        guard host.taskModel.namedParameters().contains(where: { $0.name.hasPrefix(prefix) }) else { return nil }
        return SubmoduleObject(root: host, path: path)
    }

    private var parameters: [(name: String, tensor: Tensor)] {
        let prefix = path + "."
        return root.taskModel.namedParameters().compactMap { $0.name.hasPrefix(prefix) ? (String($0.name.dropFirst(prefix.count)), $0.tensor) : nil }
    }

    /// The direct children in order: modules (with a dot after them) and parameters (leaves).
    private var children: (modules: [String], tensors: [(String, Tensor)]) {
        var modules: [String] = []
        var tensors: [(String, Tensor)] = []
        for (name, tensor) in parameters {
            if let dot = name.firstIndex(of: ".") {
                let child = String(name[..<dot])
                if modules.last != child && !modules.contains(child) { modules.append(child) }
            } else {
                tensors.append((name, tensor))
            }
        }
        return (modules, tensors)
    }

    private var isList: Bool {
        let (modules, tensors) = children
        return tensors.isEmpty && !modules.isEmpty && modules.allSatisfy(Self.isNumeric)
    }

    /// `"0"`, `"11"`: the children of a ModuleList.
    static func isNumeric(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }

    private var lastName: String { String(path.split(separator: ".").last ?? Substring(path)) }

    override var typeName: String {
        let (modules, tensors) = children
        if isList { return "ModuleList" }
        if modules.isEmpty, let weight = tensors.first(where: { $0.0 == "weight" })?.1 {
            if weight.shape.count == 2 { return lastName.hasSuffix("embeddings") || lastName == "wte" || lastName == "wpe" || lastName == "embed_tokens" ? "Embedding" : "Linear" }
            if weight.shape.count == 1 { return tensors.contains { $0.0 == "bias" } ? "LayerNorm" : "RMSNorm" }
        }
        let architecture = root.taskModel.network.config.modelType.rawValue.capitalized
        let words = lastName.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return Self.isNumeric(lastName) ? architecture + "Layer" : architecture + words
    }

    override func repr() -> String { render(indent: "") }

    private func render(indent: String) -> String {
        let (modules, tensors) = children
        let type = typeName
        let config = root.taskModel.network.config
        if modules.isEmpty, let weight = tensors.first(where: { $0.0 == "weight" })?.1 {
            let hasBias = tensors.contains { $0.0 == "bias" }
            switch type {
            case "Linear" where weight.shape.count == 2:
                return "Linear(in_features=\(weight.shape[1]), out_features=\(weight.shape[0]), bias=\(hasBias ? "True" : "False"))"
            case "Embedding" where weight.shape.count == 2:
                let padding = lastName == "word_embeddings" || lastName == "embed_tokens" ? config.padTokenId.map { ", padding_idx=\($0)" } ?? "" : ""
                return "Embedding(\(weight.shape[0]), \(weight.shape[1])\(padding))"
            case "LayerNorm":
                return "LayerNorm((\(weight.shape[0]),), eps=\(config.layerNormEps), elementwise_affine=True)"
            case "RMSNorm":
                return "RMSNorm((\(weight.shape[0]),), eps=\(config.rmsNormEps))"
            default:
                break
            }
        }
        let inner = indent + "  "
        var lines: [String] = []
        if isList, let first = modules.first {
            // torch collapses identical layers: (0-5): 6 x BertLayer(...)
            let child = SubmoduleObject(root: root, path: path + "." + first)
            let range = modules.count > 1 ? "\(first)-\(modules.last ?? first)" : first
            lines.append("\(inner)(\(range)): \(modules.count > 1 ? "\(modules.count) x " : "")\(child.render(indent: inner))")
        } else {
            for name in modules {
                lines.append("\(inner)(\(name)): " + SubmoduleObject(root: root, path: path + "." + name).render(indent: inner))
            }
        }
        return "\(type)(\n" + lines.joined(separator: "\n") + "\n\(indent))"
    }

    override var propertyNames: [String] { children.modules.filter { !Self.isNumeric($0) } + children.tensors.map(\.0) }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        if let tensor = children.tensors.first(where: { $0.0 == name })?.1 { return .host(TensorObject(core: tensor, live: true)) }
        if name == "in_features" || name == "out_features", typeName == "Linear", let weight = children.tensors.first(where: { $0.0 == "weight" })?.1 {
            return .int(name == "in_features" ? weight.shape[1] : weight.shape[0])
        }
        return SubmoduleObject.find(root, path + "." + name).map { .host($0) }
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard isList else { throw ScriptError(.typeError, "'\(typeName)' object is not subscriptable") }
        guard case .int(let raw) = key else { throw ScriptError(.typeError, "ModuleList indices must be integers, not \(key.typeName)") }
        let count = children.modules.count
        let index = raw < 0 ? raw + count : raw
        guard index >= 0, index < count else { throw ScriptError(.indexError, "index \(raw) is out of range") }
        return .host(SubmoduleObject(root: root, path: path + "." + children.modules[index]))
    }

    override func length() -> Int? { isList ? children.modules.count : nil }

    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        guard isList else { return nil }
        var remaining = children.modules[...]
        return IteratorObject(kindName: "iterator") { [root, path] in
            guard let next = remaining.popFirst() else { return nil }
            return .host(SubmoduleObject(root: root, path: path + "." + next))
        }
    }

    override func methods() -> [Builtin] {
        [
            method("parameters", [Parameter("recurse", .bool, default: .bool(true))], doc: "The submodule's parameter tensors (live).",
                   example: "for p in model.classifier.parameters(): p.requires_grad = False") { _ in
                .list(self.parameters.map { .host(TensorObject(core: $0.tensor, live: true)) })
            },
            method("named_parameters", [Parameter("prefix", .str, default: .str("")), Parameter("recurse", .bool, default: .bool(true))],
                   doc: "(name, parameter) pairs of the submodule.", example: "dict(model.classifier.named_parameters())") { args in
                let prefix = try args.string("prefix")
                return .list(self.parameters.map { .tuple([.str(prefix.isEmpty ? $0.name : prefix + "." + $0.name), .host(TensorObject(core: $0.tensor, live: true))]) })
            },
            method("requires_grad_", [Parameter("requires_grad", .bool, default: .bool(true))], doc: "Freeze or unfreeze the submodule; returns it.",
                   example: "model.bert.embeddings.requires_grad_(False)") { args in
                let flag = try args.bool("requires_grad")
                for (_, tensor) in self.parameters {
                    tensor.requiresGrad = flag
                    if !flag { tensor.grad = nil }
                }
                return .host(self)
            },
        ]
    }
}
