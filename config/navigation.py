"""The menu, by role. Each entry appears only for the users its check allows.

It lives in config, the composition root, because it names every app."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.competency.permissions import can_view_heatmaps
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
    children: tuple[NavItem, ...] = ()


def _group(label, icon: str, children: list[NavItem]) -> list[NavItem]:
    """A dropdown of the children; nothing when the user may use none of them."""
    return [NavItem(label, "", icon, children=tuple(children))] if children else []


def _mark_active(items: list[NavItem], path: str) -> list[NavItem]:
    """Only the entry with the longest URL that the path starts with is active."""
    leaves = [c for i in items for c in (i.children or (i,))]
    matches = [c.url for c in leaves if path == c.url or (c.url != "/" and path.startswith(c.url))]
    best = max(matches, key=len, default=None)

    def mark(item: NavItem) -> NavItem:
        if item.children:
            children = tuple(mark(c) for c in item.children)
            return NavItem(
                item.label, item.url, item.icon, any(c.active for c in children), children
            )
        return NavItem(item.label, item.url, item.icon, item.url == best)

    return [mark(i) for i in items]


def navigation_for(user, path: str = "/") -> list[NavItem]:
    items = [NavItem(_("Beranda"), reverse("home"), "house")]
    if own_employee(user) is not None:
        items.append(NavItem(_("Profil saya"), reverse("employees:me"), "person-badge"))

    personnel = [
        NavItem(_("Pegawai"), reverse("employees:list"), "people"),
        NavItem(_("Organisasi"), reverse("org:tree"), "diagram-3"),
        NavItem(pgettext_lazy("menu", "Jabatan"), reverse("org:positions"), "briefcase"),
    ]
    if can_manage_employees(user):
        personnel.append(NavItem(_("Impor pegawai"), reverse("employees:import"), "upload"))
    personnel.append(NavItem(_("Koreksi data"), reverse("employees:corrections"), "pencil-square"))
    if is_auditor(user):
        personnel.append(NavItem(_("Jejak audit"), reverse("employees:audit"), "clock-history"))
        personnel.append(
            NavItem(_("Pembacaan data pribadi"), reverse("employees:personal_reads"), "eye")
        )
    items += _group(_("Kepegawaian"), "people", personnel)

    public_voice = []
    if can_use_complaint_inbox(user):
        public_voice.append(
            NavItem(pgettext_lazy("menu", "Pengaduan"), reverse("feedback:inbox"), "megaphone")
        )
    if can_manage_services(user):
        public_voice.append(NavItem(_("Layanan publik"), reverse("feedback:services"), "shop"))
    if can_view_surveys(user):
        public_voice.append(
            NavItem(_("Survei kepuasan"), reverse("feedback:surveys"), "clipboard-check")
        )
    if can_view_scorecard(user):
        public_voice.append(NavItem(_("Rekap unit"), reverse("feedback:scorecard"), "bar-chart"))
    items += _group(_("Suara publik"), "megaphone", public_voice)

    items += _group(_("Kinerja"), "graph-up-arrow", _performance_items(user))
    items += _group(_("Kompetensi"), "mortarboard", _competency_items(user))
    items += _group(_("Pengembangan"), "journal-bookmark", _learning_items(user))

    if is_bkpsdm_admin(user):
        items.append(NavItem(_("Data referensi"), reverse("admin:index"), "gear"))
    return _mark_active(items, path)


def _performance_items(user) -> list[NavItem]:
    """The SKP cycle: for everyone with an employee record or a role."""
    me = own_employee(user)
    scope = role_scope(user)
    if me is None and not (scope.agency_wide or scope.unit_paths):
        return []
    entries = [
        NavItem(_("Kinerja saya"), reverse("performance:dashboard"), "speedometer2"),
        NavItem(_("Daftar SKP"), reverse("performance:skp_list"), "list-check"),
    ]
    if me is not None:
        entries.append(NavItem(_("Menunggu tindakan"), reverse("performance:inbox"), "inbox"))
    if is_bkpsdm_admin(user) or is_auditor(user):
        entries.append(NavItem(_("Tahun kinerja"), reverse("performance:years"), "calendar3"))
    return entries


def _competency_items(user) -> list[NavItem]:
    """Own gaps for employees; the dictionary and the unit heat-map for admins and leaders."""
    entries = []
    me = own_employee(user)
    if me is not None:
        entries.append(
            NavItem(
                _("Kesenjangan saya"),
                reverse("competency:employee_gaps", args=[me.nip]),
                "bar-chart-steps",
            )
        )
    if can_view_heatmaps(user):
        entries.append(NavItem(_("Kamus kompetensi"), reverse("competency:dictionary"), "book"))
        entries.append(
            NavItem(_("Peta kompetensi unit"), reverse("competency:heatmap_home"), "grid-3x3")
        )
    return entries


def _learning_items(user) -> list[NavItem]:
    """Competency development (abdi.learning): the learner's own pages first, then the
    supervisor's, then BKPSDM's and the leaders' overviews."""
    from abdi.learning.permissions import below_position_ids, can_manage_learning
    from abdi.learning.permissions_credit import can_view_jp_dashboard
    from abdi.learning.permissions_plans import can_view_tna

    if not user.is_authenticated:
        return []
    me = own_employee(user)
    leads_staff = me is not None and bool(below_position_ids(user))
    admin = can_manage_learning(user)
    entries = [NavItem(_("Katalog pelatihan"), reverse("learning:catalogue"), "journal-bookmark")]
    if me is not None:
        entries += [
            NavItem(_("E-learning"), reverse("learning:courses"), "laptop"),
            NavItem(_("Rencana pengembangan saya"), reverse("learning:my_plan"), "signpost-split"),
            NavItem(_("Pendaftaran saya"), reverse("learning:my_registrations"), "card-checklist"),
            NavItem(_("JP saya"), reverse("learning:my_jp"), "hourglass-split"),
            NavItem(_("Sertifikat saya"), reverse("learning:my_certificates"), "award"),
        ]
    if me is not None or admin:
        entries.append(
            NavItem(
                _("Sertifikat eksternal"), reverse("learning:external_list"), "file-earmark-check"
            )
        )
    if leads_staff:
        entries += [
            NavItem(_("Persetujuan pelatihan"), reverse("learning:approvals"), "check2-square"),
            NavItem(
                _("Konfirmasi penyelesaian"),
                reverse("learning:completion_confirmations"),
                "patch-check",
            ),
            NavItem(_("Rencana tim"), reverse("learning:team_plans"), "people"),
        ]
    if admin:
        entries += [
            NavItem(_("Kelola katalog"), reverse("learning:session_admin_list"), "gear"),
            NavItem(_("Kelola e-learning"), reverse("learning:course_admin_list"), "pencil-square"),
            NavItem(_("Konfirmasi kursi"), reverse("learning:confirmations"), "person-check"),
        ]
    if can_view_jp_dashboard(user):
        entries.append(NavItem(_("Dasbor JP"), reverse("learning:jp_dashboard"), "speedometer"))
    if can_view_tna(user):
        entries.append(
            NavItem(_("Analisis kebutuhan pelatihan"), reverse("learning:tna"), "clipboard-data")
        )
    return entries
