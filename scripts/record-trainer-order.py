"""Records the row order transformers' Trainer (with accelerate) feeds the model, for
Tests/TrainingTests/Fixtures/trainer-order/orders.json (TrainerShuffleOrderTests; no Python at test time).

Run with the reference stack: /work/refvenv/bin/python scripts/record-trainer-order.py
A model whose forward records the `idx` column of each batch is trained for a few epochs with
`seed`/`data_seed`, `dataloader_drop_last` and `gradient_accumulation_steps` varied.
"""
import json
import os
import sys
import tempfile

import torch
from torch import nn
from transformers import Trainer, TrainingArguments
import transformers, accelerate

seen = []


class Rows(torch.utils.data.Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return {"idx": torch.tensor(i)}


class Recorder(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1))

    def forward(self, idx):
        seen.append(idx.tolist())
        return {"loss": self.w.pow(2).sum() + self.w.sum()}


def run(n, batch_size, epochs, seed=42, data_seed=None, drop_last=False, accumulation=1):
    seen.clear()
    with tempfile.TemporaryDirectory() as out:
        args = TrainingArguments(output_dir=out, per_device_train_batch_size=batch_size, num_train_epochs=epochs,
                                 seed=seed, data_seed=data_seed, dataloader_drop_last=drop_last,
                                 gradient_accumulation_steps=accumulation, report_to=[], save_strategy="no",
                                 logging_strategy="no", use_cpu=True, remove_unused_columns=False,
                                 disable_tqdm=True)
        Trainer(model=Recorder(), args=args, train_dataset=Rows(n)).train()
    return [list(batch) for batch in seen]


CASES = [
    dict(n=10, batch_size=3, epochs=3),
    dict(n=10, batch_size=3, epochs=2, seed=7),
    dict(n=10, batch_size=3, epochs=2, data_seed=5),
    dict(n=10, batch_size=3, epochs=3, drop_last=True),
    dict(n=10, batch_size=2, epochs=2, accumulation=2),
    dict(n=7, batch_size=2, epochs=3, accumulation=2),
    dict(n=64, batch_size=8, epochs=3),
]

if __name__ == "__main__":
    target = os.path.join(os.path.dirname(__file__), "..", "Tests/TrainingTests/Fixtures/trainer-order/orders.json")
    cases = [dict(case, seed=case.get("seed", 42), batches=run(**case)) for case in CASES]
    record = {"recorded_with": f"transformers {transformers.__version__}, accelerate {accelerate.__version__}, "
                               f"torch {torch.__version__}", "cases": cases}
    with open(target, "w") as f:   # one case a line
        f.write('{"recorded_with": %s,\n "cases": [\n  ' % json.dumps(record["recorded_with"]))
        f.write(",\n  ".join(json.dumps(case) for case in cases))
        f.write("\n ]}\n")
    print(f"wrote {len(cases)} cases to {target}", file=sys.stderr)
