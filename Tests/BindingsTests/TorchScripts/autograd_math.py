# Autograd through pow, abs, sqrt, std/var, norm, cumsum, topk, sort, index_select, masked_select, scatter,
# Ellipsis indexing and in-place writes: run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch.
# Values and gradients to 5 decimals.
import torch


def show(name, t):
    print(name, [round(v, 5) + 0.0 for v in t.reshape(-1).tolist()], list(t.shape))


def leaf():
    return torch.tensor([[0.5, -1.0, 2.0, 0.25], [1.5, 0.1, -0.5, 3.0], [-2.0, 1.0, 0.75, -0.3]], requires_grad=True)


weights = torch.tensor([0.3, -0.2, 0.1, 0.4, -0.6, 0.7, 0.2, -0.1, 0.5, 0.9, -0.8, 0.6]).reshape(3, 4)


def check(cases, loss):
    for name, f in cases:
        x = leaf()
        y = f(x)
        show(name, y)
        loss(y).sum().backward()
        show(name + ".grad", x.grad)


# element-wise: pow with number and tensor exponents, abs, sqrt, square
cases = [
    ("pow3", lambda t: t ** 3), ("pow_half", lambda t: t.abs().pow(0.5)), ("pow0", lambda t: torch.pow(t, 0)),
    ("rpow", lambda t: 2 ** t), ("tpow", lambda t: t.abs() ** (weights + 1)), ("abs", lambda t: t.abs()),
    ("sqrt", lambda t: (t * t + 1).sqrt()), ("square", lambda t: t.square()),
]
check(cases, lambda y: y * weights)

# exponent tensor that requires grad
x = leaf()
e = torch.tensor([1.0, 2.0, 0.5, 3.0], requires_grad=True)
y = (x.abs() + 0.5) ** e
y.sum().backward()
show("exp.grad", e.grad)
show("base.grad", x.grad)

# std / var: unbiased, biased, correction, dim, keepdim
cases = [
    ("std", lambda t: t.std()), ("std_b", lambda t: t.std(unbiased=False)), ("var", lambda t: t.var()),
    ("std_dim", lambda t: t.std(dim=1)), ("var_dim0", lambda t: t.var(0, keepdim=True)),
    ("var_c0", lambda t: t.var(dim=1, correction=0)), ("tstd", lambda t: torch.std(t, dim=0)),
    ("tvar", lambda t: torch.var(t, 1, unbiased=False)),
]
check(cases, lambda y: y * y)

# norms: p=2 (default), 1, inf, 3, along dims, keepdim (normalising embeddings)
cases = [
    ("norm", lambda t: t.norm()), ("norm1", lambda t: t.norm(p=1)), ("norm_inf", lambda t: t.norm(p=float("inf"))),
    ("norm_dim", lambda t: t.norm(dim=1)), ("norm1_dim", lambda t: t.norm(1, dim=0)),
    ("norm_inf_dim", lambda t: t.norm(p=float("inf"), dim=1)), ("norm3", lambda t: t.norm(p=3, dim=-1)),
    ("unit", lambda t: t / t.norm(p=2, dim=-1, keepdim=True)), ("tnorm", lambda t: torch.norm(t, dim=0)),
]
check(cases, lambda y: y * y)

# cumsum
x = leaf()
y = x.cumsum(dim=1)
show("cumsum", y)
(y * weights).sum().backward()
show("cumsum.grad", x.grad)
x = leaf()
y = torch.cumsum(x, 0)
(y * weights).sum().backward()
show("cumsum0.grad", x.grad)
print("cumsum_int", torch.tensor([[1, 0, 1], [1, 1, 0]]).cumsum(dim=1).tolist())

# topk, sort, argsort: values carry gradients, indices are int64
x = leaf()
values, indices = x.topk(2, dim=1)
show("topk", values)
print("topk.idx", indices.tolist(), indices.dtype)
(values * torch.tensor([1.0, 2.0])).sum().backward()
show("topk.grad", x.grad)
x = leaf()
small = torch.topk(x, 2, dim=0, largest=False)
show("topk_small", small.values)
print("topk_small.idx", small.indices.tolist())
small.values.sum().backward()
show("topk_small.grad", x.grad)
x = leaf()
s = x.sort(dim=1, descending=True)
show("sort", s.values)
print("sort.idx", s.indices.tolist())
(s.values * weights).sum().backward()
show("sort.grad", x.grad)
x = leaf()
v, i = torch.sort(x[0])
show("sort1", v)
print("sort1.idx", i.tolist(), x[1].argsort().tolist(), torch.argsort(x[2], descending=True).tolist())
(v * torch.arange(4).float()).sum().backward()
show("sort1.grad", x.grad)

# index_select, masked_select
x = leaf()
y = x.index_select(1, torch.tensor([3, 0, 3]))
show("index_select", y)
(y * y).sum().backward()
show("index_select.grad", x.grad)
x = leaf()
y = torch.index_select(x, 0, torch.tensor([2, 0]))
y.sum().backward()
show("index_select0.grad", x.grad)
x = leaf()
y = x.masked_select(x > 0.4)
show("masked_select", y)
(y * y).sum().backward()
show("masked_select.grad", x.grad)
x = leaf()
y = torch.masked_select(x, torch.tensor([True, False, True, False]))
show("masked_select_row", y)
y.sum().backward()
show("masked_select_row.grad", x.grad)

# scatter, scatter_add (out of place, gradients to self and src), scatter_ with a value (one-hot)
x = leaf()
src = torch.tensor([[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]], requires_grad=True)
index = torch.tensor([[1, 3], [0, 0], [2, 1]])
y = x.scatter(1, index, src)
show("scatter", y)
(y * weights).sum().backward()
show("scatter.grad", x.grad)
show("scatter.src_grad", src.grad)
x = leaf()
src = torch.tensor([[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]], requires_grad=True)
y = torch.scatter_add(x, 1, index, src)
show("scatter_add", y)
(y * weights).sum().backward()
show("scatter_add.grad", x.grad)
show("scatter_add.src_grad", src.grad)
labels = torch.tensor([2, 0, 1])
one_hot = torch.zeros(3, 4).scatter_(1, labels.unsqueeze(1), 1.0)
print("one_hot", one_hot.tolist())
counts = torch.zeros(5, dtype=torch.long).scatter_add_(0, torch.tensor([1, 3, 1, 1]), torch.ones(4, dtype=torch.long))
print("counts", counts.tolist(), counts.dtype)

# Ellipsis
x = leaf()
y = x[..., 0]
show("ellipsis0", y)
(y * y).sum().backward()
show("ellipsis0.grad", x.grad)
x = leaf()
y = x[..., None] * x[None, ...].reshape(3, 4, 1)
print("ellipsis_none", list(x[..., None].shape), list(x[1, ...].shape), list(x[..., 1:3].shape))
y.sum().backward()
show("ellipsis_none.grad", x.grad)

# in-place writes on tensors in the graph
x = leaf()
h = x * 2
h[h < 0] = 0
show("setmask", h)
(h * weights).sum().backward()
show("setmask.grad", x.grad)
x = leaf()
col = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x.clone()
h[:, 0] = col * 3
show("setcol", h)
(h * weights).sum().backward()
show("setcol.grad", x.grad)
show("setcol.col_grad", col.grad)
x = leaf()
b = torch.tensor([0.5, -0.5, 1.0, 2.0], requires_grad=True)
h = x * 1.5
h += b
h *= torch.tensor([1.0, 2.0, -1.0, 0.5])
h -= 1
h /= 2
show("iadd", h)
h.sum().backward()
show("iadd.grad", x.grad)
show("iadd.b_grad", b.grad)
x = leaf()
h = x * 3.0
h.add_(x, alpha=-2).mul_(0.5)
h.masked_fill_(x < 0, 0.0)
h[1, ...] = 7.0
show("methods", h)
h.sum().backward()
show("methods.grad", x.grad)
x = leaf()
z = torch.zeros(3, 4)
z[1] = x[2] * 2
z.copy_(z + x)
z.sum().backward()
show("copy.grad", x.grad)

# plain tensors and dtypes
t = torch.arange(6).reshape(2, 3)
t[t > 2] = -1
t[0, ...] += 10
print("plain", t.tolist(), t.dtype)
f = torch.ones(2, 3)
f[:, 1] = torch.tensor([5, 6])
f.fill_(2).clamp_(max=1.5)
print("plainf", f.tolist())
try:
    t += 0.5
except RuntimeError as err:
    print("int error:", err)

# in-place on a leaf that requires grad is PyTorch's error; under no_grad it changes the weights
p = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)


def set_first():
    p[0] = 5.0


def add_one():
    global p
    p += 1.0


for name, write in [("setitem", set_first), ("iadd", add_one), ("add_", lambda: p.add_(1.0)), ("fill_", lambda: p.fill_(0))]:
    try:
        write()
        print(name, "no error")
    except RuntimeError as err:
        print(name, "error:", err)
(p * p).sum().backward()
with torch.no_grad():
    p -= 0.1 * p.grad
    p[2] = 10.0
print("sgd", [round(v, 5) for v in p.tolist()], p.requires_grad, p.is_leaf)
p.grad.zero_()
print("zeroed", p.grad.tolist())
p.data.mul_(2)
print("data", [round(v, 5) for v in p.tolist()])
