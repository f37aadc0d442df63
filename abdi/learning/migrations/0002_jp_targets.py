"""The yearly JP right as data with its source (REGULATIONS.md §4). PPPK: the regulation text
gives a maximum of 24 JP a year [M]; the agency's target for PPPK is taken to be that figure
until BKPSDM says otherwise (docs/decisions/0032-learning-jp-ledger.md)."""

import datetime as dt

from django.db import migrations

ROWS = [
    ("pns", 20, None, "PP 11/2017 ps. 203 (hak pengembangan kompetensi paling sedikit 20 JP)", "c2"),
    ("pppk", 24, 24, "PP 49/2018 (PPPK: paling lama 24 JP per tahun) — perlu konfirmasi", "m"),
]


def load(apps, schema_editor):
    JpTarget = apps.get_model("learning", "JpTarget")
    for kind, target, maximum, source, confidence in ROWS:
        JpTarget.objects.get_or_create(
            employee_kind=kind,
            effective_from=dt.date(2017, 3, 30),
            defaults={
                "target_jp": target,
                "maximum_jp": maximum,
                "source": source,
                "confidence": confidence,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
