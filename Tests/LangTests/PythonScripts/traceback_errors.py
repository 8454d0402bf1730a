# Error handling as scripts write it: a custom hierarchy, chaining, else/finally order, sys.exc_info,
# and the traceback module (only the parts of its text that do not depend on file paths are printed).
import sys
import traceback


class PipelineError(Exception):
    """Base of this script's errors."""


class ConfigError(PipelineError):
    def __init__(self, key, message):
        super().__init__(f"{key}: {message}")
        self.key = key


class DataError(PipelineError, ValueError):
    pass


def load_config(raw):
    try:
        return {k: int(v) for k, v in (pair.split("=") for pair in raw.split(","))}
    except ValueError as error:
        raise ConfigError("raw", "expected key=int pairs") from error


def check(rows):
    bad = [r for r in rows if r < 0]
    if bad:
        raise DataError(f"{len(bad)} negative rows: {bad}")
    return sum(rows)


for raw in ["epochs=3,batch=8", "epochs=three"]:
    try:
        config = load_config(raw)
    except ConfigError as error:
        print(f"ConfigError key={error.key!r}: {error}")
        print("  caused by", type(error.__cause__).__name__, "-", error.__cause__)
        lines = traceback.format_exception(error)
        print("  first line:", lines[0].strip())
        print("  last line:", lines[-1].strip())
        print("  mentions the cause:", any("direct cause" in line for line in lines))
    else:
        print("config", config)
    finally:
        print("done with", repr(raw))

for rows in ([1, 2, 3], [4, -1, -7]):
    try:
        print("total", check(rows))
    except ValueError as error:
        kind, value, tb = sys.exc_info()
        print(kind.__name__, value is error, isinstance(error, PipelineError), tb is None or True)
        print(traceback.format_exception_only(error))
        text = traceback.format_exc()
        print(text.splitlines()[0], "|", text.splitlines()[-1])

try:
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("lookup failed")
except RuntimeError as error:
    print(repr(error.__context__), error.__cause__, error.__suppress_context__)
    formatted = "".join(traceback.format_exception(error))
    print("During handling" in formatted, formatted.strip().splitlines()[-1])

try:
    raise DataError("quiet") from None
except DataError as error:
    print(error.__cause__, error.__suppress_context__, traceback.format_exception_only(error)[0], end="")

errors = []
for value in ["1", "x", None, "3.5"]:
    try:
        errors.append(int(value))
    except (TypeError, ValueError) as error:
        errors.append(type(error).__name__)
print(errors)


def cleanup_order():
    log = []
    for i in range(3):
        try:
            if i == 1:
                continue
            log.append(f"body {i}")
        finally:
            log.append(f"finally {i}")
    return log


print(cleanup_order())
print(issubclass(DataError, ValueError), DataError.__mro__[1].__name__, [c.__name__ for c in ConfigError.__mro__])
e = ConfigError("lr", "must be positive")
print(e.args, str(e), repr(e))
