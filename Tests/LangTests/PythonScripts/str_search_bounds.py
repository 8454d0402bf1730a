# str.find/rfind/index/rindex/count/startswith/endswith with start and end (negative and out of range too)
s = "abracadabra"
for args in [(), (0,), (1,), (4,), (-3,), (-100,), (100,), (11,), (12,), (2, 8), (2, -2), (-5, -1), (5, 2), (0, 100), (-100, 100), (3, 3)]:
    print(args, s.find("a", *args), s.rfind("a", *args), s.count("a", *args), s.find("bra", *args), s.rfind("bra", *args),
          s.count("bra", *args), s.find("", *args), s.rfind("", *args), s.count("", *args),
          s.startswith("a", *args), s.startswith("bra", *args), s.endswith("a", *args), s.endswith("bra", *args),
          s.startswith("", *args), s.endswith("", *args), s.startswith(("x", "c"), *args), s.endswith(("d", "r"), *args))
print("héllo wörld".find("ö"), "héllo wörld".find("l", 3, 5), "😀a😀a".rfind("a", 0, 3), "😀a😀a".count("😀", 1))
print("a.b.c".index(".", 2), "a.b.c".rindex(".", 0, 3), "x".find("x", None, None), "xyx".count("x", None, 2))
for bad in [lambda: "abc".index("z", 1), lambda: "abc".rindex("a", 1), lambda: "abc".find("a", 1.5),
            lambda: "abc".startswith(["a"])]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
