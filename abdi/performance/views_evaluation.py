"""Placeholder: being built (issue 3)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


activities = _todo
activity_evidence = _todo
realisations = _todo
realisation_evidence = _todo
feedback_create = _todo
evaluate = _todo
evaluation_detail = _todo
evaluation_release = _todo
evaluation_acknowledge = _todo
objection_file = _todo
objection_decide = _todo
