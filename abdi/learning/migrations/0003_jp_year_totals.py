"""JpYearTotal: each employee's JP of a year, kept by services_credit.jp_totals_refresh so that
the JP dashboard does not aggregate the ledger on every page; filled here from the ledger."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum

BATCH = 2000


def fill(apps, schema_editor):
    JpEntry = apps.get_model("learning", "JpEntry")
    JpYearTotal = apps.get_model("learning", "JpYearTotal")
    sums = (
        JpEntry.objects.order_by()
        .values("employee_id", "year")
        .annotate(total=Sum("jp"))
        .values_list("employee_id", "year", "total")
    )
    rows = []
    for employee_id, year, total in sums.iterator(chunk_size=BATCH):
        rows.append(JpYearTotal(employee_id=employee_id, year=year, jp=total))
        if len(rows) >= BATCH:
            JpYearTotal.objects.bulk_create(rows)
            rows = []
    JpYearTotal.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0003_list_covering_index"),
        ("learning", "0002_jp_targets"),
    ]

    operations = [
        migrations.CreateModel(
            name="JpYearTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="tahun")),
                ("jp", models.PositiveIntegerField(verbose_name="JP")),
                (
                    "employee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jp_year_totals",
                        to="employees.employee",
                        verbose_name="pegawai",
                    ),
                ),
            ],
            options={
                "verbose_name": "jumlah JP setahun",
                "verbose_name_plural": "jumlah JP setahun",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("employee", "year"), name="learning_jpyeartotal_employee_year"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
