#!/usr/bin/python3
"""Momentum trajectories of PyTorch's OneCycleLR with cycle_momentum=True (the default there), for ScheduleTests:
SGD's momentum and Adam's beta1 read before each of 20 steps. Run with /usr/bin/python3 (Debian python3-torch 1.13)."""
import json

import torch


def momentum(make, key, total=20, max_lr=0.5, pct=0.3, base=0.85, top=0.95):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = make([p])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=total, pct_start=pct,
                                                anneal_strategy="cos", cycle_momentum=True,
                                                base_momentum=base, max_momentum=top)
    values = []
    for _ in range(total):
        g = opt.param_groups[0]
        values.append(g["betas"][0] if key == "beta1" else g["momentum"])
        opt.step()
        sched.step()
    return values


fixtures = {
    "sgd_momentum": momentum(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), "momentum"),
    "adam_beta1": momentum(lambda ps: torch.optim.Adam(ps, lr=0.1), "beta1"),
}
with open("one_cycle_momentum.json", "w") as f:
    json.dump(fixtures, f, indent=1)
