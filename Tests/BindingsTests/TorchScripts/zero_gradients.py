# Gradients at 0 as PyTorch gives them: norm (p = 2, 1, 3, inf), std and var of constant values have gradient 0
# (PyTorch masks the root's slope), while sqrt, pow(0.5) and log keep their infinite slope. Run by lorarepl
# (TorchSurfaceTests) and once by CPython + PyTorch. Values to 4 decimals.
import torch


def check(name, f, values):
    x = torch.tensor(values, requires_grad=True)
    y = f(x)
    y.sum().backward()
    print(name, [round(v, 4) + 0.0 for v in y.reshape(-1).tolist()], [round(v, 4) + 0.0 for v in x.grad.reshape(-1).tolist()])


check("norm", lambda x: x.norm(), [0.0, 0.0, 0.0])
check("norm dim", lambda x: x.norm(dim=1), [[0.0, 0.0], [3.0, 4.0]])
check("norm keepdim", lambda x: x.norm(dim=-1, keepdim=True), [[0.0, 0.0], [3.0, 4.0]])
check("norm p1", lambda x: x.norm(p=1), [0.0, 0.0])
check("norm p3", lambda x: x.norm(p=3), [0.0, 0.0])
check("norm inf", lambda x: x.norm(p=float("inf")), [0.0, 0.0])
check("torch.norm", lambda x: torch.norm(x), [0.0, 0.0])
check("normalize by norm", lambda x: x / x.norm(dim=-1, keepdim=True).clamp(min=1e-12), [[0.0, 0.0], [3.0, 4.0]])
check("std", lambda x: x.std(), [1.0, 1.0, 1.0])
check("std dim", lambda x: x.std(dim=0), [[1.0, 2.0], [1.0, 3.0]])
check("var", lambda x: x.var(), [2.0, 2.0])
check("sqrt", lambda x: x.sqrt(), [0.0, 4.0])
check("pow half", lambda x: x.pow(0.5), [0.0, 4.0])
check("abs", lambda x: x.abs(), [0.0, -2.0])
check("log", lambda x: x.log(), [0.0, 1.0])
check("relu", lambda x: x.relu(), [0.0, 1.0])
