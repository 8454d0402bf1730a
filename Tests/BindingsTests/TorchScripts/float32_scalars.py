# Python numbers out of float32 tensors and numpy float32 arrays: the float32 value widened to a double,
# as PyTorch's .item()/.tolist()/float() and numpy's give them.
import torch
import numpy as np

t = torch.tensor(0.1)
print(t.item(), float(t), torch.tensor([0.1]).tolist(), torch.tensor([[0.1, 0.2], [0.3, 1.5]]).tolist())
print((t * 3).item(), (torch.tensor([0.1, 0.2]) + 0.7).tolist(), (torch.tensor(1.0) / 3).item())
x = torch.tensor([0.1, 0.25, 0.7])
print(x[0].item(), x[-1].item(), [v.item() for v in x], [float(v) for v in x], x.sum().item(), x.mean().item())
print(x.max().item(), x.argmax().item(), [round(p, 4) for p in x.softmax(dim=0).tolist()])
print(torch.tensor(2.5).item(), torch.tensor(3).item(), torch.tensor(True).item(), int(torch.tensor(7)))
print(torch.tensor(0.1, dtype=torch.float64).item(), torch.tensor([0.1], dtype=torch.float64).tolist())
print(torch.tensor([0.1], dtype=torch.float16).item(), torch.tensor([0.1], dtype=torch.bfloat16).tolist())
loss = torch.nn.functional.cross_entropy(torch.tensor([[0.3, 1.2, -0.4]]), torch.tensor([1]))
print(round(loss.item(), 4), f"{loss.item():.4f}", f"{loss:.3f}", f"{torch.tensor(0.1)}", f"{torch.tensor([0.25, 0.5]).sum()}")
a = np.array([0.1, 0.2], dtype=np.float32)
print(a.tolist(), float(a[0]), a[1].item(), a, repr(a), a[0], repr(a[0]))
b = np.array([0.1, 0.2])
print(b.tolist(), float(b[0]), b, repr(b[0]))
n = torch.tensor([0.1, 0.5]).numpy()
print(n.tolist(), n[0], repr(n[0]), n)
print(a.astype(np.float64).tolist(), b.astype(np.float32).tolist())
