#!/usr/bin/env bash
# Fuzz/run.sh [build|run] [SCALE] — fuzzes every parser of untrusted input with libFuzzer and
# AddressSanitizer: scenario, fault definition, layout, policy, orders CSV, symbols CSV, tape
# and seed record. Run from anywhere; it works in the repository root.
#
# Each target starts from a seed corpus of the shipped files (and, when .build/release/firedrill
# exists, a small generated orders file, symbols file, tape and seed record) and runs
# a fixed number of inputs per target, weighted by how fast each parser is (104,000 in all, about
# three and a half minutes on one core), times SCALE percent (default 100). The fuzzer's seed is
# fixed (-seed=1), so a run finds the same inputs on every machine for the same code.
# `build` only builds; `run` only fuzzes (with the binary already built); neither does both.
# A crash, a hang (10 s), an allocation past 2 GiB or an error message that breaks the oracle (control characters, over 2,000 characters, or a whole
# input line echoed) stops it: the input is kept as Results/fuzz/<target>-crash-… and the
# script exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=both
case "${1:-}" in build|run) mode=$1; shift ;; esac
scale=${1:-100}
bin=Fuzz/.build/debug/FireDrillFuzz

if [ "$mode" != run ]; then
# lld: the fuzzer's objects and SwiftPM's renamed entry point link there (gold stops on them).
build_log=$(mktemp)
if ! swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
     --product FireDrillFuzz >"$build_log" 2>&1; then
  grep -vE '^\[[0-9]+/[0-9]+\]' "$build_log"; echo "the fuzz build failed"; exit 1
fi
tail -1 "$build_log"
fi
[ "$mode" = build ] && exit 0
[ -x "$bin" ] || { echo "no fuzz binary: run Fuzz/run.sh build first"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p Results/fuzz "$work"/{scenario,fault,layout,policy,orders,symbols,tape,seed-record}
cp Scenarios/*.yaml Scenarios/scale/*.yaml Tests/Fixtures/Scenarios/*.yaml "$work/scenario/"
cp Faults/*.yaml "$work/fault/"
cp Scenarios/layouts/*.yaml "$work/layout/"
cp Faults/policies/*.yaml "$work/policy/"
head -c 12000 Results/golden/default.tape > "$work/tape/default-head.tape"
printf 'time,order_id,symbol,side,type,price,qty\n09:15:00,1,A,B,L,5.04,100\n09:15:00,2,A,S,L,5.00,100\n09:31:00,3,A,B,M,,200\n' > "$work/orders/example.csv"
printf 'symbol,prev_close,tick,lot,limit_pct\nA,5.00,0.01,100,10\n' > "$work/symbols/example.csv"
release=.build/release/firedrill
if [ -x "$release" ]; then
  "$release" book generate --exchange sse --orders 300 --seed 1 --out "$work/orders/day.csv" --symbols-out "$work/symbols/day.csv"
  "$release" record Tests/Fixtures/Scenarios/tiny-day.yaml --block-events 4096 --detail-blocks 0 --tape "$work/tape/tiny.tape" --quiet >/dev/null
  head -c 20000 "$work/tape/tiny.tape" > "$work/tape/tiny-cut.tape"
  "$release" sweep Tests/Fixtures/Scenarios/tiny-day.yaml --seeds 1 --jobs 1 --out "$work/sweep" --quiet >/dev/null
  cp "$work/sweep/seeds/1.json" "$work/seed-record/1.json"
  rm -f "$work/tape/tiny.tape"
fi

total=0
failed=0
for target in scenario fault layout policy orders symbols tape seed-record; do
  started=$(date +%s)
  case "$target" in
    scenario|fault|layout) runs=5000 ;; policy|orders|tape) runs=8000 ;; symbols) runs=40000 ;; seed-record) runs=25000 ;;
  esac
  runs=$((runs * scale / 100))
  set +e
  # Swift's own crash backtracer is slow and libFuzzer prints the stack itself.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 FIREDRILL_FUZZ_TARGET=$target "$bin" "$work/$target" \
    -seed=1 -runs="$runs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="Results/fuzz/$target-" \
    -print_final_stats=1 >"$work/$target.log" 2>&1
  code=$?
  set -e
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$work/$target.log" | tail -1)
  total=$((total + ${execs:-0}))
  echo "fuzz $target: ${execs:-0} inputs in $(( $(date +%s) - started )) s, exit $code"
  if [ "$code" -ne 0 ]; then
    failed=1
    grep -aE "ERROR|oracle|panicked|Fatal error|SUMMARY|artifact" -A2 "$work/$target.log" | head -20
  fi
done
echo "fuzz: $total inputs in all"
ls Results/fuzz/ 2>/dev/null | sed 's/^/kept: Results\/fuzz\//'
exit "$failed"
