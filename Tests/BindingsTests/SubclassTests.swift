import Foundation
import XCTest
import TestSupport

/// Script classes deriving from host classes, as Hugging Face code writes them: a `Trainer` subclass
/// with a class-weighted `compute_loss`, a `TrainerCallback` subclass, a `torch.utils.data.Dataset`
/// subclass feeding the Trainer. Runs the real Trainer on tiny-bert.
final class SubclassTests: XCTestCase {
    private func session(output out: String) throws -> ScriptSession {
        let path = try fixture("tiny-bert/tiny-bert-base")
        let session = ScriptSession()
        session.ok("""
        import math
        import torch
        from torch import nn
        import torch.nn.functional as F
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments, TrainerCallback
        from peft import LoraConfig, get_peft_model
        from datasets import Dataset
        def fresh_model():
            torch.manual_seed(0)
            base = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
            return get_peft_model(base, LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
        rows = {"input_ids": [[1, 5 + i % 7, 17, 42 - i % 5, 3] for i in range(24)], "label": [i % 3 for i in range(24)]}
        data = Dataset.from_dict(rows).train_test_split(test_size=0.25, seed=0)
        train_data, val_data = data["train"], data["test"]
        def arguments(**changes):
            settings = dict(output_dir="\(out)", per_device_train_batch_size=6, per_device_eval_batch_size=6, num_train_epochs=2,
                            logging_steps=2, eval_strategy="no", save_strategy="no", report_to=[], disable_tqdm=True, seed=0)
            settings.update(changes)
            return TrainingArguments(**settings)
        """)
        return session
    }

    /// compute_loss is called once per training step and once per evaluation batch, with HF's arguments;
    /// unit class weights train exactly as the model's own loss; other weights change the loss, and the
    /// eval loss equals PyTorch's weighted cross-entropy recomputed by hand from the predicted logits.
    func testTrainerSubclassComputeLossAppliesClassWeights() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        class WeightedTrainer(Trainer):
            def __init__(self, *args, class_weights=None, **kwargs):
                super().__init__(*args, **kwargs)
                self.class_weights = class_weights
                self.calls = []

            def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
                labels = inputs.pop("labels")
                outputs = model(**inputs)
                logits = outputs.get("logits")
                loss_fct = nn.CrossEntropyLoss(weight=torch.tensor(self.class_weights))
                loss = loss_fct(logits.view(-1, 3), labels.view(-1))
                self.calls.append((return_outputs, num_items_in_batch))
                return (loss, outputs) if return_outputs else loss

        plain = Trainer(model=fresh_model(), args=arguments(), train_dataset=train_data, eval_dataset=val_data)
        plain_loss = plain.train().training_loss
        unit = WeightedTrainer(model=fresh_model(), args=arguments(), train_dataset=train_data, eval_dataset=val_data,
                               class_weights=[1.0, 1.0, 1.0])
        unit_loss = unit.train().training_loss
        print("unit weights same as plain:", abs(unit_loss - plain_loss) < 1e-6, len(unit.calls), unit.calls[0], plain_loss, unit_loss)
        weighted = WeightedTrainer(model=fresh_model(), args=arguments(), train_dataset=train_data, eval_dataset=val_data,
                                   class_weights=[1.0, 3.0, 0.5])
        weighted_loss = weighted.train().training_loss
        print("weights change the loss:", weighted_loss != plain_loss, isinstance(weighted, Trainer), type(weighted).__name__)
        before = len(weighted.calls)
        metrics = weighted.evaluate()
        print("eval calls:", len(weighted.calls) - before, weighted.calls[-1])
        logits = weighted.predict(val_data).predictions.tolist()
        labels = val_data["label"]
        w = [1.0, 3.0, 0.5]
        total = 0.0
        norm = 0.0
        for row, y in zip(logits, labels):
            m = max(row)
            log_z = m + math.log(sum(math.exp(v - m) for v in row))
            total += w[y] * (log_z - row[y])
            norm += w[y]
        print("eval loss matches weighted CE:", abs(metrics["eval_loss"] - total / norm) < 1e-5)
        """)
        XCTAssertTrue(output.contains("unit weights same as plain: True 6 (False, 6)"), output)
        XCTAssertTrue(output.contains("weights change the loss: True True WeightedTrainer\n"), output)
        XCTAssertTrue(output.contains("eval calls: 1 (True, None)\n"), output)
        XCTAssertTrue(output.contains("eval loss matches weighted CE: True\n"), output)
    }

    /// A TrainerCallback subclass's on_* methods are hooks with HF's signatures, fired in HF's order,
    /// alongside a dict of functions.
    func testTrainerCallbackSubclassReceivesHooksInOrder() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        events = []
        class Recorder(TrainerCallback):
            def __init__(self, tag):
                self.tag = tag
            def on_train_begin(self, args, state, control, **kwargs):
                events.append((self.tag, "train_begin", state.global_step))
            def on_log(self, args, state, control, logs=None, **kwargs):
                events.append((self.tag, "log", state.global_step, sorted(logs)[0]))
            def on_epoch_end(self, args, state, control, model=None, **kwargs):
                events.append((self.tag, "epoch_end", state.global_step, model is not None))
            def on_train_end(self, args, state, control, **kwargs):
                events.append((self.tag, "train_end", state.global_step))
        def on_epoch_end(args, state, control, **kwargs):
            events.append(("dict", "epoch_end", state.global_step))
        trainer = Trainer(model=fresh_model(), args=arguments(logging_steps=3), train_dataset=train_data,
                          callbacks=[Recorder("obj"), {"on_epoch_end": on_epoch_end}])
        trainer.train()
        for event in events:
            print(*event)
        """)
        let expected = """
        obj train_begin 0
        obj log 3 epoch
        obj epoch_end 3 True
        dict epoch_end 3
        obj log 6 epoch
        obj epoch_end 6 True
        dict epoch_end 6
        obj log 6 epoch
        obj train_end 6

        """
        XCTAssertTrue(output.hasSuffix(expected), output)
    }

    /// A torch Dataset subclass with __len__/__getitem__ trains exactly as the same rows in a Dataset.
    func testDatasetSubclassFeedsTheTrainer() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        from torch.utils.data import Dataset as TorchDataset
        class Examples(TorchDataset):
            def __init__(self, split):
                self.ids = split["input_ids"]
                self.labels = split["label"]
            def __len__(self):
                return len(self.labels)
            def __getitem__(self, i):
                return {"input_ids": torch.tensor(self.ids[i]), "label": self.labels[i]}
        custom = Examples(train_data)
        print(len(custom), isinstance(custom, torch.utils.data.Dataset))
        a = Trainer(model=fresh_model(), args=arguments(), train_dataset=train_data).train()
        b = Trainer(model=fresh_model(), args=arguments(), train_dataset=custom).train()
        print(b.global_step, a.training_loss == b.training_loss)
        """)
        XCTAssertTrue(output.hasPrefix("18 True\n"), output)
        XCTAssertTrue(output.hasSuffix("6 True\n"), output)
    }

    /// The same Dataset subclass batches through torch.utils.data.DataLoader with PyTorch's default
    /// collation: a dict of stacked tensors, in order without shuffling.
    func testDatasetSubclassFeedsADataLoader() throws {
        let session = ScriptSession()
        let output = session.ok("""
        import torch
        from torch.utils.data import Dataset, DataLoader
        class Squares(Dataset):
            def __len__(self):
                return 5
            def __getitem__(self, i):
                return {"x": torch.tensor([i, i * i]), "label": i % 2}
        loader = DataLoader(Squares(), batch_size=2)
        print(len(loader))
        for batch in loader:
            print(sorted(batch.keys()), batch["x"].tolist(), batch["label"].tolist())
        """)
        XCTAssertEqual(output, """
        3
        ['label', 'x'] [[0, 0], [1, 1]] [0, 1]
        ['label', 'x'] [[2, 4], [3, 9]] [0, 1]
        ['label', 'x'] [[4, 16]] [0]

        """)
    }
}
