# dim= as an int, a tuple or a list for sum/mean/amax/amin/logsumexp/std/var/norm, with keepdim, values and
# gradients. Run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch. Values to 4 decimals.
import torch


def show(name, t):
    print(name, [round(v, 4) + 0.0 for v in t.reshape(-1).tolist()], list(t.shape))


values = [[[0.5, -1.0, 2.0], [1.5, 0.1, -0.5]], [[-2.0, 1.0, 0.75], [3.0, 3.0, -0.3]]]
cases = [
    ("sum01", lambda t: t.sum(dim=(0, 1))), ("sum_list", lambda t: t.sum(dim=[0, 2])),
    ("sum_keep", lambda t: t.sum(dim=(1, 2), keepdim=True)), ("sum_neg", lambda t: t.sum(dim=(-1, 0))),
    ("mean02", lambda t: t.mean(dim=(0, 2))), ("mean_keep", lambda t: t.mean((1, 2), keepdim=True)),
    ("amax", lambda t: t.amax(dim=(1, 2))), ("amax_all", lambda t: t.amax()), ("amin", lambda t: t.amin(dim=(0, 1))),
    ("amax_int", lambda t: t.amax(-1)), ("logsumexp", lambda t: t.logsumexp(dim=(1, 2))),
    ("logsumexp1", lambda t: t.logsumexp(-1, keepdim=True)), ("std", lambda t: t.std(dim=(0, 1))),
    ("var", lambda t: t.var(dim=(1, 2), unbiased=False)), ("var_keep", lambda t: t.var(dim=[0, 2], keepdim=True)),
    ("norm", lambda t: t.norm(dim=(1, 2))), ("norm_p1", lambda t: t.norm(p=1, dim=(0, 2), keepdim=True)),
    ("norm_inf", lambda t: t.norm(p=float("inf"), dim=(0, 1))), ("torch.sum", lambda t: torch.sum(t, dim=(0, 1))),
    ("torch.amax", lambda t: torch.amax(t, dim=(0, 2))), ("torch.logsumexp", lambda t: torch.logsumexp(t, dim=(1, 2))),
    ("torch.mean", lambda t: torch.mean(t, (0, 1, 2))),
]
for name, f in cases:
    x = torch.tensor(values, requires_grad=True)
    y = f(x)
    show(name, y)
    (y * torch.arange(1.0, y.numel() + 1.0).reshape(y.shape)).sum().backward()
    show(name + ".grad", x.grad)
    with torch.no_grad():
        show(name + ".plain", f(torch.tensor(values)))
ints = torch.tensor([[1, 2], [3, 4]])
show("int sum", ints.sum(dim=(0, 1)))
print("int sum dtype", ints.sum(dim=(0, 1)).dtype, ints.amax(dim=(0, 1)).dtype)
try:
    torch.tensor(values).sum(dim=(0, 0))
except RuntimeError as e:
    print("repeated dim:", e)
