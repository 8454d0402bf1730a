# io.StringIO as scripts use it: csv and print into a string, reading lines back, seek/tell.
import csv
import io
import json

buffer = io.StringIO()
writer = csv.writer(buffer)
writer.writerow(["text", "label"])
writer.writerows([["good, really", 1], ["bad", 0]])
print("summary", file=buffer)
print(repr(buffer.getvalue()))
buffer.seek(0)
rows = list(csv.reader(buffer))
print(rows)

text = io.StringIO("line one\nline two\nlast")
print(text.readline(), end="")
print([line.rstrip("\n") for line in text])
text.seek(0)
print(text.read(4), text.tell(), text.readlines())

with io.StringIO() as out:
    json.dump({"a": [1, 2]}, out)
    out.write("\n")
    out.writelines(["x", "y"])
    print(repr(out.getvalue()), out.tell())
print(out.closed)
try:
    out.getvalue()
except ValueError as error:
    print("ValueError:", error)
reader = csv.DictReader(io.StringIO("a,b\n1,2\n3,4\n"))
print([dict(row) for row in reader])
