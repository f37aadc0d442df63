"""Placeholder: being built (issue 5)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


survey_list = _todo
survey_create = _todo
survey_result = _todo
survey_edit = _todo
survey_qr = _todo
survey_report_pdf = _todo
paper_response_create = _todo
paper_response_import = _todo
