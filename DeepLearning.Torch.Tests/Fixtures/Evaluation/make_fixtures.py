#!/usr/bin/python3
"""Reference values for DeepLearning.Torch.Evaluation tests.

Run with Debian's Python (scikit-learn 1.2.1, scipy 1.10.1, numpy 1.24):
    /usr/bin/python3 make_fixtures.py
Writes evaluation_fixtures.json next to this script. Randomised cases contain tied scores and
sample weights (negative Monte Carlo weights and zero weights for the ROC curve).
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from sklearn import metrics

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240604)


def fl(a):
    return [float(x) for x in np.asarray(a).ravel()]


def rejection(fpr, tpr, eff):
    """1/eps_B with eps_B interpolated linearly in eps_S on the full curve (first point reaching eps_S)."""
    i = int(np.argmax(tpr >= eff))
    if tpr[i] == eff or i == 0:
        eb = fpr[i]
    else:
        t = (eff - tpr[i - 1]) / (tpr[i] - tpr[i - 1])
        eb = fpr[i - 1] + t * (fpr[i] - fpr[i - 1])
    return eb


def binary_case(n, decimals, weight_kind, float32=False):
    y = rng.integers(0, 2, n)
    y[0], y[1] = 0, 1
    s = np.round(rng.normal(0.0, 1.0, n) + 0.9 * y, decimals)
    s = 1 / (1 + np.exp(-s))
    s = np.round(s, decimals)
    if float32:
        s = s.astype(np.float32).astype(np.float64)  # network outputs: every score exactly a float
    w = None
    if weight_kind == "positive":
        w = np.round(rng.uniform(0.2, 2.0, n), 3)
    elif weight_kind == "integer":
        w = rng.integers(0, 4, n).astype(float)
        w[0], w[1] = 1.0, 1.0
    elif weight_kind == "mc":
        w = rng.normal(1.0, 0.6, n)
        w[rng.random(n) < 0.05] = 0.0
    case = {"labels": [int(v) for v in y], "scores": fl(s), "weights": None if w is None else fl(w)}
    for drop in (True, False):
        fpr, tpr, thr = metrics.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
        key = "drop" if drop else "full"
        case[key] = {"fpr": fl(fpr), "tpr": fl(tpr), "thresholds": fl(thr)}
    fpr, tpr, _ = metrics.roc_curve(y, s, sample_weight=w)
    if np.all(np.diff(fpr) >= 0):
        case["auc"] = float(metrics.roc_auc_score(y, s, sample_weight=w))
        case["partial_auc"] = {str(m): float(metrics.roc_auc_score(y, s, sample_weight=w, max_fpr=m)) for m in (0.1, 0.3, 0.75)}
    else:
        case["auc"] = float(np.trapz(tpr, fpr))  # sklearn's auc() refuses non-monotonic x; same trapezoid
        case["partial_auc"] = {}
    ffpr, ftpr, _ = metrics.roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    case["background_efficiency"] = {str(e): float(rejection(ffpr, ftpr, e)) for e in (0.3, 0.5, 0.8)}
    if weight_kind != "mc":
        p, r, t = metrics.precision_recall_curve(y, s, sample_weight=w)
        case["pr"] = {"precision": fl(p), "recall": fl(r), "thresholds": fl(t)}
        case["average_precision"] = float(metrics.average_precision_score(y, s, sample_weight=w))
    case["name"] = f"n{n}_d{decimals}_{weight_kind}{'_f32' if float32 else ''}"
    return case


def multiclass_case(n, k, weighted):
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.0
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p = np.round(p, 2)
    p[:, -1] = 1 - p[:, :-1].sum(axis=1)
    keep = p[:, -1] >= 0
    y, p = y[keep], p[keep]
    y[:k] = np.arange(k)
    w = np.round(rng.uniform(0.1, 3.0, len(y)), 2) if weighted else None
    return {
        "name": f"n{n}_k{k}_{'w' if weighted else 'u'}",
        "labels": [int(v) for v in y], "probabilities": [fl(r) for r in p], "weights": None if w is None else fl(w),
        "auc_macro": float(metrics.roc_auc_score(y, p, multi_class="ovr", average="macro", sample_weight=w)),
        "auc_weighted": float(metrics.roc_auc_score(y, p, multi_class="ovr", average="weighted", sample_weight=w)),
        "auc_per_class": [float(metrics.roc_auc_score(y == c, p[:, c], sample_weight=w)) for c in range(k)],
        "argmax": [int(v) for v in p.argmax(axis=1)],
    }


def classification_case(n, k, weighted, names, digits):
    y = rng.integers(0, k, n)
    pred = np.where(rng.random(n) < 0.6, y, rng.integers(0, k, n))
    pred[pred == k - 1] = 0  # the last class is never predicted: zero division
    y[:k] = np.arange(k)
    w = np.round(rng.uniform(0.1, 2.0, n), 1) if weighted else None
    case = {"name": f"n{n}_k{k}_{'w' if weighted else 'u'}_d{digits}", "labels": [int(v) for v in y],
            "predictions": [int(v) for v in pred], "weights": None if w is None else fl(w),
            "class_names": names, "digits": digits, "num_classes": k}
    for norm in (None, "true", "pred", "all"):
        cm = metrics.confusion_matrix(y, pred, labels=list(range(k)), sample_weight=w, normalize=norm)
        case["confusion_" + (norm or "none")] = [fl(r) for r in cm]
    for avg in (None, "macro", "weighted", "micro"):
        p, r, f, s = metrics.precision_recall_fscore_support(y, pred, labels=list(range(k)), average=avg, sample_weight=w, zero_division=0)
        case["prfs_" + (avg or "none")] = {"precision": fl(p), "recall": fl(r), "f1": fl(f), "support": None if s is None else fl(s)}
    case["accuracy"] = float(metrics.accuracy_score(y, pred, sample_weight=w))
    case["report"] = metrics.classification_report(y, pred, labels=list(range(k)), target_names=names, sample_weight=w, digits=digits, zero_division=0)
    return case


def special_cases():
    out = {"betainc": [], "beta_ppf": [], "norm_ppf": []}
    for a, b, x in [(0.5, 0.5, 0.3), (1, 1, 0.42), (2.5, 7.0, 0.1), (10, 3, 0.8), (50, 60, 0.45), (3.7, 0.9, 0.99),
                    (200, 150, 0.57), (1e-2, 5, 1e-3), (0.7, 12.5, 0.05), (31.5, 1.25, 0.93)]:
        out["betainc"].append([a, b, x, float(special.betainc(a, b, x))])
    for a, b, q in [(3, 8, 0.15865525393145707), (4, 7, 0.8413447460685429), (1, 20, 0.025), (20, 1, 0.975),
                    (12.5, 40.25, 0.05), (150, 50, 0.5)]:
        out["beta_ppf"].append([a, b, q, float(stats.beta.ppf(q, a, b))])
    for q in (0.5, 0.8413447460685429, 0.975, 0.995, 0.01, 1e-6):
        out["norm_ppf"].append([q, float(stats.norm.ppf(q))])
    return out


def interval_cases():
    cases = []
    for k, n, cl in [(0, 10, 0.6826894921370859), (3, 10, 0.6826894921370859), (10, 10, 0.95), (47, 120, 0.95), (2.5, 7.25, 0.9)]:
        a = 1 - cl
        lo = 0.0 if k == 0 else float(stats.beta.ppf(a / 2, k, n - k + 1))
        hi = 1.0 if k == n else float(stats.beta.ppf(1 - a / 2, k + 1, n - k))
        z = stats.norm.ppf(1 - a / 2)
        p = k / n
        c = (p + z * z / (2 * n)) / (1 + z * z / n)
        h = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        cases.append({"passed": k, "total": n, "cl": cl, "cp": [lo, hi], "wilson": [float(max(0, c - h)), float(min(1, c + h))]})
    return cases


def ks_cases():
    cases = []
    for n1, n2, shift, dec in [(30, 30, 0.0, 1), (40, 25, 0.3, 2), (200, 150, 0.1, 2), (500, 800, 0.05, 3), (1000, 999, 0.0, 2)]:
        a = np.round(rng.normal(0, 1, n1), dec)
        b = np.round(rng.normal(shift, 1, n2), dec)
        r = stats.ks_2samp(a, b, method="exact")
        cases.append({"a": fl(a), "b": fl(b), "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
    return cases


fixtures = {
    "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
    "binary": [binary_case(n, d, wk, f32) for n, d, wk, f32 in [
        (60, 1, "none", False), (300, 2, "none", False), (2000, 2, "none", False), (400, 2, "positive", False),
        (1500, 3, "positive", False), (500, 1, "integer", False), (3000, 2, "integer", False), (800, 2, "mc", False),
        (2500, 3, "mc", False), (3000, 3, "none", True), (2000, 4, "positive", True), (1500, 2, "mc", True)]],
    "multiclass": [multiclass_case(n, k, wt) for n, k, wt in [(300, 3, False), (900, 4, True), (1500, 5, False)]],
    "classification": [
        classification_case(200, 3, False, ["QCD", "top", "W"], 2),
        classification_case(500, 4, True, ["gluon", "light quark", "W boson", "Z"], 2),
        classification_case(1000, 3, False, ["0", "1", "2"], 3),
        classification_case(300, 5, True, ["a", "b", "c", "d", "e"], 4)],
    "special": special_cases(),
    "intervals": interval_cases(),
    "ks": ks_cases(),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluation_fixtures.json")
with open(path, "w") as f:
    json.dump(fixtures, f)
print("wrote", path, os.path.getsize(path), "bytes")
