// Generated from stdlib/dataclasses.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let dataclassesSource = ##"""
"""Classes that are mostly data, as in CPython's dataclasses: @dataclass writes __init__, __repr__ and
__eq__ from the annotated fields (and ordering, hashing or frozen instances when asked).

    @dataclass
    class Example:
        text: str
        label: int = 0
        tags: list = field(default_factory=list)

    Example("great movie", 1)    # Example(text='great movie', label=1, tags=[])
    asdict(Example("ok"))        # {'text': 'ok', 'label': 0, 'tags': []}
"""


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen dataclass is assigned."""


class Field:
    """One field of a dataclass (what field() returns and fields() lists)."""

    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return (f"Field(name={self.name!r},type={self.type!r},default={self.default!r},"
                f"default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},"
                f"hash={self.hash!r},compare={self.compare!r},metadata={self.metadata!r},kw_only={self.kw_only!r})")


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=False):
    """Options for one field: default=, default_factory= (a function called for each new instance), init=, repr=, compare=."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(annotation):
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return "ClassVar" in text


def _plural_names(names):
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + " and " + quoted[1]
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _make_init(fields, frozen, qualname):
    positional = [f for f in fields if f.init and not f.kw_only]
    init_names = [f.name for f in fields if f.init]

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            raise TypeError(f"{qualname}.__init__() takes {len(positional) + 1} positional arguments but {len(args) + 1} were given")
        values = {}
        for f, value in zip(positional, args):
            values[f.name] = value
        for name, value in kwargs.items():
            if name not in init_names:
                raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument '{name}'")
            if name in values:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument '{name}'")
            values[name] = value
        missing = [f.name for f in fields if f.init and f.name not in values
                   and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            kind = "positional" if all(not f.kw_only for f in fields if f.name in missing) else "keyword-only"
            raise TypeError(f"{qualname}.__init__() missing {len(missing)} required {kind} argument{'s' if len(missing) > 1 else ''}: "
                            + _plural_names(missing))
        for f in fields:
            if f.name in values:
                value = values[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            elif f.default is not MISSING:
                value = f.default
            else:
                continue
            object.__setattr__(self, f.name, value)
        if hasattr(self, "__post_init__"):
            self.__post_init__()

    return __init__


def _make_repr(fields):
    shown = [f.name for f in fields if f.repr]

    def __repr__(self):
        return type(self).__qualname__ + "(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in shown) + ")"

    return __repr__


def _values(obj, fields):
    return tuple(getattr(obj, f.name) for f in fields if f.compare)


def _make_comparison(fields, op):
    def compare(self, other):
        if type(other) is not type(self):
            return NotImplemented
        a = _values(self, fields)
        b = _values(other, fields)
        if op == "eq":
            return a == b
        if op == "lt":
            return a < b
        if op == "le":
            return a <= b
        if op == "gt":
            return a > b
        return a >= b

    return compare


def _make_hash(fields):
    hashed = [f for f in fields if (f.compare if f.hash is None else f.hash)]

    def __hash__(self):
        return hash(tuple(getattr(self, f.name) for f in hashed))

    return __hash__


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field '{name}'")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field '{name}'")


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen):
    own = cls.__dict__
    collected = {}
    for base in reversed(cls.__mro__[1:]):
        base_fields = base.__dict__.get("__dataclass_fields__")
        if base_fields:
            for f in base_fields.values():
                collected[f.name] = f
    for name, annotation in own.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        default = own.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = Field(default, MISSING, True, True, None, True, None, False)
        f.name = name
        f.type = annotation
        if f.default_factory is MISSING and isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
        collected[name] = f
        if isinstance(default, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    fields = list(collected.values())
    seen_default = False
    for f in fields:
        if not f.init or f.kw_only:
            continue
        if f.default is MISSING and f.default_factory is MISSING:
            if seen_default:
                raise TypeError(f"non-default argument '{f.name}' follows default argument")
        else:
            seen_default = True
    setattr(cls, "__dataclass_fields__", collected)
    if init and "__init__" not in own:
        setattr(cls, "__init__", _make_init(fields, frozen, cls.__qualname__))
    if "__match_args__" not in own:
        setattr(cls, "__match_args__", tuple(f.name for f in fields if f.init and not f.kw_only))
    if repr and "__repr__" not in own:
        setattr(cls, "__repr__", _make_repr(fields))
    if eq and "__eq__" not in own:
        setattr(cls, "__eq__", _make_comparison(fields, "eq"))
    if order:
        for op in ("lt", "le", "gt", "ge"):
            name = f"__{op}__"
            if name in own:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}. Consider using functools.total_ordering")
            setattr(cls, name, _make_comparison(fields, op))
    if frozen:
        setattr(cls, "__setattr__", _frozen_setattr)
        setattr(cls, "__delattr__", _frozen_delattr)
    if "__hash__" not in own:
        if unsafe_hash or (eq and frozen):
            setattr(cls, "__hash__", _make_hash(fields))
        elif eq:
            setattr(cls, "__hash__", None)
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False):
    """Class decorator: @dataclass or @dataclass(order=True, frozen=True, ...)."""
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen)
    if cls is None:
        return wrap
    return wrap(cls)


def is_dataclass(obj):
    """True for a dataclass or an instance of one."""
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def fields(class_or_instance):
    """The Field objects of a dataclass, in order."""
    if not is_dataclass(class_or_instance):
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(class_or_instance.__dataclass_fields__.values())


def _convert(value, dict_factory):
    if is_dataclass(value) and not isinstance(value, type):
        return dict_factory([(f.name, _convert(getattr(value, f.name), dict_factory)) for f in fields(value)])
    if isinstance(value, list):
        return [_convert(v, dict_factory) for v in value]
    if isinstance(value, tuple):
        return tuple(_convert(v, dict_factory) for v in value)
    if isinstance(value, dict):
        return {_convert(k, dict_factory): _convert(v, dict_factory) for k, v in value.items()}
    return value


def asdict(obj, *, dict_factory=dict):
    """The fields of a dataclass instance as a dict (nested dataclasses, lists and dicts converted too)."""
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory)


def astuple(obj):
    """The field values of a dataclass instance as a tuple."""
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return tuple(_convert(getattr(obj, f.name), dict) for f in fields(obj))


def replace(obj, **changes):
    """A new instance with some fields changed."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj) if f.init}
    values.update(changes)
    return type(obj)(**values)
"""##
}
