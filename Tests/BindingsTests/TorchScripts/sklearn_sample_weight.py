# sample_weight on roc_auc_score (binary, max_fpr, one-vs-rest macro/weighted/None), matthews_corrcoef and
# classification_report: run by lorarepl (TorchSurfaceTests) and once by CPython with scikit-learn 1.9.1.
from sklearn.metrics import roc_auc_score, matthews_corrcoef, classification_report

y_true = [0, 1, 2, 2, 1, 0, 1, 2, 0, 1]
y_pred = [0, 2, 2, 1, 1, 0, 1, 2, 1, 1]
w = [0.5, 2.0, 1.0, 1.5, 1.0, 0.25, 3.0, 1.0, 2.0, 0.75]
iw = [1, 2, 1, 3, 1, 1, 2, 1, 2, 1]

binary = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0]
scores = [0.1, 0.8, 0.35, 0.4, 0.8, 0.2, 0.65, 0.9, 0.7, 0.35]
print("auc", round(roc_auc_score(binary, scores), 6), round(roc_auc_score(binary, scores, sample_weight=w), 6),
      round(roc_auc_score(binary, scores, sample_weight=iw), 6))
print("auc max_fpr", round(roc_auc_score(binary, scores, sample_weight=w, max_fpr=0.5), 6))
print("auc zero weight", round(roc_auc_score(binary, scores, sample_weight=[0.0, 1, 1, 1, 1, 1, 1, 1, 0.0, 1]), 6))
probs = [[0.7, 0.2, 0.1], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.2, 0.5, 0.3], [0.3, 0.6, 0.1],
         [0.6, 0.3, 0.1], [0.1, 0.7, 0.2], [0.2, 0.2, 0.6], [0.4, 0.5, 0.1], [0.3, 0.4, 0.3]]
for average in ["macro", "weighted", None]:
    value = roc_auc_score(y_true, probs, multi_class="ovr", average=average, sample_weight=w)
    print("ovr", average, round(float(value), 6) if average else [round(float(v), 6) for v in value])
try:
    roc_auc_score(y_true, probs, multi_class="ovo", sample_weight=w)
except ValueError as err:
    print("ovo error:", err)

print("mcc", round(matthews_corrcoef(y_true, y_pred), 6), round(matthews_corrcoef(y_true, y_pred, sample_weight=w), 6),
      round(matthews_corrcoef(binary, [0, 1, 0, 0, 1, 1, 1, 1, 0, 0], sample_weight=iw), 6))
print("mcc strings", round(matthews_corrcoef(["a", "b", "b", "a"], ["a", "b", "a", "a"], sample_weight=[1.0, 2.0, 0.5, 1.5]), 6))

print(classification_report(y_true, y_pred, sample_weight=w))
print(classification_report(y_true, y_pred, sample_weight=iw, digits=3, target_names=["neg", "neu", "pos"]))
print(classification_report(y_true, y_pred, labels=[1, 2], sample_weight=w))
