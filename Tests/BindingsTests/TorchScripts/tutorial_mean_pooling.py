# A tutorial-style manual loop, unchanged: PEFT LoRA on a sentence encoder (AutoModel), a custom collate_fn that
# pads with the tokenizer, masked mean pooling of last_hidden_state, a small nn.Linear head, AdamW + linear warmup,
# clipping, and an evaluation loop under torch.no_grad(). Run by lorarepl (TorchSurfaceTests) and once by CPython +
# PyTorch; {{MINILM}} is the demo model, {{FE_ADAPTER}} a freshly initialised LoRA adapter (lora_B = 0) saved by peft
# so both stacks start from the same weights.
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup
from peft import PeftModel

torch.manual_seed(0)
texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2]

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
encoder = AutoModel.from_pretrained("{{MINILM}}", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
model = PeftModel.from_pretrained(encoder, "{{FE_ADAPTER}}", is_trainable=True)
model.print_trainable_parameters()
torch.manual_seed(42)  # the classification head's initial weights
head = nn.Linear(384, 3)


class TweetDataset(Dataset):
    def __init__(self, texts, labels):
        self.texts = texts
        self.labels = labels

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, idx):
        return {"text": self.texts[idx], "label": self.labels[idx]}


def collate_fn(examples):
    batch = tokenizer([e["text"] for e in examples], padding=True, truncation=True, max_length=32, return_tensors="pt")
    batch["labels"] = torch.tensor([e["label"] for e in examples])
    return batch


def mean_pooling(last_hidden_state, attention_mask):
    mask = attention_mask.unsqueeze(-1).float()
    summed = (last_hidden_state * mask).sum(dim=1)
    counts = torch.clamp(mask.sum(dim=1), min=1e-9)
    return summed / counts


train_loader = DataLoader(TweetDataset(texts, labels), batch_size=4, shuffle=False, collate_fn=collate_fn)
eval_loader = DataLoader(TweetDataset(texts, labels), batch_size=6, collate_fn=collate_fn)
params = [p for p in model.parameters() if p.requires_grad] + list(head.parameters())
optimizer = torch.optim.AdamW(params, lr=3e-3)
num_epochs = 2
lr_scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=1, num_training_steps=num_epochs * len(train_loader))
loss_fn = nn.CrossEntropyLoss()
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model.to(device)
head.to(device)

for epoch in range(num_epochs):
    model.train()
    total = 0.0
    for step, batch in enumerate(train_loader):
        batch = {k: v.to(device) for k, v in batch.items()}
        labels_batch = batch.pop("labels")
        outputs = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        embeddings = mean_pooling(outputs.last_hidden_state, batch["attention_mask"])
        logits = head(embeddings)
        loss = loss_fn(logits, labels_batch)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        lr_scheduler.step()
        optimizer.zero_grad()
        total += loss.detach().float().item()
        print(epoch, step, round(loss.item(), 4), round(float(norm), 4), round(lr_scheduler.get_last_lr()[0], 6))
    print("epoch", epoch, "mean loss", round(total / len(train_loader), 4))

    model.eval()
    correct = 0
    for batch in eval_loader:
        with torch.no_grad():
            outputs = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
            logits = head(mean_pooling(outputs.last_hidden_state, batch["attention_mask"]))
        predictions = logits.argmax(dim=-1)
        correct += (predictions == batch["labels"]).sum().item()
    print("epoch", epoch, "accuracy", correct / len(texts))
