#!/usr/bin/env bash
# Uses DeepLearning.Torch the way a researcher's own project gets it, in temporary folders outside the repository:
#   package      dotnet pack -> local feed; `dotnet new console` + PackageReference DeepLearning.Torch + TorchSharp-cpu;
#                README's "In thirty lines" program as Program.cs, built with warnings as errors, run, then published and
#                run again from the publish folder; the output holds only this platform's natives; then the package
#                README's (DeepLearning.Torch/PACKAGE.md) first program in the same app.
#   project      the same program through a ProjectReference to DeepLearning.Torch.csproj plus the one import line.
#   test         an xunit project referencing the package: `dotnet test` trains a model in the test output, and a
#                layer and a Lambda of the project's own build, train and round-trip through JSON when registered.
#   no-backend   the package without a native backend: the build warns DLT0001, the run names the cause and the fix.
# Usage: bash tools/consumer/check.sh [check ...]     (default: all four)
# Prints one line per check and ends with the totals alone on a line: "N passed, N failed".
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
checks=("$@"); [ ${#checks[@]} -eq 0 ] && checks=(package project test no-backend)
work=$(mktemp -d "${TMPDIR:-/tmp}/dltorch-consumer.XXXXXX")
[ -n "${KEEP_CONSUMER:-}" ] || trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
torchsharp=0.107.0
passed=0; failed=0

log() { echo "consumer: $*"; }
fail() { log "$1 FAILED: $2"; [ -f "$work/$1.log" ] && tail -n 40 "$work/$1.log" | sed 's/^/    /'; failed=$((failed + 1)); }
pass() { log "$1 ok ($2)"; passed=$((passed + 1)); }

# A program from the docs, verbatim: the first csharp block after a heading (README's "In thirty lines" by default).
readme_program() {
  awk -v heading="${1:-## In thirty lines}" 'index($0, heading) == 1 {s=1} s && /^```csharp/ {c=1; next} c && /^```/ {exit} c {print}' \
    "${2:-$repo/README.md}"
}

new_console() {   # new_console DIR: a fresh console app, as `dotnet new console` makes it, with README's program
  mkdir -p "$1" && (cd "$1" && dotnet new console -n App -o . --force >/dev/null) || return 1
  readme_program > "$1/Program.cs"
  [ -s "$1/Program.cs" ] || { echo "README.md has no 'In thirty lines' program" >&2; return 1; }
}

nuget_config() {  # nuget_config DIR: the local feed added to the machine's sources
  cat > "$1/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="dltorch-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
}

run_program() {   # run_program NAME DIR COMMAND...: runs the README program in DIR, checks what it printed
  local name=$1 dir=$2; shift 2
  (cd "$dir" && "$@") > "$work/$name.run.log" 2>&1
  local rc=$?
  cat "$work/$name.run.log" >> "$work/$name.log"
  [ $rc -eq 0 ] || { echo "exit code $rc"; return 1; }
  grep -qE '^AUC 0\.[0-9]{4}, 1/eps_B (=|>) [0-9.]+ .*at eps_S = 0\.3' "$work/$name.run.log" || { echo "no AUC line in the output"; return 1; }
  grep -q 'Total params' "$work/$name.run.log" || { echo "no model summary in the output"; return 1; }
}

native_report() { # native_report DIR: size of DIR and the platforms of the libtorch natives in it
  local size foreign
  size=$(du -sm "$1" | cut -f1)
  foreign=$(find "$1" -path '*/runtimes/*/native/*' \( -name 'libtorch*' -o -name '*torch_cpu*' -o -name '*LibTorchSharp*' \) \
    | grep -v "/runtimes/linux-x64/" | head -3)
  [ -z "$foreign" ] || { echo "natives of other platforms in $1: $foreign"; return 1; }
  [ "$size" -lt 800 ] || { echo "$1 holds $size MB"; return 1; }
  echo "${size} MB"
}

version="0.1.0-ci.$(date +%s)"
log "packing DeepLearning.Torch $version into $work/feed"
if ! dotnet pack "$repo/DeepLearning.Torch/DeepLearning.Torch.csproj" -c Release -o "$work/feed" \
     -p:VersionSuffix="${version#0.1.0-}" > "$work/pack.log" 2>&1; then
  fail pack "dotnet pack failed"; echo "${passed} passed, ${failed} failed"; exit 1
fi
if grep -qiE ': warning [A-Z]+[0-9]+' "$work/pack.log"; then
  fail pack "dotnet pack printed warnings: $(grep -iE ': warning' "$work/pack.log" | head -3)"
else
  pass pack "$(cd "$work/feed" && ls | tr "\n" " ")"
fi

for check in "${checks[@]}"; do
  dir="$work/$check"
  case "$check" in
    package)
      if ! { new_console "$dir" && nuget_config "$dir" \
             && (cd "$dir" && dotnet add package TorchSharp-cpu --version $torchsharp \
                 && dotnet add package DeepLearning.Torch --version "$version" \
                 && dotnet build -warnaserror) > "$work/$check.log" 2>&1; }; then
        fail $check "build"; continue
      fi
      why=$(run_program $check "$dir" dotnet "$dir/bin/Debug/net10.0/App.dll") || { fail $check "run: $why"; continue; }
      size=$(native_report "$dir/bin/Debug/net10.0") || { fail $check "$size"; continue; }
      [ -f "$dir/runs/best.ckpt" ] || { fail $check "no runs/best.ckpt written"; continue; }
      (cd "$dir" && dotnet publish -o "$dir/publish") >> "$work/$check.log" 2>&1 || { fail $check "publish"; continue; }
      why=$(run_program $check "$dir" dotnet "$dir/publish/App.dll") || { fail $check "run from publish: $why"; continue; }
      # The package README's first program, in the same app.
      readme_program "## A first program" "$repo/DeepLearning.Torch/PACKAGE.md" > "$dir/Program.cs"
      { (cd "$dir" && dotnet build -warnaserror && dotnet bin/Debug/net10.0/App.dll) > "$work/$check.first.log" 2>&1 \
        && grep -qE '^AUC 0\.[0-9]{4}$' "$work/$check.first.log"; } || { cat "$work/$check.first.log" >> "$work/$check.log"; fail $check "PACKAGE.md's program"; continue; }
      pass $check "build $size, publish ok; $(grep '^AUC' "$work/$check.run.log"); PACKAGE.md's program: $(grep '^AUC' "$work/$check.first.log")"
      ;;
    project)
      if ! { new_console "$dir" && (cd "$dir" && dotnet add package TorchSharp-cpu --version $torchsharp \
             && dotnet add reference "$repo/DeepLearning.Torch/DeepLearning.Torch.csproj") > "$work/$check.log" 2>&1; }; then
        fail $check "setup"; continue
      fi
      # The one import line README documents for ProjectReference users.
      sed -i "s#<Project Sdk=\"Microsoft.NET.Sdk\">#&\n  <Import Project=\"$repo/DeepLearning.Torch/buildTransitive/DeepLearning.Torch.targets\" />#" "$dir/App.csproj"
      (cd "$dir" && dotnet build -warnaserror) >> "$work/$check.log" 2>&1 || { fail $check "build"; continue; }
      why=$(run_program $check "$dir" dotnet "$dir/bin/Debug/net10.0/App.dll") || { fail $check "run: $why"; continue; }
      size=$(native_report "$dir/bin/Debug/net10.0") || { fail $check "$size"; continue; }
      pass $check "build $size; $(grep '^AUC' "$work/$check.run.log")"
      ;;
    test)
      mkdir -p "$dir" && nuget_config "$dir"
      cp "$repo/tools/consumer/TaggerTests.cs" "$repo/tools/consumer/CustomLayerTests.cs" "$dir/"
      sed -e "s/@VERSION@/$version/" -e "s/@TORCHSHARP@/$torchsharp/" "$repo/tools/consumer/Tests.csproj.in" > "$dir/Tests.csproj"
      (cd "$dir" && dotnet test) > "$work/$check.log" 2>&1 || { fail $check "dotnet test"; continue; }
      grep -qE 'Passed!.*Failed: *0, Passed: *2,' "$work/$check.log" || { fail $check "the tests did not pass"; continue; }
      pass $check "dotnet test: $(grep -oE 'Passed!.*Total: *[0-9]+' "$work/$check.log")"
      ;;
    no-backend)
      mkdir -p "$dir" && (cd "$dir" && dotnet new console -n App -o . --force >/dev/null) && nuget_config "$dir"
      # The application touches torch before any library code: the start-up check must still explain the failure.
      printf '%s\n' 'using var t = TorchSharp.torch.zeros(3);' 'Console.WriteLine(t.shape.Length);' > "$dir/Program.cs"
      (cd "$dir" && dotnet add package DeepLearning.Torch --version "$version" && dotnet build) > "$work/$check.log" 2>&1 \
        || { fail $check "build"; continue; }
      grep -q 'warning DLT0001' "$work/$check.log" || { fail $check "the build did not warn DLT0001"; continue; }
      (cd "$dir" && dotnet bin/Debug/net10.0/App.dll) > "$work/$check.run.log" 2>&1
      cat "$work/$check.run.log" >> "$work/$check.log"
      grep -q '^DeepLearning.Torch: libtorch (the TorchSharp native backend) could not be loaded' "$work/$check.run.log" \
        && grep -q 'no native backend package' "$work/$check.run.log" && grep -q 'dotnet add package TorchSharp-cpu' "$work/$check.run.log" \
        || { fail $check "the run did not name the cause and the fix"; continue; }
      pass $check "DLT0001 at build; the run says: $(grep -m1 "^Cause" "$work/$check.run.log")"
      ;;
    *) fail "$check" "unknown check (package, project, test, no-backend)";;
  esac
done
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
