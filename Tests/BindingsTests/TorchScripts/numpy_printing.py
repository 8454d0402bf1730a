# numpy arrays print as numpy does (str and repr, ints, floats, bools, 2-D/3-D, wrapping, summaries, dtype
# suffixes), tensors as torch; run by lorarepl (TorchSurfaceTests) and once by CPython + numpy + PyTorch.
import numpy as np
import torch

cases = [
    np.array([0, 0]),
    np.array([1, -2, 10]),
    np.array([0.5, 1.0, 2.25]),
    np.array([1.0, 2.0, 3.0]),
    np.array([-1.5, 2.0]),
    np.array([0.1, 0.2, 0.3]),
    np.array([1.0 / 3, 2.0 / 3]),
    np.array([1e-5, 1.0]),
    np.array([1e10, 2.0]),
    np.array([123456.789, 0.5]),
    np.array([0.0, 0.0]),
    np.array([True, False, True]),
    np.array([[1, 2], [3, 4]]),
    np.array([[0.5, -1.25], [3.0, 4.125]]),
    np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]),
    np.array([]),
    np.arange(40),
    np.arange(2000),
    np.array([[0.1, 0.9], [0.8, 0.2], [0.35, 0.65]]),
    np.zeros((2, 3)),
    np.ones(4),
    np.array([float("nan"), 1.0, float("inf")]),
    np.array([-float("inf"), 2.5]),
    np.array([1, 2, 3]) * 2,
    np.array([1, 2, 3]) / 2,
    np.array([1.5, 2.5]) > 2,
    np.argmax(np.array([[0.1, 0.9], [0.8, 0.2]]), axis=-1),
    np.array([[0.1, 0.9], [0.8, 0.2]])[0],
    np.array([0.123456789, 12.5]),
    np.array([100.0, 0.001]),
    np.exp(np.array([0.0, 1.0])),
    np.arange(30).reshape(3, 10) * 1000,
    np.where(np.array([1, 0, 3]) > 0),
    torch.tensor([0.1, 0.25]).numpy(),
    torch.tensor([[1.5, -2.0], [0.0, 3.0]]).numpy(),
    torch.tensor([1, 2]).numpy(),
    torch.tensor([0.1, 0.2, 1.5, -3.25]).numpy(),
    np.array([0.5, 2.0]).mean(),
    np.array([1, 2, 3]).sum(),
    np.float64(0.1) if False else np.array([0.25])[0],
]
for a in cases:
    print(a)
    print(repr(a))
x = torch.tensor([3.0, 4.0]).numpy()
x[0] = 7
print(x, x.shape, x.dtype)
