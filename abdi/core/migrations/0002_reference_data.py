"""Regulation reference tables (REGULATIONS.md §1). Editable afterwards in the admin."""

import datetime as dt

from django.db import migrations

PNS_RANKS = [
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"), ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"), ("III/d", "Penata Tingkat I"), ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"), ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GRADES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
               "XIV", "XV", "XVI", "XVII"]
RANK_SOURCE = "PP 99/2000 jo. PP 12/2002 (golongan/ruang dan pangkat PNS)"
PPPK_SOURCE = "Perpres 98/2020 (golongan PPPK I–XVII)"
PP_99_DATE = dt.date(2000, 10, 10)

# code, name, starting rank, highest regular rank, confidence
EDUCATION = [
    ("SD", "SD / sederajat", "I/a", "II/a"),
    ("SLTP", "SLTP / SMP", "I/c", "II/c"),
    ("SLTA", "SLTA / SMA / SMK", "II/a", "III/b"),
    ("D1", "Diploma I", "II/a", "III/b"),
    ("D2", "Diploma II", "II/b", "III/b"),
    ("D3", "Diploma III", "II/c", "III/c"),
    ("D4", "Diploma IV", "III/a", "III/d"),
    ("S1", "Sarjana (S1)", "III/a", "III/d"),
    ("S2", "Magister (S2)", "III/b", "IV/a"),
    ("S3", "Doktor (S3)", "III/c", "IV/a"),
]
BUP_SOURCE = "PP 11/2017 Pasal 239 (batas usia pensiun)"
BUP_DATE = dt.date(2017, 4, 7)
BUP = {
    "jpt_utama": 60, "jpt_madya": 60, "jpt_pratama": 60,
    "administrator": 58, "pengawas": 58, "pelaksana": 58,
    "jf_ahli_pertama": 58, "jf_ahli_muda": 58, "jf_ahli_madya": 60, "jf_ahli_utama": 65,
    "jf_pemula": 58, "jf_terampil": 58, "jf_mahir": 58, "jf_penyelia": 58,
}
SCHEDULES = [
    (dt.date(2000, 10, 10), "4,10", "PP 99/2000 jo. PP 12/2002: KP periode April dan Oktober", "c2"),
    (dt.date(2024, 1, 1), "2,4,6,8,10,12", "Kebijakan BKN: enam periode KP per tahun mulai 2024", "c2"),
    (dt.date(2025, 10, 1), "1,2,3,4,5,6,7,8,9,10,11,12", "Kebijakan BKN: KP setiap bulan mulai 1 Oktober 2025", "c2"),
]
PARAMETERS = [
    ("promotion_min_years_in_rank", 4, "PP 99/2000 Pasal 7 (KP reguler: 4 tahun dalam pangkat)", "c2", PP_99_DATE),
    ("promotion_predikat_years", 2, "PP 99/2000 jo. PP 30/2019 (predikat minimal Baik 2 tahun terakhir)", "c2", dt.date(2019, 5, 3)),
    ("kgb_interval_years", 2, "PP 15/2019 (KGB setiap 2 tahun masa kerja golongan)", "m", dt.date(2019, 3, 13)),
    ("min_appointment_age", 18, "PP 11/2017 Pasal 23 (usia minimal 18 tahun saat melamar)", "c2", BUP_DATE),
]


def load(apps, schema_editor):
    Rank = apps.get_model("core", "Rank")
    EducationLevel = apps.get_model("core", "EducationLevel")
    RetirementAge = apps.get_model("core", "RetirementAge")
    RankPromotionSchedule = apps.get_model("core", "RankPromotionSchedule")
    RegulationParameter = apps.get_model("core", "RegulationParameter")
    ranks = {}
    for order, (code, title) in enumerate(PNS_RANKS, start=1):
        ranks[code] = Rank.objects.create(
            code=code, title=title, kind="pns", order=order, source=RANK_SOURCE,
            confidence="c2", effective_from=PP_99_DATE,
        )
    for order, code in enumerate(PPPK_GRADES, start=1):
        Rank.objects.create(
            code=f"PPPK-{code}", title=f"Golongan {code} (PPPK)", kind="pppk", order=order,
            source=PPPK_SOURCE, confidence="m", effective_from=dt.date(2020, 10, 1),
        )
    for order, (code, name, start, highest) in enumerate(EDUCATION, start=1):
        EducationLevel.objects.create(
            code=code, name=name, order=order, starting_rank=ranks[start], highest_rank=ranks[highest],
            source="Peraturan BKN tentang KP; pangkat awal dan tertinggi menurut ijazah",
            confidence="m", effective_from=PP_99_DATE,
        )
    for kind, age in BUP.items():
        RetirementAge.objects.create(
            position_kind=kind, age=age, source=BUP_SOURCE, confidence="c2", effective_from=BUP_DATE
        )
    for day, months, source, confidence in SCHEDULES:
        RankPromotionSchedule.objects.create(
            effective_from=day, months=months, source=source, confidence=confidence
        )
    for key, value, source, confidence, day in PARAMETERS:
        RegulationParameter.objects.create(
            key=key, value=value, source=source, confidence=confidence, effective_from=day
        )


def unload(apps, schema_editor):
    for name in ("RegulationParameter", "RankPromotionSchedule", "RetirementAge", "EducationLevel", "Rank"):
        apps.get_model("core", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
