#!/usr/bin/env bash
# Targeted side-by-side run: the Trainer, the hand-written TorchSharp loop and PyTorch 1.13 on the lecture models,
# alternating (trainer, hand, torch) for ROUNDS rounds; prints each process's median epoch time (epochs 2..E).
# usage: bash bench/trainer_vs_loop.sh [ROUNDS] [IMAGES] [THREADS]     (defaults 3, 10000, all cores)
# Needs bench/run.sh's peers (python3-torch, libopenblas0-pthread) and nothing else running on the machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}" images="${2:-10000}" threads="${3:-$(nproc --all)}"
data="$root/../shared/data/cifar-10-batches-bin"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
dotnet build "$root/bench/Suite/Suite.csproj" -c Release -o "$work/suite" > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" OMP_WAIT_POLICY=PASSIVE
export PYTHONPATH="$root/bench/peers"
echo "threads $threads, images $images, rounds $rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
for model in cnn fc; do
  for ((r = 1; r <= rounds; r++)); do
    for impl in trainer hand torch; do
      args=(train --model "$model" --batch 32 --images "$images" --epochs 3 --threads "$threads" --data "$data")
      if [ "$impl" = torch ]; then out=$(/usr/bin/python3 "$root/bench/peers/torch_peer.py" "${args[@]}" 2>&1)
      else out=$(dotnet "$work/suite/Suite.dll" "${args[@]}" --impl "$impl" 2>&1); fi
      echo "$model b32 round $r $impl $(echo "$out" | awk '/^RESULT/ {print $2}') s/epoch"
    done
  done
done
