#!/usr/bin/env python
"""Draws a season run from bench/results.json: accepted writes/s, all requests/s and p95 over
time (ramp included, the hold shaded). Runs in .venv-bench (matplotlib).

    .venv-bench/bin/python bench/season_chart.py season bench/season.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(key: str, out: str) -> None:
    run = json.loads((ROOT / "bench" / "results.json").read_text())[key]
    series = run["series_all_run"]
    t = [p["t_s"] for p in series]
    fig, ax = plt.subplots(figsize=(10, 5), dpi=110)
    ax.plot(t, [p["writes_per_s"] for p in series], label="accepted writes/s", color="#1b7f3b")
    ax.plot(t, [p["requests_per_s"] for p in series], label="all requests/s", color="#7aa6c2")
    target = run["targets"]["writes_per_s"]
    ax.axhline(target, color="#1b7f3b", linestyle=":", label=f"target {target} writes/s")
    ax.set_xlabel("seconds since start (ramp, then hold)")
    ax.set_ylabel("per second")
    hold_start = run["load"]["ramp_s"]
    ax.axvspan(hold_start, t[-1] if t else hold_start, color="#f2f2f2", zorder=0, label="hold")
    ax2 = ax.twinx()
    ax2.plot(
        t,
        [p["p95_ms"] if p["p95_ms"] is not None else float("nan") for p in series],
        label="p95 ms (all)",
        color="#c0392b",
    )
    ax2.axhline(run["targets"]["p95_ms"], color="#c0392b", linestyle=":", label="target p95")
    ax2.set_ylabel("p95 ms (5 s buckets)")
    errors = sum(p["errors"] for p in series)
    f = run["figures"]
    ax.set_title(
        f"{key}: {run['employees']:,} employees, {run['load']['users']} users — hold "
        f"{f['writes_per_s']} writes/s, p95 {f['all']['p95_ms']} ms, errors {f['errors']}"
        f" (run {errors}); load avg {run['load_average'][0]}",
        fontsize=9,
    )
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    print(f"chart: {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
