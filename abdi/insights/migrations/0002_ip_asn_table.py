"""The IP ASN points table and category bands (REGULATIONS.md §5) as data, with the source and
how sure we are of each row. Editable afterwards in the admin (a new row with a later
`effective_from` replaces a value from that year on)."""

import datetime as dt

from django.db import migrations

SOURCE = "Permen PANRB 38/2018 jo. Peraturan BKN 8/2019 (Indeks Profesionalitas ASN)"
# The table has been applied since the 2018 measurement; the exact date is not verified.
SINCE = dt.date(2018, 1, 1)

# dimension, criterion, label, points, threshold, confidence, note
ROWS = [
    ("qualification", "S3", "Doktor (S3)", "25", None, "c2", ""),
    ("qualification", "S2", "Magister (S2)", "20", None, "c2", ""),
    ("qualification", "S1", "Sarjana (S1)", "15", None, "c1", ""),
    ("qualification", "D4", "Diploma IV", "15", None, "c1", ""),
    ("qualification", "D3", "Diploma III", "10", None, "c1", ""),
    ("qualification", "D2", "Diploma II", "5", None, "c1", ""),
    ("qualification", "D1", "Diploma I", "5", None, "c1", ""),
    ("qualification", "SLTA", "SLTA / sederajat", "5", None, "c1", ""),
    ("qualification", "SLTP", "Di bawah SLTA (SLTP)", "1", None, "c1", ""),
    ("qualification", "SD", "Di bawah SLTA (SD)", "1", None, "c1", ""),
    ("competency", "structural.leadership",
     "Pelatihan kepemimpinan sesuai jabatan", "15", None, "c2", ""),
    ("competency", "structural.technical",
     "Pelatihan teknis paling sedikit 20 JP dalam setahun", "15", 20, "c2", ""),
    ("competency", "structural.seminar",
     "Seminar/lokakarya/kursus dalam 2 tahun terakhir", "10", 2, "c2", ""),
    ("competency", "functional.functional",
     "Pelatihan fungsional jabatan fungsionalnya", "15", None, "c2", ""),
    ("competency", "functional.technical",
     "Pelatihan teknis paling sedikit 20 JP dalam setahun", "15", 20, "c2", ""),
    ("competency", "functional.seminar",
     "Seminar/lokakarya/kursus dalam 2 tahun terakhir", "10", 2, "c2", ""),
    ("competency", "pelaksana.technical",
     "Pelatihan teknis paling sedikit 20 JP dalam setahun", "22.5", 20, "c1", ""),
    ("competency", "pelaksana.seminar",
     "Seminar/lokakarya/kursus dalam 2 tahun terakhir", "17.5", 2, "c1", ""),
    ("performance", "sangat_baik", "Sangat Baik", "30", None, "c1", ""),
    ("performance", "baik", "Baik", "25", None, "c1", ""),
    ("performance", "butuh_perbaikan", "Butuh Perbaikan (dahulu Cukup)", "15", None, "c1",
     " — sumber berbeda: 15 atau 20; periksa"),
    ("performance", "kurang", "Kurang", "5", None, "c1", ""),
    ("performance", "sangat_kurang", "Sangat Kurang", "1", None, "c1", ""),
    ("discipline", "none", "Tidak pernah dijatuhi hukuman disiplin", "5", None, "c1", ""),
    ("discipline", "light", "Hukuman disiplin ringan", "3", None, "c1", ""),
    ("discipline", "moderate", "Hukuman disiplin sedang", "2", None, "c1", ""),
    ("discipline", "severe", "Hukuman disiplin berat", "1", None, "c1", ""),
]
# Published bands 91–100, 81–90, 71–80, 61–70, ≤ 60; half points by strict inequalities.
BANDS = [
    ("sangat_tinggi", "90"),
    ("tinggi", "80"),
    ("sedang", "70"),
    ("rendah", "60"),
    ("sangat_rendah", None),
]


def load(apps, schema_editor):
    IpAsnPoint = apps.get_model("insights", "IpAsnPoint")
    IpAsnBand = apps.get_model("insights", "IpAsnBand")
    for dimension, criterion, label, points, threshold, confidence, note in ROWS:
        IpAsnPoint.objects.get_or_create(
            dimension=dimension,
            criterion=criterion,
            effective_from=SINCE,
            defaults={
                "label": label,
                "points": points,
                "threshold": threshold,
                "source": SOURCE + note,
                "confidence": confidence,
            },
        )
    for category, above in BANDS:
        IpAsnBand.objects.get_or_create(
            category=category,
            effective_from=SINCE,
            defaults={"above": above, "source": SOURCE, "confidence": "c1"},
        )


def unload(apps, schema_editor):
    apps.get_model("insights", "IpAsnPoint").objects.filter(effective_from=SINCE).delete()
    apps.get_model("insights", "IpAsnBand").objects.filter(effective_from=SINCE).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_ip_asn")]
    operations = [migrations.RunPython(load, unload)]
