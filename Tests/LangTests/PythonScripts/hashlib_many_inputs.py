# hashlib md5/sha1/sha256 on every length 0..160 (all padding boundaries) and on updates split at every point
import hashlib

data = bytes((i * 37 + 11) % 256 for i in range(160))
for n in range(161):
    chunk = data[:n]
    print(n, hashlib.md5(chunk).hexdigest(), hashlib.sha1(chunk).hexdigest(), hashlib.sha256(chunk).hexdigest())
whole = hashlib.sha256(data).hexdigest()
same = 0
for cut in range(0, 161, 7):
    h = hashlib.sha256(data[:cut])
    h.update(data[cut:])
    same += h.hexdigest() == whole
print(same, len(range(0, 161, 7)))
text = "Ünïcödé 😀 text\n" * 50
print(hashlib.md5(text.encode()).hexdigest(), hashlib.sha1(text.encode("utf-8")).digest()[:6], hashlib.sha256(text.encode("latin-1", "replace")).hexdigest())
h = hashlib.md5(b"a")
c = h.copy()
c.update(b"b")
print(h.hexdigest(), c.hexdigest(), hashlib.new("sha1").hexdigest(), sorted(hashlib.algorithms_guaranteed & {"md5", "sha1", "sha256"}))
