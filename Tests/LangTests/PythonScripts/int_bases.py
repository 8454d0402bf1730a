# int(text, base) as CPython reads it, including the bases it refuses.
print(int("ff", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0), int("42", 0))
print(int("0b1", 16), int("z", 36), int("101", 2), int(" 7_7 ", 10))
for base in (1, 37, 96, -2):
    try:
        int("10", base)
    except ValueError as error:
        print("ValueError:", error)
try:
    int("12", 2)
except ValueError as error:
    print("ValueError:", error)
