# Optimizers and schedulers over a tiny classifier: run by lorarepl (TorchSurfaceTests) and once by CPython + PyTorch.
import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import LambdaLR, StepLR, LinearLR, CosineAnnealingLR

def r(xs):
    return [round(float(v), 5) for v in xs]

x = torch.tensor([[1.0, 2.0], [0.5, -1.0], [-0.3, 0.7], [2.0, 0.1]])
y = torch.tensor([0, 1, 1, 0])

def run(make_optimizer, steps, clip):
    w = torch.tensor([[0.5, -0.3], [0.8, 0.1]], requires_grad=True)
    b = torch.tensor([0.1, -0.2], requires_grad=True)
    opt, sched = make_optimizer(w, b)
    for step in range(steps):
        loss = F.cross_entropy(x @ w.T + b, y)
        loss.backward()
        norm = 0.0
        if clip:
            norm = float(torch.nn.utils.clip_grad_norm_([w, b], 0.5))
        opt.step()
        lr = opt.param_groups[0]["lr"]
        if sched is not None:
            sched.step()
        opt.zero_grad()
        print(step, round(loss.item(), 5), round(norm, 5), round(lr, 6), r(w.flatten().tolist()), r(b.tolist()))

def adamw(w, b):
    opt = torch.optim.AdamW([{"params": [w], "weight_decay": 0.1}, {"params": [b], "weight_decay": 0.0}], lr=0.05)
    return opt, LambdaLR(opt, lambda s: min(1.0, (s + 1) / 3))
run(adamw, 6, True)

def adam(w, b):
    opt = torch.optim.Adam([w, b], lr=0.1, weight_decay=0.01, amsgrad=True)
    return opt, StepLR(opt, step_size=2, gamma=0.5)
run(adam, 5, False)

def sgd(w, b):
    opt = torch.optim.SGD([w, b], lr=0.2, momentum=0.9, nesterov=True, weight_decay=0.01)
    return opt, CosineAnnealingLR(opt, T_max=4, eta_min=0.01)
run(sgd, 6, True)

def sgd_plain(w, b):
    opt = torch.optim.SGD([w, b], lr=0.3, momentum=0.5, dampening=0.1)
    return opt, LinearLR(opt, start_factor=0.5, end_factor=1.0, total_iters=3)
run(sgd_plain, 5, False)

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.AdamW([w], lr=0.01)
print(sorted(opt.param_groups[0].keys())[:6], opt.param_groups[0]["weight_decay"])
w.grad = torch.tensor([0.5])
opt.step()
state = opt.state_dict()
print(sorted(state["state"][0].keys()), float(state["state"][0]["step"]), r(state["state"][0]["exp_avg"].tolist()), state["param_groups"][0]["params"])
opt.zero_grad(set_to_none=False)
print(w.grad.tolist())
opt.zero_grad()
print(w.grad is None)
sched = CosineAnnealingLR(opt, T_max=3)
lrs = []
for i in range(8):
    opt.step()
    sched.step()
    lrs.append(round(sched.get_last_lr()[0], 8))
print(lrs)
