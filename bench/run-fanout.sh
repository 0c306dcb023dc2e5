#!/usr/bin/env bash
# Runs our fan-out cells (bench_fanout) and the Node `ws` anchor's matching cells
# (shared/anchors/ws-node/bench.mjs) one after another in one sitting, then prints a side-by-side
# table (median of the runs per field) with the ratios.
#
#   bench/run-fanout.sh [--build DIR] [--anchor DIR] [--runs R] [--cells "N M RATE,N M RATE"]
#                       [--out DIR]
#
#   --build   build tree holding bench/bench_fanout (default build/rel)
#   --anchor  a writable copy of shared/anchors/ws-node with node_modules (default /tmp/ws-node;
#             created with `npm ci --no-audit --no-fund` when missing)
#   --runs    runs per cell and side (default 3); the table shows the per-field median
#   --cells   default "1000 1000 1000,5000 1000 20,1000 1000 100,5000 1000 1000"
#   --out     where the raw JSON lines go (default a new /tmp/fanout-XXXX)
#   --ours-args  extra arguments of bench_fanout (default "--max-per-turn 20": when the server is
#             behind schedule it appends at most 20 events per event-loop turn, as a busy server
#             takes REST writes in small groups; "" gives bench.mjs's one batch per timer tick,
#             which with QWebSocket's per-turn writes is the anchor's CORK=1 variant)
#
# Each anchor run is `BENCH_CHILD=1 node bench.mjs N M RATE`: one run of exactly the anchor's
# code, without its "wait for a quiet machine" loop (this script interleaves the sides instead,
# and prints the load average per run). For a quiet sitting stop everything else first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/rel"
anchor=/tmp/ws-node
runs=3
cells="1000 1000 1000,5000 1000 20,1000 1000 100,5000 1000 1000"
out=""
ours_args="--max-per-turn 20"
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build="$(cd "$2" && pwd)"; shift 2 ;;
    --anchor) anchor="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --cells) cells="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --ours-args) ours_args="$2"; shift 2 ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -x "$build/bench/bench_fanout" ] || { echo "no $build/bench/bench_fanout (build the bench_fanout target)" >&2; exit 2; }
if [ ! -d "$anchor/node_modules/ws" ]; then
    [ -d "$anchor" ] || { cp -r "$root/../shared/anchors/ws-node" "$anchor" && chmod -R u+w "$anchor"; }
    (cd "$anchor" && npm ci --no-audit --no-fund >&2)
fi
need=12000
[ "$(ulimit -n)" -ge "$need" ] || ulimit -n "$(ulimit -Hn)" || true
[ "$(ulimit -n)" -ge "$need" ] || { echo "ulimit -n $(ulimit -n) < $need" >&2; exit 1; }
[ -n "$out" ] || out="$(mktemp -d /tmp/fanout-XXXX)"
mkdir -p "$out"
echo "raw results: $out" >&2

IFS=',' read -ra specs <<<"$cells"
for spec in "${specs[@]}"; do
    read -r n m rate <<<"$spec"
    for ((r = 1; r <= runs; r++)); do
        echo "== N=$n M=$m RATE=$rate run $r/$runs  load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
        timeout 600 "$build/bench/bench_fanout" "$n" "$m" "$rate" $ours_args | tail -1 >>"$out/ours.jsonl" || echo "ours failed" >&2
        (cd "$anchor" && BENCH_CHILD=1 timeout 600 node bench.mjs "$n" "$m" "$rate") 2>/dev/null \
            | tail -1 | sed "s/^{/{\"impl\":\"ws\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",/" \
            >>"$out/ws.jsonl" || echo "anchor failed" >&2
    done
done

node - "$out" <<'EOF'
const fs = require('fs');
const dir = process.argv[2];
const read = (f) => fs.existsSync(`${dir}/${f}`) ? fs.readFileSync(`${dir}/${f}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const ours = read('ours.jsonl'), ws = read('ws.jsonl');
const key = (r) => `${r.N} ${r.M} ${r.rate}`;
const med = (rows, f) => { const v = rows.map((r) => r[f]).filter((x) => typeof x === 'number').sort((a, b) => a - b); return v.length ? v[Math.floor(v.length / 2)] : NaN; };
const cells = [...new Set([...ours, ...ws].map(key))];
const num = (x, d = 1) => Number.isFinite(x) ? (Math.abs(x) >= 10000 ? `${(x / 1000).toFixed(0)}k` : x.toFixed(d)) : '–';
const rows = [
  ['deliveries/s', 'deliveriesPerSec', 'ours/ws', 0],
  ['p50 ms (from fan-out start)', 'p50ms', 'ours/ws', 2],
  ['p99 ms (from fan-out start)', 'p99ms', 'ours/ws', 2],
  ['max ms', 'maxms', 'ours/ws', 1],
  ['sched p50 ms', 'schedP50ms', 'ours/ws', 1],
  ['sched p99 ms', 'schedP99ms', 'ours/ws', 1],
  ['server CPU % of one core', 'serverCpuPct', 'ours/ws', 0],
  ['server µs CPU per delivery', 'cpuPerDelivery', 'ours/ws', 2],
  ['clients CPU ms', 'clientsCpuMs', 'ours/ws', 0],
  ['RSS idle MB', 'serverRssIdleMB', 'ours/ws', 1],
  ['RSS with N connected MB', 'serverRssConnectedMB', 'ours/ws', 1],
  ['kB per connection', 'kbPerConn', 'ours/ws', 1],
  ['peak RSS MB', 'serverMaxRssMB', 'ours/ws', 1],
  ['delivered % of N·M', 'deliveredPct', '', 1],
  ['client errors (sessions dropped without a close frame)', 'errors', '', 0],
  ['other CPU ms (contention)', 'otherCpuMs', '', 0],
];
for (const r of [...ours, ...ws]) { r.cpuPerDelivery = (r.serverCpuMs * 1000) / Math.max(1, r.delivered); r.deliveredPct = (100 * r.delivered) / r.expected; }
for (const c of cells) {
  const o = ours.filter((r) => key(r) === c), w = ws.filter((r) => key(r) === c);
  const [n, m, rate] = c.split(' ');
  console.log(`\n### N=${n} clients, M=${m} events at ${rate}/s (runs: ours ${o.length}, ws ${w.length})\n`);
  console.log('| figure | opsboard | ws 8.23 | ratio (ours/ws) |\n| --- | --- | --- | --- |');
  for (const [label, f, ratio, d] of rows) {
    const a = med(o, f), b = med(w, f);
    console.log(`| ${label} | ${num(a, d)} | ${num(b, d)} | ${ratio && Number.isFinite(a / b) ? (a / b).toFixed(2) + '×' : ''} |`);
  }
  const ol = o.map((r) => r.loadavg).join('; '), wl = w.map((r) => r.loadavg).join('; ');
  console.log(`\nload average at start of runs — ours: ${ol || '–'}; ws: ${wl || '–'}`);
  const extra = o.map((r) => `commit p50/p99 ${r.commitP50us}/${r.commitP99us} µs, closes ${JSON.stringify(r.closeCodes)}, sessions after ${r.sessionsAfter}`).join('; ');
  if (extra) console.log(`ours: ${extra}`);
}
EOF
