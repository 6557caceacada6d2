#!/usr/bin/env bash
# Downloads the HLS4ML LHC jet dataset with up to 100 particles per jet (Zenodo record 3602260) and unpacks it.
# Usage: data/download_hls4ml.sh [target folder, default: the folder of this script]
# Result: <target>/hls4ml/ with the training and validation archives unpacked into files jetImage_*_100p_*.h5,
# read by DeepLearning.Torch.Data.Hls4mlJetReader (pass several files; they are concatenated).
# Checks: the size and MD5 of every archive against the Zenodo record's metadata (zenodo_download.py).
# The archives total several GB. Not run in this repository's CI (no internet there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-$here}/hls4ml"
python3 "$here/zenodo_download.py" 3602260 "$target" .tar.gz
cd "$target"
for archive in *.tar.gz; do
  tar -xzf "$archive"
done
echo "HLS4ML jets ready in $target:"
find "$target" -name '*.h5' | head -5
