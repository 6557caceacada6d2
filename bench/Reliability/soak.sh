#!/usr/bin/env bash
# Randomised reliability soak for DeepLearning.Torch (issue 8). From the repository root:
#
#   bench/Reliability/soak.sh [--rounds N] [--max-kills K] [--fuzz-cases C] [--seed S] [--work DIR]
#
#   --rounds N      training rounds (default 20). Each round SIGKILLs the training host 1..K times, each 0-4 s after
#                   its start (a run takes about 3-4 s; a third of the rounds pause 150 ms inside every checkpoint write,
#                   to hit that window; where each kill landed is counted),
#                   then lets it finish from its last checkpoint and compares final weights and history, bitwise,
#                   with an uninterrupted reference run.
#   --max-kills K   most kills per round (default 3).
#   --fuzz-cases C  random corruptions per reader and mutation kind in the fuzz tests (default 40; CI uses 6),
#                   and per checkpoint test (truncations, bit flips).
#   --seed S        seed of the kill times and of the corruptions (default 1).
#   --work DIR      scratch folder (default a new temporary folder, deleted at the end).
#
# Prints: kills survived (kills after which the run still reached the reference result), corrupted inputs tried
# (corrupted data files and checkpoints fed to the readers), data lost (rounds whose final weights or history differ
# from the reference, or that could not resume, plus failing fuzz checks: must be 0). Exit status 1 if data was lost.
set -euo pipefail

rounds=20 max_kills=3 fuzz_cases=40 seed=1 work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --max-kills) max_kills="$2"; shift 2 ;;
    --fuzz-cases) fuzz_cases="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/../.." && pwd)"
cleanup=0
if [[ -z "$work" ]]; then work="$(mktemp -d)"; cleanup=1; fi
mkdir -p "$work"
export OMP_NUM_THREADS=1
RANDOM=$seed

dotnet build "$root/DeepLearning.Torch.Tests/DeepLearning.Torch.Tests.csproj" -v q -nologo >"$work/build.log"
host="$(ls "$root"/DeepLearning.Torch.Tests.TrainingHost/bin/Debug/net10.0/*/DeepLearning.Torch.Tests.TrainingHost | head -1)"

"$host" --out "$work/reference" --epochs 6 >/dev/null
strip_seconds() { sed 's/,[^,]*$//' "$1"; }

kills=0 survived=0 lost=0
in_startup=0 in_batch=0 in_validation=0 in_write=0 at_boundary=0
for ((round = 1; round <= rounds; round++)); do
  dir="$work/round$round"
  pause=0
  (( RANDOM % 3 == 0 )) && pause=150
  n=$(( 1 + RANDOM % max_kills ))
  round_kills=0
  for ((k = 1; k <= n; k++)); do
    args=(--out "$dir" --epochs 6 --delay-ms 15 --val-delay-ms 10)
    [[ -f "$dir/last.ckpt" ]] && args+=(--resume "$dir/last.ckpt")
    DLTORCH_TEST_CHECKPOINT_WRITE_PAUSE_MS=$pause "$host" "${args[@]}" >"$dir.out" 2>"$dir.err" &
    pid=$!
    sleep "$(printf '%d.%03d' $(( RANDOM % 4 )) $(( RANDOM % 1000 )))"
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      round_kills=$((round_kills + 1))
      # Where it died: a checkpoint temporary file means inside a write; otherwise the last marker line.
      last_line="$(tail -n 1 "$dir.out" 2>/dev/null || true)"
      if compgen -G "$dir/.*.ckpt.*.tmp" >/dev/null; then in_write=$((in_write + 1))
      elif [[ -z "$last_line" || "$last_line" == start ]]; then in_startup=$((in_startup + 1))
      elif [[ "$last_line" == batch* ]]; then in_batch=$((in_batch + 1))
      elif [[ "$last_line" == val ]]; then in_validation=$((in_validation + 1))
      else at_boundary=$((at_boundary + 1)); fi
    else
      wait "$pid" 2>/dev/null || true
      break
    fi
  done
  kills=$((kills + round_kills))
  args=(--out "$dir" --epochs 6)
  [[ -f "$dir/last.ckpt" ]] && args+=(--resume "$dir/last.ckpt")
  if "$host" "${args[@]}" >"$dir.out" 2>"$dir.err" \
     && cmp -s "$dir/weights.bin" "$work/reference/weights.bin" \
     && cmp -s "$dir/values.txt" "$work/reference/values.txt" \
     && diff -q <(strip_seconds "$dir/history.csv") <(strip_seconds "$work/reference/history.csv") >/dev/null \
     && [[ -z "$(find "$dir" -name '*.tmp')" ]]; then
    survived=$((survived + round_kills))
  else
    lost=$((lost + 1))
    echo "round $round: LOST after $round_kills kill(s) (pause $pause ms); see $dir, $dir.err" >&2
    cleanup=0
  fi
done

report="$work/fuzz.report"
: >"$report"
if ! DLTORCH_SOAK_CASES=$fuzz_cases DLTORCH_SOAK_SEED=$seed DLTORCH_SOAK_REPORT="$report" \
    dotnet test "$root/DeepLearning.Torch.Tests" --no-build -v q -nologo \
    --filter "FullyQualifiedName~Reliability.ReaderFuzz|FullyQualifiedName~Reliability.CheckpointIntegrity" >"$work/fuzz.log" 2>&1; then
  failed=$(grep -oE 'Failed: +[0-9]+' "$work/fuzz.log" | grep -oE '[0-9]+' | tail -1)
  lost=$((lost + ${failed:-1}))
  echo "fuzz tests failed; see $work/fuzz.log" >&2
  cleanup=0
fi
inputs=$(awk '$1 == "corrupted_inputs" { s += $2 } END { print s + 0 }' "$report")
checkpoints=$(awk '$1 == "corrupted_checkpoints" { s += $2 } END { print s + 0 }' "$report")

echo "rounds: $rounds, seed: $seed, fuzz cases per kind: $fuzz_cases"
echo "kills survived: $survived of $kills (in startup/before training: $in_startup, in a batch: $in_batch, in validation: $in_validation, inside a checkpoint write: $in_write, at an epoch boundary: $at_boundary)"
echo "corrupted inputs tried: $((inputs + checkpoints)) ($inputs data files, $checkpoints checkpoints)"
echo "data lost: $lost"
[[ $cleanup -eq 1 ]] && rm -rf "$work"
[[ $lost -eq 0 ]]
