#!/usr/bin/python3
"""Writes the sample score files of examples/Evaluate (toy classifier outputs, seeded).
binary.csv: score,label,weight,split -- a top-tagger-like score with Monte Carlo weights and a train/test split.
multiclass.csv: QCD,W,top,label -- softmax outputs of a three-class jet tagger, labels by class name.
history.csv: loss,val_loss,accuracy,val_accuracy -- a toy training history that starts to overfit."""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)

n = 4000
y = rng.integers(0, 2, n)
z = rng.normal(0, 1, n) + 2.2 * y
score = np.round(1 / (1 + np.exp(-(z - 1.1))), 5)
weight = np.round(rng.normal(1.0, 0.15, n), 4)
split = np.where(rng.random(n) < 0.5, "train", "test")
with open(os.path.join(here, "binary.csv"), "w") as f:
    f.write("score,label,weight,split\n")
    for s, l, w, t in zip(score, y, weight, split):
        f.write(f"{s},{l},{w},{t}\n")

names = ["QCD", "W", "top"]
m = 3000
y = rng.integers(0, 3, m)
logits = rng.normal(0, 1, (m, 3))
logits[np.arange(m), y] += 1.8
p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
p = np.round(p, 5)
p[:, 2] = np.round(1 - p[:, 0] - p[:, 1], 5)
with open(os.path.join(here, "multiclass.csv"), "w") as f:
    f.write(",".join(names) + ",label\n")
    for row, l in zip(p, y):
        f.write(",".join(str(v) for v in row) + f",{names[l]}\n")

e = np.arange(40)
loss = 0.65 * np.exp(-e / 7) + 0.22 + rng.normal(0, 0.004, 40)
val = 0.65 * np.exp(-e / 7) + 0.26 + 0.0006 * np.maximum(0, e - 20) ** 2 + rng.normal(0, 0.006, 40)
acc = 0.91 - 0.35 * np.exp(-e / 6) + rng.normal(0, 0.003, 40)
vacc = 0.89 - 0.35 * np.exp(-e / 6) - 0.0003 * np.maximum(0, e - 20) ** 2 + rng.normal(0, 0.004, 40)
with open(os.path.join(here, "history.csv"), "w") as f:
    f.write("loss,val_loss,accuracy,val_accuracy\n")
    for row in zip(loss, val, acc, vacc):
        f.write(",".join(f"{v:.5f}" for v in row) + "\n")
