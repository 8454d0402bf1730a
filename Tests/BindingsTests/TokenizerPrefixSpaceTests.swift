import Foundation
import TestSupport
import XCTest

/// `AutoTokenizer.from_pretrained(folder, add_prefix_space=None/True/False)` on byte-level BPE folders must give
/// transformers 5.25's ids, offsets and word_ids: the classes that build their own pre-tokenizer (`GPT2Tokenizer`)
/// put a space before the text and before every word of `is_split_into_words=True` input when asked (or when
/// their tokenizer_config.json says so); `PreTrainedTokenizerFast` folders and GGUF files keep tokenizer.json's
/// pre-tokenizer and ignore the argument, with a warning saying so. The folders are SmolLM2's vocabulary, saved
/// by lorarepl from the demo GGUF, with the pre-tokenizer, post-processor and class the fixture names.
/// Fixture: scripts/record-prefix-space.py.
final class TokenizerPrefixSpaceTests: XCTestCase {
    private static let gguf = "models/HuggingFaceTB/SmolLM2-135M-Instruct"

    private func loadFixture() throws -> (path: String, cases: [[String: Any]]) {
        let url = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/token-classification/prefix-space.json")
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
              let cases = object["cases"] as? [[String: Any]] else { throw XCTSkip("prefix-space.json is not readable") }
        return (url.path, cases)
    }

    func testIdsOffsetsAndWordIdsEqualTransformersPerTokenizerClass() throws {
        let smol = try demoAsset(Self.gguf)
        let (fixturePath, expected) = try loadFixture()
        let work = try temporaryFolder()
        let session = ScriptSession()
        let output = session.ok("""
        import json, os
        from transformers import AutoTokenizer
        with open("\(fixturePath)") as f:
            fixture = json.load(f)
        base = AutoTokenizer.from_pretrained("\(smol)", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
        base.save_pretrained("\(work)")
        with open("\(work)/tokenizer.json") as f:
            tokenizer_json = json.load(f)
        with open("\(work)/tokenizer_config.json") as f:
            tokenizer_config = json.load(f)
        results = []
        for name, variant in fixture["variants"].items():
            folder = os.path.join("\(work)", name)
            os.makedirs(folder)
            files = dict(tokenizer_json)
            files["pre_tokenizer"] = variant["pre_tokenizer"]
            files["post_processor"] = fixture["post_processor"]
            with open(os.path.join(folder, "tokenizer.json"), "w") as f:
                json.dump(files, f)
            config = dict(tokenizer_config)
            config["tokenizer_class"] = variant["tokenizer_class"]
            config.update(variant["config"])
            with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
                json.dump(config, f)
            for option in [None, True, False]:
                kwargs = {} if option is None else {"add_prefix_space": option}
                print("loading", name, option)
                tok = AutoTokenizer.from_pretrained(folder, **kwargs)
                enc = tok(fixture["words"], is_split_into_words=True, return_offsets_mapping=True)
                words = [{"input_ids": enc["input_ids"][i], "offset_mapping": [list(o) for o in enc["offset_mapping"][i]],
                          "word_ids": enc.word_ids(i)} for i in range(len(fixture["words"]))]
                results.append({"variant": name, "add_prefix_space": option, "texts": tok(fixture["texts"])["input_ids"], "words": words})
        print(json.dumps(results))
        """)
        let lines = output.split(separator: "\n").map(String.init)
        guard let last = lines.last, let actual = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [[String: Any]] else {
            return XCTFail("no JSON results in:\n\(output)")
        }
        XCTAssertEqual(actual.count, expected.count)
        for (want, got) in zip(expected, actual) {
            let at = "\(want["variant"] ?? "?") add_prefix_space=\(want["add_prefix_space"] ?? "None")"
            XCTAssertEqual(got["variant"] as? String, want["variant"] as? String, at)
            XCTAssertEqual(got["texts"] as? [[Int]], want["texts"] as? [[Int]], "\(at): ids of plain texts")
            let gotWords = got["words"] as? [[String: Any]] ?? [], wantWords = want["words"] as? [[String: Any]] ?? []
            XCTAssertEqual(gotWords.count, wantWords.count, at)
            for (g, w) in zip(gotWords, wantWords) {
                XCTAssertEqual(g["input_ids"] as? [Int], w["input_ids"] as? [Int], "\(at): word ids")
                XCTAssertEqual(g["offset_mapping"] as? [[Int]], w["offset_mapping"] as? [[Int]], "\(at): offsets")
                XCTAssertEqual((g["word_ids"] as? [Any])?.map { $0 as? Int }, (w["word_ids"] as? [Any])?.map { $0 as? Int }, "\(at): word_ids")
            }
        }
        // A class that ignores the argument says so once per load where it would have changed something.
        let warnings = lines.filter { $0.contains("add_prefix_space=") && $0.contains("has no effect") }
        XCTAssertEqual(warnings.count, 2, "backend with True and backend_prefix with False:\n\(output)")
        XCTAssertTrue(warnings.allSatisfy { $0.contains("PreTrainedTokenizerFast") }, output)
        XCTAssertTrue(warnings.first?.contains("[' ' + w for w in words]") ?? false, output)
    }

    func testGGUFTokenizerIgnoresItWithAWarningAndBadValuesAreTypeErrors() throws {
        let smol = try demoAsset(Self.gguf)
        let session = ScriptSession()
        let output = session.ok("""
        from transformers import AutoTokenizer
        tok = AutoTokenizer.from_pretrained("\(smol)", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", add_prefix_space=True, padding_side="left", model_max_length=64)
        print(tok("Hello world")["input_ids"], tok(["Hello", "world"], is_split_into_words=True)["input_ids"])
        print(tok.padding_side, tok.model_max_length)
        """)
        XCTAssertTrue(output.contains("[19556, 905] [19556, 6693]"), output)
        XCTAssertTrue(output.contains("left 64"), output)
        XCTAssertTrue(output.contains("GGUF file SmolLM2-135M-Instruct.Q4_1.gguf"), output)
        let (_, error) = session.run("AutoTokenizer.from_pretrained(\"\(smol)\", add_prefix_space=\"yes\")")
        XCTAssertTrue(error?.contains("add_prefix_space") ?? false, error ?? "no error")
        let (_, lengthError) = session.run("AutoTokenizer.from_pretrained(\"\(smol)\", model_max_length=0)")
        XCTAssertTrue(lengthError?.contains("model_max_length must be a positive") ?? false, lengthError ?? "no error")
    }
}
