// Generated from stdlib/collections.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let collectionsSource = ##"""
"""Container types with CPython's behaviour, written in lorarepl: Counter, defaultdict, OrderedDict,
deque, namedtuple.

    from collections import Counter, defaultdict
    counts = Counter(text.split())
    counts.most_common(3)                # [('the', 12), ('a', 7), ('of', 5)]
    by_label = defaultdict(list)
    by_label["pos"].append("great movie")

They are classes of their own (lorarepl cannot subclass dict), so isinstance(counts, dict) is False;
dict(counts) makes a plain dict when one is needed (json.dumps, **kwargs).
"""

from _collections import odict_view as _odict_view


class _DictBase:
    """The dict protocol over an inner dict, shared by Counter, defaultdict and OrderedDict."""

    def __init__(self):
        self._data = {}

    def __getitem__(self, key):
        if key in self._data:
            return self._data[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data))

    def __bool__(self):
        return len(self._data) > 0

    def __eq__(self, other):
        if isinstance(other, _DictBase):
            return self._data == other._data
        return self._data == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def get(self, key, default=None):
        return self._data.get(key, default)

    def pop(self, key, *default):
        if key in self._data:
            return self._data.pop(key)
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self):
        if not self._data:
            raise KeyError("popitem(): dictionary is empty")
        key = list(self._data)[-1]
        return (key, self._data.pop(key))

    def setdefault(self, key, default=None):
        if key not in self._data:
            self._data[key] = default
        return self._data[key]

    def clear(self):
        self._data.clear()

    def _update_pairs(self, other, kwargs):
        if other is not None:
            if isinstance(other, _DictBase) or isinstance(other, dict):
                for key in other.keys():
                    self[key] = other[key]
            else:
                for key, value in other:
                    self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def update(self, other=None, **kwargs):
        self._update_pairs(other, kwargs)

    def _items_repr(self):
        return ", ".join(repr(k) + ": " + repr(v) for k, v in self._data.items())


class Counter(_DictBase):
    """A dict of counts: Counter('abracadabra'), Counter(words), c.most_common(2), c.update(more)."""

    def __init__(self, iterable=None, **kwargs):
        self._data = {}
        self.update(iterable, **kwargs)

    def __missing__(self, key):
        return 0

    def update(self, iterable=None, **kwargs):
        if iterable is not None:
            if isinstance(iterable, _DictBase) or isinstance(iterable, dict):
                for key, count in iterable.items():
                    self._data[key] = self._data.get(key, 0) + count
            else:
                data = self._data
                for key in iterable:
                    data[key] = data.get(key, 0) + 1
        for key, count in kwargs.items():
            self._data[key] = self._data.get(key, 0) + count

    def subtract(self, iterable=None, **kwargs):
        if iterable is not None:
            if isinstance(iterable, _DictBase) or isinstance(iterable, dict):
                for key, count in iterable.items():
                    self._data[key] = self._data.get(key, 0) - count
            else:
                for key in iterable:
                    self._data[key] = self._data.get(key, 0) - 1
        for key, count in kwargs.items():
            self._data[key] = self._data.get(key, 0) - count

    def most_common(self, n=None):
        ordered = sorted(self._data.items(), key=lambda item: item[1], reverse=True)
        if n is None:
            return ordered
        return ordered[:max(n, 0)]

    def elements(self):
        result = []
        for key, count in self._data.items():
            for _ in range(count):
                result.append(key)
        return iter(result)

    def total(self):
        return sum(self._data.values())

    def copy(self):
        return Counter(self)

    def __repr__(self):
        if not self._data:
            return "Counter()"
        return "Counter({" + ", ".join(repr(k) + ": " + repr(v) for k, v in self.most_common()) + "})"

    def __add__(self, other):
        result = Counter()
        for key, count in self._data.items():
            total = count + other[key]
            if total > 0:
                result[key] = total
        for key, count in other.items():
            if key not in self._data and count > 0:
                result[key] = count
        return result

    def __sub__(self, other):
        result = Counter()
        for key, count in self._data.items():
            total = count - other[key]
            if total > 0:
                result[key] = total
        for key, count in other.items():
            if key not in self._data and count < 0:
                result[key] = 0 - count
        return result

    def __or__(self, other):
        result = Counter()
        for key, count in self._data.items():
            best = max(count, other[key])
            if best > 0:
                result[key] = best
        for key, count in other.items():
            if key not in self._data and count > 0:
                result[key] = count
        return result

    def __and__(self, other):
        result = Counter()
        for key, count in self._data.items():
            least = min(count, other[key])
            if least > 0:
                result[key] = least
        return result


class defaultdict(_DictBase):
    """A dict that makes missing values with default_factory: defaultdict(list), defaultdict(int)."""

    def __init__(self, default_factory=None, other=None, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self._data = {}
        self.default_factory = default_factory
        self._update_pairs(other, kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._data[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self._data)

    def __repr__(self):
        factory = "None" if self.default_factory is None else repr(self.default_factory)
        return "defaultdict(" + factory + ", {" + self._items_repr() + "})"


class OrderedDict(_DictBase):
    """A dict that remembers insertion order (all dicts do) with move_to_end and popitem(last=)."""

    def __init__(self, other=None, **kwargs):
        self._data = {}
        self._update_pairs(other, kwargs)

    def move_to_end(self, key, last=True):
        value = self._data.pop(key)
        if last:
            self._data[key] = value
        else:
            rest = list(self._data.items())
            self._data.clear()
            self._data[key] = value
            for k, v in rest:
                self._data[k] = v

    def popitem(self, last=True):
        if not self._data:
            raise KeyError("dictionary is empty")
        key = list(self._data)[-1 if last else 0]
        return (key, self._data.pop(key))

    def copy(self):
        return OrderedDict(self._data)

    def keys(self):
        return _odict_view(self._data, "keys")

    def values(self):
        return _odict_view(self._data, "values")

    def items(self):
        return _odict_view(self._data, "items")

    def __repr__(self):
        if not self._data:
            return "OrderedDict()"
        return "OrderedDict(" + repr(list(self._data.items())) + ")"


class deque:
    """A double-ended queue: append/appendleft, pop/popleft, extend, rotate, maxlen."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None and maxlen < 0:
            raise ValueError("maxlen must be non-negative")
        self._items = []
        self.maxlen = maxlen
        for item in iterable:
            self.append(item)

    def append(self, item):
        self._items.append(item)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop(0)

    def appendleft(self, item):
        self._items.insert(0, item)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop(0)

    def extend(self, iterable):
        for item in iterable:
            self.append(item)

    def extendleft(self, iterable):
        for item in iterable:
            self.appendleft(item)

    def rotate(self, n=1):
        if self._items:
            n = n % len(self._items)
            self._items = self._items[-n:] + self._items[:-n] if n else self._items

    def clear(self):
        self._items = []

    def count(self, value):
        return self._items.count(value)

    def remove(self, value):
        self._items.remove(value)

    def index(self, value):
        return self._items.index(value)

    def reverse(self):
        self._items.reverse()

    def copy(self):
        return deque(self._items, self.maxlen)

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(list(self._items))

    def __bool__(self):
        return len(self._items) > 0

    def __getitem__(self, index):
        return self._items[index]

    def __setitem__(self, index, value):
        self._items[index] = value

    def __contains__(self, item):
        return item in self._items

    def __eq__(self, other):
        return isinstance(other, deque) and self._items == other._items

    def __repr__(self):
        if self.maxlen is None:
            return "deque(" + repr(self._items) + ")"
        return "deque(" + repr(self._items) + ", maxlen=" + str(self.maxlen) + ")"


def _is_identifier(name):
    if not name or not (name[0].isalpha() or name[0] == "_"):
        return False
    return all(c.isalnum() or c == "_" for c in name)


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """A tuple class with named fields: Point = namedtuple('Point', ['x', 'y']); Point(1, y=2).x"""
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)
    for name in fields:
        if not _is_identifier(name) or name.startswith("_"):
            raise ValueError("Field names must be valid identifiers and may not start with an underscore: " + repr(name))
    if len(set(fields)) != len(fields):
        for i, name in enumerate(fields):
            if name in fields[:i]:
                raise ValueError("Encountered duplicate field name: " + repr(name))
    default_values = tuple(defaults) if defaults is not None else ()
    if len(default_values) > len(fields):
        raise TypeError("Got more default values than field names")
    first_default = len(fields) - len(default_values)

    class _NamedTuple:
        _fields = fields
        __match_args__ = fields
        _field_defaults = dict(zip(fields[first_default:], default_values))

        def __init__(self, *args, **kwargs):
            if len(args) > len(fields):
                raise TypeError(typename + ".__new__() takes " + str(len(fields) + 1) + " positional arguments but " + str(len(args) + 1) + " were given")
            values = list(args)
            for i in range(len(args), len(fields)):
                name = fields[i]
                if name in kwargs:
                    values.append(kwargs.pop(name))
                elif i >= first_default:
                    values.append(default_values[i - first_default])
                else:
                    missing = [n for n in fields[i:] if n not in kwargs and fields.index(n) < first_default]
                    raise TypeError(typename + ".__new__() missing " + str(len(missing)) + " required positional argument" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(repr(n) for n in missing))
            for name in kwargs:
                if name in fields:
                    raise TypeError(typename + "() got multiple values for argument " + repr(name))
                raise TypeError(typename + "() got an unexpected keyword argument " + repr(name))
            self._values = tuple(values)
            for name, value in zip(fields, values):
                setattr(self, name, value)

        def __repr__(self):
            return typename + "(" + ", ".join(n + "=" + repr(v) for n, v in zip(fields, self._values)) + ")"

        def __getitem__(self, index):
            return self._values[index]

        def __len__(self):
            return len(self._values)

        def __iter__(self):
            return iter(self._values)

        def __eq__(self, other):
            if isinstance(other, tuple):
                return self._values == other
            return hasattr(other, "_values") and self._values == other._values

        def __ne__(self, other):
            return not self.__eq__(other)

        def __lt__(self, other):
            return self._values < tuple(other)

        def __hash__(self):
            return hash(self._values)

        def __le__(self, other):
            return self._values <= tuple(other)

        def __gt__(self, other):
            return self._values > tuple(other)

        def __ge__(self, other):
            return self._values >= tuple(other)

        def __add__(self, other):
            return self._values + tuple(other)

        def __mul__(self, count):
            return self._values * count

        def __rmul__(self, count):
            return count * self._values

        def _asdict(self):
            return dict(zip(fields, self._values))

        def _replace(self, **changes):
            current = dict(zip(fields, self._values))
            for name, value in changes.items():
                if name not in current:
                    raise ValueError("Got unexpected field names: " + repr([name]))
                current[name] = value
            return type(self)(**current)

        def count(self, value):
            return self._values.count(value)

        def index(self, value):
            return self._values.index(value)

        @classmethod
        def _make(cls, iterable):
            return cls(*iterable)

    _NamedTuple.__name__ = typename
    _NamedTuple.__qualname__ = typename
    return _NamedTuple
"""##
}
