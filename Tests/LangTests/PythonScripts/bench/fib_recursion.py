# Naive recursion and many small function calls.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def add(a, b=1):
    return a + b


def clamp(x, low, high):
    if x < low:
        return low
    if x > high:
        return high
    return x


print(fib(24))
total = 0
for i in range(200000):
    total = add(total, clamp(i % 13, 2, 9))
print(total)
