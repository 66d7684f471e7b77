#!/usr/bin/env python3
"""Prints the benchmark table of tests/load/bench.sh from its work folder: every figure per run, the medians, and
the ratios against the bare baseline of the same run."""
import json
import os
import statistics
import sys

work, runs, duration, peaks = sys.argv[1], int(sys.argv[2]), sys.argv[3], [int(p) for p in sys.argv[4].split()]


def wrk(run, name):
    rps, p50, p99, non2xx, requests = open(f"{work}/run{run}/{name}").read().split()
    return {"rps": float(rps), "p50": float(p50), "p99": float(p99), "non2xx": int(non2xx), "requests": int(requests)}


rows = []
for run in range(1, runs + 1):
    r = {n: wrk(run, n) for n in ["bare", "health", "me", "verify", "flood"]}
    attack = open(f"{work}/run{run}/flood-attack").read().split()
    r["attack_requests"], r["attack_refused"] = int(attack[0] or 0), int(attack[1] if len(attack) > 1 else 0)
    before, warm, after = (float(x) for x in open(f"{work}/run{run}/argon-warm").read().split())
    r["argon_warm"], r["argon_flood"] = warm - before, after - warm
    cold = [line.split() for line in open(f"{work}/run{run}/cold")]
    r["cold_ok"] = sum(1 for status, _ in cold if status == "200")
    r["cold_p50"] = statistics.median(float(t) * 1000 for _, t in cold)
    total, count = (float(x) for x in open(f"{work}/run{run}/argon-cold").read().split())
    r["hash_ms"] = total / count if count else float("nan")
    r["herd"] = json.loads(open(f"{work}/run{run}/herd").read())
    rows.append(r)


def med(values):
    return statistics.median(values)


def fmt(values, f="{:,.0f}"):
    return " / ".join(f.format(v) for v in values)


line = "| {} | {} | **{}** | {} |"
print()
print(f"Runs: {runs} × {duration} s per case, wrk -t2 -c32 (flood: a second wrk, -t1 -c64), machine load at start: {open('/proc/loadavg').read().split()[:3]}")
print()
print("| case | runs | median | ratio (median of the runs' ratios) |")
print("|---|---|---|---|")
bare = [r["bare"]["rps"] for r in rows]
print(line.format("bare ASP.NET Core `GET /v1/me` body (tests/load/Baseline), req/s", fmt(bare), f"{med(bare):,.0f}", "1 (baseline)"))
for name, label, target in [("health", "`GET /health/live`, req/s", ""), ("me", "`GET /v1/me`, warm key, req/s", " (target ≥ 0.7)"),
                            ("verify", "`POST /v1/keys/verify`, warm key, verifier key with `apikey.verify`, req/s", " (target ≥ 0.6)")]:
    v = [r[name]["rps"] for r in rows]
    ratios = [r[name]["rps"] / r["bare"]["rps"] for r in rows]
    print(line.format(label, fmt(v), f"{med(v):,.0f}", f"{med(ratios):.2f} of bare{target}; runs {fmt(ratios, '{:.2f}')}"))
v = [r["flood"]["rps"] for r in rows]
ratios = [r["flood"]["rps"] / r["me"]["rps"] for r in rows]
print(line.format("`GET /v1/me`, warm key, while 64 connections flood forged tokens, req/s", fmt(v), f"{med(v):,.0f}",
                  f"{med(ratios):.2f} of alone (target ≥ 0.5); runs {fmt(ratios, '{:.2f}')}; {fmt([r['flood']['rps'] / r['bare']['rps'] for r in rows], '{:.2f}')} of bare"))
v = [r["cold_p50"] for r in rows]
h = [r["hash_ms"] for r in rows]
ratios = [r["cold_p50"] / r["hash_ms"] for r in rows]
print(line.format("first request of a key after a restart, p50 of 50 keys, ms", fmt(v, "{:.1f}"), f"{med(v):.1f}",
                  f"{med(ratios):.2f} × one Argon2id verification (target ≤ 1.5); runs {fmt(ratios, '{:.2f}')}"))
print(line.format("one Argon2id verification (m=19 MiB, t=2, p=1) in the same runs, mean ms", fmt(h, "{:.1f}"), f"{med(h):.1f}", ""))
served = [r["herd"]["served_s"] if r["herd"]["served_s"] is not None else float("inf") for r in rows]
print(line.format("restart with 300 keys in use, 32 clients: all served after, s", fmt(served, "{:.2f}"), f"{med(served):.2f}", "target ≤ 5 s"))
print(line.format("peak memory of the service (VmHWM, every process of the run), MB", fmt(peaks), f"{max(peaks)} (max)", "target < 300"))
heap_before, heap_after, rss_before, rss_after, warm = open(f"{work}/memory").read().split()
per_key = (int(heap_after) - int(heap_before)) / 10_000
print(line.format("managed heap per cached key, 10,000 warm keys (gcdump after − before) / 10,000, bytes", f"{per_key:,.0f}", f"{per_key:,.0f}",
                  f"heap {int(heap_before) / 1e6:.1f} → {int(heap_after) / 1e6:.1f} MB; RSS {int(rss_before) / 1024:.0f} → {int(rss_after) / 1024:.0f} MB ({(int(rss_after) - int(rss_before)) * 1024 / 10_000:,.0f} B a key)"))
print()
print("Details per run:")
for i, r in enumerate(rows, 1):
    herd = r["herd"]
    print(f"- run {i}: me p50 {r['me']['p50']:.2f} ms p99 {r['me']['p99']:.2f} ms, non-2xx {r['me']['non2xx']}; verify p50 {r['verify']['p50']:.2f} ms, non-2xx {r['verify']['non2xx']};"
          f" under flood non-2xx {r['flood']['non2xx']}; flood {r['attack_requests']:,} forged requests, {r['attack_refused']:,} refused;"
          f" Argon2 verifications during the warm cases {r['argon_warm']:.0f}, during the flood {r['argon_flood']:.0f}; cold 200s {r['cold_ok']}/50;"
          f" herd statuses {herd['statuses']}, Retry-After values {herd['retry_after']}, retries after Retry-After that succeeded {herd['retry_after_true']}, unserved {herd['unserved']}")
print(f"- memory instance: warm answers {warm}")
