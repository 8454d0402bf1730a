# Dict views: live keys()/values()/items() objects, set operations on keys and items, and every
# place the old lists were consumed (list(), sorted, loops, unpacking, json, comprehensions).
import json

scores = {"loss": 0.52, "accuracy": 0.81, "f1": 0.77}
keys, values, items = scores.keys(), scores.values(), scores.items()
print(keys)
print(values)
print(items)
print(type(keys).__name__, type(values).__name__, type(items).__name__)
print(len(keys), len(values), len(items))

# Views are live: they see entries added and removed later.
scores["precision"] = 0.74
del scores["loss"]
print(keys)
print(list(values))
print(len(items), "precision" in keys, "loss" in keys)
print(("f1", 0.77) in items, ("f1", 0.5) in items, 0.81 in values, 0.52 in values)

# Set operations on keys views give sets; keys compare with sets.
wanted = {"accuracy", "f1", "recall"}
print(sorted(keys & wanted), sorted(keys | wanted), sorted(keys - wanted), sorted(keys ^ wanted))
print(sorted(wanted & keys), sorted(wanted - keys))
print(keys == {"accuracy", "f1", "precision"}, keys == ["accuracy", "f1", "precision"], keys != {"f1"})
print(keys <= {"accuracy", "f1", "precision", "x"}, keys < {"accuracy"}, keys >= {"f1"})
print(keys.isdisjoint({"bleu", "rouge"}), keys.isdisjoint(["f1"]))
print(sorted(items & {("f1", 0.77), ("f1", 0.1)}))
print(scores.keys() == scores.keys(), {"a": 1}.keys() == {"a": 2}.keys(), {"a": 1}.items() == {"a": 2}.items())

# Reversed, sorted, min/max/sum, enumerate, zip.
print(list(reversed(keys)), list(reversed(items)))
print(sorted(scores.items(), key=lambda kv: kv[1], reverse=True))
print(max(values), min(values), round(sum(values), 2))
for i, (name, value) in enumerate(scores.items()):
    print(i, name, value)
print(list(zip(scores.keys(), scores.values())))

# Unpacking, comprehensions, json through list().
first, *rest = scores.keys()
print(first, rest)
print({k: round(v * 100) for k, v in scores.items()})
print(json.dumps(list(scores.items())), json.dumps(sorted(scores)))
print(bool({}.keys()), bool(keys), list({}.items()))

# Changing the size while iterating is an error, as in Python; a copy of the view is not.
counts = {"a": 1, "b": 2}
try:
    for k in counts.keys():
        counts[k + k] = 0
except RuntimeError as error:
    print("RuntimeError:", error)
counts = {"a": 1, "b": 2}
for k in list(counts.keys()):
    counts[k + k] = 0
print(counts)

# Updating values during iteration is fine.
for k, v in counts.items():
    counts[k] = v + 10
print(counts)
print(counts.keys().mapping)
