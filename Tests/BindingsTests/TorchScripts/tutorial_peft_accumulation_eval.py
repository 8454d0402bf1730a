# A PEFT classifier trained with a hand-written loop as blog posts write it: a Dataset subclass, DataLoader with
# a collate_fn that pads with the tokenizer, AdamW with weight decay groups, a cosine schedule with warmup,
# gradient accumulation (loss / accumulation_steps), clip_grad_norm_, then evaluation under torch.no_grad()
# with torch.cat of the logits and scikit-learn metrics (precision_recall_fscore_support, roc_auc_score with
# ovr probabilities). {{MINILM}} / {{ADAPTER}}: the model and the shared adapter fixture; eval() mode keeps
# dropout off so both stacks compute the same thing.
import numpy as np
import torch
from torch.utils.data import Dataset, DataLoader
from transformers import AutoTokenizer, AutoModelForSequenceClassification, get_cosine_schedule_with_warmup
from peft import PeftModel
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score, accuracy_score

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "the food was cold", "friendly staff, thank you", "it was a flight", "cancelled twice, unacceptable"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2, 0, 2, 1, 0]

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
base = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3)
model = PeftModel.from_pretrained(base, "{{ADAPTER}}", is_trainable=True)


class TweetDataset(Dataset):
    def __init__(self, texts, labels):
        self.texts = texts
        self.labels = labels

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, i):
        return {"text": self.texts[i], "label": self.labels[i]}


def collate(batch):
    enc = tokenizer([b["text"] for b in batch], padding=True, truncation=True, max_length=32, return_tensors="pt")
    enc["labels"] = torch.tensor([b["label"] for b in batch])
    return enc


train_loader = DataLoader(TweetDataset(texts[:12], labels[:12]), batch_size=3, shuffle=False, collate_fn=collate)
eval_loader = DataLoader(TweetDataset(texts, labels), batch_size=8, collate_fn=collate)
first = next(iter(train_loader))
print(sorted(first.keys()), first["input_ids"].shape, first["labels"])

no_decay = ["bias", "LayerNorm.weight"]
grouped = [
    {"params": [p for n, p in model.named_parameters() if p.requires_grad and not any(nd in n for nd in no_decay)], "weight_decay": 0.01},
    {"params": [p for n, p in model.named_parameters() if p.requires_grad and any(nd in n for nd in no_decay)], "weight_decay": 0.0},
]
print([len(g["params"]) for g in grouped])
optimizer = torch.optim.AdamW(grouped, lr=5e-3)
accumulation_steps = 2
epochs = 2
total_steps = len(train_loader) // accumulation_steps * epochs
scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=1, num_training_steps=total_steps)
print("optimizer steps", total_steps)

model.eval()
for epoch in range(epochs):
    total = 0.0
    for step, batch in enumerate(train_loader):
        outputs = model(**batch)
        loss = outputs.loss / accumulation_steps
        loss.backward()
        total += outputs.loss.item()
        if (step + 1) % accumulation_steps == 0 or step + 1 == len(train_loader):
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            print(f"epoch {epoch} step {step} norm {norm.item():.4f} lr {scheduler.get_last_lr()[0]:.6f}")
    print(f"epoch {epoch} mean loss {total / len(train_loader):.4f}")

all_logits, all_labels = [], []
with torch.no_grad():
    for batch in eval_loader:
        labels_batch = batch.pop("labels")
        out = model(**batch)
        all_logits.append(out.logits)
        all_labels.append(labels_batch)
logits = torch.cat(all_logits)
y_true = torch.cat(all_labels).numpy()
probs = torch.softmax(logits, dim=-1)
y_pred = probs.argmax(dim=-1).numpy()
print(logits.shape, torch.allclose(probs.sum(dim=-1), torch.ones(len(texts))))
print(np.round(probs.numpy()[:4], 4))
print("accuracy", accuracy_score(y_true, y_pred))
p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average="macro", zero_division=0)
print("macro", round(p, 4), round(r, 4), round(f, 4), s)
print("per class", np.round(precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)[2], 4))
print("roc auc ovr", round(roc_auc_score(y_true, probs.numpy(), multi_class="ovr"), 4))
