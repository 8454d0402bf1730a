# torch.manual_seed drives one stream, as PyTorch's CPU generator: randperm, randint, rand, randn (scalar
# draws below 16 values with the cached Box-Muller pair, normal_fill from 16), their _like forms, a
# generator= keyword, and a DataLoader without a generator drawing its seed from the same stream. normal_fill's
# values (16 or more) to 4 decimals: PyTorch computes them with float32 Sleef log/cos/sin (a few 1e-7 apart).
# Run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch.
import torch
from torch.utils.data import DataLoader


def r(t, digits=5):
    return [round(v, digits) for v in t.flatten().tolist()]


torch.manual_seed(0)
print(r(torch.rand(5)))
print(torch.randperm(7).tolist(), torch.randint(0, 10, (6,)).tolist())
print(r(torch.randn(3)), r(torch.randn(3)))
print(r(torch.randn(2, 2)))
print(r(torch.rand(2, 3)))
torch.manual_seed(0)
print(r(torch.randn(16), 4))
print(r(torch.randn(4, 5), 4))
print(r(torch.randn(37), 4))
print(torch.randint(-5, 5, (2, 3)).tolist(), torch.randint(3, 2**40, (2,)).tolist())
torch.manual_seed(123)
x = torch.zeros(3, 2)
print(r(torch.randn_like(x)), r(torch.rand_like(x)))
print([b.tolist() for b in DataLoader(list(range(9)), batch_size=4, shuffle=True)])
print(r(torch.randn(5)))
g = torch.Generator().manual_seed(42)
print(r(torch.randn(4, generator=g)), r(torch.rand(3, generator=g)), torch.randperm(5, generator=g).tolist())
torch.manual_seed(7)
a = torch.randn(20)
torch.manual_seed(7)
print(torch.equal(a, torch.randn(20)), torch.initial_seed())
print(torch.randn(2, 3, requires_grad=True).requires_grad, torch.rand(3).dtype, torch.randn(2, 3).shape == (2, 3))
