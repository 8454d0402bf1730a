# scatter(reduce="add"|"multiply") and scatter_reduce(dim, index, src, reduce, include_self=) for sum, prod,
# mean, amax, amin: values, and gradients to the input and to src where PyTorch has them. Run by lorarepl
# (TorchSurfaceTests) and once by CPython + PyTorch. Values to 4 decimals.
import warnings

import torch

warnings.simplefilter("ignore")


def show(name, t):
    print(name, [round(v, 4) + 0.0 for v in t.reshape(-1).tolist()], list(t.shape))


base = [[1.0, 2.0, 3.0, 0.0], [4.0, 5.0, 6.0, 2.0]]
source = [[10.0, 2.0, 30.0, 0.5], [-4.0, 50.0, 0.0, 2.0]]
index = torch.tensor([[0, 1, 0, 3], [1, 0, 0, 3]])

x = torch.tensor(base)
show("scatter add", x.scatter(1, index, torch.tensor(source), reduce="add"))
show("scatter multiply", x.scatter(1, index, torch.tensor(source), reduce="multiply"))
show("scatter value add", x.scatter(0, torch.tensor([[1, 0, 1, 0]]), 2.5, reduce="add"))
show("scatter value multiply", x.scatter(0, torch.tensor([[1, 0, 1, 0]]), 3.0, reduce="multiply"))
y = torch.tensor(base)
y.scatter_(1, index, torch.tensor(source), reduce="add")
show("scatter_ add", y)
ints = torch.tensor([[1, 2], [3, 4]])
show("int scatter multiply", ints.scatter(1, torch.tensor([[0, 0], [1, 1]]), torch.tensor([[2, 3], [4, 5]]), reduce="multiply"))

for reduce in ["sum", "prod", "mean", "amax", "amin"]:
    for include_self in [True, False]:
        name = f"{reduce} include_self={include_self}"
        show(name, torch.tensor(base).scatter_reduce(1, index, torch.tensor(source), reduce=reduce, include_self=include_self))
        xg = torch.tensor(base, requires_grad=True)
        sg = torch.tensor(source, requires_grad=True)
        out = xg.scatter_reduce(1, index, sg, reduce, include_self=include_self)
        (out * torch.arange(1.0, 9.0).reshape(2, 4)).sum().backward()
        show(name + " grad self", xg.grad)
        show(name + " grad src", sg.grad)

counts = torch.zeros(3).scatter_reduce(0, torch.tensor([0, 2, 2, 0, 2]), torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0]), reduce="mean", include_self=False)
show("1-d mean", counts)
z = torch.zeros(3)
z.scatter_reduce_(0, torch.tensor([1, 1, 2]), torch.tensor([5.0, 7.0, -1.0]), "amax")
show("scatter_reduce_ amax", z)
show("torch.scatter_reduce", torch.scatter_reduce(torch.ones(3), 0, torch.tensor([0, 0]), torch.tensor([2.0, 3.0]), "prod"))
try:
    g = torch.tensor([1.0, 2.0], requires_grad=True)
    g.scatter(0, torch.tensor([0]), torch.tensor([3.0]), reduce="add").sum().backward()
except RuntimeError as e:
    print("scatter reduce backward:", e)
