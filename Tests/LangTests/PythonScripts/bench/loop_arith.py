# Integer arithmetic and a dict of counts in a 1M-iteration range loop.
counts = {}
total = 0
for i in range(1000000):
    k = i % 7
    total += i * 2 - k
    counts[k] = counts.get(k, 0) + 1
print(total, counts)
