"""The menu generated from the permissions, and every page reachable (issue 13).

`test_every_page_is_reachable` walks every URL pattern: a page without parameters must be in
some role's menu or home page, or be listed in DEEP with the reason it is reached another way;
a page with parameters (a record) or a POST-only action must be linked from a template or the
code (`{% url 'name' %}`, `reverse("name")`, `redirect("name")`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from abdi.feedback.testing import build_feedback_personas
from config.home import all_work, home_for
from config.navigation import navigation_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 8, 20)

# Pages without parameters that no menu or home card links to, on purpose.
DEEP = {
    "accounts:password_reset": "the 'Lupa kata sandi?' link of the login and lockout pages",
    "accounts:password_reset_done": "where the reset form leads after sending the e-mail",
    "accounts:password_reset_confirm": "the link in the password-reset e-mail",
    "accounts:password_reset_complete": "where the reset-confirm form leads",
    "careers:public_selections": "public (no login): the agency's announcement page links it",
    "careers:selection_create": "the 'Buat seleksi' button of 'Seleksi jabatan'",
    "careers:panel_home": "the panel member's menu item, shown only to panel members",
    "careers:batch_create": "the 'Usulkan' button of the due list",
    "careers:transfer_create": "the button on 'Mutasi'",
    "talent:box_people": "a box of the talent map (click-through)",
    "talent:compute": "the 'Hitung penempatan' button of the talent map (a POST)",
    "talent:thresholds": "the link on the talent map (BKPSDM)",
    "talent:review_new": "the button on 'Komite talenta'",
    "talent:critical_add": "the form on 'Jabatan kritikal' (a POST)",
    "talent:project_new": "the button on 'Aksi perubahan'",
    "talent:gallery": "public (no login): the innovation gallery, linked from 'Aksi perubahan'",
    "insights:dashboard_xlsx": "the XLSX button of the leadership dashboard",
    "insights:dashboard_pdf": "the PDF button of the leadership dashboard",
    "insights:dashboard_recount": "the 'Hitung ulang' button of the dashboard (a POST)",
    "insights:merit_start": "the button on 'Sistem merit'",
    "insights:engagement_answer": "the form on 'Survei keterlibatan' (a POST)",
    "insights:engagement_open": "the button on 'Survei keterlibatan' (a POST)",
    "insights:programme_create": "the form on 'Monitoring & evaluasi kebijakan' (a POST)",
    "insights:ip_asn_recompute": "the recompute button of 'IP ASN unit' (a POST)",
    "landing": "where signing in leads (LOGIN_REDIRECT_URL): home, or a leader's dashboard",
    "accounts:password_change": "the account menu's link (base template), not a module page",
    "employees:create": "the 'Tambah pegawai' button of the employee list",
    "employees:correction_create": "the 'Ajukan koreksi' button of 'Profil saya' and 'Koreksi data'",
    "org:unit_create": "the 'Tambah unit' button of the organisation tree",
    "org:position_create": "the 'Tambah jabatan' button of the position list",
    "performance:year_create": "the button on 'Tahun kinerja'",
    "performance:skp_create": "the button on 'Kinerja saya'",
    "performance:notifications": "superseded by the notification centre (the bell); kept for old links",
    "performance:monitor_partial": "the HTMX fragment the team monitor refreshes itself with",
    "learning:programme_create": "the button on 'Kelola katalog'",
    "learning:programme_admin_list": "a tab of 'Kelola katalog'",
    "learning:provider_list": "a tab of 'Kelola katalog'",
    "learning:provider_create": "the button on the provider list",
    "learning:external_create": "the button on 'Sertifikat eksternal'",
    "learning:course_create": "the button on 'Kelola e-learning'",
    "learning:verify_form": "public certificate verification (QR codes on certificates)",
    "competency:assessment_import": "the button on the competency dictionary (BKPSDM)",
    "feedback:lapor_import": "the button on the complaint inbox (coordinator)",
    "feedback:service_create": "the button on 'Layanan publik'",
    "feedback:survey_create": "the button on 'Survei kepuasan'",
    "core:healthz": "for the load balancer, not people",
    "accounts:login": "where an anonymous visitor is sent",
    "core:notifications": "the bell in the header, on every page",
    "core:notifications_read_all": "the button on the notification list (a POST)",
    "org:unit_options": "the HTMX search inside the unit picker (dispatch, employee, transfer)",
    "org:position_options": "the HTMX search inside the position picker (acting assignment)",
    "accounts:logout": "the 'Keluar' button of the header (a POST)",
}
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "api/", "i18n/")


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, prefix + str(entry.pattern)


def linked_names() -> set[str]:
    """URL names that a template or the code links to."""
    names: set[str] = set()
    pattern = re.compile(
        r"""(?:\{%\s*url\s+|reverse\(|redirect\(|reverse_lazy\()\s*["']([\w:-]+)["']"""
    )
    roots = [
        Path(settings.BASE_DIR) / "templates",
        Path(settings.BASE_DIR) / "abdi",
        Path(settings.BASE_DIR) / "config",
    ]
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in (".html", ".py") and "tests" not in path.parts:
                names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def menu_and_home_names(users) -> set[str]:
    names = set()
    for user in users:
        urls = [c.url for i in navigation_for(user) for c in (i.children or (i,))]
        home = home_for(user, today=TODAY)
        urls += [f.url for f in home.progress + home.figures + home.monitors]
        urls += [w.url for w in all_work(user, today=TODAY)]
        for url in urls:
            if url.startswith("/admin/"):
                continue
            match = resolve(url.split("?")[0])
            names.add(match.view_name)
    return names


def test_every_page_is_reachable(personas):
    fp = build_feedback_personas(personas)
    users = [
        personas.user(r)
        for r in (
            "employee",
            "supervisor",
            "head_a",
            "operator",
            "leader",
            "auditor",
            "admin",
            "superuser",
        )
    ] + [fp.coordinator, fp.liaison, fp.service_admin]
    in_menus = menu_and_home_names(users)
    linked = linked_names()
    unreachable = []
    patterns = dict(walk())
    stale = sorted(set(DEEP) - set(patterns))
    assert not stale, f"DEEP lists names that are no URL pattern: {stale}"
    for name, route in patterns.items():
        if route.startswith(SKIPPED_PREFIXES) or name.startswith(("public:", "api-")):
            continue
        if name in in_menus or name in DEEP:
            continue
        has_params = "<" in route
        if has_params and name in linked:
            continue
        if not has_params and name in linked and name.endswith(("_bulk", "_export")):
            continue
        unreachable.append(f"{name}  ({route})")
    assert not unreachable, "pages no menu, home card or link reaches:\n" + "\n".join(unreachable)
    assert all(reason for reason in DEEP.values())


def labels(user) -> set[str]:
    return {str(c.label) for i in navigation_for(user) for c in (i.children or (i,))}


def test_menu_fits_the_role(personas):
    fp = build_feedback_personas(personas)
    # A complaint coordinator sees no employee and has no employee record.
    coordinator = labels(fp.coordinator)
    assert not {"Pegawai", "Kinerja saya", "Profil saya", "Koreksi data"} & coordinator
    assert "Daftar SKP" not in coordinator  # they see no SKP: an always empty list
    assert "Pengaduan" in coordinator
    # A read-only leader without a record: no corrections, but the monitors.
    leader = labels(personas.leader)
    assert "Koreksi data" not in leader and "Kinerja saya" not in leader
    assert {"Pegawai", "Daftar SKP", "Pemantauan tim", "Pemantauan kinerja unit"} <= leader
    # The operator gets the competency dictionary.
    assert "Kamus kompetensi" in labels(personas.operator)
    # Unit heads reach calibration and rater consistency.
    assert {"Kalibrasi predikat", "Konsistensi penilai"} <= labels(personas.head_a.user)
    assert "Kalibrasi predikat" not in labels(personas.employee.user)
    # The auditor reads corrections and the audit trail.
    auditor = labels(personas.auditor)
    assert {"Koreksi data", "Jejak audit", "Pegawai"} <= auditor
    # ... and every agency-wide overview, read-only: no entry that only leads to actions.
    assert {
        "Pengaduan",
        "Rekap unit",
        "Layanan publik",
        "Survei kepuasan",
        "Peta kompetensi unit",
        "Dasbor JP",
        "Analisis kebutuhan pelatihan",
        "Pemantauan kinerja unit",
        "Dasbor pimpinan",
        "IP ASN unit",
    } <= auditor
    assert not {"Impor pegawai", "Kelola katalog", "Konfirmasi kursi", "Data referensi"} & auditor
    # A plain employee: their own pages, no employee list.
    employee = labels(personas.employee.user)
    assert {"Profil saya", "Kinerja saya", "Tugas saya"} <= employee
    assert "Pegawai" not in employee
