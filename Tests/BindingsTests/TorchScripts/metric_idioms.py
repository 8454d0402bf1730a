# compute_metrics idioms with numpy and torch: NumPy keyword names (axis=, keepdims=) on both.
# Run by lorarepl (TorchSurfaceTests) and once by CPython + numpy 2 + PyTorch (metric_idioms.expected).
import numpy as np
import torch

logits = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
labels = np.array([1, 0, 0, 0])
preds = np.argmax(logits, axis=-1)
print(preds, preds.shape)
probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
print(probs.round(3))
print(np.mean(preds == labels), (preds == labels).sum())
print(np.unique(labels, return_counts=True))
print(np.bincount(labels))
print(np.where(preds == 1)[0])
print(logits.max(axis=1), logits.argmax(1))
print(np.percentile([1, 2, 3, 4], 50), round(float(np.std([1.0, 2.0, 3.0])), 6))
print(np.concatenate([labels, preds]))
t = torch.tensor(logits, dtype=torch.float32)
print(tuple(t.sum(axis=1, keepdims=True).shape), t.mean(axis=0).tolist() == t.mean(dim=0).tolist())
print(t.argmax(axis=1).tolist(), tuple(t.max(dim=1, keepdims=True).values.shape))
print(tuple(torch.softmax(t, dim=-1).sum(dim=-1, keepdim=True).shape))
