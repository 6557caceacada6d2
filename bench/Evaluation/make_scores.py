#!/usr/bin/python3
"""Writes the benchmark input: n classifier-like scores (float32 precision, so with ties) and 0/1 labels.
usage: make_scores.py N OUTPREFIX  -> OUTPREFIX.f64 (float64 LE), OUTPREFIX.i32 (int32 LE)"""
import sys
import numpy as np

n, prefix = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(12345)
y = rng.integers(0, 2, n).astype(np.int32)
s = (1 / (1 + np.exp(-(rng.normal(0, 1, n) + 1.2 * y)))).astype(np.float32).astype(np.float64)
s.tofile(prefix + ".f64")
y.tofile(prefix + ".i32")
