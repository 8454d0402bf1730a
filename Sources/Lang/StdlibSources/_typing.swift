// Generated from stdlib/_typing.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let _typingSource = ##"""
"""The class forms of typing: `class Point(NamedTuple)` with annotated fields (and defaults), and
`class Movie(TypedDict)`, whose calls make plain dicts. `typing.NamedTuple` and `typing.TypedDict` in a
class header resolve to the classes here."""
from collections import namedtuple


class _NamedTupleMeta(type):
    def __init__(cls, name, bases, namespace):
        if namespace.get("_root_"):
            return
        fields = tuple(namespace.get("__annotations__", {}))
        defaults = {}
        for field in fields:
            if field in namespace:
                defaults[field] = namespace[field]
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {field} cannot follow default field{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}")
        # The methods are collections.namedtuple's (one implementation of the tuple behaviour).
        prototype = namedtuple(name, fields, defaults=list(defaults.values()))
        for key, value in prototype.__dict__.items():
            if key not in namespace and key not in ("__module__", "__qualname__", "__doc__", "__annotations__"):
                setattr(cls, key, value)


class NamedTuple(metaclass=_NamedTupleMeta):
    """A tuple class with named, annotated fields: class Point(NamedTuple): x: int; y: int = 0"""

    _root_ = True


class _TypedDictMeta(type):
    def __init__(cls, name, bases, namespace):
        keys = {}
        for base in reversed(cls.__mro__[1:]):
            keys.update(base.__dict__.get("__annotations__", {}))
        keys.update(namespace.get("__annotations__", {}))
        cls.__required_keys__ = set(keys)
        cls.__optional_keys__ = set()

    def __call__(cls, *args, **kwargs):
        return dict(*args, **kwargs)


class TypedDict(metaclass=_TypedDictMeta):
    """A dict with annotated keys: class Movie(TypedDict): title: str; Movie(title='x') is a plain dict."""
"""##
}
