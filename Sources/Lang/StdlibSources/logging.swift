// Generated from stdlib/logging.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let loggingSource = ##"""
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


class Filterer:
    """What Handler and Logger share, as in CPython: a list of filters (Filter objects or functions)."""

    def __init__(self):
        self.filters = []

    def filter(self, record):
        for f in self.filters:
            if hasattr(f, "filter"):
                if not f.filter(record):
                    return False
            elif not f(record):
                return False
        return True


class Handler(Filterer):
    def __init__(self, level=NOTSET):
        Filterer.__init__(self)
        self.level = _check_level(level)
        self.formatter = None
        self.name = None

    def setLevel(self, level):
        self.level = _check_level(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

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


class Logger(Filterer):
    def __init__(self, name, level=NOTSET):
        Filterer.__init__(self)
        self.name = name
        self.level = _check_level(level)
        self.parent = None
        self.propagate = True
        self.handlers = []
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
        if self.filter(record):
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

    # One method per level as in CPython (stack_info, stacklevel and extra are accepted and ignored).
    def debug(self, msg, *args, **kwargs): self.log(DEBUG, msg, *args, **kwargs)
    def info(self, msg, *args, **kwargs): self.log(INFO, msg, *args, **kwargs)
    def warning(self, msg, *args, **kwargs): self.log(WARNING, msg, *args, **kwargs)
    def warn(self, msg, *args, **kwargs): self.log(WARNING, msg, *args, **kwargs)
    def error(self, msg, *args, **kwargs): self.log(ERROR, msg, *args, **kwargs)
    def exception(self, msg, *args, exc_info=True, **kwargs): self.log(ERROR, msg, *args, exc_info=exc_info, **kwargs)
    def critical(self, msg, *args, **kwargs): self.log(CRITICAL, msg, *args, **kwargs)

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


# The root logger's one function per level (basicConfig() first when it has no handler, as in CPython).
def debug(msg, *args, exc_info=None, **kwargs): _root_log(DEBUG, msg, args, exc_info)
def info(msg, *args, exc_info=None, **kwargs): _root_log(INFO, msg, args, exc_info)
def warning(msg, *args, exc_info=None, **kwargs): _root_log(WARNING, msg, args, exc_info)
def warn(msg, *args, exc_info=None, **kwargs): _root_log(WARNING, msg, args, exc_info)
def error(msg, *args, exc_info=None, **kwargs): _root_log(ERROR, msg, args, exc_info)
def exception(msg, *args, exc_info=True, **kwargs): _root_log(ERROR, msg, args, exc_info)
def critical(msg, *args, exc_info=None, **kwargs): _root_log(CRITICAL, msg, args, exc_info)


fatal = critical


def log(level, msg, *args, **kwargs):
    _root_log(level, msg, args)
"""##
}
