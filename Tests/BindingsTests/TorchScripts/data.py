# DataLoader order and collation: run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, Subset, random_split

g = torch.Generator().manual_seed(42)
loader = DataLoader(list(range(10)), batch_size=3, shuffle=True, generator=g)
for epoch in range(3):
    print([b.tolist() for b in loader])
print(len(loader))
ds = TensorDataset(torch.arange(7), torch.arange(7) * 10)
print(len(ds), [t.tolist() for t in ds[2]])
for xb, yb in DataLoader(ds, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(1), drop_last=True):
    print(xb.tolist(), yb.tolist())
print(len(DataLoader(ds, batch_size=4, drop_last=True)), len(DataLoader(ds, batch_size=4)))
torch.manual_seed(0)
print([b.tolist() for b in DataLoader(list(range(10)), batch_size=4, shuffle=True)])
print([b.tolist() for b in DataLoader(list(range(10)), batch_size=4, shuffle=True)])
a, b = random_split(list(range(10)), [0.7, 0.3], generator=torch.Generator().manual_seed(42))
print(list(a.indices), list(b.indices), len(a), b[0])
c, d, e = random_split(range(11), [5, 3, 3], generator=torch.Generator().manual_seed(7))
print(list(c.indices), list(d.indices), list(e.indices))
print(torch.randperm(8, generator=torch.Generator().manual_seed(3)).tolist())
sub = Subset(list(range(100, 110)), [9, 0, 4])
print(len(sub), sub[0], [s for s in sub])
rows = [{"x": torch.tensor([1, 2]), "y": 1, "t": "a"}, {"x": torch.tensor([3, 4]), "y": 0, "t": "b"}]
batch = next(iter(DataLoader(rows, batch_size=2)))
print(batch["x"].tolist(), batch["y"].tolist(), batch["t"])
pairs = [(1.5, 2), (2.5, 3), (0.5, 1)]
print([[t.tolist() for t in bt] for bt in DataLoader(pairs, batch_size=2)])
print([b for b in DataLoader(["p", "q", "r"], batch_size=2, collate_fn=lambda items: "+".join(items))])
print([x for x in DataLoader([5, 6, 7], batch_size=None)])
torch.manual_seed(0)
lin = nn.Linear(3, 2)
print([[round(v, 5) for v in row] for row in lin.weight.tolist()], [round(v, 5) for v in lin.bias.tolist()])
x = torch.tensor([[1.0, 2.0, 3.0]])
print([[round(v, 5) for v in row] for row in lin(x).tolist()])
