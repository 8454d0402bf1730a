# "PyTorch basics" tutorial: a tiny model trained by hand, printing its parameters, predictions and losses
# each epoch as tutorials do (tensors printed whole, with their autograd suffixes).
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.tensor([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [4.0, 3.0], [-1.0, -2.0], [-2.0, -1.0]])
y = torch.tensor([1, 1, 1, 1, 0, 0])
model = nn.Linear(2, 2)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.1, -0.2], [0.3, 0.05]]))
    model.bias.fill_(0.0)
print(model.weight)
print(model.bias)
print(model.weight.data, model.weight.grad)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(3):
    logits = model(x)
    loss = loss_fn(logits, y)
    print(f"epoch {epoch}: loss = {loss:.4f}")
    print("loss tensor:", loss)
    optimizer.zero_grad()
    loss.backward()
    print(model.weight.grad)
    optimizer.step()
print(model.weight, model.bias)
print(model.state_dict()["weight"])
with torch.no_grad():
    logits = model(x)
    probs = torch.softmax(logits, dim=1)
print(logits)
print(probs)
print(probs.argmax(dim=1), y)
print(torch.tensor([5.0, 6.0], requires_grad=True) * 2)
h = model(x)
print(h[:2].sum(), h.mean(), h.relu().max())
w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
pred = x @ w + b
print(w, b, pred)
mse = ((pred - y.float()) ** 2).mean()
print(mse)
