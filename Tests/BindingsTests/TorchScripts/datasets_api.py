# datasets API beyond map/filter: features, cast_column, sort, iter, take/skip, concatenate_datasets.
# Run by lorarepl (TorchSurfaceTests) and once by CPython + datasets 4 (datasets_api.expected).
from datasets import Dataset, DatasetDict, ClassLabel, Features, Value, concatenate_datasets

ds = Dataset.from_dict({"text": ["good movie", "awful", "fine", "great fun", "boring", None],
                        "label": ["pos", "neg", "pos", "pos", "neg", "neg"],
                        "score": [0.9, 0.1, 0.6, 0.95, 0.2, 0.3]})
print(ds.features)
ds = ds.cast_column("label", ClassLabel(names=["neg", "pos"]))
print(ds.features)
print(ds.features["label"].names, ds.features["label"].num_classes, ds.features["label"].int2str(1))
print(list(ds["label"]))
print(list(ds.sort("score")["score"]))
print(list(ds.sort("score", reverse=True)["text"]))
print(list(ds.sort("text")["text"]))
print(list(ds.sort(["label", "score"], reverse=[False, True])["score"]))
print(ds.take(2).num_rows, list(ds.skip(4)["text"]))
for batch in ds.iter(batch_size=4):
    print(batch["text"], batch["label"])
print(len(list(ds.iter(batch_size=4, drop_last_batch=True))))
both = concatenate_datasets([ds, ds.select([0, 1])])
print(both.num_rows, list(both["label"])[-3:], both.features["label"])
ints = Dataset.from_dict({"n": [1, 2, 3]}).cast_column("n", Value("float64"))
print(ints.features, list(ints["n"]))
strs = Dataset.from_dict({"n": [1, 2, 3]}).cast_column("n", Value("string"))
print(strs.features, list(strs["n"]))
typed = Dataset.from_dict({"text": ["a", "b"], "label": [1, 0]},
                          features=Features({"text": Value("string"), "label": ClassLabel(names=["no", "yes"])}))
print(typed.features, typed[0])
print(ClassLabel(num_classes=3).names, Value("int32"))
try:
    concatenate_datasets([ds, typed])
except ValueError as error:
    print("ValueError")
