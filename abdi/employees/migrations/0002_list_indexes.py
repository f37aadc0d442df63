"""Indexes for the employee list at 100,000 employees (docs/decisions/0010-list-performance.md).

- `(name, nip, id)`: serves the list's `ORDER BY name, nip` without a sort, and lets the page of
  ids be read from the index alone (deep pages, see selectors.EmployeePaginator). Portable.
- PostgreSQL only: a pg_trgm GIN index on `UPPER(name)` so that the name search
  (`name__icontains`, which Django writes as `UPPER(name::text) LIKE UPPER('%…%')`) does not
  read the whole table. If the extension cannot be created (no privilege, not installed) the
  migration carries on without it: the search still works, only slower.

The indexes are created with SQL and not declared in `Employee.Meta.indexes`: they are a
matter of the database, and the trigram index cannot be expressed portably. The model state is
therefore unchanged (`makemigrations --check` stays clean).
"""

from __future__ import annotations

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

TABLE = "employees_employee"
NAME_NIP_INDEX = "employees_emp_name_nip_id_idx"
TRIGRAM_INDEX = "employees_emp_name_trgm_idx"


def create_trigram_index(connection) -> bool:
    """Create pg_trgm (if allowed) and the GIN index; False when not possible. Each step runs
    in a savepoint, so a refusal does not break the surrounding migration transaction."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # no privilege, extension not installed on the server
        logger.warning("pg_trgm not available, name search stays unindexed: %s", exc)
        return False
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {TABLE} "
            "USING gin ((UPPER(name::text)) gin_trgm_ops)"
        )
    return True


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {NAME_NIP_INDEX} ON {TABLE} (name, nip, id)")
    create_trigram_index(connection)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
        cursor.execute(f"DROP INDEX IF EXISTS {NAME_NIP_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("employees", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
