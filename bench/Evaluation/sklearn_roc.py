#!/usr/bin/python3
"""Times sklearn.metrics.roc_curve + auc on the files written by make_scores.py.
usage: sklearn_roc.py PREFIX [repeats]  -> prints "sklearn <n> <seconds> <auc>" per repeat"""
import sys
import time
import numpy as np
from sklearn.metrics import auc, roc_curve

prefix = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
s = np.fromfile(prefix + ".f64", dtype=np.float64)
y = np.fromfile(prefix + ".i32", dtype=np.int32)
roc_curve(y[:100000], s[:100000])
for _ in range(repeats):
    t = time.perf_counter()
    fpr, tpr, _ = roc_curve(y, s)
    a = auc(fpr, tpr)
    print(f"sklearn {len(s)} {time.perf_counter() - t:.4f} {a!r}")
