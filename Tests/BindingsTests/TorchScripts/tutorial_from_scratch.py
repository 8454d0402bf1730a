# "PyTorch from scratch" tutorial code as blogs paste it: linear regression with hand-written SGD
# (`with torch.no_grad(): w -= lr * w.grad`), logistic regression with nn.Linear + optim.SGD, a small MLP
# classifier with CrossEntropyLoss, model.eval() + torch.no_grad() evaluation and accuracy by
# (preds == labels).sum().item(). Run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch 2.15.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# --- 1. linear regression from scratch ---------------------------------------------------------------
X = torch.arange(0, 20, dtype=torch.float32).reshape(10, 2) / 10
true_w = torch.tensor([[2.0], [-3.4]])
y = X @ true_w + 4.2
w = torch.zeros(2, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.1
for epoch in range(30):
    y_hat = X @ w + b
    loss = ((y_hat - y) ** 2 / 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1}, loss {loss.item():.6f}")
print("w", [round(v, 4) for v in w.detach().reshape(-1).tolist()], "b", round(b.item(), 4), w.is_leaf, w.requires_grad)

# --- 2. logistic regression with nn.Linear and optim.SGD ---------------------------------------------
features = torch.tensor([[0.2, 1.1], [1.5, -0.3], [-0.7, 0.4], [2.2, 0.9], [-1.3, -1.0], [0.8, 0.1],
                         [-0.2, -0.6], [1.1, 1.4]])
targets = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
clf = nn.Linear(2, 1)
with torch.no_grad():
    clf.weight.fill_(0.1)
    clf.bias.zero_()
opt = torch.optim.SGD(clf.parameters(), lr=0.5, momentum=0.9)
criterion = nn.BCEWithLogitsLoss()
for step in range(20):
    opt.zero_grad()
    logits = clf(features).squeeze(-1)
    loss = criterion(logits, targets)
    loss.backward()
    opt.step()
    if step % 5 == 4:
        print(f"step {step + 1:2d} | loss {loss.item():.5f}")
clf.eval()
with torch.no_grad():
    probs = torch.sigmoid(clf(features)).squeeze(-1)
    preds = (probs > 0.5).long()
correct = (preds == targets.long()).sum().item()
print("probs", [round(p, 4) for p in probs.tolist()], "accuracy", correct / len(targets))

# --- 3. a small MLP classifier, manual loop, eval under no_grad --------------------------------------
inputs = torch.tensor([[0.5, -1.0, 0.3], [1.2, 0.7, -0.4], [-0.9, 0.1, 1.5], [0.0, 1.3, -1.1], [1.8, -0.2, 0.6],
                       [-1.4, -0.8, 0.2]])
labels = torch.tensor([0, 1, 2, 1, 0, 2])
hidden = nn.Linear(3, 4)
head = nn.Linear(4, 3)
with torch.no_grad():
    hidden.weight.copy_(torch.linspace(-0.5, 0.6, 12).reshape(4, 3))
    hidden.bias.fill_(0.05)
    head.weight.copy_(torch.linspace(0.4, -0.3, 12).reshape(3, 4))
    head.bias.zero_()
params = list(hidden.parameters()) + list(head.parameters())
print("trainable params:", sum(p.numel() for p in params if p.requires_grad))
optimizer = torch.optim.Adam(params, lr=0.05)
for epoch in range(3):
    running = 0.0
    for start in range(0, len(inputs), 2):
        xb, yb = inputs[start:start + 2], labels[start:start + 2]
        out = head(F.relu(hidden(xb)))
        loss = F.cross_entropy(out, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item() * xb.size(0)
    print(f"Epoch [{epoch + 1}/3], Loss: {running / len(inputs):.4f}")
hidden.eval()
head.eval()
with torch.no_grad():
    logits = head(F.relu(hidden(inputs)))
    _, predicted = torch.max(logits, 1)
    total = labels.size(0)
    correct = (predicted == labels).sum().item()
    top2 = logits.softmax(dim=-1).topk(2, dim=-1)
print(f"Accuracy: {100 * correct / total:.1f} %", predicted.tolist())
print("top2", top2.indices.tolist(), [round(v, 4) for v in top2.values[:, 0].tolist()])
print("weight norms", [round(v, 4) for v in hidden.weight.norm(dim=1).tolist()], round(head.weight.std().item(), 4))
