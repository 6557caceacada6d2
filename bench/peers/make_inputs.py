#!/usr/bin/python3
"""Writes the inputs both sides read (raw little-endian arrays, and one HDF5 file).
usage: make_inputs.py roc N PREFIX        -> PREFIX.f64 scores (float32 precision, so with ties), PREFIX.i32 0/1 labels,
                                             PREFIX.w64 weights in [0.5, 1.5)
       make_inputs.py confusion N PREFIX  -> PREFIX.true.i32, PREFIX.pred.i32 (10 classes, about 70 % correct)
       make_inputs.py hdf5 MIB PATH       -> dataset "x", float32 [rows, 1024], contiguous, about MIB MiB
       make_inputs.py jets N PREFIX       -> toy inputs of the top-tagging set models (40 constituents, float32):
                                             PREFIX.particles.f32 [N, 40, 7] normal features (zero on padding),
                                             PREFIX.mask.f32 [N, 40] 1/0 (10-40 real constituents, hardest first),
                                             PREFIX.vectors.f32 [N, 40, 4] massless (E, px, py, pz) near the jet axis,
                                             PREFIX.labels.f32 [N] 0/1"""
import sys

import numpy as np

kind, size, out = sys.argv[1], int(float(sys.argv[2])), sys.argv[3]
rng = np.random.default_rng(12345)
if kind == "roc":
    y = rng.integers(0, 2, size).astype(np.int32)
    s = (1 / (1 + np.exp(-(rng.normal(0, 1, size) + 1.2 * y)))).astype(np.float32).astype(np.float64)
    w = rng.uniform(0.5, 1.5, size)
    s.tofile(out + ".f64"), y.tofile(out + ".i32"), w.tofile(out + ".w64")
elif kind == "confusion":
    t = rng.integers(0, 10, size).astype(np.int32)
    p = np.where(rng.random(size) < 0.7, t, rng.integers(0, 10, size)).astype(np.int32)
    t.tofile(out + ".true.i32"), p.tofile(out + ".pred.i32")
elif kind == "hdf5":
    import h5py
    rows, block = size * 256, 8192  # 1024 float32 columns = 4 KiB per row
    with h5py.File(out, "w") as f:
        d = f.create_dataset("x", (rows, 1024), dtype="f4")
        for first in range(0, rows, block):
            n = min(block, rows - first)
            d[first:first + n] = (np.arange(first * 1024, (first + n) * 1024) % 1000 * 0.001).astype(np.float32).reshape(n, 1024)
elif kind == "jets":
    p, f = 40, 7
    real = np.arange(p)[None, :] < rng.integers(10, p + 1, size)[:, None]
    mask = real.astype(np.float32)
    x = (rng.normal(0, 1, (size, p, f)) * mask[:, :, None]).astype(np.float32)
    pt = -np.sort(-rng.exponential(20, (size, p)), axis=1) + 0.5
    eta, phi = rng.normal(0, 0.4, (size, p)), rng.normal(0, 0.4, (size, p))
    v = np.stack([pt * np.cosh(eta), pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)], 2) * mask[:, :, None]
    x.tofile(out + ".particles.f32"), mask.tofile(out + ".mask.f32"), v.astype(np.float32).tofile(out + ".vectors.f32")
    rng.integers(0, 2, size).astype(np.float32).tofile(out + ".labels.f32")
else:
    sys.exit(f"unknown kind {kind}")
