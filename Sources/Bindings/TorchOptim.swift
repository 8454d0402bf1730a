import PythonBasics
import Foundation
import Lang
import NumericArrays
import TensorCore

/// `torch.optim.AdamW`, `Adam` and `SGD` over live parameters (`model.parameters()` or param-group dicts).
/// The update follows PyTorch's single-tensor CPU implementation operation by operation, in float32;
/// each group's hyper-parameters are read from its dict at every `step()`, so `param_groups[i]["lr"] = x`
/// and the schedulers work as in PyTorch.
final class OptimizerObject: HostBase {
    enum Kind: String { case adamw = "AdamW", adam = "Adam", sgd = "SGD" }

    /// What PyTorch keeps per parameter.
    final class ParameterState {
        var step = 0
        var expAvg: [Float] = []
        var expAvgSq: [Float] = []
        var maxExpAvgSq: [Float] = []
        var momentumBuffer: [Float]?
    }

    let kind: Kind
    let defaults: [(String, Value)]
    private(set) var groups: [DictObject] = []
    private var states: [ObjectIdentifier: ParameterState] = [:]

    init(kind: Kind, parameters: [Value], defaults: [(String, Value)], context: CallContext) throws {
        (self.kind, self.defaults) = (kind, defaults)
        super.init()
        guard !parameters.isEmpty else { throw ScriptError(.valueError, "optimizer got an empty parameter list") }
        let isGroupList = parameters.allSatisfy { if case .dict = $0 { return true } else { return false } }
        if isGroupList {
            for group in parameters { try addGroup(group, context: context) }
        } else {
            try addGroup(.dict([("params", .list(parameters))]), context: context)
        }
    }

    override var typeName: String { kind.rawValue }
    override var cachesMethods: Bool { false }

    override func repr() -> String {
        var lines = ["\(kind.rawValue) ("]
        for (index, group) in groups.enumerated() {
            lines.append("Parameter Group \(index)")
            for (key, value) in group.pairs {
                guard case .str(let name) = key, name != "params" else { continue }
                lines.append("    \(name): \(value.repr)")
            }
        }
        return (lines + [")"]).joined(separator: "\n")
    }

    /// Adds a group: `params` (tensors or an iterable of them) plus the defaults it does not set.
    func addGroup(_ value: Value, context: CallContext) throws {
        guard case .dict(let given) = value, let params = given.get("params") else {
            throw ScriptError(.typeError, "a parameter group must be a dict with a 'params' key",
                              help: "pass model.parameters(), or [{'params': [...], 'lr': 1e-3}, ...]")
        }
        let items: [Value]
        if case .host(let object) = params, object is TensorObject { items = [params] } else { items = try context.items(of: params) }
        for item in items {
            guard case .host(let object) = item, let tensor = object as? TensorObject, tensor.core != nil, tensor.isLive || tensor.core?.isLeaf == true else {
                throw ScriptError(.typeError, "optimizer can only optimize parameters, but one element is \(item.typeName)",
                                  help: "pass model.parameters() or tensors made with torch.tensor(..., requires_grad=True)")
            }
        }
        let existing = Set(groups.flatMap { ($0.get("params")?.sequenceItems ?? []).compactMap(OptimizerObject.identity) })
        if items.contains(where: { OptimizerObject.identity($0).map(existing.contains) ?? false }) {
            throw ScriptError(.valueError, "some parameters appear in more than one parameter group")
        }
        let group = DictObject()
        group.set("params", .list(items))
        for (key, value) in given.pairs where key.stringValue != "params" { try group.set(key, value) }
        for (name, value) in defaults where group.get(name) == nil { group.set(name, value) }
        groups.append(group)
    }

    static func identity(_ value: Value) -> ObjectIdentifier? {
        guard case .host(let object) = value, let tensor = object as? TensorObject, let core = tensor.core else { return nil }
        return ObjectIdentifier(core)
    }

    /// The core tensors of a group.
    static func tensors(_ group: DictObject) -> [Tensor] {
        (group.get("params")?.sequenceItems ?? []).compactMap { item in
            guard case .host(let object) = item, let tensor = object as? TensorObject else { return nil }
            return tensor.core
        }
    }

    static func number(_ group: DictObject, _ key: String) throws -> Double {
        guard let value = group.get(key), let x = Convert.double(value) else {
            throw ScriptError(.typeError, "param_groups[…]['\(key)'] must be a number, not \(group.get(key)?.typeName ?? "missing")")
        }
        return x
    }

    static func flag(_ group: DictObject, _ key: String) -> Bool {
        if case .bool(let b)? = group.get(key) { return b }
        return false
    }

    // MARK: the update

    func step() throws {
        for group in groups {
            let lr = try OptimizerObject.number(group, "lr")
            let weightDecay = try OptimizerObject.number(group, "weight_decay")
            let maximize = OptimizerObject.flag(group, "maximize")
            for parameter in OptimizerObject.tensors(group) {
                guard let gradTensor = parameter.grad else { continue }
                var grad = gradTensor.toArray()
                var param = parameter.toArray()
                guard grad.count == param.count else { throw ScriptError(.runtimeError, "a gradient does not match its parameter's size") }
                if maximize { for i in grad.indices { grad[i] = -grad[i] } }
                let state = states[ObjectIdentifier(parameter)] ?? ParameterState()
                states[ObjectIdentifier(parameter)] = state
                switch kind {
                case .adamw, .adam:
                    try adamUpdate(&param, &grad, state: state, group: group, lr: lr, weightDecay: weightDecay)
                case .sgd:
                    try sgdUpdate(&param, &grad, state: state, group: group, lr: lr, weightDecay: weightDecay)
                }
                try parameter.assign(param)
            }
        }
    }

    /// `_single_tensor_adam`: AdamW decays the weights (`p·(1 − lr·wd)`), Adam adds `wd·p` to the gradient.
    private func adamUpdate(_ param: inout [Float], _ grad: inout [Float], state: ParameterState, group: DictObject,
                            lr: Double, weightDecay: Double) throws {
        let betas = group.get("betas")?.sequenceItems?.compactMap(Convert.double) ?? [0.9, 0.999]
        guard betas.count == 2 else { throw ScriptError(.valueError, "betas must be a pair such as (0.9, 0.999)") }
        let (beta1, beta2) = (betas[0], betas[1])
        let eps = Float(try OptimizerObject.number(group, "eps"))
        let amsgrad = OptimizerObject.flag(group, "amsgrad")
        let n = param.count
        if state.expAvg.isEmpty {
            state.expAvg = [Float](repeating: 0, count: n)
            state.expAvgSq = [Float](repeating: 0, count: n)
            if amsgrad { state.maxExpAvgSq = [Float](repeating: 0, count: n) }
        }
        state.step += 1
        if weightDecay != 0 {
            if kind == .adamw {
                let decay = Float(1 - lr * weightDecay)
                for i in 0..<n { param[i] *= decay }
            } else {
                let wd = Float(weightDecay)
                for i in 0..<n { grad[i] += wd * param[i] }
            }
        }
        let weight = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
        let step = Double(state.step)
        let biasCorrection1 = 1 - Foundation.pow(beta1, step)
        let biasCorrection2Sqrt = Float((1 - Foundation.pow(beta2, step)).squareRoot())
        let stepSize = Float(-(lr / biasCorrection1))
        for i in 0..<n {
            // lerp(m, g, w) = m + w·(g − m) for w < 0.5
            state.expAvg[i] = weight < 0.5 ? state.expAvg[i] + weight * (grad[i] - state.expAvg[i])
                : grad[i] - (grad[i] - state.expAvg[i]) * (1 - weight)
            state.expAvgSq[i] = state.expAvgSq[i] * b2 + oneMinusB2 * grad[i] * grad[i]
            var second = state.expAvgSq[i]
            if amsgrad {
                state.maxExpAvgSq[i] = Swift.max(state.maxExpAvgSq[i], second)
                second = state.maxExpAvgSq[i]
            }
            let denom = second.squareRoot() / biasCorrection2Sqrt + eps
            param[i] += stepSize * state.expAvg[i] / denom
        }
    }

    /// `_single_tensor_sgd`: L2 weight decay, momentum buffer (first step: the gradient), dampening, Nesterov.
    private func sgdUpdate(_ param: inout [Float], _ grad: inout [Float], state: ParameterState, group: DictObject,
                           lr: Double, weightDecay: Double) throws {
        let momentum = Float(try OptimizerObject.number(group, "momentum"))
        let dampening = Float(try OptimizerObject.number(group, "dampening"))
        let nesterov = OptimizerObject.flag(group, "nesterov")
        let n = param.count
        state.step += 1
        if weightDecay != 0 {
            let wd = Float(weightDecay)
            for i in 0..<n { grad[i] += wd * param[i] }
        }
        if momentum != 0 {
            var buffer: [Float]
            if let existing = state.momentumBuffer {
                buffer = existing
                for i in 0..<n { buffer[i] = buffer[i] * momentum + (1 - dampening) * grad[i] }
            } else {
                buffer = grad
            }
            state.momentumBuffer = buffer
            if nesterov { for i in 0..<n { grad[i] += momentum * buffer[i] } } else { grad = buffer }
        }
        let alpha = Float(-lr)
        for i in 0..<n { param[i] += alpha * grad[i] }
    }

    func zeroGrad(setToNone: Bool) throws {
        for group in groups {
            for parameter in OptimizerObject.tensors(group) {
                if setToNone { parameter.grad = nil } else if let grad = parameter.grad { try grad.assign([Float](repeating: 0, count: grad.count)) }
            }
        }
    }

    // MARK: state_dict

    /// PyTorch's layout: `{"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}`.
    func stateDict() -> Value {
        let state = DictObject()
        var groupValues: [Value] = []
        var index = 0
        for group in groups {
            var indices: [Value] = []
            for parameter in OptimizerObject.tensors(group) {
                defer { index += 1 }
                indices.append(.int(index))
                guard let s = states[ObjectIdentifier(parameter)] else { continue }
                let entry = DictObject()
                func tensor(_ values: [Float]) -> Value {
                    TensorObject.wrap(NDArray(shape: parameter.shape, values: values.map(Double.init), dtype: .float32))
                }
                entry.set("step", TensorObject.wrap(NDArray(scalar: Double(s.step))))
                if kind == .sgd {
                    entry.set("momentum_buffer", s.momentumBuffer.map(tensor) ?? Value.none)
                } else if !s.expAvg.isEmpty {
                    entry.set("exp_avg", tensor(s.expAvg))
                    entry.set("exp_avg_sq", tensor(s.expAvgSq))
                    if !s.maxExpAvgSq.isEmpty { entry.set("max_exp_avg_sq", tensor(s.maxExpAvgSq)) }
                }
                try? state.set(.int(index), .dict(entry))
            }
            let copy = DictObject()
            for (key, value) in group.pairs where key.stringValue != "params" { try? copy.set(key, value) }
            copy.set("params", .list(indices))
            groupValues.append(.dict(copy))
        }
        return .dict([("state", .dict(state)), ("param_groups", .list(groupValues))])
    }

    func loadStateDict(_ value: Value) throws {
        guard case .dict(let dict) = value, case .dict(let state)? = dict.get("state"),
              let savedGroups = dict.get("param_groups")?.sequenceItems else {
            throw ScriptError(.valueError, "optimizer.load_state_dict() needs a dict from optimizer.state_dict()")
        }
        guard savedGroups.count == groups.count else {
            throw ScriptError(.valueError, "loaded state dict has a different number of parameter groups (\(savedGroups.count) vs \(groups.count))")
        }
        let parameters = groups.flatMap(OptimizerObject.tensors)
        var restored: [ObjectIdentifier: ParameterState] = [:]
        for (key, entryValue) in state.pairs {
            guard let index = key.intValue, index >= 0, index < parameters.count, case .dict(let entry) = entryValue else {
                throw ScriptError(.valueError, "optimizer state has an entry for parameter \(key.repr), which this optimizer does not have")
            }
            let parameter = parameters[index]
            func floats(_ name: String) throws -> [Float]? {
                guard let item = entry.get(name), !item.isNone else { return nil }
                let a = try NDArray.from(item)
                guard a.count == parameter.count else {
                    throw ScriptError(.valueError, "optimizer state '\(name)' of parameter \(index) has \(a.count) values for \(parameter.count)")
                }
                return a.values.map { Float($0) }
            }
            let s = ParameterState()
            s.step = try CheckedInt.truncating(try NDArray.from(entry.get("step") ?? .int(0)).values.first ?? 0, what: "step")
            s.expAvg = try floats("exp_avg") ?? []
            s.expAvgSq = try floats("exp_avg_sq") ?? []
            s.maxExpAvgSq = try floats("max_exp_avg_sq") ?? []
            s.momentumBuffer = try floats("momentum_buffer")
            restored[ObjectIdentifier(parameter)] = s
        }
        for (group, saved) in zip(groups, savedGroups) {
            guard case .dict(let savedGroup) = saved else { continue }
            for (key, value) in savedGroup.pairs where key.stringValue != "params" { try group.set(key, value) }
        }
        states = restored
    }

    // MARK: script surface

    override var propertyNames: [String] { ["param_groups", "defaults", "state"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "param_groups": return .list(groups.map { .dict($0) })
        case "defaults": return .dict(defaults)
        case "state":
            guard case .dict(let dict) = stateDict() else { return nil }
            return dict.get("state")
        default: return nil
        }
    }

    override func methods() -> [Builtin] {
        [
            method("step", [.optional("closure")], doc: "Update every parameter that has a gradient.", example: "optimizer.step()") { args in
                var loss: Value = .none
                if !args["closure"].isNone { loss = try GradMode.runEnabled { try args.context.call(args["closure"], []) } }
                try self.step()
                return loss
            },
            method("zero_grad", [Parameter("set_to_none", .bool, default: .bool(true))], doc: "Clear the gradients (to None by default).",
                   example: "optimizer.zero_grad()") { args in
                try self.zeroGrad(setToNone: try args.bool("set_to_none"))
                return Value.none
            },
            method("add_param_group", [Parameter("param_group", .dict)], doc: "Add a group of parameters with its own settings.",
                   example: "optimizer.add_param_group({'params': head.parameters(), 'lr': 1e-3})") { args in
                try self.addGroup(args["param_group"], context: args.context)
                return Value.none
            },
        ] + stateDictMethods(contents: "The optimizer's state and groups", example: "optimizer",
                             save: { self.stateDict() }, load: { try self.loadStateDict($0) })
    }
}

extension GradMode {
    /// Runs a script closure (an optimizer's closure) with gradients recorded.
    static func runEnabled<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = enabled
        enabled = true
        defer { enabled = previous }
        return try body()
    }
}
