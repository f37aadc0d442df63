"""Change the regulation data one thing at a time (then all together) and check that the
regulation tests notice: each mutation must make at least one test fail (issue 14, finding 16).

    .venv/bin/python scripts/regulation_mutations.py            # all mutations
    .venv/bin/python scripts/regulation_mutations.py bup_ahli_utama_60

Every file is restored afterwards, also on Ctrl-C. Exit status 1 if a mutation survived.
See docs/decisions/0020-api-contract-and-regulation-tests.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "abdi/employees/tests/test_regulation_bup_kp.py",
    "abdi/feedback/tests/test_regulation_ikm_deadlines.py",
    "abdi/competency/tests/test_regulation_jpm.py",
]

# name -> [(file, text, replacement)]
MUTATIONS: dict[str, list[tuple[str, str, str]]] = {
    "kp_2024_back_to_april_october": [
        (
            "abdi/core/migrations/0002_reference_data.py",
            '(dt.date(2024, 1, 1), "2,4,6,8,10,12"',
            '(dt.date(2024, 1, 1), "4,10"',
        )
    ],
    "bup_ahli_utama_60": [
        (
            "abdi/core/migrations/0002_reference_data.py",
            '"jf_ahli_utama": 65',
            '"jf_ahli_utama": 60',
        )
    ],
    "working_days_from_utc_day": [
        (
            "abdi/core/selectors.py",
            "received_on = received_at.astimezone(JAKARTA).date()",
            "received_on = received_at.date()",
        )
    ],
    "auto_close_after_5": [
        (
            "abdi/feedback/migrations/0002_reference_data.py",
            '("auto_close", 10, "c1")',
            '("auto_close", 5, "c1")',
        )
    ],
    "ikm_grade_a_88_00": [
        (
            "abdi/feedback/migrations/0002_reference_data.py",
            '("A", "88.31", "Sangat Baik")',
            '("A", "88.00", "Sangat Baik")',
        )
    ],
    "jpm_optimal_from_88": [
        (
            "abdi/competency/migrations/0002_reference_data.py",
            '("Optimal", Decimal("90"))',
            '("Optimal", Decimal("88"))',
        )
    ],
}
MUTATIONS["all_together"] = [edit for name in list(MUTATIONS) for edit in MUTATIONS[name]]


def run(name: str) -> bool:
    """True when the tests caught the mutation (at least one failed)."""
    originals: dict[Path, str] = {}
    try:
        for file, text, replacement in MUTATIONS[name]:
            path = ROOT / file
            source = originals.setdefault(path, path.read_text())
            current = path.read_text()
            if current.count(text) != 1:
                raise SystemExit(f"{name}: {text!r} not found exactly once in {file}")
            path.write_text(current.replace(text, replacement))
            assert source
        result = subprocess.run(
            [str(ROOT / ".venv/bin/pytest"), "-q", "-p", "no:xdist", "-x", "--no-header", *TESTS],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
        caught = result.returncode == 1 and bool(failed)
        print(f"{name}: {'caught' if caught else 'SURVIVED'}")
        for line in failed:
            print(f"    {line}")
        if not caught:
            print(result.stdout[-2000:])
        return caught
    finally:
        for path, source in originals.items():
            path.write_text(source)


def main(names: list[str]) -> int:
    survived = [name for name in names or list(MUTATIONS) if not run(name)]
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
