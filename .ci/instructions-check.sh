#!/usr/bin/env bash
# Performance regression check that does not depend on the machine's load: counts the
# instructions of fixed workloads under valgrind's callgrind and fails when one grows by more
# than 10 % over Benchmarks/instructions.tsv. (Wall and CPU time on the 2-core CI VM move by
# up to 1.7x with its other tenants, and it exposes no hardware counters, so package-benchmark's
# time thresholds cannot tell a 10 % regression from noise there; see Benchmarks/README.md.)
#
#   .ci/instructions-check.sh BINARY            # check
#   .ci/instructions-check.sh BINARY --update   # record new counts after a deliberate change
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: .ci/instructions-check.sh BINARY [--update]}
update=${2:-}
baseline=Benchmarks/instructions.tsv
tolerance=10

command -v valgrind >/dev/null || { echo "instructions-check: valgrind is needed (apt-get install valgrind)"; exit 1; }
# valgrind 3.19 cannot read the debug info this toolchain writes: count a stripped copy.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
objcopy --strip-debug "$binary" "$work/firedrill"

count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/out" "$work/firedrill" "$@" >/dev/null 2>"$work/err" || {
    cat "$work/err"; echo "instructions-check: firedrill $* failed under valgrind"; exit 1
  }
  sed -nE 's/^==[0-9]+== Collected : ([0-9]+)$/\1/p' "$work/err"
}

status=0
next=$(mktemp)
printf '# workload\tinstructions\tfiredrill arguments (counted by .ci/instructions-check.sh)\n' >"$next"
while IFS=$'\t' read -r name recorded args; do
  case "$name" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086  # the arguments are words
  got=$(count $args)
  printf '%s\t%s\t%s\n' "$name" "$got" "$args" >>"$next"
  change=$(( (got - recorded) * 1000 / recorded ))
  sign=+; [ "$change" -lt 0 ] && sign=-
  magnitude=${change#-}
  printf '%-10s %15s instructions, recorded %15s (%s%d.%d %%)\n' "$name" "$got" "$recorded" "$sign" $((magnitude / 10)) $((magnitude % 10))
  if [ "$update" != --update ]; then
    if [ $(( got * 100 )) -gt $(( recorded * (100 + tolerance) )) ]; then
      echo "instructions-check: $name regressed by more than $tolerance %: firedrill $args"; status=1
    elif [ $(( got * 100 )) -lt $(( recorded * (100 - tolerance) )) ]; then
      echo "instructions-check: $name improved by more than $tolerance %: record it with --update"
    fi
  fi
done <"$baseline"
if [ "$update" = --update ]; then mv "$next" "$baseline"; echo "wrote $baseline"; else rm -f "$next"; fi
exit $status
