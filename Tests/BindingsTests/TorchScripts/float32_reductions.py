# float32 sum / mean / softmax / log_softmax of plain tensors, printed with every digit (tolist()):
# equal only when lorarepl adds in PyTorch's order (ATen cascade_sum, the vectorised softmax kernel).
import torch

x = torch.tensor([[0.3, 1.2, -0.7, 2.5, 0.1], [1.0, -2.0, 0.5, 0.25, 3.0]])
p = torch.softmax(x, 1)
print(p.sum(1))
print(p.sum(1).tolist())
print(torch.softmax(x, dim=0).sum(0))
logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0]])
probs = logits.softmax(dim=-1)
print(probs)
print(probs.sum(dim=-1))
print(probs.max(dim=-1).values.mean())
print(torch.log_softmax(logits, dim=-1))

g = torch.Generator().manual_seed(7)
state = 12345


def draw(n):
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return state % n


def sample(values):
    flat = values.flatten()
    return flat[::max(1, flat.numel() // 24)].tolist()


sizes = [1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 33, 64, 70, 130]
cases = 0
while cases < 120:
    rank = 1 + draw(3)
    shape = [sizes[draw(len(sizes))] for _ in range(rank)]
    count = 1
    for s in shape:
        count *= s
    if count > 6000:
        continue
    cases += 1
    t = (torch.rand(*shape, generator=g) * 8 - 4) * (2.0 ** (draw(7) - 3))
    k = draw(rank + 1)
    if k == 0:
        print("sum", shape, "all", t.sum().tolist(), t.mean().tolist())
        continue
    dims = []
    while len(dims) < k:
        d = draw(rank)
        if d not in dims:
            dims.append(d)
    dims = tuple(sorted(dims))
    print("sum", shape, dims, sample(t.sum(dim=dims)))
    print("mean", shape, dims, sample(t.mean(dim=dims, keepdim=True)))
    d = draw(rank)
    print("softmax", shape, d, sample(t.softmax(dim=d)))
    if d == rank - 1:
        print("log_softmax", shape, d, sample(torch.log_softmax(t, dim=d)))
