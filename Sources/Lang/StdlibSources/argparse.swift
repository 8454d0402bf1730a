// Generated from stdlib/argparse.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let argparseSource = ##"""
"""Command-line arguments as in CPython's argparse (the common subset), written in lorarepl:
positionals, --options with type/default/choices/required/nargs, store_true/store_false/count/append,
-h help in CPython's layout, and errors as usage + "prog: error: ..." on stderr with exit code 2.

    parser = argparse.ArgumentParser(description="Fine-tune with LoRA.")
    parser.add_argument("data")
    parser.add_argument("--epochs", type=int, default=3, help="passes over the data")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()          # lorarepl train.py tweets.csv --epochs 5
"""
import sys
import textwrap

SUPPRESS = "==SUPPRESS=="
OPTIONAL = "?"
ZERO_OR_MORE = "*"
ONE_OR_MORE = "+"
REMAINDER = "..."


class ArgumentError(Exception):
    pass


class ArgumentTypeError(Exception):
    pass


class Namespace:
    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            setattr(self, name, value)

    def _names(self):
        return [n for n in vars(self) if not n.startswith("_")]

    def __repr__(self):
        return "Namespace(" + ", ".join(n + "=" + repr(getattr(self, n)) for n in self._names()) + ")"

    def __eq__(self, other):
        return isinstance(other, Namespace) and repr(self) == repr(other)

    def __contains__(self, name):
        return hasattr(self, name)


class HelpFormatter:
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        self.prog = prog


class RawDescriptionHelpFormatter(HelpFormatter):
    pass


class RawTextHelpFormatter(HelpFormatter):
    pass


class ArgumentDefaultsHelpFormatter(HelpFormatter):
    pass


class _Action:
    def __init__(self, option_strings, dest, nargs, const, default, type, choices, required, help, metavar, kind):
        self.option_strings = option_strings
        self.dest = dest
        self.nargs = nargs
        self.const = const
        self.default = default
        self.type = type
        self.choices = choices
        self.required = required
        self.help = help
        self.metavar = metavar
        self.kind = kind

    def takes_value(self):
        return self.kind in ("store", "append")


def _wrap(text, width):
    # CPython's HelpFormatter._split_lines: collapse whitespace, then textwrap.wrap.
    return textwrap.wrap(" ".join(text.split()), width)


class _Group:
    def __init__(self, parser, title, description=None):
        self._parser = parser
        self.title = title
        self.description = description
        self._actions = []

    def add_argument(self, *names, **kwargs):
        action = self._parser._make_action(names, kwargs)
        self._actions.append(action)
        return action

    def add_argument_group(self, title=None, description=None):
        return self._parser.add_argument_group(title, description)

    def add_mutually_exclusive_group(self, required=False):
        return self


class ArgumentParser:
    def __init__(self, prog=None, usage=None, description=None, epilog=None, parents=None, formatter_class=HelpFormatter,
                 prefix_chars="-", fromfile_prefix_chars=None, argument_default=None, conflict_handler="error",
                 add_help=True, allow_abbrev=True, exit_on_error=True):
        if prog is None:
            prog = sys.argv[0].split("/")[-1] if sys.argv and sys.argv[0] else "lorarepl"
        self.prog = prog
        self.usage = usage
        self.description = description
        self.epilog = epilog
        self.formatter_class = formatter_class
        self.exit_on_error = exit_on_error
        self._actions = []
        self._defaults = {}
        self._positionals = _Group(self, "positional arguments")
        self._optionals = _Group(self, "options")
        self._groups = [self._positionals, self._optionals]
        if add_help:
            self._optionals.add_argument("-h", "--help", action="help", default=SUPPRESS, help="show this help message and exit")
        for parent in parents or []:
            for action in parent._actions:
                if action.kind != "help":
                    self._actions.append(action)
                    (self._optionals if action.option_strings else self._positionals)._actions.append(action)

    # building

    def _make_action(self, names, kwargs):
        if not names:
            raise ValueError("add_argument() needs a name, e.g. add_argument('--epochs')")
        kind = kwargs.get("action", "store")
        known = ("store", "store_true", "store_false", "store_const", "append", "count", "help", "version", "append_const", "extend")
        if kind not in known:
            raise ValueError("unknown action " + repr(kind))
        if kind == "extend":
            kind = "append"
        optional = len(names) > 1 or names[0].startswith("-")
        if optional:
            for name in names:
                if not name.startswith("-"):
                    raise ValueError("invalid option string " + repr(name) + ": must start with a character '-'")
            long_names = [n for n in names if n.startswith("--")]
            dest = kwargs.get("dest") or (long_names[0] if long_names else names[0]).lstrip("-").replace("-", "_")
            option_strings = list(names)
        else:
            if len(names) > 1:
                raise ValueError("invalid option string " + repr(names[1]) + ": must start with a character '-'")
            dest = names[0]
            option_strings = []
            if "dest" in kwargs:
                raise ValueError("dest supplied twice for positional argument")
        default = kwargs.get("default")
        if "default" not in kwargs:
            if kind == "store_true":
                default = False
            elif kind == "store_false":
                default = True
            elif dest in self._defaults:
                default = self._defaults[dest]
        nargs = kwargs.get("nargs")
        if kind in ("store_true", "store_false", "store_const", "count", "help", "version", "append_const"):
            nargs = 0
        const = kwargs.get("const")
        if kind == "store_true":
            const = True
        if kind == "store_false":
            const = False
        action = _Action(option_strings, dest, nargs, const, default, kwargs.get("type"), kwargs.get("choices"),
                         kwargs.get("required", not optional and nargs not in ("?", "*")), kwargs.get("help"), kwargs.get("metavar"), kind)
        action.version = kwargs.get("version")
        for existing in self._actions:
            for name in option_strings:
                if name in existing.option_strings:
                    raise ArgumentError("argument " + "/".join(option_strings) + ": conflicting option string: " + name)
        self._actions.append(action)
        return action

    def add_argument(self, *names, **kwargs):
        optional = len(names) > 1 or (bool(names) and names[0].startswith("-"))
        return (self._optionals if optional else self._positionals).add_argument(*names, **kwargs)

    def add_argument_group(self, title=None, description=None):
        group = _Group(self, title, description)
        self._groups.append(group)
        return group

    def add_mutually_exclusive_group(self, required=False):
        return self._optionals

    def set_defaults(self, **kwargs):
        for name, value in kwargs.items():
            self._defaults[name] = value
            for action in self._actions:
                if action.dest == name:
                    action.default = value

    def get_default(self, dest):
        for action in self._actions:
            if action.dest == dest:
                return action.default
        return self._defaults.get(dest)

    # formatting

    def _metavar(self, action):
        if action.metavar is not None:
            return action.metavar
        if action.choices is not None:
            return "{" + ",".join(str(c) for c in action.choices) + "}"
        return action.dest.upper() if action.option_strings else action.dest

    def _format_args(self, action, metavar):
        if action.nargs is None:
            return metavar
        if action.nargs == "?":
            return "[" + metavar + "]"
        if action.nargs == "*":
            return "[" + metavar + " ...]"
        if action.nargs == "+":
            return metavar + " [" + metavar + " ...]"
        if action.nargs == 0:
            return ""
        return " ".join([metavar] * action.nargs)

    def _usage_part(self, action):
        if not action.option_strings:
            return self._format_args(action, self._metavar(action))
        text = action.option_strings[0]
        if action.nargs != 0:
            text = text + " " + self._format_args(action, self._metavar(action))
        return text if action.required else "[" + text + "]"

    def format_usage(self):
        return self._usage_text() + "\n"

    def _usage_text(self):
        prefix = "usage: "
        if self.usage is not None:
            return prefix + self.usage.replace("%(prog)s", self.prog)
        optionals = [self._usage_part(a) for a in self._actions if a.option_strings and a.help != SUPPRESS]
        positionals = [self._usage_part(a) for a in self._actions if not a.option_strings and a.help != SUPPRESS]
        usage = " ".join([self.prog] + optionals + positionals)
        text_width = 78
        if len(prefix) + len(usage) <= text_width:
            return prefix + usage

        def get_lines(parts, indent, with_prefix):
            lines = []
            line = []
            line_len = len(prefix) - 1 if with_prefix else len(indent) - 1
            for part in parts:
                if line_len + 1 + len(part) > text_width and line:
                    lines.append(indent + " ".join(line))
                    line = []
                    line_len = len(indent) - 1
                line.append(part)
                line_len = line_len + len(part) + 1
            if line:
                lines.append(indent + " ".join(line))
            if with_prefix:
                lines[0] = lines[0][len(indent):]
            return lines

        if len(prefix) + len(self.prog) <= 0.75 * text_width:
            indent = " " * (len(prefix) + len(self.prog) + 1)
            if optionals:
                lines = get_lines([self.prog] + optionals, indent, True)
                lines.extend(get_lines(positionals, indent, False))
            elif positionals:
                lines = get_lines([self.prog] + positionals, indent, True)
            else:
                lines = [self.prog]
        else:
            indent = " " * len(prefix)
            lines = [self.prog] + get_lines(optionals + positionals, indent, False)
        return prefix + "\n".join(lines)

    def _invocation(self, action):
        if not action.option_strings:
            return self._metavar(action)
        if action.nargs == 0:
            return ", ".join(action.option_strings)
        args = self._format_args(action, self._metavar(action))
        return ", ".join(name + " " + args for name in action.option_strings)

    def _expand_help(self, action):
        text = action.help
        if "%" not in text:
            return text
        values = {"default": action.default, "prog": self.prog, "dest": action.dest, "type": getattr(action.type, "__name__", action.type),
                  "choices": ", ".join(str(c) for c in action.choices) if action.choices else None,
                  "required": action.required, "metavar": action.metavar, "const": action.const, "nargs": action.nargs}
        return text % values

    def format_help(self):
        width = 78
        visible = [a for a in self._actions if a.help != SUPPRESS or a.kind == "help"]
        longest = 0
        for action in visible:
            longest = max(longest, len(self._invocation(action)) + 2)
        help_position = min(longest + 2, 24)
        out = [self._usage_text(), ""]
        if self.description:
            out.extend(_wrap(self.description, width))
            out.append("")
        for group in self._groups:
            actions = [a for a in group._actions if a.help != SUPPRESS or a.kind == "help"]
            if not actions and not group.description:
                continue
            out.append((group.title or "") + ":")
            if group.description:
                out.extend("  " + line for line in _wrap(group.description, width - 2))
                out.append("")
            for action in actions:
                invocation = "  " + self._invocation(action)
                help_text = self._expand_help(action) if action.help else ""
                if self.formatter_class is ArgumentDefaultsHelpFormatter and action.help and "%(default)" not in action.help \
                        and action.default is not SUPPRESS and (action.option_strings or action.nargs in ("?", "*")) and action.kind != "help":
                    help_text = help_text + " (default: " + str(action.default) + ")"
                if not help_text:
                    out.append(invocation)
                    continue
                help_lines = _wrap(help_text, max(width - help_position, 11))
                if len(invocation) <= help_position - 2:
                    out.append(invocation + " " * (help_position - len(invocation)) + help_lines[0])
                else:
                    out.append(invocation)
                    out.append(" " * help_position + help_lines[0])
                for line in help_lines[1:]:
                    out.append(" " * help_position + line)
            out.append("")
        if self.epilog:
            out.extend(_wrap(self.epilog, width))
            out.append("")
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"

    def print_usage(self, file=None):
        (file or sys.stdout).write(self.format_usage())

    def print_help(self, file=None):
        (file or sys.stdout).write(self.format_help())

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        sys.exit(status)

    def error(self, message):
        sys.stderr.write(self.format_usage())
        self.exit(2, self.prog + ": error: " + message + "\n")

    # parsing

    def _find_option(self, token):
        for action in self._actions:
            if token in action.option_strings:
                return action
        matches = []
        if token.startswith("--"):
            for action in self._actions:
                for name in action.option_strings:
                    if name.startswith(token):
                        matches.append((action, name))
        if len(matches) == 1:
            return matches[0][0]
        if len(matches) > 1:
            self.error("ambiguous option: " + token + " could match " + ", ".join(m[1] for m in matches))
        return None

    def _name(self, action):
        if action.option_strings:
            return "/".join(action.option_strings)
        return action.metavar if action.metavar is not None else action.dest

    def _convert(self, action, text):
        value = text
        if action.type is not None:
            try:
                value = action.type(text)
            except ArgumentTypeError as error:
                self.error("argument " + self._name(action) + ": " + str(error))
            except (ValueError, TypeError):
                type_name = getattr(action.type, "__name__", repr(action.type))
                self.error("argument " + self._name(action) + ": invalid " + type_name + " value: " + repr(text))
        if action.choices is not None and value not in action.choices:
            self.error("argument " + self._name(action) + ": invalid choice: " + repr(value) + " (choose from " +
                       ", ".join(repr(c) for c in action.choices) + ")")
        return value

    def _looks_like_option(self, token):
        if not token.startswith("-") or token == "-":
            return False
        if token[1:].replace(".", "", 1).isdigit():
            return False
        return True

    def parse_args(self, args=None, namespace=None):
        result, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error("unrecognized arguments: " + " ".join(extras))
        return result

    def _nargs_pattern(self, action):
        nargs = action.nargs
        if nargs is None:
            pattern = "(-*A-*)"
        elif nargs == "?":
            pattern = "(-*A?-*)"
        elif nargs == "*":
            pattern = "(-*[A-]*)"
        elif nargs == "+":
            pattern = "(-*A[A-]*)"
        elif nargs == 0:
            pattern = "(-*-*)"
        else:
            pattern = "(-*" + "-*".join(["A"] * nargs) + "-*)"
        if action.option_strings:
            pattern = pattern.replace("-*", "").replace("-", "")
        return pattern

    def _value(self, action, strings):
        if not strings and action.nargs == "?":
            value = action.const if action.option_strings else action.default
            if isinstance(value, str) and not action.option_strings:
                value = self._convert(action, value)
            return value
        if not strings and action.nargs == "*" and not action.option_strings:
            return action.default if action.default is not None else []
        converted = [self._convert(action, s) for s in strings]
        if action.nargs is None or action.nargs == "?":
            return converted[0]
        return converted

    def _take(self, action, strings, result, seen, explicit=None):
        seen.append(action)
        if action.kind == "help":
            self.print_help()
            self.exit(0)
        if action.kind == "version":
            sys.stdout.write(str(action.version).replace("%(prog)s", self.prog) + "\n")
            self.exit(0)
        if action.kind == "count":
            setattr(result, action.dest, (getattr(result, action.dest, None) or 0) + 1)
        elif action.kind == "append_const":
            current = getattr(result, action.dest, None)
            setattr(result, action.dest, (list(current) if current else []) + [action.const])
        elif action.nargs == 0:
            setattr(result, action.dest, action.const)
        elif action.kind == "append":
            current = getattr(result, action.dest, None)
            setattr(result, action.dest, (list(current) if current else []) + [self._value(action, strings)])
        else:
            setattr(result, action.dest, self._value(action, strings))

    def parse_known_args(self, args=None, namespace=None):
        """CPython's algorithm: options and runs of positionals alternate; each run of positionals fills as
        many positional arguments as it can (so a later run cannot feed an argument already filled)."""
        import re
        tokens = list(sys.argv[1:] if args is None else args)
        result = namespace if namespace is not None else Namespace()
        for action in self._actions:
            if action.kind in ("help", "version") or action.default == SUPPRESS:
                continue
            if not hasattr(result, action.dest):
                setattr(result, action.dest, action.default)
        for name, value in self._defaults.items():
            if not hasattr(result, name):
                setattr(result, name, value)
        # Classify: O for an option, A for an argument; after "--" everything is an argument.
        kinds = []
        options = {}
        after_dashes = False
        for index, token in enumerate(tokens):
            if after_dashes:
                kinds.append("A")
            elif token == "--":
                kinds.append("-")
                after_dashes = True
            elif self._looks_like_option(token):
                name = token.split("=", 1)[0] if token.startswith("--") else token
                action = self._find_option(name)
                explicit = token.split("=", 1)[1] if token.startswith("--") and "=" in token else None
                if action is None and not token.startswith("--") and len(token) > 2:
                    action = self._find_option(token[:2])
                    explicit = token[2:] if action is not None else None
                options[index] = (action, token, explicit)
                kinds.append("O")
            else:
                kinds.append("A")
        pattern = "".join(kinds)
        seen = []
        extras = []
        positionals = [a for a in self._actions if not a.option_strings]

        def consume_positionals(start):
            match_counts = []
            for count in range(len(positionals), 0, -1):
                regex = "".join(self._nargs_pattern(a) for a in positionals[:count])
                found = re.match(regex, pattern[start:])
                if found is not None:
                    match_counts = [len(g) for g in found.groups()]
                    break
            for action, length in zip(list(positionals), match_counts):
                strings = [t for t, k in zip(tokens[start:start + length], pattern[start:start + length]) if k != "-"]
                start = start + length
                self._take(action, strings, result, seen)
                positionals.remove(action)
            return start

        def consume_optional(start):
            action, token, explicit = options[start]
            if action is None:
                extras.append(token)
                return start + 1
            if explicit is not None:
                if action.nargs == 0:
                    if token.startswith("--"):
                        self.error("argument " + self._name(action) + ": ignored explicit argument " + repr(explicit))
                    # A cluster of short flags: -vq
                    self._take(action, [], result, seen)
                    rest = explicit
                    while rest:
                        flag = self._find_option("-" + rest[0])
                        if flag is None:
                            self.error("argument " + self._name(action) + ": ignored explicit argument " + repr(rest))
                        if flag.nargs == 0:
                            self._take(flag, [], result, seen)
                            rest = rest[1:]
                        else:
                            self._take(flag, [rest[1:]], result, seen)
                            rest = ""
                    return start + 1
                self._take(action, [explicit], result, seen)
                return start + 1
            found = re.match(self._nargs_pattern(action), pattern[start + 1:])
            if found is None:
                if action.nargs is None:
                    message = "expected one argument"
                elif action.nargs == "?":
                    message = "expected at most one argument"
                elif action.nargs == "+":
                    message = "expected at least one argument"
                else:
                    message = "expected " + str(action.nargs) + " argument" + ("s" if action.nargs != 1 else "")
                self.error("argument " + self._name(action) + ": " + message)
            length = len(found.group(1))
            self._take(action, tokens[start + 1:start + 1 + length], result, seen)
            return start + 1 + length

        option_indices = sorted(options)
        max_option = option_indices[-1] if option_indices else -1
        start = 0
        while start <= max_option:
            next_option = min(i for i in option_indices if i >= start)
            if start != next_option:
                end = consume_positionals(start)
                if end > start:
                    start = end
                    continue
                start = end
            if start not in options:
                extras.extend(t for t, k in zip(tokens[start:next_option], pattern[start:next_option]) if k != "-")
                start = next_option
            start = consume_optional(start)
        stop = consume_positionals(start)
        extras.extend(t for t, k in zip(tokens[stop:], pattern[stop:]) if k != "-" or t != "--")
        missing = []
        for action in self._actions:
            if action in seen:
                continue
            if action.required:
                missing.append(self._name(action))
            elif isinstance(action.default, str) and action.type is not None and action.takes_value() \
                    and getattr(result, action.dest, None) is action.default:
                setattr(result, action.dest, self._convert(action, action.default))
        if missing:
            self.error("the following arguments are required: " + ", ".join(missing))
        return result, extras
"""##
}
