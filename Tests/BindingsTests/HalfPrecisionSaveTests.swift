import Foundation
import TestSupport
import XCTest

/// `model.half()` / `from_pretrained(dtype=torch.bfloat16)` then `save_pretrained`: the folder equals what
/// transformers 5.25 writes for the same model (F16/BF16 tensors byte for byte, `"dtype"` in config.json),
/// loads back in that dtype with equal logits, and `model.float()` saves F32 again.
/// Fixture: scripts/record-half-precision.py (the randomly initialised classifier head is not compared).
final class HalfPrecisionSaveTests: XCTestCase {
    /// name → (dtype, bytes) of a safetensors file.
    private func tensors(_ url: URL) throws -> [String: (String, Data)] {
        let data = try Data(contentsOf: url)
        let length = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any] ?? [:]
        var out: [String: (String, Data)] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else { continue }
            out[name] = (dtype, data.subdata(in: (8 + length + offsets[0])..<(8 + length + offsets[1])))
        }
        return out
    }

    private func configDType(_ folder: URL) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json"))) as? [String: Any]
        return object?["dtype"] as? String
    }

    func testHalfPrecisionFoldersEqualTransformers() throws {
        let tiny = try fixture("tiny-bert/tiny-bert-base")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-half-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: out) }
        let source = """
        import torch
        from transformers import AutoModelForSequenceClassification
        ids = torch.tensor([[2, 17, 45, 9, 88, 3]])
        m = AutoModelForSequenceClassification.from_pretrained("\(tiny)")
        print(m.dtype)
        m.half()
        print(m.dtype)
        m.save_pretrained("\(out.path)/float16")
        again = AutoModelForSequenceClassification.from_pretrained("\(out.path)/float16")
        print(again.dtype, (m(ids).logits - again(ids).logits).abs().max().item())
        again.save_pretrained("\(out.path)/float16-again")
        b = AutoModelForSequenceClassification.from_pretrained("\(tiny)", dtype=torch.bfloat16)
        print(b.dtype)
        b.save_pretrained("\(out.path)/bfloat16")
        f = AutoModelForSequenceClassification.from_pretrained("\(tiny)", torch_dtype="float32")
        f.to(torch.float16)
        f.float()
        print(f.dtype)
        f.save_pretrained("\(out.path)/float32")
        """
        let (output, error) = ScriptSession().run(source)
        if let error { return XCTFail("script raised:\n\(error)\noutput:\n\(output)") }
        XCTAssertEqual(output.components(separatedBy: "\n").filter { $0.hasPrefix("torch.") },
                       ["torch.float32", "torch.float16", "torch.float16 0.0", "torch.bfloat16", "torch.float32"], output)
        let reference = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/half-precision")
        for (folder, dtype, expected) in [("float16", "F16", "float16"), ("float16-again", "F16", "float16"), ("bfloat16", "BF16", "bfloat16")] {
            let ours = try tensors(out.appendingPathComponent(folder).appendingPathComponent("model.safetensors"))
            let theirs = try tensors(reference.appendingPathComponent(folder == "float16-again" ? "float16" : folder)
                .appendingPathComponent("model.safetensors"))
            XCTAssertEqual(try configDType(out.appendingPathComponent(folder)), expected)
            XCTAssertEqual(try configDType(reference.appendingPathComponent(expected)), expected)
            var compared = 0
            for (name, (theirType, theirBytes)) in theirs where name.hasPrefix("bert.") {
                guard let (ourType, ourBytes) = ours[name] else { XCTFail("\(folder): \(name) missing"); continue }
                XCTAssertEqual(ourType, theirType, "\(folder) \(name)")
                XCTAssertEqual(ourType, dtype, "\(folder) \(name)")
                XCTAssertEqual(ourBytes, theirBytes, "\(folder) \(name): values differ from transformers'")
                compared += 1
            }
            XCTAssertGreaterThan(compared, 20, folder)
        }
        let float32 = try tensors(out.appendingPathComponent("float32/model.safetensors"))
        XCTAssertTrue(float32.values.allSatisfy { $0.0 == "F32" })
        XCTAssertEqual(try configDType(out.appendingPathComponent("float32")), "float32")
    }

    /// The adapter's dtypes follow PEFT 0.21.2 (recorded with peft + transformers 5.25 on MiniLM): get_peft_model on a
    /// float16/bfloat16 model keeps the LoRA matrices in float32 (`autocast_adapter_dtype=True`) and the saved head in the
    /// model's dtype; `autocast_adapter_dtype=False` keeps all in the model's dtype; converting the PeftModel
    /// afterwards converts all of it; a float32 model saves float32.
    func testAdapterDTypesFollowPeft() throws {
        let tiny = try fixture("tiny-bert/tiny-bert-base")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-adapter-dtype-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: out) }
        let source = """
        import torch
        from transformers import AutoModelForSequenceClassification
        from peft import LoraConfig, get_peft_model
        def config():
            return LoraConfig(task_type="SEQ_CLS", r=4, target_modules=["query", "value"])
        def base(**kwargs):
            return AutoModelForSequenceClassification.from_pretrained("\(tiny)", num_labels=3, **kwargs)
        get_peft_model(base(dtype=torch.float16), config()).save_pretrained("\(out.path)/load-f16")
        get_peft_model(base(dtype=torch.bfloat16), config(), autocast_adapter_dtype=False).save_pretrained("\(out.path)/noautocast-bf16")
        get_peft_model(base(), config()).to(torch.bfloat16).save_pretrained("\(out.path)/after-bf16")
        get_peft_model(base().half(), config()).save_pretrained("\(out.path)/convert-f16")
        p = get_peft_model(base(), config())
        p.half()
        p.float()
        p.save_pretrained("\(out.path)/back-f32")
        get_peft_model(base(), config()).save_pretrained("\(out.path)/f32")
        """
        let (output, error) = ScriptSession().run(source)
        if let error { return XCTFail("script raised:\n\(error)\noutput:\n\(output)") }
        // (folder, dtype of lora_A/lora_B, dtype of the classifier head) as PEFT saves them.
        let expected = [("load-f16", "F32", "F16"), ("noautocast-bf16", "BF16", "BF16"), ("after-bf16", "BF16", "BF16"),
                        ("convert-f16", "F32", "F16"), ("back-f32", "F32", "F32"), ("f32", "F32", "F32")]
        for (folder, lora, head) in expected {
            let saved = try tensors(out.appendingPathComponent(folder).appendingPathComponent("adapter_model.safetensors"))
            XCTAssertEqual(saved.count, 2 * 2 * 2 + 2, "\(folder): tensors \(saved.keys.sorted())")
            for (name, (dtype, _)) in saved {
                XCTAssertEqual(dtype, name.contains(".lora_") ? lora : head, "\(folder) \(name)")
            }
        }
    }
}
