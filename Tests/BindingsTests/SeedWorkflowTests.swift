import XCTest
import TestSupport

/// The seed's code blocks, run as written against the tiny fixtures (model names and paths aside).
final class SeedWorkflowTests: XCTestCase {
    /// The seed's "Basic LoRA Implementation" block prints PEFT's exact line for tiny-distilbert.
    func testSeedLoRASnippetPrintsPEFTsLine() throws {
        let path = try fixture("tiny-distilbert/tiny-distilbert-base")
        let session = ScriptSession()
        session.ok("""
        from transformers import DistilBertForSequenceClassification
        base_model = DistilBertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        """)
        let output = session.ok("""
        from peft import LoraConfig, get_peft_model

        peft_config = LoraConfig(
            task_type="SEQ_CLS",
            r=8,
            lora_alpha=16,
            lora_dropout=0.1,
            target_modules=["q_lin", "v_lin"]
        )

        model = get_peft_model(base_model, peft_config)
        model.print_trainable_parameters()
        """)
        XCTAssertEqual(output, "trainable params: 3,203 || all params: 26,758 || trainable%: 11.9703\n")
        let counts = session.ok("model.get_nb_trainable_parameters()")
        XCTAssertEqual(counts, "(3203, 26758)\n")
        let repr = session.ok("peft_config")
        XCTAssertTrue(repr.hasPrefix("LoraConfig(task_type='SEQ_CLS', r=8, lora_alpha=16, lora_dropout=0.1, target_modules="), repr)
    }

    /// The seed's BERT example (from_pretrained with num_labels=3, TrainingArguments, Trainer, train) on
    /// tiny-bert, with a compute_metrics that unpacks the EvalPrediction; then save and reload the adapter.
    func testSeedBertTrainerExampleRunsAsWritten() throws {
        let path = try fixture("tiny-bert/tiny-bert-base")
        let out = try temporaryFolder()
        let session = ScriptSession()
        session.ok("""
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments, EarlyStoppingCallback
        from peft import LoraConfig, get_peft_model, PeftModel
        from datasets import Dataset
        from sklearn.metrics import accuracy_score, f1_score
        import numpy as np

        model = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        rows = {"input_ids": [[1, 5 + i % 7, 17, 42 - i % 5, 3] for i in range(24)], "label": [i % 3 for i in range(24)]}
        data = Dataset.from_dict(rows).train_test_split(test_size=0.25, seed=0)
        train_data, val_data = data["train"], data["test"]
        model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))

        def compute_metrics(eval_pred):
            logits, labels = eval_pred
            predictions = np.argmax(logits, axis=-1)
            return {"accuracy": accuracy_score(labels, predictions), "f1": f1_score(labels, predictions, average="macro")}
        """)
        let trained = session.ok("""
        train_args = TrainingArguments(output_dir="\(out)/results", per_device_train_batch_size=8, num_train_epochs=3,
                                       eval_strategy="epoch", save_strategy="epoch", load_best_model_at_end=True,
                                       learning_rate=1e-2, logging_steps=3, report_to=[], disable_tqdm=True)
        trainer = Trainer(
            model=model,
            args=train_args,
            train_dataset=train_data,
            eval_dataset=val_data,
            compute_metrics=compute_metrics,
            callbacks=[EarlyStoppingCallback(early_stopping_patience=2)],
        )
        result = trainer.train()
        print(result.global_step, len(trainer.state.log_history) > 0)
        metrics = trainer.evaluate()
        print(sorted(metrics.keys())[:3])
        print(0.0 <= metrics["eval_accuracy"] <= 1.0, 0.0 <= metrics["eval_f1"] <= 1.0)
        """)
        XCTAssertTrue(trained.contains("9 True\n"), trained)
        XCTAssertTrue(trained.contains("['epoch', 'eval_accuracy', 'eval_f1']\n"), trained)
        XCTAssertTrue(trained.contains("True True\n"), trained)

        let reloaded = session.ok("""
        model.save_pretrained("\(out)/adapter")
        preds, labels, _ = trainer.predict(val_data)
        print(preds.shape, labels.shape)
        base = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        again = PeftModel.from_pretrained(base, "\(out)/adapter")
        enc = {"input_ids": [[1, 5, 17, 42, 3]], "attention_mask": [[1, 1, 1, 1, 1]]}
        model.eval()
        a = model(**enc).logits
        b = again(**enc).logits
        print((a - b).abs().max() < 1e-5)
        """)
        XCTAssertTrue(reloaded.contains("(6, 3) (6,)\n"), reloaded)
        XCTAssertTrue(reloaded.hasSuffix("True\n"), reloaded)
    }

    /// Base, LoRA and merged logits of PEFT's tiny-bert adapter, through the language:
    /// PeftModel.from_pretrained, a model call, disable_adapter() as a context manager, merge_and_unload().
    func testAdapterLogitsThroughTheLanguage() throws {
        let base = try fixture("tiny-bert/tiny-bert-base")
        let adapter = try fixture("tiny-bert/tiny-bert-lora")
        let session = ScriptSession()
        let output = session.ok("""
        import json
        from transformers import BertForSequenceClassification
        from peft import PeftModel
        expected = json.load(open("\(base)/../expected_logits.json"))
        model = PeftModel.from_pretrained(BertForSequenceClassification.from_pretrained("\(base)"), "\(adapter)")
        enc = {"input_ids": expected["input_ids"], "attention_mask": expected["attention_mask"]}
        def worst(actual, reference):
            return max(abs(a - r) for row_a, row_r in zip(actual.tolist(), reference) for a, r in zip(row_a, row_r))
        print("lora", worst(model(**enc).logits, expected["lora_logits"]) < 1e-4)
        with model.disable_adapter():
            print("base", worst(model(**enc).logits, expected["base_logits"]) < 1e-4)
        merged = model.merge_and_unload()
        print("merged", worst(merged(**enc).logits, expected["merged_logits"]) < 1e-4)
        """)
        XCTAssertEqual(output, "lora True\nbase True\nmerged True\n")
    }
}
