#!/usr/bin/python3
"""h5py / numpy peer of bench/Suite hdf5 and cifar-load; one warm-up call, then --repeats timed calls.
hdf5 --mode whole: d[...] into one array; --mode chunks: d[i:i+C] for each chunk of C rows, summed in float64.
cifar-load: the five CIFAR-10 training files -> float32 (50000, 3, 32, 32) in [0, 1] and int64 labels (numpy).
usage: h5py_peer.py hdf5 --file F --mode whole|chunks [--chunk-rows C] [--repeats R]
       h5py_peer.py cifar-load --data DIR [--repeats R]"""
import os
import sys
import time

import h5py
import numpy as np

from common import finish, options

case, opt = options(sys.argv)
repeats = int(opt.get("repeats", 3))
if case == "hdf5":
    path, mode, chunk = opt["file"], opt["mode"], int(opt.get("chunk-rows", 8192))

    def call():
        with h5py.File(path, "r") as f:
            d = f["x"]
            if mode == "whole":
                return float(d[...][0].sum(dtype=np.float64))
            return sum(float(d[i:i + chunk].sum(dtype=np.float64)) for i in range(0, d.shape[0], chunk))
elif case == "cifar-load":
    folder = opt.get("data", "../shared/data/cifar-10-batches-bin")

    def call():
        raw = np.concatenate([np.fromfile(os.path.join(folder, f"data_batch_{i}.bin"), np.uint8).reshape(-1, 3073)
                              for i in range(1, 6)])
        x = raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / np.float32(255)
        y = raw[:, 0].astype(np.int64)
        return x.shape[0] + 0 * y.shape[0]
else:
    sys.exit(f"unknown case {case}")
call()
seconds = []
for _ in range(repeats):
    start = time.perf_counter()
    value = call()
    seconds.append(time.perf_counter() - start)
print(f"value {value!r}")
finish(seconds)
