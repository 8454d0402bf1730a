# f-strings and format() on objects: __str__, __format__, and the TypeError for a spec without __format__.
class A:
    def __str__(self): return "A!"
    def __float__(self): return 2.5
class B:
    def __format__(self, spec): return "B<" + spec + ">"
print(f"{A()}", f"{B():x}", format(B(), "q"), "{}".format(A()))
try:
    f"{object():>3}"
except TypeError as e:
    print(e)
try:
    f"{A():>5}"
except TypeError as e:
    print(e)
