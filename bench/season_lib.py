"""Pure helpers of the evaluation-season bench (no Django, no server): percentiles, the summary of
a run's request log, the exactly-once check, CPU per process from /proc, the run's context
(machine, load average, commit) and the table of figures against their targets.

Unit-tested in tests/test_bench_season.py (fast, no servers); used by bench/season_load.py and
bench/run.py.
"""

from __future__ import annotations

import math
import os
import platform
import subprocess
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

WRITE_KINDS = ("realisation", "rate", "complaint", "survey answer")


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100) by the nearest-rank method: a value that was observed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(rows: Iterable[Mapping], start: float, end: float, bucket_s: float = 5.0) -> dict:
    """Figures of the requests that *started* in [start, end) (the hold; the ramp is left out).

    A row is {"t": start time (epoch s), "name": request kind, "ms": response time,
    "ok": bool}. Returns throughput (requests and writes per second), p50/p95/p99 and errors
    per kind and overall, and the time series (per bucket: writes/s, requests/s, p95 of all)."""
    held = [r for r in rows if start <= r["t"] < end]
    span = max(end - start, 1e-9)
    kinds: dict[str, list[Mapping]] = {}
    for r in held:
        kinds.setdefault(r["name"], []).append(r)

    def figures(items: list[Mapping]) -> dict:
        times = [float(r["ms"]) for r in items]
        return {
            "requests": len(items),
            "per_s": round(len(items) / span, 1),
            "errors": sum(1 for r in items if not r["ok"]),
            "p50_ms": _round(percentile(times, 50)),
            "p95_ms": _round(percentile(times, 95)),
            "p99_ms": _round(percentile(times, 99)),
            "max_ms": _round(max(times) if times else None),
        }

    writes = [r for r in held if r["name"] in WRITE_KINDS]
    accepted = [r for r in writes if r["ok"]]
    series = []
    n_buckets = max(1, math.ceil(span / bucket_s))
    for i in range(n_buckets):
        lo, hi = start + i * bucket_s, min(start + (i + 1) * bucket_s, end)
        inside = [r for r in held if lo <= r["t"] < hi]
        width = max(hi - lo, 1e-9)
        series.append(
            {
                "t_s": round(lo - start, 1),
                "requests_per_s": round(len(inside) / width, 1),
                "writes_per_s": round(
                    sum(1 for r in inside if r["name"] in WRITE_KINDS and r["ok"]) / width, 1
                ),
                "p95_ms": _round(percentile([float(r["ms"]) for r in inside], 95)),
                "errors": sum(1 for r in inside if not r["ok"]),
            }
        )
    return {
        "hold_s": round(span, 1),
        "requests_per_s": round(len(held) / span, 1),
        "writes_per_s": round(len(accepted) / span, 1),
        "all": figures(held),
        "writes": figures(writes),
        "errors": sum(1 for r in held if not r["ok"]),
        "kinds": {name: figures(items) for name, items in sorted(kinds.items())},
        "series": series,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def exactly_once(accepted: Iterable[str], stored: Iterable[str]) -> dict:
    """Every key the server accepted is stored exactly once.

    `accepted`: the identifiers the server answered for the writes it accepted (a tracking code,
    a record id), one per accepted write; `stored`: the same identifiers as read from the
    database (one per row found). Missing: accepted, not stored. Duplicated: stored more than
    once, or answered for two accepted writes. Unexpected: stored, never answered as accepted."""
    want = Counter(accepted)
    have = Counter(stored)
    missing = sorted(k for k in want if k not in have)
    duplicated = sorted(k for k in set(want) | set(have) if have[k] > 1 or want[k] > 1)
    unexpected = sorted(k for k in have if k not in want)
    return {
        "accepted": sum(want.values()),
        "found": sum(have[k] for k in want),
        "missing": len(missing),
        "duplicated": len(duplicated),
        "unexpected": len(unexpected),
        "ok": not missing and not duplicated,
        "samples": {"missing": missing[:5], "duplicated": duplicated[:5]},
    }


# ------------------------------------------------------------------------- CPU per process
def cpu_ticks(pid: int) -> int | None:
    """utime + stime of a process in clock ticks (None when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])


def children(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def cpu_seconds(before: Mapping[int, int], after: Mapping[int, int]) -> float:
    """CPU seconds spent between two samples of {pid: ticks} (processes in both samples; a
    process that started after the first sample counts from zero)."""
    hz = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid, ticks in after.items():
        total += ticks - before.get(pid, 0)
    return total / hz


# ------------------------------------------------------------------------- run context
def context(root: Path) -> dict:
    """Machine, load average and commit of a run (kept with every result)."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = bool(
            subprocess.run(
                ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()  # fmt: skip
        )
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "unknown", False
    try:
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        memory_gb = None
    return {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "memory_gb": memory_gb,
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": commit + ("+changes" if dirty else ""),
    }


# ------------------------------------------------------------------------- figures vs targets
def check(value: float | None, target: float, better: str) -> bool | None:
    """Whether a figure meets its target ("higher" or "lower" is better); None: not measured."""
    if value is None:
        return None
    return value >= target if better == "higher" else value <= target


def table(rows: Iterable[tuple[str, float | None, str, float, str]]) -> str:
    """A plain-text table of (figure, value, unit, target, "higher"|"lower"), each row marked
    ok / MISS / n/a (not measured)."""
    lines = [f"{'figure':<64} {'value':>10} {'target':>12}  result"]
    lines.append("-" * len(lines[0]))
    misses = 0
    for name, value, unit, target, better in rows:
        verdict = check(value, target, better)
        sign = "≥" if better == "higher" else "≤"
        shown = "—" if value is None else f"{value:g} {unit}".strip()
        mark = {True: "ok", False: "MISS", None: "n/a"}[verdict]
        misses += verdict is False
        lines.append(
            f"{name:<64} {shown:>10} {sign + ' ' + f'{target:g} {unit}'.strip():>12}  {mark}"
        )
    lines.append(f"{misses} miss(es)")
    return "\n".join(lines)
