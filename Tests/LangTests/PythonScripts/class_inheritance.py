# Single and multiple inheritance, super(), the MRO, class and instance attributes.
class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        raise NotImplementedError("subclasses compute their area")

    def describe(self):
        return f"{self.name} with area {self.area():.2f}"


class Rectangle(Shape):
    def __init__(self, width, height):
        super().__init__("rectangle")
        self.width = width
        self.height = height

    def area(self):
        return self.width * self.height


class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"


class Circle(Shape):
    def __init__(self, radius):
        Shape.__init__(self, "circle")
        self.radius = radius

    def area(self):
        return 3.14159 * self.radius ** 2


shapes = [Rectangle(2, 3), Square(4), Circle(1)]
for s in shapes:
    print(s.describe())
print(Shape.count, shapes[0].count)
print([type(s).__name__ for s in shapes])
print(isinstance(shapes[1], Rectangle), isinstance(shapes[1], Shape), isinstance(shapes[2], Rectangle))
print(issubclass(Square, Shape), issubclass(Shape, Square), issubclass(Square, (Circle, Rectangle)))
print([c.__name__ for c in Square.__mro__])
try:
    Shape("blob").area()
except NotImplementedError as e:
    print("NotImplementedError:", e)


class A:
    def who(self):
        return "A"


class B(A):
    def who(self):
        return "B>" + super().who()


class C(A):
    def who(self):
        return "C>" + super().who()


class D(B, C):
    def who(self):
        return "D>" + super().who()


print(D().who())
print([k.__name__ for k in D.__mro__])
print(hasattr(D(), "who"), hasattr(D(), "what"), getattr(D(), "what", "default"))
d = D()
setattr(d, "label", 7)
print(d.label, getattr(d, "label"), vars(d))
d.label += 1
print(d.label)
del d.label
print(hasattr(d, "label"))


class Counter:
    instances = []

    def __init__(self):
        self.n = 0
        Counter.instances.append(self)

    def tick(self, by=1):
        self.n += by
        return self


c = Counter().tick().tick(5)
print(c.n, len(Counter.instances))
print(Counter.tick(c, 2).n)
