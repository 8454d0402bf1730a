// Generated from stdlib/pprint.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let pprintSource = ##"""
"""Pretty printing as in CPython's pprint, written in lorarepl: pprint, pformat, pp, PrettyPrinter.
Dicts are shown sorted by key (sort_dicts=True), and anything longer than width is split over lines.

    pprint.pprint(trainer_state, width=60)
"""
import re
import sys


def _sort_key(item):
    key = item[0]
    return (str(type(key)), key) if not isinstance(key, (int, float)) else ("", key)


class PrettyPrinter:
    def __init__(self, indent=1, width=80, depth=None, stream=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
        if indent < 0:
            raise ValueError("indent must be >= 0")
        if width < 0:
            raise ValueError("width must be != 0")
        self._indent_per_level, self._width, self._depth = indent, width, depth
        self._stream, self._compact, self._sort_dicts = stream, compact, sort_dicts

    def _items(self, obj):
        items = list(obj.items())
        if self._sort_dicts:
            try:
                items = sorted(items, key=lambda item: item[0])
            except TypeError:
                items = sorted(items, key=_sort_key)
        return items

    def _repr(self, obj, level=0):
        if self._depth is not None and level > self._depth and isinstance(obj, (dict, list, tuple)) and obj:
            return "{...}" if isinstance(obj, dict) else ("[...]" if isinstance(obj, list) else "(...)")
        if isinstance(obj, dict):
            if not obj:
                return "{}"
            return "{" + ", ".join(self._repr(k, level + 1) + ": " + self._repr(v, level + 1) for k, v in self._items(obj)) + "}"
        if isinstance(obj, list):
            return "[" + ", ".join(self._repr(x, level + 1) for x in obj) + "]"
        if isinstance(obj, tuple):
            if len(obj) == 1:
                return "(" + self._repr(obj[0], level + 1) + ",)"
            return "(" + ", ".join(self._repr(x, level + 1) for x in obj) + ")"
        return repr(obj)

    def pformat(self, obj):
        out = []
        self._format(obj, out, 0, 0, 1)
        return "".join(out)

    def pprint(self, obj):
        (self._stream or sys.stdout).write(self.pformat(obj) + "\n")

    def isreadable(self, obj):
        return True

    def isrecursive(self, obj):
        return False

    def _format(self, obj, out, indent, allowance, level):
        rep = self._repr(obj, level)
        max_width = self._width - indent - allowance
        if len(rep) > max_width and (self._depth is None or level <= self._depth):
            if isinstance(obj, dict) and obj:
                out.append("{")
                if self._indent_per_level > 1:
                    out.append((self._indent_per_level - 1) * " ")
                self._format_dict_items(self._items(obj), out, indent, allowance + 1, level)
                out.append("}")
                return
            if isinstance(obj, list):
                out.append("[")
                self._format_items(obj, out, indent, allowance + 1, level)
                out.append("]")
                return
            if isinstance(obj, tuple):
                end = ",)" if len(obj) == 1 else ")"
                out.append("(")
                self._format_items(obj, out, indent, allowance + len(end), level)
                out.append(end)
                return
            if isinstance(obj, str) and len(obj) > 0:
                self._format_str(obj, out, indent, allowance, level)
                return
        out.append(rep)

    def _format_dict_items(self, items, out, indent, allowance, level):
        indent += self._indent_per_level
        delimnl = ",\n" + " " * indent
        last_index = len(items) - 1
        for i, item in enumerate(items):
            last = i == last_index
            rep = self._repr(item[0], level + 1)
            out.append(rep)
            out.append(": ")
            self._format(item[1], out, indent + len(rep) + 2, allowance if last else 1, level + 1)
            if not last:
                out.append(delimnl)

    def _format_items(self, items, out, indent, allowance, level):
        indent += self._indent_per_level
        if self._indent_per_level > 1:
            out.append((self._indent_per_level - 1) * " ")
        delimnl = ",\n" + " " * indent
        delim = ""
        width = self._width - indent + 1
        max_width = width
        items = list(items)
        for i, ent in enumerate(items):
            last = i == len(items) - 1
            if last:
                max_width -= allowance
                width -= allowance
            if self._compact:
                rep = self._repr(ent, level + 1)
                w = len(rep) + 2
                if width < w:
                    width = max_width
                    if delim:
                        delim = delimnl
                if width >= w:
                    width -= w
                    out.append(delim)
                    delim = ", "
                    out.append(rep)
                    continue
            out.append(delim)
            delim = delimnl
            self._format(ent, out, indent, allowance if last else 1, level + 1)

    def _format_str(self, obj, out, indent, allowance, level):
        chunks = []
        lines = obj.splitlines(True)
        if level == 1:
            indent += 1
            allowance += 1
        max_width1 = self._width - indent
        max_width = max_width1
        rep = repr(obj)
        for i, line in enumerate(lines):
            rep = repr(line)
            if i == len(lines) - 1:
                max_width1 -= allowance
            if len(rep) <= max_width1:
                chunks.append(rep)
            else:
                parts = re.findall(r"\S*\s*", line)
                parts.pop()
                max_width2 = max_width
                current = ""
                for j, part in enumerate(parts):
                    candidate = current + part
                    if j == len(parts) - 1 and i == len(lines) - 1:
                        max_width2 -= allowance
                    if len(repr(candidate)) > max_width2:
                        if current:
                            chunks.append(repr(current))
                        current = part
                    else:
                        current = candidate
                if current:
                    chunks.append(repr(current))
        if len(chunks) == 1:
            out.append(rep)
            return
        if level == 1:
            out.append("(")
        for i, chunk in enumerate(chunks):
            if i > 0:
                out.append("\n" + " " * indent)
            out.append(chunk)
        if level == 1:
            out.append(")")


def pformat(obj, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    return PrettyPrinter(indent=indent, width=width, depth=depth, compact=compact, sort_dicts=sort_dicts).pformat(obj)


def pprint(obj, stream=None, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    PrettyPrinter(stream=stream, indent=indent, width=width, depth=depth, compact=compact, sort_dicts=sort_dicts).pprint(obj)


def pp(obj, *args, sort_dicts=False, **kwargs):
    pprint(obj, *args, sort_dicts=sort_dicts, **kwargs)


def saferepr(obj):
    return PrettyPrinter()._repr(obj)
"""##
}
