// Generated from stdlib/abc.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let abcSource = ##"""
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
"""##
}
