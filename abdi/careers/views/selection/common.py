"""Helpers shared by the selection pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from abdi.careers.models.selection import (
    SelectionRequirement,
)
from abdi.careers.permissions import selection as perms
from abdi.careers.selectors import selection as selectors

PAGE_SIZE = 25


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


def flash_errors(request, exc: ValidationError) -> None:
    for message in error_messages(exc):
        messages.error(request, message)


def selection_or_404(request, pk):
    return get_object_or_404(selectors.selection_detail_queryset(request.user), pk=pk)


def application_or_404(request, pk):
    return get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)


def require_admin(request) -> None:
    if not perms.can_manage_selections(request.user):
        raise PermissionDenied


def describe_requirement(requirement: SelectionRequirement, tables) -> str:
    """A requirement in people's words."""
    p, rule = requirement.params, requirement.rule
    if rule == "min_education":
        return _("Pendidikan paling rendah %(l)s atau yang lebih tinggi") % {
            "l": tables.education.get(p.get("level"), (p.get("level"),))[0]
        }
    if rule == "min_rank":
        return _("Golongan paling rendah %(r)s") % {"r": p.get("rank")}
    if rule == "position_experience":
        kinds = ", ".join(tables.position_kinds.get(k, k) for k in p.get("kinds", []))
        return _("Sedang atau pernah menduduki %(k)s paling singkat %(y)s tahun") % {
            "k": kinds,
            "y": p.get("years"),
        }
    if rule == "total_experience":
        return _("Pengalaman jabatan kumulatif paling singkat %(y)s tahun") % {"y": p.get("years")}
    if rule == "max_age":
        reading = (
            _("dalam tahun penuh")
            if p.get("reading") != "not_past_birthday"
            else _("belum melewati ulang tahunnya")
        )
        return _("Usia paling tinggi %(y)s tahun pada tanggal penutupan (%(r)s)") % {
            "y": p.get("years"),
            "r": reading,
        }
    if rule == "predikat":
        labels = dict(tables.predikats)
        return _("Predikat kinerja %(n)s tahun terakhir paling rendah %(m)s") % {
            "n": p.get("years"),
            "m": labels.get(p.get("minimum"), p.get("minimum")),
        }
    if rule == "no_discipline":
        return _("Tidak sedang menjalani hukuman disiplin")
    if rule == "min_jpm":
        return _("Job Person Match paling rendah %(p)s%% untuk jabatan sasaran") % {
            "p": p.get("percent")
        }
    return requirement.get_rule_display()
