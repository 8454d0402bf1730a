# PEFT's canonical manual loop on MiniLM from a saved adapter (is_trainable=True): run by lorarepl
# (TorchSurfaceTests) and once by CPython + transformers + peft + torch (peft_loop.expected).
# {{MINILM}} and {{ADAPTER}} are replaced by the model and adapter folders. Eval mode throughout, so dropout
# is off in both stacks and they compute the same thing.
import torch
from torch.utils.data import DataLoader
from transformers import AutoTokenizer, AutoModelForSequenceClassification, get_linear_schedule_with_warmup
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "food was cold and bad", "friendly staff at the gate", "it was a flight", "terrible wifi on board"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2, 0, 2, 1, 0]
rows = [{"text": t, "label": l} for t, l in zip(texts, labels)]

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
model = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3)
model = PeftModel.from_pretrained(model, "{{ADAPTER}}", is_trainable=True)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model.to(device)

def collate(batch):
    enc = tokenizer([b["text"] for b in batch], padding=True, truncation=True, max_length=32, return_tensors="pt")
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
            "labels": torch.tensor([b["label"] for b in batch])}

train_dataloader = DataLoader(rows, batch_size=4, shuffle=False, collate_fn=collate)
eval_dataloader = DataLoader(rows, batch_size=8, collate_fn=collate)
num_epochs = 2
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)
lr_scheduler = get_linear_schedule_with_warmup(optimizer=optimizer, num_warmup_steps=2,
                                               num_training_steps=len(train_dataloader) * num_epochs)
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
print(len(trainable), trainable[0])
step = 0
for epoch in range(num_epochs):
    model.eval()
    total_loss = 0.0
    for batch in train_dataloader:
        batch = {k: v.to(device) for k, v in batch.items()}
        outputs = model(**batch)
        loss = outputs.loss
        total_loss += loss.detach().float().item()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        lr = lr_scheduler.get_last_lr()[0]
        lr_scheduler.step()
        optimizer.zero_grad()
        step += 1
        print(step, round(loss.item(), 4), round(float(norm), 4), round(lr, 8))
    correct = 0
    for batch in eval_dataloader:
        with torch.no_grad():
            outputs = model(**batch)
        predictions = outputs.logits.argmax(dim=-1)
        correct += (predictions == batch["labels"]).sum().item()
    print(epoch, round(total_loss / len(train_dataloader), 4), correct / len(rows))
with torch.no_grad():
    logits = model(**collate(rows[:2])).logits
print([[round(v, 3) for v in row] for row in logits.tolist()])
