# A Trainer subclass with a class-weighted CrossEntropyLoss in compute_loss, as imbalanced-data tutorials write it:
# weights from the label counts, put on the model's device, compute_metrics with scikit-learn,
# evaluate() and predict() afterwards.
import numpy as np
import torch
from torch import nn
from datasets import Dataset
from sklearn.metrics import accuracy_score, f1_score
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "food was cold and bad", "friendly staff at the gate", "it was a flight", "terrible wifi on board",
         "best landing I have ever felt", "they cancelled my flight twice", "boarding took an hour",
         "the snacks were fine", "great legroom, will fly again", "rude agent at check in", "nothing special",
         "smooth ride and kind crew"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2, 0, 2, 1, 0, 2, 0, 0, 1, 2, 0, 1, 2]
counts = np.bincount(labels)
class_weights = torch.tensor(len(labels) / (len(counts) * counts), dtype=torch.float)
print(counts, class_weights)

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
ds = Dataset.from_dict({"text": texts, "label": labels}).train_test_split(test_size=0.25, seed=1)
ds = ds.map(lambda b: tokenizer(b["text"], truncation=True, padding="max_length", max_length=24), batched=True)
print(ds)

model = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3, hidden_dropout_prob=0.0,
                                                           attention_probs_dropout_prob=0.0)
model = PeftModel.from_pretrained(model, "{{ADAPTER}}", is_trainable=True)


class WeightedLossTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.get("logits")
        loss_fct = nn.CrossEntropyLoss(weight=class_weights.to(model.device))
        loss = loss_fct(logits.view(-1, self.model.config.num_labels), labels.view(-1))
        return (loss, outputs) if return_outputs else loss


def compute_metrics(eval_pred):
    logits, labels = eval_pred
    predictions = np.argmax(logits, axis=-1)
    return {"accuracy": accuracy_score(labels, predictions), "f1": f1_score(labels, predictions, average="macro")}


args = TrainingArguments(
    output_dir="/tmp/lorarepl-tutorial-weighted-loss",
    eval_strategy="epoch",
    save_strategy="no",
    learning_rate=5e-3,
    per_device_train_batch_size=6,
    per_device_eval_batch_size=6,
    num_train_epochs=2,
    weight_decay=0.01,
    logging_steps=1,
    report_to="none",
    disable_tqdm=True,
    seed=42,
)
trainer = WeightedLossTrainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"],
                              compute_metrics=compute_metrics)
result = trainer.train()
print("global_step", result.global_step, "train_loss", round(result.training_loss, 4))
for entry in trainer.state.log_history:
    if "loss" in entry:
        print("step", entry["step"], "loss", round(entry["loss"], 4), "lr", round(entry["learning_rate"], 6))
    if "eval_loss" in entry:
        print("eval", entry["epoch"], round(entry["eval_loss"], 4), round(entry["eval_accuracy"], 4), round(entry["eval_f1"], 4))
metrics = trainer.evaluate()
print({k: round(v, 4) for k, v in metrics.items() if k in ("eval_loss", "eval_accuracy", "eval_f1", "epoch")})
pred = trainer.predict(ds["test"])
print(pred.predictions.shape, pred.label_ids, pred.predictions.argmax(-1), round(pred.metrics["test_loss"], 4))
