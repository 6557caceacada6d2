#!/usr/bin/env bash
# DeepLearning.Torch benchmark suite: ours against PyTorch 1.13, scikit-learn and h5py (Debian packages).
# Every comparison runs ours and the peer(s) alternately, one process each (A B A B ..., the order reversed every
# other round), and reports medians; both sides get the same thread count (OMP_WAIT_POLICY=PASSIVE).
#
# usage: bash bench/run.sh [--quick] [--threads T] [--rounds R] [--data CIFAR_DIR] [--no-install]
#   --quick       tiny sizes and one round (a smoke test of the script, not a measurement)
#   --threads T   threads for both sides (default: all online cores)
#   --rounds R    alternations per comparison (default 5; 1 with --quick)
#   --data DIR    CIFAR-10 binary folder (default: ../shared/data/cifar-10-batches-bin next to the repository)
#   --no-install  do not apt-get missing peers; report them instead
#   --only TEXT   run only the comparisons whose name contains TEXT, or one of several texts separated by "|" (no memory
#                 run; inputs written only when needed), e.g. --only "pass, libtorch" for the ONNX Runtime against
#                 libtorch inference rows, --only "pfn|particlenet|transformer" for the set-model training rows, --only
#                 paired for the Trainer against the hand loop and the custom step, epoch by epoch in one process
# Prints a progress log on stderr and the table on stdout. Needs nothing else running on the machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
quick=0 threads="$(getconf _NPROCESSORS_ONLN)" rounds="" install=1 only="" data="$root/../shared/data/cifar-10-batches-bin"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --threads) threads="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --data) data="$2"; shift ;;
    --no-install) install=0 ;;
    --only) only="$2"; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  : "${rounds:=1}"; pairs=2 epochs=2 repeats=1 images=500 jets=4096 infer=1000 roc_ns="100000" conf_n=100000
  h5_mib=16 chunk=1024 mem_images=256 mem_epochs=5 stream_mib=32 big_mib=128 set_jets="pfn:1024 particlenet:256 transformer:256"
else
  : "${rounds:=5}"; pairs=12 epochs=3 repeats=3 images=10000 jets=100000 infer=10000 roc_ns="1000000 10000000" conf_n=10000000
  h5_mib=1024 chunk=8192 mem_images=2000 mem_epochs=20 stream_mib=320 big_mib=4096
  set_jets="pfn:16384 particlenet:4096 transformer:4096"   # toy jets per set model (a few seconds an epoch each)
fi
stream_rows=$((stream_mib * 1048576 / 3200)) big_rows=$((big_mib * 1048576 / 3200))   # 3,200 bytes a row (800 float32)
py=/usr/bin/python3
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# 1. Peers from Debian packages (libopenblas0-pthread: PyTorch's BLAS; the default is the slow reference BLAS).
missing=()
for pkg in python3-torch python3-sklearn python3-h5py libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$install" = 1 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    log "installing ${missing[*]}"
    $sudo apt-get update -q >&2 && $sudo apt-get install -y -q "${missing[@]}" >&2
    missing=()
  else
    log "WARNING: not installed (--no-install): ${missing[*]}"
  fi
fi

# 2. Build ours (Release) and prepare inputs.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "building bench/Suite (Release)"
dotnet build "$root/bench/Suite/Suite.csproj" -c Release -o "$work/suite" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
ours=(dotnet "$work/suite/Suite.dll")
export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" OMP_WAIT_POLICY=PASSIVE
export PYTHONPATH="$root/bench/peers${PYTHONPATH:+:$PYTHONPATH}"
torch_py=("$py" "$root/bench/peers/torch_peer.py")
sk_py=("$py" "$root/bench/peers/sklearn_peer.py")
h5_py=("$py" "$root/bench/peers/h5py_peer.py")
set_py=("$py" "$root/bench/peers/torch_set_peer.py")
log "writing inputs to $work"
wanted() {   # --only "A|B": the comparisons whose name contains A or B
  [ -z "$only" ] && return 0
  local part parts; IFS='|' read -ra parts <<< "$only"
  for part in "${parts[@]}"; do [[ "$1" == *"$part"* ]] && return 0; done
  return 1
}
for n in $roc_ns; do wanted "ROC+AUC n=$n" && "$py" "$root/bench/peers/make_inputs.py" roc "$n" "$work/roc$n"; done
wanted "confusion" && "$py" "$root/bench/peers/make_inputs.py" confusion "$conf_n" "$work/conf"
wanted "HDF5 read" && "$py" "$root/bench/peers/make_inputs.py" hdf5 "$h5_mib" "$work/x.h5"
for mj in $set_jets; do
  wanted "train ${mj%%:*} b128 epoch" && "$py" "$root/bench/peers/make_inputs.py" jets "${mj#*:}" "$work/jets_${mj%%:*}"
done
wanted "train stream HDF5 ${stream_mib} MiB dense b1024 epoch" && "$py" "$root/bench/peers/make_stream_inputs.py" "$stream_mib" "$work/stream.h5" >&2

# 3. Header: machine, threads, both sides' libtorch, oneDNN cap and the peer's BLAS.
header() {
  echo "machine: $(lscpu | sed -n 's/^Model name:\s*//p') ($(grep -q avx512f /proc/cpuinfo && echo AVX-512 || echo no AVX-512)), $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "threads: $threads on both sides (torch.set_num_threads, OMP/MKL/OPENBLAS_NUM_THREADS=$threads, OMP_WAIT_POLICY=PASSIVE); rounds $rounds$([ "$quick" = 1 ] && echo ', QUICK sizes')"
  echo "ours: $("${ours[@]}" info --threads "$threads" | head -1)"
  "${torch_py[@]}" info --threads "$threads" | grep -v PEAK_RSS | sed 's/^/peer: /'
  echo "peer BLAS: libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)$([ ${#missing[@]} -gt 0 ] && echo " (MISSING: ${missing[*]}; peer BLAS not tuned)")"
  echo "memory: transparent huge pages $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown); ours: $("${ours[@]}" info --threads "$threads" | sed -n 's/^native allocator: //p') (except rows marked untuned); peer: glibc defaults"
  echo "peer versions: $("$py" -c 'import sklearn, h5py, numpy; print(f"scikit-learn {sklearn.__version__}, h5py {h5py.__version__}, numpy {numpy.__version__}")')"
}
header > "$work/header"
cat "$work/header" >&2
steal_start="$(head -1 /proc/stat)"

# 4. Comparisons. run_one FILE CMD...: one process, appends its RESULT and PEAK_RSS_KB to FILE.{s,kb}, its PARAMETERS
# line to FILE.params and its EPOCH_RSS lines (epoch, RSS KiB, live tensors) as one line "e:MiB:live ..." to FILE.rss.
run_one() {
  local file="$1"; shift
  if ! "$@" >"$work/out" 2>"$work/err"; then
    log "FAILED: $*"; tail -5 "$work/err" >&2; return 0
  fi
  sed -n 's/^RESULT //p' "$work/out" >> "$file.s"
  sed -n 's/^PEAK_RSS_KB //p' "$work/out" >> "$file.kb"
  sed -n 's/^CPU_RESULT //p' "$work/out" >> "$file.cpu"
  sed -n 's/^PARAMETERS //p' "$work/out" >> "$file.params"
  grep -q '^EPOCH_RSS ' "$work/out" && awk '/^EPOCH_RSS/ {printf "%s%s:%.0f:%s", (n++ ? " " : ""), $2, $3 / 1024, $4} END {print ""}' "$work/out" >> "$file.rss"
  return 0
}
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "nan"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
peak_mib() { sort -g | tail -1 | awk '{printf "%.0f", $1 / 1024}'; }
declare -A med
printf "%-50s %11s %11s %8s %11s %11s %13s %13s\n" "benchmark" "ours [s]" "peer [s]" "ours/peer" "ours [1/s]" "peer [1/s]" "RSS MiB o/p" "rounds' o/p" > "$work/table"
# spread A B: the smallest and largest ratio of the rounds' results (line r of file A over line r of B), "min-max".
# When this range is wider than the difference a target asks about, the run cannot judge it (e.g. under VM steal).
spread() {
  [ -s "$1" ] && [ -s "$2" ] || { echo -; return; }
  paste "$1" "$2" | awk '$2 > 0 {r = $1 / $2; if (n++ == 0 || r < lo) lo = r; if (n == 1 || r > hi) hi = r}
    END {if (n) printf "%.2f-%.2f", lo, hi; else print "-"}'
}
# compare NAME ITEMS "OURS CMD" LABEL "PEER CMD" [LABEL "PEER CMD" ...]; ITEMS per timed unit gives the rate (0: none).
compare() {
  local name="$1" items="$2" cmd=("$3"); shift 3
  wanted "$name" || return 0
  local labels=() k
  while [ $# -gt 0 ]; do labels+=("$1"); cmd+=("$2"); shift 2; done
  local key; key="$(echo "$name" | tr -c 'A-Za-z0-9' _)"
  for ((r = 0; r < rounds; r++)); do
    local order=(); for k in "${!cmd[@]}"; do order+=("$k"); done
    [ $((r % 2)) = 1 ] && order=($(printf '%s\n' "${order[@]}" | tac))
    for k in "${order[@]}"; do log "$name round $((r + 1))/$rounds side $k"; eval "run_one $work/$key.$k ${cmd[$k]}"; done
  done
  local o po; o=$(median < "$work/$key.0.s" 2>/dev/null || echo nan); po=$(peak_mib < "$work/$key.0.kb" 2>/dev/null || echo -)
  med["$name|ours"]="$o"
  for k in "${!labels[@]}"; do
    local p pp; p=$(median < "$work/$key.$((k + 1)).s" 2>/dev/null || echo nan); pp=$(peak_mib < "$work/$key.$((k + 1)).kb" 2>/dev/null || echo -)
    med["$name|${labels[$k]}"]="$p"
    local sp; sp=$(spread "$work/$key.0.s" "$work/$key.$((k + 1)).s")
    awk -v n="$name vs ${labels[$k]}" -v o="$o" -v p="$p" -v i="$items" -v mo="$po" -v mp="$pp" -v sp="$sp" 'BEGIN {
      ratio = 0; if (p > 0) ratio = o / p
      ro = "-"; if (i > 0 && o > 0) ro = sprintf("%.0f", i / o)
      rp = "-"; if (i > 0 && p > 0) rp = sprintf("%.0f", i / p)
      printf("%-50s %11.4f %11.4f %8.3f %11s %11s %13s %13s\n", n, o, p, ratio, ro, rp, mo "/" mp, sp) }' >> "$work/table"
    # Both sides ours: the same comparison in process CPU time, which the hypervisor's steal does not inflate.
    if [ -s "$work/$key.0.cpu" ] && [ -s "$work/$key.$((k + 1)).cpu" ]; then
      local oc pc spc; oc=$(median < "$work/$key.0.cpu"); pc=$(median < "$work/$key.$((k + 1)).cpu")
      spc=$(spread "$work/$key.0.cpu" "$work/$key.$((k + 1)).cpu")
      awk -v n="$name vs ${labels[$k]}, CPU time" -v o="$oc" -v p="$pc" -v sp="$spc" 'BEGIN {
        ratio = 0; if (p > 0) ratio = o / p
        printf("%-50s %11.4f %11.4f %8.3f %11s %11s %13s %13s\n", n, o, p, ratio, "-", "-", "-", sp) }' >> "$work/table"
    fi
  done
}
q() { printf '%q ' "$@"; }   # quotes a command for compare
for model in fc cnn; do
  for batch in 32 128; do
    args=(train --model "$model" --batch "$batch" --images "$images" --epochs "$epochs" --threads "$threads" --data "$data")
    compare "train $model b$batch epoch" "$images" "$(q "${ours[@]}" "${args[@]}" --impl trainer)" \
      "PyTorch" "$(q "${torch_py[@]}" "${args[@]}")" "TorchSharp loop" "$(q "${ours[@]}" "${args[@]}" --impl hand)"
  done
done
# A custom TrainingStep doing what the built-in step does, against the built-in step (target: at most 1.02).
args=(train --model fc --batch 32 --images "$images" --epochs "$epochs" --threads "$threads" --data "$data")
compare "train fc b32 epoch, custom step" "$images" "$(q "${ours[@]}" "${args[@]}" --impl custom)" \
  "built-in step" "$(q "${ours[@]}" "${args[@]}" --impl trainer)"
args=(train --model cnn --batch 128 --images "$images" --epochs "$epochs" --threads "$threads" --data "$data")
compare "train cnn b128 epoch, ours ISA=ALL" "$images" "$(q env ONEDNN_MAX_CPU_ISA=ALL "${ours[@]}" "${args[@]}" --impl trainer)" \
  "PyTorch" "$(q "${torch_py[@]}" "${args[@]}")"
# Ours without the library's native allocator settings (DLTORCH_MALLOC_TUNING=0: glibc's default malloc thresholds and
# no libtorch huge pages), to show what they are worth: page faults on fresh memory are slow on this VM.
for mb in "fc 32" "cnn 32"; do
  set -- $mb
  args=(train --model "$1" --batch "$2" --images "$images" --epochs "$epochs" --threads "$threads" --data "$data")
  compare "train $1 b$2 epoch, ours untuned malloc" "$images" "$(q env DLTORCH_MALLOC_TUNING=0 "${ours[@]}" "${args[@]}" --impl trainer)" \
    "PyTorch" "$(q "${torch_py[@]}" "${args[@]}")"
done
set --
args=(train --model dense --batch 1024 --images "$jets" --epochs "$epochs" --threads "$threads")
compare "train dense(200x4) b1024 epoch" "$jets" "$(q "${ours[@]}" "${args[@]}" --impl trainer)" \
  "PyTorch" "$(q "${torch_py[@]}" "${args[@]}")" "TorchSharp loop" "$(q "${ours[@]}" "${args[@]}" --impl hand)"
# Ours against ours in ONE process, epoch by epoch (A B, B A, ...; Suite train-paired): the ratio of two epochs run
# seconds apart, where the rows above compare processes run minutes apart, so the machine's slow speed drifts (VM steal)
# cancel. These rows judge the Trainer's targets: Trainer / hand loop <= 1.03, custom step / built-in step <= 1.02.
: > "$work/paired"
paired() {   # paired NAME "CMD": the median, quartiles and range of the per-pair ratios in wall and CPU time
  local name="$1" cmd="$2"
  wanted "$name" || return 0
  log "$name ($pairs pairs in one process)"
  if ! eval "$cmd" >"$work/out" 2>"$work/err"; then log "FAILED: $cmd"; tail -5 "$work/err" >&2; return 0; fi
  awk -v n="$name" '/^PAIRED / {printf "%-58s %7.3f  quartiles %.3f-%.3f  range %.3f-%.3f\n", n, $2, $3, $4, $5, $6}
    /^PAIRED_CPU / {printf "%-58s %7.3f  quartiles %.3f-%.3f  range %.3f-%.3f\n", "  the same in process CPU time", $2, $3, $4, $5, $6}' "$work/out" >> "$work/paired"
}
for mb in "fc 32" "fc 128" "cnn 32" "cnn 128" "dense 1024"; do
  set -- $mb
  n="$images"; [ "$1" = dense ] && n="$jets"
  paired "paired train $1 b$2 epoch, Trainer / TorchSharp loop" \
    "$(q "${ours[@]}" train-paired --pair trainer,hand --pairs "$pairs" --model "$1" --batch "$2" --images "$n" --threads "$threads" --data "$data")"
done
set --
paired "paired train fc b32 epoch, custom step / built-in step" \
  "$(q "${ours[@]}" train-paired --pair custom,trainer --pairs "$pairs" --model fc --batch 32 --images "$images" --threads "$threads" --data "$data")"
for model in fc cnn dense; do
  args=(infer --model "$model" --images "$infer" --repeats "$repeats" --threads "$threads" --data "$data")
  compare "infer $model b1000 pass" "$infer" "$(q "${ours[@]}" "${args[@]}")" "PyTorch" "$(q "${torch_py[@]}" "${args[@]}")"
done
# The same models exported to ONNX (ExportOnnx) and run by ONNX Runtime, against libtorch (Trainer.Predict): both ours.
for model in cnn dense; do
  args=(--model "$model" --images "$infer" --repeats "$repeats" --threads "$threads" --data "$data")
  compare "infer $model b1000 pass, libtorch" "$infer" "$(q "${ours[@]}" infer "${args[@]}")" \
    "ONNX Runtime" "$(q "${ours[@]}" infer-onnx "${args[@]}")"
done
for n in $roc_ns; do
  compare "ROC+AUC n=$n, ties, weights" "$n" "$(q "${ours[@]}" roc --prefix "$work/roc$n" --repeats "$repeats" --threads 1)" \
    "sklearn" "$(q "${sk_py[@]}" roc --prefix "$work/roc$n" --repeats "$repeats")"
done
compare "confusion+report n=$conf_n" "$conf_n" "$(q "${ours[@]}" confusion --prefix "$work/conf" --repeats "$repeats" --threads 1)" \
  "sklearn" "$(q "${sk_py[@]}" confusion --prefix "$work/conf" --repeats "$repeats")"
for mode in whole chunks; do
  compare "HDF5 read ${h5_mib} MiB $mode" 0 "$(q "${ours[@]}" hdf5 --file "$work/x.h5" --mode "$mode" --chunk-rows "$chunk" --repeats "$repeats" --threads 1)" \
    "h5py" "$(q "${h5_py[@]}" hdf5 --file "$work/x.h5" --mode "$mode" --chunk-rows "$chunk" --repeats "$repeats")"
done
compare "HDF5 read ${h5_mib} MiB whole, ours untuned malloc" 0 "$(q env DLTORCH_MALLOC_TUNING=0 "${ours[@]}" hdf5 --file "$work/x.h5" --mode whole --chunk-rows "$chunk" --repeats "$repeats" --threads 1)" \
  "h5py" "$(q "${h5_py[@]}" hdf5 --file "$work/x.h5" --mode whole --chunk-rows "$chunk" --repeats "$repeats")"
compare "CIFAR-10 load 50,000 images" 50000 "$(q "${ours[@]}" cifar-load --data "$data" --repeats "$repeats" --threads 1)" \
  "numpy" "$(q "${h5_py[@]}" cifar-load --data "$data" --repeats "$repeats")"
compare "CIFAR-10 load 50,000 images, ours untuned malloc" 50000 "$(q env DLTORCH_MALLOC_TUNING=0 "${ours[@]}" cifar-load --data "$data" --repeats "$repeats" --threads 1)" \
  "numpy" "$(q "${h5_py[@]}" cifar-load --data "$data" --repeats "$repeats")"

# The top-tagging set models of examples/TopTagging (ParticleFlowBlock, EdgeConvBlock, ParticleAttentionBlock), trained
# by the Trainer, against the same networks written as nn.Modules in PyTorch (bench/peers/torch_set_peer.py), on toy
# jets of 40 constituents written once by make_inputs.py jets; batch 128, Adam(1e-3), median of epochs 2-3.
for mj in $set_jets; do
  model="${mj%%:*}"
  args=(train-set --model "$model" --prefix "$work/jets_$model" --batch 128 --epochs "$epochs" --threads "$threads")
  compare "train $model b128 epoch" "${mj#*:}" "$(q "${ours[@]}" "${args[@]}")" "PyTorch" "$(q "${set_py[@]}" "${args[@]}")"
done

# Streaming training (Hdf5Dataset) against the same file read into memory first (not timed), alternated like the rest:
# epochs 2-3, shuffled, the top-tagging DNN on flat rows. The bounded-memory row comes after the table.
args=(train-stream --file "$work/stream.h5" --batch 1024 --epochs 3 --threads "$threads")
compare "train stream HDF5 ${stream_mib} MiB dense b1024 epoch" "$stream_rows" "$(q "${ours[@]}" "${args[@]}" --mode stream)" \
  "in memory" "$(q "${ours[@]}" "${args[@]}" --mode memory)"
# One epoch streamed from a file larger than this process may hold (4 GiB; ours only): time and peak RSS (target < 1 GiB).
big=""
if wanted "train stream HDF5 ${big_mib} MiB"; then
  log "writing a ${big_mib} MiB HDF5 file to $work/big.h5"
  "$py" "$root/bench/peers/make_stream_inputs.py" "$big_mib" "$work/big.h5" >&2
  log "train stream HDF5 ${big_mib} MiB, one epoch"
  rm -f "$work/big.s" "$work/big.kb"
  run_one "$work/big" "${ours[@]}" train-stream --file "$work/big.h5" --mode stream --batch 1024 --epochs 1 --chunk-rows 2048 --buffer-chunks 8 --prefetch 2 --threads "$threads"
  cp "$work/out" "$work/big.out" 2>/dev/null || true
  rm -f "$work/big.h5"
  big=$(awk -v s="$(cat "$work/big.s" 2>/dev/null)" -v kb="$(cat "$work/big.kb" 2>/dev/null)" -v n="$big_rows" -v m="$big_mib" 'BEGIN {
    if (s + 0 > 0) printf("train stream HDF5 %d MiB (%d rows) one epoch: %.1f s, %.0f rows/s, peak RSS %.0f MiB (target < 1024 MiB: %s)", m, n, s, n / s, kb / 1024, kb < 1048576 ? "met" : "NOT met"); else print "train stream HDF5: FAILED" }')
fi

# 5. Memory over the CNN epochs (ours only).
log "memory: $mem_epochs epochs of the CNN on $mem_images images"
[ -n "$only" ] && echo "skipped (--only)" > "$work/memory" || "${ours[@]}" memory --images "$mem_images" --epochs "$mem_epochs" --batch 128 --threads "$threads" --data "$data" > "$work/memory" 2>&1 || log "memory run FAILED"

# 6. Output.
echo
cat "$work/header"
# The share of this VM's CPU time the hypervisor gave to others during the comparisons (steal): wall times of a run with
# much steal vary by far more than the 2-3 % the Trainer's targets allow; the "CPU time" rows are less affected.
awk -v a="$steal_start" -v b="$(head -1 /proc/stat)" 'BEGIN {
  n = split(a, x, " "); split(b, y, " "); total = 0; for (i = 2; i <= n; i++) total += y[i] - x[i]
  if (total > 0) printf("steal during the run: %.1f %% of this VM'"'"'s CPU time\n", 100 * (y[9] - x[9]) / total) }'
echo
cat "$work/table"
if [ -s "$work/paired" ]; then
  echo
  echo "Ours against ours in one process, epoch by epoch ($pairs pairs A B, B A, ... after a warm-up epoch each; A/B per pair):"
  cat "$work/paired"
fi
echo
echo "CNN training throughput by batch size (images/s; the question of issue 7):"
for side in ours PyTorch "TorchSharp loop"; do
  awk -v s="$side" -v a="${med["train cnn b32 epoch|$side"]:-}" -v b="${med["train cnn b128 epoch|$side"]:-}" -v n="$images" \
    'BEGIN {if (a > 0 && b > 0) printf("  %-16s b32 %8.0f   b128 %8.0f   b128/b32 %.2f\n", s, n / a, n / b, a / b); else print "  " s ": no result"}'
done
echo
echo "Streaming training from HDF5 (issue 16):"
awk -v s="${med["train stream HDF5 ${stream_mib} MiB dense b1024 epoch|ours"]:-}" -v m="${med["train stream HDF5 ${stream_mib} MiB dense b1024 epoch|in memory"]:-}" -v n="$stream_rows" \
  'BEGIN {if (s + 0 > 0 && m + 0 > 0) printf("  throughput streamed / in memory: %.0f / %.0f rows/s = %.2f (target >= 0.9: %s)\n", n / s, n / m, m / s, m / s >= 0.9 ? "met" : "NOT met"); else print "  throughput: no result"}'
[ -n "$big" ] && echo "  $big" && grep -E '^(stream:|epoch seconds:)' "$work/big.out" | sed 's/^/    /' || true
echo
echo "Set models (issue 13): trainable parameters ours / PyTorch, and ours' RSS after each epoch (epoch:MiB:live tensors) per round:"
for mj in $set_jets; do
  model="${mj%%:*}" key="$(echo "train ${mj%%:*} b128 epoch" | tr -c 'A-Za-z0-9' _)"
  [ -f "$work/$key.0.params" ] || continue
  echo "  $model (${mj#*:} jets): parameters $(sort -u "$work/$key.0.params" | tr '\n' ' ')/ $(sort -u "$work/$key.1.params" 2>/dev/null | tr '\n' ' ')"
  sed 's/^/    /' "$work/$key.0.rss" 2>/dev/null || true
done
echo
echo "Memory, Trainer, CNN, $mem_images images, batch 128 (epoch, RSS MiB, live tensors):"
awk '/^EPOCH/ {printf "  %s:%.0f:%s", $2, $3 / 1024, $4} END {print ""}' "$work/memory"
grep -E '^(FLAT|PEAK_RSS_KB)' "$work/memory" | sed 's/^/  /' || true
