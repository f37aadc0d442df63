"""The list's (name, nip, id) index also carries the columns the scoping conditions read
(org_unit_id, user_id, position_id): an operator's page, even a deep one, is then read from the
index alone, walking it in list order and skipping the rows outside the subtree, instead of
sorting the whole subtree (docs/decisions/0010-list-performance.md). PostgreSQL stores them as
INCLUDE columns; SQLite, which has no INCLUDE, as trailing key columns."""

from __future__ import annotations

from django.db import migrations

TABLE = "employees_employee"
OLD_INDEX = "employees_emp_name_nip_id_idx"
INDEX = "employees_emp_list_order_idx"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        columns = "(name, nip, id) INCLUDE (org_unit_id, user_id, position_id)"
    else:
        columns = "(name, nip, id, org_unit_id, user_id, position_id)"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} {columns}")
        cursor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON {TABLE} (name, nip, id)")
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("employees", "0002_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
