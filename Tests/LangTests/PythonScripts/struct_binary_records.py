# struct.pack/unpack for binary records (token ids, float arrays, headers), as data-prep scripts write them
import io
import struct

print(struct.pack("<I", 1), struct.pack(">I", 1), struct.pack("<hH", -2, 65535), struct.pack("!q", -1), struct.pack("<?b", True, -128))
print(struct.pack("<f", 1.5), struct.pack("<d", 0.1), struct.pack("<e", 0.5), struct.pack("4s", b"ab"), struct.pack("<2s", b"abcd"), struct.pack("c", b"z"))
print(struct.calcsize("<iH"), struct.calcsize("@iH"), struct.calcsize("@Hi"), struct.calcsize("@bq"), struct.calcsize("=bq"), struct.calcsize("3x2h"), struct.calcsize("10s"))
print(struct.pack("@bi", 1, 2), struct.pack("=bi", 1, 2), struct.pack("@l", 7), struct.pack("<l", 7))
print(struct.unpack("<I", b"\x01\x00\x00\x00"), struct.unpack(">hh", b"\xff\xfe\x00\x10"), struct.unpack("<f", struct.pack("<f", 0.1)))
print(struct.unpack("<3H", struct.pack("<3H", 1, 2, 3)), struct.unpack("<?cx4s", b"\x01Q\x00data"), struct.unpack("<e", b"\x00<"))
header = struct.pack("<4sIHH", b"TOKS", 3, 16, 1)
ids = [5, 900, 65535]
payload = header + struct.pack(f"<{len(ids)}H", *ids)
print(payload, len(payload))
magic, count, bits, version = struct.unpack_from("<4sIHH", payload)
print(magic, count, bits, version, struct.unpack_from(f"<{count}H", payload, 12), [x for (x,) in struct.iter_unpack("<H", payload[12:])])
buf = io.BytesIO()
for row in [(1, 0.5), (2, -1.25), (3, 1e10)]:
    buf.write(struct.pack("<if", *row))
buf.seek(0)
while True:
    record = buf.read(8)
    if not record:
        break
    print(struct.unpack("<if", record))
for bad in [lambda: struct.pack("<H", 70000), lambda: struct.pack("<B", -1), lambda: struct.pack("<h", 40000), lambda: struct.pack("<I", "1"),
            lambda: struct.pack("<2H", 1), lambda: struct.unpack("<I", b"\x00"), lambda: struct.pack("<y", 1), lambda: struct.pack("<f", "x"),
            lambda: struct.unpack_from("<I", b"\x00\x00", 1), lambda: struct.iter_unpack("<I", b"\x00" * 6)]:
    try:
        bad()
    except struct.error as e:
        print("struct.error:", e)
