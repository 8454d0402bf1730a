import os

LINES = ["epoch,loss\n", "1,0.91\n", "2,0.55\n"]


def write_log(path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(LINES[0])
        f.writelines(LINES[1:])
    with open(path, "a") as f:
        f.write("3,0.42\n")
        print("4,0.40", file=f)


def read_back(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        rows = [line.strip().split(",") for line in f]
    return header, rows


def main():
    write_log("train_log.csv")
    header, rows = read_back("train_log.csv")
    print(header, rows)
    losses = [float(loss) for _, loss in rows]
    print(min(losses), sum(losses) / len(losses))
    f = open("train_log.csv")
    print(repr(f.read(5)), repr(f.readline()), len(f.readlines()))
    f.seek(0)
    print(repr(next(f)), f.closed)
    f.close()
    print(f.closed)
    try:
        f.read()
    except ValueError as e:
        print("ValueError:", e)
    with open("notes.txt", "x") as g:
        g.write("created once\n")
    try:
        open("notes.txt", "x")
    except FileExistsError:
        print("FileExistsError")
    with open("latin.txt", "w", encoding="latin-1") as g:
        g.write("café naïve\n")
    print(os.path.getsize("latin.txt"), open("latin.txt", encoding="latin-1").read().strip())
    with open("crlf.txt", "w", newline="\r\n") as g:
        g.write("a\nb\n")
    print(repr(open("crlf.txt", newline="").read()), repr(open("crlf.txt").read()))
    with open("r.txt", "w") as g:
        pass
    print(repr(open("r.txt").read()), os.path.exists("r.txt"))
    try:
        with open("train_log.csv") as g:
            g.write("x")
    except OSError as e:
        print(type(e).__name__)
    try:
        open("missing/dir/file.txt", "w")
    except FileNotFoundError:
        print("FileNotFoundError")
    for name in ["train_log.csv", "notes.txt", "latin.txt", "crlf.txt", "r.txt"]:
        os.remove(name)
    print(os.listdir("."))


if __name__ == "__main__":
    main()
