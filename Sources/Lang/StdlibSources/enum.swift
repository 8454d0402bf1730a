// Generated from stdlib/enum.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let enumSource = ##"""
"""Enumerations, as in CPython 3.11's enum: Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique.

    class Color(Enum):
        RED = 1
        GREEN = auto()

    Color.RED, Color(1), Color["RED"], list(Color), Color.RED.name, Color.RED.value

Members are made when the class is created (by the EnumType metaclass): every attribute of the body
that is not a function, a descriptor or a _private name. `class Split(str, Enum)` works; IntEnum and
StrEnum members compare, hash and format as their int/str value, and are int/str instances.
"""


class auto:
    """A member value chosen by _generate_next_value_ (the next int; the lowered name in a StrEnum)."""

    def __repr__(self):
        return "auto(...)"


def _is_descriptor(value):
    return callable(value) or type(value).__name__ in ("property", "staticmethod", "classmethod")


def _find(mapping, value):
    try:
        if value in mapping:
            return mapping[value]
    except TypeError:
        pass
    return None


class EnumType(type):
    """The metaclass of enumerations: makes the members, and iterates, counts and looks them up."""

    def __init__(cls, name, bases, namespace):
        cls._member_names_ = []
        cls._member_map_ = {}
        cls._value2member_map_ = {}
        cls.__members__ = cls._member_map_
        custom_init = "__init__" in namespace
        last_values = []
        for base in cls.__mro__[1:]:
            if base.__dict__.get("_member_names_"):
                raise TypeError(f"<enum {name!r}> cannot extend <enum {base.__name__!r}>")
        for key, value in list(namespace.items()):
            if key.startswith("_") or _is_descriptor(value) and not isinstance(value, auto):
                continue
            if isinstance(value, auto):
                value = cls._generate_next_value_(key, 1, len(cls._member_names_), last_values[:])
            last_values.append(value)
            existing = _find(cls._value2member_map_, value)
            if existing is None:
                for member in cls._member_map_.values():
                    if member._value_ == value:
                        existing = member
                        break
            if existing is not None:
                cls._member_map_[key] = existing
                setattr(cls, key, existing)
                continue
            member = object.__new__(cls)
            member._name_ = key
            member._value_ = value
            if custom_init:
                if isinstance(value, tuple):
                    member.__init__(*value)
                else:
                    member.__init__(value)
            if hasattr(cls, "_value_type_"):
                member._value_ = cls._value_type_(member._value_)
            cls._member_names_.append(key)
            cls._member_map_[key] = member
            try:
                cls._value2member_map_[member._value_] = member
            except TypeError:
                pass
            setattr(cls, key, member)

    def __call__(cls, value):
        if isinstance(value, cls):
            return value
        member = _find(cls._value2member_map_, value)
        if member is not None:
            return member
        for member in cls._member_map_.values():
            if member._value_ == value:
                return member
        missing = cls._missing_(value)
        if missing is not None:
            return missing
        raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")

    def __iter__(cls):
        return iter([cls._member_map_[name] for name in cls._member_names_])

    def __reversed__(cls):
        return iter([cls._member_map_[name] for name in reversed(cls._member_names_)])

    def __len__(cls):
        return len(cls._member_names_)

    def __contains__(cls, member):
        if not isinstance(member, Enum):
            raise TypeError(f"unsupported operand type(s) for 'in': '{type(member).__qualname__}' and 'EnumType'")
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __repr__(cls):
        kind = "flag" if hasattr(cls, "_boundary_strict_") else "enum"
        return f"<{kind} {cls.__name__!r}>"


EnumMeta = EnumType


class Enum(metaclass=EnumType):
    """Base class of enumerations: members have .name and .value, and print as Color.RED."""

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def _generate_next_value_(name, start, count, last_values):
        for value in reversed(last_values):
            if isinstance(value, int):
                return value + 1
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    def __repr__(self):
        return f"<{type(self).__qualname__}.{self._name_}: {self._value_!r}>"

    def __str__(self):
        return f"{type(self).__qualname__}.{self._name_}"

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, protocol):
        return (type(self), (self._value_,))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __dir__(self):
        return ["__class__", "__doc__", "__module__", "name", "value"]


class _ValueMixin:
    """Comparison, hashing and arithmetic through the member's value (IntEnum, StrEnum, `str, Enum`)."""

    def __eq__(self, other):
        if isinstance(other, Enum):
            if not isinstance(other, _ValueMixin):
                return False
            other = other._value_
        return self._value_ == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._value_)

    def __lt__(self, other):
        return self._value_ < _plain(other)

    def __le__(self, other):
        return self._value_ <= _plain(other)

    def __gt__(self, other):
        return self._value_ > _plain(other)

    def __ge__(self, other):
        return self._value_ >= _plain(other)

    def __add__(self, other):
        return self._value_ + _plain(other)

    def __radd__(self, other):
        return _plain(other) + self._value_

    def __mul__(self, other):
        return self._value_ * _plain(other)

    def __rmul__(self, other):
        return _plain(other) * self._value_

    def __mod__(self, other):
        return self._value_ % _plain(other)

    def __len__(self):
        return len(self._value_)

    def __contains__(self, item):
        return item in self._value_

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return getattr(self._value_, name)


def _plain(value):
    return value._value_ if isinstance(value, _ValueMixin) else value


class _NumberMixin(_ValueMixin):
    """The arithmetic `int` and `float` members share (each operand is taken as its value)."""

    def __sub__(self, other):
        return self._value_ - _plain(other)

    def __rsub__(self, other):
        return _plain(other) - self._value_

    def __truediv__(self, other):
        return self._value_ / _plain(other)

    def __rtruediv__(self, other):
        return _plain(other) / self._value_

    def __floordiv__(self, other):
        return self._value_ // _plain(other)

    def __rfloordiv__(self, other):
        return _plain(other) // self._value_

    def __rmod__(self, other):
        return _plain(other) % self._value_

    def __pow__(self, other):
        return self._value_ ** _plain(other)

    def __rpow__(self, other):
        return _plain(other) ** self._value_

    def __neg__(self):
        return -self._value_

    def __pos__(self):
        return +self._value_

    def __abs__(self):
        return abs(self._value_)

    def __round__(self, ndigits=None):
        return round(self._value_, ndigits)

    def __float__(self):
        return float(self._value_)

    def __bool__(self):
        return self._value_ != 0


class _IntMixin(_NumberMixin):
    """Stands in for `int` in `class Level(int, Enum)`."""

    _value_type_ = int

    def __and__(self, other):
        return self._value_ & _plain(other)

    def __rand__(self, other):
        return _plain(other) & self._value_

    def __or__(self, other):
        return self._value_ | _plain(other)

    def __ror__(self, other):
        return _plain(other) | self._value_

    def __xor__(self, other):
        return self._value_ ^ _plain(other)

    def __rxor__(self, other):
        return _plain(other) ^ self._value_

    def __lshift__(self, other):
        return self._value_ << _plain(other)

    def __rlshift__(self, other):
        return _plain(other) << self._value_

    def __rshift__(self, other):
        return self._value_ >> _plain(other)

    def __rrshift__(self, other):
        return _plain(other) >> self._value_

    def __invert__(self):
        return ~self._value_

    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_


class _StrMixin(_ValueMixin):
    """Stands in for `str` in `class Split(str, Enum)`."""

    _value_type_ = str

    def __getitem__(self, index):
        return self._value_[index]

    def __iter__(self):
        return iter(self._value_)


class _FloatMixin(_NumberMixin):
    """Stands in for `float` in `class Rate(float, Enum)`."""

    _value_type_ = float

    def __float__(self):
        return self._value_


EnumType._builtin_mixins_ = {"int": _IntMixin, "str": _StrMixin, "float": _FloatMixin}


class ReprEnum(Enum):
    """An enum whose str() and format() are its value's (base of IntEnum and StrEnum)."""

    def __format__(self, spec):
        return format(self._value_, spec)


class IntEnum(_IntMixin, ReprEnum):
    """An enum of ints: members compare, sort, index and do arithmetic as their value."""

    def __str__(self):
        return str(self._value_)


class StrEnum(_StrMixin, ReprEnum):
    """An enum of strings: members compare equal to, and print as, their value."""

    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __str__(self):
        return self._value_


def _bin(number, bits):
    """CPython's bit display in Flag errors: 0b0 1000 (sign digit, then the bits, padded to `bits`)."""
    digits = bin(number)[2:]
    return "0b0 " + "0" * max(0, bits - len(digits)) + digits


class Flag(Enum):
    """Members that combine with | & ^ ~ (Perm.R | Perm.W) and test with `in`, as CPython 3.11's Flag.
    A combination is a member too (named R|W); values outside the members' bits are a ValueError."""

    _boundary_strict_ = True

    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return 1
        return 2 ** max(last_values).bit_length()

    @classmethod
    def _flag_mask_(cls):
        mask = 0
        for name in cls._member_names_:
            mask |= cls._member_map_[name]._value_
        return mask

    @classmethod
    def _canonical_(cls, value):
        """The single-bit members inside `value`, in definition order."""
        found = []
        for name in cls._member_names_:
            bit = cls._member_map_[name]._value_
            if bit and bit & (bit - 1) == 0 and value & bit == bit:
                found.append(cls._member_map_[name])
        return found

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            return None
        mask = cls._flag_mask_()
        extra = value & ~mask
        if extra and cls._boundary_strict_:
            bits = max(value.bit_length(), mask.bit_length())
            raise ValueError(f"{cls!r} invalid value {value!r}\n    given {_bin(value, bits)}\n  allowed {_bin(mask, bits)}")
        member = object.__new__(cls)
        member._value_ = value
        names = [m._name_ for m in cls._canonical_(value)]
        if extra:
            names.append(str(extra))
        member._name_ = "|".join(names) if names else None
        cls._value2member_map_[value] = member
        return member

    def _other_value_(self, other):
        if isinstance(other, type(self)):
            return other._value_
        if isinstance(self, int) and isinstance(other, int) and not isinstance(other, Enum):
            return other
        return None

    def __or__(self, other):
        value = self._other_value_(other)
        return NotImplemented if value is None else type(self)(self._value_ | value)

    def __and__(self, other):
        value = self._other_value_(other)
        return NotImplemented if value is None else type(self)(self._value_ & value)

    def __xor__(self, other):
        value = self._other_value_(other)
        return NotImplemented if value is None else type(self)(self._value_ ^ value)

    __ror__ = __or__
    __rand__ = __and__
    __rxor__ = __xor__

    def __invert__(self):
        return type(self)(type(self)._flag_mask_() & ~self._value_)

    def __contains__(self, other):
        if not isinstance(other, type(self)):
            raise TypeError(f"unsupported operand type(s) for 'in': '{type(other).__qualname__}' and '{type(self).__qualname__}'")
        return other._value_ & self._value_ == other._value_

    def __iter__(self):
        return iter(type(self)._canonical_(self._value_))

    def __len__(self):
        return len(type(self)._canonical_(self._value_))

    def __bool__(self):
        return bool(self._value_)

    def __repr__(self):
        if self._name_ is None:
            return f"<{type(self).__qualname__}: {self._value_!r}>"
        return f"<{type(self).__qualname__}.{self._name_}: {self._value_!r}>"

    def __str__(self):
        if self._name_ is None:
            return f"{type(self).__qualname__}({self._value_!r})"
        return f"{type(self).__qualname__}.{self._name_}"


class IntFlag(_IntMixin, ReprEnum, Flag):
    """A Flag whose members are ints: they combine with plain ints too, and print as their value."""

    _boundary_strict_ = False
    __or__ = Flag.__or__
    __and__ = Flag.__and__
    __xor__ = Flag.__xor__
    __ror__ = Flag.__or__
    __rand__ = Flag.__and__
    __rxor__ = Flag.__xor__
    __invert__ = Flag.__invert__
    __contains__ = Flag.__contains__
    __iter__ = Flag.__iter__
    __len__ = Flag.__len__

    def __str__(self):
        return str(self._value_)


def unique(enumeration):
    """Class decorator: a ValueError when two members share a value (aliases)."""
    duplicates = [(name, member.name) for name, member in enumeration.__members__.items() if name != member.name]
    if duplicates:
        details = ", ".join(f"{alias} -> {name}" for alias, name in duplicates)
        raise ValueError(f"duplicate values found in {enumeration!r}: {details}")
    return enumeration
"""##
}
