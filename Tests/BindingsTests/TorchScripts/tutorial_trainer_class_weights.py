# A Trainer subclass that takes class weights in its __init__ (the pattern blog posts paste:
# def __init__(self, *args, class_weights=None, **kwargs)), compute_loss(..., **kwargs) with
# F.cross_entropy(weight=...), dynamic padding with DataCollatorWithPadding, gradient accumulation, and
# compute_metrics through evaluate.load("accuracy") / evaluate.load("f1"); then evaluate() and predict().
import numpy as np
import torch
import torch.nn.functional as F
import evaluate
from datasets import Dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments)
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "food was cold and bad", "friendly staff at the gate", "it was a flight", "terrible wifi on board",
         "best landing I have ever felt", "they cancelled my flight twice", "boarding took an hour",
         "the snacks were fine"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2, 0, 2, 1, 0, 2, 0, 0, 1]

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
raw = Dataset.from_dict({"text": texts, "label": labels})
splits = raw.train_test_split(test_size=0.2, seed=3)
tokenized = splits.map(lambda batch: tokenizer(batch["text"], truncation=True), batched=True, remove_columns=["text"])
print(tokenized["train"].column_names, len(tokenized["train"]), len(tokenized["test"]))

train_labels = torch.tensor(tokenized["train"]["label"])
counts = torch.bincount(train_labels, minlength=3).float()
class_weights = counts.sum() / (3 * counts)
print(counts, class_weights)

model = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3, hidden_dropout_prob=0.0,
                                                           attention_probs_dropout_prob=0.0)
model = PeftModel.from_pretrained(model, "{{ADAPTER}}", is_trainable=True)


class CustomTrainer(Trainer):
    def __init__(self, *args, class_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.class_weights = class_weights

    def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
        labels = inputs.get("labels")
        outputs = model(**inputs)
        loss = F.cross_entropy(outputs.logits, labels, weight=self.class_weights)
        return (loss, outputs) if return_outputs else loss


accuracy = evaluate.load("accuracy")
f1 = evaluate.load("f1")


def compute_metrics(eval_pred):
    logits, labels = eval_pred
    predictions = np.argmax(logits, axis=-1)
    acc = accuracy.compute(predictions=predictions, references=labels)["accuracy"]
    weighted = f1.compute(predictions=predictions, references=labels, average="weighted")["f1"]
    return {"accuracy": acc, "f1": weighted}


args = TrainingArguments(
    output_dir="/tmp/lorarepl-tutorial-class-weights",
    eval_strategy="epoch",
    save_strategy="no",
    learning_rate=1e-2,
    per_device_train_batch_size=4,
    gradient_accumulation_steps=2,
    per_device_eval_batch_size=8,
    num_train_epochs=2,
    logging_steps=1,
    report_to="none",
    disable_tqdm=True,
    seed=7,
)
trainer = CustomTrainer(model=model, args=args, train_dataset=tokenized["train"], eval_dataset=tokenized["test"],
                        data_collator=DataCollatorWithPadding(tokenizer), compute_metrics=compute_metrics,
                        class_weights=class_weights)
print(trainer.class_weights)
result = trainer.train()
print("global_step", result.global_step, "train_loss", round(result.training_loss, 4))
for entry in trainer.state.log_history:
    if "loss" in entry:
        print("step", entry["step"], "loss", round(entry["loss"], 4), "grad_norm", round(entry["grad_norm"], 3))
    if "eval_loss" in entry:
        print("eval", entry["epoch"], round(entry["eval_loss"], 4), entry["eval_accuracy"], round(entry["eval_f1"], 4))
metrics = trainer.evaluate()
print("evaluate:", {k: round(v, 4) for k, v in metrics.items() if k in ("eval_loss", "eval_accuracy", "eval_f1")})
pred = trainer.predict(tokenized["test"])
print(pred.predictions.shape, pred.label_ids, pred.predictions.argmax(-1))
