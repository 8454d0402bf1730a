# Losses and their gradients: run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch (losses.expected).
import torch
import torch.nn as nn
import torch.nn.functional as F

def r(xs):
    return [round(float(x), 5) for x in xs]

logits = torch.tensor([[1.0, 2.0, 0.5], [0.3, -1.0, 2.2], [0.0, 0.1, -0.3], [1.5, 1.5, 0.2]], requires_grad=True)
labels = torch.tensor([1, 2, -100, 0])
w = torch.tensor([1.0, 2.0, 0.5])
settings = [{}, {"weight": w}, {"label_smoothing": 0.1}, {"weight": w, "label_smoothing": 0.2},
            {"reduction": "sum", "weight": w}, {"reduction": "sum", "label_smoothing": 0.3}]
for kw in settings:
    logits.grad = None
    loss = nn.CrossEntropyLoss(**kw)(logits, labels)
    loss.backward()
    print(round(loss.item(), 5), [r(row) for row in logits.grad.tolist()])

per_row = F.cross_entropy(logits, labels, reduction="none", weight=w, label_smoothing=0.1)
print(r(per_row.tolist()))
logits.grad = None
F.cross_entropy(logits, torch.tensor([1, 2, 2, 0]), ignore_index=2).backward()
print([r(row) for row in logits.grad.tolist()])

soft = torch.tensor([[0.2, 0.8, 0.0], [0.0, 0.0, 1.0], [0.5, 0.25, 0.25], [1.0, 0.0, 0.0]])
logits.grad = None
loss = F.cross_entropy(logits, soft, label_smoothing=0.1)
loss.backward()
print(round(loss.item(), 5), [r(row) for row in logits.grad.tolist()])

pred = torch.tensor([0.5, -1.0, 2.0, 0.25], requires_grad=True)
target = torch.tensor([1.0, 0.0, 1.0, 0.0])
for fn in [nn.MSELoss(), nn.MSELoss(reduction="sum"), nn.BCEWithLogitsLoss(), nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 1.0, 0.5, 3.0])), nn.L1Loss()]:
    pred.grad = None
    loss = fn(pred, target)
    loss.backward()
    print(round(loss.item(), 5), r(pred.grad.tolist()))

x = torch.tensor([[1.0, -2.0, 0.5]], requires_grad=True)
y = (F.softmax(x, dim=-1) * torch.tensor([[1.0, 2.0, 3.0]])).sum() + F.log_softmax(x, dim=1)[0, 0] * 0 + x.sum() / 4
y.backward()
print(round(y.item(), 5), [r(row) for row in x.grad.tolist()])
print(r(F.relu(torch.tensor([-1.0, 2.0])).tolist()), r(F.gelu(torch.tensor([-1.0, 0.5])).tolist()), r(F.silu(torch.tensor([-1.0, 0.5])).tolist()))
