# Generators over a file: write a small corpus, then stream it through a lazy pipeline.
rows = ["id,text,label", "1,I loved this movie,1", "2,  terrible plot  ,0", "", "# comment line", "3,Great acting!,1",
        "4,not my thing,0"]
with open("reviews.csv", "w") as f:
    for row in rows:
        f.write(row + "\n")


def read_lines(path):
    with open(path) as f:
        for line in f:
            yield line.rstrip("\n")


def skip_blank_and_comments(lines):
    for line in lines:
        if line.strip() and not line.startswith("#"):
            yield line


def parse(lines):
    header = next(lines).split(",")
    for line in lines:
        yield dict(zip(header, line.split(",", 2)))


def tokenize(records):
    for record in records:
        record["tokens"] = record["text"].strip().lower().rstrip("!").split()
        yield record


pipeline = tokenize(parse(skip_blank_and_comments(read_lines("reviews.csv"))))
print(type(pipeline).__name__)
first = next(pipeline)
print(first["id"], first["tokens"], first["label"])
for record in pipeline:
    print(record["id"], len(record["tokens"]), record["label"])

positives = sum(1 for r in parse(skip_blank_and_comments(read_lines("reviews.csv"))) if r["label"] == "1")
print("positives:", positives)


def numbered(path):
    for number, line in enumerate(read_lines(path), start=1):
        yield f"{number:>3}: {line}"


with open("numbered.txt", "w") as out:
    for line in numbered("reviews.csv"):
        out.write(line + "\n")
with open("numbered.txt") as f:
    print(f.read().splitlines()[:3])
