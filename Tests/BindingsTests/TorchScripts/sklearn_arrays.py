# scikit-learn's functions return numpy arrays (never tensors), printed as numpy prints them.
import numpy as np
import torch
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, f1_score, precision_score, recall_score
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.utils.class_weight import compute_class_weight

labels = [0, 1, 2, 1, 0, 2, 1]
preds = [0, 1, 1, 1, 0, 2, 2]
cm = confusion_matrix(labels, preds)
print(cm)
print(repr(cm), type(cm).__name__, cm.dtype, cm.shape)
print(cm.sum(), cm[1], cm[1, 2], cm.tolist(), cm.argmax(axis=1))
print(confusion_matrix(torch.tensor(labels), torch.tensor(preds)))
print(confusion_matrix(labels, preds, normalize="true"))
print(confusion_matrix(["cat", "dog", "cat"], ["cat", "cat", "cat"]))
p, r, f, s = precision_recall_fscore_support(labels, preds, average=None)
print(p, r, f, s)
print(repr(p), repr(s))
print(precision_recall_fscore_support(labels, preds, average="macro"))
print(f1_score(labels, preds, average=None), precision_score(labels, preds, average=None), recall_score(labels, preds, average=None))
print(f1_score(labels, preds, average="macro"), type(f1_score(labels, preds, average="macro")).__name__)
w = compute_class_weight("balanced", classes=np.array([0, 1, 2]), y=labels)
print(w, repr(w))
for train, test in KFold(n_splits=3).split(list(range(7))):
    print(train, test, repr(test))
for train, test in StratifiedKFold(n_splits=2).split(list(range(7)), labels):
    print(train, test)
xtr, xte, ytr, yte = train_test_split(list(range(10)), list(range(10)), test_size=0.3, random_state=0)
print(xtr, xte)
