import Foundation
import TestSupport
import XCTest

/// Issue 15's table: every adversarial input (script one-liners and corrupt files) run through the CLI in a
/// child process ends with a named Python exception and a non-zero status, or gives Python's result;
/// none ends by a signal (a Swift trap) or a time-out.
final class AdversarialInputTests: XCTestCase {
    func testEveryAdversarialInputEndsWithAPythonErrorOrPythonsResult() throws {
        guard let tinyBert = Fixtures.path("tiny-bert/tiny-bert-base"), let tinyLlama = Fixtures.path("tiny-llama/tiny-llama-base") else {
            throw XCTSkip("tiny fixtures missing")
        }
        let hasMiniLM = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") != nil
        let folder = try CorruptFiles.write(tinyBert: tinyBert)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertGreaterThanOrEqual(AdversarialInputs.cases.count, 60)
        var skipped = 0
        for item in AdversarialInputs.cases {
            if item.needsMiniLM && !hasMiniLM { skipped += 1; continue }
            func fill(_ text: String) -> String {
                text.replacingOccurrences(of: "{TB}", with: tinyBert.path).replacingOccurrences(of: "{TL}", with: tinyLlama.path)
                    .replacingOccurrences(of: "{T}", with: folder.path)
            }
            let arguments = item.arguments.map { $0.map(fill) } ?? ["-c", fill(item.script)]
            let result = try runChild(arguments, timeout: 120)
            let context = "\(item.name): \(result.ending)\nstdout: \(result.stdout.prefix(600))\nstderr: \(result.stderr.prefix(1200))"
            XCTAssertFalse(result.timedOut, context)
            XCTAssertFalse(result.bySignal, context)
            switch item.expected {
            case .raises(let name):
                XCTAssertNotEqual(result.status, 0, context)
                XCTAssertTrue(result.stderr.contains(name), "expected \(name) — " + context)
            case .prints(let text):
                XCTAssertEqual(result.status, 0, context)
                XCTAssertEqual(result.stdout, text, context)
            }
            if let warning = item.warns {
                XCTAssertTrue(result.stderr.contains(warning), "expected the warning \(warning) — " + context)
                XCTAssertEqual(result.stderr.components(separatedBy: warning).count - 1, 1, "one warning — " + context)
            } else {
                XCTAssertFalse(result.stderr.contains("generation stopped"), "no position warning — " + context)
            }
        }
        if skipped > 0 { FileHandle.standardError.write(Data("SKIPPED: \(skipped) adversarial cases need the MiniLM demo asset\n".utf8)) }
    }
}

/// The corrupt files the table reads, in a fresh temporary folder.
enum CorruptFiles {
    static func write(tinyBert: URL) throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("lorarepl-adversarial-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        func put(_ path: String, _ data: Data) throws {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        func text(_ path: String, _ s: String) throws { try put(path, Data(s.utf8)) }
        let config = try Data(contentsOf: tinyBert.appendingPathComponent("config.json"))
        let weights = try Data(contentsOf: tinyBert.appendingPathComponent("model.safetensors"))

        // safetensors: empty, a header length beyond the file, random bytes, offsets past the end, a huge shape.
        for name in ["st-empty", "st-huge-header", "st-garbage", "st-offsets", "st-shape"] { try put("\(name)/config.json", config) }
        try put("st-empty/model.safetensors", Data())
        try put("st-huge-header/model.safetensors", littleEndian(UInt64.max / 2) + Data("{}".utf8))
        try put("st-garbage/model.safetensors", pseudoRandom(4096, seed: 7))
        try put("st-offsets/model.safetensors", safetensors(#"{"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[100,32],"data_offsets":[0,12800]}}"#, payload: 16))
        try put("st-shape/model.safetensors", safetensors(#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#, payload: 16))
        // config.json: impossible sizes, not JSON.
        let huge = String(decoding: config, as: UTF8.self).replacingOccurrences(of: "\"hidden_size\": 32", with: "\"hidden_size\": 1e300")
        try text("cfg-huge/config.json", huge)
        try put("cfg-huge/model.safetensors", weights)
        try put("cfg-garbage/config.json", pseudoRandom(300, seed: 3))
        try put("cfg-garbage/model.safetensors", weights)
        // GGUF: wrong magic, cut after the version, absurd tensor and key counts.
        try put("bad-magic.gguf", Data("GGUX".utf8) + littleEndian32(3) + pseudoRandom(64, seed: 1))
        try put("truncated.gguf", Data("GGUF".utf8) + littleEndian32(3) + Data([1, 2]))
        try put("huge-count.gguf", Data("GGUF".utf8) + littleEndian32(3) + littleEndian(UInt64.max) + littleEndian(UInt64.max))
        // Tokenizers.
        try put("tok-garbage/tokenizer.json", pseudoRandom(2000, seed: 11))
        try text("tok-types/tokenizer.json", #"{"model": {"type": "WordPiece", "vocab": [1, 2, 3]}, "added_tokens": 7}"#)
        try put("vocab-binary/vocab.txt", Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n".utf8) + pseudoRandom(500, seed: 5))
        try text("vocab-empty/vocab.txt", "")
        // Chat templates (tokenizer_config.json) that would loop 10**12 times, or double a string 64 times.
        for (name, template) in [("loop", "{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}"),
                                 ("double", "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}")] {
            try text("tok-template-\(name)/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhi\n")
            let config = try JSONSerialization.data(withJSONObject: ["chat_template": template])
            try put("tok-template-\(name)/tokenizer_config.json", config)
        }
        // Adapters.
        try put("ad-garbage/adapter_config.json", pseudoRandom(100, seed: 9))
        let adapter = #"{"peft_type": "LORA", "task_type": "SEQ_CLS", "r": RANK, "lora_alpha": 16, "target_modules": ["query"]}"#
        try text("ad-rank/adapter_config.json", adapter.replacingOccurrences(of: "RANK", with: "1e300"))
        try text("ad-rank-big/adapter_config.json", adapter.replacingOccurrences(of: "RANK", with: "1000000000"))
        try text("ad-trunc/adapter_config.json", adapter.replacingOccurrences(of: "RANK", with: "4"))
        try put("ad-trunc/adapter_model.safetensors", safetensors(#"{"base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight":{"dtype":"F32","shape":[4,32],"data_offsets":[0,512]}}"#, payload: 100))
        // Datasets.
        try put("garbage.csv", pseudoRandom(3000, seed: 13))
        try text("quote.csv", "text,label\n\"never closed,1\nnext,2\n")
        try text("ragged.csv", "text,label\na,1\nb,2,extra,fields\n")
        try put("garbage.jsonl", pseudoRandom(500, seed: 17))
        // Notebooks and scripts.
        try text("truncated.lnb", "<!-- lnb v1 seed=1 -->\n```lora id=a\nprint(1)\n")
        try put("garbage.lnb", pseudoRandom(800, seed: 19))
        try put("binary.lora", pseudoRandom(400, seed: 23))
        return root
    }

    static func littleEndian(_ value: UInt64) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    static func littleEndian32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }

    static func safetensors(_ header: String, payload: Int) -> Data {
        let json = Data(header.utf8)
        return littleEndian(UInt64(json.count)) + json + Data(repeating: 0, count: payload)
    }

    /// Deterministic bytes (xorshift), so failures reproduce.
    static func pseudoRandom(_ count: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            bytes[i] = UInt8(truncatingIfNeeded: state >> 24)
        }
        return Data(bytes)
    }
}
