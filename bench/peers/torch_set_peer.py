#!/usr/bin/python3
"""PyTorch peer of bench/Suite train-set: the top-tagging set models of examples/TopTagging/TopTaggingModels.cs
written as plain nn.Modules (same layers, widths and parameter count), trained as torch_peer.py trains: the inputs as
whole tensors, shuffled each epoch with randperm + index_select, Adam(1e-3), binary cross-entropy on the logit.
usage: torch_set_peer.py train-set --model pfn|particlenet|transformer --prefix P --batch B --epochs E --threads T
Inputs: the toy jets of make_inputs.py jets (P.particles.f32, P.mask.f32, P.vectors.f32, P.labels.f32).
Prints "PARAMETERS n" (trainable parameters, to compare with ours) and "epoch seconds: ..."."""
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from common import finish, options

P, FEATURES, FLOOR = 40, 7, 1e-8


def masked_mean(x, real):
    """Mean over the real rows of (N, P, C): the library's GlobalAveragePooling1D with a mask."""
    return (x * real.unsqueeze(2)).sum(1) / real.sum(1, keepdim=True).clamp_min(1)


class PFN(nn.Module):
    """ParticleFlowBlock([64, 64, 64], [64, 64]): F(sum of Phi over the real particles), then Dense(1)."""

    def __init__(self):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.f = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.out = nn.Linear(64, 1)

    def forward(self, x, mask):
        return self.out(self.f((self.phi(x) * mask.unsqueeze(2)).sum(1)))


class MaskedBatchNorm(nn.Module):
    """Batch norm over the last axis whose statistics count only the real entries (as EdgeConvBlock's)."""

    def __init__(self, channels, momentum=0.1, eps=1e-5):
        super().__init__()
        self.weight, self.bias = nn.Parameter(torch.ones(channels)), nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))
        self.momentum, self.eps = momentum, eps

    def forward(self, x, real):
        if self.training:
            flat, w = x.reshape(-1, x.shape[-1]), real.reshape(-1, 1)
            count = w.sum()
            n = count.clamp_min(1)
            mean = (flat * w).sum(0) / n
            var = ((flat - mean).square() * w).sum(0) / n
            with torch.no_grad():
                self.running_mean.mul_(1 - self.momentum).add_(mean * self.momentum)
                self.running_var.mul_(1 - self.momentum).add_(var * (n / (count - 1).clamp_min(1)) * self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / (var + self.eps).sqrt() * self.weight + self.bias


class EdgeConv(nn.Module):
    """EdgeConvBlock(k, channels): k nearest real neighbours, MLP on (x_i, x_j - x_i), mean, projected shortcut, ReLU."""

    def __init__(self, k, features, channels, coordinates=None):
        super().__init__()
        self.k, self.coordinates = k, coordinates
        widths = [2 * features] + channels
        self.mlp = nn.ModuleList(nn.Linear(a, b, bias=False) for a, b in zip(widths, widths[1:]))
        self.bn = nn.ModuleList(MaskedBatchNorm(c) for c in channels)
        self.shortcut = nn.Linear(features, channels[-1], bias=False) if features != channels[-1] else None
        self.shortcut_bn = MaskedBatchNorm(channels[-1]) if features != channels[-1] else None

    def forward(self, x, real):
        n, p, c = x.shape
        with torch.no_grad():
            points = (x if self.coordinates is None else x[..., self.coordinates]).detach()
            squares = points.square().sum(-1)
            d = squares.unsqueeze(2) + squares.unsqueeze(1) - 2 * points @ points.transpose(1, 2)
            excluded = (real.unsqueeze(1) == 0) | torch.eye(p, dtype=torch.bool).unsqueeze(0)
            nearest, index = d.masked_fill(excluded, math.inf).topk(self.k, dim=-1, largest=False)
            valid = nearest.isfinite().to(x.dtype) * real.unsqueeze(2)
        xj = x.gather(1, index.reshape(n, p * self.k, 1).expand(n, p * self.k, c)).reshape(n, p, self.k, c)
        xi = x.unsqueeze(2).expand(n, p, self.k, c)
        h = torch.cat([xi, xj - xi], -1)
        for linear, bn in zip(self.mlp, self.bn):
            h = F.relu(bn(linear(h), valid))
        aggregated = (h * valid.unsqueeze(3)).sum(2) / valid.sum(2, keepdim=True).clamp_min(1)
        shortcut = x if self.shortcut is None else self.shortcut_bn(self.shortcut(x), real)
        return F.relu(shortcut + aggregated) * real.unsqueeze(2)


class ParticleNet(nn.Module):
    """Two EdgeConv blocks (neighbours in (d-eta, d-phi), then in the features), masked mean, Dense 64, Dropout, Dense 1."""

    def __init__(self):
        super().__init__()
        self.edge1 = EdgeConv(8, FEATURES, [32, 32, 32], coordinates=[0, 1])
        self.edge2 = EdgeConv(8, 32, [64, 64, 64])
        self.head = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))

    def forward(self, x, mask):
        h = self.edge2(self.edge1(x, mask), mask)
        return self.head(masked_mean(h, mask))


def pair_features(v, real):
    """ParticlePairFeatures: log of (delta R, kT, z, m^2) per pair of real constituents, in float64, as the library."""
    v = v.double()
    e, px, py, pz = v.unbind(2)
    pt = (px.square() + py.square()).sqrt()
    rapidity = 0.5 * ((e + pz).clamp_min(FLOOR) / (e - pz).clamp_min(FLOOR)).log()
    phi = py.atan2(px)
    dy = rapidity.unsqueeze(2) - rapidity.unsqueeze(1)
    dphi = (phi.unsqueeze(2) - phi.unsqueeze(1) + math.pi).remainder(2 * math.pi) - math.pi
    delta = (dy.square() + dphi.square()).sqrt()
    pt_min = torch.minimum(pt.unsqueeze(2), pt.unsqueeze(1))
    z = pt_min / (pt.unsqueeze(2) + pt.unsqueeze(1)).clamp_min(FLOOR)
    s = v.unsqueeze(2) + v.unsqueeze(1)
    m2 = s[..., 0].square() - s[..., 1:].square().sum(3)
    features = torch.stack([delta, pt_min * delta, z, m2], 3).clamp_min(FLOOR).log()
    pairs = real.unsqueeze(2) & real.unsqueeze(1) & ~torch.eye(v.shape[1], dtype=torch.bool).unsqueeze(0)
    return (features * pairs.unsqueeze(3).double()).float()


class AttentionBlock(nn.Module):
    """ParticleAttentionBlock(4, [32], mlpUnits: 64): a pair MLP gives a bias per head, then a pre-norm encoder block."""

    def __init__(self, width=32, heads=4, mlp=64):
        super().__init__()
        self.heads = heads
        self.pair = nn.Sequential(nn.Linear(4, 32), nn.GELU(), nn.Linear(32, heads))
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.linear1, self.linear2 = nn.Linear(width, mlp), nn.Linear(mlp, width)

    def forward(self, x, pairs, real):
        n, p, _ = x.shape
        bias = self.pair(pairs).permute(0, 3, 1, 2).reshape(n * self.heads, p, p)
        keys = real | ~real.any(1, keepdim=True)
        q = self.norm1(x)
        h = x + self.attn(q, q, q, key_padding_mask=~keys, attn_mask=bias, need_weights=False)[0]
        h = h + self.linear2(F.gelu(self.linear1(self.norm2(h))))
        return h * real.unsqueeze(2).to(h.dtype)


class Transformer(nn.Module):
    """Dense(32) embedding, two attention blocks with pairwise bias, masked mean, LayerNorm, Dense 64, Dense 1."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(FEATURES, 32)
        self.blocks = nn.ModuleList([AttentionBlock(), AttentionBlock()])
        self.norm = nn.LayerNorm(32)
        self.head = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x, mask, vectors):
        real = mask != 0
        pairs = pair_features(vectors, real)
        h = self.embed(x)
        for block in self.blocks:
            h = block(h, pairs, real)
        return self.head(self.norm(masked_mean(h, mask)))


def train(name, inputs, y, batch, epochs):
    torch.manual_seed(1)
    model = {"pfn": PFN, "particlenet": ParticleNet, "transformer": Transformer}[name]()
    print("PARAMETERS", sum(p.numel() for p in model.parameters() if p.requires_grad))
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    g = torch.Generator().manual_seed(1)
    model.train()
    n, seconds = y.shape[0], []
    for _ in range(epochs):
        t = time.perf_counter()
        order = torch.randperm(n, generator=g)
        total = 0.0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            optimizer.zero_grad()
            out = model(*(x.index_select(0, rows) for x in inputs))
            loss = F.binary_cross_entropy_with_logits(out, y.index_select(0, rows))
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
        seconds.append(time.perf_counter() - t)
    print("epoch seconds:", " ".join(f"{s:.3f}" for s in seconds))
    return seconds[1:] if len(seconds) > 1 else seconds


case, opt = options(sys.argv)
torch.set_num_threads(int(opt.get("threads", os.cpu_count())))
if case != "train-set":
    sys.exit(f"unknown case {case}")
name, prefix = opt["model"], opt["prefix"]
y = torch.from_numpy(np.fromfile(prefix + ".labels.f32", np.float32)).unsqueeze(1)
inputs = [torch.from_numpy(np.fromfile(prefix + ".particles.f32", np.float32).reshape(-1, P, FEATURES)),
          torch.from_numpy(np.fromfile(prefix + ".mask.f32", np.float32).reshape(-1, P))]
if name == "transformer":
    inputs.append(torch.from_numpy(np.fromfile(prefix + ".vectors.f32", np.float32).reshape(-1, P, 4)))
finish(train(name, inputs, y, int(opt.get("batch", 128)), int(opt.get("epochs", 3))))
