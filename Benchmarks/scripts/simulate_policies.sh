#!/bin/sh
# Simulates the three collection policies side by side on one city for several seeds (one process per
# seed, run at the same time) and keeps each seed's table, JSON report and chart.
#
# Usage: Benchmarks/scripts/simulate_policies.sh SCENARIO OUT_PREFIX [DAYS] [SEEDS] [extra simulate options]
# Example: Benchmarks/scripts/simulate_policies.sh fixtures/heidelberg/heidelberg.scenario.json \
#            Benchmarks/results/simulation-heidelberg 28 "1 2 3" --time-limit 2 --threads 1
set -eu
scenario=$1
prefix=$2
days=${3:-28}
seeds=${4:-"1 2 3"}
shift 2
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
binary=${WASTE_ROUTE:-.build/release/waste-route}
uptime
for seed in $seeds; do
  "$binary" simulate "$scenario" --days "$days" --seed "$seed" -o "$prefix-seed$seed.json" \
    --svg "$prefix-seed$seed.svg" "$@" > "$prefix-seed$seed.md" 2> "$prefix-seed$seed.log" &
done
wait
uptime
for seed in $seeds; do cat "$prefix-seed$seed.md"; echo; done
