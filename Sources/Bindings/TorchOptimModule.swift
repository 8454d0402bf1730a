import Foundation
import Lang

/// The `torch.optim` and `torch.optim.lr_scheduler` tables.
enum TorchOptimBindings {
    static var optim: ModuleTable {
        ModuleTable(name: "torch.optim", doc: "Optimizers (AdamW, Adam, SGD) and torch.optim.lr_scheduler.",
                    builtins: optimizers, constants: [("lr_scheduler", TorchBindings.module(lrScheduler))])
    }

    static var lrScheduler: ModuleTable {
        ModuleTable(name: "torch.optim.lr_scheduler", doc: "Learning-rate schedulers: LambdaLR, StepLR, LinearLR, CosineAnnealingLR, ExponentialLR.",
                    builtins: schedulerBuiltins)
    }

    static let adamParameters: [Parameter] = [
        Parameter("params"), Parameter("lr", .number, default: .float(1e-3)), Parameter("betas", .sequence, default: .tuple([.float(0.9), .float(0.999)])),
        Parameter("eps", .number, default: .float(1e-8)), .optional("weight_decay", .number), Parameter("amsgrad", .bool, default: .bool(false)),
        .keyword("maximize", .bool, default: .bool(false)), .keyword("foreach", default: Value.none), .keyword("capturable", .bool, default: .bool(false)),
        .keyword("differentiable", .bool, default: .bool(false)), .keyword("fused", default: Value.none),
    ]

    static var optimizers: [Builtin] {
        func adam(_ kind: OptimizerObject.Kind, defaultDecay: Double, doc: String, example: String) -> Builtin {
            Builtin(kind.rawValue, owner: "torch.optim", adamParameters, doc: doc, example: example) { args in
                try bridged {
                    let lr = try args.double("lr"), eps = try args.double("eps")
                    let decay = try args.optionalDouble("weight_decay") ?? defaultDecay
                    let betas = try args.list("betas").compactMap(Convert.double)
                    guard lr >= 0 else { throw ScriptError(.valueError, "Invalid learning rate: \(Value.float(lr).repr)") }
                    guard eps >= 0 else { throw ScriptError(.valueError, "Invalid epsilon value: \(Value.float(eps).repr)") }
                    guard betas.count == 2, (0..<1).contains(betas[0]), (0..<1).contains(betas[1]) else {
                        throw ScriptError(.valueError, "Invalid betas: each must be in [0, 1), e.g. betas=(0.9, 0.999)")
                    }
                    guard decay >= 0 else { throw ScriptError(.valueError, "Invalid weight_decay value: \(Value.float(decay).repr)") }
                    let defaults: [(String, Value)] = [
                        ("lr", .float(lr)), ("betas", .tuple(betas.map { .float($0) })), ("eps", .float(eps)), ("weight_decay", .float(decay)),
                        ("amsgrad", .bool(try args.bool("amsgrad"))), ("foreach", args["foreach"]), ("maximize", .bool(try args.bool("maximize"))),
                        ("capturable", .bool(false)), ("differentiable", .bool(false)), ("fused", args["fused"]),
                        ("decoupled_weight_decay", .bool(kind == .adamw)),
                    ]
                    return .host(try OptimizerObject(kind: kind, parameters: try parameterList(args), defaults: defaults, context: args.context))
                }
            }
        }
        return [
            adam(.adamw, defaultDecay: 0.01, doc: "AdamW (decoupled weight decay, default 0.01), PyTorch's update.",
                 example: "optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)"),
            adam(.adam, defaultDecay: 0, doc: "Adam (L2 weight decay added to the gradient), PyTorch's update.",
                 example: "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)"),
            Builtin("SGD", owner: "torch.optim", [Parameter("params"), Parameter("lr", .number, default: .float(1e-3)),
                                                  Parameter("momentum", .number, default: .float(0)), Parameter("dampening", .number, default: .float(0)),
                                                  Parameter("weight_decay", .number, default: .float(0)), Parameter("nesterov", .bool, default: .bool(false)),
                                                  .keyword("maximize", .bool, default: .bool(false)), .keyword("foreach", default: Value.none),
                                                  .keyword("differentiable", .bool, default: .bool(false)), .keyword("fused", default: Value.none)],
                    doc: "Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay.",
                    example: "optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)") { args in
                try bridged {
                    let lr = try args.double("lr"), momentum = try args.double("momentum"), dampening = try args.double("dampening")
                    let decay = try args.double("weight_decay"), nesterov = try args.bool("nesterov")
                    guard lr >= 0 else { throw ScriptError(.valueError, "Invalid learning rate: \(Value.float(lr).repr)") }
                    guard momentum >= 0 else { throw ScriptError(.valueError, "Invalid momentum value: \(Value.float(momentum).repr)") }
                    guard decay >= 0 else { throw ScriptError(.valueError, "Invalid weight_decay value: \(Value.float(decay).repr)") }
                    if nesterov, momentum <= 0 || dampening != 0 {
                        throw ScriptError(.valueError, "Nesterov momentum requires a momentum and zero dampening")
                    }
                    let defaults: [(String, Value)] = [
                        ("lr", .float(lr)), ("momentum", .float(momentum)), ("dampening", .float(dampening)), ("weight_decay", .float(decay)),
                        ("nesterov", .bool(nesterov)), ("maximize", .bool(try args.bool("maximize"))), ("foreach", args["foreach"]),
                        ("differentiable", .bool(false)), ("fused", args["fused"]),
                    ]
                    return .host(try OptimizerObject(kind: .sgd, parameters: try parameterList(args), defaults: defaults, context: args.context))
                }
            },
        ]
    }

    /// `params`: a list/iterator of tensors or of group dicts.
    static func parameterList(_ args: Arguments) throws -> [Value] {
        let params = args["params"]
        if case .host(let object) = params, object is TensorObject {
            throw ScriptError(.typeError, "params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor",
                              help: "wrap it in a list: [tensor]")
        }
        return try args.context.items(of: params)
    }
}
