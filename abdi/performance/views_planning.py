"""Placeholder: being built (issue 3)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


dashboard = _todo
year_list = _todo
year_create = _todo
year_detail = _todo
org_predikat_record = _todo
skp_list = _todo
skp_create = _todo
skp_detail = _todo
work_result_create = _todo
work_result_edit = _todo
work_result_delete = _todo
indicator_create = _todo
indicator_edit = _todo
indicator_delete = _todo
expectations_edit = _todo
skp_submit = _todo
skp_approve = _todo
skp_return = _todo
skp_revise = _todo
inbox = _todo
notifications = _todo
