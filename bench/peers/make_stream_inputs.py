#!/usr/bin/python3
"""Writes an HDF5 file for the streaming training rows of bench/run.sh (never into the repository: give a path in /tmp).
usage: make_stream_inputs.py MIB PATH -> "x" float32 [N, 800] standard normal (200 constituents x 4 flattened: 3,200
       bytes a row, N chosen so that x is about MIB MiB; 2-D because PureHDF reads row slices of a 3-D dataset slowly), "y" float32 [N] 0/1 labels that depend on the features (a learnable rule), both contiguous;
       written in blocks, so memory stays small whatever the size."""
import sys

import h5py
import numpy as np

mib, out = float(sys.argv[1]), sys.argv[2]
rows, block = int(mib * 2**20 // 3200), 16384
rng = np.random.default_rng(2026)
with h5py.File(out, "w") as f:
    x = f.create_dataset("x", (rows, 800), dtype="f4")
    y = f.create_dataset("y", (rows,), dtype="f4")
    for first in range(0, rows, block):
        n = min(block, rows - first)
        xs = rng.standard_normal((n, 800), dtype=np.float32)
        x[first:first + n] = xs
        y[first:first + n] = (xs[:, 0:40:4].sum(axis=1) + rng.standard_normal(n, dtype=np.float32) > 0).astype(np.float32)
print(f"{out}: {rows} rows, {rows * 3200 / 2**30:.2f} GiB of features")
