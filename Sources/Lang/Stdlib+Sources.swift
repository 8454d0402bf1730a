// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
enum StdlibSources {
    static let modules: [(String, String)] = [
        ("abc", ##"""
"""Abstract base classes, as in CPython's abc: subclass ABC and mark methods @abstractmethod; a class
that still has abstract methods cannot be instantiated.

    class Metric(ABC):
        @abstractmethod
        def compute(self, preds, labels): ...
"""


def abstractmethod(funcobj):
    """Mark a method that subclasses must override."""
    funcobj.__isabstractmethod__ = True
    return funcobj


class ABC:
    """Base class of abstract classes (instantiation checks for methods still abstract)."""


class ABCMeta:
    """Not supported as a metaclass in lorarepl; derive from ABC instead."""
"""##),
        ("chat", ##"""
"""Chat helpers for causal LMs, written in lorarepl itself: from chat import chat, reply, tokenize_chat.

    history = []
    chat(model, tokenizer, "What is LoRA?", history, system="Answer in one sentence.")
    chat(model, tokenizer, "And QLoRA?", history)      # the model sees the first turn too

A conversation is a list of messages {"role": "system"|"user"|"assistant", "content": text}, the form
tokenizer.apply_chat_template takes.
"""
from transformers import TextStreamer


def reply(model, tokenizer, messages, max_new_tokens=128, do_sample=False, temperature=0.7, top_p=0.9,
          repetition_penalty=1.0, seed=None, stream=False):
    """The assistant's next message for a conversation, as text (the conversation is not changed).

    Greedy by default (the same answer every time); do_sample=True samples with temperature and top_p,
    reproducibly when seed is given. stream=True prints the answer while it is generated.
    """
    if len(messages) == 0:
        raise ValueError("reply() needs at least one message, e.g. [{'role': 'user', 'content': 'Hello'}]")
    prompt = tokenizer.apply_chat_template(messages, tokenize=True, add_generation_prompt=True, return_tensors="pt")
    streamer = TextStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True) if stream else None
    out = model.generate(input_ids=prompt, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                         top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, streamer=streamer)
    new_tokens = out[0].tolist()[len(prompt[0]):]
    return tokenizer.decode(new_tokens, skip_special_tokens=True).strip()


def chat(model, tokenizer, message, history=None, system=None, max_new_tokens=128, do_sample=False,
         temperature=0.7, top_p=0.9, repetition_penalty=1.0, seed=None):
    """One turn of a conversation: prints the model's answer to message while it is generated.

    Pass the same history list on every turn to keep the conversation going: chat() appends your
    message and the answer to it (read the last answer as history[-1]["content"]). system sets the
    system message of a new conversation. Returns None, so the answer is not printed twice.
    """
    if history is None:
        history = []
    if system is not None and len(history) == 0:
        history.append({"role": "system", "content": system})
    history.append({"role": "user", "content": message})
    answer = reply(model, tokenizer, history, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                   top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, stream=True)
    history.append({"role": "assistant", "content": answer})


def tokenize_chat(tokenizer, messages, max_length=None):
    """One training conversation as input_ids, attention_mask and labels, for instruction tuning.

    labels equal input_ids on what the assistant says (its answers and their end-of-turn token) and
    -100 everywhere else, so the loss teaches the answers, not the questions. Use it with
    dataset.map(lambda row: tokenize_chat(tokenizer, row["messages"])) and DataCollatorForSeq2Seq.
    """
    enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True,
                                        truncation=max_length is not None, max_length=max_length)
    labels = [token if keep == 1 else -100 for token, keep in zip(enc["input_ids"], enc["assistant_masks"])]
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"], "labels": labels}
"""##),
        ("contextlib", ##"""
"""Context-manager helpers, as in CPython's contextlib: contextmanager, suppress, nullcontext, closing.

    @contextmanager
    def timer(name):
        start = time.time()
        yield
        print(name, "took", time.time() - start)

    with timer("epoch"):
        ...
"""


class _GeneratorContextManager:
    def __init__(self, func, args, kwargs):
        self.gen = func(*args, **kwargs)
        self.func = func

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(exc)
        except StopIteration:
            return True
        except BaseException as raised:
            if raised is exc:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    """Decorator: a generator function that yields once becomes a context manager (the yielded value is
    what 'as' binds; code after the yield runs when the block ends, also after an exception)."""
    def helper(*args, **kwargs):
        return _GeneratorContextManager(func, args, kwargs)
    helper.__name__ = func.__name__
    helper.__doc__ = func.__doc__
    helper.__wrapped__ = func
    return helper


class suppress:
    """with suppress(FileNotFoundError): ... ignores those exceptions."""

    def __init__(self, *exceptions):
        self.exceptions = exceptions

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, self.exceptions)


class nullcontext:
    """A context manager that does nothing (with nullcontext(value) as v: v is value)."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        return False


class closing:
    """Calls thing.close() at the end of the block."""

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *excinfo):
        self.thing.close()
        return False
"""##),
        ("dataclasses", ##"""
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
"""##),
        ("functools", ##"""
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
"""##),
        ("itertools", ##"""
"""Iterator building blocks, as in CPython's itertools. Every function is lazy: count(), cycle() and
repeat() are infinite and only produce what is asked for (take a slice with islice).

    list(islice(count(10, 5), 3))          # [10, 15, 20]
    list(combinations("abc", 2))           # [('a', 'b'), ('a', 'c'), ('b', 'c')]
    [(k, len(list(g))) for k, g in groupby("aaabcc")]   # [('a', 3), ('b', 1), ('c', 2)]
"""

_none = object()


def count(start=0, step=1):
    """start, start + step, start + 2*step, ... without end."""
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    """The items of iterable, then the same items again, forever."""
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    while saved:
        for element in saved:
            yield element


def repeat(object, times=None):
    """object again and again (times times, or forever)."""
    if times is None:
        while True:
            yield object
    else:
        for _ in range(times):
            yield object


def accumulate(iterable, func=None, *, initial=None):
    """Running totals (or running func(total, item))."""
    it = iter(iterable)
    total = initial
    if initial is None:
        total = next(it, _none)
        if total is _none:
            return
    yield total
    for element in it:
        total = total + element if func is None else func(total, element)
        yield total


def chain(*iterables):
    """The items of each iterable in turn."""
    for iterable in iterables:
        for element in iterable:
            yield element


def _chain_from_iterable(iterables):
    for iterable in iterables:
        for element in iterable:
            yield element


chain.from_iterable = _chain_from_iterable


def _index(value, what):
    if value is None:
        return None
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    return value


def islice(iterable, *args):
    """islice(it, stop) or islice(it, start, stop[, step]): a slice of any iterator, taken lazily."""
    if len(args) == 1:
        start, stop, step = 0, _index(args[0], "Stop"), 1
    elif len(args) in (2, 3):
        start = _index(args[0], "Indices") or 0
        stop = _index(args[1], "Stop")
        step = 1 if len(args) == 2 or args[2] is None else args[2]
        if not isinstance(step, int) or step <= 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
    else:
        raise TypeError(f"islice expected at most 4 arguments, got {len(args) + 1}")
    it = iter(iterable)
    index = 0
    wanted = start
    while stop is None or wanted < stop:
        while index < wanted:
            if next(it, _none) is _none:
                return
            index += 1
        element = next(it, _none)
        if element is _none:
            return
        index += 1
        yield element
        wanted += step


def compress(data, selectors):
    """The items of data whose selector is true."""
    for d, s in zip(data, selectors):
        if s:
            yield d


def dropwhile(predicate, iterable):
    """Skip items while predicate holds, then give the rest."""
    it = iter(iterable)
    for element in it:
        if not predicate(element):
            yield element
            break
    for element in it:
        yield element


def takewhile(predicate, iterable):
    """Items while predicate holds."""
    for element in iterable:
        if not predicate(element):
            return
        yield element


def filterfalse(predicate, iterable):
    """The items for which predicate is false (or that are false, with None)."""
    for element in iterable:
        if not (element if predicate is None else predicate(element)):
            yield element


def starmap(function, iterable):
    """function(*args) for each tuple of args."""
    for args in iterable:
        yield function(*args)


def pairwise(iterable):
    """Overlapping pairs: pairwise('abc') -> ('a', 'b'), ('b', 'c')."""
    it = iter(iterable)
    previous = next(it, _none)
    if previous is _none:
        return
    for element in it:
        yield previous, element
        previous = element


def zip_longest(*iterables, fillvalue=None):
    """Like zip, but runs until the longest iterable ends, filling the others with fillvalue."""
    iterators = [iter(it) for it in iterables]
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i in range(len(iterators)):
            it = iterators[i]
            value = fillvalue
            if it is not None:
                value = next(it, _none)
                if value is _none:
                    active -= 1
                    if not active:
                        return
                    iterators[i] = None
                    value = fillvalue
            values.append(value)
        yield tuple(values)


def product(*iterables, repeat=1):
    """Cartesian product: product('ab', range(2)) -> ('a', 0), ('a', 1), ('b', 0), ('b', 1)."""
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    pools = [tuple(pool) for pool in iterables] * repeat
    for pool in pools:
        if not pool:
            return
    n = len(pools)
    indices = [0] * n
    while True:
        yield tuple(pools[i][indices[i]] for i in range(n))
        i = n - 1
        while i >= 0:
            indices[i] += 1
            if indices[i] < len(pools[i]):
                break
            indices[i] = 0
            i -= 1
        if i < 0:
            return


def permutations(iterable, r=None):
    """Orderings of r distinct items (all items by default), in lexicographic index order."""
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return
    for indices in product(range(n), repeat=r):
        if len(set(indices)) == r:
            yield tuple(pool[i] for i in indices)


def combinations(iterable, r):
    """r-item subsets in index order: combinations('abc', 2) -> ab ac bc."""
    pool = tuple(iterable)
    n = len(pool)
    if r < 0:
        raise ValueError("r must be non-negative")
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        i = r - 1
        while i >= 0 and indices[i] == i + n - r:
            i -= 1
        if i < 0:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


def combinations_with_replacement(iterable, r):
    """r-item multisets in index order: combinations_with_replacement('ab', 2) -> aa ab bb."""
    pool = tuple(iterable)
    n = len(pool)
    for indices in product(range(n), repeat=r):
        if sorted(indices) == list(indices):
            yield tuple(pool[i] for i in indices)


def groupby(iterable, key=None):
    """(key, group) for each run of consecutive items with the same key."""
    it = iter(iterable)
    current = next(it, _none)
    while current is not _none:
        group_key = current if key is None else key(current)
        group = [current]
        current = next(it, _none)
        while current is not _none:
            k = current if key is None else key(current)
            if k != group_key:
                break
            group.append(current)
            current = next(it, _none)
        yield group_key, iter(group)


def tee(iterable, n=2):
    """n independent iterators over the same items (the items are kept until all have read them)."""
    items = list(iterable)
    return tuple(iter(items) for _ in range(n))
"""##),
        ("lists", ##"""
"""Collection helpers written in lorarepl itself: import lists."""


def chunk(items, size):
    """Split items into consecutive lists of at most size items."""
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    return [items[i : i + size] for i in range(0, len(items), size)]


def flatten(nested):
    """One level of nesting removed: [[1, 2], [3]] -> [1, 2, 3]."""
    return [item for group in nested for item in group]


def unique(items):
    """The distinct items, in order of first appearance."""
    seen = []
    result = []
    for item in items:
        if item not in seen:
            seen.append(item)
            result.append(item)
    return result


def counts(items):
    """A dict item -> number of occurrences, in order of first appearance (like collections.Counter)."""
    result = {}
    for item in items:
        result[item] = result.get(item, 0) + 1
    return result


def most_common(items, n=None):
    """(item, count) pairs, most frequent first (ties keep first appearance)."""
    pairs = sorted(counts(items).items(), key=lambda pair: -pair[1])
    return pairs if n is None else pairs[:n]


def group_by(items, key):
    """A dict key(item) -> list of items with that key."""
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def argmax(values):
    """Index of the largest value (the first one on ties)."""
    if not values:
        raise ValueError("argmax() of an empty sequence")
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def argsort(values, reverse=False):
    """Indices that would sort values."""
    return sorted(range(len(values)), key=lambda i: values[i], reverse=reverse)


def mean(values):
    """The arithmetic mean."""
    if not values:
        raise ValueError("mean() of an empty sequence")
    return sum(values) / len(values)
"""##),
        ("splits", ##"""
"""Dataset splitting helpers written in lorarepl itself: import splits."""
import random


def shuffled(items, seed=42):
    """A shuffled copy of items; the same seed always gives the same order."""
    copy = list(items)
    random.seed(seed)
    random.shuffle(copy)
    return copy


def train_test_split(items, test_size=0.2, seed=42, shuffle=True):
    """Split a list into (train, test), like sklearn's train_test_split for one list.

    test_size is a fraction in (0, 1) or a number of items. Rows are shuffled with seed first
    unless shuffle=False.
    """
    n = len(items)
    if isinstance(test_size, float):
        if not 0.0 < test_size < 1.0:
            raise ValueError(f"test_size must be between 0 and 1, got {test_size}")
        n_test = int(-(-n * test_size // 1))
    else:
        n_test = test_size
    if n_test <= 0 or n_test >= n:
        raise ValueError(f"test_size={test_size} leaves an empty split for {n} items")
    rows = shuffled(items, seed) if shuffle else list(items)
    return rows[: n - n_test], rows[n - n_test :]


def stratified_split(items, labels, test_size=0.2, seed=42):
    """Split (items, labels) into train and test keeping each label's proportion.

    Returns (train_items, test_items, train_labels, test_labels).
    """
    if len(items) != len(labels):
        raise ValueError(f"items and labels differ in length: {len(items)} != {len(labels)}")
    by_label = {}
    for item, label in zip(items, labels):
        by_label.setdefault(label, []).append(item)
    train_x, test_x, train_y, test_y = [], [], [], []
    for label, group in by_label.items():
        rows = shuffled(group, seed)
        n_test = max(1, round(len(rows) * test_size)) if len(rows) > 1 else 0
        for row in rows[: len(rows) - n_test]:
            train_x.append(row)
            train_y.append(label)
        for row in rows[len(rows) - n_test :]:
            test_x.append(row)
            test_y.append(label)
    return train_x, test_x, train_y, test_y


def k_fold(n, k=5):
    """(train_indices, test_indices) pairs for k-fold cross-validation over range(n)."""
    if not 1 < k <= n:
        raise ValueError(f"k must be between 2 and {n}, got {k}")
    folds = []
    start = 0
    for fold in range(k):
        size = n // k + (1 if fold < n % k else 0)
        test = list(range(start, start + size))
        train = [i for i in range(n) if i < start or i >= start + size]
        folds.append((train, test))
        start += size
    return folds
"""##),
        ("strings", ##"""
"""String helpers written in lorarepl itself: import strings."""


def normalize_whitespace(text):
    """Collapse runs of whitespace into single spaces and trim the ends."""
    return " ".join(text.split())


def truncate(text, width, suffix="..."):
    """Shorten text to at most width characters, ending with suffix when cut."""
    if width < len(suffix):
        raise ValueError(f"width must be at least {len(suffix)}, got {width}")
    if len(text) <= width:
        return text
    return text[: width - len(suffix)] + suffix


def wrap(text, width=70):
    """Split text into lines of at most width characters, breaking between words."""
    lines = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = word if not current else current + " " + word
    if current:
        lines.append(current)
    return lines


def strip_punctuation(text, keep=""):
    """Remove ASCII punctuation (except the characters in keep)."""
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    return "".join(c for c in text if c not in punctuation or c in keep)


def word_counts(text, lower=True):
    """A dict word -> count, in order of first appearance."""
    counts = {}
    for word in strip_punctuation(text.lower() if lower else text).split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def table(rows, headers=None):
    """Format rows (lists of values) as an aligned plain-text table."""
    all_rows = [[str(v) for v in row] for row in ([headers] if headers else []) + list(rows)]
    if not all_rows:
        return ""
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(all_rows[0]))]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in all_rows]
    if headers:
        lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
"""##),
    ]
}
