# Backslash escapes in string literals, as CPython reads them.
samples = [
    "tab\there", "new\nline", "cr\rx", "back\\slash", 'quote\'s', "dq\"s",
    "bell\a", "bs\b", "ff\f", "vt\v", "nul\0end", "oct\012nl", "oct\101\102", "oct\1234",
    "hex\x41\x7e", "u\u00e9\u4e2d", "U\U0001F600", "unknown\q\d", "line\
joined",
]
for s in samples:
    print(repr(s), len(s), [ord(c) for c in s[-3:]])
print(r"raw\n\012" == "raw\\n\\012")
x = 'A'
print(f"f-string {x} \101 \t|")
