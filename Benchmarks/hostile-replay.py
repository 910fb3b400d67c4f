#!/usr/bin/env python3
"""Times `firedrill book replay` on orders files made to hit the matching engine's worst
cases (README, "Running untrusted scenarios"): every price a new worst level on a symbol with
no band, every price in the middle of the book, order ids crafted to share one home under a
fixed public multiply-shift hash, random ids for comparison, and every order a new symbol.

    Benchmarks/hostile-replay.py BINARY [ORDERS_PER_FILE]   # default 200000

Writes its files into a temporary folder and prints one line per file: seconds and peak RSS.
"""
import os, random, resource, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
header = "time,order_id,symbol,side,type,price,qty\n"

def price(fen):
    return "%d.%02d" % (fen // 100, fen % 100)

def worst_first():
    return [(i + 1, "WF", price(n + 10 - i)) for i in range(n)]

def middle():
    lo, hi = 1, 2 * n + 10
    rows = [(1, "MID", price(lo)), (2, "MID", price(hi))]
    for i in range(n - 2):
        p = lo + 1 + i // 2 if i % 2 == 0 else hi - 1 - i // 2
        rows.append((i + 3, "MID", price(p)))
    return rows

def colliding_ids():
    # Blocks y (id = y << 6) with y × 0x9E3779B97F4A7C15 below 2⁴⁰: one home under that hash.
    c = 0x9E3779B97F4A7C15
    inverse = pow(c, -1, 1 << 64)
    ids, k = [], 1 << 20
    while len(ids) < n:
        y = (k * inverse) % (1 << 58)
        if (y * c) % (1 << 64) < (1 << 40):
            ids.append(y << 6)
        k += 1
    return [(oid, "CI", "9.50") for oid in ids]

def random_ids():
    r = random.Random(1)
    return [(r.getrandbits(63) | (1 << 62), "CI", "9.50") for _ in range(n)]

def unique_symbols():
    return [(i + 1, "S%07d" % i, "9.50") for i in range(n)]

# Binaries from before the replay budgets have no --max-symbols (and no symbol budget).
help_text = subprocess.run([binary, "book", "replay", "--help"], capture_output=True, text=True).stdout
budget = ["--max-symbols", str(n + 10)] if "--max-symbols" in help_text else []

with tempfile.TemporaryDirectory() as work:
    symbols = os.path.join(work, "symbols.csv")
    with open(symbols, "w") as f:
        f.write("symbol,prev_close,tick,lot,limit_pct\nWF,1000.00,0.01,100,none\nMID,1000.00,0.01,100,none\n")
    for name, make in [("worst-first", worst_first), ("middle", middle), ("colliding-ids", colliding_ids),
                       ("random-ids", random_ids), ("unique-symbols", unique_symbols)]:
        orders = os.path.join(work, name + ".csv")
        with open(orders, "w") as f:
            f.write(header)
            f.writelines("09:30:00,%d,%s,B,L,%s,100\n" % row for row in make())
        command = [binary, "book", "replay", "--exchange", "sse", "--orders", orders, "--symbols", symbols,
                   "--trades", os.path.join(work, name + ".trades")] + budget
        start = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True)
        seconds = time.monotonic() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024   # the largest child so far
        status = "ok" if result.returncode == 0 else "exit %d: %s" % (result.returncode, result.stderr.strip()[:200])
        print("%-15s %8d orders %7.2f s  peak so far %5d MB  %s" % (name, n, seconds, peak, status), flush=True)
