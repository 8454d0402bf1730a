import Foundation

/// HF's `TemplateProcessing` post-processor: where special tokens go around one or two segments,
/// and which token type id each part gets. BERT: `[CLS] $A [SEP]` / `[CLS] $A [SEP] $B:1 [SEP]:1`.
public struct TemplateProcessor: Equatable, Sendable {
    public enum Piece: Equatable, Sendable {
        case special(token: String, id: Int, typeId: Int)
        case sequenceA(typeId: Int)
        case sequenceB(typeId: Int)
    }

    public var single: [Piece]
    public var pair: [Piece]

    public init(single: [Piece], pair: [Piece]) {
        self.single = single
        self.pair = pair
    }

    /// No special tokens: `$A` and `$A $B:1`.
    public static let identity = TemplateProcessor(single: [.sequenceA(typeId: 0)],
                                                   pair: [.sequenceA(typeId: 0), .sequenceB(typeId: 1)])

    /// BERT's template.
    public static func bert(cls: String, clsId: Int, sep: String, sepId: Int) -> TemplateProcessor {
        TemplateProcessor(
            single: [.special(token: cls, id: clsId, typeId: 0), .sequenceA(typeId: 0), .special(token: sep, id: sepId, typeId: 0)],
            pair: [.special(token: cls, id: clsId, typeId: 0), .sequenceA(typeId: 0), .special(token: sep, id: sepId, typeId: 0),
                   .sequenceB(typeId: 1), .special(token: sep, id: sepId, typeId: 1)])
    }

    /// How many special tokens the template adds.
    public func addedCount(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { n, piece in
            if case .special = piece { return n + 1 }
            return n
        }
    }

    /// Assembles ids, type ids and the special-token mask.
    public func apply(a: [Int], b: [Int]?) -> (ids: [Int], typeIds: [Int], special: [Int]) {
        let assembled = assemble(a: a, b: b)
        return (assembled.ids, assembled.typeIds, assembled.special)
    }

    /// The assembled sequence; `offsets` and `sequenceIds` are filled when the segments' offsets are given.
    struct Assembled {
        var ids: [Int] = [], typeIds: [Int] = [], special: [Int] = []
        var offsets: [TokenSpan] = [], sequenceIds: [Int?] = []
    }

    /// Assembles the segments with the template. Special tokens get the span `(0, 0)` and no sequence id,
    /// the tokens of A sequence id 0 and those of B 1 (HF's `sequence_ids()`), whatever their type id.
    func assemble(a: [Int], b: [Int]?, aOffsets: [TokenSpan]? = nil, bOffsets: [TokenSpan]? = nil) -> Assembled {
        var out = Assembled()
        let withOffsets = aOffsets != nil
        let capacity = a.count + (b?.count ?? 0) + 4
        out.ids.reserveCapacity(capacity)
        for piece in (b == nil ? single : pair) {
            switch piece {
            case let .special(_, id, typeId):
                out.ids.append(id); out.typeIds.append(typeId); out.special.append(1)
                if withOffsets { out.offsets.append(.empty); out.sequenceIds.append(nil) }
            case let .sequenceA(typeId), let .sequenceB(typeId):
                let isA: Bool
                if case .sequenceA = piece { isA = true } else { isA = false }
                let seq = isA ? a : (b ?? [])
                out.ids += seq
                out.typeIds += Array(repeating: typeId, count: seq.count)
                out.special += Array(repeating: 0, count: seq.count)
                if withOffsets {
                    out.offsets += (isA ? aOffsets : bOffsets) ?? Array(repeating: .empty, count: seq.count)
                    out.sequenceIds += Array(repeating: isA ? 0 : 1, count: seq.count)
                }
            }
        }
        return out
    }

    // MARK: tokenizer.json

    /// Reads a `post_processor` section (`TemplateProcessing`, `BertProcessing`, `RobertaProcessing`,
    /// `ByteLevel` (no tokens) or `Sequence` of those). Unknown token names are looked up with `idOf`.
    static func fromJSON(_ json: [String: Any]?, idOf: (String) -> Int?) throws -> TemplateProcessor {
        guard let json, let type = json["type"] as? String else { return .identity }
        switch type {
        case "TemplateProcessing":
            let specials = json["special_tokens"] as? [String: Any] ?? [:]
            func parse(_ list: Any?) throws -> [Piece] {
                guard let items = list as? [[String: Any]] else { return [] }
                return try items.map { item in
                    if let seq = item["Sequence"] as? [String: Any] {
                        let typeId = JSON.int(seq["type_id"]) ?? 0
                        return (seq["id"] as? String) == "B" ? .sequenceB(typeId: typeId) : .sequenceA(typeId: typeId)
                    }
                    if let sp = item["SpecialToken"] as? [String: Any], let name = sp["id"] as? String {
                        let typeId = JSON.int(sp["type_id"]) ?? 0
                        let declared = (specials[name] as? [String: Any]).flatMap { ($0["ids"] as? [Any])?.first }.flatMap { JSON.int($0) }
                        guard let id = declared ?? idOf(name) else {
                            throw TokenizerError("the post-processor template uses \(name), which is not in the vocabulary",
                                                 help: "add \(name) to `added_tokens` or to the model vocabulary")
                        }
                        return .special(token: name, id: id, typeId: typeId)
                    }
                    throw TokenizerError("unknown entry in the post-processor template: \(item)")
                }
            }
            return TemplateProcessor(single: try parse(json["single"]), pair: try parse(json["pair"]))
        case "BertProcessing", "RobertaProcessing":
            guard let sep = json["sep"] as? [Any], let sepName = sep.first as? String, let sepId = JSON.int(sep.last),
                  let cls = json["cls"] as? [Any], let clsName = cls.first as? String, let clsId = JSON.int(cls.last) else {
                throw TokenizerError("\(type) needs `sep` and `cls` as [token, id]")
            }
            if type == "BertProcessing" { return .bert(cls: clsName, clsId: clsId, sep: sepName, sepId: sepId) }
            return TemplateProcessor(
                single: [.special(token: clsName, id: clsId, typeId: 0), .sequenceA(typeId: 0), .special(token: sepName, id: sepId, typeId: 0)],
                pair: [.special(token: clsName, id: clsId, typeId: 0), .sequenceA(typeId: 0), .special(token: sepName, id: sepId, typeId: 0),
                       .special(token: sepName, id: sepId, typeId: 0), .sequenceB(typeId: 0), .special(token: sepName, id: sepId, typeId: 0)])
        case "Sequence":
            let processors = json["processors"] as? [[String: Any]] ?? []
            for p in processors where (p["type"] as? String) != "ByteLevel" {
                return try fromJSON(p, idOf: idOf)
            }
            return .identity
        case "ByteLevel":
            return .identity
        default:
            throw TokenizerError("post-processor type \(type) is not supported",
                                 help: "supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence")
        }
    }

    /// The `post_processor` section HF writes for this template.
    var json: [String: Any] {
        func encode(_ pieces: [Piece]) -> [[String: Any]] {
            pieces.map { piece in
                switch piece {
                case let .special(token, _, typeId): return ["SpecialToken": ["id": token, "type_id": typeId]]
                case let .sequenceA(typeId): return ["Sequence": ["id": "A", "type_id": typeId]]
                case let .sequenceB(typeId): return ["Sequence": ["id": "B", "type_id": typeId]]
                }
            }
        }
        var specials: [String: Any] = [:]
        for piece in single + pair {
            if case let .special(token, id, _) = piece { specials[token] = ["id": token, "ids": [id], "tokens": [token]] }
        }
        return ["type": "TemplateProcessing", "single": encode(single), "pair": encode(pair), "special_tokens": specials]
    }
}
