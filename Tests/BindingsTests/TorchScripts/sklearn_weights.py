# sample_weight on scikit-learn's classification metrics, roc_auc_score's max_fpr / multi_class="ovo" / labels=,
# and evaluate.combine: run by lorarepl (TorchSurfaceTests) and once by CPython with scikit-learn 1.9 and
# evaluate 0.4 (its metric scripts offline).
from sklearn.metrics import accuracy_score, precision_score, recall_score, f1_score, confusion_matrix
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score
import evaluate


def r(values):
    return [round(float(v), 6) for v in values]


y_true = [0, 1, 2, 2, 1, 0, 1, 2, 0, 1]
y_pred = [0, 2, 2, 1, 1, 0, 1, 2, 1, 1]
w = [0.5, 2.0, 1.0, 1.5, 1.0, 0.25, 3.0, 1.0, 2.0, 0.75]
iw = [1, 2, 1, 3, 1, 1, 2, 1, 2, 1]
print("accuracy", round(accuracy_score(y_true, y_pred, sample_weight=w), 6), float(accuracy_score(y_true, y_pred, normalize=False, sample_weight=w)))
print("accuracy int", round(accuracy_score(y_true, y_pred, sample_weight=iw), 6))
for average in ["micro", "macro", "weighted"]:
    print(average, round(precision_score(y_true, y_pred, average=average, sample_weight=w), 6),
          round(recall_score(y_true, y_pred, average=average, sample_weight=w), 6),
          round(f1_score(y_true, y_pred, average=average, sample_weight=w), 6))
print("binary", round(f1_score([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], sample_weight=[1.0, 0.5, 2.0, 1.0, 1.5]), 6))
p, rc, f, s = precision_recall_fscore_support(y_true, y_pred, sample_weight=w)
print("prfs", r(p), r(rc), r(f), r(s))
p, rc, f, s = precision_recall_fscore_support(y_true, y_pred, sample_weight=iw)
print("prfs int", r(s))
p, rc, f, s = precision_recall_fscore_support(y_true, y_pred, average="weighted", sample_weight=w, beta=2)
print("prfs weighted", round(p, 6), round(rc, 6), round(f, 6), s)
print("f1 none", r(f1_score(y_true, y_pred, average=None, sample_weight=w)))
print("cm", [r(row) for row in confusion_matrix(y_true, y_pred, sample_weight=w)])
print("cm int", confusion_matrix(y_true, y_pred, sample_weight=iw).tolist())
print("cm norm", [r(row) for row in confusion_matrix(y_true, y_pred, sample_weight=w, normalize="true")])

binary = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
scores = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.55, 0.3, 0.05]
for max_fpr in [None, 0.1, 0.25, 0.5, 1.0]:
    print("max_fpr", max_fpr, round(roc_auc_score(binary, scores, max_fpr=max_fpr), 6))
print("ties", round(roc_auc_score([0, 1, 0, 1, 1, 0], [0.5, 0.5, 0.2, 0.7, 0.5, 0.7], max_fpr=0.4), 6))
probs = [[0.5, 0.2, 0.3], [0.1, 0.3, 0.6], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3], [0.25, 0.5, 0.25],
         [0.3, 0.6, 0.1], [0.2, 0.7, 0.1], [0.45, 0.1, 0.45], [0.4, 0.4, 0.2], [0.3, 0.5, 0.2]]
print("ovo", round(roc_auc_score(y_true, probs, multi_class="ovo"), 6),
      round(roc_auc_score(y_true, probs, multi_class="ovo", average="weighted"), 6))
print("ovr", round(roc_auc_score(y_true, probs, multi_class="ovr"), 6))
print("labels", round(roc_auc_score(y_true, probs, multi_class="ovr", labels=[0, 1, 2]), 6),
      round(roc_auc_score([0, 1, 0, 1, 0, 1], [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.2, 0.3], [0.1, 0.5, 0.4],
                                             [0.4, 0.4, 0.2], [0.3, 0.6, 0.1]], multi_class="ovo", labels=[0, 1, 2]), 6))
for bad in [dict(max_fpr=0.5, multi_class="ovr"), dict(multi_class="ovo", average=None), dict(multi_class="ovr", labels=[0, 2, 1])]:
    try:
        roc_auc_score(y_true, probs, **bad)
    except Exception as error:
        print(type(error).__name__, str(error).split("\n")[0])

clf_metrics = evaluate.combine(["accuracy", "f1", "precision", "recall"])
result = clf_metrics.compute(predictions=[0, 1, 0, 1, 1], references=[0, 1, 1, 1, 0])
print(sorted((k, round(v, 6)) for k, v in result.items()))
twice = evaluate.combine([evaluate.load("accuracy"), evaluate.load("accuracy")])
print(sorted(twice.compute(predictions=[1, 0], references=[1, 1]).items()))
prefixed = evaluate.combine(["accuracy", "f1"], force_prefix=True)
prefixed.add_batch(predictions=[1, 0, 1], references=[1, 1, 1])
print(sorted((k, round(v, 6)) for k, v in prefixed.compute().items()))
print(round(evaluate.load("accuracy").compute(predictions=[0, 1, 1], references=[0, 1, 0], sample_weight=[0.5, 1.0, 2.0])["accuracy"], 6))
