import re
tweets = ["@united thanks for the GREAT flight!!! http://t.co/abc #happy", "RT @bob: I can't   believe it... https://x.com/y?z=1 #fail #sad", "   Meh. 2 hrs late :( #delay"]
def clean(t):
    t = re.sub(r"https?://\S+", "<url>", t)
    t = re.sub(r"@\w+", "@user", t)
    t = re.sub(r"#(\w+)", r"\1", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t.lower()
for t in tweets:
    print(clean(t))
    print(re.findall(r"#(\w+)", t), re.findall(r"(\w)(\w)", t)[:3])
print(re.sub('x*', '-', 'abxd'))
print(re.split(r'(,)\s*', 'a, b,c'), re.split(r'\W+', 'Words, words, words.'), re.split(r'x*', 'axbc'))
m = re.match(r"(?P<first>\w+) (?P<last>\w+)(?: (\d+))?", "Jane Doe and")
print(m, m.group(0), m.group(1, 2), m.groups(), m.groupdict(), m.span(2), m.start('last'), m.end(), m['first'], m.lastindex, m.lastgroup)
print(m.groups('x'))
p = re.compile(r"""(\d+)  # number
   \s* (kg|g)\b""", re.VERBOSE | re.I)
print(p, p.findall("5 KG, 10g and 7 gram 3g"), p.groups, p.flags)
print(re.search(r"(?<=\$)\d+(?:\.\d\d)?", "cost: $42.50!").group(), re.search(r"(?<!\$)\b\d+", "$5 or 7").group())
print(re.findall(r"\b\w+(?=ing\b)", "running jumping sing"), re.findall(r"a.*?b", "a1b a22b"), re.findall(r"<.+?>", "<a><bb>"))
print(re.fullmatch(r"\d{3}-\d{4}", "555-1234"), re.fullmatch(r"\d{3}", "1234"))
print(re.sub(r"(\w+)@(\w+)", lambda m: m.group(2).upper() + "!" + m.group(1), "joe@site and ann@web"))
print(re.subn(r"o", "0", "foo boo", count=3), re.escape("a.b*c?(d) e-f"))
print(re.findall(r"^\w+", "one two\nthree four", re.M), re.findall(r"\w+$", "one two\nthree four\n"), re.findall(r"a.b", "a\nb", re.S))
print([m.span() for m in re.finditer(r"\d+", "a1b22c333")])
print(re.sub(r"(a)|b", r"[\1]", "ab"), re.sub(r"(?P<x>\d)", r"<\g<x>\g<0>>", "a1b2"))
print(re.match(r"(a|ab)(c|bcd)(d*)", "abcd").groups(), re.match(r"(a+)+b", "aaab").groups())
print(re.findall(r"(\w+)=(\d+)?", "a=1 b= c=3"), re.match(r"(?i)hello", "HeLLo world"))
print(re.findall(r"[^\W\d_]+", "abc_12 déf 9x"), re.findall(r"[\w.-]+@[\w-]+\.\w+", "mail a.b-c@ex-ample.com now"))
print(re.match(r"(\w)\1", "aab"), re.match(r"(?P<c>\w)(?P=c)", "xxy").group(), re.findall(r"(?:ab)+", "ababab abab"))
print(re.sub(r"^", ">", "a\nb", flags=re.M), re.sub(r"$", "<", "a\nb\n"), re.split(r"\b", "hi there"))
print(repr(re.compile("a", re.I | re.M)), re.compile(r"\d").pattern)
for bad in ["(a", "a)", "*a", "[a", r"\q", "a**", "(?P<1>a)", "(?<=a+)b", r"(a)\2"]:
    try:
        re.compile(bad)
    except re.error as e:
        print("error:", e)
print(re.match(r"x{2,3}?", "xxxx"), re.match(r"x{,2}", "xxxx"), re.match(r"a{2}", "aaa"), re.findall(r"{", "a{b"))
print(re.findall(r"\d+|[a-z]+", "ab12cd3"), re.match(r"(?s:.)+", "a\nb"), re.findall(r"(?>a+)b", "aab"), re.match(r"a++b", "aab"))
print(re.match("(a)?(b)?c", "bc").groups(), re.match("(a)?(?(1)b|c)", "c"), re.search(r"\Bon\B", "moon bond"))
print(re.findall(r"é", "CAFÉ é", re.I), re.sub(r"\s", "_", "a\tb\u00a0c"), re.findall(r"\d", "٣4"))
