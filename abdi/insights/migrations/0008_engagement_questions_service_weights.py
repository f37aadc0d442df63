"""Data: the engagement survey's statements and the weights of the unit service composite.

Both are Abdi's reading [M]: the merit instrument names an employee engagement/satisfaction
survey but Abdi holds no official question list, and the composite's weights are the agency's
to set. BKPSDM replaces either in the admin (a row with a later `effective_from`)."""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2025, 1, 1)
QUESTIONS = [
    ("E1", "Saya memahami bagaimana pekerjaan saya mendukung tujuan instansi."),
    ("E2", "Saya mendapat kesempatan mengembangkan kompetensi dalam setahun terakhir."),
    ("E3", "Atasan saya memberi umpan balik yang membantu kinerja saya."),
    ("E4", "Penilaian kinerja di unit saya adil dan objektif."),
    ("E5", "Promosi dan mutasi di instansi ini didasarkan pada kompetensi dan kinerja."),
    ("E6", "Saya memiliki sarana dan data yang saya perlukan untuk bekerja."),
    ("E7", "Saya merasa dihargai atas hasil kerja saya."),
    ("E8", "Saya bangga bekerja di instansi ini dan akan merekomendasikannya."),
]
WEIGHTS = [
    ("on_time", "0.2500"),
    ("rating", "0.1500"),
    ("not_reopened", "0.1000"),
    ("ikm", "0.3000"),
    ("ikm_trend", "0.0500"),
    ("skp", "0.1500"),
]


def load(apps, schema_editor):
    Question = apps.get_model("insights", "EngagementQuestion")
    Weight = apps.get_model("insights", "ServiceScoreWeight")
    for order, (code, text) in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            code=code,
            effective_from=SINCE,
            defaults={
                "text": text,
                "order": order,
                "source": "Survei keterlibatan pegawai (indeks sistem merit), rumusan Abdi",
                "confidence": "m",
            },
        )
    for component, weight in WEIGHTS:
        Weight.objects.get_or_create(
            component=component,
            effective_from=SINCE,
            defaults={
                "weight": weight,
                "source": "Skor layanan unit, bobot awal Abdi (ditetapkan ulang oleh instansi)",
                "confidence": "m",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("insights", "EngagementQuestion").objects.filter(effective_from=SINCE).delete()
    apps.get_model("insights", "ServiceScoreWeight").objects.filter(effective_from=SINCE).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0007_engagement_programmes_service_score")]

    operations = [migrations.RunPython(load, unload)]
