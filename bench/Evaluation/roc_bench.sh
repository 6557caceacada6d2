#!/usr/bin/env bash
# ROC + AUC benchmark: DeepLearning.Torch (RocCurve.Compute + Auc) against scikit-learn (roc_curve + auc)
# on the same scores (10^6 and 10^7, written once by make_scores.py). Runs alternate ours/sklearn, one
# process each, ROUNDS times; each process times REPEATS calls (after a small warm-up call). Prints the
# median over all calls and the median of the first call of each process (cold memory), and the ratios
# ours/sklearn. Both are single-threaded.
# usage: bench/Evaluation/roc_bench.sh [ROUNDS] [REPEATS]   (defaults 5 and 3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-5}"
repeats="${2:-3}"
py=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
dotnet build "$here/RocBench/RocBench.csproj" -c Release -o "$work/bin" >/dev/null
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf "%-10s %-14s %12s %12s %8s\n" "n" "calls" "ours [s]" "sklearn [s]" "ratio"
for n in 1000000 10000000; do
  "$py" "$here/make_scores.py" "$n" "$work/s$n"
  : > "$work/ours$n"; : > "$work/sk$n"
  for ((r = 0; r < rounds; r++)); do
    dotnet "$work/bin/RocBench.dll" "$work/s$n.f64" "$work/s$n.i32" "$repeats" | awk '{print $0, NR}' >> "$work/ours$n"
    "$py" "$here/sklearn_roc.py" "$work/s$n" "$repeats" | awk '{print $0, NR}' >> "$work/sk$n"
  done
  for sel in all first; do
    filter='{print $3}'; [ "$sel" = first ] && filter='$5 == 1 {print $3}'
    ours=$(awk "$filter" "$work/ours$n" | median)
    sk=$(awk "$filter" "$work/sk$n" | median)
    printf "%-10s %-14s %12.4f %12.4f %8.3f\n" "$n" "$sel (median)" "$ours" "$sk" "$(awk -v a="$ours" -v b="$sk" 'BEGIN {print a / b}')"
  done
  echo "AUC ours $(head -1 "$work/ours$n" | awk '{print $4}')  sklearn $(head -1 "$work/sk$n" | awk '{print $4}')"
done
