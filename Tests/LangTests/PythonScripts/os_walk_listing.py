import os
import os.path
import shutil
import glob

for folder in ["data/train", "data/test", "data/test/extra", "out"]:
    os.makedirs(folder, exist_ok=True)
for name in ["data/train/a.csv", "data/train/b.csv", "data/test/c.csv", "data/test/extra/d.txt", "data/README.md"]:
    with open(name, "w") as f:
        f.write(name + "\n")

for root, dirs, files in os.walk("data"):
    dirs.sort()
    print(root, sorted(dirs), sorted(files))
for root, dirs, files in os.walk("data"):
    if "test" in dirs:
        dirs.remove("test")
    print("pruned:", root, sorted(files))
print([r for r, d, f in os.walk("data", topdown=False)][:2])
print(sorted(glob.glob("data/*/*.csv")), sorted(glob.glob("data/**/*.txt", recursive=True)), glob.glob("nothing/*"))
total = 0
for root, dirs, files in os.walk("data"):
    for name in files:
        total += os.path.getsize(os.path.join(root, name))
print(total)
print(shutil.copy("data/README.md", "out"), shutil.copy("data/train/a.csv", "out/renamed.csv"), sorted(os.listdir("out")))
shutil.move("out/renamed.csv", "out/moved.csv")
os.rename("out/moved.csv", "out/final.csv")
print(sorted(os.listdir("out")), os.path.isfile("out/final.csv"))
os.rmdir("data/test/extra") if not os.listdir("data/test/extra") else print("not empty")
shutil.rmtree("data")
shutil.rmtree("out")
print(os.path.exists("data"), os.listdir("."))
try:
    os.listdir("data")
except FileNotFoundError:
    print("FileNotFoundError")
try:
    os.remove("data")
except FileNotFoundError:
    print("FileNotFoundError again")
