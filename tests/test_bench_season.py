"""The season bench's own arithmetic: the exactly-once check, the hold summary and the table of
figures against targets (pure functions; no server, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import season_lib  # noqa: E402


def test_exactly_once_passes_when_each_accepted_key_is_stored_once():
    result = season_lib.exactly_once(["A1", "B2", "C3"], ["C3", "A1", "B2"])
    assert result["ok"] is True
    assert (result["accepted"], result["found"], result["missing"]) == (3, 3, 0)


def test_exactly_once_reports_a_lost_write():
    result = season_lib.exactly_once(["A1", "B2", "C3"], ["A1", "C3"])
    assert result["ok"] is False
    assert result["missing"] == 1
    assert result["samples"]["missing"] == ["B2"]


def test_exactly_once_reports_a_write_stored_twice():
    result = season_lib.exactly_once(["A1", "B2"], ["A1", "B2", "B2"])
    assert result["ok"] is False
    assert result["duplicated"] == 1
    assert result["samples"]["duplicated"] == ["B2"]


def test_exactly_once_reports_one_code_answered_for_two_writes():
    # The server handed the same tracking code to two accepted submissions: one of them is lost.
    result = season_lib.exactly_once(["A1", "A1"], ["A1"])
    assert result["ok"] is False
    assert result["duplicated"] == 1


def test_exactly_once_notes_rows_nobody_was_told_about():
    result = season_lib.exactly_once(["A1"], ["A1", "Z9"])
    assert result["ok"] is True  # not a lost or doubled write, but reported
    assert result["unexpected"] == 1


def test_percentile_is_an_observed_value_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert season_lib.percentile(values, 50) == 50.0
    assert season_lib.percentile(values, 95) == 95.0
    assert season_lib.percentile(values, 99) == 99.0
    assert season_lib.percentile([7.0], 95) == 7.0
    assert season_lib.percentile([], 95) is None


def test_summary_counts_only_the_hold_and_only_accepted_writes_as_throughput():
    rows = [
        # ramp (before the hold): left out
        {"t": 5.0, "name": "complaint", "ms": 900.0, "ok": True},
        # hold [10, 20): 4 accepted writes, 1 failed write, 2 reads
        {"t": 10.0, "name": "complaint", "ms": 100.0, "ok": True},
        {"t": 11.0, "name": "realisation", "ms": 200.0, "ok": True},
        {"t": 12.0, "name": "rate", "ms": 300.0, "ok": True},
        {"t": 13.0, "name": "survey answer", "ms": 50.0, "ok": True},
        {"t": 14.0, "name": "complaint", "ms": 400.0, "ok": False},
        {"t": 15.0, "name": "my skp", "ms": 20.0, "ok": True},
        {"t": 16.0, "name": "my skp", "ms": 40.0, "ok": True},
        # after the end: left out
        {"t": 20.0, "name": "complaint", "ms": 5.0, "ok": True},
    ]
    s = season_lib.summarize(rows, 10.0, 20.0, bucket_s=5.0)
    assert s["writes_per_s"] == 0.4  # 4 accepted writes in 10 s
    assert s["requests_per_s"] == 0.7
    assert s["errors"] == 1
    assert s["kinds"]["complaint"]["requests"] == 2
    assert s["kinds"]["complaint"]["errors"] == 1
    assert s["kinds"]["my skp"]["p50_ms"] == 20.0
    assert s["writes"]["requests"] == 5
    assert s["all"]["max_ms"] == 400.0
    assert [b["t_s"] for b in s["series"]] == [0.0, 5.0]
    assert [b["writes_per_s"] for b in s["series"]] == [0.8, 0.0]
    assert [b["errors"] for b in s["series"]] == [1, 0]  # t=14 is in [10, 15)


@pytest.mark.parametrize(
    ("value", "target", "better", "expected"),
    [
        (210.0, 200, "higher", True),
        (199.9, 200, "higher", False),
        (300.0, 300, "lower", True),
        (301.0, 300, "lower", False),
        (None, 300, "lower", None),
    ],
)
def test_check_against_target(value, target, better, expected):
    assert season_lib.check(value, target, better) is expected


def test_table_marks_misses_and_counts_them():
    text = season_lib.table(
        [
            ("writes/s", 150.0, "/s", 200, "higher"),
            ("p95", 120.0, "ms", 300, "lower"),
            ("seed", None, "s", 180, "lower"),
        ]
    )
    lines = text.splitlines()
    assert lines[2].startswith("writes/s") and lines[2].endswith("MISS")
    assert lines[3].startswith("p95") and lines[3].endswith("ok")
    assert lines[4].endswith("n/a")
    assert lines[-1] == "1 miss(es)"


def test_cpu_seconds_counts_new_processes_from_zero():
    hz = season_lib.os.sysconf("SC_CLK_TCK")
    before = {1: 100, 2: 50}
    after = {1: 100 + hz, 2: 50 + hz, 3: hz}  # 3 started between the samples
    assert season_lib.cpu_seconds(before, after) == 3.0


def test_context_names_machine_load_and_commit():
    ctx = season_lib.context(Path(__file__).resolve().parent.parent)
    assert ctx["machine"]["cpus"] >= 1
    assert len(ctx["load_average"]) == 3
    assert ctx["commit"]
