"""UnitRequirementCount now holds each unit's whole subtree (ADR 0066), no longer its own staff
only: the rows counted the old way are dropped, so that the first heat-map counts live and
queues the worker's rebuild, which writes them the new way."""

from django.db import migrations


def drop_own_staff_rows(apps, schema_editor):
    apps.get_model("competency", "UnitRequirementCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("competency", "0006_unit_requirement_count")]

    operations = [migrations.RunPython(drop_own_staff_rows, migrations.RunPython.noop)]
