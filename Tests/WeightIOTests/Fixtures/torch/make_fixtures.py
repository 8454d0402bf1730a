"""Makes the PyTorch checkpoint fixtures of TorchCheckpointTests, once, with the reference stack:
    /work/refvenv/bin/python Tests/WeightIOTests/Fixtures/torch/make_fixtures.py
(torch 2.15.0+cpu/cu132 wrote the checked-in files; tests read them without Python). Also writes
tiny-bert-bin/ and tiny-bert-bin-sharded/ (the tensors of the shared tiny-bert-base's model.safetensors saved as
pytorch_model.bin, and as three shards with pytorch_model.bin.index.json, as transformers' safe_serialization=False does)
into Tests/ModelsTests/Fixtures/pytorch-bin/.
"""
import collections, datetime, json, os, sys
import torch
import torch.nn as nn

here = os.path.dirname(os.path.abspath(__file__))
out = lambda name: os.path.join(here, name)
torch.manual_seed(0)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 3)
        self.norm = nn.LayerNorm(3)
        self.head = nn.Linear(3, 2)

    def forward(self, x):
        return self.head(self.norm(self.proj(x)))


model = Tiny()
torch.save(model.state_dict(), out("tiny_state.pt"))

optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
x, y = torch.randn(5, 4), torch.tensor([0, 1, 1, 0, 1])
for _ in range(2):
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
checkpoint = {"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "loss": round(loss.item(), 6),
              "name": "tiny", "history": [1.5, 0.75], "size": torch.Size([2, 3]), "device": torch.device("cpu"),
              "flags": (True, False, None), "big": 2 ** 40, "neg": -5, "wide": -(2 ** 62), "counts": collections.OrderedDict(a=1, b=2)}
torch.save(checkpoint, out("checkpoint.pt"))

base = torch.arange(12, dtype=torch.float32).view(3, 4)
torch.save({"base": base, "t": base.t(), "row": base[1], "col": base[:, 2], "tail": base.view(-1)[5:9]}, out("views.pt"))

values = [0.1, -2.5, 3.0, 65504.0]
torch.save({"bf16": torch.tensor(values, dtype=torch.bfloat16), "fp16": torch.tensor(values, dtype=torch.float16),
            "f64": torch.tensor(values, dtype=torch.float64), "i64": torch.tensor([-(2 ** 40), -1, 0, 7]),
            "i32": torch.tensor([-7, 0, 1, 2 ** 31 - 1], dtype=torch.int32), "i16": torch.tensor([-300, 1], dtype=torch.int16),
            "i8": torch.tensor([-128, 127], dtype=torch.int8), "u8": torch.tensor([0, 255], dtype=torch.uint8),
            "bool": torch.tensor([True, False, True]), "scalar": torch.tensor(2.5), "empty": torch.zeros(0, 3)}, out("dtypes.pt"))

torch.save({"weight": nn.Parameter(torch.tensor([[1.0, 2.0]])), "trainable": torch.tensor([0.5], requires_grad=True)}, out("parameter.pt"))

# Refused by torch.load(weights_only=True): a datetime object (GLOBAL datetime.date).
torch.save({"when": datetime.date(2024, 1, 2)}, out("unsafe_global.pt"))
# PyTorch's legacy (pre-1.6) format.
torch.save(torch.ones(2), out("legacy.pt"), _use_new_zipfile_serialization=False)

# Every fixture but the unsafe one loads with weights_only=True (the default).
for name in ["tiny_state.pt", "checkpoint.pt", "views.pt", "dtypes.pt", "parameter.pt"]:
    torch.load(out(name))

# Expected values for the tests (tensors as lists).
def plain(v):
    if isinstance(v, torch.Tensor):
        return {"shape": list(v.shape), "values": v.detach().double().flatten().tolist(), "dtype": str(v.dtype)}
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v if isinstance(v, (int, float, str, bool, type(None))) else str(v)

with open(out("expected.json"), "w") as f:
    json.dump({"tiny_state": plain(torch.load(out("tiny_state.pt"))), "checkpoint": plain(torch.load(out("checkpoint.pt"))),
               "dtypes": plain(torch.load(out("dtypes.pt"))), "forward_input": x.tolist(),
               "forward_output": model(x).tolist()}, f, indent=1, sort_keys=True)

# A Hugging Face folder with only pytorch_model.bin (and one sharded), from the shared tiny BERT.
shared = os.path.join(here, "../../../../../shared/fixtures/tiny-bert/tiny-bert-base")
if os.path.isdir(shared):
    from safetensors.torch import load_file
    target = os.path.join(here, "../../../ModelsTests/Fixtures/pytorch-bin")
    os.makedirs(target, exist_ok=True)
    for name, shard in [("tiny-bert-bin", None), ("tiny-bert-bin-sharded", 40_000)]:
        folder = os.path.join(target, name)
        os.makedirs(folder, exist_ok=True)
        state = load_file(os.path.join(shared, "model.safetensors"))  # the same tensors, PyTorch's format
        if shard is None:
            torch.save(state, os.path.join(folder, "pytorch_model.bin"))
        else:
            shards, current, size = [], {}, 0
            for key, tensor in state.items():
                if current and size + tensor.numel() * 4 > shard:
                    shards.append(current); current, size = {}, 0
                current[key] = tensor; size += tensor.numel() * 4
            shards.append(current)
            weight_map = {}
            for i, part in enumerate(shards):
                file = f"pytorch_model-{i + 1:05d}-of-{len(shards):05d}.bin"
                torch.save(part, os.path.join(folder, file))
                weight_map.update({key: file for key in part})
            with open(os.path.join(folder, "pytorch_model.bin.index.json"), "w") as f:
                json.dump({"metadata": {"total_size": sum(t.numel() * 4 for t in state.values())}, "weight_map": weight_map}, f, indent=2)
        with open(os.path.join(shared, "config.json")) as src, open(os.path.join(folder, "config.json"), "w") as dst:
            dst.write(src.read())
print("done")
