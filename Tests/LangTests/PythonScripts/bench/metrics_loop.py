# Classification metrics over 100k (prediction, label) pairs in plain loops.
N = 100000
C = 4
preds = []
labels = []
seed = 7
for i in range(N):
    seed = (seed * 1103515245 + 12345) % 2147483648
    label = (seed >> 16) % C
    noise = (seed >> 8) % 10
    pred = label if noise < 7 else (label + noise) % C
    preds.append(pred)
    labels.append(label)

correct = 0
for p, y in zip(preds, labels):
    if p == y:
        correct += 1
accuracy = correct / N

confusion = [[0] * C for _ in range(C)]
for i in range(N):
    confusion[labels[i]][preds[i]] += 1

f1s = []
for c in range(C):
    tp = confusion[c][c]
    fp = sum(confusion[r][c] for r in range(C)) - tp
    fn = sum(confusion[c]) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f1s.append(f1)
    print(f"class {c}: precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")

tp = fp = fn = tn = 0
for p, y in zip(preds, labels):
    pos_p = p == 1
    pos_y = y == 1
    if pos_p and pos_y:
        tp += 1
    elif pos_p:
        fp += 1
    elif pos_y:
        fn += 1
    else:
        tn += 1
print(f"accuracy={accuracy:.4f} macro_f1={sum(f1s) / C:.4f}")
print(confusion)
print(tp, fp, fn, tn)
