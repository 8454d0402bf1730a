# Set comparisons (subset/superset), isdisjoint and frozenset.
train = {1, 2, 3, 4}
test = {3, 4}
other = {7, 8}
print(test <= train, test < train, train >= test, train > test)
print(train <= train, train < train, test > train, other <= train)
print(test.issubset(train), train.issuperset([3]), test.isdisjoint(other), test.isdisjoint([4, 9]))

labels = frozenset(["neg", "pos"])
print(sorted(labels), len(labels), "pos" in labels, type(labels).__name__)
print(frozenset(), frozenset([1, 3, 1]), repr(frozenset({5})))
print(isinstance(labels, frozenset), isinstance(labels, set), frozenset({1, 2}) == {1, 2})

# frozensets are hashable: dict keys and set members.
pairs = {frozenset({"a", "b"}): 1, frozenset({"c"}): 2}
print(pairs[frozenset(["b", "a"])], frozenset({"c"}) in pairs)
seen = {frozenset({1, 2}), frozenset({2, 1}), frozenset({3})}
print(len(seen))
print(hash(frozenset({1, 2})) == hash(frozenset({2, 1})))

# Operators keep the left operand's type, as in CPython.
f = frozenset({1, 2})
s = {2, 3}
print(f | s, f & s, f - s, f ^ s)
print(type(f | s).__name__, type(s | f).__name__, type(s & f).__name__)
print(f.union([9]), f.intersection({1}, {1, 2}), f.difference([1]), f.symmetric_difference({1, 5}))
print(f.copy() is f, f <= {1, 2, 3}, f < f)

try:
    f.add(3)
except AttributeError as error:
    print("AttributeError:", error)
try:
    {[1, 2]: 0}
except TypeError as error:
    print("TypeError:", error)

# Mutating set methods, and in-place operators that change the set itself.
s = {1, 2, 3}
alias = s
s |= {4}
s -= {1}
print(alias, s is alias)
s &= {2, 3, 4, 5}
s ^= {5}
print(alias)
s.update([6], (7,))
s.difference_update({6})
s.intersection_update({2, 3, 4, 7, 8})
s.symmetric_difference_update({3, 9})
print(s)
one = {42}
print(one.pop(), one)
s.clear()
print(s, set().union({1}, [2], (3,)), {1, 2, 3}.difference({1}, [3]), {1, 2}.intersection([2], {2, 3}))
