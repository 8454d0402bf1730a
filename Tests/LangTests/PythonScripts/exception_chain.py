# A custom exception chain: user exception classes, raise ... from ..., __cause__, catching by base class.
class PipelineError(Exception):
    """Base class of this script's errors."""


class DataError(PipelineError, ValueError):
    def __init__(self, path, line, reason):
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class ConfigError(PipelineError):
    def __init__(self, key):
        self.key = key

    def __str__(self):
        return f"missing config key {self.key!r}"


def parse_label(text, line):
    try:
        return int(text)
    except ValueError as e:
        raise DataError("train.csv", line, f"bad label {text!r}") from e


labels = []
for i, raw in enumerate(["1", "0", "x", "1"], start=1):
    try:
        labels.append(parse_label(raw, i))
    except DataError as e:
        print("skipped:", e)
        print("  line", e.line, "reason", e.reason)
        print("  cause:", type(e.__cause__).__name__, e.__cause__)
        print("  is ValueError:", isinstance(e, ValueError), "is PipelineError:", isinstance(e, PipelineError))
print(labels)

try:
    raise ConfigError("learning_rate")
except PipelineError as e:
    print(type(e).__name__, "-", e, "-", e.key, "-", repr(e.args))

try:
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("lookup failed") from None
except RuntimeError as e:
    print(e, e.__cause__, e.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    print(e, type(e.__context__).__name__)


class RetryableError(Exception):
    pass


attempts = 0


def flaky():
    global attempts
    attempts += 1
    if attempts < 3:
        raise RetryableError(f"attempt {attempts} failed")
    return "ok"


result = None
while result is None:
    try:
        result = flaky()
    except RetryableError as e:
        print("retry:", e)
print(result, attempts)
print(issubclass(DataError, PipelineError), DataError.__mro__[1].__name__)
e = DataError("a.csv", 3, "empty")
print(e.args, str(e))
