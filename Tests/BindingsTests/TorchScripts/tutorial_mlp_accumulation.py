# A plain-PyTorch tutorial loop (no pretrained model): an nn.Module MLP over synthetic features, DataLoader
# over a TensorDataset, SGD with momentum + StepLR, gradient accumulation with loss / accumulation_steps,
# clip_grad_norm_, then evaluation under torch.no_grad() with scikit-learn metrics, as blog posts write it.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from sklearn.metrics import accuracy_score, f1_score, confusion_matrix, classification_report

torch.manual_seed(42)
n, features = 96, 6
X = torch.rand(n, features) * 2 - 1
w_true = torch.tensor([1.5, -2.0, 0.5, 0.0, 1.0, -0.5])
scores = X @ w_true
y = (scores > 0.3).long() + (scores > 1.2).long()
print(X.shape, y.shape, torch.bincount(y))
print("feature means", X.mean(dim=0))
print("feature std", X.std(dim=0))

train_ds = TensorDataset(X[:72], y[:72])
test_ds = TensorDataset(X[72:], y[72:])
train_loader = DataLoader(train_ds, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(0))
test_loader = DataLoader(test_ds, batch_size=12)


class MLP(nn.Module):
    def __init__(self, in_dim, hidden, out_dim):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(in_dim, hidden), nn.ReLU(), nn.Linear(hidden, out_dim))

    def forward(self, x):
        return self.net(x)


model = MLP(features, 16, 3)
print(model)
print(sum(p.numel() for p in model.parameters()))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
criterion = nn.CrossEntropyLoss()
accumulation_steps = 2

for epoch in range(4):
    model.train()
    running_loss = 0.0
    optimizer.zero_grad()
    for step, (xb, yb) in enumerate(train_loader):
        logits = model(xb)
        loss = criterion(logits, yb) / accumulation_steps
        loss.backward()
        running_loss += loss.item() * accumulation_steps
        if (step + 1) % accumulation_steps == 0:
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            optimizer.zero_grad()
    scheduler.step()
    print(f"epoch {epoch + 1}: loss {running_loss / len(train_loader):.4f} last norm {norm:.4f} lr {scheduler.get_last_lr()[0]:.4f}")

model.eval()
all_preds, all_labels, all_probs = [], [], []
with torch.no_grad():
    for xb, yb in test_loader:
        logits = model(xb)
        probs = F.softmax(logits, dim=1)
        all_probs.append(probs)
        all_preds.extend(torch.argmax(probs, dim=1).tolist())
        all_labels.extend(yb.tolist())
probs = torch.cat(all_probs)
print(probs[:3])
print(probs.sum(dim=1)[:4])
print("max prob mean", probs.max(dim=1).values.mean())
print(all_preds)
print("accuracy", accuracy_score(all_labels, all_preds))
print("macro f1", round(f1_score(all_labels, all_preds, average="macro"), 4))
print(confusion_matrix(all_labels, all_preds))
print(classification_report(all_labels, all_preds, digits=3, zero_division=0))
