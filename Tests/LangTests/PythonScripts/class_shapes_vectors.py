# Classes the way tutorials teach them: an abstract base, properties with validation, operator
# overloading, iteration and container protocols, class/static methods, __repr__/__str__, sorting by key.
import math
from abc import ABC, abstractmethod


class Shape(ABC):
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    @abstractmethod
    def area(self):
        ...

    def perimeter(self):
        raise NotImplementedError(f"{type(self).__name__} has no perimeter")

    def __str__(self):
        return f"{self.name} with area {self.area():.2f}"

    def __lt__(self, other):
        return self.area() < other.area()


class Circle(Shape):
    def __init__(self, radius):
        super().__init__("circle")
        self.radius = radius

    @property
    def radius(self):
        return self._radius

    @radius.setter
    def radius(self, value):
        if value <= 0:
            raise ValueError("radius must be positive")
        self._radius = value

    def area(self):
        return math.pi * self.radius ** 2

    def perimeter(self):
        return 2 * math.pi * self.radius

    def __repr__(self):
        return f"Circle(radius={self.radius!r})"


class Rectangle(Shape):
    def __init__(self, width, height):
        super().__init__("rectangle")
        self.width, self.height = width, height

    @classmethod
    def square(cls, side):
        return cls(side, side)

    @staticmethod
    def is_valid(width, height):
        return width > 0 and height > 0

    def area(self):
        return self.width * self.height

    def __repr__(self):
        return f"{type(self).__name__}({self.width}, {self.height})"


class Triangle(Shape):
    def __init__(self, a, b, c):
        super().__init__("triangle")
        self.sides = (a, b, c)

    def area(self):
        s = sum(self.sides) / 2
        a, b, c = self.sides
        return math.sqrt(s * (s - a) * (s - b) * (s - c))

    def __repr__(self):
        return "Triangle" + repr(self.sides)


try:
    Shape("abstract")
except TypeError as error:
    print("TypeError:", error)

shapes = [Circle(1.5), Rectangle(2, 3), Rectangle.square(2.5), Triangle(3, 4, 5)]
for shape in sorted(shapes):
    print(f"{shape!s:<32} {shape!r}")
print(Shape.count, Rectangle.is_valid(1, 0), [type(s).__name__ for s in sorted(shapes, key=lambda s: -s.area())])
try:
    shapes[0].radius = -1
except ValueError as error:
    print("ValueError:", error, shapes[0].radius)
try:
    Triangle(3, 4, 5).perimeter()
except NotImplementedError as error:
    print("NotImplementedError:", error)
print(f"{sum(s.perimeter() for s in shapes if isinstance(s, Circle)):.4f}", isinstance(shapes[2], Shape), issubclass(Circle, ABC))


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x=0.0, y=0.0):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __bool__(self):
        return bool(self.x or self.y)

    def __iter__(self):
        yield self.x
        yield self.y

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __repr__(self):
        return f"Vector({self.x:g}, {self.y:g})"

    def __format__(self, spec):
        return f"<{format(self.x, spec)}, {format(self.y, spec)}>"


a, b = Vector(3, 4), Vector(1, -2)
print(a + b, a - b, a * 2, 3 * b, -a, abs(a), a == Vector(3, 4), a != b, bool(Vector()), bool(a))
print(list(a), a[1], tuple(b), {a, Vector(3, 4), b} == {a, b}, f"{a:.2f}", max(a), sum(b))
x, y = a
print(x, y, sorted([a, b, Vector(0, 1)], key=abs))


class Playlist:
    def __init__(self, *songs):
        self._songs = list(songs)

    def __len__(self):
        return len(self._songs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Playlist(*self._songs[index])
        return self._songs[index]

    def __contains__(self, song):
        return song.lower() in (s.lower() for s in self._songs)

    def __iter__(self):
        return iter(self._songs)

    def __reversed__(self):
        return reversed(self._songs)

    def __repr__(self):
        return f"Playlist({', '.join(map(repr, self._songs))})"

    def __add__(self, other):
        return Playlist(*self._songs, *other)

    def __call__(self, n):
        return self._songs[:n]


p = Playlist("Intro", "Song A", "Song B", "Outro")
print(len(p), p[0], p[-1], p[1:3], "song a" in p, "song c" in p, list(reversed(p))[:2], p(2))
print(p + Playlist("Bonus"), [s.upper() for s in p if s.startswith("Song")], next(enumerate(p)))
