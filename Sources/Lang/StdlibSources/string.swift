// Generated from stdlib/string.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let stringSource = ##"""
"""String constants and helpers as in CPython's string module, written in lorarepl.

    string.punctuation                   # '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
    string.capwords("hello   world")     # 'Hello World'
    string.Template("$name scored $score").substitute(name="run1", score=0.9)
"""
import re

whitespace = " \t\n\r\x0b\x0c"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or " ").join(word.capitalize() for word in s.split(sep))


class Template:
    delimiter = "$"
    idpattern = r"(?a:[_a-z][_a-z0-9]*)"

    def __init__(self, template):
        self.template = template
        d = re.escape(self.delimiter)
        self.pattern = re.compile(d + r"(?:(?P<escaped>" + d + r")|(?P<named>" + self.idpattern + r")|\{(?P<braced>" + self.idpattern +
                                  r")\}|(?P<invalid>))", re.IGNORECASE)

    def _invalid(self, m):
        i = m.start("invalid")
        lines = self.template[:i].splitlines(True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = i - len("".join(lines[:-1]))
            lineno = len(lines)
        raise ValueError("Invalid placeholder in string: line %d, col %d" % (lineno, colno))

    def substitute(self, mapping=None, **kws):
        return self._replace(mapping, kws, safe=False)

    def safe_substitute(self, mapping=None, **kws):
        return self._replace(mapping, kws, safe=True)

    def _replace(self, mapping, kws, safe):
        # substitute raises KeyError/ValueError for a missing name or a bad placeholder; safe_substitute keeps them as written.
        values = dict(mapping) if mapping is not None else {}
        values.update(kws)

        def convert(m):
            named = m.group("named") or m.group("braced")
            if named is not None:
                if safe and named not in values:
                    return m.group()
                return str(values[named])
            if m.group("escaped") is not None:
                return self.delimiter
            if safe:
                return m.group()
            self._invalid(m)
        return self.pattern.sub(convert, self.template)

    def get_identifiers(self):
        ids = []
        for m in self.pattern.finditer(self.template):
            named = m.group("named") or m.group("braced")
            if named is not None and named not in ids:
                ids.append(named)
        return ids
"""##
}
