#!/usr/bin/python3
"""scikit-learn peer of bench/Suite roc / confusion, on the files of make_inputs.py; one small warm-up call,
then --repeats timed calls.
roc:       roc_curve(y, s, sample_weight=w) + auc(fpr, tpr) (the tuned way to get curve and area: roc_auc_score
           would build the curve a second time)
confusion: confusion_matrix + classification_report(output_dict=True), 10 classes
usage: sklearn_peer.py roc|confusion --prefix P [--repeats R]"""
import sys
import time

import numpy as np
from sklearn.metrics import auc, classification_report, confusion_matrix, roc_curve

from common import finish, options

case, opt = options(sys.argv)
prefix, repeats = opt["prefix"], int(opt.get("repeats", 3))
if case == "roc":
    s, y, w = (np.fromfile(prefix + ext, dt) for ext, dt in ((".f64", np.float64), (".i32", np.int32), (".w64", np.float64)))

    def call():
        fpr, tpr, _ = roc_curve(y, s, sample_weight=w)
        return auc(fpr, tpr)
    fpr, tpr, _ = roc_curve(y[:100000], s[:100000], sample_weight=w[:100000])
elif case == "confusion":
    t, p = np.fromfile(prefix + ".true.i32", np.int32), np.fromfile(prefix + ".pred.i32", np.int32)

    def call():
        confusion_matrix(t, p, labels=range(10))
        return classification_report(t, p, labels=range(10), output_dict=True)["accuracy"]
    classification_report(t[:100000], p[:100000], output_dict=True)
else:
    sys.exit(f"unknown case {case}")
seconds = []
for _ in range(repeats):
    start = time.perf_counter()
    value = call()
    seconds.append(time.perf_counter() - start)
print(f"value {value!r}")
finish(seconds)
