"""IKM elements and grades (Permen PANRB 14/2017), SP4N-LAPOR! deadlines, and the Groups of the
public-voice roles."""

import datetime as dt

from django.contrib.auth.management import create_permissions
from django.db import migrations

IKM_SOURCE = "Permen PANRB 14/2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat"
IKM_DATE = dt.date(2017, 6, 21)
ELEMENTS = [
    ("U1", "Persyaratan", "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    ("U2", "Sistem, mekanisme, dan prosedur", "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
    ("U3", "Waktu penyelesaian", "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
    ("U4", "Biaya/tarif", "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
    ("U5", "Produk spesifikasi jenis pelayanan", "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?"),
    ("U6", "Kompetensi pelaksana", "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
    ("U7", "Perilaku pelaksana", "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
    ("U8", "Sarana dan prasarana", "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
    ("U9", "Penanganan pengaduan, saran dan masukan", "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
]
GRADES = [("A", "88.31", "Sangat Baik"), ("B", "76.61", "Baik"), ("C", "65.00", "Kurang Baik"), ("D", "25.00", "Tidak Baik")]
LAPOR_SOURCE = "Permen PANRB 62/2018 (pedoman pengelolaan pengaduan SP4N-LAPOR!)"
DEADLINES = [
    ("verification", 3, "c2"),
    ("follow_up", 5, "c2"),
    ("auto_close", 10, "c1"),
    ("completion", 60, "c1"),
]
GROUPS = {
    "complaint_coordinator": [("feedback", m, ("view", "add", "change")) for m in ("complaint", "complaintevent", "publicservice")],
    "complaint_liaison": [("feedback", "complaint", ("view",))],
    "service_admin": [("feedback", m, ("view", "add", "change")) for m in ("publicservice", "satisfactionsurvey", "surveyresponse")],
    "bkpsdm_admin": [("feedback", m, ("view", "add", "change", "delete")) for m in ("publicservice", "surveyelement", "ikmgrade", "complaintdeadlinerule", "satisfactionsurvey")]
    + [("core", "collectiveleaveday", ("view", "add", "change", "delete"))],
}


def load(apps, schema_editor):
    SurveyElement = apps.get_model("feedback", "SurveyElement")
    IkmGrade = apps.get_model("feedback", "IkmGrade")
    Rule = apps.get_model("feedback", "ComplaintDeadlineRule")
    for order, (code, name, question) in enumerate(ELEMENTS, start=1):
        SurveyElement.objects.create(
            code=code, name=name, question=question, order=order, source=IKM_SOURCE,
            confidence="c2", effective_from=IKM_DATE,
        )
    for grade, minimum, label in GRADES:
        IkmGrade.objects.create(
            grade=grade, min_score=minimum, performance_label=label, source=IKM_SOURCE,
            confidence="c2", effective_from=IKM_DATE,
        )
    for step, days, confidence in DEADLINES:
        Rule.objects.create(
            step=step, days=days, source=LAPOR_SOURCE, confidence=confidence,
            effective_from=dt.date(2018, 12, 31),
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, rows in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, actions in rows:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{a}_{model}" for a in actions],
                )
            )


def unload(apps, schema_editor):
    for name in ("SurveyElement", "IkmGrade", "ComplaintDeadlineRule"):
        apps.get_model("feedback", name).objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(
        name__in=["complaint_coordinator", "complaint_liaison", "service_admin"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("accounts", "0004_alter_roleassignment_role"),
        ("core", "0003_collectiveleaveday_historicalcollectiveleaveday"),
    ]
    operations = [migrations.RunPython(load, unload)]
