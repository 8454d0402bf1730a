// Generated from stdlib/tempfile.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let tempfileSource = ##"""
"""Temporary files and folders, as in CPython's tempfile (text modes; there is no bytes type):
TemporaryDirectory, NamedTemporaryFile, mkdtemp, mkstemp-free helpers, gettempdir. Under
`--sandbox DIR` (where /tmp is not writable) they are made in the current folder instead.

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data.csv")
"""
import os
import shutil
import time

template = "tmp"
_state = [0]
_alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_"


def _name():
    _state[0] += 1
    n = (int(time.time() * 1000003) + _state[0] * 7919) % 2147483648
    letters = []
    for _ in range(8):
        n = (n * 1103515245 + 12345) % 2147483648
        letters.append(_alphabet[n % len(_alphabet)])
    return "".join(letters)


def gettempdir():
    """The folder temporary files go in: $TMPDIR, $TEMP or $TMP, else /tmp."""
    for key in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(key)
        if value:
            return value
    return "/tmp"


def _candidates(dir):
    if dir is not None:
        return [dir]
    return [gettempdir(), os.getcwd()]


def mkdtemp(suffix=None, prefix=None, dir=None):
    """Make a new, empty folder and return its path (remove it yourself)."""
    last = None
    for base in _candidates(dir):
        for _ in range(100):
            path = os.path.join(base, (prefix or template) + _name() + (suffix or ""))
            try:
                os.mkdir(path)
                return os.path.abspath(path)
            except FileExistsError:
                continue
            except PermissionError as error:
                last = error
                break
    raise last or FileExistsError("No usable temporary directory name found")


class TemporaryDirectory:
    """A folder removed with everything in it when the with block ends (or at cleanup())."""

    def __init__(self, suffix=None, prefix=None, dir=None, ignore_cleanup_errors=False):
        self.name = mkdtemp(suffix, prefix, dir)
        self._ignore = ignore_cleanup_errors

    def __repr__(self):
        return f"<TemporaryDirectory {self.name!r}>"

    def __enter__(self):
        return self.name

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def cleanup(self):
        if os.path.exists(self.name):
            try:
                shutil.rmtree(self.name)
            except OSError:
                if not self._ignore:
                    raise


class _TemporaryFile:
    def __init__(self, path, mode, encoding, newline, delete):
        self.name = path
        self._mode = mode
        self._delete = delete
        self._file = open(path, mode.replace("+", "") if "w" in mode else mode, encoding=encoding, newline=newline)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __iter__(self):
        return iter(self._file)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        self._file.close()
        if self._delete and os.path.exists(self.name):
            os.remove(self.name)


def NamedTemporaryFile(mode="w+", buffering=-1, encoding=None, newline=None, suffix=None, prefix=None, dir=None, delete=True):
    """A named file in the temporary folder (text modes only), deleted on close unless delete=False."""
    if "b" in mode:
        raise NotImplementedError("binary temporary files are not supported in lorarepl (there is no bytes type): use mode='w+'")
    last = None
    for base in _candidates(dir):
        path = os.path.join(base, (prefix or template) + _name() + (suffix or ""))
        try:
            return _TemporaryFile(os.path.abspath(path), mode, encoding, newline, delete)
        except PermissionError as error:
            last = error
    raise last


def TemporaryFile(mode="w+", buffering=-1, encoding=None, newline=None, suffix=None, prefix=None, dir=None):
    """An unnamed temporary file: here a named one deleted on close."""
    return NamedTemporaryFile(mode, buffering, encoding, newline, suffix, prefix, dir, True)
"""##
}
