// Generated from stdlib/strings.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let stringsSource = ##"""
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
"""##
}
