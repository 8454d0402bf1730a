# str.encode / bytes.decode with errors, binary files, io.BytesIO, hashlib, json refusing bytes
import hashlib
import io
import json
import os

texts = ["hello", "café", "naïve résumé", "€100", "日本語", "emoji 😀!", "", "tab\there"]
for t in texts:
    u = t.encode()
    print(repr(t), u, len(u), u.decode("utf-8") == t, t.encode("utf-8", "strict") == u)
    print("  ascii:", t.encode("ascii", errors="ignore"), t.encode("ascii", "replace"), t.encode("ascii", "backslashreplace"),
          t.encode("ascii", "xmlcharrefreplace"))
    print("  latin-1:", t.encode("latin-1", "replace"), t.encode("utf-8").decode("latin-1"))
print("é".encode("latin-1"), b"\xe9".decode("latin-1"), "x".encode("UTF8"), "x".encode("utf_8"), "y".encode("US-ASCII"))
bad = [b"\xff", b"abc\xe2\x82", b"\xe2\x28\xa1", b"\xe2\x82\x28", b"\xc0\xaf", b"ok\xed\xa0\x80ok", b"\xf4\x90\x80\x80", b"\x80\x80"]
for b in bad:
    print(b, b.decode("utf-8", "replace"), b.decode("utf-8", "ignore"), b.decode("utf-8", "backslashreplace"))
    try:
        b.decode()
    except UnicodeDecodeError as e:
        print("  UnicodeDecodeError:", e)
for t, enc in [("café", "ascii"), ("日本", "ascii"), ("a€b", "latin-1"), ("ab😀😀c", "latin-1")]:
    try:
        t.encode(enc)
    except UnicodeEncodeError as e:
        print("UnicodeEncodeError:", e)
try:
    b"\xe9t\xe9".decode("ascii")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e, isinstance(e, ValueError))
try:
    "x".encode("klingon")
except LookupError as e:
    print("LookupError:", e)

with open("blob.bin", "wb") as f:
    print(f.write(b"\x00\x01\x02"), f.write(bytes(range(250, 256))), f.write(b"line one\nline two\n"))
with open("blob.bin", "ab") as f:
    f.write(b"tail")
with open("blob.bin", "rb") as f:
    head = f.read(3)
    print(head, f.tell(), f.read(6), f.readline(), f.readline(), f.read(), f.read())
with open("blob.bin", "rb") as f:
    print([line for line in f])
print(os.path.getsize("blob.bin"))
with open("text.txt", "w", encoding="utf-8") as f:
    f.write("café\n")
with open("text.txt", "rb") as f:
    raw = f.read()
print(raw, raw.decode("utf-8"))
try:
    with open("x.bin", "wb") as f:
        f.write("text")
except TypeError as e:
    print("TypeError:", e)
try:
    open("x.bin", "rb", encoding="utf-8")
except ValueError as e:
    print("ValueError:", e)

buffer = io.BytesIO()
print(buffer.write(b"abc"), buffer.write(b"def"), buffer.tell(), buffer.getvalue())
buffer.seek(0)
print(buffer.read(2), buffer.read(), buffer.read(), buffer.seek(1), buffer.write(b"XY"), buffer.getvalue())
stream = io.BytesIO(b"one\ntwo\nthree")
print(stream.readline(), stream.readlines(), stream.tell(), isinstance(stream, io.BytesIO), type(stream).__name__)
with io.BytesIO(b"x") as s:
    print(s.read())
print(s.closed)

samples = ["", "a", "abc", "message digest", "The quick brown fox jumps over the lazy dog", "é" * 100, "x" * 55, "y" * 56, "z" * 64, "w" * 1000]
for t in samples:
    d = t.encode("utf-8")
    print(hashlib.md5(d).hexdigest(), hashlib.sha1(d).hexdigest(), hashlib.sha256(d).hexdigest()[:32])
h = hashlib.sha256()
for part in [b"The quick ", b"brown fox ", b"jumps over the lazy dog"]:
    h.update(part)
print(h.hexdigest(), h.name, h.digest_size, hashlib.new("md5", b"abc").hexdigest(), len(hashlib.sha1(b"").digest()))
seen, unique = set(), []
for line in ["Great movie!", "great movie!", "Great movie!", "Terrible.", "Terrible."]:
    key = hashlib.md5(line.lower().encode("utf-8")).hexdigest()
    if key not in seen:
        seen.add(key)
        unique.append(line)
print(unique)
try:
    hashlib.md5("text")
except TypeError as e:
    print("TypeError:", e)
try:
    json.dumps({"data": b"abc"})
except TypeError as e:
    print("TypeError:", e)
