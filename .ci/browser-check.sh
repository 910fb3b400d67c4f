#!/usr/bin/env bash
# Renders a report.html in headless Chromium and fails unless every chart drew and the page
# raised no script error.
#
#   .ci/browser-check.sh Results/<run>/report.html
#
# The page's own check script (end of report.html) writes `data-charts="drawn/total"` on
# <body>; its error recorder (top of the page) writes `data-errors`. This script dumps the DOM
# after load and reads both, and also fails on anything Chromium logs from the page's console.
# Exit 0 with one OK line; 1 with the reason when the page fails; 2 when it cannot check.
set -euo pipefail

min_charts=4

if [[ $# -ne 1 ]]; then
    echo "usage: $0 FILE.html" >&2
    exit 2
fi
if [[ ! -f "$1" ]]; then
    echo "browser-check: no such file: $1" >&2
    exit 2
fi
browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
if [[ -z "$browser" ]]; then
    echo "browser-check: no headless browser found (install Debian's chromium)" >&2
    exit 2
fi

file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A private profile, so that a browser already running (or a stale lock) cannot interfere.
if ! timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
        --user-data-dir="$work/profile" --virtual-time-budget=2000 \
        --enable-logging=stderr --v=0 \
        --dump-dom "file://$file" >"$work/dom.html" 2>"$work/stderr.log"; then
    echo "browser-check: $browser failed on $file:" >&2
    tail -n 20 "$work/stderr.log" >&2
    exit 2
fi

body=$(grep -o '<body[^>]*>' "$work/dom.html" | head -n 1 || true)
if [[ -z "$body" ]]; then
    echo "browser-check: FAIL $file: the dumped DOM has no <body>" >&2
    exit 1
fi
charts=$(sed -n 's/.*data-charts="\([0-9]*\/[0-9]*\)".*/\1/p' <<<"$body")
if [[ -z "$charts" ]]; then
    echo "browser-check: FAIL $file: the page's chart check did not run (no data-charts on <body>)" >&2
    exit 1
fi
drawn=${charts%/*}
total=${charts#*/}
if grep -q 'data-errors=' "$work/dom.html"; then
    errors=$(grep -o 'data-errors="[^"]*"' "$work/dom.html" | head -n 1)
    echo "browser-check: FAIL $file: script errors on the page: $errors" >&2
    exit 1
fi
# Chromium logs what a page writes to its console (uncaught exceptions included) as
# `INFO:CONSOLE(line)] "message", source: file://…`, without the console level; report.html
# writes nothing there, so any such line from the page is a failure.
console=$(grep -E 'CONSOLE' "$work/stderr.log" | grep -F 'source: file://' || true)
if [[ -n "$console" ]]; then
    echo "browser-check: FAIL $file: the page wrote to the console:" >&2
    echo "$console" | head -n 10 >&2
    exit 1
fi
if (( total < min_charts )); then
    echo "browser-check: FAIL $file: $total charts on the page, expected at least $min_charts" >&2
    exit 1
fi
if (( drawn != total )); then
    empty=$(sed -n 's/.*data-charts-empty="\([^"]*\)".*/\1/p' <<<"$body")
    echo "browser-check: FAIL $file: only $drawn of $total charts drew a path (empty: ${empty:-?})" >&2
    exit 1
fi
echo "browser-check: OK $file: $drawn/$total charts drew, no script errors"
