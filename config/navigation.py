"""The menu, by role. Each entry appears only for the users its check allows.

It lives in config, the composition root, because it names every app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.careers.permissions.mutations import can_request_transfer, can_view_rotations
from abdi.careers.permissions.proposals import can_view_due_lists
from abdi.careers.permissions.selection import panel_selection_ids, reads_all_selections
from abdi.careers.permissions.workforce import can_view_workforce
from abdi.competency.permissions import can_view_heatmaps
from abdi.employees.permissions import below_position_ids, can_manage_employees, own_employee
from abdi.employees.selectors import chart_scope_paths
from abdi.feedback.permissions import (
    can_use_complaint_inbox,
    can_view_scorecard,
    can_view_services,
    can_view_surveys,
)
from abdi.insights.permissions import can_view_insights, can_view_merit
from abdi.insights.selectors.reports import can_view_reports
from abdi.learning.permissions import can_manage_learning
from abdi.learning.permissions.credit import can_view_jp_dashboard
from abdi.learning.permissions.plans import can_view_tna
from abdi.performance import selectors as monitoring
from abdi.performance.permissions import skp_unit_paths
from abdi.talent.permissions import can_manage_talent, can_view_projects, can_view_talent_map
from abdi.talent.selectors.succession import can_view_succession

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from abdi.accounts.models import User
    from abdi.employees.models import Employee


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise  # translated lazily, in the request's language
    url: str
    icon: str
    active: bool = False
    children: tuple[NavItem, ...] = ()


def _group(label: StrOrPromise, icon: str, children: list[NavItem]) -> list[NavItem]:
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


def navigation_for(user: User, path: str = "/") -> list[NavItem]:
    """The menu of this user: an entry only when the role may use the page and it leads
    somewhere useful (issue 13) — no employee list for an account that sees no employee, no
    "Kinerja saya" or "Profil saya" without an employee record, no "Koreksi data" for a
    read-only leader."""
    me = own_employee(user)
    items = [
        NavItem(_("Beranda"), reverse("home"), "house"),
        NavItem(_("Tugas saya"), reverse("tasks"), "inbox"),
    ]
    if me is not None:
        items.append(NavItem(_("Profil saya"), reverse("employees:me"), "person-badge"))

    items += _group(_("Kepegawaian"), "people", _personnel_items(user, me))

    public_voice: list[NavItem] = []
    if can_use_complaint_inbox(user):
        public_voice.append(
            NavItem(pgettext_lazy("menu", "Pengaduan"), reverse("feedback:inbox"), "megaphone")
        )
    if can_view_services(user):
        public_voice.append(NavItem(_("Layanan publik"), reverse("feedback:services"), "shop"))
    if can_view_surveys(user):
        public_voice.append(
            NavItem(_("Survei kepuasan"), reverse("feedback:surveys"), "clipboard-check")
        )
    if can_view_scorecard(user):
        public_voice.append(NavItem(_("Rekap unit"), reverse("feedback:scorecard"), "bar-chart"))
    items += _group(_("Suara publik"), "megaphone", public_voice)

    items += _group(_("Kinerja"), "graph-up-arrow", _performance_items(user, me))
    items += _group(_("Kompetensi"), "mortarboard", _competency_items(user))
    items += _group(_("Pengembangan"), "journal-bookmark", _learning_items(user))
    items += _group(_("Talenta"), "stars", _talent_items(user))
    items += _group(_("Karier"), "ladder", _career_items(user))
    items += _group(_("Wawasan pimpinan"), "graph-up", _insights_items(user))

    if is_bkpsdm_admin(user):
        items.append(NavItem(_("Data referensi"), reverse("admin:index"), "gear"))
    return _mark_active(items, path)


def _has_role(user: User) -> bool:
    scope = role_scope(user)
    return bool(scope.agency_wide or scope.unit_paths)


def sees_employees(user: User, me: Employee | None) -> bool:
    """Whether the employee list shows this user anyone but themselves: a personnel role with a
    scope (operator, pimpinan, auditor, BKPSDM) or a supervisor. Complaint and service roles
    see no employee, a plain employee only their own record ("Profil saya")."""
    scope = role_scope(user)
    if is_bkpsdm_admin(user) or is_auditor(user) or scope.has(Role.OPERATOR, Role.LEADER):
        return True
    return me is not None and bool(below_position_ids(user))


def _personnel_items(user: User, me: Employee | None) -> list[NavItem]:
    entries: list[NavItem] = []
    if sees_employees(user, me):
        entries.append(NavItem(_("Pegawai"), reverse("employees:list"), "people"))
    entries += [
        NavItem(_("Organisasi"), reverse("org:tree"), "diagram-3"),
    ]
    if chart_scope_paths(user) != ():  # the chart opens on the user's scope; none, no chart
        entries.append(NavItem(_("Bagan organisasi"), reverse("employees:org_chart"), "diagram-2"))
    entries.append(NavItem(pgettext_lazy("menu", "Jabatan"), reverse("org:positions"), "briefcase"))
    if can_manage_employees(user):
        entries.append(NavItem(_("Impor pegawai"), reverse("employees:import"), "upload"))
    # Corrections: asked by employees, decided by operators/BKPSDM, read by auditors.
    if me is not None or can_manage_employees(user) or is_auditor(user):
        entries.append(
            NavItem(_("Koreksi data"), reverse("employees:corrections"), "pencil-square")
        )
    if is_auditor(user):
        entries.append(NavItem(_("Jejak audit"), reverse("employees:audit"), "clock-history"))
        entries.append(
            NavItem(_("Pembacaan data pribadi"), reverse("employees:personal_reads"), "eye")
        )
    return entries


def _performance_items(user: User, me: Employee | None) -> list[NavItem]:
    """The SKP cycle for employees; the monitors for those who may watch teams and units."""
    if me is None and not _has_role(user):
        return []
    entries: list[NavItem] = []
    if me is not None:
        entries += [
            NavItem(_("Kinerja saya"), reverse("performance:dashboard"), "speedometer2"),
            NavItem(_("Menunggu tindakan"), reverse("performance:inbox"), "inbox"),
        ]
    # Not for a role that sees no SKP (a complaint officer): an always empty list.
    if me is not None or skp_unit_paths(user) != ():
        entries.append(NavItem(_("Daftar SKP"), reverse("performance:skp_list"), "list-check"))
    if monitoring.can_monitor_team(user):
        entries.append(NavItem(_("Pemantauan tim"), reverse("performance:monitor"), "people"))
    if monitoring.can_watch_units(user):
        entries.append(
            NavItem(_("Pemantauan kinerja unit"), reverse("performance:unit_monitor"), "diagram-3")
        )
    if monitoring.can_use_calibration(user):
        entries += [
            NavItem(_("Kalibrasi predikat"), reverse("performance:calibration"), "sliders"),
            NavItem(_("Konsistensi penilai"), reverse("performance:raters"), "person-lines-fill"),
        ]
    if is_bkpsdm_admin(user) or is_auditor(user):
        entries.append(NavItem(_("Tahun kinerja"), reverse("performance:years"), "calendar3"))
    return entries


def _competency_items(user: User) -> list[NavItem]:
    """Own gaps for employees; the dictionary for every personnel role (operators included);
    the unit heat-map for admins and leaders."""
    entries: list[NavItem] = []
    me = own_employee(user)
    if me is not None:
        entries.append(
            NavItem(
                _("Kesenjangan saya"),
                reverse("competency:employee_gaps", args=[me.nip]),
                "bar-chart-steps",
            )
        )
    scope = role_scope(user)
    if can_view_heatmaps(user) or scope.has(Role.OPERATOR, Role.AUDITOR):
        entries.append(NavItem(_("Kamus kompetensi"), reverse("competency:dictionary"), "book"))
    if can_view_heatmaps(user):
        entries.append(
            NavItem(_("Peta kompetensi unit"), reverse("competency:heatmap_home"), "grid-3x3")
        )
    return entries


def _learning_items(user: User) -> list[NavItem]:
    """Competency development (abdi.learning): the learner's own pages first, then the
    supervisor's, then BKPSDM's and the leaders' overviews."""
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


def _talent_items(user: User) -> list[NavItem]:
    """Talent management (abdi.talent): the own page for employees; the map for BKPSDM,
    leaders and operators; reviews and thresholds for BKPSDM; succession for BKPSDM and
    leaders."""
    entries: list[NavItem] = []
    if own_employee(user) is not None:
        entries.append(NavItem(_("Talenta saya"), reverse("talent:my_talent"), "star"))
    if can_view_talent_map(user):
        entries.append(NavItem(_("Peta talenta"), reverse("talent:map"), "grid-3x3-gap"))
    if can_view_succession(user):
        entries.append(NavItem(_("Jabatan kritikal"), reverse("talent:critical_list"), "diagram-2"))
    if can_view_succession(user) and can_view_talent_map(user):
        entries.append(
            NavItem(
                _("Perubahan kotak dan kesiapan"), reverse("talent:changes"), "arrow-left-right"
            )
        )
    if can_manage_talent(user):
        entries.append(NavItem(_("Komite talenta"), reverse("talent:reviews"), "people"))
    if can_view_projects(user):
        entries.append(NavItem(_("Aksi perubahan"), reverse("talent:projects"), "lightbulb"))
    return entries


def _career_items(user: User) -> list[NavItem]:
    """Careers (abdi.careers): the employee's open selections, the panel member's selections,
    BKPSDM's and the auditors' list of all; due lists and proposals for operators, BKPSDM,
    leaders and auditors; transfer requests for everyone with an employee record; rotation
    plans and workforce needs for those who see them."""
    if not user.is_authenticated:
        return []
    entries: list[NavItem] = []
    if own_employee(user) is not None:
        entries.append(
            NavItem(_("Seleksi terbuka untuk saya"), reverse("careers:my_selections"), "door-open")
        )
    # Panel members hold the selection_panel Group (read with the role scope): nobody else
    # pays a query for this menu item.
    if Role.SELECTION_PANEL in role_scope(user).groups and panel_selection_ids(user):
        entries.append(
            NavItem(_("Tugas panitia seleksi"), reverse("careers:panel_home"), "clipboard-check")
        )
    if reads_all_selections(user):
        entries.append(NavItem(_("Seleksi jabatan"), reverse("careers:selection_list"), "ladder"))
    if can_view_due_lists(user):
        entries += [
            NavItem(
                _("Jatuh tempo KP, KGB, pensiun"), reverse("careers:due_list"), "calendar-check"
            ),
            NavItem(_("Usulan"), reverse("careers:proposals"), "send"),
        ]
    if can_request_transfer(user) or can_view_due_lists(user):
        entries.append(NavItem(_("Mutasi"), reverse("careers:transfers"), "arrow-left-right"))
    if can_view_rotations(user):
        entries.append(NavItem(_("Rencana rotasi"), reverse("careers:rotations"), "shuffle"))
    if can_view_workforce(user):
        entries.append(NavItem(_("Kebutuhan pegawai"), reverse("careers:workforce"), "people"))
    return entries


def _insights_items(user: User) -> list[NavItem]:
    """Leadership insights (abdi.insights): the dashboard, indices and reports for pimpinan and
    BKPSDM admins; every employee's own IP ASN."""
    entries: list[NavItem] = []
    if can_view_insights(user):
        entries.append(NavItem(_("Dasbor pimpinan"), reverse("insights:dashboard"), "speedometer2"))
        entries.append(NavItem(_("IP ASN unit"), reverse("insights:ip_asn"), "award"))
    if can_view_merit(user):
        entries.append(NavItem(_("Sistem merit"), reverse("insights:merit"), "clipboard-check"))
        entries.append(
            NavItem(_("Monitoring & evaluasi kebijakan"), reverse("insights:programmes"), "flag")
        )
    if can_view_merit(user) or own_employee(user) is not None:
        entries.append(
            NavItem(_("Survei keterlibatan"), reverse("insights:engagement"), "chat-heart")
        )
    if can_view_reports(user):
        entries.append(
            NavItem(_("Laporan kepegawaian"), reverse("insights:reports"), "file-earmark-text")
        )
    if own_employee(user) is not None:
        entries.append(NavItem(_("IP ASN saya"), reverse("insights:my_ip_asn"), "person-check"))
    return entries
