"""Turns bench/scale.sh's JSON lines into the "A million accounts" part of BENCHMARKS.md (its
tables, between two markers, the rest of the file kept) and one SVG chart per database.

    python3 bench/scale_report.py RESULTS.jsonl BENCHMARKS.md CHART_FOLDER
"""
import datetime
import re
import json
import os
import platform
import sys

BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
SMALL, LARGE = 1000, 1000000
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# p99 at a million within this many times its p99 at a thousand.
TARGET_RATIO = 1.5

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
document, charts = sys.argv[2], sys.argv[3]
os.makedirs(charts, exist_ok=True)


def find(database, accounts, name):
    for row in rows:
        if row.get("database") == database and row.get("accounts") == accounts and row.get("name") == name:
            return row
    return None


def fills(database):
    return [r for r in rows if r.get("database") == database and "load_seconds" in r]


# Measured at both sizes but not alike, so not in the table of ratios (they are in the facts
# below): every live token once is 925 tokens at a thousand accounts and a million at a
# million; the pruner's round deletes a thousand times more at a million, and `/auth/me` is
# measured while it runs and after it against its own server, for the 2 ms target; SQLite's
# checkpoints run in the background, on no request's time.
NOT_ALIKE = {"/auth/me, every account's token once", "/auth/me while the pruner runs", "/auth/me after the pruner",
             "checkpoints in the background"}
# Not requests of a person or a program: what an operator runs or waits for once (and the
# first scrape of a process, which counts the live sessions while it waits). Shown with their ratio; the 1.5x
# target is the requests'.
NOT_REQUESTS = ("latch users list", "start-up", "migration:", "GET /metrics, the process's first")


def timed_names(database):
    names = []
    for row in rows:
        name = row.get("name")
        if row.get("database") == database and "p99_ms" in row and name not in names and name not in NOT_ALIKE:
            names.append(name)
    # The requests first, then what an operator runs or waits for.
    return sorted(names, key=lambda name: not is_request(name))


def is_request(name):
    return not name.startswith(NOT_REQUESTS)


def ms(value):
    if value is None:
        return "-"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def ratio(small, large, key="p99_ms"):
    if not small or not large or not small.get(key):
        return None
    return large[key] / small[key]


def cost_table(database):
    lines = [
        f"| cost | p50 ms at {SMALL:,} | p99 ms at {SMALL:,} | p50 ms at {LARGE:,} | p99 ms at {LARGE:,} | p99 ratio | failures |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in timed_names(database):
        small, large = find(database, SMALL, name), find(database, LARGE, name)
        r = ratio(small, large)
        mark = "" if r is None or r <= TARGET_RATIO or not is_request(name) else " **over 1.5x**"
        failures = sum((row or {}).get("failures", 0) for row in (small, large))
        lines.append(
            f"| {name} | {ms((small or {}).get('p50_ms'))} | {ms((small or {}).get('p99_ms'))} | "
            f"{ms((large or {}).get('p50_ms'))} | {ms((large or {}).get('p99_ms'))} | "
            f"{'-' if r is None else f'{r:.2f}x'}{mark} | {failures} |"
        )
    return "\n".join(lines)


def deleted(row):
    """The rows the pruner's round deleted, as its log line says."""
    found = re.search(r"deleted=(\d+)", row.get("log", ""))
    return int(found.group(1)) if found else 0


def facts_table(database):
    def both(name, show):
        cells = []
        for accounts in (SMALL, LARGE):
            row = find(database, accounts, name)
            cells.append(show(row) if row else "-")
        return cells

    facts = [
        ("hot path: `/auth/me`, 32 connections on each size's server at once, requests/s (5 rounds of 2 s)", both("/auth/me, 32 connections", lambda r: throughput(database, r))),
        ("pruner's first round: rows deleted, seconds", both("pruner round", lambda r: f"{deleted(r):,} rows, {r['seconds']:.1f} s")),
        ("`/auth/me` p99 while the pruner runs / after it", both("/auth/me while the pruner runs",
            lambda r: f"{ms(r['p99_ms'])} ({r['requests']:,} requests) / {ms(find(database, r['accounts'], '/auth/me after the pruner')['p99_ms'])} ms")),
        ("export of the attacked account: size, time, resident memory rise", both("GET /auth/export, the attacked account",
            lambda r: f"{r['bytes'] / 1e6:.1f} MB, {r['seconds']:.2f} s, +{mib(r['resident_kib_rise'])}")),
        ("every account's token once: resident memory before / highest / after", both("/auth/me, every account's token once",
            lambda r: f"{r['requests']:,} tokens: {mib(r['resident_kib_before'])} / {mib(r['resident_kib_peak'])} / {mib(r['resident_kib_after'])}")),
        ("reads of the request paths that read a whole table (`EXPLAIN`, `tools/src/bin/scale/plans.rs`)", both("query plans",
            lambda r: f"{r['whole_table_reads']} of {len(r['reads'])}" + "".join(f"; **{x['read']}**: {x['plan']}" for x in r['reads'] if x['whole_table']))),
        ("tables over 1,000 rows read whole by the measured requests (PostgreSQL's own counts)", both("sequential scans of tables over 1,000 rows during the probes",
            lambda r: "none" if not r['tables'] else "; ".join(r['tables']))),
        ("SQLite's checkpoints in the background during the requests (`latch::web::db::checkpoints`): count, pages, p50 / p99 / longest; each was a request's wait before",
            both("checkpoints in the background",
                 lambda r: f"{r['checkpoints']:,}, {r['pages']:,} pages: {ms(r['p50_ms'])} / {ms(r['p99_ms'])} / {ms(r['max_ms'])} ms")),
        ("database size on disk", both("database size", lambda r: f"{r['bytes'] / 2**30:.2f} GiB" if r['bytes'] > 2**30 else f"{r['bytes'] / 2**20:.1f} MiB")),
    ]
    lines = [f"| | {SMALL:,} accounts | {LARGE:,} accounts |", "|---|---|---|"]
    # A fact neither size has (SQLite's checkpoints on PostgreSQL) is left out.
    lines += [f"| {what} | {a} | {b} |" for what, (a, b) in facts if (a, b) != ("-", "-")]
    return "\n".join(lines)


def throughput(database, row):
    """Requests/s, and at the larger size the change from the smaller."""
    small = find(database, SMALL, row["name"])
    if row["accounts"] == SMALL or not small:
        return f"{row['per_second']:,.0f}"
    change = (row["per_second"] / small["per_second"] - 1) * 100
    mark = "" if change >= -10 else " **more than 10 % fewer**"
    return f"{row['per_second']:,.0f} ({change:+.1f} %){mark}"


def fill_table(database):
    lines = ["| accounts | sessions | events | outbox | generated in | size | bytes per account |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in sorted(fills(database), key=lambda r: r["accounts"]):
        counts = row["rows"]
        lines.append(
            f"| {row['accounts']:,} | {counts['sessions']:,} | {counts['events']:,} | {counts['outbox']:,} | "
            f"{row['seconds']:.0f} s (load {row['load_seconds']:.0f} s, indexes {row['index_seconds']:.0f} s) | "
            f"{row['bytes'] / 2**20:,.0f} MiB | {row['bytes_per_account']:,} |"
        )
    return "\n".join(lines)


def chart(database):
    """Each cost's p99 at both sizes, two bars a row, each row scaled to its own larger bar
    (the costs span four orders of magnitude); the values printed beside the bars."""
    names = [n for n in timed_names(database) if find(database, SMALL, n) and find(database, LARGE, n)]
    row_height, left, bar_width = 34, 330, 360
    height = 50 + row_height * len(names) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="820" height="{height}" font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">{NAMES[database]}: p99 of each cost at {SMALL:,} and {LARGE:,} accounts</text>',
        f'<rect x="{left}" y="32" width="12" height="10" fill="#9db3e8"/><text x="{left + 16}" y="41">{SMALL:,} accounts</text>',
        f'<rect x="{left + 130}" y="32" width="12" height="10" fill="#2450c8"/><text x="{left + 146}" y="41">{LARGE:,} accounts</text>',
    ]
    for index, name in enumerate(names):
        y = 52 + index * row_height
        small, large = find(database, SMALL, name)["p99_ms"], find(database, LARGE, name)["p99_ms"]
        top = max(small, large) or 1
        label = name if len(name) <= 52 else name[:50] + "…"
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>')
        for offset, value, colour in ((0, small, "#9db3e8"), (13, large, "#2450c8")):
            width = max(1, bar_width * value / top)
            out.append(f'<rect x="{left}" y="{y + offset}" width="{width:.1f}" height="11" fill="{colour}"/>')
            out.append(f'<text x="{left + width + 4:.1f}" y="{y + offset + 10}">{ms(value)} ms</text>')
        r = large / small if small else 0
        colour = "#b00020" if r > TARGET_RATIO and is_request(name) else "#1a1a1a"
        out.append(f'<text x="790" y="{y + 17}" text-anchor="end" fill="{colour}">{r:.2f}x</text>')
    out.append("</svg>")
    path = os.path.join(charts, f"{database}-costs.svg")
    open(path, "w").write("\n".join(out) + "\n")
    return path


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


databases = [d for d in ("sqlite", "postgres") if fills(d)]
parts = [
    BEGIN,
    "## A million accounts (`make bench-scale`)",
    "",
    f"Measured on {datetime.date.today().isoformat()} on this machine ({os.cpu_count()} cores, {platform.system()} {platform.release()}): "
    "every cost at 1,000 and at 1,000,000 generated accounts, in one run, the servers under test and the client "
    "(`tools/src/bin/scale`, a few requests in flight: 4 unless said) sharing the 2 cores. The requests are measured "
    "side by side: both sizes' servers run at once and each cost's requests go to both at the same moment, in 5 rounds "
    "(`tools/src/bin/scale/pair.rs`), so that what the machine does meanwhile falls on both sizes alike; each side's "
    "times include the other's load, and times here move 2-3x from run to run, their ratio much less. A database is generated by "
    "`scale fill` (Latch's own migrations, then set-based `INSERT … SELECT`; `tools/src/bin/scale/shape.rs` says what it "
    "holds) and kept a day; each run first adds the day of dead rows the pruner's first round deletes (two expired "
    "sessions per account, a day of 90-day-old events). The attacked accounts hold 100,000 events each at both sizes, so "
    "a ratio shows what the table's size costs, not the account's. [docs/scale.md](docs/scale.md) says what was "
    "changed, each change before and after, and the targets missed and by how much.",
    "",
]
for database in databases:
    parts += [
        f"### {NAMES[database]}",
        "",
        fill_table(database),
        "",
        cost_table(database),
        "",
        facts_table(database),
        "",
        f"![{NAMES[database]}: each cost's p99 at both sizes]({os.path.relpath(chart(database), os.path.dirname(document) or '.')})",
        "",
    ]
parts.append(END)
section = "\n".join(parts)

text = open(document).read() if os.path.exists(document) else "# Benchmarks\n"
if BEGIN in text and END in text:
    text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END):]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(document, "w").write(text)
print(section)
