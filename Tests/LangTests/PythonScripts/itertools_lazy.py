# itertools without materialising infinite iterators.
import itertools
from itertools import (accumulate, chain, combinations, count, cycle, groupby, islice, permutations, product,
                       repeat, zip_longest, takewhile, dropwhile, starmap, compress, pairwise, filterfalse,
                       combinations_with_replacement)

print(list(islice(count(), 5)), list(islice(count(10, 2.5), 3)))
print(list(islice(cycle("abc"), 7)), list(repeat("x", 3)), list(zip(range(3), repeat(0))))
print(list(islice(range(20), 2, 10, 3)), list(islice("abcdef", None)), list(islice("abcdef", 2, None)))
print(list(accumulate([3, 1, 4, 1, 5])), list(accumulate([3, 1, 4, 1, 5], max)), list(accumulate([1, 2, 3], initial=100)))
print(list(chain("ab", [1, 2], (3,))), list(chain.from_iterable([[1, 2], [3]])))
print(list(combinations("abcd", 2)))
print(list(combinations(range(5), 4)), list(combinations("ab", 3)))
print(list(permutations([1, 2, 3])))
print(len(list(permutations(range(5), 3))), list(permutations("ab", 1)))
print(list(product([0, 1], repeat=3)))
print(list(product("ab", "xy")), list(product()))
print(list(combinations_with_replacement("abc", 2)))
data = sorted(["apple", "avocado", "banana", "blueberry", "cherry", "apricot"], key=lambda w: w[0])
for letter, group in groupby(data, key=lambda w: w[0]):
    print(letter, list(group))
print([(k, len(list(g))) for k, g in groupby("aaabbbcca")])
print(list(zip_longest([1, 2, 3], "ab")), list(zip_longest("a", "bcd", fillvalue="?")))
print(list(takewhile(lambda x: x < 5, count(1))), list(islice(dropwhile(lambda x: x < 5, count(1)), 3)))
print(list(starmap(pow, [(2, 3), (3, 2)])), list(compress("abcdef", [1, 0, 1, 0, 1, 1])))
print(list(pairwise("abcd")), list(filterfalse(lambda x: x % 2, range(8))))
evens = (n for n in count() if n % 2 == 0)
print(list(islice(evens, 4)), next(evens))
lr = islice(accumulate(repeat(0.5), lambda a, b: a * b), 4)
print(list(lr))
batches = iter(lambda: None, 1) if False else None
it = iter(range(10))
print(list(islice(it, 3)), list(islice(it, 3)), next(it))
print(sum(1 for _ in itertools.islice(itertools.count(), 1000)))
