// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
enum StdlibSources {
    static let modules: [(String, String)] = [
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
        ("collections", ##"""
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
        raise ValueError("Encountered duplicate field name")
    default_values = tuple(defaults) if defaults is not None else ()
    if len(default_values) > len(fields):
        raise TypeError("Got more default values than field names")
    first_default = len(fields) - len(default_values)

    class _NamedTuple:
        _fields = fields
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

        def __add__(self, other):
            return self._values + tuple(other)

        def _asdict(self):
            return dict(zip(fields, self._values))

        def _replace(self, **changes):
            current = dict(zip(fields, self._values))
            for name, value in changes.items():
                if name not in current:
                    raise ValueError("Got unexpected field names: " + repr([name]))
                current[name] = value
            return _NamedTuple(**current)

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
        ("logging", ##"""
"""Logging as in CPython, written in lorarepl: basicConfig, getLogger(__name__), levels, format strings,
StreamHandler (standard error by default) and FileHandler.

    import logging
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log = logging.getLogger(__name__)
    log.info("epoch %d: loss %.4f", 1, 0.2514)

Records go to standard error, so `lorarepl train.py > out.txt` keeps only what the script printed.
"""
import sys
import time
from datetime import datetime

CRITICAL = 50
FATAL = 50
ERROR = 40
WARNING = 30
WARN = 30
INFO = 20
DEBUG = 10
NOTSET = 0

_level_names = {50: "CRITICAL", 40: "ERROR", 30: "WARNING", 20: "INFO", 10: "DEBUG", 0: "NOTSET"}
_name_levels = {"CRITICAL": 50, "FATAL": 50, "ERROR": 40, "WARN": 30, "WARNING": 30, "INFO": 20, "DEBUG": 10, "NOTSET": 0}
_start_time = time.time()
BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"


def getLevelName(level):
    if level in _level_names:
        return _level_names[level]
    if level in _name_levels:
        return _name_levels[level]
    return "Level %s" % level


def addLevelName(level, name):
    _level_names[level] = name
    _name_levels[name] = level


def _check_level(level):
    if isinstance(level, int):
        return level
    if isinstance(level, str):
        if level not in _name_levels:
            raise ValueError("Unknown level: %r" % level)
        return _name_levels[level]
    raise TypeError("Level not an integer or a valid string: %r" % (level,))


class LogRecord:
    def __init__(self, name, level, msg, args, exc_info=None):
        self.name = name
        self.msg = msg
        self.args = args
        self.levelno = level
        self.levelname = getLevelName(level)
        self.created = time.time()
        self.msecs = int((self.created - int(self.created)) * 1000)
        self.relativeCreated = (self.created - _start_time) * 1000
        self.pathname = "<script>"
        self.filename = "<script>"
        self.module = "<script>"
        self.funcName = "<module>"
        self.lineno = 0
        self.process = 0
        self.processName = "MainProcess"
        self.thread = 0
        self.threadName = "MainThread"
        self.exc_info = exc_info
        self.exc_text = None
        self.stack_info = None

    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg

    def __repr__(self):
        return "<LogRecord: %s, %s, %s, %s, \"%s\">" % (self.name, self.levelno, self.pathname, self.lineno, self.msg)


class Formatter:
    default_time_format = "%Y-%m-%d %H:%M:%S"
    default_msec_format = "%s,%03d"

    def __init__(self, fmt=None, datefmt=None, style="%", validate=True):
        if style not in ("%", "{", "$"):
            raise ValueError("Style must be one of: %, {, $")
        self._style = style
        if fmt is None:
            fmt = "%(message)s" if style == "%" else ("{message}" if style == "{" else "${message}")
        self._fmt = fmt
        self.datefmt = datefmt

    def usesTime(self):
        return "asctime" in self._fmt

    def formatTime(self, record, datefmt=None):
        moment = datetime.fromtimestamp(record.created)
        if datefmt:
            return moment.strftime(datefmt)
        return self.default_msec_format % (moment.strftime(self.default_time_format), record.msecs)

    def formatException(self, exc_info):
        return "Traceback: " + repr(exc_info)

    def formatMessage(self, record):
        values = {"name": record.name, "msg": record.msg, "args": record.args, "levelname": record.levelname,
                  "levelno": record.levelno, "pathname": record.pathname, "filename": record.filename, "module": record.module,
                  "lineno": record.lineno, "funcName": record.funcName, "created": record.created, "msecs": record.msecs,
                  "relativeCreated": record.relativeCreated, "thread": record.thread, "threadName": record.threadName,
                  "process": record.process, "processName": record.processName, "message": record.message}
        if hasattr(record, "asctime"):
            values["asctime"] = record.asctime
        if self._style == "%":
            return self._fmt % values
        if self._style == "{":
            return self._fmt.format(**values)
        text = self._fmt
        for key, value in values.items():
            text = text.replace("${" + key + "}", str(value)).replace("$" + key, str(value))
        return text

    def format(self, record):
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info and record.exc_info is not True:
            text = text + "\n" + type(record.exc_info).__name__ + ": " + str(record.exc_info)
        return text


_default_formatter = Formatter()


class Filter:
    def __init__(self, name=""):
        self.name = name

    def filter(self, record):
        if not self.name:
            return True
        return record.name == self.name or record.name.startswith(self.name + ".")


class Handler:
    def __init__(self, level=NOTSET):
        self.level = _check_level(level)
        self.formatter = None
        self.filters = []
        self.name = None

    def setLevel(self, level):
        self.level = _check_level(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

    def addFilter(self, f):
        self.filters.append(f)

    def removeFilter(self, f):
        if f in self.filters:
            self.filters.remove(f)

    def filter(self, record):
        for f in self.filters:
            if hasattr(f, "filter"):
                if not f.filter(record):
                    return False
            elif not f(record):
                return False
        return True

    def format(self, record):
        return (self.formatter or _default_formatter).format(record)

    def handle(self, record):
        if self.filter(record):
            self.emit(record)
            return True
        return False

    def emit(self, record):
        raise NotImplementedError("emit must be implemented by Handler subclasses")

    def flush(self):
        pass

    def close(self):
        pass


class StreamHandler(Handler):
    terminator = "\n"

    def __init__(self, stream=None):
        Handler.__init__(self)
        self.stream = sys.stderr if stream is None else stream

    def emit(self, record):
        self.stream.write(self.format(record) + self.terminator)

    def flush(self):
        if hasattr(self.stream, "flush"):
            self.stream.flush()

    def setStream(self, stream):
        old = self.stream
        self.stream = stream
        return old

    def __repr__(self):
        return "<StreamHandler %s (%s)>" % (getattr(self.stream, "name", "<stream>"), getLevelName(self.level))


class FileHandler(StreamHandler):
    def __init__(self, filename, mode="a", encoding=None, delay=False, errors=None):
        self.baseFilename = filename
        self.mode = mode
        StreamHandler.__init__(self, open(filename, mode, encoding=encoding))

    def close(self):
        self.stream.close()

    def emit(self, record):
        self.stream.write(self.format(record) + self.terminator)
        self.stream.flush()

    def __repr__(self):
        return "<FileHandler %s (%s)>" % (self.baseFilename, getLevelName(self.level))


class NullHandler(Handler):
    def emit(self, record):
        pass


_last_resort = StreamHandler()
_last_resort.level = WARNING


class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = _check_level(level)
        self.parent = None
        self.propagate = True
        self.handlers = []
        self.filters = []
        self.disabled = False

    def setLevel(self, level):
        self.level = _check_level(level)

    def getEffectiveLevel(self):
        logger = self
        while logger is not None:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET

    def isEnabledFor(self, level):
        if _disabled_level >= level:
            return False
        return level >= self.getEffectiveLevel()

    def addHandler(self, handler):
        if handler not in self.handlers:
            self.handlers.append(handler)

    def removeHandler(self, handler):
        if handler in self.handlers:
            self.handlers.remove(handler)

    def hasHandlers(self):
        logger = self
        while logger is not None:
            if logger.handlers:
                return True
            if not logger.propagate:
                return False
            logger = logger.parent
        return False

    def addFilter(self, f):
        self.filters.append(f)

    def removeFilter(self, f):
        if f in self.filters:
            self.filters.remove(f)

    def getChild(self, suffix):
        return getLogger(self.name + "." + suffix if self.name != "root" else suffix)

    def _log(self, level, msg, args, exc_info=None):
        record = LogRecord(self.name, level, msg, args, exc_info)
        for f in self.filters:
            if hasattr(f, "filter"):
                if not f.filter(record):
                    return
            elif not f(record):
                return
        self.handle(record)

    def handle(self, record):
        found = 0
        logger = self
        while logger is not None:
            for handler in logger.handlers:
                found = found + 1
                if record.levelno >= handler.level:
                    handler.handle(record)
            if not logger.propagate:
                break
            logger = logger.parent
        if found == 0 and record.levelno >= _last_resort.level:
            _last_resort.handle(record)

    def log(self, level, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(level):
            self._log(level, msg, args, exc_info)

    def debug(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(DEBUG):
            self._log(DEBUG, msg, args, exc_info)

    def info(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(INFO):
            self._log(INFO, msg, args, exc_info)

    def warning(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(WARNING):
            self._log(WARNING, msg, args, exc_info)

    def warn(self, msg, *args, **kwargs):
        self.warning(msg, *args, **kwargs)

    def error(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, exc_info)

    def exception(self, msg, *args, exc_info=True, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, exc_info)

    def critical(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(CRITICAL):
            self._log(CRITICAL, msg, args, exc_info)

    fatal = critical

    def __repr__(self):
        return "<%s %s (%s)>" % (type(self).__name__, self.name, getLevelName(self.getEffectiveLevel()))


class RootLogger(Logger):
    def __init__(self, level):
        Logger.__init__(self, "root", level)


root = RootLogger(WARNING)
_loggers = {}
_disabled_level = NOTSET


def getLogger(name=None):
    """The logger called name (created once; "a.b" propagates to "a", then to the root)."""
    if name is None or name == "" or name == "root":
        return root
    if name in _loggers:
        return _loggers[name]
    logger = Logger(name)
    _loggers[name] = logger
    parent = root
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:i])
        if prefix in _loggers:
            parent = _loggers[prefix]
            break
    logger.parent = parent
    for other_name, other in _loggers.items():
        if other_name.startswith(name + ".") and (other.parent is parent):
            other.parent = logger
    return logger


def basicConfig(*, filename=None, filemode="a", format=None, datefmt=None, style="%", level=None, stream=None,
                handlers=None, force=False, encoding=None, errors=None):
    """Configure the root logger once: a handler to stderr (or filename / stream) with the format given."""
    if force:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
    if root.handlers:
        return
    if handlers is None:
        if filename is not None and stream is not None:
            raise ValueError("'stream' and 'filename' should not be specified together")
        if filename is not None:
            handlers = [FileHandler(filename, filemode, encoding=encoding)]
        else:
            handlers = [StreamHandler(stream)]
    formatter = Formatter(format if format is not None else ("%(levelname)s:%(name)s:%(message)s" if style == "%" else None), datefmt, style)
    for handler in handlers:
        if handler.formatter is None:
            handler.setFormatter(formatter)
        root.addHandler(handler)
    if level is not None:
        root.setLevel(level)


def disable(level=CRITICAL):
    global _disabled_level
    _disabled_level = level


def shutdown():
    for handler in root.handlers:
        handler.flush()


def _root_log(level, msg, args, exc_info=None):
    if not root.handlers:
        basicConfig()
    if root.isEnabledFor(level):
        root._log(level, msg, args, exc_info)


def debug(msg, *args, exc_info=None, **kwargs):
    _root_log(DEBUG, msg, args, exc_info)


def info(msg, *args, exc_info=None, **kwargs):
    _root_log(INFO, msg, args, exc_info)


def warning(msg, *args, exc_info=None, **kwargs):
    _root_log(WARNING, msg, args, exc_info)


def warn(msg, *args, **kwargs):
    _root_log(WARNING, msg, args)


def error(msg, *args, exc_info=None, **kwargs):
    _root_log(ERROR, msg, args, exc_info)


def exception(msg, *args, exc_info=True, **kwargs):
    _root_log(ERROR, msg, args, exc_info)


def critical(msg, *args, exc_info=None, **kwargs):
    _root_log(CRITICAL, msg, args, exc_info)


fatal = critical


def log(level, msg, *args, **kwargs):
    _root_log(level, msg, args)
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
