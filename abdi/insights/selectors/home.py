"""The insights cards of the home page (config/home.py): for pimpinan and BKPSDM the key
figures of their top unit from its latest dashboard snapshot (one row), the merit index and
the open evaluation recommendations; for an owner, the recommendations waiting for them; for
an employee, an open engagement survey not yet answered."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.worklist import TASK_PREVIEW, Figure, WorkEntry, WorkItem
from abdi.employees.permissions import own_employee
from abdi.insights.choices import MeritStatus, RecommendationStatus
from abdi.insights.models import DashboardSnapshot, MeritAssessment, Recommendation
from abdi.insights.permissions import (
    can_manage_merit,
    can_verify_merit,
    can_view_insights,
    can_view_merit,
    default_unit,
)
from abdi.insights.selectors.engagement import has_answered, open_survey
from abdi.insights.selectors.merit import merit_result


def _pct(part: int, whole: int) -> str:
    # "77%" as the other figures of the home page write it (performance, learning, feedback)
    return f"{100 * part / whole:.0f}%" if whole else "—"


def insights_figures(user: User, *, today: dt.date) -> list[Figure]:
    if not can_view_insights(user):
        return []
    figures = []
    unit = default_unit(user)
    snapshot = (
        DashboardSnapshot.objects.filter(unit=unit).order_by("-year").first() if unit else None
    )
    url = reverse("insights:dashboard")
    if snapshot is None or unit is None:
        figures.append(
            Figure(
                _("Dasbor pimpinan"),
                "",
                url,
                _("Belum ada angka yang dihitung"),
                "speedometer2",
            )
        )
    else:
        f = snapshot.data.get("figures", {})
        head = f.get("headcount", 0)
        ip_n = f.get("ip_n", 0)
        figures += [
            Figure(
                _("Pegawai aktif"),
                f"{head:,}".replace(",", "."),
                url,
                _("%(unit)s, %(year)s") % {"unit": unit.name, "year": snapshot.year},
                "speedometer2",
                key="headcount",
            ),
            Figure(
                _("Rata-rata IP ASN"),
                f"{f['ip_sum'] / ip_n:.1f}".replace(".", ",") if ip_n else "—",
                reverse("insights:ip_asn") + f"?unit={unit.pk}&year={snapshot.year}",
                _("%(n)s pegawai dinilai") % {"n": ip_n},
                "award",
            ),
            Figure(
                _("SKP disetujui"),
                _pct(f.get("skp_approved", 0), head),
                url,
                _("dari pegawai aktif"),
                "clipboard-check",
                key="skp_approved",
            ),
        ]
    if can_view_merit(user):
        latest = MeritAssessment.objects.order_by("-year").first()
        if latest is not None:
            result = merit_result(latest)
            figures.append(
                Figure(
                    _("Indeks sistem merit %(y)s") % {"y": latest.year},
                    f"{result.index:.2f}".replace(".", ","),
                    latest.get_absolute_url(),
                    f"{result.level} · {latest.get_status_display()}",
                    "clipboard-data",
                )
            )
        counts = Recommendation.objects.exclude(status=RecommendationStatus.CLOSED).aggregate(
            n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today))
        )
        if counts["n"]:
            figures.append(
                Figure(
                    _("Rekomendasi evaluasi terbuka"),
                    str(counts["n"]),
                    reverse("insights:programmes"),
                    _("%(n)s melewati batas waktu") % {"n": counts["late"]},
                    "flag",
                    "danger" if counts["late"] else "",
                )
            )
    return figures


def insights_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    """The evaluation recommendations the user owns and has not closed, and an open
    engagement survey the user (an employee) has not answered."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    mine = Recommendation.objects.filter(owner=user).exclude(status=RecommendationStatus.CLOSED)
    counts = mine.aggregate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
    entries = []
    if detail and counts["n"]:
        entries = [
            WorkEntry(
                title=r.text[:120],
                url=reverse("insights:programme_detail", args=[r.programme_id]) + f"#rec-{r.pk}",
                detail=r.due_on.strftime("%d-%m-%Y"),
                overdue=r.due_on < today,
            )
            for r in mine.order_by("due_on", "pk")[:TASK_PREVIEW]
        ]
    items.append(
        WorkItem(
            key="insights_recommendations",
            label=_("Rekomendasi evaluasi untuk ditindaklanjuti"),
            count=counts["n"],
            overdue=counts["late"],
            url=reverse("insights:programmes"),
            icon="flag",
            action=_("Tindak lanjuti"),
            entries=entries,
        )
    )

    if own_employee(user) is not None:
        survey = open_survey()
        if survey is not None and not has_answered(user, survey):
            items.append(
                WorkItem(
                    key="insights_engagement",
                    label=_("Survei keterlibatan pegawai (anonim)"),
                    count=1,
                    url=reverse("insights:engagement"),
                    icon="chat-heart",
                    action=_("Isi survei"),
                )
            )
    return items


def merit_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    """The merit self-assessment waiting for the inspectorate's verification (auditors), and
    this year's self-assessment still being filled in (BKPSDM admins)."""
    verify, manage = can_verify_merit(user), can_manage_merit(user)
    if not (verify or manage):
        return []
    wanted = [MeritStatus.SUBMITTED] if verify else [MeritStatus.DRAFT]
    assessments = list(MeritAssessment.objects.filter(status__in=wanted).order_by("year"))
    if manage and not verify:
        assessments = [a for a in assessments if a.year >= today.year - 1]

    def entries() -> list[WorkEntry]:
        return [
            WorkEntry(
                title=_("Penilaian mandiri sistem merit %(year)s") % {"year": a.year},
                url=reverse("insights:merit_detail", args=[a.year]),
                detail=a.get_status_display(),
            )
            for a in assessments
        ]

    if verify:
        label, action = _("Penilaian sistem merit menunggu verifikasi"), _("Verifikasi")
    else:
        label, action = _("Penilaian mandiri sistem merit belum diajukan"), _("Lengkapi")
    return [
        WorkItem(
            key="merit",
            label=label,
            count=len(assessments),
            url=reverse("insights:merit"),
            icon="clipboard-check",
            action=action,
            entries=entries() if detail else [],
        )
    ]
