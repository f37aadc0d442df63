"""One Group per assignable role, with the Django permissions the admin site needs.

Object-level scoping (which units) is in abdi.*.permissions; these only open the doors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
PERSONNEL = [
    "employee", "rankhistory", "positionhistory", "educationhistory", "actingassignment",
    "disciplinerecord", "award", "annualpredikat", "correctionrequest", "importjob",
]
ORG = ["agency", "orgunit", "position"]
REFERENCE = ["rank", "educationlevel", "retirementage", "rankpromotionschedule", "regulationparameter"]


def grants():
    every = (VIEW, ADD, CHANGE, DELETE)
    return {
        "bkpsdm_admin": [("employees", m, every) for m in PERSONNEL]
        + [("org", m, every) for m in ORG]
        + [("core", m, every) for m in REFERENCE]
        + [("accounts", "roleassignment", every), ("accounts", "user", (VIEW, ADD, CHANGE))],
        "operator": [("employees", m, (VIEW, ADD, CHANGE)) for m in PERSONNEL]
        + [("org", m, (VIEW,)) for m in ORG],
        "leader": [("employees", m, (VIEW,)) for m in PERSONNEL if m != "importjob"]
        + [("org", m, (VIEW,)) for m in ORG],
        "auditor": [("employees", m, (VIEW,)) for m in PERSONNEL]
        + [("employees", f"historical{m}", (VIEW,)) for m in PERSONNEL if m != "importjob"]
        + [("org", m, (VIEW,)) for m in ORG]
        + [("core", m, (VIEW,)) for m in REFERENCE],
    }


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, rows in grants().items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, actions in rows:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def drop_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(grants())).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("core", "0002_reference_data"),
        ("org", "0001_initial"),
        ("employees", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, drop_groups)]
