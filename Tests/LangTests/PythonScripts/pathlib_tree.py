from pathlib import Path
import os
import shutil


def make_run(root, name, metrics):
    run = root / "runs" / name
    run.mkdir(parents=True, exist_ok=True)
    (run / "metrics.txt").write_text("\n".join(f"{k}={v}" for k, v in metrics.items()) + "\n")
    (run / "config.json").write_text('{"r": 8}')
    return run


def main():
    root = Path("experiment")
    print(root, root.exists(), root.is_dir(), root.name, root.suffix == "")
    a = make_run(root, "a", {"acc": 0.61, "f1": 0.58})
    b = make_run(root, "b", {"acc": 0.64, "f1": 0.6})
    print(a, a.parent, a.parent.name, a.parts, a.exists(), (a / "metrics.txt").is_file())
    print(sorted(p.name for p in (root / "runs").iterdir()))
    print(sorted(str(p) for p in root.glob("runs/*/metrics.txt")))
    print(sorted(p.name for p in root.rglob("*.json")))
    for run in sorted((root / "runs").iterdir()):
        values = dict(line.split("=") for line in (run / "metrics.txt").read_text().splitlines())
        print(run.name, values)
    p = Path("experiment/runs/a/metrics.txt")
    print(p.stem, p.suffix, p.with_suffix(".csv").name, p.with_name("other.txt"), p.parent.parent)
    with p.open("a") as f:
        f.write("loss=0.3\n")
    print(len(p.read_text().splitlines()))
    print(Path("a/b") / "c" / "d.txt", Path("a") / Path("b"), Path("/abs") / "x", Path("x//y/./z"), Path(""), Path("a/b/").name)
    (root / "runs" / "b" / "config.json").unlink()
    print(sorted(os.listdir(root / "runs" / "b")))
    shutil.rmtree(root)
    print(root.exists(), Path("nothing.txt").exists())
    try:
        Path("nothing.txt").read_text()
    except FileNotFoundError:
        print("FileNotFoundError")
    try:
        Path("x/y").mkdir()
    except FileNotFoundError:
        print("FileNotFoundError for missing parent")


if __name__ == "__main__":
    main()
