# The evaluation cell of a classification tutorial: logits collected batch by batch under no_grad, softmax
# probabilities and predictions printed, then accuracy, a confusion matrix and per-class scores from
# scikit-learn on the numpy copies, as the notebooks print them.
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support, classification_report

batches = [
    (torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [-1.5, 3.0, 0.0]]), torch.tensor([0, 2, 1])),
    (torch.tensor([[0.0, 0.0, 4.0], [1.0, -1.0, 0.5], [0.25, 0.75, 0.5]]), torch.tensor([2, 1, 1])),
]
all_logits, all_labels = [], []
with torch.no_grad():
    for logits, labels in batches:
        loss = F.cross_entropy(logits, labels)
        print(f"batch loss {loss:.4f}", loss)
        all_logits.append(logits)
        all_labels.append(labels)
logits = torch.cat(all_logits)
labels = torch.cat(all_labels)
print(logits)
probs = F.softmax(logits, dim=-1)
print(probs)
preds = torch.argmax(probs, dim=-1)
print("predictions:", preds)
print("labels:     ", labels)
correct = (preds == labels).sum().item()
print(correct, correct / len(labels), (preds == labels).float().mean())
print(f"accuracy: {(preds == labels).float().mean():.2%}")
y_true, y_pred = labels.numpy(), preds.numpy()
print(y_true, y_pred, y_true.dtype)
print(accuracy_score(y_true, y_pred))
cm = confusion_matrix(y_true, y_pred)
print(cm)
print(cm / np.sum(cm, axis=1, keepdims=True))
precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)
for i in range(3):
    print(f"class {i}: precision={precision[i]:.3f} recall={recall[i]:.3f} f1={f1[i]:.3f} support={support[i]}")
print(precision.mean(), f1)
print(classification_report(y_true, y_pred, zero_division=0))
top = probs.max(dim=-1).values
print(top, round(top.mean().item(), 4))
confident = probs[probs.max(dim=-1).values > 0.5]
print(confident)
print(probs.numpy().argmax(axis=1), probs.numpy().dtype, probs.numpy().shape)
