import Foundation

/// One encoded text (or text pair): what a model consumes, plus the token strings for display.
public struct Encoding: Equatable, Sendable {
    /// Token ids, special tokens included when requested.
    public var ids: [Int]
    /// 0 for the first segment (and its special tokens), 1 for the second, as in BERT.
    public var tokenTypeIds: [Int]
    /// 1 for real tokens, 0 for padding.
    public var attentionMask: [Int]
    /// The vocabulary string of every id (`[CLS]`, `hello`, `##ing`, `Ġworld`, ...).
    public var tokens: [String]
    /// 1 where the token was added by the template or padding, 0 for tokens of the text.
    public var specialTokensMask: [Int]
    /// HF's `word_ids()`: for text given as words (`is_split_into_words=True`), the index of the word
    /// each token came from, nil for special tokens and padding. Empty when the text was not given as words.
    public var wordIds: [Int?]
    /// HF's `offset_mapping`: each token's `[start, end)` in its text, in code points (Python string
    /// indices); `(0, 0)` for special tokens and padding. Empty unless offsets were asked for.
    public var offsets: [TokenSpan]
    /// HF's `sequence_ids()`: 0 for tokens of the first text, 1 for the second, nil for special tokens and
    /// padding. Empty unless offsets were asked for.
    public var sequenceIds: [Int?]

    public init(ids: [Int], tokenTypeIds: [Int], attentionMask: [Int], tokens: [String], specialTokensMask: [Int],
                wordIds: [Int?] = [], offsets: [TokenSpan] = [], sequenceIds: [Int?] = []) {
        self.ids = ids
        self.tokenTypeIds = tokenTypeIds
        self.attentionMask = attentionMask
        self.tokens = tokens
        self.specialTokensMask = specialTokensMask
        self.wordIds = wordIds
        self.offsets = offsets
        self.sequenceIds = sequenceIds
    }

    /// Number of tokens (padding included).
    public var count: Int { ids.count }
}

/// A batch of encodings as rectangular 2-D arrays when padded (`[batch][seq]`).
public struct BatchEncoding: Equatable, Sendable {
    /// One encoding per input text, in order (with `return_overflowing_tokens`, one per window).
    public var encodings: [Encoding]
    /// HF's `overflow_to_sample_mapping`: the input text each row came from (empty unless overflowing
    /// windows were asked for).
    public var overflowToSampleMapping: [Int]

    public init(encodings: [Encoding], overflowToSampleMapping: [Int] = []) {
        self.encodings = encodings
        self.overflowToSampleMapping = overflowToSampleMapping
    }

    /// `[batch][seq]` token ids.
    public var inputIds: [[Int]] { encodings.map(\.ids) }
    /// `[batch][seq]` segment ids.
    public var tokenTypeIds: [[Int]] { encodings.map(\.tokenTypeIds) }
    /// `[batch][seq]` 1 = token, 0 = padding.
    public var attentionMask: [[Int]] { encodings.map(\.attentionMask) }
    /// `[batch][seq]` token strings.
    public var tokens: [[String]] { encodings.map(\.tokens) }
    /// Number of rows.
    public var count: Int { encodings.count }
    /// True when every row has the same length (the batch can become one tensor).
    public var isRectangular: Bool { Set(encodings.map(\.count)).count <= 1 }
}

/// A token's `[start, end)` span in its text, in Unicode code points (HF's offsets as Python sees them).
public struct TokenSpan: Equatable, Hashable, Sendable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
    /// The span of special tokens and padding.
    public static let empty = TokenSpan(0, 0)
}

/// One text's tokens (no special tokens) with their spans and words, as a fast tokenizer sees them.
public struct TokenizedText: Equatable, Sendable {
    public var ids: [Int] = []
    /// Each token's `[start, end)` in the text, in code points.
    public var offsets: [TokenSpan] = []
    /// Each token's word: the pre-tokenizer's pieces (and each added token) numbered from 0, as HF's
    /// `word_ids()` / `token_to_word` count them.
    public var words: [Int] = []
    public init() {}
}

/// Which side truncation or padding acts on.
public enum Side: String, Sendable {
    case left, right
}

/// How to pad a batch (HF's `padding=`).
public enum PaddingStrategy: Equatable, Sendable {
    /// No padding (`padding=False`).
    case doNotPad
    /// Pad every row to the longest row of the batch (`padding=True` / `"longest"`).
    case longest
    /// Pad every row to a fixed length (`padding="max_length"`; the length comes from `maxLength`
    /// or the tokenizer's `modelMaxLength`).
    case maxLength
}

/// How to truncate (HF's `truncation=`).
public enum TruncationStrategy: String, Sendable {
    /// Remove tokens from the longer segment first (`truncation=True`).
    case longestFirst = "longest_first"
    /// Only ever truncate the first segment.
    case onlyFirst = "only_first"
    /// Only ever truncate the second segment.
    case onlySecond = "only_second"
    /// No truncation.
    case doNotTruncate = "do_not_truncate"

    /// Parses HF's names (`"longest_first"`, `"LongestFirst"`, ...).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "") {
        case "longestfirst", "true": self = .longestFirst
        case "onlyfirst": self = .onlyFirst
        case "onlysecond": self = .onlySecond
        case "donottruncate", "false": self = .doNotTruncate
        default: return nil
        }
    }
}

/// Padding parameters (HF `tokenizer.json` `padding` section).
public struct PaddingOptions: Equatable, Sendable {
    public var strategy: PaddingStrategy
    /// The fixed length for `.maxLength`.
    public var maxLength: Int?
    /// Round the padded length up to a multiple of this.
    public var padToMultipleOf: Int?
    public var side: Side
    public var padId: Int
    public var padTypeId: Int
    public var padToken: String

    public init(strategy: PaddingStrategy = .longest, maxLength: Int? = nil, padToMultipleOf: Int? = nil,
                side: Side = .right, padId: Int = 0, padTypeId: Int = 0, padToken: String = "[PAD]") {
        self.strategy = strategy
        self.maxLength = maxLength
        self.padToMultipleOf = padToMultipleOf
        self.side = side
        self.padId = padId
        self.padTypeId = padTypeId
        self.padToken = padToken
    }
}

/// Truncation parameters (HF `tokenizer.json` `truncation` section). `maxLength` counts special tokens.
public struct TruncationOptions: Equatable, Sendable {
    public var strategy: TruncationStrategy
    public var maxLength: Int
    public var side: Side

    public init(strategy: TruncationStrategy = .longestFirst, maxLength: Int, side: Side = .right) {
        self.strategy = strategy
        self.maxLength = maxLength
        self.side = side
    }
}
