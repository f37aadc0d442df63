"""Placeholder: being built (issue 5)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


inbox = _todo
lapor_import = _todo
scorecard = _todo
complaint_detail = _todo
complaint_act = _todo
attachment_download = _todo
