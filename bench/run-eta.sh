#!/usr/bin/env bash
# ETA upkeep in one sitting: builds bench_eta in a Release tree (when missing), then runs it
# --runs times with the ETA engine and --runs times without it (the baseline: position intake
# and fan-out only), alternating, and prints the median of each figure with the load average of
# every run.
#
#   bench/run-eta.sh [--build DIR] [--runs R] [--duration S] [--out DIR] [-- bench_eta args…]
#
#   --build     Release build tree (default build/rel; configured and built when bench_eta is
#               missing)
#   --runs      runs per side (default 3)
#   --duration  seconds of position reports per run (default 60)
#   --out       where the raw JSON lines go (default a new /tmp/eta-XXXX)
#   after --     more bench_eta arguments, e.g. -- --clients 10 --jitter 30
#
# The budget cell is the default: 500 drivers × 10 open orders, 100 position reports/s, 5 clients.
# For a quiet sitting stop everything else first; the load average says how quiet it was.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/rel"
runs=3
duration=60
out=""
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ ! -x "$build/bench/bench_eta" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >&2
    nice cmake --build "$build" -j2 --target bench_eta bench_eta_server >&2
fi
[ -n "$out" ] || out="$(mktemp -d /tmp/eta-XXXX)"
mkdir -p "$out"
echo "raw results: $out" >&2
for ((r = 1; r <= runs; r++)); do
    for side in eta baseline; do
        flag=()
        [ "$side" = baseline ] && flag=(--no-eta)
        echo "== $side run $r/$runs  load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
        timeout 900 "$build/bench/bench_eta" --duration "$duration" "${flag[@]}" "${extra[@]}" \
            | grep '^{' >>"$out/$side.jsonl" || echo "$side run $r failed" >&2
    done
done
python3 - "$out" <<'EOF'
import json, statistics, sys
out = sys.argv[1]
def rows(side):
    try:
        return [json.loads(l) for l in open(f"{out}/{side}.jsonl") if l.strip()]
    except FileNotFoundError:
        return []
eta, base = rows("eta"), rows("baseline")
med = lambda rs, k: statistics.median(r[k] for r in rs) if rs else float("nan")
print(f"\n### ETA upkeep, {eta[0]['drivers'] if eta else '?'} drivers × "
      f"{(eta[0]['orders'] // eta[0]['drivers']) if eta else '?'} orders, "
      f"{med(eta, 'reportsPerS'):.0f} position reports/s, {eta[0]['clients'] if eta else '?'} clients "
      f"(median of {len(eta)} runs with ETAs, {len(base)} without)\n")
print("| figure | with ETAs | baseline (no ETAs) |\n| --- | --- | --- |")
print(f"| server CPU, % of one core | {med(eta, 'cpuPercent'):.1f} | {med(base, 'cpuPercent'):.1f} |")
print(f"| ETA upkeep (difference) | {med(eta, 'cpuPercent') - med(base, 'cpuPercent'):.1f} | |")
print(f"| ETA writes/s | {med(eta, 'writesPerS'):.1f} | |")
print(f"| position → ETA on screen p50 ms | {med(eta, 'p50ms'):.1f} | |")
print(f"| position → ETA on screen p99 ms | {med(eta, 'p99ms'):.1f} | |")
print(f"| max ms | {med(eta, 'maxms'):.1f} | |")
print(f"| of that, the server (report → ETA event at the hub) p50 / p99 ms | "
      f"{med(eta, 'serverP50ms'):.1f} / {med(eta, 'serverP99ms'):.1f} | |")
print("\nload average (1, 5, 15 min) before / after each run:")
for side, rs in (("with ETAs", eta), ("baseline", base)):
    for r in rs:
        print(f"- {side}: {r['load']}")
EOF
