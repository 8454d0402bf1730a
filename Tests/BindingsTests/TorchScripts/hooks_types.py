# Gradient hooks, retain_grad, grad_fn.next_functions, .data's own version counter, and type() of
# library objects, as PyTorch 2.15 / transformers 5.25 print them.
import torch
from torch import nn
import numpy as np


def nodes(fn):
    return [(None if f is None else type(f).__name__, i) for f, i in fn.next_functions]


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
z = (y * y).sum()
print(z.grad_fn.name(), nodes(z.grad_fn))
mul = z.grad_fn.next_functions[0][0]
print(mul.name(), nodes(mul))
leaf = y.grad_fn.next_functions[0][0]
print(type(leaf).__name__, leaf.name(), leaf.variable is x or torch.equal(leaf.variable, x))
print(nodes(y.grad_fn))

# hooks: seen gradients, a replacement, retain_grad on a non-leaf
seen = []
h1 = y.register_hook(lambda g: seen.append(g.tolist()))
h2 = x.register_hook(lambda g: g * 10)
y.retain_grad()
print(y.retains_grad, x.retains_grad, y.is_leaf)
z.backward()
print(seen)
print(y.grad)
print(x.grad)
h1.remove()
h2.remove()
x.grad = None
w = torch.tensor([0.5, -1.0], requires_grad=True)
out = (w * torch.tensor([3.0, 4.0])).sum()
hh = w.register_hook(lambda g: None)
out.backward()
print(w.grad)
try:
    torch.tensor([1.0, 2.0]).register_hook(lambda g: g)
except RuntimeError as e:
    print("RuntimeError:", e)

# hidden states of a small net: retain_grad + a hook that clips
lin = nn.Linear(3, 2)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
    lin.bias.fill_(0.05)
inp = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
hidden = lin(inp)
hidden.retain_grad()
act = torch.relu(hidden)
act.register_hook(lambda g: g.clamp(max=0.3))
loss = (act ** 2).sum()
loss.backward()
print(hidden.grad)
print(lin.weight.grad)

# .data of a plain tensor has a version counter of its own
c = torch.tensor([1.0, 2.0, 3.0])
v = torch.tensor([0.5, 0.5, 0.5], requires_grad=True)
prod = v * c
d = c.data
d.add_(1)
print(c, c._version, d._version, d is c)
prod.sum().backward()
print("backward ran:", v.grad is not None)
c.add_(1)
print(c._version, d)

# type() of library objects
t = torch.zeros(2, 3)
for obj in [t.shape, t, nn.Parameter(t), torch.device("cpu"), nn.Linear(2, 2), nn.Dropout(0.1), np.zeros(2),
            torch.optim.SGD([nn.Parameter(t)], lr=0.1), torch.optim.AdamW([nn.Parameter(t)]),
            nn.CrossEntropyLoss(), torch.utils.data.TensorDataset(t), torch.utils.data.DataLoader([1, 2])]:
    print(type(obj))
print(type(t.shape).__name__, type(t).__name__, isinstance(t.shape, tuple), type(t.shape) == type(torch.Size([1])))
for cls in [nn.Module, nn.Sequential, nn.ModuleList, nn.ReLU, nn.GELU, nn.Softmax, nn.Identity, nn.Flatten,
            torch.utils.data.Dataset]:
    print(cls)
print(type(nn.ReLU()), type(nn.Sequential(nn.Tanh())), type(nn.Identity()))
