"""Placeholder: being built (issue 3)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


team_monitor = _todo
team_monitor_partial = _todo
unit_monitor = _todo
calibration = _todo
calibration_unit = _todo
unit_recap_xlsx = _todo
evaluation_adjust = _todo
rater_consistency = _todo
skp_pdf = _todo
evaluation_pdf = _todo
