"""Regulation tables of performance management (REGULATIONS.md §2), editable in the admin."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMEN_6_2022 = "Permen PANRB 6/2022 tentang Pengelolaan Kinerja Pegawai ASN"
PERMEN_DATE = dt.date(2022, 2, 25)
BERAKHLAK_SOURCE = "SE MenPANRB 20/2021 tentang Implementasi Core Values dan Employer Branding ASN"
BERAKHLAK = [
    ("berorientasi_pelayanan", "Berorientasi Pelayanan", [
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ]),
    ("akuntabel", "Akuntabel", [
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ]),
    ("kompeten", "Kompeten", [
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ]),
    ("harmonis", "Harmonis", [
        "Menghargai setiap orang apa pun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ]),
    ("loyal", "Loyal", [
        "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    ]),
    ("adaptif", "Adaptif", [
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ]),
    ("kolaboratif", "Kolaboratif", [
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ]),
]
# (work result rating, behaviour rating) -> predikat
MATRIX = {
    ("above", "below"): "kurang", ("above", "meets"): "baik", ("above", "above"): "sangat_baik",
    ("meets", "below"): "kurang", ("meets", "meets"): "baik", ("meets", "above"): "baik",
    ("below", "below"): "sangat_kurang", ("below", "meets"): "butuh_perbaikan",
    ("below", "above"): "butuh_perbaikan",
}
HEAD_RATING = {
    "istimewa": "above", "baik": "meets", "butuh_perbaikan": "below", "kurang": "below",
    "sangat_kurang": "below",
}
SOME = Decimal("0.01")  # "must exist": a share above zero
DISTRIBUTION = [
    ("istimewa", "sangat_baik", None, Decimal(70), "Sangat Baik untuk sebagian besar, paling banyak 70%"),
    ("baik", "baik", None, Decimal(70), "Baik untuk sebagian besar, paling banyak 70%"),
    ("baik", "butuh_perbaikan,kurang", SOME, None, "Harus ada predikat Butuh Perbaikan dan/atau Kurang"),
    ("butuh_perbaikan", "sangat_baik", None, Decimal(10), "Sangat Baik paling banyak 10%"),
    ("butuh_perbaikan", "butuh_perbaikan", Decimal(60), None, "Butuh Perbaikan paling sedikit 60%"),
    ("kurang", "sangat_baik", None, Decimal(10), "Sangat Baik paling banyak 10%"),
    ("kurang", "butuh_perbaikan", Decimal(10), None, "Butuh Perbaikan paling sedikit 10%"),
    ("kurang", "kurang", Decimal(60), None, "Kurang paling sedikit 60%"),
    ("sangat_kurang", "sangat_baik", None, Decimal(0), "Tidak ada Sangat Baik"),
    ("sangat_kurang", "sangat_kurang", Decimal(60), None, "Sangat Kurang paling sedikit 60%"),
    ("sangat_kurang", "butuh_perbaikan,kurang", Decimal(10), None, "Butuh Perbaikan dan/atau Kurang paling sedikit 10%"),
]
CREDIT_SOURCE = "Permen PANRB 1/2023 tentang Jabatan Fungsional"
CREDIT_DATE = dt.date(2023, 1, 6)
COEFFICIENTS = {
    "jf_pemula": "3.75", "jf_terampil": "5", "jf_mahir": "12.5", "jf_ahli_pertama": "12.5",
    "jf_penyelia": "25", "jf_ahli_muda": "25", "jf_ahli_madya": "37.5", "jf_ahli_utama": "50",
}
PERCENTAGES = {"sangat_baik": 150, "baik": 100, "butuh_perbaikan": 75, "kurang": 50, "sangat_kurang": 25}
ALL = ("view", "add", "change", "delete")
PERFORMANCE_MODELS = [
    "performanceyear", "performanceperiod", "orgunitpredikat", "skp", "workresult", "indicator",
    "behaviourexpectation", "activity", "realisation", "feedback", "evaluation",
    "evaluationadjustment", "objection",
]
REFERENCE_MODELS = [
    "behaviourvalue", "predikatmatrixcell", "orgpredikatrating", "distributionlimit",
    "creditpointrule", "creditpointpercentage",
]


def load(apps, schema_editor):
    get = lambda name: apps.get_model("performance", name)  # noqa: E731
    for order, (code, name, guides) in enumerate(BERAKHLAK, start=1):
        get("BehaviourValue").objects.create(
            code=code, name=name, guides="\n".join(guides), order=order, source=BERAKHLAK_SOURCE,
            confidence="c2", effective_from=dt.date(2021, 8, 26),
        )
    for (work, behaviour), predikat in MATRIX.items():
        get("PredikatMatrixCell").objects.create(
            work_result_rating=work, behaviour_rating=behaviour, predikat=predikat,
            source=PERMEN_6_2022 + " (lampiran: kurva/matriks predikat)", confidence="c2",
            effective_from=PERMEN_DATE,
        )
    for org, rating in HEAD_RATING.items():
        get("OrgPredikatRating").objects.create(
            org_predikat=org, work_result_rating=rating,
            source=PERMEN_6_2022 + " (hasil kerja pimpinan unit = capaian kinerja organisasi)",
            confidence="m", effective_from=PERMEN_DATE,
        )
    for org, predikats, minimum, maximum, note in DISTRIBUTION:
        get("DistributionLimit").objects.create(
            org_predikat=org, predikats=predikats, min_percent=minimum, max_percent=maximum,
            note=note, source=PERMEN_6_2022 + " (kurva distribusi predikat)", confidence="c1",
            effective_from=PERMEN_DATE,
        )
    for kind, coefficient in COEFFICIENTS.items():
        get("CreditPointRule").objects.create(
            position_kind=kind, yearly_coefficient=Decimal(coefficient), source=CREDIT_SOURCE,
            confidence="c2", effective_from=CREDIT_DATE,
        )
    for predikat, percent in PERCENTAGES.items():
        get("CreditPointPercentage").objects.create(
            predikat=predikat, percent=percent, source=CREDIT_SOURCE, confidence="c2",
            effective_from=CREDIT_DATE,
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    grants = {
        "bkpsdm_admin": [(m, ALL) for m in PERFORMANCE_MODELS + REFERENCE_MODELS],
        "leader": [(m, ("view",)) for m in PERFORMANCE_MODELS],
        "auditor": [(m, ("view",)) for m in PERFORMANCE_MODELS + REFERENCE_MODELS],
    }
    for role, rows in grants.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model, actions in rows:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="performance",
                    codename__in=[f"{a}_{model}" for a in actions],
                )
            )


def unload(apps, schema_editor):
    for name in (
        "BehaviourValue", "PredikatMatrixCell", "OrgPredikatRating", "DistributionLimit",
        "CreditPointRule", "CreditPointPercentage",
    ):
        apps.get_model("performance", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(load, unload)]
