# torch.Size (what .shape and .size() return), detach()/.data sharing storage and the version counter,
# PyTorch's version-counter error for a plain tensor a node saved, and the grad_fn names of views.
# Run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch 2.15.
import json
import torch


def attempt(name, f):
    try:
        f()
        print(name, "ok")
    except Exception as e:
        print(name, type(e).__name__, str(e).split("\n")[0])


# --- torch.Size
t = torch.zeros(2, 3)
s = t.shape
print(s, repr(s), t.size(), t.size(1), t.size(-1), type(t.size(0)).__name__)
print(s == (2, 3), (2, 3) == s, s != (2, 3), s == [2, 3], s == torch.Size([2, 3]), t.shape == t.size())
print(isinstance(s, tuple), isinstance(s, torch.Size), type(s).__name__, len(s), s[0], s[-1], s[1:], s[::-1], s[:0])
rows, cols = s
print(rows, cols, list(s), tuple(s), [d for d in s], max(s), sum(s), sorted(s), 3 in s, 4 in s)
print(s.numel(), s.count(3), s.index(3), hash(s) == hash((2, 3)), {s: "x"}[(2, 3)], {(2, 3): "y"}[s])
print(s + (4,), (1,) + s, s * 2, torch.Size([4, 5]), torch.Size((6,)), torch.Size(), torch.Size([]).numel())
print(f"{s}", "shape: {}".format(s), "%s" % (s,), "%d x %d" % s, str(s), json.dumps(s), bool(torch.Size([])))
print(torch.zeros(s).shape, torch.ones(*s).shape, t.view(*s).shape, t.reshape(s[::-1]).shape, torch.randn(t.size()).shape)
print(t.new_zeros(s).shape, t.new_ones(3, 2).shape, t.unsqueeze(0).expand(4, *s).shape, torch.full(s, 7.0).shape)
print(torch.tensor(s), torch.tensor(s).dtype, t.sum(dim=0).shape, t.mean().shape, torch.tensor(3.0).shape, t[0].shape)
batch, seq = torch.ones(4, 7, dtype=torch.long).shape
print(batch, seq, t.T.shape, t.flatten().shape, torch.nn.Linear(3, 5).weight.shape, t.numpy().shape)
attempt("Size with a float", lambda: torch.Size([2.5]))

# --- detach() and .data share storage and the version counter
w = torch.ones(3, requires_grad=True)
y = w * 2
d = y.detach()
print(d.requires_grad, d.is_leaf, d.grad_fn, d._version, y._version)
d.add_(1)
print(y, d, d._version, y._version)
d[0] = 10
print(y, y.requires_grad, d._version, y._version)
e = w.exp()
e.detach().zero_()
attempt("backward after writing a saved output through detach()", lambda: e.sum().backward())
p = torch.nn.Linear(2, 2)
q = p.weight.detach()
print(q.requires_grad, q.is_leaf, p.weight._version, q._version)
q.fill_(0.5)
print(p.weight, p.weight._version)
p.bias.data.zero_()
print(p.bias, p.bias._version)
plain = torch.arange(4.0)
alias = plain.detach()
alias.mul_(3)
print(plain, plain._version)
r = y.detach().requires_grad_()
print(r.requires_grad, r.is_leaf, r.grad_fn, r)
x = torch.ones(2, 2)
x.requires_grad_()
print(x.requires_grad, x.is_leaf, x)
(x * 3).sum().backward()
print(x.grad)
z = torch.arange(3.0)
z.requires_grad = True
print(z)
attempt("requires_grad_ on an int tensor", lambda: torch.arange(3).requires_grad_())

# --- a plain tensor saved by a node, then changed in place
w = torch.ones(3, requires_grad=True)
c = torch.ones(3)
z = w * c
c.add_(1)
attempt("saved plain operand", lambda: z.sum().backward())
c = torch.ones(3, 2)
z = w * c[:, 0]
c.mul_(2)
attempt("saved view of a plain tensor", lambda: z.sum().backward())
y = w.sigmoid()
y.data.zero_()
attempt("write through .data of a saved output", lambda: y.sum().backward())
print(w.grad, y._version)
c = torch.ones(3)
z = w * c
c.detach().add_(1)
attempt("write through detach() of a plain tensor", lambda: z.sum().backward())
c = torch.ones(3)
z = w + c
c.add_(1)
attempt("add saves nothing", lambda: z.sum().backward())
m = torch.ones(2, 3)
z = (torch.ones(3, 2, requires_grad=True) @ m).sum()
m[0, 0] = 5
attempt("saved matmul operand", lambda: z.backward())

# --- grad_fn names of views
y = torch.ones(3, 2, requires_grad=True) * 2
cases = [
    ("y[0]", lambda: y[0]),
    ("y[1:]", lambda: y[1:]),
    ("y[:, 0]", lambda: y[:, 0]),
    ("y[0, 1:]", lambda: y[0, 1:]),
    ("y[None]", lambda: y[None]),
    ("y[..., 0]", lambda: y[..., 0]),
    ("y[:]", lambda: y[:]),
    ("y[0, :]", lambda: y[0, :]),
    ("y[:, :]", lambda: y[:, :]),
    ("y[...]", lambda: y[...]),
    ("y[1:, 0]", lambda: y[1:, 0]),
    ("y[0:3]", lambda: y[0:3]),
    ("y[:, 1:]", lambda: y[:, 1:]),
    ("y[None, 0]", lambda: y[None, 0]),
    ("y[-1]", lambda: y[-1]),
    ("y[::2]", lambda: y[::2]),
    ("y[[0, 1]]", lambda: y[[0, 1]]),
    ("y[y > 0]", lambda: y[y > 0]),
    ("y.view(6)", lambda: y.view(6)),
    ("y.view(-1)", lambda: y.view(-1)),
    ("y.reshape(6)", lambda: y.reshape(6)),
    ("y.reshape(3, 2)", lambda: y.reshape(3, 2)),
    ("y.T.reshape(6)", lambda: y.T.reshape(6)),
    ("y.flatten()", lambda: y.flatten()),
    ("y.T.flatten()", lambda: y.T.flatten()),
    ("y.unsqueeze(0)", lambda: y.unsqueeze(0)),
    ("y.squeeze()", lambda: y.squeeze()),
    ("y.unsqueeze(0).squeeze(0)", lambda: y.unsqueeze(0).squeeze(0)),
    ("y.T", lambda: y.T),
    ("y.t()", lambda: y.t()),
    ("y.transpose(0, 1)", lambda: y.transpose(0, 1)),
    ("y.permute(1, 0)", lambda: y.permute(1, 0)),
    ("y[0].expand(4, 2)", lambda: y[0].expand(4, 2)),
    ("y.narrow(0, 0, 1)", lambda: y.narrow(0, 0, 1)),
    ("y.narrow(0, 0, 3)", lambda: y.narrow(0, 0, 3)),
    ("y.select(1, 0)", lambda: y.select(1, 0)),
    ("y.T.contiguous()", lambda: y.T.contiguous()),
    ("y.clone()", lambda: y.clone()),
    ("y.view(3, 1, 2).squeeze(1)", lambda: y.view(3, 1, 2).squeeze(1)),
    ("y.expand_as(y)", lambda: y.expand_as(y)),
    ("y[0][1]", lambda: y[0][1]),
    ("y.sum(0)", lambda: y.sum(0)),
    ("y.mean()", lambda: y.mean()),
]
for expr, make in cases:
    r = make()
    print(expr, r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
print(y[0])
print(y.T)
print(y.view(-1))
print(y.grad_fn.name(), str(y.grad_fn).startswith("<MulBackward0 object at 0x"), w.grad_fn, torch.ones(2).grad_fn)
v = y[0]
v.mul_(2)
print(v.grad_fn.name(), y.grad_fn.name())
with torch.no_grad():
    print(y[0].grad_fn, y.view(-1).requires_grad)
