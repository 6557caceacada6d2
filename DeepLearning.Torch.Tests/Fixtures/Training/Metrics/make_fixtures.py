"""Reference values for the Training.Metrics tests, computed with scikit-learn 1.2 (/usr/bin/python3).

Run from this directory:  /usr/bin/python3 make_fixtures.py
Writes metrics.json: inputs (scores rounded so that ties occur, including scores equal to the thresholds,
some zero weights) and the expected values of top_k_accuracy_score, precision_score, recall_score,
roc_auc_score, mean_absolute_error and mean_squared_error, unweighted and with sample_weight.

Conventions matched by DeepLearning.Torch.Training.Metrics:
- binary predictions are positive when score > threshold (strictly, as Keras);
- RootMeanSquaredError over several outputs is sqrt of the output-averaged weighted MSE (Keras), i.e.
  sqrt(mean_squared_error(..., multioutput="uniform_average")); for one output it equals squared=False.
"""
import json
import math

import numpy as np
import sklearn
from sklearn.metrics import (mean_absolute_error, mean_squared_error, precision_score, recall_score,
                             roc_auc_score, top_k_accuracy_score)

rng = np.random.default_rng(20261123)
out = {"sklearn_version": sklearn.__version__}


def weights(n):
    w = np.round(rng.uniform(0.0, 2.0, n), 3)
    w[rng.choice(n, 3, replace=False)] = 0.0  # zero weights are allowed and ignored
    return w


# Top-k accuracy: 6 classes, scores on a coarse grid (many ties, also across the k-th place).
N, C = 60, 6
scores = np.round(rng.uniform(0, 1, (N, C)) * 4) / 4
labels = rng.integers(0, C, N)
w = weights(N)
topk = {"scores": scores.tolist(), "labels": labels.tolist(), "weights": w.tolist(), "cases": []}
for k in (1, 2, 3, 5, 6):
    topk["cases"].append({
        "k": k,
        "unweighted": float(top_k_accuracy_score(labels, scores, k=k, labels=np.arange(C))),
        "weighted": float(top_k_accuracy_score(labels, scores, k=k, labels=np.arange(C), sample_weight=w)),
    })
out["top_k"] = topk

# Binary: probabilities on a 0.1 grid (ties, scores equal to the thresholds).
N = 80
y = rng.integers(0, 2, N)
s = np.clip(np.round(0.3 * y + rng.uniform(-0.1, 0.75, N), 1), 0, 1)
w = weights(N)
binary = {"scores": s.tolist(), "labels": y.tolist(), "weights": w.tolist(), "cases": []}
for thr in (0.5, 0.3, 0.7, 1.0):
    pred = (s > thr).astype(int)
    case = {"threshold": thr}
    for name, fn in (("precision", precision_score), ("recall", recall_score)):
        case[name] = {
            "unweighted": float(fn(y, pred, zero_division=0)),
            "weighted": float(fn(y, pred, sample_weight=w, zero_division=0)),
        }
    binary["cases"].append(case)
binary["auc"] = {
    "unweighted": float(roc_auc_score(y, s)),
    "weighted": float(roc_auc_score(y, s, sample_weight=w)),
}
out["binary"] = binary

# Regression: [N, 3] outputs and a single output [N].
N, D = 50, 3
yt = rng.normal(size=(N, D))
yp = yt + rng.normal(scale=0.7, size=(N, D))
w = weights(N)
reg = {"prediction": yp.tolist(), "target": yt.tolist(), "weights": w.tolist()}
reg["multi"] = {
    "mae": {"unweighted": float(mean_absolute_error(yt, yp)),
            "weighted": float(mean_absolute_error(yt, yp, sample_weight=w))},
    "rmse": {"unweighted": math.sqrt(mean_squared_error(yt, yp)),
             "weighted": math.sqrt(mean_squared_error(yt, yp, sample_weight=w))},
}
reg["single"] = {
    "mae": {"unweighted": float(mean_absolute_error(yt[:, 0], yp[:, 0])),
            "weighted": float(mean_absolute_error(yt[:, 0], yp[:, 0], sample_weight=w))},
    "rmse": {"unweighted": float(mean_squared_error(yt[:, 0], yp[:, 0], squared=False)),
             "weighted": float(mean_squared_error(yt[:, 0], yp[:, 0], sample_weight=w, squared=False))},
}
out["regression"] = reg

with open("metrics.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
