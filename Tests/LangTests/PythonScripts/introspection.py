# Introspection of classes and instances: type, __class__, __name__, __mro__, __dict__, vars, getattr.
class Base:
    """A base."""
    kind = "base"

    def greet(self):
        return "hello from " + type(self).__name__


class Child(Base):
    kind = "child"

    def __init__(self, x):
        self.x = x


c = Child(3)
print(type(c).__name__, c.__class__.__name__, type(c) is Child, type(c) == Base)
print([k.__name__ for k in Child.__mro__], Child.__bases__[0].__name__, Base.__doc__)
print(vars(c), c.__dict__, "greet" in Base.__dict__, "greet" in Child.__dict__)
print(isinstance(c, (int, Base)), isinstance(3, (str, Base)), issubclass(Child, object), issubclass(bool, int))
method = getattr(c, "greet")
print(method(), callable(method), getattr(Child, "kind"), getattr(c, "missing", None))
print(hasattr(Child, "greet"), hasattr(c, "x"), hasattr(c, "y"))
setattr(Child, "kind", "changed")
print(c.kind, Base.kind)
c.kind = "instance"
print(c.kind, Child.kind)
del c.kind
print(c.kind)
print(Child.greet(c), Base.greet(c))
print(type(Child).__name__, type(len).__name__, type(None).__name__, type(c.greet).__name__)
print(isinstance(Child, type), type(3) is int, type("s")(5), type(c)(7).x)
f = lambda: 0
print(f.__name__, Child.__name__, Child.__qualname__, Child.__module__)
