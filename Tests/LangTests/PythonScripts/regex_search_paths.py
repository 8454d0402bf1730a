# Searches whose first step is a character class or a run (`\s+`, `[^a-z]+`), non-ASCII text and
# classes, IGNORECASE classes, empty matches, pos/endpos, and str.format templates with braces and
# non-ASCII literal text: the paths the faster regex search and str.format take.
import re

text = "Café  naïve\tRÉSUMÉ — 42 ñandúes, 7 Straße; x__y  é"
print(re.sub(r"\s+", " ", text))
print(re.sub(r"[^a-z0-9 ]+", "_", text))
print(re.findall(r"[à-ÿ]+", text))
print(re.findall(r"[a-zé]+", text, re.IGNORECASE))
print(re.findall(r"[^\W\d_]+", text))
print(re.findall(r"\w+", text, re.ASCII))
print(re.findall(r"(?i)[ß]", text), re.findall(r"[sS]tra[sß]+e", text))
print(re.split(r"[\s,;—]+", text))
print(re.findall(r"x*", "axxbx"), re.sub(r"x*", "-", "axxbx"))
print(re.split(r"\b", "one two"), re.findall(r"\d*", "a1b22"))
print(re.subn(r"[aeiou]", "", "education"), re.sub(r"[aeiou]", "*", "rhythm"))
pattern = re.compile(r"[0-9]+")
print(pattern.findall("a1 b22 c333 d4444", 3), pattern.findall("a1 b22 c333", 4, 9), pattern.findall("a1 b22", 5, 2))
print(pattern.search("abc 12 def", 5), pattern.search("abc 12 def", 0, 4), pattern.search("12", 2))
print(re.search(r"[A-Z]\w+", "lower then Upper and MORE").group(), re.match(r"\s+", "  x").span())
print(re.fullmatch(r"[a-z]+", "abc"), re.fullmatch(r"[a-z]+", "abc1"))
print(re.sub(r"(\w)(\w*)", lambda m: m.group(1).upper() + m.group(2), "hello wide wörld"))
print(re.sub(r"[🙂😀]+", "<emoji>", "hi 🙂🙂 there 😀!"), re.findall(r"[^\x00-\x7f]", "a€b🙂c"))
print(list(m.span() for m in re.finditer(r"\s+|[^\s\w]+", "a  b, c!")))
print(re.sub(r"(?P<word>[a-z]+)", r"<\g<word>>", "ab 12 cd"), re.sub(r"\s*", "|", "a b"))
print(re.findall(r"[\u0100-\uffff]+", "abc ĀāĂ xyz 日本語"))

print("{} and {{literal}} and {}".format("a", "b"))
print("Café {0} — {1!r} {0}".format("naïve", "é"))
print("{:>8}|{:^9}|{:<6}|".format("ñ", "日本", "x"))
print("{{{}}}".format(5), "{{}}".format(), "{}{}{}".format(1, 2, 3))
print("{x:{w}.{p}f} {y!s:>5}".format(x=3.14159, w=10, p=2, y="é"))
print("{0[1]} {1[k]} {2.real}".format([10, 20], {"k": "v"}, 3))
print("naïve 🙂 {}".format("end"), "".format(), "no fields".format(1))
for bad in ["{", "}", "a}b", "{0", "x { y", "ab{", "{0.a"]:
    try:
        bad.format(1)
    except ValueError as error:
        print(repr(bad), "->", error)
