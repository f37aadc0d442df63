"""Fill CurrentLevel from the existing assessment history, in chunks of employees so that a
60,000-employee database is not ranked in one statement. Portable SQL (window functions run
on SQLite ≥ 3.25 and PostgreSQL); the ranking is the one services.refresh_current_levels uses,
copied here because a migration must not change when the service does."""

from django.db import migrations

CHUNK = 2000  # employee ids per statement


def fill(apps, schema_editor):
    Assessment = apps.get_model("competency", "Assessment")
    AssessmentResult = apps.get_model("competency", "AssessmentResult")
    CurrentLevel = apps.get_model("competency", "CurrentLevel")
    connection = schema_editor.connection
    q = connection.ops.quote_name
    sql = f"""
        INSERT INTO {q(CurrentLevel._meta.db_table)}
            (employee_id, competency_id, level, assessment_id, assessed_on)
        SELECT employee_id, competency_id, level, assessment_id, date FROM (
            SELECT a.employee_id, r.competency_id, r.level, r.assessment_id, a.date,
                   ROW_NUMBER() OVER (
                       PARTITION BY a.employee_id, r.competency_id
                       ORDER BY a.date DESC, r.assessment_id DESC
                   ) AS row_rank
            FROM {q(AssessmentResult._meta.db_table)} r
            JOIN {q(Assessment._meta.db_table)} a ON a.id = r.assessment_id
            WHERE a.employee_id >= %s AND a.employee_id < %s
        ) ranked
        WHERE row_rank = 1
    """
    ids = Assessment.objects.order_by("employee_id").values_list("employee_id", flat=True)
    first, last = ids.first(), ids.last()
    if first is None:
        return
    with connection.cursor() as cursor:
        for low in range(first, last + 1, CHUNK):
            cursor.execute(sql, [low, low + CHUNK])


def empty(apps, schema_editor):
    apps.get_model("competency", "CurrentLevel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("competency", "0004_current_level")]

    operations = [migrations.RunPython(fill, empty)]
