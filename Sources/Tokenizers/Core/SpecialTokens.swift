import Foundation

/// The special tokens a tokenizer knows, by role. Any may be absent.
public struct SpecialTokens: Equatable, Sendable {
    public var pad: String?
    public var unk: String?
    public var cls: String?
    public var sep: String?
    public var mask: String?
    public var bos: String?
    public var eos: String?

    public init(pad: String? = nil, unk: String? = nil, cls: String? = nil, sep: String? = nil,
                mask: String? = nil, bos: String? = nil, eos: String? = nil) {
        self.pad = pad; self.unk = unk; self.cls = cls; self.sep = sep
        self.mask = mask; self.bos = bos; self.eos = eos
    }

    /// `(role name as in special_tokens_map.json, token)` for the roles that are set, in HF's order.
    var named: [(String, String)] {
        let all: [(String, String?)] = [("bos_token", bos), ("eos_token", eos), ("unk_token", unk), ("sep_token", sep),
                                        ("pad_token", pad), ("cls_token", cls), ("mask_token", mask)]
        return all.compactMap { name, token in token.map { (name, $0) } }
    }

    /// Reads a `special_tokens_map.json`/`tokenizer_config.json` style dictionary
    /// (values are strings or `{"content": ...}` objects).
    mutating func merge(from json: [String: Any]) {
        func read(_ key: String) -> String? {
            if let s = json[key] as? String { return s }
            if let d = json[key] as? [String: Any], let s = d["content"] as? String { return s }
            return nil
        }
        pad = read("pad_token") ?? pad
        unk = read("unk_token") ?? unk
        cls = read("cls_token") ?? cls
        sep = read("sep_token") ?? sep
        mask = read("mask_token") ?? mask
        bos = read("bos_token") ?? bos
        eos = read("eos_token") ?? eos
    }
}

/// A token added on top of the model vocabulary (HF `added_tokens`): matched in the raw text before
/// pre-tokenization so it is never split.
public struct AddedToken: Equatable, Sendable {
    public var id: Int
    public var content: String
    /// Special tokens are skipped by `decode(skipSpecialTokens: true)`.
    public var special: Bool
    public var lstrip: Bool
    public var rstrip: Bool
    public var singleWord: Bool
    public var normalized: Bool

    public init(id: Int, content: String, special: Bool, lstrip: Bool = false, rstrip: Bool = false,
                singleWord: Bool = false, normalized: Bool = false) {
        self.id = id; self.content = content; self.special = special
        self.lstrip = lstrip; self.rstrip = rstrip; self.singleWord = singleWord; self.normalized = normalized
    }

    init(json: [String: Any]) throws {
        guard let id = JSON.int(json["id"]), id >= 0, id < 10_000_000, let content = json["content"] as? String else {
            throw TokenizerError("an entry of `added_tokens` has no valid `id` or no `content`",
                                 help: "each added token needs {\"id\": N, \"content\": \"...\"} with 0 <= N < 10,000,000")
        }
        self.init(id: id, content: content, special: json["special"] as? Bool ?? false,
                  lstrip: json["lstrip"] as? Bool ?? false, rstrip: json["rstrip"] as? Bool ?? false,
                  singleWord: json["single_word"] as? Bool ?? false, normalized: json["normalized"] as? Bool ?? false)
    }

    var json: [String: Any] {
        ["id": id, "content": content, "single_word": singleWord, "lstrip": lstrip, "rstrip": rstrip,
         "normalized": normalized, "special": special]
    }
}
