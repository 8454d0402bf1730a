# PEFT's LoRA.ipynb, as a newcomer adapts it to a CSV of tweets: datasets, map, DataCollatorWithPadding,
# DataLoader, get_linear_schedule_with_warmup, clip_grad_norm_, tqdm, evaluate under torch.no_grad().
import torch
from torch.utils.data import DataLoader
from tqdm import tqdm
from datasets import Dataset
from transformers import (AutoTokenizer, AutoModelForSequenceClassification, DataCollatorWithPadding,
                          get_linear_schedule_with_warmup, set_seed)
from peft import PeftModel

set_seed(42)
model_name_or_path = "{{MINILM}}"
batch_size = 8
num_epochs = 2
lr = 3e-3
device = "cuda" if torch.cuda.is_available() else "cpu"
print("device:", device)

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "food was cold and bad", "friendly staff at the gate", "it was a flight", "terrible wifi on board",
         "best landing I have ever felt", "they cancelled my flight twice", "boarding took an hour",
         "the snacks were fine", "great legroom, will fly again", "rude agent at check in", "nothing special",
         "smooth ride and kind crew", "my luggage is still missing", "average coffee on board",
         "loved the window seat view", "delayed for three hours", "plane was clean", "awful customer support",
         "quick and easy check in", "it is just a plane"]
sentiments = ["positive", "negative", "negative", "neutral", "positive", "negative", "positive", "neutral",
              "positive", "negative", "neutral", "positive", "negative", "positive", "neutral", "negative",
              "positive", "negative", "negative", "neutral", "positive", "negative", "neutral", "positive",
              "negative", "neutral", "positive", "negative", "neutral", "negative", "positive", "neutral"]
dataset = Dataset.from_dict({"text": texts, "sentiment": sentiments, "confidence": [1.0] * len(texts)})
print(dataset)
label_list = sorted(set(dataset["sentiment"]))
label2id = {l: i for i, l in enumerate(label_list)}
print(label_list, label2id)
dataset = dataset.train_test_split(test_size=0.25, seed=0)
print(dataset["train"].num_rows, dataset["test"].num_rows)

tokenizer = AutoTokenizer.from_pretrained(model_name_or_path)


def tokenize_function(examples):
    outputs = tokenizer(examples["text"], truncation=True, max_length=48)
    outputs["labels"] = [label2id[s] for s in examples["sentiment"]]
    return outputs


tokenized_datasets = dataset.map(tokenize_function, batched=True, remove_columns=["sentiment", "confidence", "text"])
print(tokenized_datasets["train"].column_names)
print(tokenized_datasets["train"][0]["input_ids"][:8], tokenized_datasets["train"][0]["labels"])
data_collator = DataCollatorWithPadding(tokenizer=tokenizer)
train_dataloader = DataLoader(tokenized_datasets["train"], shuffle=False, collate_fn=data_collator, batch_size=batch_size)
eval_dataloader = DataLoader(tokenized_datasets["test"], shuffle=False, collate_fn=data_collator, batch_size=batch_size)
first = next(iter(train_dataloader))
print({k: v.shape for k, v in first.items()})
print(first["input_ids"].dtype, first["attention_mask"][0][:12], first["labels"])

model = AutoModelForSequenceClassification.from_pretrained(model_name_or_path, num_labels=3, hidden_dropout_prob=0.0,
                                                           attention_probs_dropout_prob=0.0)
model = PeftModel.from_pretrained(model, "{{ADAPTER}}", is_trainable=True)
model.print_trainable_parameters()
model.to(device)

optimizer = torch.optim.AdamW(params=model.parameters(), lr=lr)
lr_scheduler = get_linear_schedule_with_warmup(
    optimizer=optimizer,
    num_warmup_steps=0.06 * (len(train_dataloader) * num_epochs),
    num_training_steps=(len(train_dataloader) * num_epochs),
)

for epoch in range(num_epochs):
    model.train()
    total = 0.0
    for step, batch in enumerate(tqdm(train_dataloader, disable=True)):
        batch = {k: v.to(device) for k, v in batch.items()}
        outputs = model(**batch)
        loss = outputs.loss
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        lr_scheduler.step()
        optimizer.zero_grad()
        total += loss.detach().float()
        print(f"epoch {epoch} step {step} loss {loss.item():.4f} norm {norm.item():.4f} lr {lr_scheduler.get_last_lr()[0]:.6f}")
    print(f"epoch {epoch} train loss {(total / len(train_dataloader)).item():.4f}", type(total).__name__)

    model.eval()
    correct, seen = 0, 0
    for step, batch in enumerate(tqdm(eval_dataloader, disable=True)):
        batch.to(device)
        with torch.no_grad():
            outputs = model(**batch)
        predictions = outputs.logits.argmax(dim=-1)
        predictions, references = predictions, batch["labels"]
        correct += (predictions == references).sum().item()
        seen += references.size(0)
    print(f"epoch {epoch}:", {"accuracy": correct / seen}, correct, seen)

print(outputs.logits.shape, outputs.logits.dtype, outputs.logits.requires_grad, predictions)
with torch.no_grad():
    inputs = tokenizer(["what a great ride", "this car scares me"], padding=True, return_tensors="pt").to(device)
    logits = model(**inputs).logits
probs = torch.softmax(logits, dim=-1)
print([[round(p, 4) for p in row] for row in probs.tolist()], [label_list[i] for i in probs.argmax(-1).tolist()])
