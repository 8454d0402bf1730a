import csv
rows = [["id", "text", "label"], [1, "great flight, thanks!", "positive"], [2, 'he said "no"', "negative"], [3, "multi\nline", None], [4, "", 2.5]]
with open("tweets.csv", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(rows[0])
    writer.writerows(rows[1:])
print(repr(open("tweets.csv", newline="").read()))
with open("tweets.csv", newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    print(header)
    for row in reader:
        print(row, reader.line_num)
with open("tweets.csv", newline="") as f:
    for record in csv.DictReader(f):
        print(record["id"], repr(record["text"]), record["label"])
with open("out.tsv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["name", "score"], delimiter="\t")
    w.writeheader()
    w.writerow({"name": "a b", "score": 0.5})
    w.writerow({"name": "tab\there"})
    try:
        w.writerow({"name": "x", "extra": 1})
    except ValueError as e:
        print("ValueError:", e)
print(repr(open("out.tsv").read()))
with open("q.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["a", 1, None])
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(["a", 1, 2.5])
    csv.writer(f).writerow([""])
print(repr(open("q.csv").read()))
lines = ['a, b ,"c, d"', 'x,"y ""z""",', '']
print(list(csv.reader(lines)), list(csv.reader(['a; b'], delimiter=';', skipinitialspace=True)))
print(list(csv.DictReader(["k,v", "1,2,3", "4"], restkey="more")))
print(list(csv.reader(["1,2.5,x"], quoting=csv.QUOTE_NONNUMERIC)) if False else "skip")
