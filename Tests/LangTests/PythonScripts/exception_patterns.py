import sys
import warnings

class ConfigError(Exception):
    pass

class MissingFieldError(ConfigError, KeyError):
    def __init__(self, field):
        super().__init__(field)
        self.field = field
    def __str__(self):
        return f"missing field: {self.field}"

def load(cfg):
    try:
        return cfg["r"] * 2
    except KeyError as e:
        raise MissingFieldError("r") from e
    except TypeError:
        raise ConfigError("config must be a dict")
    finally:
        print("load finished")

for cfg in [{"r": 4}, {}, None]:
    try:
        print("result", load(cfg))
    except MissingFieldError as e:
        print(type(e).__name__, e, repr(e.__cause__), isinstance(e, KeyError), e.args)
    except ConfigError as e:
        print("ConfigError:", e, e.__context__.__class__.__name__)

def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x
try:
    check(-1)
except AssertionError as e:
    print("AssertionError:", e)

errors = []
for value in ["1", "x", None, "3.5"]:
    try:
        errors.append(int(value))
    except (ValueError, TypeError) as e:
        errors.append(f"{type(e).__name__}: {e}")
    else:
        errors.append("ok")
print(errors)
try:
    [1, 2][5]
except IndexError as e:
    print(e)
try:
    {"a": 1}["b"]
except KeyError as e:
    print(repr(e), str(e), e.args[0])
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    "a" + 1
except TypeError as e:
    print(e)
try:
    undefined_name
except NameError as e:
    print(e)
try:
    raise RuntimeError("outer")
except RuntimeError:
    try:
        raise ValueError("inner")
    except ValueError as e2:
        print(e2, "| context:", e2.__context__)
class Retry(Exception):
    def __init__(self, attempts, msg="retry failed"):
        self.attempts = attempts
        super().__init__(f"{msg} after {attempts} attempts")
try:
    raise Retry(3)
except Exception as e:
    print(e, e.attempts, str(e), repr(e))
try:
    try:
        raise ValueError("bad")
    except ValueError:
        print("re-raising")
        raise
except ValueError as e:
    print("caught again:", e)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("lr is high", UserWarning)
    warnings.warn("deprecated", DeprecationWarning)
print([(w.category.__name__, str(w.message)) for w in caught])
exc = ValueError("x")
print(isinstance(exc, Exception), issubclass(ValueError, Exception), ValueError.__mro__[1].__name__)
print(type(exc).__name__, exc.__class__.__mro__[-1])
try:
    raise NotImplementedError
except NotImplementedError as e:
    print("NotImplementedError", repr(e))
try:
    int("abc")
except Exception as e:
    print(f"{e.__class__.__name__}: {e}")
try:
    sys.exit(3)
except SystemExit as e:
    print("exit code", e.code)
def gen():
    yield 1
g = gen()
next(g)
try:
    next(g)
except StopIteration:
    print("StopIteration")
print(next(iter([]), "default"))
try:
    raise KeyError("k")
except LookupError as e:
    print("LookupError", e)
