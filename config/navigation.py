"""The menu, by role. Each entry appears only for the users its check allows.

It lives in config, the composition root, because it names every app."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.employees.permissions import can_manage_employees, own_employee
from abdi.feedback.permissions import (
    can_manage_services,
    can_use_complaint_inbox,
    can_view_scorecard,
    can_view_surveys,
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool = False


def navigation_for(user, path: str = "/") -> list[NavItem]:
    items = [NavItem(_("Beranda"), reverse("home"), "house")]
    me = own_employee(user)
    if me is not None:
        items.append(NavItem(_("Profil saya"), reverse("employees:me"), "person-badge"))
    items.append(NavItem(_("Pegawai"), reverse("employees:list"), "people"))
    items.append(NavItem(_("Organisasi"), reverse("org:tree"), "diagram-3"))
    if can_manage_employees(user):
        items.append(NavItem(_("Impor"), reverse("employees:import"), "upload"))
    items.append(NavItem(_("Koreksi data"), reverse("employees:corrections"), "pencil-square"))
    if can_use_complaint_inbox(user):
        items.append(NavItem(_("Pengaduan"), reverse("feedback:inbox"), "megaphone"))
    if can_manage_services(user):
        items.append(NavItem(_("Layanan publik"), reverse("feedback:services"), "shop"))
    if can_view_scorecard(user):
        items.append(NavItem(_("Rekap unit"), reverse("feedback:scorecard"), "bar-chart"))
    if can_view_surveys(user):
        items.append(NavItem(_("Survei kepuasan"), reverse("feedback:surveys"), "clipboard-check"))
    if is_auditor(user):
        items.append(NavItem(_("Jejak audit"), reverse("employees:audit"), "clock-history"))
    if is_bkpsdm_admin(user):
        items.append(NavItem(_("Data referensi"), reverse("admin:index"), "gear"))
    return [
        NavItem(i.label, i.url, i.icon, path == i.url or (i.url != "/" and path.startswith(i.url)))
        for i in items
    ]
