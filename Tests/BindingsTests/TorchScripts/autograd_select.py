# Autograd through indexing, masks, masked_fill, where, gather, expand, clamp, max: run by lorarepl
# (TorchSurfaceTests) and once by CPython + PyTorch. Values and gradients to 5 decimals.
import torch


def show(name, t):
    print(name, [round(v, 5) + 0.0 for v in t.reshape(-1).tolist()], list(t.shape))


def leaf():
    return torch.tensor([[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.5, 3.0], [-2.0, 1.0, 0.75, -0.25]], requires_grad=True)


x = leaf()
w = torch.tensor([0.3, -0.2, 0.1, 0.4, -0.6, 0.7, 0.2, -0.1, 0.5, 0.9, -0.8, 0.6]).reshape(3, 4)

# integer, slice, negative, None, step slices
for name, pick in [("row", lambda t: t[1]), ("col", lambda t: t[:, 0]), ("last", lambda t: t[-1, 1:3]),
                   ("step", lambda t: t[::2, 1::2]), ("none", lambda t: t[None, 1, :2]), ("elem", lambda t: t[2, -1])]:
    x = leaf()
    y = pick(x)
    show(name, y)
    (y * y).sum().backward()
    show(name + ".grad", x.grad)

# index lists and tensors (repeats accumulate), advanced indices mixed with slices
for name, pick in [("list", lambda t: t[[2, 0, 2]]), ("tensor", lambda t: t[torch.tensor([1, 1])]),
                   ("pairs", lambda t: t[torch.arange(3), torch.tensor([3, 0, 1])]),
                   ("cols", lambda t: t[:, [0, 2]]), ("apart", lambda t: t[[0, 2], 1:3]),
                   ("grid", lambda t: t[torch.tensor([[0], [2]]), torch.tensor([1, 3])])]:
    x = leaf()
    y = pick(x)
    show(name, y)
    (y * torch.arange(y.numel()).reshape(y.shape).float()).sum().backward()
    show(name + ".grad", x.grad)

# boolean masks: full shape, leading dimensions (logits[labels != -100])
x = leaf()
y = x[x > 0.6]
show("mask", y)
y.sum().backward()
show("mask.grad", x.grad)
labels = torch.tensor([2, -100, 0])
x = leaf()
kept = x[labels != -100]
show("rows", kept)
loss = torch.nn.functional.cross_entropy(kept, labels[labels != -100])
print("ce", round(loss.item(), 5))
loss.backward()
show("rows.grad", x.grad)

# masked_fill (finite and -inf), where with both branches tracked, where(cond) indices
x = leaf()
mask = torch.tensor([[False, True, False, False], [False, False, False, True], [True, False, False, False]])
filled = x.masked_fill(mask, -1e4)
show("fill", filled)
filled.softmax(dim=-1)[:, 0].sum().backward()
show("fill.grad", x.grad)
x = leaf()
row_mask = torch.tensor([1, 1, 0, 1])
scores = x.masked_fill(row_mask == 0, float("-inf"))
probs = torch.softmax(scores, dim=-1)
show("inf", probs)
(probs * w).sum().backward()
show("inf.grad", x.grad)
x = leaf()
v = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
z = torch.where(x > 0, x * 2, v)
show("where", z)
(z * w).sum().backward()
show("where.x", x.grad)
show("where.v", v.grad)
x = leaf()
z = torch.where(x < 0, 0.0, x)
(z * z).sum().backward()
show("relu.grad", x.grad)
rows, cols = torch.where(leaf() > 1)
print("nonzero", rows.tolist(), cols.tolist())

# gather (token log-probs), cat / stack of picks
x = leaf()
logp = torch.log_softmax(x, dim=-1)
picked = logp.gather(-1, torch.tensor([[1], [3], [0]])).squeeze(-1)
show("gather", picked)
(-picked.mean()).backward()
show("gather.grad", x.grad)
x = leaf()
y = torch.gather(x, 0, torch.tensor([[2, 0, 1, 1]]))
y.sum().backward()
show("gather0.grad", x.grad)
x = leaf()
joined = torch.cat([x[:, :1], x[:, 3:] * 2], dim=1)
stacked = torch.stack([x[0], x[2]], dim=0)
(joined.sum() + (stacked * stacked).sum()).backward()
show("catstack.grad", x.grad)

# max / min along a dim and overall (ties share the gradient), clamp
x = leaf()
values, indices = x.max(dim=1)
show("max", values)
print("argmax", indices.tolist())
(values * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
show("max.grad", x.grad)
x = leaf()
lo, where_lo = x.min(dim=0, keepdim=True)
show("min", lo)
lo.sum().backward()
show("min.grad", x.grad)
t = torch.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
t.max().backward()
show("tie.grad", t.grad)
x = leaf()
c = x.clamp(min=-0.5, max=1.0)
show("clamp", c)
(c * w).sum().backward()
show("clamp.grad", x.grad)

# mean pooling as sentence-transformers writes it
hidden = torch.tensor([[[0.1, 0.2], [0.3, -0.4], [9.0, 9.0]], [[0.5, 0.6], [-0.7, 0.8], [0.9, -1.0]]], requires_grad=True)
attention_mask = torch.tensor([[1, 1, 0], [1, 1, 1]])
expanded = attention_mask.unsqueeze(-1).expand(hidden.size()).float()
pooled = torch.sum(hidden * expanded, 1) / torch.clamp(expanded.sum(1), min=1e-9)
show("pooled", pooled)
(pooled * torch.tensor([[1.0, -1.0], [2.0, 0.5]])).sum().backward()
show("pooled.grad", hidden.grad)
hidden.grad = None
masked = hidden.masked_fill(~attention_mask.bool().unsqueeze(-1), 0.0)
pooled = masked.sum(dim=1) / attention_mask.sum(dim=1, keepdim=True)
show("pooled2", pooled)
(pooled * pooled).sum().backward()
show("pooled2.grad", hidden.grad)
maxpool = hidden.masked_fill(attention_mask.unsqueeze(-1) == 0, -1e9).max(dim=1).values
show("maxpool", maxpool)
maxpool.sum().backward()
show("maxpool.grad", hidden.grad)
print(len(x.max(dim=0)), x.max(dim=0)[1].tolist(), x.min(dim=1).indices.tolist())
