"""The performance dashboard ("Kinerja saya"), the supervisor's inbox with its bulk approval, and
the notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.core.models import Notification
from abdi.core.notifications import notifications_mark_read, unread_count
from abdi.employees.permissions import own_employee
from abdi.performance.choices import SKPStatus
from abdi.performance.models.planning import SKP
from abdi.performance.selectors import planning as planning_selectors
from abdi.performance.services.bulk import skp_approve_many

# ---------------------------------------------------------------- dashboard


def dashboard(request):
    user = request.user
    me = own_employee(user)
    my_skps = []
    if me is not None:
        for skp in planning_selectors.my_skps(me):
            my_skps.append((skp, _next_step(skp)))
    open_years = planning_selectors.open_years()
    years_with_skp = {s.performance_year_id for s, _step in my_skps}
    missing_years = [y for y in open_years if y.pk not in years_with_skp] if me else []
    team = planning_selectors.team_counts(me) if me is not None else None
    return render(
        request,
        "performance/dashboard.html",
        {
            "me": me,
            "my_skps": my_skps,
            "missing_years": missing_years,
            "team": team,
            "is_admin": is_bkpsdm_admin(user),
            "can_read_years": is_bkpsdm_admin(user) or is_auditor(user),
            "unread": unread_count(user),
        },
    )


def _next_step(skp: SKP) -> str:
    if skp.status == SKPStatus.DRAFT:
        return _("Lengkapi RHK dan indikator, lalu ajukan ke pejabat penilai.")
    if skp.status == SKPStatus.RETURNED:
        return _("Perbaiki sesuai catatan pejabat penilai, lalu ajukan kembali.")
    if skp.status == SKPStatus.SUBMITTED:
        return _("Menunggu persetujuan pejabat penilai.")
    if skp.status == SKPStatus.APPROVED:
        return _("Catat kegiatan dan isi realisasi setiap periode.")
    return ""


# ---------------------------------------------------------------- inbox and notifications


def inbox(request):
    me = own_employee(request.user)
    box = planning_selectors.inbox_for(request.user)
    releases = []
    if me is not None:
        releases = planning_selectors.releases_due(me)
    return render(
        request,
        "performance/inbox.html",
        {"me": me, "box": box, "releases": releases},
    )


def notifications(request):
    qs = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        raw = request.POST.get("id", "")
        notifications_mark_read(
            user=request.user, notification_id=(int(raw) if raw.isdigit() else 0) if raw else None
        )
        nxt = request.POST.get("next", "")
        if nxt.startswith("/") and not nxt.startswith("//"):
            return redirect(nxt)
        return redirect("performance:notifications")
    page = Paginator(qs.order_by("-created_at"), settings.ABDI_LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/notifications.html",
        {"page_obj": page, "unread": qs.filter(read_at__isnull=True).count()},
    )


@require_POST
def skp_approve_bulk(request):
    """Approve several submitted SKPs at once (the inbox and "Tugas saya"); each through the one
    approval service in its own transaction, each refusal reported by name."""
    ids = [int(i) for i in request.POST.getlist("skp") if i.isdigit()]
    if not ids:
        messages.warning(request, _("Pilih dulu SKP yang akan disetujui."))
        return _back_to_inbox(request)
    outcomes = skp_approve_many(actor=request.user, skp_ids=ids)
    approved = sum(1 for o in outcomes if o.approved)
    for outcome in outcomes:
        if not outcome.approved:
            messages.error(
                request,
                _("%(name)s — SKP %(year)s: %(reason)s")
                % {
                    "name": outcome.skp.employee.full_name,
                    "year": outcome.skp.performance_year.year,
                    "reason": " ".join(outcome.errors),
                },
            )
    if approved:
        messages.success(
            request,
            ngettext("%(n)s SKP disetujui.", "%(n)s SKP disetujui.", approved) % {"n": approved},
        )
    elif not outcomes:
        messages.warning(request, _("Tidak ada SKP terpilih yang menunggu persetujuan Anda."))
    return _back_to_inbox(request)


def _back_to_inbox(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("performance:inbox")
