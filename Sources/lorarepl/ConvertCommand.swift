import Foundation
import Models

/// `lorarepl convert MODEL OUT.gguf [--quantization f16|q8_0|q4_1|f32]`: writes a LLaMA-family model
/// (Hugging Face folder, e.g. one written by `merged.save_pretrained`, or a GGUF file) as a GGUF file for
/// llama.cpp, with its tokenizer and chat template.
enum ConvertCommand {
    static let help = """
        usage: lorarepl convert MODEL OUT.gguf [--quantization f16|q8_0|q4_1|f32]
          Writes a LLaMA-family model (a Hugging Face folder such as one written by merged.save_pretrained,
          or a GGUF file) as a GGUF file llama.cpp loads, with its tokenizer and chat template.
          --quantization: f16 (default), q8_0 (about half the size, nearly lossless), q4_1, f32.
          Exit: 0 written, 2 error.

        """

    static func main(_ arguments: [String]) -> Int32 {
        var positional: [String] = []
        var typeName = "f16"
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-h", "--help":
                print(help, terminator: "")
                return 0
            case "--quantization", "-q", "--outtype":
                guard index + 1 < arguments.count else { return fail("--quantization needs a value (f16, q8_0, q4_1 or f32)") }
                typeName = arguments[index + 1]
                index += 1
            default:
                if argument.hasPrefix("--quantization=") {
                    typeName = String(argument.dropFirst("--quantization=".count))
                } else if argument.hasPrefix("-") {
                    return fail("unknown option \(argument)")
                } else {
                    positional.append(argument)
                }
            }
            index += 1
        }
        guard positional.count == 2 else { return fail("convert takes a model and an output file, got \(positional.count) paths") }
        guard let type = GGUFExportType(name: typeName) else {
            return fail("--quantization \(typeName) is not one lorarepl writes (f16, q8_0, q4_1, f32)")
        }
        guard positional[1].hasSuffix(".gguf") else { return fail("the output file should end in .gguf, got \(positional[1])") }
        do {
            let summary = try GGUFConverter.convert(model: positional[0], to: URL(fileURLWithPath: positional[1]), type: type)
            print(summary.description)
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 2
        }
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\n\n\(help)".utf8))
        return 2
    }
}
