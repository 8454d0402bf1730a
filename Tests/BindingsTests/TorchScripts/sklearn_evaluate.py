# scikit-learn's stratified train_test_split, KFold, StratifiedKFold, precision_recall_fscore_support,
# roc_auc_score, matthews_corrcoef, and evaluate.load(...).compute(), against scikit-learn 1.9, evaluate
# 0.4 (its metric scripts), rouge_score 0.1.2 and seqeval 1.2.2.
import numpy as np
import evaluate
from sklearn.model_selection import train_test_split, KFold, StratifiedKFold
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score, matthews_corrcoef, f1_score

def show(x):
    if x is None:
        return None
    if isinstance(x, (int, float)):
        return round(float(x), 6)
    return [round(float(v), 6) for v in x]

labels = [0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 2, 1, 0, 0, 1, 2, 0, 1, 1, 0, 2, 2, 0, 1, 0, 2, 1, 0, 0]
texts = ["t%d" % i for i in range(len(labels))]
print("-- train_test_split(stratify=)")
for seed in [0, 1, 42]:
    for size in [0.2, 0.3, 7]:
        a_train, a_test, y_train, y_test = train_test_split(texts, labels, test_size=size, random_state=seed, stratify=labels)
        print(seed, size, a_train, a_test, y_test)
names = ["neg", "pos", "pos", "neu", "neg", "neg", "pos", "neu", "neg", "pos", "neu", "neg"]
print(train_test_split(list(range(12)), test_size=0.25, random_state=3, stratify=names))
print(train_test_split(list(range(12)), train_size=5, test_size=4, random_state=5, stratify=names))

print("-- KFold / StratifiedKFold")
for settings in [dict(n_splits=5), dict(n_splits=4, shuffle=True, random_state=0), dict(n_splits=3, shuffle=True, random_state=42)]:
    folds = KFold(**settings)
    print(folds.get_n_splits(), [(train.tolist(), test.tolist()) for train, test in folds.split(texts)])
for settings in [dict(n_splits=5), dict(n_splits=4, shuffle=True, random_state=0), dict(n_splits=3, shuffle=True, random_state=7)]:
    folds = StratifiedKFold(**settings)
    print([(train.tolist(), test.tolist()) for train, test in folds.split(texts, labels)])
print([test.tolist() for _, test in StratifiedKFold(n_splits=3, shuffle=True, random_state=1).split(names, names)])

print("-- precision_recall_fscore_support")
y_true = [0, 1, 2, 2, 1, 0, 1, 2, 0, 2]
y_pred = [0, 2, 2, 2, 1, 0, 0, 2, 1, 1]
for average in [None, "micro", "macro", "weighted"]:
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=average)
    print(average, show(p), show(r), show(f), None if s is None else [int(v) for v in s])
p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average="macro", beta=0.5)
print(show(p), show(r), show(f))
p, r, f, s = precision_recall_fscore_support([1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 1], average="binary")
print(show(p), show(r), show(f), s)
never = [0, 1, 0, 1, 0, 0, 1, 0, 0, 1]
for zero in [0, 1]:
    p, r, f, s = precision_recall_fscore_support(y_true, never, average=None, zero_division=zero)
    print(zero, show(p), show(r), show(f), [int(v) for v in s])
p, r, f, s = precision_recall_fscore_support(["a", "b", "a", "c"], ["a", "a", "a", "c"], average=None, labels=["c", "a"])
print(show(p), show(r), show(f), [int(v) for v in s])
print(show(f1_score(y_true, y_pred, average=None)))

print("-- roc_auc_score")
y = [0, 0, 1, 1, 0, 1, 1, 0]
scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.05]
print(round(roc_auc_score(y, scores), 10), round(roc_auc_score(["neg", "neg", "pos", "pos", "neg", "pos", "pos", "neg"], scores), 10))
print(round(roc_auc_score([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]), 10), round(roc_auc_score([3, 7, 7, 3, 7], [0.2, 0.9, 0.4, 0.4, 0.1]), 10))
y3 = [0, 1, 2, 2, 1, 0, 1, 2]
probabilities = [[0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4], [0.25, 0.25, 0.5], [0.6, 0.3, 0.1],
                 [0.1, 0.8, 0.1], [0.5, 0.1, 0.4]]
print(round(roc_auc_score(y3, probabilities, multi_class="ovr"), 10),
      round(roc_auc_score(y3, probabilities, multi_class="ovr", average="weighted"), 10),
      show(roc_auc_score(y3, probabilities, multi_class="ovr", average=None)))

print("-- matthews_corrcoef")
print(round(matthews_corrcoef([1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 1]), 10), round(matthews_corrcoef(y_true, y_pred), 10),
      matthews_corrcoef([1, 1, 1], [1, 1, 1]), round(matthews_corrcoef(["a", "b", "b", "c"], ["a", "b", "c", "c"]), 10))

print("-- evaluate")
accuracy = evaluate.load("accuracy")
print(accuracy.compute(predictions=[0, 1, 1, 0], references=[0, 1, 0, 0]))
print(accuracy.compute(predictions=[0, 1, 1, 0], references=[0, 1, 0, 0], normalize=False))
accuracy.add_batch(predictions=[0, 1], references=[0, 1])
accuracy.add_batch(predictions=[1, 1], references=[0, 1])
accuracy.add(prediction=2, reference=2)
print(accuracy.compute())
f1 = evaluate.load("f1")
print({k: round(v, 10) for k, v in f1.compute(predictions=y_pred, references=y_true, average="macro").items()})
print({k: round(v, 10) for k, v in f1.compute(predictions=[1, 0, 1, 1], references=[1, 1, 1, 0]).items()})
print(show(f1.compute(predictions=y_pred, references=y_true, average=None)["f1"]))
precision = evaluate.load("precision")
recall = evaluate.load("recall")
print(round(precision.compute(predictions=never, references=y_true, average="macro", zero_division=1)["precision"], 10),
      round(recall.compute(predictions=y_pred, references=y_true, average="weighted")["recall"], 10))

rouge = evaluate.load("rouge")
predictions = ["the cat sat on the mat", "hello there general kenobi", "A quick brown fox.\nIt jumps over the lazy dog!",
               "Numbers 42 and 7-up, café"]
references = ["the cat is on the mat", "hello there", "The quick brown fox jumps.\nOver the lazy dog it went.",
              "numbers 42 and 7 up cafe"]
result = rouge.compute(predictions=predictions, references=references, use_aggregator=False)
print({k: [round(x, 6) for x in v] for k, v in result.items()})
np.random.seed(0)
result = rouge.compute(predictions=predictions, references=references)
print({k: round(float(v), 6) for k, v in result.items()})
result = rouge.compute(predictions=predictions[:2], references=[["a cat on a mat", "the cat is on the mat"], ["hello", "general kenobi"]],
                       rouge_types=["rouge1", "rougeL"], use_aggregator=False)
print({k: [round(x, 6) for x in v] for k, v in result.items()})

seqeval = evaluate.load("seqeval")
predictions = [["O", "B-PER", "I-PER", "O", "B-LOC"], ["I-ORG", "I-ORG", "O", "B-MISC"], ["B-PER", "I-LOC", "O"]]
references = [["O", "B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "O"], ["B-PER", "I-PER", "O"]]
result = seqeval.compute(predictions=predictions, references=references)
for key, value in result.items():
    if isinstance(value, dict):
        print(key, {k: round(float(v), 6) for k, v in value.items()})
    else:
        print(key, round(float(value), 6))
