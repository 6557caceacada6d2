#!/usr/bin/env bash
# Downloads the Top Quark Tagging Reference Dataset (Kasieczka, Plehn, Thompson, Russell; Zenodo record 2603256):
# train.h5 (1.2M jets), val.h5 (400k), test.h5 (400k), pandas DataFrames in fixed format (key "table").
# Usage: data/download_toptagging.sh [target folder, default: the folder of this script]
# Result: <target>/toptagging/{train,val,test}.h5, read by DeepLearning.Torch.Data.TopTaggingReader.
# Checks: the size and MD5 of every file against the Zenodo record's metadata (zenodo_download.py).
# The files total several GB. Not run in this repository's CI (no internet there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-$here}/toptagging"
python3 "$here/zenodo_download.py" 2603256 "$target" .h5
echo "Top tagging dataset ready in $target"
