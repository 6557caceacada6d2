#!/usr/bin/python3
"""PyTorch peer of bench/Suite (train, infer, info): the same models, batch, optimizer and data as ours.
Data is one tensor, shuffled each epoch with randperm + index_select; Adam(1e-3); torch.set_num_threads(--threads).
usage: torch_peer.py train --model fc|cnn|dense --batch B --images N --epochs E --threads T [--data DIR]
       torch_peer.py infer --model fc|cnn|dense --images N --repeats R --threads T [--data DIR]
       torch_peer.py info --threads T"""
import os
import sys
import time

import numpy as np
import torch
from torch import nn

from common import finish, options

case, opt = options(sys.argv)
threads = int(opt.get("threads", os.cpu_count()))
torch.set_num_threads(threads)


def load(model, images, data):
    """CIFAR-10 training images as float32 in [0, 1] (N, 3, 32, 32) and int64 labels; or synthetic jets (N, 200, 4)."""
    if model == "dense":
        g = torch.Generator().manual_seed(7)
        return torch.randn(images, 200, 4, generator=g), torch.randint(0, 2, (images,), generator=g).float()
    files = (images + 9999) // 10000
    raw = np.concatenate([np.fromfile(os.path.join(data, f"data_batch_{i}.bin"), np.uint8).reshape(-1, 3073)
                          for i in range(1, files + 1)])[:images]
    x = torch.from_numpy(raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255)
    return x, torch.from_numpy(raw[:, 0].astype(np.int64))


def build(name):
    """The lecture models (Keras preset: Glorot-uniform kernels, zero biases) and the top-tagging DNN."""
    torch.manual_seed(1)
    if name == "fc":
        layers = [nn.Flatten(), nn.Linear(3072, 256), nn.ReLU(), nn.Dropout(0.3),
                  nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10), nn.Softmax(1)]
    elif name == "cnn":
        layers = [nn.Conv2d(3, 32, 5, stride=2), nn.ReLU(), nn.Dropout(0.3),
                  nn.Conv2d(32, 64, 5, stride=2), nn.ReLU(), nn.Dropout(0.3),
                  nn.Conv2d(64, 128, 5, stride=2), nn.ReLU(), nn.Dropout(0.3),
                  nn.Flatten(), nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10), nn.Softmax(1)]
    elif name == "dense":
        return nn.Sequential(nn.Flatten(), nn.Linear(800, 256), nn.ReLU(), nn.Dropout(0.1),
                             nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 1))
    else:
        sys.exit(f"unknown model {name}")
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def loss_of(name, out, target):
    """Cross-entropy on softmax probabilities (clamped log, as Keras), or binary cross-entropy on a logit."""
    if name == "dense":
        return nn.functional.binary_cross_entropy_with_logits(out.squeeze(1), target)
    return nn.functional.nll_loss(out.clamp(1e-7, 1.0).log(), target)


def train(name, x, y, batch, epochs):
    model = build(name)
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    g = torch.Generator().manual_seed(1)
    model.train()
    n, seconds = x.shape[0], []
    for _ in range(epochs):
        t = time.perf_counter()
        order = torch.randperm(n, generator=g)
        total = 0.0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_of(name, model(x.index_select(0, rows)), y.index_select(0, rows))
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
        seconds.append(time.perf_counter() - t)
    print("epoch seconds:", " ".join(f"{s:.3f}" for s in seconds))
    return seconds[1:] if len(seconds) > 1 else seconds


def infer(name, x, repeats):
    model = build(name).eval()
    seconds = []
    with torch.no_grad():
        for r in range(repeats + 1):
            t = time.perf_counter()
            torch.cat([model(x[s:s + 1000]) for s in range(0, x.shape[0], 1000)])
            if r:
                seconds.append(time.perf_counter() - t)
    return seconds


if case == "info":
    blas = [line.strip() for line in torch.__config__.show().splitlines() if "BLAS" in line or "CPU capability" in line]
    print(f"PyTorch {torch.__version__}, torch threads {torch.get_num_threads()} (asked {threads}), "
          f"oneDNN ISA cap: {os.environ.get('ONEDNN_MAX_CPU_ISA') or 'none (all ISAs)'}")
    print("PyTorch config:", "; ".join(s[:120] for s in blas))
    finish(None)
else:
    model = opt["model"]
    x, y = load(model, int(opt.get("images", 10000)), opt.get("data", "../shared/data/cifar-10-batches-bin"))
    if case == "train":
        finish(train(model, x, y, int(opt.get("batch", 128)), int(opt.get("epochs", 3))))
    elif case == "infer":
        finish(infer(model, x, int(opt.get("repeats", 3))))
    else:
        sys.exit(f"unknown case {case}")
