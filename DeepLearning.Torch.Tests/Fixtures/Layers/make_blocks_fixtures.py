"""Reference values for the particle blocks, computed with PyTorch 1.13 (/usr/bin/python3).

Run from this directory:  /usr/bin/python3 make_blocks_fixtures.py
Writes blocks.json: for each case the inputs (particles, masks, weights, coordinates, pair features), the copied
weights and buffers under the C# layers' parameter names, an upstream gradient g, the forward output y, the gradients
of sum(y * g) with respect to the float data inputs and every weight, and the batch-norm buffers after the forward
pass. Values are drawn in float32 and computed in float64, so that the C# float32 layers can be compared to 1e-5.

The references are written by hand from the papers (no library code copied):
- ParticleFlowBlock: F(sum_i w_i Phi(x_i)) with Phi, F sequences of Linear + ReLU (PFN, arXiv:1810.05165); the EFN
  variant weights the sum with z_i and feeds only the angular features to Phi.
- EdgeConvBlock: ParticleNet's EdgeConv (arXiv:1902.08570) with the padding handled through the mask: k nearest real
  neighbours (never itself), edge features (x_i, x_j - x_i), Linear (no bias) + batch norm + ReLU per layer, mean over
  the real neighbours, shortcut Linear + batch norm when the widths differ, ReLU of the sum, padded rows zero. The
  batch norm counts only real entries; without padding it equals nn.BatchNorm1d (checked below).
- ParticlePairFeatures: ParT's ln Delta, ln kT, ln z, ln m^2 (arXiv:2202.03772), clamped at 1e-8, zero on the diagonal
  and for padded pairs.
- ParticleAttentionBlock: a pair MLP (Linear + GELU, Linear to the heads) gives the attention bias of torch's
  nn.TransformerEncoderLayer(norm_first=True, activation="gelu", batch_first=True); padded rows zero.
"""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_tensors import draw, lengths_mask, randomise, t

torch.manual_seed(20261203)
torch.set_default_dtype(torch.float64)


def case(module, forward, inputs, grads, training=True):
    """inputs: list of tensors; grads: which inputs are differentiable floats. Records y, every gradient, the buffers."""
    module.train(training)
    buffers_before = {name: {"values": t(b), "shape": list(b.shape)} for name, b in module.named_buffers()}
    inputs = [x.clone().requires_grad_(g) for x, g in zip(inputs, grads)]
    module.zero_grad()
    y = forward(*inputs)
    g = draw(*y.shape)
    if y.requires_grad:
        (y * g).sum().backward()
    out = {"training": training,
           "inputs": [{"values": t(x), "shape": list(x.shape), "grad": t(x.grad) if gr else None} for x, gr in zip(inputs, grads)],
           "output": t(y), "output_shape": list(y.shape), "upstream": t(g), "parameters": {}, "buffers": {}}
    for name, p in module.named_parameters():
        out["parameters"][name] = {"values": t(p), "shape": list(p.shape), "grad": t(p.grad) if p.grad is not None else t(torch.zeros_like(p))}
    for name, b in module.named_buffers():
        out["buffers"][name] = dict(buffers_before[name], after=t(b))
    return out


class MaskedBatchNorm(nn.Module):
    """Batch norm over the last axis whose training statistics count only the entries with weight 1."""

    def __init__(self, channels, momentum=0.1, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))
        self.momentum, self.eps = momentum, eps

    def forward(self, x, real):
        if self.training:
            flat, w = x.reshape(-1, x.shape[-1]), real.reshape(-1, 1)
            count = w.sum()
            mean = (flat * w).sum(0) / count
            var = ((flat - mean) ** 2 * w).sum(0) / count
            with torch.no_grad():
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * var * count / (count - 1))
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias


class ParticleFlow(nn.Module):
    def __init__(self, features, phi, f, phi_features=None):
        super().__init__()
        self.phi_features = phi_features
        width = len(phi_features) if phi_features is not None else features
        self.phi_names, self.f_names = [], []
        for i, u in enumerate(phi):
            setattr(self, f"phi_{i + 1}", nn.Linear(width, u))
            self.phi_names.append(f"phi_{i + 1}")
            width = u
        for i, u in enumerate(f):
            setattr(self, f"f_{i + 1}", nn.Linear(width, u))
            self.f_names.append(f"f_{i + 1}")
            width = u

    def forward(self, x, weight=None, mask=None):
        h = x[..., self.phi_features] if self.phi_features is not None else x
        for name in self.phi_names:
            h = torch.relu(getattr(self, name)(h))
        w = torch.ones(x.shape[:2])
        if weight is not None:
            w = w * weight
        if mask is not None:
            w = w * mask
        h = (h * w[..., None]).sum(1)
        for name in self.f_names:
            h = torch.relu(getattr(self, name)(h))
        return h


class EdgeConv(nn.Module):
    def __init__(self, k, features, channels, coordinate_features=None):
        super().__init__()
        self.k, self.coordinate_features, self.layers = k, coordinate_features, len(channels)
        width = 2 * features
        for i, c in enumerate(channels):
            setattr(self, f"mlp_{i + 1}", nn.Linear(width, c, bias=False))
            setattr(self, f"bn_{i + 1}", MaskedBatchNorm(c))
            width = c
        self.project = features != channels[-1]
        if self.project:
            self.shortcut = nn.Linear(features, channels[-1], bias=False)
            self.shortcut_bn = MaskedBatchNorm(channels[-1])

    def forward(self, x, coordinates=None, mask=None):
        n, p, c = x.shape
        real = mask if mask is not None else torch.ones(n, p)
        with torch.no_grad():
            points = coordinates if coordinates is not None else (x[..., self.coordinate_features] if self.coordinate_features else x)
            d = ((points[:, :, None, :] - points[:, None, :, :]) ** 2).sum(-1)
            d = d.masked_fill((real[:, None, :] == 0) | torch.eye(p, dtype=torch.bool)[None], math.inf)
            nearest, idx = d.topk(self.k, dim=-1, largest=False)
            valid = torch.isfinite(nearest).double() * real[:, :, None]
        xj = torch.stack([x[b][idx[b]] for b in range(n)])                   # (N, P, K, C)
        xi = x[:, :, None, :].expand(-1, -1, self.k, -1)
        h = torch.cat([xi, xj - xi], -1)
        for i in range(self.layers):
            h = torch.relu(getattr(self, f"bn_{i + 1}")(getattr(self, f"mlp_{i + 1}")(h), valid))
        aggregated = (h * valid[..., None]).sum(2) / valid.sum(2, keepdim=True).clamp(min=1)
        shortcut = self.shortcut_bn(self.shortcut(x), real) if self.project else x
        return torch.relu(shortcut + aggregated) * real[..., None]


def pair_features(v, mask):
    """ParT's ln Delta, ln kT, ln z, ln m^2 for every pair; zero on the diagonal and for padded pairs."""
    e, px, py, pz = v.unbind(-1)
    pt = torch.sqrt(px ** 2 + py ** 2)
    y = 0.5 * torch.log((e + pz).clamp(min=1e-8) / (e - pz).clamp(min=1e-8))
    phi = torch.atan2(py, px)
    dy = y[:, :, None] - y[:, None, :]
    dphi = torch.remainder(phi[:, :, None] - phi[:, None, :] + math.pi, 2 * math.pi) - math.pi
    delta = torch.sqrt(dy ** 2 + dphi ** 2)
    ptmin = torch.minimum(pt[:, :, None], pt[:, None, :])
    kt = ptmin * delta
    z = ptmin / (pt[:, :, None] + pt[:, None, :]).clamp(min=1e-8)
    s = v[:, :, None, :] + v[:, None, :, :]
    m2 = s[..., 0] ** 2 - (s[..., 1:] ** 2).sum(-1)
    out = torch.log(torch.stack([delta, kt, z, m2], -1).clamp(min=1e-8))
    p = v.shape[1]
    pairs = (mask[:, :, None] * mask[:, None, :]) * (1 - torch.eye(p))[None]
    return out * pairs[..., None]


class ParticleAttention(nn.Module):
    def __init__(self, features, pair_features_count, heads, pair_units, mlp_units):
        super().__init__()
        self.heads, self.pair_names = heads, []
        width = pair_features_count
        for i, u in enumerate(pair_units):
            setattr(self, f"pair_{i + 1}", nn.Linear(width, u))
            self.pair_names.append(f"pair_{i + 1}")
            width = u
        self.pair_out = nn.Linear(width, heads)
        self.encoder = nn.TransformerEncoderLayer(features, heads, dim_feedforward=mlp_units, dropout=0.0, activation="gelu",
                                                  batch_first=True, norm_first=True)

    def forward(self, x, pairs, mask):
        u = pairs
        for name in self.pair_names:
            u = F.gelu(getattr(self, name)(u))
        bias = self.pair_out(u).permute(0, 3, 1, 2)
        n, p = x.shape[:2]
        y = self.encoder(x, src_mask=bias.reshape(n * self.heads, p, p), src_key_padding_mask=mask == 0)
        return y * mask[..., None]


def four_vectors(n, p, lengths):
    """Massive-ish constituents around a jet axis; padded rows zero."""
    pt = torch.exp(draw(n, p) * 0.8 + 2.0)
    eta = draw(n, p) * 0.3 + 0.5
    phi = draw(n, p) * 0.3 + 1.0
    m = torch.abs(draw(n, p)) * 0.1
    px, py, pz = pt * torch.cos(phi), pt * torch.sin(phi), pt * torch.sinh(eta)
    e = torch.sqrt(px ** 2 + py ** 2 + pz ** 2 + m ** 2)
    v = torch.stack([e, px, py, pz], -1).float().double()
    return v * lengths_mask(lengths, p)[..., None]


# Self-check of the hand-written batch norm: without padding it equals torch's BatchNorm1d in training mode.
with torch.no_grad():
    x = draw(40, 6)
    reference, mine = nn.BatchNorm1d(6), MaskedBatchNorm(6)
    assert torch.allclose(reference(x), mine(x, torch.ones(40)), atol=1e-10)
    assert torch.allclose(reference.running_var, mine.running_var, atol=1e-12)
    assert torch.allclose(reference.running_mean, mine.running_mean, atol=1e-12)

cases = {}
# Padded rows hold random values: the mask alone must keep them out.
pfn = randomise(ParticleFlow(4, [8, 6], [5]))
cases["pfn"] = case(pfn, lambda x, m: pfn(x, mask=m), [draw(3, 6, 4), lengths_mask([6, 4, 2], 6)], [True, False])
efn = randomise(ParticleFlow(4, [8, 6], [5], phi_features=[0, 1]))
cases["efn"] = case(efn, lambda x, z, m: efn(x, weight=z, mask=m),
                    [draw(3, 6, 4), torch.rand(3, 6, dtype=torch.float32).double(), lengths_mask([6, 4, 2], 6)], [True, True, False])

# EdgeConv: k = 3 in features 0, 1 with a mask (the third jet has 2 real particles: fewer neighbours than k); training
# mode (masked batch statistics) and evaluation mode (running averages drawn at random).
edge = randomise(EdgeConv(3, 4, [8, 6], coordinate_features=[0, 1]))
cases["edgeconv_masked"] = case(edge, lambda x, m: edge(x, mask=m), [draw(3, 7, 4), lengths_mask([7, 5, 2], 7)], [True, False])
with torch.no_grad():
    for name, b in edge.named_buffers():
        b.copy_(torch.abs(draw(*b.shape)) + 0.5 if name.endswith("var") else draw(*b.shape))
cases["edgeconv_eval"] = case(edge, lambda x, m: edge(x, mask=m), [draw(3, 7, 4), lengths_mask([7, 5, 2], 7)], [True, False], training=False)
# Coordinates as a separate input, no mask, equal widths (identity shortcut).
edge_coords = randomise(EdgeConv(2, 4, [5, 4]))
cases["edgeconv_coordinates"] = case(edge_coords, lambda x, c: edge_coords(x, coordinates=c), [draw(2, 5, 4), draw(2, 5, 2)], [True, False])

lengths = [5, 3]
vectors = four_vectors(2, 5, lengths)
identity = nn.Module()
cases["pair_features"] = case(identity, lambda v, m: pair_features(v, m), [vectors, lengths_mask(lengths, 5)], [False, False])

attention = randomise(ParticleAttention(8, 4, 2, [6], 16))
pairs = pair_features(vectors, lengths_mask(lengths, 5)).float().double()
cases["particle_attention"] = case(attention, lambda x, u, m: attention(x, u, m), [draw(2, 5, 8), pairs, lengths_mask(lengths, 5)], [True, True, False])

with open("blocks.json", "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f)
print("wrote blocks.json with", ", ".join(cases))
