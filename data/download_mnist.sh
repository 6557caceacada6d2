#!/usr/bin/env bash
# Downloads MNIST (LeCun, Cortes, Burges) idx files, gzip-compressed, and checks their decompressed content.
# Usage: data/download_mnist.sh [target folder, default: the folder of this script]
# Result: <target>/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (MnistReader reads them compressed).
# Source: the original page http://yann.lecun.com/exdb/mnist/ is often unavailable; the files are taken from the
# mirror that torchvision uses. Checks: decompressed size of every file, and SHA-256 of the decompressed test
# images, test labels and training labels (the same bytes as the test copies in ../shared/data). The gzip files
# themselves are not checksummed because re-compressed copies are common.
# Not run in this repository's CI (no internet there).
set -euo pipefail
target="${1:-$(cd "$(dirname "$0")" && pwd)}/mnist"
base="https://ossci-datasets.s3.amazonaws.com/mnist"
mkdir -p "$target"
cd "$target"
declare -A bytes=(
  [train-images-idx3-ubyte]=47040016
  [train-labels-idx1-ubyte]=60008
  [t10k-images-idx3-ubyte]=7840016
  [t10k-labels-idx1-ubyte]=10008
)
declare -A sha=(
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
for name in "${!bytes[@]}"; do
  if [ ! -f "$name.gz" ]; then
    curl -fL --retry 3 -o "$name.gz.part" "$base/$name.gz"
    mv "$name.gz.part" "$name.gz"
  fi
  size=$(gunzip -c "$name.gz" | wc -c)
  if [ "$size" -ne "${bytes[$name]}" ]; then
    echo "$name.gz decompresses to $size bytes; expected ${bytes[$name]}" >&2
    exit 1
  fi
  if [ -n "${sha[$name]:-}" ]; then
    actual=$(gunzip -c "$name.gz" | sha256sum | cut -d' ' -f1)
    if [ "$actual" != "${sha[$name]}" ]; then
      echo "$name: SHA-256 of the decompressed content is $actual; expected ${sha[$name]}" >&2
      exit 1
    fi
  fi
  echo "$name.gz: OK"
done
echo "MNIST ready in $(pwd)"
