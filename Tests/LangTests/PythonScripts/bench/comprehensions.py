# List, dict and set comprehensions and generator expressions over 100k items.
N = 100000
values = [i * 3 % 1000 for i in range(N)]
squares = [v * v for v in values if v % 2 == 0]
buckets = {v: v // 100 for v in values}
distinct = {v % 97 for v in values}
pairs = [(i, v) for i, v in enumerate(values) if v > 500]
scaled = [v / 10 for v in values]
total = sum(v for v in values if v % 3 == 0)
nested = [[j * i for j in range(10)] for i in range(10000)]
flat = [x for row in nested for x in row if x % 5 == 0]
words = [str(v) for v in values[:50000]]
lengths = {w: len(w) for w in words}
print(len(squares), sum(squares), len(buckets), len(distinct), len(pairs))
print(round(sum(scaled), 3), total, len(flat), sum(flat), len(lengths))
