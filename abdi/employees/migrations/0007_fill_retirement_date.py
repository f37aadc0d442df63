"""Fill Employee.retirement_date for the existing rows: the pension date from the birth date and
the BUP of the position (the BUP table in force on the day the migration runs, or the position's
override), computed by the regulation's pure functions in abdi.employees.rules, one UPDATE per
distinct date. Later changes of the BUP table or of a position: `manage.py
refresh_retirement_dates` (services_retirement.retirement_dates_refresh does the same)."""

import datetime as dt
from collections import defaultdict

from django.db import migrations
from django.utils import timezone

CHUNK = 900  # ids per UPDATE


def fill(apps, schema_editor):
    from abdi.employees import rules

    Employee = apps.get_model("employees", "Employee")
    Position = apps.get_model("org", "Position")
    RetirementAge = apps.get_model("core", "RetirementAge")
    on = timezone.localdate()
    ages = tuple(RetirementAge.objects.values_list("position_kind", "effective_from", "age"))
    kinds = {
        pk: (kind, override)
        for pk, kind, override in Position.objects.values_list(
            "pk", "kind", "retirement_age_override"
        )
    }
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    rows = Employee.objects.order_by().values_list("pk", "birth_date", "position_id")
    for pk, birth_date, position_id in rows.iterator(chunk_size=5000):
        kind, override = kinds.get(position_id, (None, None))
        age = rules.retirement_age_for(kind, on, ages, override=override)
        by_date[rules.retirement_date(birth_date, age)].append(pk)
    for day, ids in by_date.items():
        for start in range(0, len(ids), CHUNK):
            Employee.objects.filter(pk__in=ids[start : start + CHUNK]).update(retirement_date=day)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_employee_retirement_date"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
