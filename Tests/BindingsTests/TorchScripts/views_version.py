# Views share their base's values (basic indexing, view/reshape, squeeze/unsqueeze, T/transpose/permute,
# narrow, select, expand); advanced indexing copies; PyTorch's version counter makes backward() refuse a
# graph whose saved values were written in place. Run by lorarepl (TorchSurfaceTests) and once by CPython +
# PyTorch. Values to 4 decimals.
import torch


def show(name, t):
    print(name, [round(v, 4) + 0.0 for v in t.reshape(-1).tolist()], list(t.shape))


def attempt(name, f):
    try:
        f()
        print(name, "ok")
    except Exception as e:
        print(name, type(e).__name__, str(e).split("\n")[0])


# writes through views show in the base, and the other way
t = torch.arange(12.0).reshape(3, 4)
v = t[0]
v[0] = 100
show("row view write", t)
t[0, 1] = -5
show("base write seen by view", v)
c = t[:, 1]
c += 1
show("column view +=", t)
s = t[1:, ::2]
s.mul_(2)
show("strided slice mul_", t)
show("slice after", s)
w = t.view(-1)
w[-1] = 42
show("view(-1) write", t)
r = t.reshape(4, 3)
r[0].fill_(7)
show("reshape write", t)
u = t.unsqueeze(0)
u[0, 2, 0] = 9
show("unsqueeze write", t)
q = u.squeeze(0)
q.zero_()
show("squeeze zero_", t)
a = torch.arange(6.0).reshape(2, 3)
at = a.T
at[0, 1] = 50
show("T write", a)
print("T contiguous", at.is_contiguous(), a.is_contiguous())
tr = a.transpose(0, 1)
tr[2].copy_(torch.tensor([-1.0, -2.0]))
show("transpose copy_", a)
n = a.narrow(1, 1, 2)
n.add_(10)
show("narrow add_", a)
sel = a.select(0, 1)
sel[0] = 3
show("select write", a)
b = torch.zeros(2, 3, 4)
p = b.permute(2, 0, 1)
p[1, 0, 2] = 1
show("permute write", b)
e = torch.tensor([1.0, 2.0]).unsqueeze(1).expand(2, 3)
show("expand", e)
attempt("expand write", lambda: e.add_(1))
for row in a:
    row[0] = 0
show("for row in t", a)
i = torch.arange(5)
i[1:3] = torch.tensor([8, 9])
print("int slice assign", i.tolist())

# advanced indexing copies
m = torch.arange(6.0)
g = m[[0, 2]]
g[0] = 99
show("index list copy", m)
k = m[m > 2]
k.fill_(0)
show("mask copy", m)
h = m[torch.tensor([1, 3])]
h += 5
show("index tensor copy", m)

# view errors and copies
attempt("view of transposed", lambda: torch.arange(6.0).reshape(2, 3).T.view(-1))
print("reshape of transposed", torch.arange(6.0).reshape(2, 3).T.reshape(-1).tolist())
print("contiguous", torch.arange(6.0).reshape(2, 3).T.contiguous().view(-1).tolist())

# versions
x = torch.ones(3)
print("version", x._version)
x.add_(1)
x[0] = 2
xv = x[1:]
xv.mul_(3)
print("version after 3 writes", x._version, xv._version)

# autograd through views
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = x * 2
v = y[0]
v[1] = 10
(y * y).sum().backward()
show("view write grad", x.grad)
show("y after view write", y)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = x * 1
z = y.T
(z[0] * torch.tensor([1.0, 5.0])).sum().backward()
show("T grad", x.grad)
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x.exp()
r = y.view(3, 1)
(r * 2).sum().backward()
show("view grad", x.grad)

# in-place on a leaf / a view of a leaf
leaf = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
attempt("leaf add_", lambda: leaf.add_(1))


def leaf_setitem():
    leaf[0] = 7.0


attempt("leaf setitem", leaf_setitem)
lv = leaf[0]
attempt("view of leaf mul_", lambda: lv.mul_(2))
with torch.no_grad():
    lv.mul_(2)
show("no_grad view of leaf", leaf)


# the version counter
def exp_then_write():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.exp()
    y[0] = 0
    y.sum().backward()


def saved_input_add_():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    z = y * y
    y.add_(1)
    z.sum().backward()


def add_needs_nothing():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    z = y + 1
    y.add_(1)
    z.sum().backward()
    show("add grad", x.grad)


def leaf_under_no_grad():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    with torch.no_grad():
        w.add_(1)
    y.backward()


def sigmoid_twice():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.sigmoid()
    y.mul_(2)
    y.mul_(3)
    y.sum().backward()


def tanh_iadd():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.tanh()
    y += 1
    y.sum().backward()


def matmul_setitem():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x * 1
    w = torch.ones(2, 2, requires_grad=True)
    z = y @ w
    y[0, 0] = 5
    z.sum().backward()


def view_saved_base_written():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x * 1
    v = y[0]
    z = (v * v).sum()
    y[0, 0] = 5
    z.backward()


def pow_zero_():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x2 = x * 1
    z = x2 ** 2
    x2.zero_()
    z.sum().backward()


def softmax_write():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    z = (x * 1).softmax(0)
    z[0] = 1
    z.sum().backward()


def log_fill_():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    z = y.log()
    y.fill_(2)
    z.sum().backward()


def relu_write():
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    z = (x * 1).relu()
    z[0] = 0
    z.sum().backward()


def view_exp_base_mul_():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x * 1
    z = y[0].exp()
    y.mul_(2)
    z.sum().backward()
    show("exp of view grad", x.grad)


def clone_first():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.exp()
    y2 = y.clone()
    y2[0] = 0
    y2.sum().backward()
    show("clone grad", x.grad)


for f in [exp_then_write, saved_input_add_, add_needs_nothing, leaf_under_no_grad, sigmoid_twice, tanh_iadd,
          matmul_setitem, view_saved_base_written, pow_zero_, softmax_write, log_fill_, relu_write,
          view_exp_base_mul_, clone_first]:
    attempt(f.__name__, f)

# view() of a non-contiguous tensor where PyTorch's stride rules allow it (a view sharing values), its error
# where a new dimension would span two non-contiguous chunks; reshape gives a view in the same cases.
t3 = torch.arange(24.0).reshape(2, 3, 4)
sl = t3[:, 1:, :]
show("slice view(2, 8)", sl.view(2, 8))
attempt("slice view(4, 4)", lambda: sl.view(4, 4))
show("slice view(2, 2, 2, 2)", sl.view(2, 2, 2, 2))
attempt("permute view(3, 8)", lambda: t3.permute(1, 0, 2).view(3, 8))
show("permute view(3, 2, 2, 2)", t3.permute(1, 0, 2).view(3, 2, 2, 2)[1, 0])
attempt("transpose view(2, 12)", lambda: t3.transpose(1, 2).view(2, 12))
show("transpose view(2, 4, 3, 1)", t3.transpose(1, 2).view(2, 4, 3, 1))
show("step view(2, 3, 2, 1)", t3[..., ::2].view(2, 3, 2, 1)[1, 2])
show("step view(12)", t3[..., ::2].view(12))
w = sl.view(2, 8)
w[1, 0] = -1
show("write through a view of a slice", t3[1, 1])
print("its contiguity", w.is_contiguous(), sl.is_contiguous())
r = t3.transpose(0, 1).reshape(3, 2, 2, 2)
r[0, 0, 0, 0] = -7
print("reshape of a transpose is a view", t3[0, 0, 0].item())
