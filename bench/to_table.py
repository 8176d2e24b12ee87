#!/usr/bin/env python3
"""Reads run.sh's JSON lines on stdin and prints them as Markdown tables (for README.md).

Every line must parse; a line that does not is an error, not skipped. The farm results
(farm_*, without HTTP) and the HTTP results (http_*) are also pivoted into one row per
point (registers, device time, byte timeout, low level, connections) so the scaling tables read at a glance;
every result is in the full table too.
"""
import json
import sys

# (suffix after farm_ / http_, column title); a suffix one kind lacks shows "-".
POINT_COLUMNS = [
    ("receipts", "receipts/s"),
    ("efficiency", "efficiency %"),
    ("latency_p50", "p50 ms"),
    ("latency_p90", "p90 ms"),
    ("latency_p99", "p99 ms"),
    ("latency_p99_9", "p99.9 ms"),
    ("server_cpu_per_receipt", "server CPU ms/receipt"),
    ("emulator_cpu_per_receipt", "emulator CPU ms/receipt"),
    ("commands_per_receipt", "commands/receipt"),
    ("server_rss_per_register", "server kB/register"),
    ("server_rss_per_register_loaded", "server kB/register after load"),
    ("server_rss", "server kB"),
    ("emulator_rss_per_register", "emulator kB/register"),
    ("failed", "failed"),
]


def format_value(value):
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def read_results():
    results = []
    for number, line in enumerate(sys.stdin, 1):
        try:
            results.append(json.loads(line))
        except json.JSONDecodeError as error:
            sys.exit(f"line {number} is not JSON: {error}")
    return results


def point_table(results, prefix):
    points = {}
    for r in results:
        p = r["params"]
        # bench_emulator_scale's farm_* results (devices, threads) are not points.
        if not r["name"].startswith(prefix) or "device_time_ms" not in p:
            continue
        key = (p["registers"], p["device_time_ms"], p["byte_timeout_ms"], p.get("low_level", "standard"),
               p.get("connections", "-"))
        row = points.setdefault(key, {"load1": p.get("load1")})
        row[r["name"][len(prefix):]] = r["value"]
    if not points:
        return
    columns = [(name, title) for name, title in POINT_COLUMNS if any(name in row for row in points.values())]
    header = ["registers", "device time ms", "byte timeout ms", "low level", "connections"]
    header += [title for _, title in columns] + ["load1"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * 3 + "---|" + "---:|" * (len(header) - 4))
    for key, row in points.items():
        cells = [str(k) for k in key]
        for name, _ in columns:
            cells.append(format_value(row[name]) if name in row else "-")
        cells.append(str(row["load1"]))
        print("| " + " | ".join(cells) + " |")
    print()


def main():
    results = read_results()
    point_table(results, "farm_")
    point_table(results, "http_")
    print("| benchmark | params | value | unit |")
    print("|---|---|---:|---|")
    for result in results:
        params = ", ".join(f"{k}={v}" for k, v in result["params"].items())
        print(f"| {result['name']} | {params} | {format_value(result['value'])} | {result['unit']} |")


if __name__ == "__main__":
    main()
