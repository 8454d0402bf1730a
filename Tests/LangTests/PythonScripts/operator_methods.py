# Operator special methods: arithmetic (with reflected and in-place forms), comparisons, hashing, containers.
import math


class Vector:
    def __init__(self, *components):
        self.components = list(components)

    def __repr__(self):
        return "Vector(" + ", ".join(str(c) for c in self.components) + ")"

    def __str__(self):
        return "<" + ", ".join(f"{c:g}" for c in self.components) + ">"

    def __add__(self, other):
        if isinstance(other, Vector):
            return Vector(*[a + b for a, b in zip(self.components, other.components)])
        return NotImplemented

    def __sub__(self, other):
        return Vector(*[a - b for a, b in zip(self.components, other.components)])

    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vector(*[a * k for a in self.components])
        return NotImplemented

    def __rmul__(self, k):
        return self * k

    def __truediv__(self, k):
        return Vector(*[a / k for a in self.components])

    def __matmul__(self, other):
        return sum(a * b for a, b in zip(self.components, other.components))

    def __neg__(self):
        return Vector(*[-a for a in self.components])

    def __abs__(self):
        return math.sqrt(self @ self)

    def __eq__(self, other):
        return isinstance(other, Vector) and self.components == other.components

    def __hash__(self):
        return hash(tuple(self.components))

    def __len__(self):
        return len(self.components)

    def __getitem__(self, i):
        return self.components[i]

    def __setitem__(self, i, value):
        self.components[i] = value

    def __delitem__(self, i):
        del self.components[i]

    def __iadd__(self, other):
        self.components = [a + b for a, b in zip(self.components, other.components)]
        return self

    def __bool__(self):
        return any(self.components)


v = Vector(1, 2, 3)
w = Vector(4, 5, 6)
print(v + w, v - w, v * 2, 3 * v, w / 2)
print(repr(v + w), str(v), f"{v}", f"{v!r}")
print(v @ w, -v, v == Vector(1, 2, 3), v != w, v == 3)
print(len(v), v[0], v[-1], v[1:])
print(abs(Vector(3, 4)))
v[0] = 10
print(v)
del v[0]
print(v, len(v))
u = v
u += Vector(1, 1)
print(u, v, u is v)
print(bool(Vector(0, 0)), bool(Vector(0, 1)))
print({Vector(1, 2): "a"}[Vector(1, 2)], len({Vector(1, 2), Vector(1, 2), Vector(2, 1)}))
try:
    v + 1
except TypeError as e:
    print("TypeError:", e)


class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __le__(self, other):
        return self.parts <= other.parts

    def __gt__(self, other):
        return self.parts > other.parts

    def __ge__(self, other):
        return self.parts >= other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


versions = [Version("1.10.0"), Version("1.2.3"), Version("0.9"), Version("1.2.10")]
print(sorted(versions))
print(max(versions), min(versions))
print(Version("1.2") < Version("1.10"), Version("2.0") >= Version("2.0"), Version("1.0") > Version("1.0"))
print(sorted(versions, reverse=True)[0])
try:
    {Version("1.0")}
except TypeError as e:
    print("TypeError:", e)
