"""The leadership dashboard read from its snapshot: sections with a chart, the same figures as a
table, and for every figure the page behind it (a sub-unit's dashboard or an existing list
filtered to the unit). Used by the page, the XLSX and the PDF alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.core.choices import Predikat
from abdi.employees.choices import EmploymentStatus
from abdi.insights.choices import IpAsnCategory
from abdi.insights.models import DashboardSnapshot
from abdi.insights.selectors.dashboard_inputs import AGE_BANDS, RETIREMENT_YEARS, age_band
from abdi.org.models import OrgUnit

RANK_GROUPS = ("I", "II", "III", "IV", "PPPK", "-")
EDUCATION = ("S3", "S2", "S1", "D4", "D3", "D2", "D1", "SLTA", "SLTP", "SD", "-")


@dataclass
class Row:
    label: str
    values: list
    link: str = ""


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[Row]
    chart: dict | None = None
    more: str = ""  # the page with the details behind the whole section
    note: str = ""

    @property
    def height(self) -> int:
        """Pixels for the chart: horizontal bars get room for every label."""
        if self.chart and self.chart.get("horizontal"):
            return max(220, 24 * len(self.chart["labels"]) + 50)
        return 240


@dataclass
class Dashboard:
    unit: OrgUnit
    year: int
    computed_at: dt.datetime
    reference_day: str
    kpis: list[tuple[str, str, str]]  # (label, value, link)
    sections: list[Section] = field(default_factory=list)


def snapshot_years(unit: OrgUnit) -> list[int]:
    return list(
        DashboardSnapshot.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True)
    )


def snapshot_for(unit: OrgUnit, year: int) -> DashboardSnapshot | None:
    return DashboardSnapshot.objects.filter(unit=unit, year=year).first()


def _pct(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def _fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def _url(name: str, *args: object, **query: object) -> str:
    base = reverse(name, args=args)
    given = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(given)}" if given else base


def _chart(
    kind: str,
    labels: Iterable[object],
    datasets: list[dict[str, Any]],
    *,
    links: Sequence[str | None] | None = None,
    stacked: bool = False,
    horizontal: bool = False,
    pyramid: bool = False,
) -> dict[str, Any]:
    return {
        "pyramid": pyramid,
        "type": kind,
        "labels": [str(label) for label in labels],
        "datasets": datasets,
        "links": links,
        "stacked": stacked,
        "horizontal": horizontal,
    }


def build(snapshot: DashboardSnapshot) -> Dashboard:
    unit, year, data = snapshot.unit, snapshot.year, snapshot.data
    f = data.get("figures", {})
    children = data.get("children", [])
    head = f.get("headcount", 0)

    def child_link(c: dict) -> str:
        if c.get("snapshot"):
            return _url("insights:dashboard", unit=c["id"], year=year)
        return _url("employees:list", unit=c["id"])

    unit_list = _url("employees:list", unit=unit.pk)
    ip_n = f.get("ip_n", 0)
    ip_mean = round(f["ip_sum"] / ip_n, 2) if ip_n else None
    complaints_counted = f.get("complaints_counted", 0)
    ikm_rows = data.get("ikm", [])
    ikm_mean = round(sum(r["ikm"] for r in ikm_rows) / len(ikm_rows), 2) if ikm_rows else None
    kpis = [
        (_("Pegawai aktif"), str(head), unit_list),
        (_("SKP disetujui"), _fmt_pct(_pct(f.get("skp_approved", 0), head)), ""),
        (
            _("Memenuhi target JP"),
            _fmt_pct(_pct(f.get("jp_met", 0), head)),
            _url("learning:jp_dashboard", unit=unit.pk, year=year),
        ),
        (
            _("Rata-rata IP ASN"),
            "—" if ip_mean is None else str(ip_mean).replace(".", ","),
            _url("insights:ip_asn", unit=unit.pk, year=year),
        ),
        (
            _("Pengaduan ditindaklanjuti tepat waktu"),
            _fmt_pct(_pct(f.get("complaints_on_time", 0), complaints_counted)),
            _url("feedback:scorecard", year=year),
        ),
        (
            _("Rata-rata IKM unit layanan"),
            "—" if ikm_mean is None else str(ikm_mean).replace(".", ","),
            "",
        ),
    ]
    board = Dashboard(unit, year, snapshot.computed_at, data.get("reference_day", ""), kpis)
    s = board.sections

    # Headcount by sub-unit
    s.append(
        Section(
            "headcount",
            _("Jumlah pegawai per unit"),
            [_("Unit"), _("Pegawai")],
            [Row(c["name"], [c["figures"].get("headcount", 0)], child_link(c)) for c in children],
            _chart(
                "bar",
                [c["name"] for c in children],
                [
                    {
                        "label": _("Pegawai"),
                        "data": [c["figures"].get("headcount", 0) for c in children],
                    }
                ],
                links=[child_link(c) for c in children],
                horizontal=True,
            ),
            more=unit_list,
        )
    )
    # Status
    statuses = [(st.value, str(st.label)) for st in EmploymentStatus]
    s.append(
        _simple(
            "status",
            _("Status kepegawaian"),
            f,
            "status",
            statuses,
            lambda code: _url("employees:list", unit=unit.pk, status=code),
            kind="doughnut",
        )
    )
    s.append(
        _simple(
            "rank",
            _("Golongan"),
            f,
            "rank",
            [
                (g, _("Tanpa golongan") if g == "-" else (_("PPPK") if g == "PPPK" else g))
                for g in RANK_GROUPS
            ],
            lambda code: unit_list,
        )
    )
    s.append(
        _simple(
            "education",
            _("Pendidikan terakhir"),
            f,
            "education",
            [(e, _("Belum tercatat") if e == "-" else e) for e in EDUCATION],
            lambda code: unit_list,
        )
    )
    # Age pyramid
    bands = [age_band(low) for low, _high in AGE_BANDS]
    men = [f.get(f"age:{b}:m", 0) for b in bands]
    women = [f.get(f"age:{b}:f", 0) for b in bands]
    s.append(
        Section(
            "age",
            _("Piramida usia"),
            [_("Usia"), _("Laki-laki"), _("Perempuan")],
            [Row(b, [m, w]) for b, m, w in zip(bands, men, women, strict=True)][::-1],
            _chart(
                "bar",
                bands[::-1],
                [
                    {"label": _("Laki-laki"), "data": [-m for m in men][::-1]},
                    {"label": _("Perempuan"), "data": women[::-1]},
                ],
                pyramid=True,
                stacked=True,
                horizontal=True,
            ),
            note=_("Usia pada %(day)s.") % {"day": data.get("reference_day", "")},
        )
    )
    # Retirements
    first = int(data.get("reference_day", f"{year}")[:4])
    years = list(range(first, first + RETIREMENT_YEARS))
    today = dt.date.fromisoformat(data["reference_day"]) if data.get("reference_day") else None

    def retire_link(y: int) -> str:
        if today is None:
            return unit_list
        months = (y - today.year) * 12 + (12 - today.month) + 1
        return _url("employees:list", unit=unit.pk, retiring_within_months=months)

    s.append(
        Section(
            "retirements",
            _("Pensiun lima tahun ke depan"),
            [_("Tahun"), _("Pegawai")],
            [Row(str(y), [f.get(f"retire:{y}", 0)], retire_link(y)) for y in years],
            _chart(
                "bar",
                years,
                [{"label": _("Pegawai"), "data": [f.get(f"retire:{y}", 0) for y in years]}],
                links=[retire_link(y) for y in years],
            ),
            note=_("Menurut BUP jabatan masing-masing."),
        )
    )
    # SKP completion per sub-unit
    s.append(
        _per_child(
            "skp",
            _("SKP disetujui per unit"),
            children,
            "skp_approved",
            child_link,
            _("SKP disetujui"),
        )
    )
    predikats = [(p.value, str(p.label)) for p in Predikat]
    s.append(
        _simple(
            "predikat",
            _("Sebaran predikat kinerja tahunan"),
            f,
            "predikat",
            predikats,
            lambda code: "",
            note=_("Predikat tahun %(year)s.") % {"year": year},
        )
    )
    s.append(
        _per_child(
            "jp",
            _("Pemenuhan target JP per unit"),
            children,
            "jp_met",
            child_link,
            _("Memenuhi target"),
            more=_url("learning:jp_dashboard", unit=unit.pk, year=year),
        )
    )
    jpm = [(b, b) for b in data.get("jpm_bands", [])] + [("none", _("Tanpa asesmen/standar"))]
    s.append(
        _simple(
            "jpm",
            _("Kesesuaian kompetensi (JPM)"),
            f,
            "jpm",
            jpm,
            lambda code: "",
            more=_url("competency:unit_heatmap", unit.pk),
        )
    )
    # Complaints per sub-unit
    rows = [
        Row(
            c["name"],
            [
                c["figures"].get("complaints", 0),
                _fmt_pct(
                    _pct(
                        c["figures"].get("complaints_on_time", 0),
                        c["figures"].get("complaints_counted", 0),
                    )
                ),
            ],
            child_link(c),
        )
        for c in children
        if c["figures"].get("complaints")
    ]
    s.append(
        Section(
            "complaints",
            _("Pengaduan diterima dan ditindaklanjuti tepat waktu"),
            [_("Unit"), _("Diterima"), _("Tepat waktu")],
            rows,
            _chart(
                "bar",
                [r.label for r in rows],
                [{"label": _("Diterima"), "data": [r.values[0] for r in rows]}],
                links=[r.link for r in rows],
                horizontal=True,
            )
            if rows
            else None,
            more=_url("feedback:scorecard", year=year),
        )
    )
    critical, ready = f.get("critical", 0), f.get("critical_ready", 0)
    s.append(
        Section(
            "talent",
            _("Kelompok talenta dan rencana suksesi"),
            [_("Unit"), _("Kelompok talenta"), _("Jabatan kritikal"), _("Dengan suksesor siap")],
            [
                Row(
                    c["name"],
                    [
                        c["figures"].get("pool", 0),
                        c["figures"].get("critical", 0),
                        c["figures"].get("critical_ready", 0),
                    ],
                    child_link(c),
                )
                for c in children
                if c["figures"].get("pool") or c["figures"].get("critical")
            ],
            more=reverse("talent:critical_list"),
            note=_(
                "%(pool)s pegawai dalam kelompok talenta; %(ready)s dari %(critical)s jabatan "
                "kritikal memiliki suksesor siap sekarang (%(share)s)."
            )
            % {
                "pool": f.get("pool", 0),
                "ready": ready,
                "critical": critical,
                "share": _fmt_pct(_pct(ready, critical)),
            },
        )
    )
    s.append(
        Section(
            "ikm",
            _("Indeks Kepuasan Masyarakat per unit"),
            [_("Unit"), _("IKM"), _("Mutu"), _("Periode")],
            [
                Row(
                    r["name"],
                    [str(r["ikm"]).replace(".", ","), r["grade"], r["period"]],
                    # each service unit opens its public-service composite
                    _url("insights:service_score", r["id"], year=year),
                )
                for r in ikm_rows
            ],
            _chart(
                "bar",
                [r["name"] for r in ikm_rows],
                [{"label": _("IKM"), "data": [r["ikm"] for r in ikm_rows]}],
                horizontal=True,
            )
            if ikm_rows
            else None,
        )
    )
    categories = [(c.value, str(c.label)) for c in IpAsnCategory]
    s.append(
        _simple(
            "ip_asn",
            _("Indeks Profesionalitas ASN"),
            f,
            "ip",
            categories,
            lambda code: "",
            more=_url("insights:ip_asn", unit=unit.pk, year=year),
        )
    )
    return board


def _simple(
    key: str,
    title: str,
    f: Mapping[str, Any],
    prefix: str,
    choices: Iterable[tuple[str, Any]],
    link: Callable[[str], str],
    *,
    kind: str = "bar",
    note: str = "",
    more: str = "",
) -> Section:
    values = [(code, label, f.get(f"{prefix}:{code}", 0)) for code, label in choices]
    values = [v for v in values if v[2] or prefix in ("predikat", "ip")]
    links = [link(code) for code, _l, _n in values]
    return Section(
        key,
        title,
        [_("Kelompok"), _("Pegawai")],
        [Row(label, [n], url) for (_c, label, n), url in zip(values, links, strict=True)],
        _chart(
            kind,
            [label for _c, label, _n in values],
            [{"label": _("Pegawai"), "data": [n for *_x, n in values]}],
            links=links if any(links) else None,
        )
        if any(n for *_x, n in values)
        else None,
        more=more,
        note=note,
    )


def _per_child(
    key: str,
    title: str,
    children: Iterable[dict[str, Any]],
    figure: str,
    child_link: Callable[[dict[str, Any]], str],
    label: str,
    *,
    more: str = "",
) -> Section:
    rows = []
    for c in children:
        head = c["figures"].get("headcount", 0)
        value = c["figures"].get(figure, 0)
        rows.append(Row(c["name"], [value, head, _fmt_pct(_pct(value, head))], child_link(c)))
    shares = [_pct(r.values[0], r.values[1]) or 0 for r in rows]
    return Section(
        key,
        title,
        [_("Unit"), label, _("Pegawai"), _("Persentase")],
        rows,
        _chart(
            "bar",
            [r.label for r in rows],
            [{"label": "%", "data": shares}],
            links=[r.link for r in rows],
            horizontal=True,
        )
        if any(shares)
        else None,
        more=more,
    )
