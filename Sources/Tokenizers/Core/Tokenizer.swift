import Foundation

/// The common API of every tokenizer (WordPiece for BERT, byte-level BPE for GPT-2/LLaMA-3/SmolLM).
/// Mirrors a Hugging Face fast tokenizer: `encode`, `encodeBatch` (the `tokenizer(texts, padding=,
/// truncation=, max_length=)` call), `decode`, vocabulary look-ups and `save(to:)` (`save_pretrained`).
public protocol Tokenizer: AnyObject {
    /// The ids of one text without special tokens (added tokens such as `<|im_start|>` are matched).
    func tokenizeToIds(_ text: String) -> [Int]
    /// The same ids with each token's `[start, end)` span in `text`, in code points, equal to HF's
    /// `offset_mapping` (added tokens span their text; normalization and byte-level splits are undone).
    func tokenizeWithOffsets(_ text: String) -> TokenizedText
    /// Where `[CLS]`/`[SEP]`/BOS go when `addSpecialTokens` is true.
    var postProcessor: TemplateProcessor { get }
    /// The special tokens by role.
    var specialTokens: SpecialTokens { get }
    /// Number of ids (model vocabulary plus added tokens).
    var vocabSize: Int { get }
    /// The longest input the model accepts (`model_max_length`); the default `maxLength`.
    var modelMaxLength: Int { get }
    /// Padding side and truncation side defaults (`padding_side`, `truncation_side`).
    var paddingSide: Side { get }
    var truncationSide: Side { get }
    /// The chat template (Jinja source) shipped with the tokenizer, if any.
    var chatTemplate: String? { get }
    func tokenToId(_ token: String) -> Int?
    func idToToken(_ id: Int) -> String?
    /// Text for ids. Unknown ids are skipped; `skipSpecialTokens` drops special added tokens.
    func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String
    /// Writes files Hugging Face can load back (`save_pretrained`), atomically.
    func save(to directory: URL) throws
}

extension Tokenizer {
    public var padTokenId: Int? { specialTokens.pad.flatMap(tokenToId) }
    public var unkTokenId: Int? { specialTokens.unk.flatMap(tokenToId) }
    public var clsTokenId: Int? { specialTokens.cls.flatMap(tokenToId) }
    public var sepTokenId: Int? { specialTokens.sep.flatMap(tokenToId) }
    public var maskTokenId: Int? { specialTokens.mask.flatMap(tokenToId) }
    public var bosTokenId: Int? { specialTokens.bos.flatMap(tokenToId) }
    public var eosTokenId: Int? { specialTokens.eos.flatMap(tokenToId) }

    /// The token strings of a text, without special tokens (HF's `tokenizer.tokenize`).
    public func tokenize(_ text: String) -> [String] {
        tokenizeToIds(text).map { idToToken($0) ?? "" }
    }

    public func decode(_ ids: [Int]) -> String { decode(ids, skipSpecialTokens: false) }

    /// Encodes one text or text pair. `truncation` limits the total length (special tokens included).
    public func encode(_ text: String, pair: String? = nil, addSpecialTokens: Bool = true,
                       truncation: TruncationOptions? = nil) throws -> Encoding {
        var a = tokenizeToIds(text)
        var b = pair.map { tokenizeToIds($0) }
        let template = addSpecialTokens ? postProcessor : .identity
        if let truncation {
            try TruncationPadding.truncate(&a, &b, options: truncation, addedCount: template.addedCount(pair: b != nil))
        }
        let (ids, typeIds, special) = template.apply(a: a, b: b)
        return Encoding(ids: ids, tokenTypeIds: typeIds, attentionMask: Array(repeating: 1, count: ids.count),
                        tokens: ids.map { idToToken($0) ?? "" }, specialTokensMask: special)
    }

    /// Encodes a batch like `tokenizer(texts, text_pair=pairs, padding=, truncation=, max_length=)`.
    /// `maxLength` defaults to `modelMaxLength` when truncating or padding to `.maxLength`. `offsets`
    /// fills each row's offsets and sequence ids (`return_offsets_mapping=True`); `overflowing` keeps every
    /// window of a text that does not fit, overlapping by `stride` tokens (`return_overflowing_tokens=True`),
    /// and records where each row came from (`overflow_to_sample_mapping`).
    public func encodeBatch(_ texts: [String], pairs: [String]? = nil, addSpecialTokens: Bool = true,
                            padding: PaddingStrategy = .doNotPad, truncation: TruncationStrategy = .doNotTruncate,
                            maxLength: Int? = nil, padToMultipleOf: Int? = nil, stride: Int = 0,
                            offsets: Bool = false, overflowing: Bool = false) throws -> BatchEncoding {
        if let pairs, pairs.count != texts.count {
            throw TokenizerError("got \(texts.count) texts but \(pairs.count) text pairs",
                                 help: "pass one second text per first text")
        }
        if let maxLength, maxLength < 0 {
            throw TokenizerError("max_length must not be negative (got \(maxLength))")
        }
        let length = maxLength ?? modelMaxLength
        let truncationOptions = truncation == .doNotTruncate ? nil
            : TruncationOptions(strategy: truncation, maxLength: length, side: truncationSide)
        var encodings: [Encoding] = []
        var sampleMapping: [Int] = []
        encodings.reserveCapacity(texts.count)
        for (i, text) in texts.enumerated() {
            if offsets || overflowing {
                let windows = try encodeWindows(text, pair: pairs?[i], addSpecialTokens: addSpecialTokens,
                                                truncation: truncationOptions, stride: stride)
                let kept = overflowing ? windows : Array(windows.prefix(1))
                encodings += kept
                sampleMapping += Array(repeating: i, count: kept.count)
            } else {
                encodings.append(try encode(text, pair: pairs?[i], addSpecialTokens: addSpecialTokens, truncation: truncationOptions))
            }
        }
        try pad(&encodings, padding: padding, length: length, padToMultipleOf: padToMultipleOf)
        return BatchEncoding(encodings: encodings, overflowToSampleMapping: overflowing ? sampleMapping : [])
    }

    /// Pads the rows of a batch (`padding=True`/`"max_length"`) with the padding token.
    func pad(_ encodings: inout [Encoding], padding: PaddingStrategy, length: Int, padToMultipleOf: Int?) throws {
        guard padding != .doNotPad else { return }
        if padding == .maxLength, length > 1_000_000 {
            throw TokenizerError("padding to max_length \(length) would make every row \(length) tokens long",
                                 help: "pass a smaller max_length (the model's context, e.g. 512), or use padding='longest'")
        }
        guard let padId = padTokenId, let padToken = specialTokens.pad else {
            throw TokenizerError("this tokenizer has no padding token, so a batch cannot be padded",
                                 help: "set one first, e.g. tokenizer.pad_token = tokenizer.eos_token")
        }
        TruncationPadding.pad(&encodings, options: PaddingOptions(strategy: padding, maxLength: length, padToMultipleOf: padToMultipleOf,
                                                                  side: paddingSide, padId: padId, padTypeId: 0, padToken: padToken))
    }
}

/// Loads the tokenizer of a Hugging Face model folder: `tokenizer.json` when present (WordPiece or
/// BPE), else `vocab.txt` (+ `tokenizer_config.json`, `special_tokens_map.json`) as BERT WordPiece.
public func loadTokenizer(from directory: URL) throws -> Tokenizer {
    let fm = FileManager.default
    let json = directory.appendingPathComponent("tokenizer.json")
    if fm.fileExists(atPath: json.path) {
        let root = try JSON.readObject(json)
        let type = (root["model"] as? [String: Any])?["type"] as? String
        switch type {
        case "WordPiece": return try WordPieceTokenizer(directory: directory)
        case "BPE": return try BPETokenizer(directory: directory)
        default:
            throw TokenizerError("\(json.path) uses a \(type ?? "missing") model, which lorarepl does not support",
                                 help: "supported tokenizer models: WordPiece (BERT) and byte-level BPE (GPT-2, LLaMA-3, SmolLM)")
        }
    }
    if fm.fileExists(atPath: directory.appendingPathComponent("vocab.txt").path) {
        return try WordPieceTokenizer(directory: directory)
    }
    throw TokenizerError("no tokenizer.json or vocab.txt in \(directory.path)",
                         help: "point at a Hugging Face model folder that contains the tokenizer files")
}
