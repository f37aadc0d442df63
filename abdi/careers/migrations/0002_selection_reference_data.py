"""Reference data of merit selection (REGULATIONS.md §8), each row with its source and how sure
we are: the requirements pre-filled per target position kind, the stages and weights pre-filled
per kind of selection, and the points of the pre-filled track-record score.
See docs/decisions/0014-careers-selection.md."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

C2, C1, M = "c2", "c1", "m"
EFFECTIVE = dt.date(2014, 1, 15)  # UU 5/2014 (ASN): open selection of JPT
JPT = "UU 5/2014 ps. 108; PP 11/2017 jo. PP 17/2020; Permen PANRB 15/2019"
AGENCY = "Kebijakan instansi (pengetahuan latar, perlu diverifikasi)"

PREDIKAT = {"years": 2, "minimum": "baik"}
REQUIREMENTS = [
    # target position kind, rule, params, source, confidence
    ("jpt_utama", "min_education", {"level": "D4"}, JPT, C2),
    ("jpt_utama", "position_experience", {"kinds": ["jpt_madya"], "years": 2}, AGENCY, M),
    ("jpt_utama", "max_age", {"years": 58, "reading": "completed_years"}, JPT, M),
    ("jpt_utama", "predikat", PREDIKAT, JPT, M),
    ("jpt_utama", "no_discipline", {}, JPT, C2),
    ("jpt_madya", "min_education", {"level": "D4"}, JPT, C2),
    (
        "jpt_madya",
        "position_experience",
        {"kinds": ["jpt_pratama", "jf_ahli_utama"], "years": 2},
        AGENCY,
        M,
    ),
    ("jpt_madya", "max_age", {"years": 58, "reading": "completed_years"}, JPT, M),
    ("jpt_madya", "predikat", PREDIKAT, JPT, M),
    ("jpt_madya", "no_discipline", {}, JPT, C2),
    ("jpt_pratama", "min_education", {"level": "D4"}, JPT, C2),
    (
        "jpt_pratama",
        "position_experience",
        {"kinds": ["administrator", "jf_ahli_madya"], "years": 2},
        JPT,
        C2,
    ),
    # The age is counted in completed years on the closing date; the reading is a parameter
    # (REGULATIONS §8: announcements say "paling tinggi 56 tahun") [M].
    ("jpt_pratama", "max_age", {"years": 56, "reading": "completed_years"}, JPT, M),
    ("jpt_pratama", "predikat", PREDIKAT, JPT, M),
    ("jpt_pratama", "no_discipline", {}, JPT, C2),
    ("administrator", "min_education", {"level": "D4"}, AGENCY, M),
    (
        "administrator",
        "position_experience",
        {"kinds": ["pengawas", "jf_ahli_muda"], "years": 2},
        AGENCY,
        M,
    ),
    ("administrator", "predikat", PREDIKAT, AGENCY, M),
    ("administrator", "no_discipline", {}, AGENCY, M),
    ("administrator", "min_jpm", {"percent": "78"}, "Permen PANRB 38/2017 (band JPM)", C1),
    ("pengawas", "min_education", {"level": "D3"}, AGENCY, M),
    (
        "pengawas",
        "position_experience",
        {"kinds": ["pelaksana", "jf_ahli_pertama", "jf_terampil", "jf_mahir"], "years": 2},
        AGENCY,
        M,
    ),
    ("pengawas", "predikat", PREDIKAT, AGENCY, M),
    ("pengawas", "no_discipline", {}, AGENCY, M),
    ("pengawas", "min_jpm", {"percent": "78"}, "Permen PANRB 38/2017 (band JPM)", C1),
    ("jf_ahli_muda", "min_rank", {"rank": "III/c"}, "Permen PANRB 1/2023", M),
    ("jf_ahli_muda", "position_experience", {"kinds": ["jf_ahli_pertama"], "years": 2}, AGENCY, M),
    ("jf_ahli_muda", "predikat", PREDIKAT, "Permen PANRB 1/2023", M),
    ("jf_ahli_muda", "no_discipline", {}, AGENCY, M),
    ("jf_ahli_madya", "min_rank", {"rank": "IV/a"}, "Permen PANRB 1/2023", M),
    ("jf_ahli_madya", "position_experience", {"kinds": ["jf_ahli_muda"], "years": 2}, AGENCY, M),
    ("jf_ahli_madya", "predikat", PREDIKAT, "Permen PANRB 1/2023", M),
    ("jf_ahli_madya", "no_discipline", {}, AGENCY, M),
]

SEL = "Permen PANRB 15/2019 (contoh bobot pengumuman seleksi terbuka)"
STAGES = [
    # selection kind, stage, order, weight, confidence
    ("open_jpt", "administrative", 1, 0, C2),
    ("open_jpt", "written_test", 2, 20, C1),
    ("open_jpt", "competency_assessment", 3, 25, C1),
    ("open_jpt", "interview", 4, 35, C1),
    ("open_jpt", "track_record", 5, 20, C1),
]
for kind in ("administrator", "pengawas", "jf_level_up"):
    STAGES += [
        (kind, "administrative", 1, 0, M),
        (kind, "written_test", 2, 30, M),
        (kind, "interview", 3, 40, M),
        (kind, "track_record", 4, 30, M),
    ]

POINTS = [
    ("predikat_sangat_baik", "100"),
    ("predikat_baik", "80"),
    ("predikat_butuh_perbaikan", "60"),
    ("predikat_kurang", "40"),
    ("predikat_sangat_kurang", "20"),
    ("award", "5"),
    ("award_cap", "10"),
    ("discipline_light", "10"),
    ("discipline_moderate", "20"),
    ("discipline_severe", "40"),
    ("years", "3"),
]


PANEL = "UU 5/2014 ps. 119; Permen PANRB 15/2019 (panitia seleksi)"
PARAMETERS = [("panel_min", 5), ("panel_max", 9), ("panel_max_internal_percent", 45)]


def load(apps, schema_editor):
    Parameter = apps.get_model("careers", "SelectionParameter")
    for key, value in PARAMETERS:
        Parameter.objects.create(
            key=key, value=value, source=PANEL, confidence=C2, effective_from=EFFECTIVE
        )
    Requirement = apps.get_model("careers", "SelectionRequirementDefault")
    Stage = apps.get_model("careers", "SelectionStageDefault")
    Point = apps.get_model("careers", "TrackRecordPoint")
    for kind, rule, params, source, confidence in REQUIREMENTS:
        Requirement.objects.create(
            position_kind=kind,
            rule=rule,
            params=params,
            source=source,
            confidence=confidence,
            effective_from=EFFECTIVE,
        )
    for kind, stage, order, weight, confidence in STAGES:
        Stage.objects.create(
            selection_kind=kind,
            stage=stage,
            order=order,
            weight=weight,
            source=SEL if kind == "open_jpt" else AGENCY,
            confidence=confidence,
            effective_from=EFFECTIVE,
        )
    for item, points in POINTS:
        Point.objects.create(
            item=item, points=Decimal(points), source=AGENCY, confidence=M, effective_from=EFFECTIVE
        )


def grant_panel(apps, schema_editor):
    """The panel members' Group (accounts 0005) reads selections and applications."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="selection_panel")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="careers",
            codename__in=["view_selection", "view_application", "view_score", "add_score"],
        )
    )


def unload(apps, schema_editor):
    for name in (
        "SelectionParameter",
        "SelectionRequirementDefault",
        "SelectionStageDefault",
        "TrackRecordPoint",
    ):
        apps.get_model("careers", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_selection"),
        ("accounts", "0005_selection_panel_role"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(grant_panel, migrations.RunPython.noop),
    ]
