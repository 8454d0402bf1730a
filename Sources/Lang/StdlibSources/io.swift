// Generated from stdlib/io.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let ioSource = ##"""
"""In-memory streams, as CPython's io.StringIO (text) and io.BytesIO (bytes):

    buffer = io.StringIO()
    csv.writer(buffer).writerow(["a", 1])
    print("done", file=buffer)
    buffer.getvalue()            # 'a,1\r\ndone\n'
    for line in io.StringIO("x\ny\n"): ...
    data = io.BytesIO(); data.write(b"\x00\x01"); data.getvalue()
"""

from _io import BytesIO


class StringIO:
    """A text buffer in memory with the methods of a text file: write, read, readline(s), seek, tell,
    getvalue, iteration by line and `with`."""

    def __init__(self, initial_value="", newline="\n"):
        if initial_value is None:
            initial_value = ""
        if not isinstance(initial_value, str):
            raise TypeError(f"initial_value must be str or None, not {type(initial_value).__name__}")
        self._text = initial_value
        self._tail = []
        self._pos = 0
        self.closed = False

    def _check(self):
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def _flat(self):
        if self._tail:
            self._text = self._text + "".join(self._tail)
            self._tail = []
        return self._text

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError(f"string argument expected, got '{type(s).__name__}'")
        if self._tail or self._pos == len(self._text):
            # Appending at the end (the usual case) costs no copy of what is there.
            self._tail.append(s)
        else:
            text = self._text
            if self._pos > len(text):
                text = text + "\0" * (self._pos - len(text))
            self._text = text[:self._pos] + s + text[self._pos + len(s):]
        self._pos += len(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def read(self, size=-1):
        self._check()
        text = self._flat()
        end = len(text) if size is None or size < 0 else min(len(text), self._pos + size)
        chunk = text[self._pos:end]
        self._pos = max(self._pos, end)
        return chunk

    def readline(self, size=-1):
        self._check()
        text = self._flat()
        end = text[self._pos:].find("\n")
        end = len(text) if end < 0 else self._pos + end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        line = text[self._pos:end]
        self._pos = max(self._pos, end)
        return line

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def getvalue(self):
        self._check()
        return self._flat()

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError(f"Negative seek position {pos}")
            self._pos = pos
        elif whence in (1, 2):
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
            if whence == 2:
                self._pos = len(self._flat())
        else:
            raise ValueError(f"Invalid whence ({whence}, should be 0, 1 or 2)")
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def truncate(self, size=None):
        self._check()
        size = self._pos if size is None else size
        self._text = self._flat()[:size]
        return size

    def close(self):
        self.closed = True

    def flush(self):
        self._check()

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return True

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "<_io.StringIO object>"
"""##
}
