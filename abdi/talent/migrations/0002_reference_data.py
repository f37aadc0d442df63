"""Reference data of the talent map, with source and confidence (REGULATIONS §3 and §10).

- Nine-box cells and their recommended actions: exactly REGULATIONS §3 [C2+].
- Predikat points (Sangat Baik 5 … Sangat Kurang 1) and the performance thresholds on the mean of
  the last two years' points [M]: no regulation gives numbers; Abdi's reading, editable.
- Potential thresholds on the potential value (0–100) [C1: "set by each agency"]: Abdi's
  defaults, editable. See docs/decisions/0016-talent.md."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

EFFECTIVE = dt.date(2020, 3, 5)  # Permen PANRB 3/2020
NINE_BOX_SOURCE = "Permen PANRB 3/2020 (manajemen talenta ASN); REGULATIONS.md §3"
READING_SOURCE = "Bacaan Abdi atas Permen PANRB 3/2020 — belum ada angka resmi; sesuaikan"
POTENTIAL_SOURCE = "Permen PANRB 3/2020: ambang potensial ditetapkan instansi (nilai awal Abdi)"

# box, performance, potential, label, actions, in pool — REGULATIONS §3
NINE_BOX = [
    (1, "below", "low", "Kinerja di bawah ekspektasi, potensial rendah",
     "Ditangani sesuai ketentuan yang berlaku.", False),
    (2, "meets", "low", "Kinerja sesuai ekspektasi, potensial rendah",
     "Coaching, pengembangan kompetensi, penempatan yang sesuai.", False),
    (3, "below", "medium", "Kinerja di bawah ekspektasi, potensial menengah",
     "Coaching, pengembangan kompetensi, penempatan yang sesuai.", False),
    (4, "above", "low", "Kinerja di atas ekspektasi, potensial rendah",
     "Rotasi dan pengembangan kompetensi.", False),
    (5, "meets", "medium", "Kinerja sesuai ekspektasi, potensial menengah",
     "Coaching, pengembangan kompetensi, penempatan yang sesuai.", False),
    (6, "below", "high", "Kinerja di bawah ekspektasi, potensial tinggi",
     "Coaching, pengembangan kompetensi, penempatan yang sesuai.", False),
    (7, "above", "medium", "Kinerja di atas ekspektasi, potensial menengah",
     "Dipertahankan, masuk rencana suksesi, rotasi/pengayaan jabatan, pengembangan kompetensi.",
     True),
    (8, "meets", "high", "Kinerja sesuai ekspektasi, potensial tinggi",
     "Dipertahankan, masuk rencana suksesi, rotasi/pengayaan jabatan, pengembangan kompetensi.",
     True),
    (9, "above", "high", "Kinerja di atas ekspektasi, potensial tinggi",
     "Dipromosikan, dipertahankan, masuk rencana suksesi, mendapat penghargaan.", True),
]  # fmt: skip

POINTS = [
    ("sangat_baik", "5"),
    ("baik", "4"),
    ("butuh_perbaikan", "3"),
    ("kurang", "2"),
    ("sangat_kurang", "1"),
]
PERFORMANCE = [("below", None, "3.50"), ("meets", "3.50", "4.50"), ("above", "4.50", None)]
POTENTIAL = [("low", None, "75.00"), ("medium", "75.00", "90.00"), ("high", "90.00", None)]


def _d(value):
    return Decimal(value) if value is not None else None


def load(apps, schema_editor):
    NineBoxCell = apps.get_model("talent", "NineBoxCell")
    PredikatPoint = apps.get_model("talent", "PredikatPoint")
    ThresholdSet = apps.get_model("talent", "ThresholdSet")
    ThresholdBand = apps.get_model("talent", "ThresholdBand")
    TalentSetting = apps.get_model("talent", "TalentSetting")
    for box, perf, pot, label, actions, pool in NINE_BOX:
        NineBoxCell.objects.create(
            box=box, performance=perf, potential=pot, label=label, actions=actions,
            in_pool=pool, source=NINE_BOX_SOURCE, confidence="c2", effective_from=EFFECTIVE,
        )  # fmt: skip
    for predikat, points in POINTS:
        PredikatPoint.objects.create(
            predikat=predikat, points=Decimal(points), source=READING_SOURCE,
            confidence="m", effective_from=EFFECTIVE,
        )  # fmt: skip
    for kind, rows, source, confidence in (
        ("performance", PERFORMANCE, READING_SOURCE, "m"),
        ("potential", POTENTIAL, POTENTIAL_SOURCE, "c1"),
    ):
        table = ThresholdSet.objects.create(
            kind=kind, source=source, confidence=confidence, effective_from=EFFECTIVE
        )
        for level, lower, upper in rows:
            ThresholdBand.objects.create(
                threshold_set=table, level=level, lower=_d(lower), upper=_d(upper)
            )
    TalentSetting.objects.get_or_create(pk=1)


def unload(apps, schema_editor):
    for name in ("NineBoxCell", "PredikatPoint", "ThresholdSet", "TalentSetting"):
        apps.get_model("talent", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
