"""Periods in people's words (issue 13): worked by hand, not computed by the code under test."""

import datetime as dt

from django.utils import translation

from abdi.performance.models import period_label


def test_period_labels_in_indonesian():
    with translation.override("id"):
        assert period_label("quarter", dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == (
            "Triwulan III 2026"
        )
        assert period_label("quarter", dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == (
            "Triwulan I 2026"
        )
        assert period_label("semester", dt.date(2026, 7, 1), dt.date(2026, 12, 31)) == (
            "Semester II 2026"
        )
        assert period_label("month", dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == "Maret 2026"
        assert period_label("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "Tahun 2026"
