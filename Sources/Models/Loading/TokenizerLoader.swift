import Foundation
import PythonBasics
import Tokenizers
import WeightIO

/// Loads the tokenizer that goes with a model (`AutoTokenizer.from_pretrained`): `tokenizer.json`
/// (WordPiece or byte-level BPE, by its `model.type`) or `vocab.txt` from a Hugging Face folder, or
/// the `tokenizer.ggml.*` metadata of a GGUF file (tokens, merges, token types, BOS/EOS/padding ids,
/// pre-tokenizer, chat template).
public enum TokenizerLoader {
    /// Resolves `nameOrPath` like `ModelLoader` and loads its tokenizer.
    public static func load(_ nameOrPath: String, ggufFile: String? = nil, resolver: ModelResolver = ModelResolver()) throws -> Tokenizer {
        try load(source: resolver.resolve(nameOrPath, ggufFile: ggufFile))
    }

    /// Loads the tokenizer of a resolved model.
    public static func load(source: ModelSource) throws -> Tokenizer {
        switch source {
        case .huggingFaceFolder(let folder): return try loadFolder(folder)
        case .gguf(let file):
            let gguf: GGUFFile
            do { gguf = try GGUFFile(url: file) } catch { throw ModelError("cannot read \(file.path): \(error)", cause: error) }
            return try loadGGUF(gguf)
        }
    }

    static func loadFolder(_ folder: URL) throws -> Tokenizer {
        let manager = FileManager.default
        let tokenizerJSON = folder.appendingPathComponent("tokenizer.json")
        do {
            if manager.fileExists(atPath: tokenizerJSON.path) {
                switch try modelType(ofTokenizerJSON: tokenizerJSON) {
                case "WordPiece": return try WordPieceTokenizer(directory: folder)
                case "BPE": return try BPETokenizer(directory: folder)
                case let other:
                    throw ModelError("\(tokenizerJSON.path) holds a \(other) tokenizer, which lorarepl does not support yet",
                                     help: "supported: WordPiece (BERT family) and byte-level BPE (GPT-2, LLaMA-3, SmolLM)")
                }
            }
            if manager.fileExists(atPath: folder.appendingPathComponent("vocab.txt").path) {
                return try WordPieceTokenizer(directory: folder)
            }
        } catch let error as ModelError { throw error } catch {
            throw ModelError("cannot load the tokenizer in \(folder.path): \(error)", cause: error)
        }
        throw ModelError("no tokenizer in \(folder.path)",
                         notes: ["looked for tokenizer.json and vocab.txt"],
                         help: "copy the tokenizer files of the base model into this folder (tokenizer.save_pretrained does that)")
    }

    static func modelType(ofTokenizerJSON url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path), let root = try? JSONParser.parse(data) else {
            throw ModelError("\(url.path) is not valid JSON", help: "re-download tokenizer.json")
        }
        guard let model = root["model"], model.objectValue != nil else { throw ModelError("\(url.path) has no \"model\" section") }
        return model["type"]?.stringValue ?? "BPE"
    }

    static func loadGGUF(_ gguf: GGUFFile) throws -> Tokenizer {
        let name = gguf.url.lastPathComponent
        let kind = gguf.value("tokenizer.ggml.model").flatMap { if case .string(let s) = $0 { return s } else { return nil } }
        guard kind == "gpt2" else {
            throw ModelError("\(name) has a \"\(kind ?? "missing")\" tokenizer; lorarepl reads GGUF byte-level BPE (tokenizer.ggml.model = gpt2)",
                             help: "SentencePiece-style GGUF vocabularies (llama, LLaMA-2, Mistral) are not supported yet")
        }
        do {
            let tokens = try gguf.stringArray("tokenizer.ggml.tokens")
            let merges = gguf.contains(key: "tokenizer.ggml.merges") ? try gguf.stringArray("tokenizer.ggml.merges") : []
            let types = gguf.contains(key: "tokenizer.ggml.token_type") ? try gguf.intArray("tokenizer.ggml.token_type").map { Int32(truncatingIfNeeded: $0) } : []
            func optionalInt(_ key: String) -> Int? { gguf.value(key)?.intValue }
            func optionalBool(_ key: String) -> Bool? { if case .bool(let flag)? = gguf.value(key) { return flag }; return nil }
            func optionalString(_ key: String) -> String? { if case .string(let text)? = gguf.value(key) { return text }; return nil }
            return try BPETokenizer(ggufTokens: tokens, merges: merges, tokenTypes: types,
                                    bosId: optionalInt("tokenizer.ggml.bos_token_id"), eosId: optionalInt("tokenizer.ggml.eos_token_id"),
                                    padId: optionalInt("tokenizer.ggml.padding_token_id"), unkId: optionalInt("tokenizer.ggml.unknown_token_id"),
                                    preTokenizer: optionalString("tokenizer.ggml.pre") ?? "default",
                                    addBos: optionalBool("tokenizer.ggml.add_bos_token") ?? false,
                                    addEos: optionalBool("tokenizer.ggml.add_eos_token") ?? false,
                                    chatTemplate: optionalString("tokenizer.chat_template"),
                                    modelMaxLength: optionalInt("llama.context_length") ?? 8192)
        } catch let error as ModelError { throw error } catch {
            throw ModelError("cannot build the tokenizer of \(name): \(error)", cause: error)
        }
    }
}
