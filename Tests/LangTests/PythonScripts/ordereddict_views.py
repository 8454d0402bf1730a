# OrderedDict views print as odict_keys/odict_values/odict_items; move_to_end and popitem(last=)
from collections import OrderedDict

od = OrderedDict([("a", 1), ("b", 2), ("c", 3)])
print(od.keys(), od.values(), od.items())
print(list(od.keys()), len(od.keys()), "a" in od.keys(), ("a", 1) in od.items(), list(reversed(od.keys())))
print(type(od.keys()).__name__, repr(od.items()), [k for k in od.keys()], sorted(od.values(), reverse=True))
od.move_to_end("a")
print(od)
od.move_to_end("a", last=False)
print(od)
print(od.popitem(), od)
print(od.popitem(last=False), od)
try:
    od.move_to_end("zz")
except KeyError as e:
    print("KeyError:", e)
e = OrderedDict()
try:
    e.popitem()
except KeyError as e2:
    print("KeyError:", e2)
print(repr(OrderedDict()), OrderedDict(x=1) == {"x": 1}, dict(od), od.keys() == {"b"}, OrderedDict().keys())
