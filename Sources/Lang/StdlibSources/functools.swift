// Generated from stdlib/functools.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let functoolsSource = ##"""
"""Higher-order functions, as in CPython's functools: wraps, update_wrapper, partial, reduce, lru_cache,
cache, cached_property, cmp_to_key, total_ordering.

    @lru_cache(maxsize=None)
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    fib(30); fib.cache_info()   # CacheInfo(hits=28, misses=31, maxsize=None, currsize=31)
"""

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")
WRAPPER_UPDATES = ("__dict__",)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Copy the name, docstring and attributes of wrapped onto wrapper; wrapper.__wrapped__ = wrapped."""
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        for key, value in getattr(wrapped, attr, {}).items():
            if key not in assigned:
                setattr(wrapper, key, value)
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Decorator for a wrapper function: @wraps(func) makes the wrapper look like func."""
    def decorating(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorating


class partial:
    """A function with some arguments filled in: partial(int, base=2)("101") == 5."""

    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        return self.func(*self.args, *args, **{**self.keywords, **keywords})

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args]
        parts += [f"{k}={v!r}" for k, v in self.keywords.items()]
        return "functools.partial(" + ", ".join(parts) + ")"


_initial_missing = object()


def reduce(function, iterable, *initial):
    """Fold the items from the left: reduce(f, [a, b, c]) == f(f(a, b), c); an initial value goes first."""
    if len(initial) > 1:
        raise TypeError(f"reduce expected at most 3 arguments, got {len(initial) + 2}")
    it = iter(iterable)
    if not initial:
        value = next(it, _initial_missing)
        if value is _initial_missing:
            raise TypeError("reduce() of empty iterable with no initial value")
    else:
        value = initial[0]
    for element in it:
        value = function(value, element)
    return value


class CacheInfo:
    """What cache_info() reports: hits, misses, maxsize, currsize."""

    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize

    def __iter__(self):
        return iter((self.hits, self.misses, self.maxsize, self.currsize))

    def __getitem__(self, index):
        return (self.hits, self.misses, self.maxsize, self.currsize)[index]

    def __len__(self):
        return 4

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return f"CacheInfo(hits={self.hits}, misses={self.misses}, maxsize={self.maxsize}, currsize={self.currsize})"


_keyword_mark = object()


def _make_key(args, keywords):
    key = args
    if keywords:
        key = key + (_keyword_mark,) + tuple(keywords.items())
    return key


def _cached(user_function, maxsize):
    cache = {}
    stats = [0, 0]

    def wrapper(*args, **keywords):
        key = _make_key(args, keywords)
        if key in cache:
            stats[0] += 1
            value = cache.pop(key)
            cache[key] = value
            return value
        stats[1] += 1
        value = user_function(*args, **keywords)
        if maxsize is not None:
            if maxsize <= 0:
                return value
            if len(cache) >= maxsize:
                del cache[next(iter(cache))]
        cache[key] = value
        return value

    def cache_info():
        return CacheInfo(stats[0], stats[1], maxsize, len(cache))

    def cache_clear():
        cache.clear()
        stats[0] = 0
        stats[1] = 0

    update_wrapper(wrapper, user_function)
    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    return wrapper


def lru_cache(maxsize=128, typed=False):
    """Remember the results of the last maxsize calls (all of them with maxsize=None).

    Use as @lru_cache, @lru_cache() or @lru_cache(maxsize=None); arguments must be hashable.
    """
    if callable(maxsize) and not isinstance(maxsize, (int, bool)):
        return _cached(maxsize, 128)
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("Expected first argument to be an integer, a callable, or None")

    def decorating(user_function):
        return _cached(user_function, maxsize)
    return decorating


def cache(user_function):
    """Remember every result (lru_cache(maxsize=None))."""
    return _cached(user_function, None)


def cached_property(func):
    """A property computed once per instance, then stored on it."""
    name = func.__name__

    def getter(self):
        values = self.__dict__
        if name in values:
            return values[name]
        value = func(self)
        values[name] = value
        return value

    def setter(self, value):
        self.__dict__[name] = value

    return property(getter, setter, None, getattr(func, "__doc__", None))


def cmp_to_key(mycmp):
    """A key= function from an old-style cmp(a, b) function returning <0, 0 or >0."""
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

    return K


def _defines(cls, name):
    for klass in cls.__mro__:
        if klass is object:
            return False
        if name in klass.__dict__:
            return True
    return False


def total_ordering(cls):
    """Class decorator: from __eq__ and one of __lt__ __le__ __gt__ __ge__, derive the others."""
    if _defines(cls, "__lt__"):
        def __le__(self, other):
            return self < other or self == other

        def __gt__(self, other):
            return not (self < other or self == other)

        def __ge__(self, other):
            return not self < other
        derived = {"__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}
    elif _defines(cls, "__le__"):
        def __lt__(self, other):
            return self <= other and not self == other

        def __gt__(self, other):
            return not self <= other

        def __ge__(self, other):
            return not self <= other or self == other
        derived = {"__lt__": __lt__, "__gt__": __gt__, "__ge__": __ge__}
    elif _defines(cls, "__gt__"):
        def __lt__(self, other):
            return not (self > other or self == other)

        def __ge__(self, other):
            return self > other or self == other

        def __le__(self, other):
            return not self > other
        derived = {"__lt__": __lt__, "__ge__": __ge__, "__le__": __le__}
    elif _defines(cls, "__ge__"):
        def __le__(self, other):
            return not self >= other or self == other

        def __gt__(self, other):
            return self >= other and not self == other

        def __lt__(self, other):
            return not self >= other
        derived = {"__le__": __le__, "__gt__": __gt__, "__lt__": __lt__}
    else:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    for name, method in derived.items():
        if not _defines(cls, name):
            setattr(cls, name, method)
    return cls


def singledispatch(func):
    """A function that picks its implementation by the type of its first argument:
    @singledispatch def show(x): ...; @show.register(int) def _(x): ...  (register takes the type:
    lorarepl does not keep annotations, so @show.register without a type is a TypeError)."""
    registry = {object: func}

    def dispatch(cls):
        for base in cls.__mro__:
            if base in registry:
                return registry[base]
        return func

    def register(cls, method=None):
        if method is None:
            if not isinstance(cls, type):
                raise TypeError(f"Invalid first argument to `register()`: {cls!r}. Use either `@register(some_class)` "
                                "or plain `@register` on an annotated function (lorarepl needs the class: @register(int))")
            return lambda method: register(cls, method)
        registry[cls] = method
        return method

    def wrapper(*args, **kwargs):
        if not args:
            raise TypeError(f"{getattr(func, '__name__', 'singledispatch function')} requires at least 1 positional argument")
        return dispatch(type(args[0]))(*args, **kwargs)

    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    update_wrapper(wrapper, func)
    return wrapper
"""##
}
