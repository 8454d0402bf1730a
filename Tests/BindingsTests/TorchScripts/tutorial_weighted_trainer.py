# A tutorial-style Trainer subclass, unchanged: class weights from scikit-learn's compute_class_weight("balanced")
# in a compute_loss override with nn.CrossEntropyLoss(weight=...), a custom cosine schedule in create_scheduler,
# DataCollatorWithPadding and compute_metrics. Run by lorarepl (TorchSurfaceTests) and once by transformers 5.25;
# {{MINILM}} + {{ADAPTER}} as in trainer_ext.py (dropout off, one optimizer step per epoch over all 16 rows, so the
# shuffle order does not change the numbers).
import numpy as np
import torch
from torch import nn
from datasets import Dataset
from sklearn.metrics import accuracy_score, f1_score
from sklearn.utils.class_weight import compute_class_weight
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments, get_cosine_schedule_with_warmup)
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "food was cold and bad", "friendly staff at the gate", "it was a flight", "terrible wifi on board"]
labels = [0, 0, 0, 1, 2, 0, 2, 1, 0, 0, 1, 2, 0, 0, 1, 0]
tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
dataset = Dataset.from_dict({"text": texts, "label": labels})
dataset = dataset.map(lambda batch: tokenizer(batch["text"], truncation=True, max_length=32), batched=True)

class_weights = compute_class_weight("balanced", classes=np.unique(labels), y=labels)
print("class weights", [round(float(w), 4) for w in class_weights])
class_weights = torch.tensor(class_weights, dtype=torch.float)


class WeightedLossTrainer(Trainer):
    def __init__(self, *args, class_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.class_weights = class_weights

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.get("logits")
        loss_fct = nn.CrossEntropyLoss(weight=self.class_weights.to(logits.device))
        loss = loss_fct(logits.view(-1, 3), labels.view(-1))
        return (loss, outputs) if return_outputs else loss

    def create_scheduler(self, num_training_steps, optimizer=None):
        if self.lr_scheduler is None:
            self.lr_scheduler = get_cosine_schedule_with_warmup(
                optimizer if optimizer is not None else self.optimizer,
                num_warmup_steps=1, num_training_steps=num_training_steps)
        return self.lr_scheduler


def compute_metrics(eval_pred):
    logits, references = eval_pred
    predictions = np.argmax(logits, axis=-1)
    return {"accuracy": accuracy_score(references, predictions), "f1": f1_score(references, predictions, average="macro")}


base = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3, hidden_dropout_prob=0.0,
                                                          attention_probs_dropout_prob=0.0)
model = PeftModel.from_pretrained(base, "{{ADAPTER}}", is_trainable=True)
args = TrainingArguments(output_dir="/tmp/lorarepl-tutorial-weighted", num_train_epochs=4, learning_rate=5e-3,
                         per_device_train_batch_size=16, per_device_eval_batch_size=16, eval_strategy="epoch",
                         logging_steps=1, save_strategy="no", report_to="none", disable_tqdm=True, seed=7)
trainer = WeightedLossTrainer(model=model, args=args, train_dataset=dataset, eval_dataset=dataset,
                              processing_class=tokenizer, data_collator=DataCollatorWithPadding(tokenizer),
                              compute_metrics=compute_metrics, class_weights=class_weights)
trainer.train()
for entry in trainer.state.log_history:
    if "loss" in entry:
        print(entry["step"], round(entry["loss"], 4), round(entry["grad_norm"], 4), round(entry["learning_rate"], 7))
    elif "eval_loss" in entry:
        print("eval", entry["step"], round(entry["eval_loss"], 4), round(entry["eval_accuracy"], 4), round(entry["eval_f1"], 4))
print(type(trainer.lr_scheduler).__name__)
