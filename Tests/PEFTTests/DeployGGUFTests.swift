import Foundation
import XCTest
@testable import PEFT
import Models
import TensorCore
import TestSupport
import Tokenizers
import WeightIO

/// `save_gguf` (llama.cpp's layout) read back by lorarepl's own GGUF reader: same tensors (F16 within its
/// rounding, Q8_0/Q4_1 equal to dequantize(quantize(x)) as ggml computes it), same tokenizer and chat template,
/// same greedy output; and `save_gguf_adapter` (convert_lora_to_gguf.py's layout).
final class DeployGGUFTests: XCTestCase {
    static let template = "{% for m in messages %}<s>{{ m['role'] }}: {{ m['content'] }}</s>{% endfor %}"

    /// A 128-token byte-level BPE for tiny-llama (vocabulary 128): 3 specials, the 94 printable ASCII bytes,
    /// `Ġ` (space) and 30 merges.
    static func tinyTokenizer() throws -> BPETokenizer {
        var vocab: [String: Int] = ["<unk>": 0, "<s>": 1, "</s>": 2]
        for (offset, byte) in (33...126).enumerated() { vocab[String(UnicodeScalar(UInt8(byte)))] = 3 + offset }
        vocab["Ġ"] = 97
        var merges: [(String, String)] = []
        for letter in "etaoinshrdlucmf" { merges.append(("Ġ", String(letter))) }
        for pair in ["th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of"] {
            merges.append((String(pair.first ?? "a"), String(pair.last ?? "a")))
        }
        for (offset, merge) in merges.enumerated() { vocab[merge.0 + merge.1] = 98 + offset }
        let added = [AddedToken(id: 0, content: "<unk>", special: true), AddedToken(id: 1, content: "<s>", special: true),
                     AddedToken(id: 2, content: "</s>", special: true)]
        let bos = TemplateProcessor.Piece.special(token: "<s>", id: 1, typeId: 0)
        return try BPETokenizer(vocab: vocab, merges: merges, preTokenizer: .smollm, addedTokens: added,
                                specialTokens: SpecialTokens(unk: "<unk>", bos: "<s>", eos: "</s>"),
                                postProcessor: TemplateProcessor(single: [bos, .sequenceA(typeId: 0)], pair: [bos, .sequenceA(typeId: 0), .sequenceB(typeId: 1)]),
                                modelMaxLength: 128, chatTemplate: template)
    }

    static func output(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-deploy-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    func tinyLlama() throws -> PreTrainedModel {
        try AutoModelForCausalLM.fromPretrained(try FixtureModels.fixture("tiny-llama/tiny-llama-base").path).model
    }

    /// What the stored values of a `[rows, columns]` weight read back as: ggml's round trip of each row.
    func roundTrip(_ values: [Float], _ type: GGMLType) throws -> [Float] {
        let bytes = try GGMLQuantizer.quantize(values, as: type)
        var out = [Float](repeating: 0, count: values.count)
        try bytes.withUnsafeBytes { raw in
            try out.withUnsafeMutableBufferPointer { buffer in
                guard let source = raw.baseAddress, let target = buffer.baseAddress else { return }
                try GGMLDequantizer.dequantize(type, from: source, count: values.count, into: target)
            }
        }
        return out
    }

    func checkTinyExport(_ type: GGUFExportType, matrixType: GGMLType, embeddingType: GGMLType) throws {
        let model = try tinyLlama()
        let tokenizer = try Self.tinyTokenizer()
        let url = Self.output("tiny-\(type.rawValue).gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        let summary = try model.saveGGUF(to: url, tokenizer: tokenizer, type: type)
        XCTAssertEqual(summary.tensorCount, 21)

        let file = try GGUFFile(url: url)
        XCTAssertEqual(try file.string("general.architecture"), "llama")
        XCTAssertEqual(try file.int("llama.block_count"), 2)
        XCTAssertEqual(try file.int("llama.attention.head_count_kv"), 2)
        XCTAssertEqual(try file.int("llama.rope.dimension_count"), 16)
        XCTAssertEqual(try file.int("general.file_type"), Int(type == .f16 ? 1 : type == .q8_0 ? 7 : 3))
        XCTAssertEqual(try file.string("tokenizer.ggml.model"), "gpt2")
        XCTAssertEqual(try file.string("tokenizer.ggml.pre"), "smollm")
        XCTAssertEqual(try file.stringArray("tokenizer.ggml.tokens").count, 128)
        XCTAssertEqual(try file.intArray("tokenizer.ggml.token_type").prefix(4), [3, 3, 3, 1])
        XCTAssertEqual(try file.stringArray("tokenizer.ggml.merges").first, "Ġ e")
        XCTAssertEqual(try file.int("tokenizer.ggml.bos_token_id"), 1)
        XCTAssertEqual(try file.int("tokenizer.ggml.eos_token_id"), 2)
        XCTAssertEqual(try file.bool("tokenizer.ggml.add_bos_token"), true)
        XCTAssertEqual(try file.string("tokenizer.chat_template"), Self.template)
        XCTAssertEqual(try file.info("token_embd.weight").type, embeddingType)
        XCTAssertEqual(try file.info("blk.0.attn_q.weight").type, matrixType)
        XCTAssertEqual(try file.info("blk.1.ffn_down.weight").type, matrixType)
        XCTAssertEqual(try file.info("blk.0.attn_norm.weight").type, .f32)
        XCTAssertEqual(try file.info("blk.0.attn_k.weight").dims, [64, 32])

        // Q rows are stored permuted (llama.cpp's converter): undoing it gives ggml's round trip of HF's rows.
        let state = Dictionary(model.stateDict().map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let q = try XCTUnwrap(state["model.layers.0.self_attn.q_proj.weight"])
        let storedQ = try file.floats("blk.0.attn_q.weight")
        XCTAssertEqual(try LlamaQKPermutation.undo(storedQ, rows: 64, columns: 64, heads: 4), try roundTrip(q.toArray(), matrixType))

        // The loader reverses everything: every weight equals ggml's round trip of the original.
        let reread = try ModelLoader.load(url.path, task: .causalLM).model
        for (name, tensor) in reread.stateDict() {
            let original = try XCTUnwrap(state[name], name)
            let expected = tensor.shape.count == 2 ? try roundTrip(original.toArray(), name.contains("embed") || name.contains("lm_head") ? embeddingType : matrixType)
                                                   : original.toArray()
            XCTAssertEqual(tensor.toArray(), expected, "\(type.rawValue) \(name)")
        }
        // The tokenizer read back from the file: same ids, specials and chat template.
        let back = try TokenizerLoader.load(url.path)
        for text in ["the cat sat on the mat", "Hello, there! 42 oranges", "<s>then</s>"] {
            XCTAssertEqual(try back.encode(text).ids, try tokenizer.encode(text).ids, text)
        }
        XCTAssertEqual(back.chatTemplate, Self.template)
        XCTAssertEqual(back.bosTokenId, 1)
        XCTAssertEqual(back.eosTokenId, 2)
    }

    func testTinyLlamaF16Export() throws { try checkTinyExport(.f16, matrixType: .f16, embeddingType: .f16) }
    func testTinyLlamaQ8_0Export() throws { try checkTinyExport(.q8_0, matrixType: .q8_0, embeddingType: .q8_0) }
    func testTinyLlamaQ4_1Export() throws { try checkTinyExport(.q4_1, matrixType: .q4_1, embeddingType: .q8_0) }

    func testF32ExportGeneratesExactlyLikeTheModel() throws {
        let model = try tinyLlama()
        let url = Self.output("tiny-f32.gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.saveGGUF(to: url, tokenizer: try Self.tinyTokenizer(), type: .f32)
        let reread = try ModelLoader.load(url.path, task: .causalLM).model
        let options = GenerationOptions(maxNewTokens: 16)
        XCTAssertEqual(try reread.generate([1, 17, 33, 5], options: options, onToken: nil),
                       try model.generate([1, 17, 33, 5], options: options, onToken: nil))
    }

    func testRefusals() throws {
        let model = try tinyLlama()
        let small = try BPETokenizer(vocab: ["a": 0, "b": 1], merges: [], preTokenizer: .gpt2)
        XCTAssertThrowsError(try model.saveGGUF(to: Self.output("x.gguf"), tokenizer: small, type: .f16)) { error in
            XCTAssertTrue("\(error)".contains("2 tokens but the model's embedding has 128 rows"), "\(error)")
        }
        XCTAssertNil(GGUFExportType(name: "q5_k"))
        XCTAssertEqual(GGUFExportType(name: "Q8_0"), .q8_0)
    }

    /// The demo SmolLM2 (Q4_1 GGUF, dequantized): exported as F16 and Q8_0, re-read, greedy decoding compared.
    /// F16 keeps every token of both prompts. Q8_0 re-quantizes the weights (error up to half a Q8_0 step):
    /// the short answer stays identical, the story's second token is a near tie ("day" vs "sunny") and flips,
    /// so only its first token is required to agree — the measured agreement is printed.
    func testSmolLM2ExportGreedyAgreement() throws {
        guard let path = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("SmolLM2 demo asset missing")
        }
        let model = try ModelLoader.load(path.path, task: .causalLM).model
        let tokenizer = try TokenizerLoader.load(path.path)
        func chat(_ question: String) throws -> [Int32] {
            try tokenizer.encode("<|im_start|>user\n\(question)<|im_end|>\n<|im_start|>assistant\n").ids.map { Int32($0) }
        }
        let prompts = [try chat("What is the capital of France?"), try chat("Write a short story about a cat who learns to fly.")]
        let options = GenerationOptions(maxNewTokens: 24)
        let references = try prompts.map { try model.generate($0, options: options, onToken: nil) }
        XCTAssertEqual(references.map(\.count), [8, 24], "a short answer ending in <|im_end|> and a long one")
        for (type, required) in [(GGUFExportType.f16, [8, 24]), (.q8_0, [8, 1])] {
            let url = Self.output("smollm2-\(type.rawValue).gguf")
            defer { try? FileManager.default.removeItem(at: url) }
            let summary = try model.saveGGUF(to: url, tokenizer: tokenizer, type: type)
            print("SmolLM2 export: \(summary.description)")
            let reread = try ModelLoader.load(url.path, task: .causalLM).model
            for (index, prompt) in prompts.enumerated() {
                let tokens = try reread.generate(prompt, options: options, onToken: nil)
                let same = zip(tokens, references[index]).prefix { $0 == $1 }.count
                print("SmolLM2 \(type.rawValue), prompt \(index): greedy agrees on the first \(same) of \(references[index].count) tokens")
                XCTAssertGreaterThanOrEqual(same, required[index],
                                            "\(type.rawValue): \(tokenizer.decode(tokens.map { Int($0) })) vs \(tokenizer.decode(references[index].map { Int($0) }))")
            }
            let back = try TokenizerLoader.load(url.path)
            XCTAssertEqual(back.chatTemplate, tokenizer.chatTemplate)
            XCTAssertEqual(try back.encode("Hello 2024 world <|im_end|>").ids, try tokenizer.encode("Hello 2024 world <|im_end|>").ids)
        }
    }

    // MARK: LoRA adapter GGUF

    func testAdapterGGUFHoldsPEFTsUpdate() throws {
        let model = try tinyLlama()
        var config = try LoraConfig(r: 4, loraAlpha: 8, loraDropout: 0, targetModules: .names(["q_proj", "k_proj", "v_proj", "down_proj"]),
                                    taskType: .causalLM, useRslora: true)
        config.rankPattern = [(key: "v_proj", value: 2)]
        let peft = try getPeftModel(model, config)
        try DeployFolderTests.perturbAdapters(peft)
        let url = Self.output("adapter.gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try peft.saveGGUFAdapter(to: url), 8)
        let file = try GGUFFile(url: url)
        XCTAssertEqual(try file.string("general.type"), "adapter")
        XCTAssertEqual(try file.string("adapter.type"), "lora")
        XCTAssertEqual(try file.float("adapter.lora.alpha"), 8)
        XCTAssertEqual(file.tensors.count, 16)
        for layer in peft.loraLayers {
            let weights = try XCTUnwrap(layer.adapter.weights("default"))
            let name = try XCTUnwrap(GGUFTensorNames.ggufName(for: layer.moduleName + ".weight"))
            let a = try file.floats(name + ".lora_a"), bInfo = try file.info(name + ".lora_b")
            XCTAssertEqual(a, weights.a.toArray())
            XCTAssertEqual(bInfo.dims, [weights.rank, weights.b.shape[0]])
            var b = try file.floats(name + ".lora_b")
            if name.contains("attn_q") || name.contains("attn_k") {
                b = try LlamaQKPermutation.undo(b, rows: weights.b.shape[0], columns: weights.rank, heads: name.contains("attn_q") ? 4 : 2)
            }
            // llama.cpp: delta = (alpha / r) · B·A, r from the tensor; PEFT: scaling · B·A (rsLoRA: alpha / √r).
            let llamaScale = Float(8) / Float(bInfo.dims[0])
            let expected = weights.b.toArray().map { $0 * Float(weights.scaling) }
            assertClose(b.map { $0 * llamaScale }, expected, atol: 1e-7, rtol: 1e-6, "\(name) B scaled")
        }
    }

    func testAdapterGGUFRefusesModulesToSave() throws {
        let model = try tinyLlama()
        let config = try LoraConfig(r: 4, loraAlpha: 8, targetModules: .names(["q_proj"]), taskType: .causalLM, modulesToSave: ["lm_head"])
        let peft = try getPeftModel(model, config)
        XCTAssertThrowsError(try peft.saveGGUFAdapter(to: Self.output("refused.gguf"))) { error in
            XCTAssertTrue("\(error)".contains("modules_to_save"), "\(error)")
        }
    }
}
