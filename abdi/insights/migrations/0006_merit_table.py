"""The merit-system self-assessment of Permen PANRB 19/2025 as data (REGULATIONS.md §9): eight
aspects, their indicators (with the Abdi measure that proposes a score, or manual) and the index
levels. The aspects and levels are [C1–C2]; only the digital aspect's 10 % weight is known, the
other seven share 90 % equally and the indicators are Abdi's reading [M] — to be replaced by the
official instrument in the admin."""

import datetime as dt

from django.db import migrations

SOURCE = "Permen PANRB 19/2025 (indeks sistem merit)"
SINCE = dt.date(2025, 1, 1)
EQUAL = "0.1286"
ASPECTS = [
    ("A1", "Perencanaan kebutuhan dan standar jabatan", EQUAL, "m", [
        ("A1.1", "Jabatan memiliki standar kompetensi", "position_standards"),
        ("A1.2", "Rencana kebutuhan ASN lima tahun ditetapkan", "manual"),
    ]),
    ("A2", "Manajemen talenta", EQUAL, "m", [
        ("A2.1", "Kelompok rencana suksesi dan kelompok talenta tersedia", "manual"),
        ("A2.2", "Pengisian jabatan pimpinan melalui seleksi terbuka atau manajemen talenta",
         "manual"),
    ]),
    ("A3", "Manajemen kinerja", EQUAL, "m", [
        ("A3.1", "Pegawai memiliki SKP yang disetujui", "skp_approved"),
        ("A3.2", "Pegawai memiliki predikat kinerja tahunan", "annual_predikat"),
    ]),
    ("A4", "Pengembangan kompetensi", EQUAL, "m", [
        ("A4.1", "Pegawai memenuhi hak pengembangan kompetensi (20 JP)", "jp_target"),
        ("A4.2", "Analisis kebutuhan pengembangan kompetensi disusun", "manual"),
    ]),
    ("A5", "Budaya kerja dan citra institusi", EQUAL, "m", [
        ("A5.1", "Pengaduan masyarakat ditindaklanjuti tepat waktu", "complaints_on_time"),
        ("A5.2", "Nilai dasar BerAKHLAK diinternalisasi", "manual"),
    ]),
    ("A6", "Penghargaan dan pengakuan", EQUAL, "m", [
        ("A6.1", "Kebijakan penghargaan berbasis kinerja diterapkan", "manual"),
    ]),
    ("A7", "Disiplin, pemberhentian dan upaya administratif", EQUAL, "m", [
        ("A7.1", "Penegakan disiplin dan upaya administratif terdokumentasi", "manual"),
    ]),
    ("A8", "Digitalisasi manajemen ASN", "0.1000", "c1", [
        ("A8.1", "Data pegawai dikelola secara digital dengan akun pegawai", "digital_records"),
        ("A8.2", "Data terintegrasi dengan SIASN", "manual"),
    ]),
]
LEVELS = [("Dasar", "0.40"), ("Lanjutan", "0.60"), ("Menengah", "0.80"), ("Tinggi", "1.00"),
          ("Maju", None)]


def load(apps, schema_editor):
    Aspect = apps.get_model("insights", "MeritAspect")
    Indicator = apps.get_model("insights", "MeritIndicator")
    Level = apps.get_model("insights", "MeritLevel")
    for order, (code, name, weight, confidence, indicators) in enumerate(ASPECTS, start=1):
        aspect = Aspect.objects.create(
            code=code, name=name, weight=weight, order=order, source=SOURCE,
            confidence=confidence, effective_from=SINCE,
        )
        for i, (icode, text, measure) in enumerate(indicators, start=1):
            Indicator.objects.create(
                aspect=aspect, code=icode, text=text, measure=measure, order=i,
                source=SOURCE + " — indikator menurut bacaan Abdi", confidence="m",
                effective_from=SINCE,
            )
    for name, up_to in LEVELS:
        Level.objects.create(name=name, up_to=up_to, source=SOURCE, confidence="c1",
                             effective_from=SINCE)


def unload(apps, schema_editor):
    for model in ("MeritIndicator", "MeritAspect", "MeritLevel"):
        apps.get_model("insights", model).objects.filter(effective_from=SINCE).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0005_merit")]
    operations = [migrations.RunPython(load, unload)]
