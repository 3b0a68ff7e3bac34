#!/usr/bin/env bash
# Quality before and after the reliability work, in one run: X (50 instances, 3 s per 100 customers,
# seeds 1 and 2) with the peers' compare.py, then Kim 102/277 (60 s, seeds 1-3) with kim_ab.py; two
# processes at a time, one search thread each.
#   reliability_ab.sh BEFORE_BINARY AFTER_BINARY OUT_PREFIX   (run from the folder holding shared/)
set -euo pipefail
before=$1 after=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
uptime
python3 shared/peers/compare.py shared/instances/X --solvers '' \
  --cmd "$before solve {instance} --time-limit {time} --seed {seed} -o {sol}" --cmd-name before \
  --cmd "$after solve {instance} --time-limit {time} --seed {seed} --threads 1 -o {sol}" --cmd-name after \
  --per-100 3 --seeds 1 2 --jobs 2 --bks shared/instances/bks.csv --out "$out-x50"
uptime
python3 "$here/kim_ab.py" --a "before=$before" --b "after=$after --threads 1" --out "$out-kim" \
  --seeds 1 2 3 --time-limit 60 shared/instances/wcvrptw/102_stop.txt shared/instances/wcvrptw/277_stop.txt \
  | tee "$out-kim.md"
uptime
