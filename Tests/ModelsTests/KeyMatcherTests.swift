import XCTest
@testable import Models

final class KeyMatcherTests: XCTestCase {
    let bertRules = KeyMatchingRules(basePrefix: "bert",
                                     mayInitialize: { !$0.hasPrefix("bert.") || $0.hasPrefix("bert.pooler.") },
                                     otherHeadPrefixes: ["cls."], ignoredSuffixes: ["position_ids"])
    let model: [(name: String, shape: [Int])] = [
        ("bert.embeddings.LayerNorm.weight", [4]), ("bert.embeddings.LayerNorm.bias", [4]),
        ("bert.encoder.layer.0.attention.self.query.weight", [4, 4]),
        ("classifier.weight", [3, 4]), ("classifier.bias", [3]),
    ]

    func testBaseCheckpointIntoTaskModel() throws {
        let checkpoint: [(name: String, shape: [Int])] = [
            ("embeddings.LayerNorm.gamma", [4]), ("embeddings.LayerNorm.beta", [4]),
            ("encoder.layer.0.attention.self.query.weight", [4, 4]), ("embeddings.position_ids", [1, 512]),
            ("cls.predictions.bias", [100]),
        ]
        let match = try KeyMatcher.match(model: model, checkpoint: checkpoint, rules: bertRules,
                                         modelClass: "BertForSequenceClassification", checkpointName: "mini")
        XCTAssertEqual(match.sources["bert.embeddings.LayerNorm.weight"], "embeddings.LayerNorm.gamma")
        XCTAssertEqual(match.sources["bert.encoder.layer.0.attention.self.query.weight"], "encoder.layer.0.attention.self.query.weight")
        XCTAssertEqual(match.report.newlyInitializedKeys, ["classifier.bias", "classifier.weight"])
        XCTAssertEqual(match.report.ignoredKeys, ["embeddings.position_ids"])
        XCTAssertEqual(match.report.unusedKeys, ["cls.predictions.bias"])
        XCTAssertEqual(match.report.renamedKeys.count, 2)
        XCTAssertTrue(match.report.warnings.contains(
            "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at mini and are newly initialized: ['classifier.bias', 'classifier.weight']\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference."))
    }

    func testMissingUnexpectedAndMisshapedAreErrorsNamingKeys() {
        let checkpoint: [(name: String, shape: [Int])] = [
            ("bert.embeddings.LayerNorm.weight", [5]),
            ("bert.encoder.layer.0.attention.self.query.weight", [4, 4]),
            ("bert.encoder.layer.9.surprise", [1]),
        ]
        XCTAssertThrowsError(try KeyMatcher.match(model: model, checkpoint: checkpoint, rules: bertRules,
                                                  modelClass: "BertForSequenceClassification", checkpointName: "ck")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("missing from the checkpoint: bert.embeddings.LayerNorm.bias"), text)
            XCTAssertTrue(text.contains("in the checkpoint but not in the model: bert.encoder.layer.9.surprise"), text)
            XCTAssertTrue(text.contains("bert.embeddings.LayerNorm.weight is [5] in the checkpoint, [4] in the model"), text)
        }
    }

    func testHeadWithOtherLabelCountNeedsIgnoreMismatchedSizes() throws {
        let checkpoint: [(name: String, shape: [Int])] = [
            ("bert.embeddings.LayerNorm.weight", [4]), ("bert.embeddings.LayerNorm.bias", [4]),
            ("bert.encoder.layer.0.attention.self.query.weight", [4, 4]),
            ("classifier.weight", [2, 4]), ("classifier.bias", [2]),
        ]
        XCTAssertThrowsError(try KeyMatcher.match(model: model, checkpoint: checkpoint, rules: bertRules,
                                                  modelClass: "M", checkpointName: "ck")) { error in
            XCTAssertTrue("\(error)".contains("ignore_mismatched_sizes=True"), "\(error)")
        }
        let match = try KeyMatcher.match(model: model, checkpoint: checkpoint, rules: bertRules, modelClass: "M",
                                         checkpointName: "ck", ignoreMismatchedSizes: true)
        XCTAssertEqual(match.report.mismatchedKeys.map(\.key), ["classifier.weight", "classifier.bias"])
        XCTAssertTrue(match.report.warnings[0].contains("- classifier.weight: found shape torch.Size([2, 4]) in the checkpoint and torch.Size([3, 4]) in the model instantiated"))
    }

    func testTaskCheckpointIntoBaseModel() throws {
        let base: [(name: String, shape: [Int])] = [("embeddings.LayerNorm.weight", [4])]
        let checkpoint: [(name: String, shape: [Int])] = [("bert.embeddings.LayerNorm.weight", [4]), ("classifier.weight", [3, 4])]
        let match = try KeyMatcher.match(model: base, checkpoint: checkpoint, rules: bertRules, modelClass: "BertModel", checkpointName: "ck")
        XCTAssertEqual(match.sources["embeddings.LayerNorm.weight"], "bert.embeddings.LayerNorm.weight")
        XCTAssertEqual(match.report.unusedKeys, ["classifier.weight"])
    }

    func testGGUFNamesAndQKPermutation() throws {
        XCTAssertEqual(GGUFTensorNames.huggingFaceName(for: "blk.12.attn_q.weight"), "model.layers.12.self_attn.q_proj.weight")
        XCTAssertEqual(GGUFTensorNames.huggingFaceName(for: "blk.0.ffn_norm.weight"), "model.layers.0.post_attention_layernorm.weight")
        XCTAssertEqual(GGUFTensorNames.huggingFaceName(for: "output.weight"), "lm_head.weight")
        XCTAssertNil(GGUFTensorNames.huggingFaceName(for: "rope_freqs.weight"))
        for name in ["token_embd.weight", "output_norm.weight", "blk.3.attn_output.weight", "blk.1.ffn_gate.weight"] {
            let hf = try XCTUnwrap(GGUFTensorNames.huggingFaceName(for: name))
            XCTAssertEqual(GGUFTensorNames.ggufName(for: hf), name)
        }
        // llama.cpp's permute: rows reshaped [heads, 2, half] with the last two axes swapped.
        let heads = 2, headDim = 6, columns = 3, rows = heads * headDim
        let hf = (0..<(rows * columns)).map(Float.init)
        var permuted = [Float](repeating: 0, count: hf.count)
        for head in 0..<heads { for pair in 0..<2 { for index in 0..<(headDim / 2) {
            let source = head * headDim + pair * (headDim / 2) + index
            let target = head * headDim + index * 2 + pair
            for column in 0..<columns { permuted[target * columns + column] = hf[source * columns + column] }
        } } }
        XCTAssertEqual(try GGUFTensorNames.unpermuteQK(permuted, rows: rows, columns: columns, heads: heads), hf)
        XCTAssertThrowsError(try GGUFTensorNames.unpermuteQK(permuted, rows: rows, columns: columns, heads: 5))
    }
}
