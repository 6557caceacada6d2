"""Crafted HDF5 files for the reader fuzz tests (Reliability/ReaderFuzzTests.cs). Run with /usr/bin/python3 (h5py 3.7).

  toptagging_huge_claim.h5   pandas fixed layout whose blocks claim 10**12 rows (chunked, no data written)
  toptagging_string_values.h5  block0_values stored as byte strings instead of numbers
  toptagging_3d_values.h5    block0_values of rank 3
  hls4ml_huge_claim.h5       'jets' claims 10**12 rows (chunked, no data written)
  hls4ml_wrong_columns.h5    'jets' has fewer columns than jetFeatureNames
  hls4ml_string_jets.h5      'jets' stored as byte strings
"""
import os
import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
HUGE = 10**12
top_items = np.array([b"E_0", b"PX_0", b"PY_0", b"PZ_0"], dtype="S4")
hls_names = np.array([b"j_pt", b"j_g", b"j_q", b"j_w", b"j_z", b"j_t"], dtype="S4")


def top(name, values):
    with h5py.File(os.path.join(here, name), "w") as f:
        g = f.create_group("table")
        g["block0_items"] = top_items
        values(g)
        g["block1_items"] = np.array([b"is_signal_new"], dtype="S13")
        rows = g["block0_values"].shape[0]
        if rows == HUGE:
            g.create_dataset("block1_values", shape=(HUGE, 1), dtype="i8", chunks=(1024, 1))
        else:
            g["block1_values"] = np.zeros((rows, 1), dtype="i8")


top("toptagging_huge_claim.h5", lambda g: g.create_dataset("block0_values", shape=(HUGE, 4), dtype="f4", chunks=(1024, 4)))
top("toptagging_string_values.h5", lambda g: g.create_dataset("block0_values", data=np.full((3, 4), b"1.0", dtype="S3")))
top("toptagging_3d_values.h5", lambda g: g.create_dataset("block0_values", data=np.zeros((3, 4, 2), dtype="f4")))


def hls(name, jets):
    with h5py.File(os.path.join(here, name), "w") as f:
        f["jetFeatureNames"] = hls_names
        f["particleFeatureNames"] = np.array([b"j1_pt"], dtype="S5")
        jets(f)


hls("hls4ml_huge_claim.h5", lambda f: f.create_dataset("jets", shape=(HUGE, 6), dtype="f4", chunks=(1024, 6)))
hls("hls4ml_wrong_columns.h5", lambda f: f.create_dataset("jets", data=np.zeros((3, 4), dtype="f4")))
hls("hls4ml_string_jets.h5", lambda f: f.create_dataset("jets", data=np.full((3, 6), b"0", dtype="S1")))
print("wrote", here)
