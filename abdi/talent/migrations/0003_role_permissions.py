"""The BKPSDM admin group may keep the talent reference data in the admin site (thresholds,
predikat points, nine-box cells, settings, added critical positions) and read review decisions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERY = ("view", "add", "change", "delete")
GRANTS = {
    "bkpsdm_admin": [
        ("thresholdset", EVERY),
        ("thresholdband", EVERY),
        ("predikatpoint", EVERY),
        ("nineboxcell", ("view", "change")),
        ("talentsetting", ("view", "change")),
        ("criticalposition", EVERY),
        ("boxadjustment", ("view",)),
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, rows in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model, actions in rows:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="talent",
                    codename__in=[f"{a}_{model}" for a in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [("talent", "0002_reference_data"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
