import Foundation
import Lang
import TensorCore
import Training

/// `torch.optim.lr_scheduler` schedulers and transformers' `get_scheduler` family (LambdaLR underneath).
/// Like PyTorch, construction records `initial_lr` in each group and takes the first step (epoch 0);
/// each `step()` then writes the new learning rate into every group's `"lr"`. The chainable forms
/// (StepLR, LinearLR, CosineAnnealingLR, ExponentialLR) are computed from the group's current lr,
/// as PyTorch does, so the floating-point values match.
final class SchedulerObject: HostBase {
    enum Rule {
        case lambda([Value])
        case schedule(LearningRateSchedule)
        case step(size: Int, gamma: Double)
        case linear(start: Double, end: Double, totalIters: Int)
        case cosine(tMax: Int, etaMin: Double)
        case exponential(gamma: Double)
        /// The Trainer's schedule for a script optimizer (`lr_scheduler_type`, warmup, total steps).
        case curve(LearningRateCurve)
    }

    let name: String
    let optimizer: OptimizerObject
    let rule: Rule
    let context: CallContext
    private(set) var lastEpoch = -1
    private(set) var stepCount = 0
    private(set) var baseLrs: [Double] = []
    private(set) var lastLrs: [Double] = []

    /// `lr_scheduler.get_last_lr()[0]`.
    var firstLastLr: Double { lastLrs.first ?? 0 }

    init(name: String, optimizer: OptimizerObject, rule: Rule, context: CallContext) throws {
        (self.name, self.optimizer, self.rule, self.context) = (name, optimizer, rule, context)
        super.init()
        if case .lambda(let functions) = rule, functions.count != 1, functions.count != optimizer.groups.count {
            throw ScriptError(.valueError, "Expected \(optimizer.groups.count) lr_lambdas, but got \(functions.count)")
        }
        for group in optimizer.groups {
            if group.get("initial_lr") == nil { group.set("initial_lr", group.get("lr") ?? .float(0)) }
            baseLrs.append(try OptimizerObject.number(group, "initial_lr"))
        }
        try step()
    }

    override var typeName: String { name }
    override var cachesMethods: Bool { false }

    /// The learning rate of group `index` at `lastEpoch` (already advanced).
    private func learningRate(_ index: Int, current: Double) throws -> Double {
        let epoch = lastEpoch, base = baseLrs[index]
        switch rule {
        case .lambda(let functions):
            let function = functions.count == 1 ? functions[0] : functions[index]
            let factor = try context.call(function, [.int(epoch)])
            guard let x = Convert.double(factor) else {
                throw ScriptError(.typeError, "lr_lambda must return a number, got \(factor.typeName)")
            }
            return base * x
        case .schedule(let schedule):
            return base * schedule.multiplier(step: epoch)
        case .step(let size, let gamma):
            return epoch == 0 || epoch % size != 0 ? current : current * gamma
        case .linear(let start, let end, let total):
            if epoch == 0 { return current * start }
            if epoch > total { return current }
            return current * (1 + (end - start) / (Double(total) * start + Double(epoch - 1) * (end - start)))
        case .cosine(let tMax, let etaMin):
            if epoch == 0 { return current }
            let t = Double(tMax)
            let period = 2 * tMax
            let offset = ((epoch - 1 - tMax) % period + period) % period
            if offset == 0 { return current + (base - etaMin) * (1 - Foundation.cos(Double.pi / t)) / 2 }
            return (1 + Foundation.cos(Double.pi * Double(epoch) / t)) / (1 + Foundation.cos(Double.pi * Double(epoch - 1) / t))
                * (current - etaMin) + etaMin
        case .exponential(let gamma):
            return epoch == 0 ? current : current * gamma
        case .curve(let curve):
            return base * curve.multiplier(afterSteps: epoch)
        }
    }

    func step() throws {
        stepCount += 1
        lastEpoch += 1
        var values: [Double] = []
        for (index, group) in optimizer.groups.enumerated() where index < baseLrs.count {
            let lr = try learningRate(index, current: try OptimizerObject.number(group, "lr"))
            group.set("lr", .float(lr))
            values.append(lr)
        }
        lastLrs = values
    }

    override var propertyNames: [String] { ["last_epoch", "base_lrs", "optimizer"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "last_epoch": return .int(lastEpoch)
        case "base_lrs": return .list(baseLrs.map { .float($0) })
        case "optimizer": return .host(optimizer)
        default: return nil
        }
    }

    override func methods() -> [Builtin] {
        [
            method("step", [.optional("epoch")], doc: "Advance one step and set each group's lr.", example: "lr_scheduler.step()") { args in
                if !args["epoch"].isNone {
                    throw ScriptError(.valueError, "step(epoch) is deprecated in PyTorch and not supported here", help: "call step() once per step")
                }
                try self.step()
                return Value.none
            },
            method("get_last_lr", doc: "The learning rate of each group after the last step.", example: "lr_scheduler.get_last_lr()[0]") { _ in
                .list(self.lastLrs.map { .float($0) })
            },
        ] + stateDictMethods(contents: "last_epoch, base_lrs, _last_lr, _step_count", example: "lr_scheduler",
                             save: { self.stateDict() }, load: { try self.loadStateDict($0) })
    }

    /// `state_dict()`: PyTorch's keys for the position of the schedule.
    func stateDict() -> Value {
        .dict([("base_lrs", .list(baseLrs.map { .float($0) })), ("last_epoch", .int(lastEpoch)),
               ("_step_count", .int(stepCount)), ("_last_lr", .list(lastLrs.map { .float($0) }))])
    }

    /// `load_state_dict(d)`: the position (and base rates) saved by `state_dict()`.
    func loadStateDict(_ value: Value) throws {
        guard case .dict(let d) = value, let epoch = d.get("last_epoch")?.intValue else {
            throw ScriptError(.valueError, "load_state_dict() needs a dict from scheduler.state_dict()")
        }
        lastEpoch = epoch
        stepCount = d.get("_step_count")?.intValue ?? stepCount
        if let base = d.get("base_lrs")?.sequenceItems?.compactMap(Convert.double), base.count == baseLrs.count { baseLrs = base }
        if let last = d.get("_last_lr")?.sequenceItems?.compactMap(Convert.double) { lastLrs = last }
    }

    /// The `optimizer` argument of a scheduler.
    static func optimizer(_ value: Value) throws -> OptimizerObject {
        guard case .host(let object) = value, let optimizer = object as? OptimizerObject else {
            throw ScriptError(.typeError, "\(value.typeName) is not an Optimizer", help: "pass an optimizer such as torch.optim.AdamW(model.parameters(), lr=5e-4)")
        }
        return optimizer
    }
}

extension TorchOptimBindings {
    static var schedulerBuiltins: [Builtin] {
        [
            scheduler("LambdaLR", [Parameter("lr_lambda")], doc: "lr = initial_lr · lr_lambda(step).",
                      example: "LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / 100))") { args in
                .lambda(args["lr_lambda"].sequenceItems ?? [args["lr_lambda"]])
            },
            scheduler("StepLR", [Parameter("step_size", .int), Parameter("gamma", .number, default: .float(0.1))],
                      doc: "Multiply the lr by gamma every step_size steps.", example: "StepLR(optimizer, step_size=10, gamma=0.5)") { args in
                .step(size: try positive(args, "step_size"), gamma: try args.double("gamma"))
            },
            scheduler("LinearLR", [Parameter("start_factor", .number, default: .float(1.0 / 3)), Parameter("end_factor", .number, default: .float(1.0)),
                                   Parameter("total_iters", .int, default: .int(5))],
                      doc: "Scale the lr linearly from start_factor to end_factor over total_iters steps.",
                      example: "LinearLR(optimizer, start_factor=1.0, end_factor=0.0, total_iters=100)") { args in
                let start = try args.double("start_factor"), end = try args.double("end_factor")
                guard start > 0, start <= 1, end >= 0, end <= 1 else {
                    throw ScriptError(.valueError, "Starting multiplicative factor expected to be greater than 0 and less or equal to 1, ending factor between 0 and 1")
                }
                return .linear(start: start, end: end, totalIters: try args.int("total_iters"))
            },
            scheduler("CosineAnnealingLR", [Parameter("T_max", .int), Parameter("eta_min", .number, default: .float(0))],
                      doc: "Cosine annealing from the initial lr to eta_min over T_max steps.", example: "CosineAnnealingLR(optimizer, T_max=100)") { args in
                .cosine(tMax: try positive(args, "T_max"), etaMin: try args.double("eta_min"))
            },
            scheduler("ExponentialLR", [Parameter("gamma", .number)], doc: "Multiply the lr by gamma every step.",
                      example: "ExponentialLR(optimizer, gamma=0.9)") { args in
                .exponential(gamma: try args.double("gamma"))
            },
        ]
    }

    /// A `torch.optim.lr_scheduler` class: `optimizer`, the rule's own parameters, then `last_epoch`.
    private static func scheduler(_ name: String, _ parameters: [Parameter], doc: String, example: String,
                                  rule: @escaping (Arguments) throws -> SchedulerObject.Rule) -> Builtin {
        Builtin(name, owner: "torch.optim.lr_scheduler", [Parameter("optimizer")] + parameters + [Parameter("last_epoch", .int, default: .int(-1))],
                doc: doc, example: example) { args in
            try requireFresh(args)
            return .host(try SchedulerObject(name: name, optimizer: try SchedulerObject.optimizer(args["optimizer"]),
                                             rule: try rule(args), context: args.context))
        }
    }

    private static func positive(_ args: Arguments, _ name: String) throws -> Int {
        let value = try args.int(name)
        guard value > 0 else { throw ScriptError(.valueError, "\(name) must be positive, got \(value)") }
        return value
    }

    private static func requireFresh(_ args: Arguments) throws {
        guard try args.int("last_epoch") == -1 else {
            throw ScriptError(.valueError, "resuming a scheduler with last_epoch is not supported here",
                              help: "create it with last_epoch=-1 and use scheduler.load_state_dict(saved_state)")
        }
    }

    /// transformers' `get_scheduler(name, optimizer, num_warmup_steps, num_training_steps)` and its named helpers.
    static var transformersSchedulers: [Builtin] {
        func make(_ kind: LearningRateSchedule.Kind, _ args: Arguments, warmup: Double, total: Int, cycles: Double = 0.5) throws -> Value {
            guard warmup >= 0, total >= 0 else { throw ScriptError(.valueError, "num_warmup_steps and num_training_steps must be ≥ 0") }
            let schedule = try LearningRateSchedule(kind: kind, warmupSteps: warmup, totalSteps: total, numCycles: cycles)
            return .host(try SchedulerObject(name: "LambdaLR", optimizer: try SchedulerObject.optimizer(args["optimizer"]),
                                             rule: .schedule(schedule), context: args.context))
        }
        let owner = "transformers"
        return [
            Builtin("get_scheduler", owner: owner, [Parameter("name", .str), Parameter("optimizer"), .optional("num_warmup_steps", .number),
                                                    .optional("num_training_steps", .int), .optional("scheduler_specific_kwargs", .dict)],
                    doc: "A learning-rate schedule by name: linear, cosine, constant, constant_with_warmup.",
                    example: "lr_scheduler = get_scheduler('linear', optimizer, num_warmup_steps=0, num_training_steps=num_steps)") { args in
                try bridged {
                    let name = try args.string("name")
                    guard let kind = LearningRateSchedule.Kind(rawValue: name) else {
                        throw ScriptError(.valueError, "'\(name)' is not a supported scheduler type here",
                                          help: "use one of: " + LearningRateSchedule.Kind.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    let warmup = try args.optionalDouble("num_warmup_steps")
                    let total = try args.optionalInt("num_training_steps")
                    if kind != .constant, warmup == nil {
                        throw ScriptError(.valueError, "\(name) requires `num_warmup_steps`, please provide that argument.")
                    }
                    if kind == .linear || kind == .cosine, total == nil {
                        throw ScriptError(.valueError, "\(name) requires `num_training_steps`, please provide that argument.")
                    }
                    return try make(kind, args, warmup: kind == .constant ? 0 : (warmup ?? 0), total: total ?? 0)
                }
            },
            Builtin("get_linear_schedule_with_warmup", owner: owner, [Parameter("optimizer"), Parameter("num_warmup_steps", .number),
                                                                      Parameter("num_training_steps", .int), Parameter("last_epoch", .int, default: .int(-1))],
                    doc: "Linear warmup to the initial lr, then linear decay to 0.",
                    example: "get_linear_schedule_with_warmup(optimizer, 0, len(train_dataloader) * num_epochs)") { args in
                try bridged { try make(.linear, args, warmup: try args.double("num_warmup_steps"), total: try args.int("num_training_steps")) }
            },
            Builtin("get_cosine_schedule_with_warmup", owner: owner, [Parameter("optimizer"), Parameter("num_warmup_steps", .number),
                                                                      Parameter("num_training_steps", .int), Parameter("num_cycles", .number, default: .float(0.5)),
                                                                      Parameter("last_epoch", .int, default: .int(-1))],
                    doc: "Linear warmup, then cosine decay.", example: "get_cosine_schedule_with_warmup(optimizer, 100, 1000)") { args in
                try bridged { try make(.cosine, args, warmup: try args.double("num_warmup_steps"), total: try args.int("num_training_steps"),
                                       cycles: try args.double("num_cycles")) }
            },
            Builtin("get_constant_schedule_with_warmup", owner: owner, [Parameter("optimizer"), Parameter("num_warmup_steps", .number),
                                                                        Parameter("last_epoch", .int, default: .int(-1))],
                    doc: "Linear warmup, then constant.", example: "get_constant_schedule_with_warmup(optimizer, 100)") { args in
                try bridged { try make(.constantWithWarmup, args, warmup: try args.double("num_warmup_steps"), total: 0) }
            },
            Builtin("get_constant_schedule", owner: owner, [Parameter("optimizer"), Parameter("last_epoch", .int, default: .int(-1))],
                    doc: "A constant learning rate.", example: "get_constant_schedule(optimizer)") { args in
                try bridged { try make(.constant, args, warmup: 0, total: 0) }
            },
        ]
    }
}
