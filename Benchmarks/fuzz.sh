#!/usr/bin/env bash
# Runs every libFuzzer target of Benchmarks/fuzz for MINUTES minutes each (decimals allowed) and prints
# the executions and crashes per target and in total.
#
#   Benchmarks/fuzz.sh MINUTES [TARGET ...]      (targets: see TARGETS below; default all)
#
# The targets are built once, in release mode with -sanitize=fuzzer,address for every module (the
# library's too, so that libFuzzer sees its coverage; without address sanitizer when the toolchain
# refuses it). Each target starts from its seed corpus (Benchmarks/fuzz/corpus/TARGET, copied to
# Benchmarks/fuzz/.work so the committed seeds stay as they are); a crash is saved as
# Benchmarks/fuzz/.work/crashes/TARGET-crash-HASH and the target restarts until its time is used up.
# Exit status 1 when anything crashed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fuzz="$here/fuzz"
minutes=${1:?usage: fuzz.sh MINUTES [TARGET ...]}
shift
TARGETS=(vrplib cvrplib-solution wcvrptw scenario solution plan pbf osmxml geojson csvnet forecast rich)
[ $# -gt 0 ] && TARGETS=("$@")
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60 + 0.5); if (s < 1) s = 1; print s }')

work="$fuzz/.work"
mkdir -p "$work/crashes"
sanitizers=address
if ! swift build -c release --package-path "$fuzz" -Xswiftc -sanitize=fuzzer,address > "$work/build.log" 2>&1; then
  echo "fuzz.sh: the build with address sanitizer failed (see $work/build.log); building with libFuzzer alone" >&2
  sanitizers=none
  swift build -c release --package-path "$fuzz" -Xswiftc -sanitize=fuzzer > "$work/build.log" 2>&1 \
    || { tail -20 "$work/build.log" >&2; exit 2; }
fi
binary=$(swift build -c release --package-path "$fuzz" --show-bin-path)/waste-route-fuzz
[ -x "$binary" ] || { echo "fuzz.sh: no $binary" >&2; exit 2; }

export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1
total_runs=0 total_crashes=0
printf '%-18s %12s %8s %8s\n' target executions crashes seconds
for target in "${TARGETS[@]}"; do
  mkdir -p "$work/corpus/$target"
  cp -n "$fuzz/corpus/$target/"* "$work/corpus/$target/" 2>/dev/null
  runs=0 crashes=0 start=$(date +%s)
  while :; do
    left=$(( seconds - ($(date +%s) - start) ))
    [ "$left" -ge 1 ] || break
    log="$work/$target.log"
    FUZZ_TARGET="$target" "$binary" -max_total_time="$left" -print_final_stats=1 -timeout=30 -rss_limit_mb=4096 \
      -max_len=65536 -detect_leaks=0 -artifact_prefix="$work/crashes/$target-" "$work/corpus/$target" > "$log" 2>&1
    status=$?
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    if [ -z "$executed" ]; then  # no final stats after a crash: the last progress line
      executed=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    fi
    runs=$(( runs + ${executed:-0} ))
    if [ $status -ne 0 ]; then
      crashes=$(( crashes + 1 ))
      echo "fuzz.sh: $target crashed (exit $status), see $log; input: $(grep -o 'Test unit written to .*' "$log" | tail -1)" >&2
      cp "$log" "$work/crashes/$target-$(date +%s).log"
    fi
  done
  printf '%-18s %12d %8d %8d\n' "$target" "$runs" "$crashes" "$(( $(date +%s) - start ))"
  total_runs=$(( total_runs + runs )) total_crashes=$(( total_crashes + crashes ))
done
printf '%-18s %12d %8d\n' total "$total_runs" "$total_crashes"
echo "sanitizers: fuzzer,$sanitizers; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$total_crashes" -eq 0 ]
