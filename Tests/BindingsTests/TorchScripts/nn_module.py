# nn.Module subclasses, Sequential, ModuleList, Parameter and activation layers, trained by hand:
# run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch (nn_module.expected).
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class MLP(nn.Module):
    def __init__(self, d_in, d_hidden, d_out):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(d_hidden, d_out)
        self.dropout = nn.Dropout(0.0)
        self.scale = nn.Parameter(torch.ones(1))
        self.not_a_parameter = torch.zeros(2)

    def forward(self, x):
        return self.fc2(self.dropout(self.act(self.fc1(x)))) * self.scale


model = MLP(4, 8, 3)
print(model)
print([(name, tuple(p.shape)) for name, p in model.named_parameters()])
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
print(list(model.state_dict().keys()))
print([name for name, _ in model.named_children()])
print(model.training, model.fc1.training)
model.eval()
print(model.training, model.fc1.training, model.dropout.training)
model.train()
print(isinstance(model, nn.Module), type(model.scale).__name__)

x = torch.tensor([[0.5, -1.0, 2.0, 0.1], [1.5, 0.2, -0.3, 0.0], [-0.7, 0.9, 0.4, 1.1],
                  [0.0, -0.5, -1.2, 0.8], [2.0, 1.0, 0.0, -1.0], [-1.5, 0.3, 0.6, 0.2]])
y = torch.tensor([0, 1, 2, 0, 1, 2])
optimizer = torch.optim.AdamW(model.parameters(), lr=0.05)
for step in range(30):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    if step % 10 == 0 or step == 29:
        print(step, round(loss.item(), 4))
with torch.no_grad():
    predictions = model(x).argmax(dim=-1)
print(predictions.tolist(), round(model.scale.item(), 4))

head = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Dropout(0.1), nn.Linear(5, 2), nn.LogSoftmax(dim=-1))
print(head)
print(len(head), type(head[0]).__name__, type(head[-1]).__name__)
print(head[:2])
head.eval()
out = head(torch.tensor([[1.0, 2.0, 3.0]]))
print([round(v, 4) for v in out.exp().sum(dim=-1).tolist()])


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
        self.norm_free = nn.Identity()

    def forward(self, x):
        for block in self.blocks:
            x = torch.tanh(block(x))
        return self.norm_free(x)


stack = Stack()
print(stack)
print(len(list(stack.parameters())), [n for n, _ in stack.named_modules()])
print([round(v, 4) for v in stack(torch.tensor([[1.0, -1.0]])).flatten().tolist()])
state = {k: v.clone() for k, v in stack.state_dict().items()}
for p in stack.parameters():
    p.data.zero_()
print(stack.load_state_dict(state))
print([round(v, 4) for v in stack(torch.tensor([[1.0, -1.0]])).flatten().tolist()])
stack.requires_grad_(False)
print(any(p.requires_grad for p in stack.parameters()))


class NoForward(nn.Module):
    pass


try:
    NoForward()(torch.zeros(1))
except NotImplementedError as error:
    print("NotImplementedError:", error)
