# Values are released in the same order as CPython: a generator suspended inside try/finally runs its
# finally block when the last reference goes (list items, dict values, a call's local variables).
def tracked(name):
    try:
        yield name
    finally:
        print("closed", name)


def locals_released():
    a = tracked("local a")
    next(a)
    b = tracked("local b")
    next(b)
    print("returning")
    return 1


print(locals_released())

items = [tracked("list 0"), tracked("list 1"), tracked("list 2")]
for g in items:
    next(g)
g = None
print("deleting the list")
del items

table = {"x": tracked("dict x"), "y": tracked("dict y")}
for g in table.values():
    next(g)
g = None
print("deleting the dict")
del table


def star(*args):
    return args


def first(*args):
    return args[0]


kept = [star(i, i + 1) for i in range(3)]
print(kept, [first(i, "x") for i in range(3)])
print(max(3, 7), min([4, 2]), "-".join(str(i) for i in range(4)), sorted([3, 1, 2], reverse=True))
