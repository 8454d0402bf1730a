# bytes and bytearray: literals, constructors, repr, indexing, slicing, operators, methods
data = b"hello\x00world\n"
print(data, len(data), data[0], data[-1], data[1:5], data[::-1])
print(repr(b"it's"), repr(b'say "hi"'), repr(b"both ' and \""), b"\t\r\\", b"\xff\xfe")
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("café", "utf-8"), bytes(b"ab"), bytes())
print(b"ab" + b"cd", b"ab" * 3, 3 * b"x", b"" * 5, b"a" in b"cat", 97 in b"cat", b"at" in b"cat", b"z" not in b"cat")
print(b"abc" == b"abc", b"abc" != b"abd", b"abc" < b"abd", b"ab" < b"abc", b"b" > b"abc", b"" <= b"", b"abc" == "abc")
print(list(b"hi!"), [b for b in b"\x01\x02"], sorted([b"b", b"a", b"ab"]), max(b"xyz"), sum(b"\x01\x02\x03"))
print({b"k": 1}[b"k"], len({b"a", b"a", b"b"}), hash(b"abc") == hash(b"abc"), bool(b""), bool(b"\x00"))
print(type(data).__name__, isinstance(data, bytes), isinstance("s", bytes), type(b"") is bytes)
print(b"a,b,,c".split(b","), b"  a b\t\nc  ".split(), b"a b c".split(maxsplit=1), b"x".split(b","))
print(b"  pad \n".strip(), b"xxhixx".strip(b"x"), b"  a".lstrip(), b"a\r\n".rstrip(), b"--a--".rstrip(b"-"))
print(b", ".join([b"a", b"b", b"c"]), b"".join([]), b"abcabc".find(b"c"), b"abcabc".rfind(b"c"), b"abc".find(b"z"))
print(b"abcabc".find(99), b"abcabc".index(b"b", 2), b"abcabc".count(b"bc"), b"aaaa".count(b"aa"), b"abc".count(b""))
print(b"hello".replace(b"l", b"L"), b"hello".replace(b"l", b"L", 1), b"ab".replace(b"", b"-"), b"Mixed 1".upper(), b"Mixed 1".lower())
print(b"data.bin".startswith(b"data"), b"data.bin".endswith((b".txt", b".bin")), b"abc".startswith(b"b", 1), b"abc".endswith(b"b", 0, 2))
print(b"\x00\x0f\xff".hex(), b"\xde\xad\xbe\xef".hex(":"), b"\x01\x02\x03".hex("-", 2), bytes.fromhex("de ad BE EF"), bytes.fromhex(""))
print(b"12".isdigit(), b"1a".isdigit(), b" \t".isspace(), b"a\nb\r\nc".splitlines(), b"a\nb\n".splitlines(True))
print(f"{b'x'}", str(b"ab"), "%s" % b"ab", [b"a", b"b"], (b"t",), {b"k": b"v"})
buf = bytearray(b"abc")
buf.append(100)
buf.extend(b"ef")
buf[0] = 65
buf += b"!"
print(buf, len(buf), buf[1], buf[1:3], bytes(buf), bytearray(3), bytearray([1, 2]), buf.decode())
print(bytearray(b"x") == b"x", b"x" + bytearray(b"y"), bytearray(b"q") + b"r", bytearray.fromhex("0a0b"))
for bad in [lambda: bytes(-1), lambda: bytes([256]), lambda: bytes(["a"]), lambda: bytes("text"), lambda: b"a" + "b",
            lambda: "a" in b"abc", lambda: b"abc"[5], lambda: {bytearray(b"a"): 1}, lambda: bytes.fromhex("zz"),
            lambda: b"ab" < "ab", lambda: bytes(1.5), lambda: b",".join(["a"]), lambda: b"abc".index(b"z")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
