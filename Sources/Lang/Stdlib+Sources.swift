// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
enum StdlibSources {
    static let modules: [(String, String)] = [
        ("abc", ##"""
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
"""##),
        ("argparse", ##"""
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
    words = text.split()
    lines = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    if line:
        lines.append(line)
    return lines


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
"""##),
        ("chat", ##"""
"""Chat helpers for causal LMs, written in lorarepl itself: from chat import chat, reply, tokenize_chat.

    history = []
    chat(model, tokenizer, "What is LoRA?", history, system="Answer in one sentence.")
    chat(model, tokenizer, "And QLoRA?", history)      # the model sees the first turn too

A conversation is a list of messages {"role": "system"|"user"|"assistant", "content": text}, the form
tokenizer.apply_chat_template takes.
"""
from transformers import TextStreamer


def reply(model, tokenizer, messages, max_new_tokens=128, do_sample=False, temperature=0.7, top_p=0.9,
          repetition_penalty=1.0, seed=None, stream=False):
    """The assistant's next message for a conversation, as text (the conversation is not changed).

    Greedy by default (the same answer every time); do_sample=True samples with temperature and top_p,
    reproducibly when seed is given. stream=True prints the answer while it is generated.
    """
    if len(messages) == 0:
        raise ValueError("reply() needs at least one message, e.g. [{'role': 'user', 'content': 'Hello'}]")
    prompt = tokenizer.apply_chat_template(messages, tokenize=True, add_generation_prompt=True, return_tensors="pt")
    streamer = TextStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True) if stream else None
    out = model.generate(input_ids=prompt, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                         top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, streamer=streamer)
    new_tokens = out[0].tolist()[len(prompt[0]):]
    return tokenizer.decode(new_tokens, skip_special_tokens=True).strip()


def chat(model, tokenizer, message, history=None, system=None, max_new_tokens=128, do_sample=False,
         temperature=0.7, top_p=0.9, repetition_penalty=1.0, seed=None):
    """One turn of a conversation: prints the model's answer to message while it is generated.

    Pass the same history list on every turn to keep the conversation going: chat() appends your
    message and the answer to it (read the last answer as history[-1]["content"]). system sets the
    system message of a new conversation. Returns None, so the answer is not printed twice.
    """
    if history is None:
        history = []
    if system is not None and len(history) == 0:
        history.append({"role": "system", "content": system})
    history.append({"role": "user", "content": message})
    answer = reply(model, tokenizer, history, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                   top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, stream=True)
    history.append({"role": "assistant", "content": answer})


def tokenize_chat(tokenizer, messages, max_length=None):
    """One training conversation as input_ids, attention_mask and labels, for instruction tuning.

    labels equal input_ids on what the assistant says (its answers and their end-of-turn token) and
    -100 everywhere else, so the loss teaches the answers, not the questions. Use it with
    dataset.map(lambda row: tokenize_chat(tokenizer, row["messages"])) and DataCollatorForSeq2Seq.
    """
    enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True,
                                        truncation=max_length is not None, max_length=max_length)
    labels = [token if keep == 1 else -100 for token, keep in zip(enc["input_ids"], enc["assistant_masks"])]
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"], "labels": labels}
"""##),
        ("collections", ##"""
"""Container types with CPython's behaviour, written in lorarepl: Counter, defaultdict, OrderedDict,
deque, namedtuple.

    from collections import Counter, defaultdict
    counts = Counter(text.split())
    counts.most_common(3)                # [('the', 12), ('a', 7), ('of', 5)]
    by_label = defaultdict(list)
    by_label["pos"].append("great movie")

They are classes of their own (lorarepl cannot subclass dict), so isinstance(counts, dict) is False;
dict(counts) makes a plain dict when one is needed (json.dumps, **kwargs).
"""


class _DictBase:
    """The dict protocol over an inner dict, shared by Counter, defaultdict and OrderedDict."""

    def __init__(self):
        self._data = {}

    def __getitem__(self, key):
        if key in self._data:
            return self._data[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data))

    def __bool__(self):
        return len(self._data) > 0

    def __eq__(self, other):
        if isinstance(other, _DictBase):
            return self._data == other._data
        return self._data == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def get(self, key, default=None):
        return self._data.get(key, default)

    def pop(self, key, *default):
        if key in self._data:
            return self._data.pop(key)
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self):
        if not self._data:
            raise KeyError("popitem(): dictionary is empty")
        key = list(self._data)[-1]
        return (key, self._data.pop(key))

    def setdefault(self, key, default=None):
        if key not in self._data:
            self._data[key] = default
        return self._data[key]

    def clear(self):
        self._data.clear()

    def _update_pairs(self, other, kwargs):
        if other is not None:
            if isinstance(other, _DictBase) or isinstance(other, dict):
                for key in other.keys():
                    self[key] = other[key]
            else:
                for key, value in other:
                    self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def update(self, other=None, **kwargs):
        self._update_pairs(other, kwargs)

    def _items_repr(self):
        return ", ".join(repr(k) + ": " + repr(v) for k, v in self._data.items())


class Counter(_DictBase):
    """A dict of counts: Counter('abracadabra'), Counter(words), c.most_common(2), c.update(more)."""

    def __init__(self, iterable=None, **kwargs):
        self._data = {}
        self.update(iterable, **kwargs)

    def __missing__(self, key):
        return 0

    def update(self, iterable=None, **kwargs):
        if iterable is not None:
            if isinstance(iterable, _DictBase) or isinstance(iterable, dict):
                for key, count in iterable.items():
                    self._data[key] = self._data.get(key, 0) + count
            else:
                data = self._data
                for key in iterable:
                    data[key] = data.get(key, 0) + 1
        for key, count in kwargs.items():
            self._data[key] = self._data.get(key, 0) + count

    def subtract(self, iterable=None, **kwargs):
        if iterable is not None:
            if isinstance(iterable, _DictBase) or isinstance(iterable, dict):
                for key, count in iterable.items():
                    self._data[key] = self._data.get(key, 0) - count
            else:
                for key in iterable:
                    self._data[key] = self._data.get(key, 0) - 1
        for key, count in kwargs.items():
            self._data[key] = self._data.get(key, 0) - count

    def most_common(self, n=None):
        ordered = sorted(self._data.items(), key=lambda item: item[1], reverse=True)
        if n is None:
            return ordered
        return ordered[:max(n, 0)]

    def elements(self):
        result = []
        for key, count in self._data.items():
            for _ in range(count):
                result.append(key)
        return iter(result)

    def total(self):
        return sum(self._data.values())

    def copy(self):
        return Counter(self)

    def __repr__(self):
        if not self._data:
            return "Counter()"
        return "Counter({" + ", ".join(repr(k) + ": " + repr(v) for k, v in self.most_common()) + "})"

    def __add__(self, other):
        result = Counter()
        for key, count in self._data.items():
            total = count + other[key]
            if total > 0:
                result[key] = total
        for key, count in other.items():
            if key not in self._data and count > 0:
                result[key] = count
        return result

    def __sub__(self, other):
        result = Counter()
        for key, count in self._data.items():
            total = count - other[key]
            if total > 0:
                result[key] = total
        for key, count in other.items():
            if key not in self._data and count < 0:
                result[key] = 0 - count
        return result

    def __or__(self, other):
        result = Counter()
        for key, count in self._data.items():
            best = max(count, other[key])
            if best > 0:
                result[key] = best
        for key, count in other.items():
            if key not in self._data and count > 0:
                result[key] = count
        return result

    def __and__(self, other):
        result = Counter()
        for key, count in self._data.items():
            least = min(count, other[key])
            if least > 0:
                result[key] = least
        return result


class defaultdict(_DictBase):
    """A dict that makes missing values with default_factory: defaultdict(list), defaultdict(int)."""

    def __init__(self, default_factory=None, other=None, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self._data = {}
        self.default_factory = default_factory
        self._update_pairs(other, kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._data[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self._data)

    def __repr__(self):
        factory = "None" if self.default_factory is None else repr(self.default_factory)
        return "defaultdict(" + factory + ", {" + self._items_repr() + "})"


class OrderedDict(_DictBase):
    """A dict that remembers insertion order (all dicts do) with move_to_end and popitem(last=)."""

    def __init__(self, other=None, **kwargs):
        self._data = {}
        self._update_pairs(other, kwargs)

    def move_to_end(self, key, last=True):
        value = self._data.pop(key)
        if last:
            self._data[key] = value
        else:
            rest = list(self._data.items())
            self._data.clear()
            self._data[key] = value
            for k, v in rest:
                self._data[k] = v

    def popitem(self, last=True):
        if not self._data:
            raise KeyError("dictionary is empty")
        key = list(self._data)[-1 if last else 0]
        return (key, self._data.pop(key))

    def copy(self):
        return OrderedDict(self._data)

    def __repr__(self):
        if not self._data:
            return "OrderedDict()"
        return "OrderedDict(" + repr(list(self._data.items())) + ")"


class deque:
    """A double-ended queue: append/appendleft, pop/popleft, extend, rotate, maxlen."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None and maxlen < 0:
            raise ValueError("maxlen must be non-negative")
        self._items = []
        self.maxlen = maxlen
        for item in iterable:
            self.append(item)

    def append(self, item):
        self._items.append(item)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop(0)

    def appendleft(self, item):
        self._items.insert(0, item)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop(0)

    def extend(self, iterable):
        for item in iterable:
            self.append(item)

    def extendleft(self, iterable):
        for item in iterable:
            self.appendleft(item)

    def rotate(self, n=1):
        if self._items:
            n = n % len(self._items)
            self._items = self._items[-n:] + self._items[:-n] if n else self._items

    def clear(self):
        self._items = []

    def count(self, value):
        return self._items.count(value)

    def remove(self, value):
        self._items.remove(value)

    def index(self, value):
        return self._items.index(value)

    def reverse(self):
        self._items.reverse()

    def copy(self):
        return deque(self._items, self.maxlen)

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(list(self._items))

    def __bool__(self):
        return len(self._items) > 0

    def __getitem__(self, index):
        return self._items[index]

    def __setitem__(self, index, value):
        self._items[index] = value

    def __contains__(self, item):
        return item in self._items

    def __eq__(self, other):
        return isinstance(other, deque) and self._items == other._items

    def __repr__(self):
        if self.maxlen is None:
            return "deque(" + repr(self._items) + ")"
        return "deque(" + repr(self._items) + ", maxlen=" + str(self.maxlen) + ")"


def _is_identifier(name):
    if not name or not (name[0].isalpha() or name[0] == "_"):
        return False
    return all(c.isalnum() or c == "_" for c in name)


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """A tuple class with named fields: Point = namedtuple('Point', ['x', 'y']); Point(1, y=2).x"""
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)
    for name in fields:
        if not _is_identifier(name) or name.startswith("_"):
            raise ValueError("Field names must be valid identifiers and may not start with an underscore: " + repr(name))
    if len(set(fields)) != len(fields):
        for i, name in enumerate(fields):
            if name in fields[:i]:
                raise ValueError("Encountered duplicate field name: " + repr(name))
    default_values = tuple(defaults) if defaults is not None else ()
    if len(default_values) > len(fields):
        raise TypeError("Got more default values than field names")
    first_default = len(fields) - len(default_values)

    class _NamedTuple:
        _fields = fields
        _field_defaults = dict(zip(fields[first_default:], default_values))

        def __init__(self, *args, **kwargs):
            if len(args) > len(fields):
                raise TypeError(typename + ".__new__() takes " + str(len(fields) + 1) + " positional arguments but " + str(len(args) + 1) + " were given")
            values = list(args)
            for i in range(len(args), len(fields)):
                name = fields[i]
                if name in kwargs:
                    values.append(kwargs.pop(name))
                elif i >= first_default:
                    values.append(default_values[i - first_default])
                else:
                    missing = [n for n in fields[i:] if n not in kwargs and fields.index(n) < first_default]
                    raise TypeError(typename + ".__new__() missing " + str(len(missing)) + " required positional argument" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(repr(n) for n in missing))
            for name in kwargs:
                if name in fields:
                    raise TypeError(typename + "() got multiple values for argument " + repr(name))
                raise TypeError(typename + "() got an unexpected keyword argument " + repr(name))
            self._values = tuple(values)
            for name, value in zip(fields, values):
                setattr(self, name, value)

        def __repr__(self):
            return typename + "(" + ", ".join(n + "=" + repr(v) for n, v in zip(fields, self._values)) + ")"

        def __getitem__(self, index):
            return self._values[index]

        def __len__(self):
            return len(self._values)

        def __iter__(self):
            return iter(self._values)

        def __eq__(self, other):
            if isinstance(other, tuple):
                return self._values == other
            return hasattr(other, "_values") and self._values == other._values

        def __ne__(self, other):
            return not self.__eq__(other)

        def __lt__(self, other):
            return self._values < tuple(other)

        def __hash__(self):
            return hash(self._values)

        def __add__(self, other):
            return self._values + tuple(other)

        def _asdict(self):
            return dict(zip(fields, self._values))

        def _replace(self, **changes):
            current = dict(zip(fields, self._values))
            for name, value in changes.items():
                if name not in current:
                    raise ValueError("Got unexpected field names: " + repr([name]))
                current[name] = value
            return _NamedTuple(**current)

        def count(self, value):
            return self._values.count(value)

        def index(self, value):
            return self._values.index(value)

        @classmethod
        def _make(cls, iterable):
            return cls(*iterable)

    _NamedTuple.__name__ = typename
    _NamedTuple.__qualname__ = typename
    return _NamedTuple
"""##),
        ("contextlib", ##"""
"""Context-manager helpers, as in CPython's contextlib: contextmanager, suppress, nullcontext, closing.

    @contextmanager
    def timer(name):
        start = time.time()
        yield
        print(name, "took", time.time() - start)

    with timer("epoch"):
        ...
"""


class _GeneratorContextManager:
    def __init__(self, func, args, kwargs):
        self.gen = func(*args, **kwargs)
        self.func = func

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(exc)
        except StopIteration:
            return True
        except BaseException as raised:
            if raised is exc:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    """Decorator: a generator function that yields once becomes a context manager (the yielded value is
    what 'as' binds; code after the yield runs when the block ends, also after an exception)."""
    def helper(*args, **kwargs):
        return _GeneratorContextManager(func, args, kwargs)
    helper.__name__ = func.__name__
    helper.__doc__ = func.__doc__
    helper.__wrapped__ = func
    return helper


class suppress:
    """with suppress(FileNotFoundError): ... ignores those exceptions."""

    def __init__(self, *exceptions):
        self.exceptions = exceptions

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, self.exceptions)


class nullcontext:
    """A context manager that does nothing (with nullcontext(value) as v: v is value)."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        return False


class closing:
    """Calls thing.close() at the end of the block."""

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *excinfo):
        self.thing.close()
        return False
"""##),
        ("dataclasses", ##"""
"""Classes that are mostly data, as in CPython's dataclasses: @dataclass writes __init__, __repr__ and
__eq__ from the annotated fields (and ordering, hashing or frozen instances when asked).

    @dataclass
    class Example:
        text: str
        label: int = 0
        tags: list = field(default_factory=list)

    Example("great movie", 1)    # Example(text='great movie', label=1, tags=[])
    asdict(Example("ok"))        # {'text': 'ok', 'label': 0, 'tags': []}
"""


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen dataclass is assigned."""


class Field:
    """One field of a dataclass (what field() returns and fields() lists)."""

    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return (f"Field(name={self.name!r},type={self.type!r},default={self.default!r},"
                f"default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},"
                f"hash={self.hash!r},compare={self.compare!r},metadata={self.metadata!r},kw_only={self.kw_only!r})")


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=False):
    """Options for one field: default=, default_factory= (a function called for each new instance), init=, repr=, compare=."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(annotation):
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return "ClassVar" in text


def _plural_names(names):
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + " and " + quoted[1]
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _make_init(fields, frozen, qualname):
    positional = [f for f in fields if f.init and not f.kw_only]
    init_names = [f.name for f in fields if f.init]

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            raise TypeError(f"{qualname}.__init__() takes {len(positional) + 1} positional arguments but {len(args) + 1} were given")
        values = {}
        for f, value in zip(positional, args):
            values[f.name] = value
        for name, value in kwargs.items():
            if name not in init_names:
                raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument '{name}'")
            if name in values:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument '{name}'")
            values[name] = value
        missing = [f.name for f in fields if f.init and f.name not in values
                   and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            kind = "positional" if all(not f.kw_only for f in fields if f.name in missing) else "keyword-only"
            raise TypeError(f"{qualname}.__init__() missing {len(missing)} required {kind} argument{'s' if len(missing) > 1 else ''}: "
                            + _plural_names(missing))
        for f in fields:
            if f.name in values:
                value = values[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            elif f.default is not MISSING:
                value = f.default
            else:
                continue
            object.__setattr__(self, f.name, value)
        if hasattr(self, "__post_init__"):
            self.__post_init__()

    return __init__


def _make_repr(fields):
    shown = [f.name for f in fields if f.repr]

    def __repr__(self):
        return type(self).__qualname__ + "(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in shown) + ")"

    return __repr__


def _values(obj, fields):
    return tuple(getattr(obj, f.name) for f in fields if f.compare)


def _make_comparison(fields, op):
    def compare(self, other):
        if type(other) is not type(self):
            return NotImplemented
        a = _values(self, fields)
        b = _values(other, fields)
        if op == "eq":
            return a == b
        if op == "lt":
            return a < b
        if op == "le":
            return a <= b
        if op == "gt":
            return a > b
        return a >= b

    return compare


def _make_hash(fields):
    hashed = [f for f in fields if (f.compare if f.hash is None else f.hash)]

    def __hash__(self):
        return hash(tuple(getattr(self, f.name) for f in hashed))

    return __hash__


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field '{name}'")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field '{name}'")


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen):
    own = cls.__dict__
    collected = {}
    for base in reversed(cls.__mro__[1:]):
        base_fields = base.__dict__.get("__dataclass_fields__")
        if base_fields:
            for f in base_fields.values():
                collected[f.name] = f
    for name, annotation in own.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        default = own.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = Field(default, MISSING, True, True, None, True, None, False)
        f.name = name
        f.type = annotation
        if f.default_factory is MISSING and isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
        collected[name] = f
        if isinstance(default, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    fields = list(collected.values())
    seen_default = False
    for f in fields:
        if not f.init or f.kw_only:
            continue
        if f.default is MISSING and f.default_factory is MISSING:
            if seen_default:
                raise TypeError(f"non-default argument '{f.name}' follows default argument")
        else:
            seen_default = True
    setattr(cls, "__dataclass_fields__", collected)
    if init and "__init__" not in own:
        setattr(cls, "__init__", _make_init(fields, frozen, cls.__qualname__))
    if repr and "__repr__" not in own:
        setattr(cls, "__repr__", _make_repr(fields))
    if eq and "__eq__" not in own:
        setattr(cls, "__eq__", _make_comparison(fields, "eq"))
    if order:
        for op in ("lt", "le", "gt", "ge"):
            name = f"__{op}__"
            if name in own:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}. Consider using functools.total_ordering")
            setattr(cls, name, _make_comparison(fields, op))
    if frozen:
        setattr(cls, "__setattr__", _frozen_setattr)
        setattr(cls, "__delattr__", _frozen_delattr)
    if "__hash__" not in own:
        if unsafe_hash or (eq and frozen):
            setattr(cls, "__hash__", _make_hash(fields))
        elif eq:
            setattr(cls, "__hash__", None)
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False):
    """Class decorator: @dataclass or @dataclass(order=True, frozen=True, ...)."""
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen)
    if cls is None:
        return wrap
    return wrap(cls)


def is_dataclass(obj):
    """True for a dataclass or an instance of one."""
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def fields(class_or_instance):
    """The Field objects of a dataclass, in order."""
    if not is_dataclass(class_or_instance):
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(class_or_instance.__dataclass_fields__.values())


def _convert(value, dict_factory):
    if is_dataclass(value) and not isinstance(value, type):
        return dict_factory([(f.name, _convert(getattr(value, f.name), dict_factory)) for f in fields(value)])
    if isinstance(value, list):
        return [_convert(v, dict_factory) for v in value]
    if isinstance(value, tuple):
        return tuple(_convert(v, dict_factory) for v in value)
    if isinstance(value, dict):
        return {_convert(k, dict_factory): _convert(v, dict_factory) for k, v in value.items()}
    return value


def asdict(obj, *, dict_factory=dict):
    """The fields of a dataclass instance as a dict (nested dataclasses, lists and dicts converted too)."""
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory)


def astuple(obj):
    """The field values of a dataclass instance as a tuple."""
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return tuple(_convert(getattr(obj, f.name), dict) for f in fields(obj))


def replace(obj, **changes):
    """A new instance with some fields changed."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj) if f.init}
    values.update(changes)
    return type(obj)(**values)
"""##),
        ("functools", ##"""
"""Higher-order functions, as in CPython's functools: wraps, update_wrapper, partial, reduce, lru_cache,
cache, cached_property, cmp_to_key, total_ordering.

    @lru_cache(maxsize=None)
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    fib(30); fib.cache_info()   # CacheInfo(hits=28, misses=31, maxsize=None, currsize=31)
"""

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")
WRAPPER_UPDATES = ("__dict__",)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Copy the name, docstring and attributes of wrapped onto wrapper; wrapper.__wrapped__ = wrapped."""
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        for key, value in getattr(wrapped, attr, {}).items():
            if key not in assigned:
                setattr(wrapper, key, value)
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Decorator for a wrapper function: @wraps(func) makes the wrapper look like func."""
    def decorating(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorating


class partial:
    """A function with some arguments filled in: partial(int, base=2)("101") == 5."""

    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        return self.func(*self.args, *args, **{**self.keywords, **keywords})

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args]
        parts += [f"{k}={v!r}" for k, v in self.keywords.items()]
        return "functools.partial(" + ", ".join(parts) + ")"


_initial_missing = object()


def reduce(function, iterable, *initial):
    """Fold the items from the left: reduce(f, [a, b, c]) == f(f(a, b), c); an initial value goes first."""
    if len(initial) > 1:
        raise TypeError(f"reduce expected at most 3 arguments, got {len(initial) + 2}")
    it = iter(iterable)
    if not initial:
        value = next(it, _initial_missing)
        if value is _initial_missing:
            raise TypeError("reduce() of empty iterable with no initial value")
    else:
        value = initial[0]
    for element in it:
        value = function(value, element)
    return value


class CacheInfo:
    """What cache_info() reports: hits, misses, maxsize, currsize."""

    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize

    def __iter__(self):
        return iter((self.hits, self.misses, self.maxsize, self.currsize))

    def __getitem__(self, index):
        return (self.hits, self.misses, self.maxsize, self.currsize)[index]

    def __len__(self):
        return 4

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return f"CacheInfo(hits={self.hits}, misses={self.misses}, maxsize={self.maxsize}, currsize={self.currsize})"


_keyword_mark = object()


def _make_key(args, keywords):
    key = args
    if keywords:
        key = key + (_keyword_mark,) + tuple(keywords.items())
    return key


def _cached(user_function, maxsize):
    cache = {}
    stats = [0, 0]

    def wrapper(*args, **keywords):
        key = _make_key(args, keywords)
        if key in cache:
            stats[0] += 1
            value = cache.pop(key)
            cache[key] = value
            return value
        stats[1] += 1
        value = user_function(*args, **keywords)
        if maxsize is not None:
            if maxsize <= 0:
                return value
            if len(cache) >= maxsize:
                del cache[next(iter(cache))]
        cache[key] = value
        return value

    def cache_info():
        return CacheInfo(stats[0], stats[1], maxsize, len(cache))

    def cache_clear():
        cache.clear()
        stats[0] = 0
        stats[1] = 0

    update_wrapper(wrapper, user_function)
    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    return wrapper


def lru_cache(maxsize=128, typed=False):
    """Remember the results of the last maxsize calls (all of them with maxsize=None).

    Use as @lru_cache, @lru_cache() or @lru_cache(maxsize=None); arguments must be hashable.
    """
    if callable(maxsize) and not isinstance(maxsize, (int, bool)):
        return _cached(maxsize, 128)
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("Expected first argument to be an integer, a callable, or None")

    def decorating(user_function):
        return _cached(user_function, maxsize)
    return decorating


def cache(user_function):
    """Remember every result (lru_cache(maxsize=None))."""
    return _cached(user_function, None)


def cached_property(func):
    """A property computed once per instance, then stored on it."""
    name = func.__name__

    def getter(self):
        values = self.__dict__
        if name in values:
            return values[name]
        value = func(self)
        values[name] = value
        return value

    def setter(self, value):
        self.__dict__[name] = value

    return property(getter, setter, None, getattr(func, "__doc__", None))


def cmp_to_key(mycmp):
    """A key= function from an old-style cmp(a, b) function returning <0, 0 or >0."""
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

    return K


def _defines(cls, name):
    for klass in cls.__mro__:
        if klass is object:
            return False
        if name in klass.__dict__:
            return True
    return False


def total_ordering(cls):
    """Class decorator: from __eq__ and one of __lt__ __le__ __gt__ __ge__, derive the others."""
    if _defines(cls, "__lt__"):
        def __le__(self, other):
            return self < other or self == other

        def __gt__(self, other):
            return not (self < other or self == other)

        def __ge__(self, other):
            return not self < other
        derived = {"__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}
    elif _defines(cls, "__le__"):
        def __lt__(self, other):
            return self <= other and not self == other

        def __gt__(self, other):
            return not self <= other

        def __ge__(self, other):
            return not self <= other or self == other
        derived = {"__lt__": __lt__, "__gt__": __gt__, "__ge__": __ge__}
    elif _defines(cls, "__gt__"):
        def __lt__(self, other):
            return not (self > other or self == other)

        def __ge__(self, other):
            return self > other or self == other

        def __le__(self, other):
            return not self > other
        derived = {"__lt__": __lt__, "__ge__": __ge__, "__le__": __le__}
    elif _defines(cls, "__ge__"):
        def __le__(self, other):
            return not self >= other or self == other

        def __gt__(self, other):
            return self >= other and not self == other

        def __lt__(self, other):
            return not self >= other
        derived = {"__le__": __le__, "__gt__": __gt__, "__lt__": __lt__}
    else:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    for name, method in derived.items():
        if not _defines(cls, name):
            setattr(cls, name, method)
    return cls
"""##),
        ("itertools", ##"""
"""Iterator building blocks, as in CPython's itertools. Every function is lazy: count(), cycle() and
repeat() are infinite and only produce what is asked for (take a slice with islice).

    list(islice(count(10, 5), 3))          # [10, 15, 20]
    list(combinations("abc", 2))           # [('a', 'b'), ('a', 'c'), ('b', 'c')]
    [(k, len(list(g))) for k, g in groupby("aaabcc")]   # [('a', 3), ('b', 1), ('c', 2)]
"""

_none = object()


def count(start=0, step=1):
    """start, start + step, start + 2*step, ... without end."""
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    """The items of iterable, then the same items again, forever."""
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    while saved:
        for element in saved:
            yield element


def repeat(object, times=None):
    """object again and again (times times, or forever)."""
    if times is None:
        while True:
            yield object
    else:
        for _ in range(times):
            yield object


def accumulate(iterable, func=None, *, initial=None):
    """Running totals (or running func(total, item))."""
    it = iter(iterable)
    total = initial
    if initial is None:
        total = next(it, _none)
        if total is _none:
            return
    yield total
    for element in it:
        total = total + element if func is None else func(total, element)
        yield total


def chain(*iterables):
    """The items of each iterable in turn."""
    for iterable in iterables:
        for element in iterable:
            yield element


def _chain_from_iterable(iterables):
    for iterable in iterables:
        for element in iterable:
            yield element


chain.from_iterable = _chain_from_iterable


def _index(value, what):
    if value is None:
        return None
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    return value


def islice(iterable, *args):
    """islice(it, stop) or islice(it, start, stop[, step]): a slice of any iterator, taken lazily."""
    if len(args) == 1:
        start, stop, step = 0, _index(args[0], "Stop"), 1
    elif len(args) in (2, 3):
        start = _index(args[0], "Indices") or 0
        stop = _index(args[1], "Stop")
        step = 1 if len(args) == 2 or args[2] is None else args[2]
        if not isinstance(step, int) or step <= 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
    else:
        raise TypeError(f"islice expected at most 4 arguments, got {len(args) + 1}")
    it = iter(iterable)
    index = 0
    wanted = start
    while stop is None or wanted < stop:
        while index < wanted:
            if next(it, _none) is _none:
                return
            index += 1
        element = next(it, _none)
        if element is _none:
            return
        index += 1
        yield element
        wanted += step


def compress(data, selectors):
    """The items of data whose selector is true."""
    for d, s in zip(data, selectors):
        if s:
            yield d


def dropwhile(predicate, iterable):
    """Skip items while predicate holds, then give the rest."""
    it = iter(iterable)
    for element in it:
        if not predicate(element):
            yield element
            break
    for element in it:
        yield element


def takewhile(predicate, iterable):
    """Items while predicate holds."""
    for element in iterable:
        if not predicate(element):
            return
        yield element


def filterfalse(predicate, iterable):
    """The items for which predicate is false (or that are false, with None)."""
    for element in iterable:
        if not (element if predicate is None else predicate(element)):
            yield element


def starmap(function, iterable):
    """function(*args) for each tuple of args."""
    for args in iterable:
        yield function(*args)


def pairwise(iterable):
    """Overlapping pairs: pairwise('abc') -> ('a', 'b'), ('b', 'c')."""
    it = iter(iterable)
    previous = next(it, _none)
    if previous is _none:
        return
    for element in it:
        yield previous, element
        previous = element


def zip_longest(*iterables, fillvalue=None):
    """Like zip, but runs until the longest iterable ends, filling the others with fillvalue."""
    iterators = [iter(it) for it in iterables]
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i in range(len(iterators)):
            it = iterators[i]
            value = fillvalue
            if it is not None:
                value = next(it, _none)
                if value is _none:
                    active -= 1
                    if not active:
                        return
                    iterators[i] = None
                    value = fillvalue
            values.append(value)
        yield tuple(values)


def product(*iterables, repeat=1):
    """Cartesian product: product('ab', range(2)) -> ('a', 0), ('a', 1), ('b', 0), ('b', 1)."""
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    pools = [tuple(pool) for pool in iterables] * repeat
    for pool in pools:
        if not pool:
            return
    n = len(pools)
    indices = [0] * n
    while True:
        yield tuple(pools[i][indices[i]] for i in range(n))
        i = n - 1
        while i >= 0:
            indices[i] += 1
            if indices[i] < len(pools[i]):
                break
            indices[i] = 0
            i -= 1
        if i < 0:
            return


def permutations(iterable, r=None):
    """Orderings of r distinct items (all items by default), in lexicographic index order."""
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return
    for indices in product(range(n), repeat=r):
        if len(set(indices)) == r:
            yield tuple(pool[i] for i in indices)


def combinations(iterable, r):
    """r-item subsets in index order: combinations('abc', 2) -> ab ac bc."""
    pool = tuple(iterable)
    n = len(pool)
    if r < 0:
        raise ValueError("r must be non-negative")
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        i = r - 1
        while i >= 0 and indices[i] == i + n - r:
            i -= 1
        if i < 0:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


def combinations_with_replacement(iterable, r):
    """r-item multisets in index order: combinations_with_replacement('ab', 2) -> aa ab bb."""
    pool = tuple(iterable)
    n = len(pool)
    for indices in product(range(n), repeat=r):
        if sorted(indices) == list(indices):
            yield tuple(pool[i] for i in indices)


def groupby(iterable, key=None):
    """(key, group) for each run of consecutive items with the same key."""
    it = iter(iterable)
    current = next(it, _none)
    while current is not _none:
        group_key = current if key is None else key(current)
        group = [current]
        current = next(it, _none)
        while current is not _none:
            k = current if key is None else key(current)
            if k != group_key:
                break
            group.append(current)
            current = next(it, _none)
        yield group_key, iter(group)


def tee(iterable, n=2):
    """n independent iterators over the same items (the items are kept until all have read them)."""
    items = list(iterable)
    return tuple(iter(items) for _ in range(n))
"""##),
        ("lists", ##"""
"""Collection helpers written in lorarepl itself: import lists."""


def chunk(items, size):
    """Split items into consecutive lists of at most size items."""
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    return [items[i : i + size] for i in range(0, len(items), size)]


def flatten(nested):
    """One level of nesting removed: [[1, 2], [3]] -> [1, 2, 3]."""
    return [item for group in nested for item in group]


def unique(items):
    """The distinct items, in order of first appearance."""
    seen = []
    result = []
    for item in items:
        if item not in seen:
            seen.append(item)
            result.append(item)
    return result


def counts(items):
    """A dict item -> number of occurrences, in order of first appearance (like collections.Counter)."""
    result = {}
    for item in items:
        result[item] = result.get(item, 0) + 1
    return result


def most_common(items, n=None):
    """(item, count) pairs, most frequent first (ties keep first appearance)."""
    pairs = sorted(counts(items).items(), key=lambda pair: -pair[1])
    return pairs if n is None else pairs[:n]


def group_by(items, key):
    """A dict key(item) -> list of items with that key."""
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def argmax(values):
    """Index of the largest value (the first one on ties)."""
    if not values:
        raise ValueError("argmax() of an empty sequence")
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def argsort(values, reverse=False):
    """Indices that would sort values."""
    return sorted(range(len(values)), key=lambda i: values[i], reverse=reverse)


def mean(values):
    """The arithmetic mean."""
    if not values:
        raise ValueError("mean() of an empty sequence")
    return sum(values) / len(values)
"""##),
        ("logging", ##"""
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


class Handler:
    def __init__(self, level=NOTSET):
        self.level = _check_level(level)
        self.formatter = None
        self.filters = []
        self.name = None

    def setLevel(self, level):
        self.level = _check_level(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

    def addFilter(self, f):
        self.filters.append(f)

    def removeFilter(self, f):
        if f in self.filters:
            self.filters.remove(f)

    def filter(self, record):
        for f in self.filters:
            if hasattr(f, "filter"):
                if not f.filter(record):
                    return False
            elif not f(record):
                return False
        return True

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


class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = _check_level(level)
        self.parent = None
        self.propagate = True
        self.handlers = []
        self.filters = []
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
        for f in self.filters:
            if hasattr(f, "filter"):
                if not f.filter(record):
                    return
            elif not f(record):
                return
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

    def debug(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(DEBUG):
            self._log(DEBUG, msg, args, exc_info)

    def info(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(INFO):
            self._log(INFO, msg, args, exc_info)

    def warning(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(WARNING):
            self._log(WARNING, msg, args, exc_info)

    def warn(self, msg, *args, **kwargs):
        self.warning(msg, *args, **kwargs)

    def error(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, exc_info)

    def exception(self, msg, *args, exc_info=True, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, exc_info)

    def critical(self, msg, *args, exc_info=None, stack_info=False, stacklevel=1, extra=None):
        if self.isEnabledFor(CRITICAL):
            self._log(CRITICAL, msg, args, exc_info)

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


def debug(msg, *args, exc_info=None, **kwargs):
    _root_log(DEBUG, msg, args, exc_info)


def info(msg, *args, exc_info=None, **kwargs):
    _root_log(INFO, msg, args, exc_info)


def warning(msg, *args, exc_info=None, **kwargs):
    _root_log(WARNING, msg, args, exc_info)


def warn(msg, *args, **kwargs):
    _root_log(WARNING, msg, args)


def error(msg, *args, exc_info=None, **kwargs):
    _root_log(ERROR, msg, args, exc_info)


def exception(msg, *args, exc_info=True, **kwargs):
    _root_log(ERROR, msg, args, exc_info)


def critical(msg, *args, exc_info=None, **kwargs):
    _root_log(CRITICAL, msg, args, exc_info)


fatal = critical


def log(level, msg, *args, **kwargs):
    _root_log(level, msg, args)
"""##),
        ("pprint", ##"""
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
        self._indent_per_level = indent
        self._width = width
        self._depth = depth
        self._stream = stream
        self._compact = compact
        self._sort_dicts = sort_dicts

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
"""##),
        ("splits", ##"""
"""Dataset splitting helpers written in lorarepl itself: import splits."""
import random


def shuffled(items, seed=42):
    """A shuffled copy of items; the same seed always gives the same order."""
    copy = list(items)
    random.seed(seed)
    random.shuffle(copy)
    return copy


def train_test_split(items, test_size=0.2, seed=42, shuffle=True):
    """Split a list into (train, test), like sklearn's train_test_split for one list.

    test_size is a fraction in (0, 1) or a number of items. Rows are shuffled with seed first
    unless shuffle=False.
    """
    n = len(items)
    if isinstance(test_size, float):
        if not 0.0 < test_size < 1.0:
            raise ValueError(f"test_size must be between 0 and 1, got {test_size}")
        n_test = int(-(-n * test_size // 1))
    else:
        n_test = test_size
    if n_test <= 0 or n_test >= n:
        raise ValueError(f"test_size={test_size} leaves an empty split for {n} items")
    rows = shuffled(items, seed) if shuffle else list(items)
    return rows[: n - n_test], rows[n - n_test :]


def stratified_split(items, labels, test_size=0.2, seed=42):
    """Split (items, labels) into train and test keeping each label's proportion.

    Returns (train_items, test_items, train_labels, test_labels).
    """
    if len(items) != len(labels):
        raise ValueError(f"items and labels differ in length: {len(items)} != {len(labels)}")
    by_label = {}
    for item, label in zip(items, labels):
        by_label.setdefault(label, []).append(item)
    train_x, test_x, train_y, test_y = [], [], [], []
    for label, group in by_label.items():
        rows = shuffled(group, seed)
        n_test = max(1, round(len(rows) * test_size)) if len(rows) > 1 else 0
        for row in rows[: len(rows) - n_test]:
            train_x.append(row)
            train_y.append(label)
        for row in rows[len(rows) - n_test :]:
            test_x.append(row)
            test_y.append(label)
    return train_x, test_x, train_y, test_y


def k_fold(n, k=5):
    """(train_indices, test_indices) pairs for k-fold cross-validation over range(n)."""
    if not 1 < k <= n:
        raise ValueError(f"k must be between 2 and {n}, got {k}")
    folds = []
    start = 0
    for fold in range(k):
        size = n // k + (1 if fold < n % k else 0)
        test = list(range(start, start + size))
        train = [i for i in range(n) if i < start or i >= start + size]
        folds.append((train, test))
        start += size
    return folds
"""##),
        ("statistics", ##"""
"""Descriptive statistics as in CPython's statistics module, written in lorarepl: mean, fmean, median
(low/high), mode, multimode, variance, pvariance, stdev, pstdev, harmonic_mean, geometric_mean, quantiles.

    statistics.mean([0.8, 0.9, 0.85])    # 0.85
    statistics.stdev(losses)

Sums of floats are exact (math.fsum) before the final division, as CPython's exact fractions give; a
result can still differ from CPython's in the last digit in rare cases.
"""
import math


class StatisticsError(ValueError):
    pass


def _all_ints(data):
    return all(isinstance(x, int) and not isinstance(x, bool) for x in data) or all(isinstance(x, bool) for x in data)


def _divide(numerator, denominator, ints):
    if ints and numerator % denominator == 0:
        return numerator // denominator
    return numerator / denominator


def _partials(values):
    """The exact sum of floats as non-overlapping partials (Shewchuk's algorithm, as math.fsum keeps them)."""
    partials = []
    for x in values:
        i = 0
        for y in list(partials):
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        del partials[i:]
        partials.append(x)
    return partials


def _two_product(a, b):
    """a * b as hi + lo exactly (Dekker)."""
    p = a * b
    split = 134217729.0
    t = split * a
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = split * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _exact_mean(data):
    """sum(data) / n rounded once, as CPython's exact-fraction mean gives it."""
    n = len(data)
    partials = _partials(data)
    q = math.fsum(partials) / n
    hi, lo = _two_product(q, float(n))
    residual = math.fsum(_partials(partials + [0.0 - hi, 0.0 - lo]))
    return q + residual / n


def mean(data):
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("mean requires at least one data point")
    if _all_ints(data):
        return _divide(sum(data), n, True)
    return _exact_mean(data)


def fmean(data, weights=None):
    data = list(data)
    if weights is None:
        if not data:
            raise StatisticsError("fmean requires at least one data point")
        return math.fsum(data) / len(data)
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError("data and weights must be the same length")
    total = math.fsum(weights)
    if not total:
        raise StatisticsError("sum of weights must be non-zero")
    return math.fsum(x * w for x, w in zip(data, weights)) / total


def median(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    return data[n // 2]


def _counts(data):
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    counts = _counts(data)
    if not counts:
        raise StatisticsError("no mode for empty data")
    best = None
    best_count = 0
    for value, count in counts.items():
        if count > best_count:
            best = value
            best_count = count
    return best


def multimode(data):
    counts = _counts(data)
    if not counts:
        return []
    top = max(counts.values())
    return [value for value, count in counts.items() if count == top]


def _sum_squares(data, ints):
    n = len(data)
    if ints:
        total = sum(data)
        return n * sum(x * x for x in data) - total * total, n * n
    m = math.fsum(data) / n
    return math.fsum((x - m) * (x - m) for x in data), 1


def variance(data, xbar=None):
    data = list(data)
    n = len(data)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    ints = _all_ints(data) and xbar is None
    if xbar is not None:
        return math.fsum((x - xbar) * (x - xbar) for x in data) / (n - 1)
    ss, scale = _sum_squares(data, ints)
    if ints:
        return _divide(ss, n * (n - 1), True)
    return ss / (n - 1)


def pvariance(data, mu=None):
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    if mu is not None:
        return math.fsum((x - mu) * (x - mu) for x in data) / n
    ints = _all_ints(data)
    ss, scale = _sum_squares(data, ints)
    if ints:
        return _divide(ss, n * n, True)
    return ss / n


def stdev(data, xbar=None):
    data = list(data)
    n = len(data)
    if n < 2:
        raise StatisticsError("stdev requires at least two data points")
    if xbar is None and _all_ints(data):
        ss, scale = _sum_squares(data, True)
        return math.sqrt(ss / (n * (n - 1)))
    return math.sqrt(variance(data, xbar))


def pstdev(data, mu=None):
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("pstdev requires at least one data point")
    if mu is None and _all_ints(data):
        ss, scale = _sum_squares(data, True)
        return math.sqrt(ss / (n * n))
    return math.sqrt(pvariance(data, mu))


def harmonic_mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("harmonic_mean requires at least one data point")
    for x in data:
        if x < 0:
            raise StatisticsError("harmonic mean does not support negative values")
        if x == 0:
            return 0
    return len(data) / math.fsum(1 / x for x in data)


def geometric_mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("geometric_mean requires a non-empty dataset containing positive numbers")
    for x in data:
        if x <= 0:
            raise StatisticsError("geometric_mean requires a non-empty dataset containing positive numbers")
    return math.exp(math.fsum(math.log(x) for x in data) / len(data))


def quantiles(data, *, n=4, method="exclusive"):
    if n < 1:
        raise StatisticsError("n must be at least 1")
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    result = []
    if method == "inclusive":
        m = ld - 1
        for i in range(1, n):
            j = i * m // n
            delta = i * m - j * n
            result.append((data[j] * (n - delta) + data[j + 1] * delta) / n)
        return result
    if method != "exclusive":
        raise ValueError("Unknown method: " + repr(method))
    m = ld + 1
    for i in range(1, n):
        j = i * m // n
        j = 1 if j < 1 else (ld - 1 if j > ld - 1 else j)
        delta = i * m - j * n
        result.append((data[j - 1] * (n - delta) + data[j] * delta) / n)
    return result
"""##),
        ("string", ##"""
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
        values = dict(mapping) if mapping is not None else {}
        values.update(kws)

        def convert(m):
            named = m.group("named") or m.group("braced")
            if named is not None:
                return str(values[named])
            if m.group("escaped") is not None:
                return self.delimiter
            self._invalid(m)
        return self.pattern.sub(convert, self.template)

    def safe_substitute(self, mapping=None, **kws):
        values = dict(mapping) if mapping is not None else {}
        values.update(kws)

        def convert(m):
            named = m.group("named") or m.group("braced")
            if named is not None:
                if named in values:
                    return str(values[named])
                return m.group()
            if m.group("escaped") is not None:
                return self.delimiter
            return m.group()
        return self.pattern.sub(convert, self.template)

    def get_identifiers(self):
        ids = []
        for m in self.pattern.finditer(self.template):
            named = m.group("named") or m.group("braced")
            if named is not None and named not in ids:
                ids.append(named)
        return ids
"""##),
        ("strings", ##"""
"""String helpers written in lorarepl itself: import strings."""


def normalize_whitespace(text):
    """Collapse runs of whitespace into single spaces and trim the ends."""
    return " ".join(text.split())


def truncate(text, width, suffix="..."):
    """Shorten text to at most width characters, ending with suffix when cut."""
    if width < len(suffix):
        raise ValueError(f"width must be at least {len(suffix)}, got {width}")
    if len(text) <= width:
        return text
    return text[: width - len(suffix)] + suffix


def wrap(text, width=70):
    """Split text into lines of at most width characters, breaking between words."""
    lines = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = word if not current else current + " " + word
    if current:
        lines.append(current)
    return lines


def strip_punctuation(text, keep=""):
    """Remove ASCII punctuation (except the characters in keep)."""
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    return "".join(c for c in text if c not in punctuation or c in keep)


def word_counts(text, lower=True):
    """A dict word -> count, in order of first appearance."""
    counts = {}
    for word in strip_punctuation(text.lower() if lower else text).split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def table(rows, headers=None):
    """Format rows (lists of values) as an aligned plain-text table."""
    all_rows = [[str(v) for v in row] for row in ([headers] if headers else []) + list(rows)]
    if not all_rows:
        return ""
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(all_rows[0]))]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in all_rows]
    if headers:
        lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
"""##),
        ("textwrap", ##"""
"""Text wrapping as in CPython's textwrap, written in lorarepl: wrap, fill, shorten, dedent, indent, TextWrapper.

    print(textwrap.fill(long_text, width=60))
    textwrap.shorten("A very long tweet about flights", width=20)   # 'A very long [...]'
"""
import re

_whitespace = "\t\n\x0b\x0c\r "
_word_punct = r"[\w!\"'&.,?]"
_letter = r"[^\d\W]"
_ws = "[" + re.escape(_whitespace) + "]"
_nws = "[^" + re.escape(_whitespace) + "]"
_wordsep_re = re.compile(r"(" + _ws + r"+|(?<=" + _word_punct + r")-{2,}(?=\w)|" + _nws + r"+?(?:-(?:(?<=" + _letter + r"{2}-)|(?<=" + _letter + "-" + _letter + r"-))(?=" + _letter + "-?" + _letter + r")|(?=" + _ws + r"|\Z)|(?<=" + _word_punct + r")(?=-{2,}\w)))")
_wordsep_simple_re = re.compile("(" + _ws + "+)")
_sentence_end_re = re.compile(r"[a-z][\.\!\?][\"\']?\Z")


class TextWrapper:
    def __init__(self, width=70, initial_indent="", subsequent_indent="", expand_tabs=True, replace_whitespace=True,
                 fix_sentence_endings=False, break_long_words=True, drop_whitespace=True, break_on_hyphens=True,
                 tabsize=8, *, max_lines=None, placeholder=" [...]"):
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.expand_tabs = expand_tabs
        self.replace_whitespace = replace_whitespace
        self.fix_sentence_endings = fix_sentence_endings
        self.break_long_words = break_long_words
        self.drop_whitespace = drop_whitespace
        self.break_on_hyphens = break_on_hyphens
        self.tabsize = tabsize
        self.max_lines = max_lines
        self.placeholder = placeholder

    def _munge_whitespace(self, text):
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if self.replace_whitespace:
            for c in _whitespace:
                text = text.replace(c, " ")
        return text

    def _split(self, text):
        if self.break_on_hyphens:
            chunks = _wordsep_re.split(text)
        else:
            chunks = _wordsep_simple_re.split(text)
        return [c for c in chunks if c]

    def _fix_sentence_endings(self, chunks):
        i = 0
        while i < len(chunks) - 1:
            if chunks[i + 1] == " " and _sentence_end_re.search(chunks[i]):
                chunks[i + 1] = "  "
                i += 2
            else:
                i += 1

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        space_left = 1 if width < 1 else width - cur_len
        if self.break_long_words:
            end = space_left
            chunk = reversed_chunks[-1]
            if self.break_on_hyphens and len(chunk) > space_left:
                hyphen = chunk[:space_left].rfind("-")
                if hyphen > 0 and any(c != "-" for c in chunk[:hyphen]):
                    end = hyphen + 1
            cur_line.append(chunk[:end])
            reversed_chunks[-1] = chunk[end:]
        elif not cur_line:
            cur_line.append(reversed_chunks.pop())

    def _wrap_chunks(self, chunks):
        lines = []
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        if self.max_lines is not None:
            indent = self.subsequent_indent if self.max_lines > 1 else self.initial_indent
            if len(indent) + len(self.placeholder.lstrip()) > self.width:
                raise ValueError("placeholder too large for max width")
        chunks.reverse()
        while chunks:
            cur_line = []
            cur_len = 0
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - len(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            while chunks:
                l = len(chunks[-1])
                if cur_len + l <= width:
                    cur_line.append(chunks.pop())
                    cur_len += l
                else:
                    break
            if chunks and len(chunks[-1]) > width:
                self._handle_long_word(chunks, cur_line, cur_len, width)
                cur_len = sum(len(c) for c in cur_line)
            if self.drop_whitespace and cur_line and cur_line[-1].strip() == "":
                cur_len -= len(cur_line[-1])
                del cur_line[-1]
            if cur_line:
                if (self.max_lines is None or len(lines) + 1 < self.max_lines or
                        (not chunks or self.drop_whitespace and len(chunks) == 1 and not chunks[0].strip()) and cur_len <= width):
                    lines.append(indent + "".join(cur_line))
                else:
                    placed = False
                    while cur_line:
                        if cur_line[-1].strip() and cur_len + len(self.placeholder) <= width:
                            cur_line.append(self.placeholder)
                            lines.append(indent + "".join(cur_line))
                            placed = True
                            break
                        cur_len -= len(cur_line[-1])
                        del cur_line[-1]
                    if not placed:
                        if lines:
                            prev_line = lines[-1].rstrip()
                            if len(prev_line) + len(self.placeholder) <= self.width:
                                lines[-1] = prev_line + self.placeholder
                                break
                        lines.append(indent + self.placeholder.lstrip())
                    break
        return lines

    def wrap(self, text):
        chunks = self._split(self._munge_whitespace(text))
        if self.fix_sentence_endings:
            self._fix_sentence_endings(chunks)
        return self._wrap_chunks(chunks)

    def fill(self, text):
        return "\n".join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    w = TextWrapper(width=width, max_lines=1, **kwargs)
    return w.fill(" ".join(text.strip().split()))


_whitespace_only_re = re.compile("^[ \t]+$", re.MULTILINE)
_leading_whitespace_re = re.compile("(^[ \t]*)(?:[^ \t\n])", re.MULTILINE)


def dedent(text):
    margin = None
    text = _whitespace_only_re.sub("", text)
    indents = _leading_whitespace_re.findall(text)
    for indent in indents:
        if margin is None:
            margin = indent
        elif indent.startswith(margin):
            pass
        elif margin.startswith(indent):
            margin = indent
        else:
            for i, pair in enumerate(zip(margin, indent)):
                if pair[0] != pair[1]:
                    margin = margin[:i]
                    break
    if margin:
        text = re.sub(r"(?m)^" + margin, "", text)
    return text


def indent(text, prefix, predicate=None):
    out = []
    for line in text.splitlines(True):
        if (predicate(line) if predicate is not None else line.strip()):
            out.append(prefix + line)
        else:
            out.append(line)
    return "".join(out)
"""##),
    ]
}
