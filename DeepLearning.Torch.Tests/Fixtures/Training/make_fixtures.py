"""Reference values for the Training tests, computed with PyTorch 1.13 (/usr/bin/python3).

Run from this directory:  /usr/bin/python3 make_fixtures.py
Writes losses.json (inputs + expected losses) and schedules.json (learning-rate sequences) and optimizers.json.
Loss convention of DeepLearning.Torch: batch loss = sum_i(w_i * l_i) / B (Keras "sum over batch size").
"""
import json
import math

import torch

torch.manual_seed(1234)
B, C, D = 6, 4, 3


def t(x):
    return x.double().tolist()


def weighted(per_sample, w):
    return float((per_sample * w).mean())


w = torch.rand(B, dtype=torch.float64) + 0.5
cases = {"weights": t(w)}

# Regression: MSE, MAE on [B, D]
pred = torch.randn(B, D, dtype=torch.float64)
target = torch.randn(B, D, dtype=torch.float64)
cases["regression"] = {"prediction": t(pred), "target": t(target)}
mse = torch.nn.functional.mse_loss(pred, target, reduction="none").mean(1)
mae = torch.nn.functional.l1_loss(pred, target, reduction="none").mean(1)
cases["mse"] = {"unweighted": float(mse.mean()), "weighted": weighted(mse, w)}
cases["mae"] = {"unweighted": float(mae.mean()), "weighted": weighted(mae, w)}

# Binary cross-entropy on logits and on probabilities, [B, 1] outputs, [B] 0/1 targets.
logits = torch.randn(B, 1, dtype=torch.float64) * 2
ybin = torch.tensor([1, 0, 1, 1, 0, 0], dtype=torch.float64)
probs = torch.sigmoid(logits)
bce_logits = torch.nn.functional.binary_cross_entropy_with_logits(logits.squeeze(1), ybin, reduction="none")
bce_probs = torch.nn.functional.binary_cross_entropy(probs.clamp(1e-7, 1 - 1e-7).squeeze(1), ybin, reduction="none")
cases["binary"] = {"logits": t(logits), "probabilities": t(probs), "target": t(ybin)}
cases["bce_logits"] = {"unweighted": float(bce_logits.mean()), "weighted": weighted(bce_logits, w)}
cases["bce_probabilities"] = {"unweighted": float(bce_probs.mean()), "weighted": weighted(bce_probs, w)}

# Categorical: logits [B, C], integer targets and one-hot targets.
clogits = torch.randn(B, C, dtype=torch.float64)
cls = torch.tensor([0, 3, 1, 2, 3, 0])
onehot = torch.nn.functional.one_hot(cls, C).double()
cprobs = torch.softmax(clogits, 1)
cce = torch.nn.functional.cross_entropy(clogits, cls, reduction="none")
cce_p = -(onehot * cprobs.clamp(1e-7, 1).log()).sum(1)
nll = torch.nn.functional.nll_loss(torch.log_softmax(clogits, 1), cls, reduction="none")
cases["categorical"] = {"logits": t(clogits), "probabilities": t(cprobs), "log_probabilities": t(torch.log_softmax(clogits, 1)),
                        "classes": cls.tolist(), "one_hot": t(onehot)}
cases["cce_logits"] = {"unweighted": float(cce.mean()), "weighted": weighted(cce, w)}
cases["cce_probabilities"] = {"unweighted": float(cce_p.mean()), "weighted": weighted(cce_p, w)}
cases["nll"] = {"unweighted": float(nll.mean()), "weighted": weighted(nll, w)}
# Class weights: per-sample weight = class_weight[class]; same convention sum(w*l)/B.
class_weights = torch.tensor([1.0, 2.0, 0.5, 3.0], dtype=torch.float64)
cases["class_weights"] = t(class_weights)
cases["cce_logits_class_weighted"] = float((cce * class_weights[cls]).mean())

# KL divergence KL(target || prediction), rows are distributions.
p_target = torch.softmax(torch.randn(B, C, dtype=torch.float64), 1)
p_target[0, 1] = 0.0
p_target[0] /= p_target[0].sum()
kl = torch.nn.functional.kl_div(cprobs.log(), p_target, reduction="none").sum(1)
cases["kl"] = {"prediction": t(cprobs), "target": t(p_target), "unweighted": float(kl.mean()), "weighted": weighted(kl, w)}

# Chi-square with covariance V: r^T V^-1 r.
a = torch.randn(D, D, dtype=torch.float64)
V = a @ a.T + D * torch.eye(D, dtype=torch.float64)
r = pred - target
chi2 = torch.einsum("bi,ij,bj->b", r, torch.linalg.inv(V), r)
cases["chi_square"] = {"covariance": t(V), "unweighted": float(chi2.mean()), "weighted": weighted(chi2, w)}

with open("losses.json", "w") as f:
    json.dump(cases, f, indent=1)

# Schedules: learning rate per epoch (PyTorch schedulers), epoch e = 1..E uses the rate after e-1 scheduler steps.
def per_epoch(make, epochs, lr0=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr0)
    sched = make(opt)
    rates = []
    for _ in range(epochs):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return rates


def one_cycle(total, max_lr=0.5, pct=0.3):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=total, pct_start=pct,
                                                cycle_momentum=False, anneal_strategy="cos")
    rates = []
    for _ in range(total):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return rates


schedules = {
    "step": per_epoch(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10),
    "exponential": per_epoch(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.8), 10),
    "cosine": per_epoch(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 10),
    "one_cycle": one_cycle(20),
}
with open("schedules.json", "w") as f:
    json.dump(schedules, f, indent=1)

# Optimizers: 5 full-batch steps on a fixed linear least-squares problem; final weights.
X = torch.randn(16, 3, dtype=torch.float32)
Y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
W0 = torch.randn(1, 3, dtype=torch.float32) * 0.1
b0 = torch.zeros(1, dtype=torch.float32)
opt_cases = {"x": X.tolist(), "y": Y.tolist(), "w0": W0.tolist(), "b0": b0.tolist(), "steps": 5, "results": {}}
makers = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.05),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.05),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.01),
    "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=0.01),
    "adagrad": lambda ps: torch.optim.Adagrad(ps, lr=0.1),
    "adadelta": lambda ps: torch.optim.Adadelta(ps, lr=1.0),
}
for name, make in makers.items():
    lin = torch.nn.Linear(3, 1)
    with torch.no_grad():
        lin.weight.copy_(W0)
        lin.bias.copy_(b0)
    opt = make(list(lin.parameters()))
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = ((lin(X) - Y) ** 2).mean()
        losses.append(float(loss))
        loss.backward()
        opt.step()
    opt_cases["results"][name] = {"weight": lin.weight.detach().tolist(), "bias": lin.bias.detach().tolist(), "losses": losses}
with open("optimizers.json", "w") as f:
    json.dump(opt_cases, f, indent=1)
print("wrote losses.json, schedules.json, optimizers.json")
