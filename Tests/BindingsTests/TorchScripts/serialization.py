# torch.save / torch.load the way tutorial loops use them: run by lorarepl (TorchSurfaceTests) and once by
# CPython + PyTorch (scripts/record-torch-surface.sh). Files go to a fresh temporary folder.
import os
import tempfile
import torch
import torch.nn as nn

folder = tempfile.mkdtemp()
torch.manual_seed(0)


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 3)
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        return self.out(torch.relu(self.proj(x)))


model = Head()
x = torch.randn(5, 4)
y = torch.tensor([0, 1, 1, 0, 1])
optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
for step in range(3):
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
print("loss", round(loss.item(), 5))

# The weights alone, then into a fresh model.
head_path = os.path.join(folder, "head.pt")
torch.save(model.state_dict(), head_path)
state = torch.load(head_path, map_location="cpu")
print(list(state.keys()))
print([tuple(t.shape) for t in state.values()], state["proj.weight"].dtype, state["out.bias"].requires_grad)
fresh = Head()
print(fresh.load_state_dict(torch.load(head_path, map_location=torch.device("cpu"), weights_only=True)))
with torch.no_grad():
    print(torch.equal(fresh(x), model(x)), [round(v, 5) for v in fresh(x)[0].tolist()])

# A training checkpoint: epoch, model, optimizer, loss; resumed into new objects.
ckpt_path = os.path.join(folder, "ckpt.pt")
torch.save({"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "loss": loss.item()}, ckpt_path)
ckpt = torch.load(ckpt_path)
print(sorted(ckpt.keys()), ckpt["epoch"], round(ckpt["loss"], 5))
opt_state = ckpt["optimizer"]
print(sorted(opt_state["state"].keys()), sorted(opt_state["state"][0].keys()), opt_state["state"][0]["step"].item())
group = opt_state["param_groups"][0]
print(group["lr"], group["betas"], group["weight_decay"], group["params"])
resumed = Head()
resumed.load_state_dict(ckpt["model"])
resumed_opt = torch.optim.AdamW(resumed.parameters(), lr=0.01)
resumed_opt.load_state_dict(ckpt["optimizer"])
for m, o in [(model, optimizer), (resumed, resumed_opt)]:
    loss = loss_fn(m(x), y)
    loss.backward()
    o.step()
    o.zero_grad()
    print("next step loss", round(loss.item(), 5), round(m.out.bias[0].item(), 5))

# Plain Python values and tensors of several dtypes, views sharing storage.
values = {"name": "run-1", "history": [1.5, 0.75], "pair": (1, None), "flag": True, "big": 2 ** 40,
          "ids": torch.tensor([3, 1, 2]), "mask": torch.tensor([True, False]), "half": torch.tensor([0.1, 2.5], dtype=torch.float16),
          "bf16": torch.tensor([0.1, 2.5], dtype=torch.bfloat16), "double": torch.tensor([0.1], dtype=torch.float64)}
base = torch.arange(6.0).view(2, 3)
values["base"] = base
values["column"] = base[:, 1]
values["transposed"] = base.t()
misc_path = os.path.join(folder, "misc.pt")
torch.save(values, misc_path)
back = torch.load(misc_path)
print(back["name"], back["history"], back["pair"], back["flag"], back["big"])
for key in ["ids", "mask", "half", "bf16", "double", "column", "transposed"]:
    print(key, back[key].dtype, back[key].tolist())
back["base"][0, 1] = 100.0
print("shared", back["column"].tolist(), back["transposed"][1].tolist())
print(torch.load(misc_path)["column"].tolist())

# A tensor and a list saved directly.
torch.save(torch.ones(2, 2) * 3, os.path.join(folder, "t.pt"))
print(torch.load(os.path.join(folder, "t.pt")))
torch.save([1, "two", 3.0], os.path.join(folder, "list.pt"))
print(torch.load(os.path.join(folder, "list.pt")))
print(sorted(os.listdir(folder)))
