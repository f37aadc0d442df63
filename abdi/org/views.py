"""Placeholder: being built (issue 2)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


org_tree = _todo
unit_create = _todo
unit_detail = _todo
unit_edit = _todo
unit_move = _todo
unit_close = _todo
position_list = _todo
position_create = _todo
position_edit = _todo
