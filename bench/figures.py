#!/usr/bin/env python
"""Prints every figure of bench/results.json against its target and marks the misses.

    .venv/bin/python bench/figures.py          # (run by `make bench` and `make bench-table`)

Each section is written by its own bench (bench/README.md); a section not run yet is absent and
not listed. The targets are the issues' (personnel pages and team pages p95 ≤ 150 ms on
PostgreSQL; import ≥ 1,000 rows/s; the season ≥ 200 writes/s at p95 ≤ 300 ms with no errors and
every write exactly once; a 200-way registration burst p95 ≤ 1 s; seed of 100,000 ≤ 180 s and
≤ 1 GB).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import season_lib  # noqa: E402

Row = tuple[str, float | None, str, float, str]


def _get(data: dict, *path):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def rows(results: dict) -> list[Row]:
    out: list[Row] = []
    pg = _get(results, "databases", "postgres") or {}
    for case, t in sorted((pg.get("timings") or {}).items()):
        out.append((f"pages pg {case} p95", _get(t, "p95_ms"), "ms", 150, "lower"))
    imp = _get(pg, "import", "rows_per_s")
    if imp is not None:
        out.append(("import pg rows/s", imp, "/s", 1000, "higher"))
    for case, t in sorted((_get(results, "performance", "timings") or {}).items()):
        out.append((f"performance {case} p95", _get(t, "p95_ms"), "ms", 150, "lower"))
    load = _get(results, "feedback", "load") or {}
    if load:
        out.append(("complaints load errors", load.get("errors"), "", 0, "lower"))
    burst = _get(results, "learning_registration") or {}
    if burst:
        p95 = _get(burst, "latency", "p95_ms")
        if p95 is not None:
            out.append(("registration burst p95", p95, "ms", 1000, "lower"))
    seed = _get(results, "seed", "postgres_100000") or _get(results, "seed") or {}
    if seed:
        out.append(("seed 100,000 employees", _get(seed, "seconds"), "s", 180, "lower"))
        out.append(("seed 100,000: CPU of the seed", _get(seed, "cpu_seconds"), "s", 180, "lower"))
        out.append(("seed peak memory", _get(seed, "peak_rss_mb"), "MB", 1024, "lower"))
    out += scale_rows(results)
    for key in ("season", "season_two_servers"):
        run = results.get(key)
        if not run:
            continue
        f = run["figures"]
        out.append((f"{key}: accepted writes/s", f["writes_per_s"], "/s", 200, "higher"))
        out.append((f"{key}: p95 all requests", _get(f, "all", "p95_ms"), "ms", 300, "lower"))
        out.append((f"{key}: errors", f["errors"], "", 0, "lower"))
        for name, k in sorted(f["kinds"].items()):
            out.append((f"{key}:   p95 {name}", k["p95_ms"], "ms", 300, "lower"))
        once = 1 if _get(run, "exactly_once", "ok") else 0
        out.append((f"{key}: every write exactly once (1=yes)", once, "", 1, "higher"))
        tasks = _get(run, "exactly_once", "tasks") or {}
        if tasks.get("enqueued"):
            ok = 1 if tasks.get("ok") else 0
            out.append((f"{key}: every task run exactly once (1=yes)", ok, "", 1, "higher"))
        for proof, value in sorted((run.get("proofs") or {}).items()):
            out.append((f"{key}: {proof} (1=yes)", 1 if value.get("ok") else 0, "", 1, "higher"))
    return out


def _best(runs) -> float | None:
    """The fastest of a bench's repeated runs (a list of {"seconds": …} or of numbers)."""
    values = [r.get("seconds") if isinstance(r, dict) else r for r in runs or []]
    values = [v for v in values if v is not None]
    return min(values) if values else None


def scale_rows(results: dict) -> list[Row]:
    """The figures at 100,000 employees and at the national scale (issues Careers, Insights,
    Scale): the latest run of each."""
    out: list[Row] = []
    pages = results.get("pages") or {}
    labelled = [v for k, v in pages.items() if isinstance(v, dict) and v.get("employees")]
    if labelled:
        latest = max(labelled, key=lambda run: run.get("date", ""))
        n = f"{latest['employees']:,}"
        for case, t in sorted((latest.get("timings") or {}).items()):
            if case.endswith("worker_rebuild"):
                continue
            out.append((f"pages at {n} {case} p95", _get(t, "p95_ms"), "ms", 150, "lower"))
    careers = results.get("careers_eligibility") or {}
    proposals = results.get("careers_proposals") or {}
    runs = [k for k in careers if k.startswith("eligibility_all_set")]
    if runs:
        best = _best(careers[sorted(runs)[-1]])
        out.append(("careers eligibility of 100,000", best, "s", 10, "lower"))
    for name, t in sorted((careers.get("eligibility_page") or {}).items()):
        out.append((f"careers {name} p95", _get(t, "p95_ms"), "ms", 150, "lower"))
    # The due lists are measured by two benches (eligibility and proposals): the later run counts.
    due_runs = [
        (careers.get("date", ""), careers.get("due_lists") or {}),
        (proposals.get("date", ""), proposals.get("timings") or {}),
    ]
    _date, due = max(due_runs, key=lambda run: run[0])
    for name, t in sorted(due.items()):
        if isinstance(t, dict) and name.startswith("api "):
            out.append((f"careers due {name} p95", _get(t, "p95_ms"), "ms", 150, "lower"))
    insights = results.get("insights") or {}
    if insights.get("ip_asn_compute_s"):
        best = _best(insights["ip_asn_compute_s"])
        out.append(("IP ASN of 100,000", best, "s", 10, "lower"))
    for name in ("dashboard_agency_ms", "dashboard_opd_ms"):
        if _get(insights, name, "p95") is not None:
            out.append((f"insights {name[:-3]} p95", insights[name]["p95"], "ms", 150, "lower"))
    national = results.get("insights_national") or {}
    if national.get("ip_asn_recompute_s"):
        best = _best(national["ip_asn_recompute_s"])
        out.append(("IP ASN of 4.3 million (recompute)", best, "s", 60, "lower"))
        ratio = national.get("ratio_recompute_to_raw_create")
        out.append(("IP ASN 4.3 M ÷ raw CREATE TABLE AS", ratio, "×", 3, "lower"))
    return out


def header(results: dict) -> str:
    lines = []
    for key in ("season", "season_two_servers"):
        run = results.get(key)
        if run:
            lines.append(
                f"{key}: {run['date']} commit {run.get('commit')} load average "
                f"{run.get('load_average')} → {run.get('load_average_after')}"
            )
    return "\n".join(lines)


def main() -> int:
    path = ROOT / "bench" / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    text = header(results)
    if text:
        print(text)
    print(season_lib.table(rows(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
