# Padding rows by hand: DataCollatorWithPadding / ForTokenClassification / ForLanguageModeling called on rows and as
# a DataLoader collate_fn, and tokenizer.pad (PEFT's collate_fn). Run by lorarepl (TorchSurfaceTests) and once by transformers 5.25.
import torch
from torch.utils.data import DataLoader
from datasets import Dataset
from transformers import AutoTokenizer, DataCollatorWithPadding, DataCollatorForTokenClassification, DataCollatorForLanguageModeling

checkpoint = "{{MINILM}}"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
ds = Dataset.from_dict({"text": ["a good film", "bad", "not my cup of tea at all"], "label": [1, 0, 0]})
tok = ds.map(lambda b: tokenizer(b["text"], truncation=True), batched=True, remove_columns=["text"])
print(tok.column_names)

collator = DataCollatorWithPadding(tokenizer=tokenizer)
batch = collator([tok[i] for i in range(3)])
print(list(batch.keys()))
for k, v in batch.items():
    print(k, v.dtype, tuple(v.shape), v.tolist())

padded = tokenizer.pad([tok[0], tok[1]], padding="longest", return_tensors="pt")
print(list(padded.keys()), padded["input_ids"].tolist(), padded["attention_mask"].tolist(), padded["label"].tolist())
plain = tokenizer.pad({"input_ids": [[101, 102], [101, 7592, 102]]})
print(plain["input_ids"], plain["attention_mask"])
fixed = tokenizer.pad([{"input_ids": [101, 102]}], padding="max_length", max_length=5, return_tensors="pt")
print(fixed["input_ids"].tolist(), fixed["attention_mask"].tolist())
multiple = DataCollatorWithPadding(tokenizer, pad_to_multiple_of=8)
print(tuple(multiple([tok[0], tok[1]])["input_ids"].shape))

loader = DataLoader(tok, batch_size=2, shuffle=False, collate_fn=collator)
for step, b in enumerate(loader):
    print(step, {k: tuple(v.shape) for k, v in b.items()}, b["labels"].tolist())

tc = DataCollatorForTokenClassification(tokenizer)
rows = [{"input_ids": [101, 2204, 102], "labels": [-100, 1, -100]}, {"input_ids": [101, 102], "labels": [-100, -100]}]
out = tc(rows)
print(list(out.keys()), out["labels"].tolist(), out["input_ids"].tolist())
lm = DataCollatorForLanguageModeling(tokenizer, mlm=False)
out = lm([{"input_ids": [101, 2204, 102]}, {"input_ids": [101, 102]}])
print(list(out.keys()), out["labels"].tolist())
try:
    collator([{"label": 1}])
except ValueError as e:
    print("ValueError:", str(e)[:60])
