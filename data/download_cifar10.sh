#!/usr/bin/env bash
# Downloads the CIFAR-10 binary version (Krizhevsky 2009) from the University of Toronto page and checks it.
# Usage: data/download_cifar10.sh [target folder, default: the folder of this script]
# Result: <target>/cifar-10-batches-bin/{data_batch_1..5.bin,test_batch.bin,batches.meta.txt}
# Checks: SHA-256 of the five training batches and batches.meta.txt (the same bytes as the test copies in
# ../shared/data), and the size of test_batch.bin (10,000 records of 3,073 bytes).
# Not run in this repository's CI (no internet there).
set -euo pipefail
target="${1:-$(cd "$(dirname "$0")" && pwd)}"
url="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
mkdir -p "$target"
cd "$target"
if [ ! -f cifar-10-binary.tar.gz ]; then
  curl -fL --retry 3 -o cifar-10-binary.tar.gz.part "$url"
  mv cifar-10-binary.tar.gz.part cifar-10-binary.tar.gz
fi
tar -xzf cifar-10-binary.tar.gz
cd cifar-10-batches-bin
sha256sum -c <<'SUMS'
2ce042b1e0b48db4bb214408e6414ba18b2731c24af244f2d6c112fddf31af00  batches.meta.txt
cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5  data_batch_1.bin
a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed  data_batch_2.bin
bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67  data_batch_3.bin
014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48  data_batch_4.bin
755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add  data_batch_5.bin
SUMS
size=$(stat -c %s test_batch.bin)
if [ "$size" -ne 30730000 ]; then
  echo "test_batch.bin has $size bytes; expected 30730000 (10000 records of 3073 bytes)" >&2
  exit 1
fi
echo "CIFAR-10 ready in $(pwd)"
