"""On PostgreSQL the IP ASN scores become a table partitioned by year (docs/decisions/0058):
a year's recompute builds its rows into a fresh table and swaps it in for the old partition,
instead of deleting 4.3 million rows and inserting as many into indexed pages. The model does
not change; on SQLite nothing happens (the portable path stays DELETE + INSERT … SELECT)."""

from django.db import migrations

TABLE = "insights_ipasnscore"
OLD = "insights_ipasnscore_plain"
# Rows of a year without its own partition (none, as long as only the computation writes).
OTHER = "insights_ipasnscore_other"


def _model(apps):
    return apps.get_model("insights", "IpAsnScore")


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = _model(apps)
    run = schema_editor.execute
    run(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    run(f"ALTER SEQUENCE IF EXISTS {TABLE}_id_seq RENAME TO {OLD}_id_seq")
    run(
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING IDENTITY) PARTITION BY LIST (year)"
    )
    run(f"CREATE TABLE {OTHER} PARTITION OF {TABLE} DEFAULT")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT year FROM {OLD}")
        years = [row[0] for row in cursor.fetchall()]
    for year in years:
        run(f"CREATE TABLE {TABLE}_y{int(year)} PARTITION OF {TABLE} FOR VALUES IN ({int(year)})")
    run(f"INSERT INTO {TABLE} SELECT * FROM {OLD}")
    run(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), "
        f"COALESCE((SELECT max(id) FROM {TABLE}), 0) + 1, false)"
    )
    run(f"DROP TABLE {OLD}")
    # A partitioned table's unique keys must hold the partition key: the id is unique by its
    # sequence, the primary key is (id, year).
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, year)")
    for constraint in model._meta.constraints:
        schema_editor.add_constraint(model, constraint)
    for index in model._meta.indexes:
        schema_editor.add_index(model, index)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = _model(apps)
    run = schema_editor.execute
    parted = f"{TABLE}_parted"
    run(f"ALTER TABLE {TABLE} RENAME TO {parted}")
    run(f"ALTER SEQUENCE IF EXISTS {TABLE}_id_seq RENAME TO {parted}_id_seq")
    # The partitioned table's constraints and indexes keep their names: free them.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass", [parted])
        for (name,) in cursor.fetchall():
            run(f"ALTER TABLE {parted} RENAME CONSTRAINT {name} TO {name}_p")
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND c.relname NOT LIKE '%%\\_p'",
            [parted],
        )
        for (name,) in cursor.fetchall():
            run(f"ALTER INDEX {name} RENAME TO {name}_p")
    schema_editor.create_model(model)
    run(f"INSERT INTO {TABLE} SELECT * FROM {parted}")
    run(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), "
        f"COALESCE((SELECT max(id) FROM {TABLE}), 0) + 1, false)"
    )
    run(f"DROP TABLE {parted}")


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0009_ip_asn_score_lighter_writes"),
    ]

    operations = [migrations.RunPython(partition, unpartition)]
