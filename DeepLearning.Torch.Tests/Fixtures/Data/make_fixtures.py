#!/usr/bin/python3
"""Reference values for the data reader tests, computed with numpy / h5py / pandas.

Run from anywhere with /usr/bin/python3 (numpy, h5py 3.7, pandas 1.5, PyTables 3.7):
    /usr/bin/python3 DeepLearning.Torch.Tests/Fixtures/Data/make_fixtures.py
Reads the real files in ../shared/data (relative to the repository root) and writes, next to this script:
  reference.json              values the C# readers must reproduce
  topjets_float64_reordered.h5 pandas fixed layout, float64 constituents, int block first (blocks reordered)
  topjets_bad_label.h5        pandas fixed layout whose is_signal_new holds a 2
  hls4ml_bad_onehot.h5        HLS4ML layout with a row labelled by two classes
  huge_claim.h5               a chunked dataset claiming 10**12 rows (no data written)
  strings_only.h5             a dataset of strings where numbers are expected
  dtypes.h5                   3 x 4 datasets of every numeric stored type, little- and big-endian
"""
import gzip, json, os
import numpy as np
import h5py
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(os.path.join(here, "..", "..", ".."))
shared = os.path.abspath(os.path.join(repo, "..", "shared", "data"))
rng = np.random.default_rng(20261123)
ref = {}

# CIFAR-10 ---------------------------------------------------------------------------------------
cdir = os.path.join(shared, "cifar-10-batches-bin")
def cifar(name):
    raw = np.fromfile(os.path.join(cdir, name), dtype=np.uint8).reshape(-1, 3073)
    return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].astype(np.int64)
train = [cifar(f"data_batch_{i}.bin") for i in range(1, 6)]
x = np.concatenate([t[0] for t in train]); y = np.concatenate([t[1] for t in train])
picks = [[int(v) for v in (rng.integers(0, len(x)), rng.integers(0, 3), rng.integers(0, 32), rng.integers(0, 32))] for _ in range(8)]
tx, ty = cifar("test_batch_first1000.bin")
ref["cifar10"] = {
    "train_count": int(len(x)),
    "train_class_counts": np.bincount(y, minlength=10).tolist(),
    "batch1_first_labels": train[0][1][:10].tolist(),
    "batch1_image0_red_row0": x[0, 0, 0, :].astype(int).tolist(),
    "train_pixels": [p + [int(x[p[0], p[1], p[2], p[3]])] for p in picks],
    "train_pixel_sum": int(x.sum(dtype=np.int64)),
    "test1000_class_counts": np.bincount(ty, minlength=10).tolist(),
    "test1000_first_labels": ty[:10].tolist(),
}

# MNIST ------------------------------------------------------------------------------------------
mdir = os.path.join(shared, "mnist")
def idx(name, offset):
    with gzip.open(os.path.join(mdir, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
mi = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
ml = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
mt = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
mpicks = [[int(rng.integers(0, len(mi))), 0, int(rng.integers(0, 28)), int(rng.integers(0, 28))] for _ in range(8)]
mpicks.append([0, 0, 14, 14])
ref["mnist"] = {
    "test_count": int(len(mi)),
    "test_first_labels": ml[:10].tolist(),
    "test_class_counts": np.bincount(ml, minlength=10).tolist(),
    "test_image0_sum": int(mi[0].sum(dtype=np.int64)),
    "test_pixels": [p + [int(mi[p[0], p[1], p[2], p[3]])] for p in mpicks],
    "train_label_count": int(len(mt)),
    "train_class_counts": np.bincount(mt, minlength=10).tolist(),
}

# Top tagging (pandas fixed layout) --------------------------------------------------------------
tdir = os.path.join(shared, "toptagging-format")
ref["toptagging"] = {}
for name in ["train.h5", "val.h5", "test.h5"]:
    df = pd.read_hdf(os.path.join(tdir, name), key="table")
    cols = [f"{c}_{j}" for j in range(200) for c in ["E", "PX", "PY", "PZ"]]
    v = df[cols].to_numpy(dtype=np.float64).reshape(len(df), 200, 4)
    lab = df["is_signal_new"].to_numpy().astype(np.int64)
    tp = [[int(rng.integers(0, len(df))), int(rng.integers(0, 10)), int(rng.integers(0, 4))] for _ in range(8)]
    ref["toptagging"][name] = {
        "count": int(len(df)),
        "signal_count": int(lab.sum()),
        "first_labels": lab[:10].tolist(),
        "jet0_first3": v[0, :3, :].tolist(),
        "values": [p + [float(v[p[0], p[1], p[2]])] for p in tp],
        "e_sum": float(v[:, :, 0].sum()),
        "rows_100_110_labels": lab[100:110].tolist(),
        "rows_100_110_e0": v[100:110, 0, 0].tolist(),
    }

# HLS4ML -----------------------------------------------------------------------------------------
hdir = os.path.join(shared, "hls4ml-format")
ref["hls4ml"] = {}
for name in sorted(os.listdir(hdir)):
    with h5py.File(os.path.join(hdir, name), "r") as f:
        names = [s.decode() for s in f["jetFeatureNames"][:]]
        jets = f["jets"][:]
        onehot = jets[:, [names.index(c) for c in ["j_g", "j_q", "j_w", "j_z", "j_t"]]]
        lab = onehot.argmax(1)
        feat_idx = [i for i, n in enumerate(names) if n not in ("j_g", "j_q", "j_w", "j_z", "j_t", "j_undef")]
        img = f["jetImage"]; con = f["jetConstituentList"]
        ip = [[int(rng.integers(0, img.shape[0])), int(rng.integers(40, 60)), int(rng.integers(40, 60))] for _ in range(6)]
        cp = [[int(rng.integers(0, con.shape[0])), int(rng.integers(0, 5)), int(rng.integers(0, con.shape[2]))] for _ in range(6)]
        fp = [[int(rng.integers(0, jets.shape[0])), int(rng.integers(0, len(feat_idx)))] for _ in range(6)]
        ref["hls4ml"][name] = {
            "count": int(jets.shape[0]),
            "image_shape": list(img.shape), "constituent_shape": list(con.shape),
            "feature_names": [names[i] for i in feat_idx],
            "particle_feature_names": [s.decode() for s in f["particleFeatureNames"][:]],
            "first_labels": lab[:10].tolist(),
            "class_counts": np.bincount(lab, minlength=5).tolist(),
            "image_values": [p + [float(img[p[0], p[1], p[2]])] for p in ip],
            "image_sum_jet0": float(img[0].astype(np.float64).sum()),
            "constituent_values": [p + [float(con[p[0], p[1], p[2]])] for p in cp],
            "feature_values": [p + [float(jets[p[0], feat_idx[p[1]]])] for p in fp],
        }

# Byte ranges of val.h5 that hold HDF5 metadata (everything outside the datasets' raw data), for corruption tests.
val_path = os.path.join(tdir, "val.h5")
with h5py.File(val_path, "r") as f:
    spans = []
    f.visititems(lambda n, o: spans.append((o.id.get_offset(), o.id.get_storage_size())) if isinstance(o, h5py.Dataset) and o.id.get_offset() is not None else None)
regions, cursor = [], 0
for start, size in sorted(spans):
    if start > cursor:
        regions.append([cursor, start])
    cursor = max(cursor, start + size)
if cursor < os.path.getsize(val_path):
    regions.append([cursor, os.path.getsize(val_path)])
ref["toptagging"]["val.h5"]["metadata_regions"] = regions

with open(os.path.join(here, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1)

# Small crafted files for layout and error tests --------------------------------------------------
n = 6
cols = [f"{c}_{j}" for j in range(3) for c in ["E", "PX", "PY", "PZ"]]
vals = np.arange(n * len(cols), dtype=np.float64).reshape(n, len(cols)) / 8.0
df = pd.DataFrame(vals, columns=cols)
df.insert(0, "is_signal_new", np.array([0, 1, 1, 0, 1, 0], dtype=np.int64))
df.insert(1, "ttv", np.zeros(n, dtype=np.int64))
reordered = os.path.join(here, "topjets_float64_reordered.h5")
df.to_hdf(reordered, key="table", mode="w", format="fixed")
with h5py.File(reordered, "a") as f:  # pandas always writes the float block first: swap blocks 0 and 1
    for part in ["items", "values"]:
        f.move(f"table/block0_{part}", f"table/tmp_{part}")
        f.move(f"table/block1_{part}", f"table/block0_{part}")
        f.move(f"table/tmp_{part}", f"table/block1_{part}")
assert pd.read_hdf(reordered, "table").equals(df)
df.loc[3, "is_signal_new"] = 2
df.to_hdf(os.path.join(here, "topjets_bad_label.h5"), key="table", mode="w", format="fixed")
ref_small = {"values": vals.reshape(n, 3, 4).tolist(), "labels": [0, 1, 1, 0, 1, 0]}
with h5py.File(os.path.join(here, "topjets_float64_reordered.h5"), "r") as f:
    ref_small["block_order"] = [[s.decode() for s in f[f"table/block{b}_items"][:]] for b in range(2)]
with open(os.path.join(here, "topjets_small_reference.json"), "w") as f:
    json.dump(ref_small, f, indent=1)

with h5py.File(os.path.join(hdir, sorted(os.listdir(hdir))[0]), "r") as src, \
        h5py.File(os.path.join(here, "hls4ml_bad_onehot.h5"), "w") as dst:
    jets = src["jets"][:4].copy()
    names = [s.decode() for s in src["jetFeatureNames"][:]]
    jets[2, names.index("j_g")] = 1.0; jets[2, names.index("j_t")] = 1.0
    dst["jets"] = jets
    dst["jetFeatureNames"] = src["jetFeatureNames"][:]
    dst["particleFeatureNames"] = src["particleFeatureNames"][:]
    dst["jetImage"] = src["jetImage"][:4]
    dst["jetConstituentList"] = src["jetConstituentList"][:4]

with h5py.File(os.path.join(here, "huge_claim.h5"), "w") as f:
    f.create_dataset("x", shape=(10**12, 4), dtype="f4", chunks=(1024, 4))
with h5py.File(os.path.join(here, "strings_only.h5"), "w") as f:
    f["names"] = np.array([b"a", b"bb"], dtype="S2")
# One small dataset per stored type (both byte orders), values 0, 1, ..., 11 minus 3 where signed.
with h5py.File(os.path.join(here, "dtypes.h5"), "w") as f:
    base = np.arange(12).reshape(3, 4)
    for name in ["<f4", ">f4", "<f8", ">f8", "<i1", "<u1", "<i2", ">i2", "<u2", "<i4", "<u4", "<i8", ">i8", "<u8"]:
        signed = name[1] in "if"
        f.create_dataset(name.replace("<", "le_").replace(">", "be_"), data=(base - 3 if signed else base).astype(name))
print("wrote", here)
