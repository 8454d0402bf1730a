import Foundation
import Tokenizers

/// `AutoTokenizer.from_pretrained(..., add_prefix_space=True/False)` as transformers 5 does it. The option
/// belongs to the tokenizer *class* named in `tokenizer_config.json`: `GPT2Tokenizer`, `RobertaTokenizer` and
/// a few others build their own pre-tokenizer, `ByteLevel(add_prefix_space=…)` with the GPT-2 regex, from
/// the call's argument (else the config's `add_prefix_space`, else False) — a space then goes before the
/// text, and before every word of `is_split_into_words=True` input, so a word is tokenized as it would be
/// inside a sentence. Every other class (`PreTrainedTokenizerFast`, what a GGUF file gives, BERT's
/// WordPiece) keeps `tokenizer.json` as it is and ignores the argument.
public enum TokenizerPrefixSpace {
    /// transformers 5 classes whose `__init__` sets `pre_tokenizers.ByteLevel(add_prefix_space=…)` alone.
    static let byteLevelClasses: Set<String> = [
        "GPT2Tokenizer", "RobertaTokenizer", "BlenderbotTokenizer", "CodeGenTokenizer", "DebertaTokenizer",
        "GPTNeoXTokenizer", "LukeTokenizer", "WhisperTokenizer",
    ]

    /// Applies the class's rule to `tokenizer`, loaded from `source`. Returns a warning for the user when
    /// `requested` was given but has no effect (the tokenizer stays as transformers would load it).
    public static func apply(to tokenizer: any Tokenizer, source: ModelSource, requested: Bool?) -> String? {
        guard let bpe = tokenizer as? BPETokenizer else { return nil }  // WordPiece splits on spaces anyway
        var config: [String: Any] = [:]
        var origin: String
        switch source {
        case .gguf(let file):
            origin = "it was read from the GGUF file \(file.lastPathComponent), and transformers' GGUF tokenizer keeps "
                + "ByteLevel(add_prefix_space=False) whatever the argument"
        case .huggingFaceFolder(let folder):
            config = readConfig(folder)
            let className = config["tokenizer_class"] as? String ?? "PreTrainedTokenizerFast"
            if byteLevelClasses.contains(baseClassName(className)) {
                bpe.useByteLevelPreTokenizer(addPrefixSpace: requested ?? (config["add_prefix_space"] as? Bool) ?? false)
                return nil
            }
            origin = "its tokenizer_config.json names the class \(className), which transformers 5 builds from tokenizer.json "
                + "as it is (only \(byteLevelClasses.sorted().joined(separator: ", ")) rebuild the pre-tokenizer from add_prefix_space)"
        }
        guard let requested, requested != bpe.addPrefixSpace else { return nil }
        return "add_prefix_space=\(requested ? "True" : "False") has no effect on this tokenizer: \(origin). "
            + "The ids stay equal to transformers'. "
            + (requested ? "To tokenize each word of is_split_into_words=True input as it is inside a sentence, "
                + "put the space in yourself: tokenizer([' ' + w for w in words], is_split_into_words=True)."
                : "This tokenizer.json already adds a space before the text.")
    }

    /// A loaded folder's `tokenizer_config.json` (empty when there is none or it cannot be read: the
    /// tokenizer itself already loaded from the folder, so a bad config only loses the class's rule).
    static func readConfig(_ folder: URL) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("tokenizer_config.json").path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    /// transformers 5 makes every `XTokenizerFast` name an alias of `XTokenizer`.
    static func baseClassName(_ name: String) -> String {
        name.hasSuffix("TokenizerFast") ? String(name.dropLast(4)) : name
    }
}
