# argv: a b
import os
import os.path
import shutil
import sys
from pathlib import Path

def main():
    print(__name__, sys.argv[1:])
    os.makedirs("out/logs", exist_ok=True)
    os.makedirs("out/logs", exist_ok=True)
    with open("out/notes.txt", "w") as f:
        n = f.write("first line\n")
        f.writelines(["second\n", "third"])
    print(n)
    with open("out/notes.txt", "a") as f:
        print("appended", 42, file=f)
    with open("out/notes.txt") as f:
        for i, line in enumerate(f):
            print(i, repr(line))
    with open("out/notes.txt", encoding="utf-8") as f:
        print(f.readline(), end="")
        print(f.readlines())
    print(open("out/notes.txt").read().splitlines())
    try:
        open("out/notes.txt", "x")
    except FileExistsError as e:
        print("exists:", e)
    try:
        open("out/missing.txt")
    except FileNotFoundError as e:
        print("missing", type(e).__name__)
    print(os.path.exists("out/notes.txt"), os.path.isfile("out"), os.path.isdir("out"), os.listdir("out"))
    print(os.path.join("a", "b", "c.txt"), os.path.join("/x", "/y", "z"), os.path.basename("a/b/c.tar.gz"), os.path.dirname("a/b/c"))
    print(os.path.splitext("run.log"), os.path.splitext(".bashrc"), os.path.splitext("a.b/c"), os.path.split("a/b"), os.path.normpath("a//b/./c/../d"))
    print(os.path.expanduser("~") == os.environ.get("HOME"), os.environ.get("NO_SUCH_VAR_XYZ", "default"), "PATH" in os.environ)
    p = Path("out") / "data" / "x.csv"
    print(p, repr(p), p.name, p.stem, p.suffix, p.parent, p.parent.parent, p.parts)
    p.parent.mkdir(parents=True, exist_ok=True)
    print(p.write_text("a,b\n1,2\n"), p.exists(), p.is_file(), p.parent.is_dir())
    print(repr(p.read_text()))
    (Path("out") / "data" / "y.csv").write_text("z")
    (Path("out") / "data" / "notes.md").write_text("# hi")
    print(sorted(str(q) for q in Path("out").glob("data/*.csv")), sorted(q.name for q in Path("out/data").iterdir()))
    print(sorted(q.name for q in Path("out").rglob("*.csv")), Path("a/b.tar.gz").suffixes, Path("a/b.txt").with_suffix(".json"))
    with p.open("a") as f:
        f.write("3,4\n")
    print(p.read_text().count("\n"))
    print(shutil.copy("out/notes.txt", "out/logs"), os.listdir("out/logs"))
    os.remove("out/logs/notes.txt")
    print(os.listdir("out/logs"))
    shutil.rmtree("out")
    print(os.path.exists("out"))
    with open("crlf.txt", "w", newline="") as f:
        f.write("a\r\nb\rc\n")
    with open("crlf.txt") as f:
        print(repr(f.read()))
    with open("crlf.txt", newline="") as f:
        print(f.readlines())
    os.remove("crlf.txt")
    sys.stdout.write("via stdout\n")
    sys.stdout.flush()
    try:
        sys.exit(3)
    except SystemExit as e:
        print("exit code", e.args)

if __name__ == "__main__":
    main()
