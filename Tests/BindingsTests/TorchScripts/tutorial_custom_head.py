# A small nn.Module over AutoModel, trained by hand, as blog tutorials write it: a frozen encoder, the [CLS]
# vector, dropout and a linear head, CrossEntropyLoss, Adam over the trainable parameters, shapes printed
# along the way, evaluation with torch.no_grad() and a confusion count.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader
from transformers import AutoModel, AutoTokenizer

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2]

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
encoder = AutoModel.from_pretrained("{{MINILM}}", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)


class SentimentDataset(Dataset):
    def __init__(self, texts, labels, tokenizer, max_len=24):
        self.encodings = tokenizer(texts, truncation=True, padding="max_length", max_length=max_len, return_tensors="pt")
        self.labels = torch.tensor(labels, dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        item = {key: val[idx] for key, val in self.encodings.items()}
        item["labels"] = self.labels[idx]
        return item


class SentimentClassifier(nn.Module):
    def __init__(self, encoder, n_classes, dropout=0.0):
        super().__init__()
        self.encoder = encoder
        self.drop = nn.Dropout(p=dropout)
        self.hidden = nn.Linear(encoder.config.hidden_size, 32)
        self.out = nn.Linear(32, n_classes)

    def forward(self, input_ids, attention_mask):
        outputs = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        cls = outputs.last_hidden_state[:, 0, :]
        x = F.relu(self.hidden(self.drop(cls)))
        return self.out(x)


for param in encoder.parameters():
    param.requires_grad = False
torch.manual_seed(123)
model = SentimentClassifier(encoder, n_classes=3).to(device)
print(model.hidden, model.out, model.drop)
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
print(trainable, sum(p.numel() for p in model.parameters() if p.requires_grad))
print(model.hidden.weight.shape, model.out.bias.shape, model.hidden.weight.requires_grad)

ds = SentimentDataset(texts, labels, tokenizer)
print(len(ds), ds[0]["input_ids"].shape, ds[0]["labels"], list(ds[0].keys()))
loader = DataLoader(ds, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(7))
batch = next(iter(loader))
print(batch["input_ids"].shape, batch["attention_mask"].shape, batch["labels"])
with torch.no_grad():
    out = model(batch["input_ids"], batch["attention_mask"])
print(out.shape, out.requires_grad, out.grad_fn)
print(F.softmax(out, dim=1).argmax(dim=1))

loss_fn = nn.CrossEntropyLoss().to(device)
optimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-2)
for epoch in range(3):
    model.train()
    losses = []
    correct_predictions = 0
    for d in loader:
        input_ids = d["input_ids"].to(device)
        attention_mask = d["attention_mask"].to(device)
        targets = d["labels"].to(device)
        outputs = model(input_ids=input_ids, attention_mask=attention_mask)
        _, preds = torch.max(outputs, dim=1)
        loss = loss_fn(outputs, targets)
        correct_predictions += torch.sum(preds == targets)
        losses.append(loss.item())
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        optimizer.zero_grad()
    acc = correct_predictions.double() / len(ds)
    print(f"epoch {epoch + 1}: loss {sum(losses) / len(losses):.4f} acc {acc:.4f}", correct_predictions, acc.dtype)

model.eval()
with torch.no_grad():
    enc = tokenizer(["great crew", "lost bag", "fine"], padding=True, return_tensors="pt")
    logits = model(enc["input_ids"].to(device), enc["attention_mask"].to(device))
    probs = F.softmax(logits, dim=-1)
    conf, pred = probs.max(dim=-1)
print(logits.shape, [round(c, 4) for c in conf.tolist()], pred.tolist(), pred.cpu().numpy())
print(encoder.embeddings.word_embeddings.weight.grad is None, model.out.weight.grad)
