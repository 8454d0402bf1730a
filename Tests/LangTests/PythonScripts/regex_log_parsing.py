import re

LOG = """2024-05-01 12:00:01 INFO step=10 loss=0.912 lr=5e-04
2024-05-01 12:00:09 INFO step=20 loss=0.734 lr=4.8e-04
2024-05-01 12:00:17 WARNING grad norm 12.5 clipped
2024-05-01 12:00:25 INFO step=30 loss=0.655 lr=4.5e-04
2024-05-01 12:00:33 ERROR eval failed: file 'val.csv' not found"""

LINE = re.compile(r"^(?P<date>\d{4}-\d\d-\d\d) (?P<time>[\d:]+) (?P<level>[A-Z]+) (?P<rest>.*)$", re.MULTILINE)
STEP = re.compile(r"step=(\d+)\s+loss=([\d.]+)\s+lr=(?P<lr>[\d.e+-]+)")

levels = {}
for m in LINE.finditer(LOG):
    levels[m["level"]] = levels.get(m["level"], 0) + 1
print(levels)
steps = [(int(s), float(l), float(lr)) for s, l, lr in STEP.findall(LOG)]
print(steps)
first = LINE.search(LOG)
print(first.groupdict())
print(first.group("date", "level"), first.start("rest"), first.end("time"), first.span())
errors = [m.group("rest") for m in LINE.finditer(LOG) if m.group("level") == "ERROR"]
print(errors, re.search(r"'([^']+)'", errors[0]).group(1))
print(re.sub(r"loss=(?P<v>[\d.]+)", lambda m: "loss=%.1f" % float(m.group("v")), LOG.splitlines()[0]))
print(re.sub(r"(\d{4})-(\d\d)-(\d\d)", r"\3/\2/\1", "2024-05-01"), re.sub(r"(?P<y>\d{4})", r"<\g<y>>", "in 2024"))
print(re.split(r"\s*[,;]\s*", "a , b;c ;d"), re.split(r"(\d)", "a1b2c", maxsplit=1))
print(bool(re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "ann.lee+ml@uni-x.edu")), re.fullmatch(r"\d+", "12a"))
words = re.compile(r"\b[a-z]+(?:'[a-z]+)?\b", re.IGNORECASE)
print(words.findall("Don't stop; it's fine, OK?"))
print(re.findall(r"(?<![\w@])#\w+", "#tag a#b @x#y #z"), re.findall(r"\d+(?=%)", "50% of 200 is 100%"))
print(re.compile(r"(?x) \d+  # digits\n  (?: \. \d+ )?").findall("1.5 and 22 and 3.25"))
pattern = re.compile(r"(a)?(b)?")
m = pattern.match("b")
print(m.groups(), m.groups(default="-"), m.group(1), m.lastindex, pattern.groups, pattern.groupindex)
try:
    re.compile(r"(unclosed")
except re.error as e:
    print("re.error:", e)
try:
    m.group(5)
except IndexError as e:
    print("IndexError:", e)
print(repr(re.compile(r"\s+", re.I | re.M)), re.escape("file (1).txt"))
