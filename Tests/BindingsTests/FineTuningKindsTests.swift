import XCTest
import TestSupport

/// The seed's three kinds of fine-tuning written as Python users write them (full, partial through
/// `p.requires_grad`, LoRA) and adapter swapping on one base, run on tiny-bert through the language.
final class FineTuningKindsTests: XCTestCase {
    /// What a script printed, without the Trainer's final `{'train_runtime': …}` log lines (timings vary).
    private func printed(_ session: ScriptSession, _ code: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        session.ok(code, file: file, line: line).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("{'") }.joined(separator: "\n")
    }

    /// A session with tiny-bert, a small labelled dataset, and `snapshot()` / `changed()` helpers that
    /// tell which parameters a training run moved.
    private func session() throws -> (ScriptSession, String) {
        let path = try fixture("tiny-bert/tiny-bert-base")
        let out = try temporaryFolder()
        let session = ScriptSession()
        session.ok("""
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments
        from datasets import Dataset
        model_path = "\(path)"
        out = "\(out)"
        rows = {"input_ids": [[1, 5 + i % 7, 17, 42 - i % 5, 3] for i in range(24)], "label": [i % 3 for i in range(24)]}
        data = Dataset.from_dict(rows)
        def snapshot(model):
            return {name: p.detach().clone() for name, p in model.named_parameters()}
        def changed(model, before):
            return sorted(name for name, p in model.named_parameters() if (p - before[name]).abs().max() > 0)
        def train(model):
            args = TrainingArguments(output_dir=out + "/run", per_device_train_batch_size=8, num_train_epochs=1,
                                     learning_rate=1e-2, save_strategy="no", report_to=[], disable_tqdm=True, logging_strategy="no")
            Trainer(model=model, args=args, train_dataset=data).train()
        """)
        return (session, out)
    }

    /// `for name, p in model.named_parameters(): p.requires_grad = …` freezes for real: the counts agree
    /// with a manual sum, and training moves exactly the parameters left trainable.
    func testPartialFineTuningThroughRequiresGrad() throws {
        let (session, _) = try session()
        let output = printed(session, """
        model = BertForSequenceClassification.from_pretrained(model_path, num_labels=3)
        for name, p in model.named_parameters():
            p.requires_grad = name.startswith("bert.encoder.layer.1.") or name.startswith("bert.pooler.") or name.startswith("classifier.")
        model.print_trainable_parameters()
        trainable = [name for name, p in model.named_parameters() if p.requires_grad]
        print(sum(p.numel() for p in model.parameters() if p.requires_grad) == model.num_parameters(only_trainable=True))
        before = snapshot(model)
        train(model)
        moved = changed(model, before)
        print(moved == sorted(trainable), len(moved) > 0)
        """)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, output)
        XCTAssertTrue(lines[0].hasPrefix("trainable params: "), output)
        XCTAssertFalse(lines[0].hasPrefix("trainable params: 0 "), output)
        XCTAssertEqual(Array(lines[1...]), ["True", "True True"])
    }

    /// `requires_grad_(False)` on the model then `requires_grad_(True)` on one parameter, PyTorch style.
    func testRequiresGradUnderscoreOnModelAndParameter() throws {
        let (session, _) = try session()
        let output = printed(session, """
        model = BertForSequenceClassification.from_pretrained(model_path, num_labels=3)
        model.requires_grad_(False)
        model.print_trainable_parameters()
        for name, p in model.named_parameters():
            if name.startswith("classifier."):
                p.requires_grad_(True)
        print(model.num_parameters(only_trainable=True) == sum(p.numel() for n, p in model.named_parameters() if n.startswith("classifier.")))
        before = snapshot(model)
        train(model)
        print(changed(model, before))
        """)
        XCTAssertTrue(output.hasPrefix("trainable params: 0 || all params: "), output)
        XCTAssertTrue(output.hasSuffix("True\n['classifier.bias', 'classifier.weight']\n"), output)
    }

    /// Full fine-tuning of a plain model through the Trainer moves every weight that gets a gradient,
    /// and `save_pretrained` writes the whole model, which reloads to the same logits.
    func testFullFineTuningSavesTheWholeModel() throws {
        let (session, _) = try session()
        let output = printed(session, """
        import os
        model = BertForSequenceClassification.from_pretrained(model_path, num_labels=3)
        trainable, total = model.num_parameters(only_trainable=True), model.num_parameters()
        print(trainable == total)
        before = snapshot(model)
        train(model)
        moved = changed(model, before)
        print(len(moved) >= len(before) - 3, "classifier.weight" in moved, "bert.encoder.layer.0.attention.self.query.weight" in moved)
        model.save_pretrained(out + "/full")
        print(sorted(os.listdir(out + "/full")))
        again = BertForSequenceClassification.from_pretrained(out + "/full")
        enc = {"input_ids": [[1, 5, 17, 42, 3]], "attention_mask": [[1, 1, 1, 1, 1]]}
        model.eval()
        again.eval()
        print((model(**enc).logits - again(**enc).logits).abs().max() < 1e-6)
        """)
        XCTAssertEqual(output, "True\nTrue True True\n['config.json', 'model.safetensors']\nTrue\n")
    }

    /// Two adapters on one base: from_pretrained(adapter_name=…), load_adapter, set_adapter switches the
    /// predictions (heads included), disable_adapter() gives the base model, delete_adapter of the active
    /// one warns and activates the other (PEFT 0.21's behaviour and message).
    func testSwappingTwoAdaptersOnOneBase() throws {
        let (session, _) = try session()
        let output = printed(session, """
        from peft import LoraConfig, get_peft_model, PeftModel
        enc = {"input_ids": [[1, 5, 17, 42, 3], [1, 7, 17, 40, 3]], "attention_mask": [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]}
        saved = {}
        for name, seed in [("first", 1), ("second", 2)]:
            peft = get_peft_model(BertForSequenceClassification.from_pretrained(model_path, num_labels=3),
                                  LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
            train(peft)
            peft.eval()
            saved[name] = peft(**enc).logits
            peft.save_pretrained(out + "/" + name)
        base = BertForSequenceClassification.from_pretrained(model_path, num_labels=3)
        base.eval()
        base_logits = base(**enc).logits
        model = PeftModel.from_pretrained(base, out + "/first", adapter_name="first")
        model.load_adapter(out + "/second", adapter_name="second")
        model.eval()
        def same(a, b):
            return bool((a - b).abs().max() < 1e-5)
        print(list(model.peft_config), model.active_adapter, same(model(**enc).logits, saved["first"]))
        model.set_adapter("second")
        print(model.active_adapter, same(model(**enc).logits, saved["second"]), same(model(**enc).logits, saved["first"]))
        with model.disable_adapter():
            print("disabled", same(model(**enc).logits, base_logits))
        print(model.active_adapter, same(model(**enc).logits, saved["second"]))
        model.delete_adapter("second")
        print(list(model.peft_config), model.active_adapter, same(model(**enc).logits, saved["first"]))
        """)
        XCTAssertEqual(output, """
        ['first', 'second'] first True
        second True False
        disabled True
        second True
        warning: Adapter second was active which is now deleted. Setting active adapter to first.
        ['first'] first True

        """.replacingOccurrences(of: "[stderr] ", with: ""), output)
    }
}
