import Foundation
import Lang
import Models
import PEFT
import WeightIO
import PythonBasics
import Training

/// `model.save_gguf(path, tokenizer=…, quantization=…)`: the script side of `PreTrainedModel.saveGGUF`.
enum ModelExport {
    static func saveGGUF(_ model: PreTrainedModel, _ args: Arguments) throws -> Value {
        let path = try writablePath(args.context, try args.string("path"))
        let name = try args.string("quantization")
        guard let type = GGUFExportType(name: name) else {
            throw ScriptError(.valueError, "quantization='\(name)' is not one lorarepl writes",
                              help: "use one of: " + GGUFExportType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                                  + " ('f16' is lossless for training results in practice, 'q8_0' is about half its size)")
        }
        guard case .host(let host) = args["tokenizer"], let tokenizer = host as? TokenizerObject else {
            throw ScriptError(.typeError, "save_gguf needs the model's tokenizer: the GGUF file carries the vocabulary and chat template",
                              help: "model.save_gguf('\(try args.string("path"))', tokenizer=tokenizer, quantization='\(name)')")
        }
        guard LaunchEnvironment.current.rank == 0 else { return Value.none }  // data-parallel: rank 0 writes
        let summary = try model.saveGGUF(to: URL(fileURLWithPath: path), tokenizer: tokenizer.tokenizer, type: type)
        try args.context.write(summary.description.replacingOccurrences(of: path, with: try args.string("path")) + "\n")
        return Value.none
    }

    static func saveGGUFAdapter(_ peft: PeftModel, _ args: Arguments) throws -> Value {
        let path = try writablePath(args.context, try args.string("path"))
        let name = try args.string("quantization")
        let type: GGMLType
        switch name.lowercased() {
        case "f32": type = .f32
        case "f16": type = .f16
        default:
            throw ScriptError(.valueError, "quantization='\(name)' is not a type llama.cpp LoRA files use",
                              help: "use 'f32' (exact) or 'f16' (half the size)")
        }
        let adapter = args["adapter_name"].isNone ? nil : try args.string("adapter_name")
        guard LaunchEnvironment.current.rank == 0 else { return Value.none }  // data-parallel: rank 0 writes
        let count = try scriptWarnings(args.context) { try peft.saveGGUFAdapter(to: URL(fileURLWithPath: path), adapterName: adapter, type: type) }
        try args.context.write("wrote \(try args.string("path")): LoRA on \(count) modules (\(type.name))\n")
        return Value.none
    }
}
