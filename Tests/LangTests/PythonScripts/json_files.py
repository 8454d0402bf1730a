import json
import os

config = {"model": "MiniLM", "lora": {"r": 8, "alpha": 16, "targets": ["query", "value"]}, "lr": 5e-4, "seed": 42, "tags": []}
with open("config.json", "w") as f:
    json.dump(config, f, indent=2)
print(open("config.json").read())
with open("config.json") as f:
    loaded = json.load(f)
print(loaded == config, loaded["lora"]["targets"])
with open("history.jsonl", "w") as f:
    for epoch in range(3):
        f.write(json.dumps({"epoch": epoch, "loss": round(1 / (epoch + 1), 3)}) + "\n")
with open("history.jsonl") as f:
    history = [json.loads(line) for line in f]
print(history, max(history, key=lambda r: r["epoch"]))
with open("compact.json", "w") as f:
    json.dump({"b": [1, 2], "a": None}, f, sort_keys=True)
print(open("compact.json").read())
for name in ["config.json", "history.jsonl", "compact.json"]:
    os.remove(name)
