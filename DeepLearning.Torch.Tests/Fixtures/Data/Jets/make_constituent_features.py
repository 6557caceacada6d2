#!/usr/bin/python3
"""Reference values for ConstituentFeaturesTests, computed with PyTorch 1.13 in float64 as ParticleNet's data
preparation does (jet axis = sum of the constituents' four-vectors; padded rows zero).

    /usr/bin/python3 DeepLearning.Torch.Tests/Fixtures/Data/Jets/make_constituent_features.py
writes constituent_features.json next to this script.
"""
import json, math, os
import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(13)
N, C = 6, 9

def four_vectors(pt, eta, phi):
    return np.stack([pt * np.cosh(eta), pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)], -1)

jets = np.zeros((N, C, 4))
for i in range(N):
    n = [9, 5, 1, 0, 7, 4][i]  # jet 3 is all padding, jet 2 a single constituent
    pt = rng.exponential(30.0, n) + 1.0
    eta = rng.uniform(-2.0, 2.0) + rng.normal(0, 0.3, n)
    phi = rng.uniform(-math.pi, math.pi) + rng.normal(0, 0.3, n)
    if i == 4:  # straddles the phi = +-pi boundary
        phi = math.pi + rng.normal(0, 0.2, n)
        phi = np.where(phi > math.pi, phi - 2 * math.pi, phi)
    order = np.argsort(-pt)
    jets[i, :n] = four_vectors(pt[order], eta[order], phi[order])
jets = jets.astype(np.float32).astype(np.float64)  # the test feeds float32, as the readers return

x = torch.tensor(jets)
e, px, py, pz = x.unbind(-1)
pt = torch.hypot(px, py)
mask = pt > 0
eta = torch.where(mask, torch.asinh(pz / torch.where(mask, pt, torch.ones_like(pt))), torch.zeros_like(pt))
phi = torch.atan2(py, px)
m = mask.double()
jpx, jpy, jpz, je = [(c * m).sum(1, keepdim=True) for c in (px, py, pz, e)]
jpt = torch.hypot(jpx, jpy)
safe = lambda t: torch.where(t != 0, t, torch.ones_like(t))
jeta = torch.where(jpt > 0, torch.asinh(jpz / safe(jpt)), torch.zeros_like(jpt))
jphi = torch.atan2(jpy, jpx)
deta = eta - jeta
dphi = torch.remainder(phi - jphi + math.pi, 2 * math.pi) - math.pi
feats = torch.stack([deta, dphi, torch.log(safe(pt)), torch.log(safe(e * m)), torch.log(safe(pt) / safe(jpt)),
                     torch.log(safe(e * m) / safe(je)), torch.sqrt(deta ** 2 + dphi ** 2)], -1)
feats = torch.where(mask.unsqueeze(-1), feats, torch.zeros_like(feats))
ref = {
    "names": ["delta_eta", "delta_phi", "log_pt", "log_e", "log_pt_rel", "log_e_rel", "delta_r"],
    "constituents": jets.tolist(),
    "features": feats.tolist(),
    "mask": mask.tolist(),
}
with open(os.path.join(here, "constituent_features.json"), "w") as f:
    json.dump(ref, f)
print("wrote constituent_features.json", tuple(feats.shape), "torch", torch.__version__)
