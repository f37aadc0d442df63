"""The English interface is real: the catalogue is complete and compiled, and the pages switch."""

import gettext
import importlib.util
import re
import sys
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.mo"

# Menu and layout words that must never show in the English interface.
NAV_INDONESIAN = [
    "Beranda",
    "Profil saya",
    "Pegawai",
    "Kepegawaian",
    "Organisasi",
    "Jabatan",
    "Koreksi data",
    "Keluar",
    "Suara publik",
    "Pengaduan",
    "Kinerja",
]


def _catalogue():
    spec = importlib.util.spec_from_file_location(
        "translate_check", ROOT / "scripts" / "translate_check.py"
    )
    module = sys.modules.get("translate_check") or importlib.util.module_from_spec(spec)
    sys.modules["translate_check"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module, module.parse(PO.read_text(encoding="utf-8"))


def _nav(html: str) -> str:
    """The visible text of the top navigation bar."""
    found = re.search(r"<nav class=\"navbar.*?</nav>", html, re.S)
    assert found is not None
    nav = found.group(0)
    return unescape(re.sub(r"<[^>]+>", " ", nav))


def _leftovers(nav: str) -> list[str]:
    return [w for w in NAV_INDONESIAN if re.search(rf"\b{w}\b", nav)]


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_catalogue_has_no_empty_fuzzy_or_mismatched_entry():
    module, entries = _catalogue()
    live = [e for e in entries if not e.obsolete and e.msgid]
    assert len(live) > 1500
    assert module.problems(entries) == []
    untranslated = [e.msgid for e in live if not e.translated]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po():
    """The committed .mo was compiled from the committed .po (no stale or missing entry)."""
    _, entries = _catalogue()
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for e in entries:
        if e.obsolete or not e.msgid:
            continue
        if e.msgid_plural is not None:
            got = (mo.ngettext(e.msgid, e.msgid_plural, 1), mo.ngettext(e.msgid, e.msgid_plural, 2))
            want = (e.msgstr[0], e.msgstr[1])
        elif e.msgctxt is not None:
            got, want = mo.pgettext(e.msgctxt, e.msgid), e.msgstr[0]
        else:
            got, want = mo.gettext(e.msgid), e.msgstr[0]
        if got != want:
            stale.append(e.msgid)
    assert stale == [], f"{len(stale)} entries differ: run make messages"


def test_plural_forms_are_filled_for_both_numbers():
    _, entries = _catalogue()
    plurals = [e for e in entries if e.msgid_plural is not None and not e.obsolete]
    assert plurals
    for e in plurals:
        assert sorted(e.msgstr) == [0, 1] and all(e.msgstr.values()), e.msgid


def test_glossary_terms_are_used():
    with translation.override("en"):
        assert translation.gettext("Pegawai") == "Employees"
        assert translation.gettext("Unit kerja") == "Work unit"
        assert translation.gettext("Jabatan") == "Position"
        assert translation.gettext("Sangat Baik") == "Sangat Baik (very good)"
        assert translation.ngettext("%(n)s isian awal", "%(n)s isian awal", 2) == (
            "%(n)s initial values"
        )


@pytest.mark.django_db
def test_login_page_in_english(english):
    html = english.get(reverse("accounts:login")).content.decode()
    assert "Sign in to Abdi" in html
    assert "Password" in html
    assert "Masuk ke Abdi" not in html
    assert "Kata sandi" not in html


def test_employee_list_in_english(english, personas, login):
    client = login(personas.admin)
    response = client.get(reverse("employees:list"))
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    nav = _nav(html)
    for label in ["Home", "Employees", "Organisation", "Sign out"]:
        assert label in nav
    assert _leftovers(nav) == []
    assert "Search name or NIP" in html
    assert re.search(r"<strong>\d+</strong> employees\b", html)
    assert "Cari nama atau NIP" not in html


def test_employee_detail_in_english(english, personas, login):
    client = login(personas.admin)
    employee = personas.employee
    html = client.get(reverse("employees:detail", args=[employee.nip])).content.decode()
    for label in ["Work unit", "Length of service", "Retirement (BUP)", "Direct supervisor"]:
        assert label in html
    for word in ["Unit kerja", "Masa kerja", "Atasan langsung", "Ubah data"]:
        assert word not in html
    assert _leftovers(_nav(html)) == []


def test_switching_back_to_indonesian(english, personas, login):
    client = login(personas.admin)
    url = reverse("employees:list")
    assert "Employees" in _nav(client.get(url).content.decode())

    response = client.post(reverse("set_language"), {"language": "id", "next": url})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"

    response = client.get(url)
    assert response.headers["Content-Language"] == "id"
    nav = _nav(response.content.decode())
    assert {"Beranda", "Pegawai", "Keluar"} <= set(_leftovers(nav))
    assert "Employees" not in nav and "Sign out" not in nav
