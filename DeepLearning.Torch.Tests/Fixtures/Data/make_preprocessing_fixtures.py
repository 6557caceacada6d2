#!/usr/bin/python3
"""Reference values for the preprocessing tests, from scikit-learn 1.2 and numpy.

    /usr/bin/python3 DeepLearning.Torch.Tests/Fixtures/Data/make_preprocessing_fixtures.py
writes preprocessing_reference.json next to this script.
"""
import json, os
import numpy as np
from sklearn.preprocessing import StandardScaler, MinMaxScaler, OneHotEncoder

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
train = rng.normal(3.0, 2.0, size=(20, 4)); train[:, 2] = 5.0  # a constant feature
test = rng.normal(3.0, 2.0, size=(5, 4))
std = StandardScaler().fit(train)
mm = MinMaxScaler(feature_range=(-1, 1)).fit(train)
labels = np.array([2, 0, 1, 2, 4])
onehot = OneHotEncoder(categories=[list(range(5))], sparse_output=False).fit_transform(labels[:, None])

images = rng.uniform(0, 1, size=(6, 2, 3, 3))
pp_mean = images.mean(axis=0); pp_std = images.std(axis=0)
pc_mean = images.mean(axis=(0, 2, 3)); pc_std = images.std(axis=(0, 2, 3))
ref = {
    "train": train.tolist(), "test": test.tolist(),
    "standard_test": std.transform(test).tolist(), "standard_mean": std.mean_.tolist(), "standard_scale": std.scale_.tolist(),
    "minmax_test": mm.transform(test).tolist(),
    "labels": labels.tolist(), "onehot": onehot.tolist(),
    "images": images.tolist(),
    "images_per_pixel": ((images - pp_mean) / pp_std).tolist(),
    "images_per_channel": ((images - pc_mean[None, :, None, None]) / pc_std[None, :, None, None]).tolist(),
}
with open(os.path.join(here, "preprocessing_reference.json"), "w") as f:
    json.dump(ref, f)
print("wrote preprocessing_reference.json")
