# torch.save / torch.load and object identity: one tensor saved twice comes back as one object (pickle's
# memo), tensors sharing a storage share values, a parameter's views are views of the loaded parameter.
import os
import tempfile
import torch
import torch.nn as nn

folder = tempfile.mkdtemp()
t = torch.tensor([1.0, 2.0, 3.0, 4.0])
path = os.path.join(folder, "twice.pt")
torch.save({"a": t, "b": t, "view": t[1:3], "list": [t, t]}, path)
d = torch.load(path)
print(d["a"] is d["b"], d["list"][0] is d["a"], d["list"][1] is d["list"][0], d["view"] is d["a"])
d["a"].add_(10)
print(d["b"], d["view"], d["list"][1])

shared = [1, 2]
path2 = os.path.join(folder, "lists.pt")
torch.save({"x": shared, "y": shared}, path2)
e = torch.load(path2)
print(e["x"] is e["y"], e)

layer = nn.Linear(3, 2, bias=False)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
path3 = os.path.join(folder, "param.pt")
torch.save({"w": layer.weight, "row": layer.weight[1]}, path3)
f = torch.load(path3)
print(type(f["w"]).__name__, f["w"].requires_grad, type(f["row"]).__name__, f["row"].requires_grad)
with torch.no_grad():
    f["w"].mul_(2)
print(f["row"], f["row"].is_leaf, f["row"]._base is None)
