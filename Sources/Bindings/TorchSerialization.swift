import Foundation
import Lang
import PythonBasics
import WeightIO

/// `torch.save` and `torch.load` over PyTorch's checkpoint format (WeightIO's `TorchCheckpoint`): what
/// tutorial loops do with them — `torch.save(model.state_dict(), "head.pt")`,
/// `model.load_state_dict(torch.load("head.pt", map_location="cpu"))`, a dict checkpoint with the
/// epoch and the optimizer's `state_dict()` — in files PyTorch reads with `weights_only=True`, and
/// PyTorch's files read with the same restrictions (`torch.load`'s default since 2.6).
enum TorchSerialization {
    static let save = Builtin("save", owner: "torch",
                              [Parameter("obj"), Parameter("f"), Parameter("pickle_module", default: Value.none), Parameter("pickle_protocol", .int, default: .int(2)),
                               Parameter("_use_new_zipfile_serialization", .bool, default: .bool(true)), Parameter("_disable_byteorder_record", .bool, default: .bool(false))],
                              doc: "Write tensors, dicts, lists, numbers and strings to a PyTorch checkpoint file (torch.load and PyTorch read it).",
                              example: "torch.save({'epoch': epoch, 'model': model.state_dict(), 'optimizer': optimizer.state_dict()}, 'ckpt.pt')") { args in
        guard args["pickle_module"].isNone else {
            throw ScriptError(.valueError, "torch.save(pickle_module=...) is not supported: lorarepl writes PyTorch's pickle format itself", help: "leave pickle_module out")
        }
        guard try args.bool("_use_new_zipfile_serialization") else {
            throw ScriptError(.valueError, "lorarepl writes only PyTorch's zip format (the default since PyTorch 1.6), not the legacy format",
                              help: "leave _use_new_zipfile_serialization out")
        }
        let path = try writablePath(args.context, try fileArgument(args["f"], "save"))
        var encoder = TorchPickleEncoder()
        let value = try encoder.encode(args["obj"])
        try bridged { try TorchCheckpoint.save(value, to: URL(fileURLWithPath: path)) }
        return Value.none
    }

    static let load = Builtin("load", owner: "torch",
                              [Parameter("f"), Parameter("map_location", default: Value.none), Parameter("pickle_module", default: Value.none),
                               .keyword("weights_only", default: Value.none), .keyword("mmap", default: Value.none), .keywords("pickle_load_args")],
                              doc: "Read a PyTorch checkpoint file (torch.save's format) as torch.load(weights_only=True) does: tensors, dicts, lists, numbers, strings.",
                              example: "model.load_state_dict(torch.load('head.pt', map_location='cpu'))") { args in
        try checkMapLocation(args["map_location"])
        guard args["pickle_module"].isNone else {
            throw ScriptError(.valueError, "torch.load(pickle_module=...) is not supported: lorarepl reads PyTorch's pickle format itself", help: "leave pickle_module out")
        }
        if case .bool(false) = args["weights_only"] {
            try args.context.warn("torch.load(weights_only=False): lorarepl only loads the safe subset (what weights_only=True loads: tensors, dicts, lists, numbers, strings) and never runs code from a file")
        }
        let path = try readablePath(args.context, try fileArgument(args["f"], "load"))
        let value = try bridged { try TorchCheckpoint.load(URL(fileURLWithPath: path)) }
        var decoder = try TorchPickleDecoder(value)
        return try decoder.decode(value)
    }

    /// The file argument: a path (str or pathlib.Path). File objects and buffers are not supported.
    static func fileArgument(_ value: Value, _ function: String) throws -> String {
        switch value {
        case .str(let path): return path
        case .host(let object) where object.typeName == "PosixPath": return object.str()
        default:
            throw ScriptError(.typeError, "torch.\(function)() takes a file path here, not \(value.typeName)",
                              notes: ["lorarepl reads and writes checkpoint files by path; open file objects and io.BytesIO buffers are not supported"],
                              help: function == "save" ? "torch.save(obj, \"checkpoint.pt\")" : "torch.load(\"checkpoint.pt\")")
        }
    }

    /// `map_location`: None, "cpu", torch.device("cpu"), a dict of locations or a function all load on the
    /// CPU; a GPU device is the CPU-only error.
    static func checkMapLocation(_ value: Value) throws {
        switch value {
        case .none, .function, .builtin, .boundMethod: return
        case .dict(let mapping): for target in mapping.pairs.map(\.1) { try checkMapLocation(target) }
        default:
            let device = try DeviceObject.parse(value)
            guard device.kind == "cpu" else {
                throw ScriptError(.runtimeError, "torch.load(map_location=\(value.repr)): lorarepl runs on the CPU only; '\(device.text)' is not available",
                                  notes: ["torch.cuda.is_available() is False here; checkpoints saved on a GPU load on the CPU"],
                                  help: "use torch.load(path, map_location=\"cpu\") (or leave map_location out)")
            }
        }
    }
}
