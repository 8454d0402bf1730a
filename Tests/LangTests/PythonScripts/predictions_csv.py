import csv
import statistics

rows = [
    {"id": 1, "text": "great, thanks!", "label": "positive", "pred": "positive", "score": 0.91},
    {"id": 2, "text": 'worst "service"', "label": "negative", "pred": "negative", "score": 0.84},
    {"id": 3, "text": "ok\nI guess", "label": "neutral", "pred": "negative", "score": 0.51},
    {"id": 4, "text": "", "label": "positive", "pred": "neutral", "score": 0.4},
]
with open("preds.csv", "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["id", "text", "label", "pred", "score"])
    writer.writeheader()
    writer.writerows(rows)
with open("preds.csv", newline="") as f:
    raw = f.read()
print(repr(raw))
with open("preds.csv", newline="") as f:
    reader = csv.DictReader(f)
    print(reader.fieldnames)
    back = list(reader)
print(back[2])
correct = sum(r["label"] == r["pred"] for r in back)
print(correct, len(back), correct / len(back))
scores = [float(r["score"]) for r in back]
print(statistics.mean(scores), statistics.median(scores), round(statistics.stdev(scores), 6))
labels = sorted({r["label"] for r in back})
matrix = {t: {p: 0 for p in labels} for t in labels}
for r in back:
    matrix[r["label"]][r["pred"]] += 1
for t in labels:
    print(t, [matrix[t][p] for p in labels])
with open("summary.tsv", "w", newline="") as f:
    w = csv.writer(f, delimiter="\t", lineterminator="\n")
    w.writerow(["label", "count"])
    for t in labels:
        w.writerow([t, sum(matrix[t].values())])
print(open("summary.tsv").read(), end="")
with open("summary.tsv") as f:
    print(list(csv.reader(f, delimiter="\t")))
