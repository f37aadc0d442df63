"""BKPSDM invites the talent pool to an open selection (the pool is talent data: BKPSDM only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abdi.careers.models.talent_links import PoolInvitation
from abdi.careers.services import talent_links as services
from abdi.careers.views.selection.common import require_admin, selection_or_404


@require_http_methods(["GET", "POST"])
def selection_pool(request, pk):
    require_admin(request)
    selection = selection_or_404(request, pk)
    if request.method == "POST":
        try:
            invited = services.selection_invite_pool(actor=request.user, selection=selection)
            messages.success(
                request,
                _("%(n)d anggota talent pool diundang melamar.") % {"n": len(invited)},
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("careers:selection_pool", pk=selection.pk)
    invitees = services.pool_invitees(selection)
    invited = (
        PoolInvitation.objects.filter(selection=selection)
        .select_related("employee__position", "employee__org_unit", "invited_by")
        .order_by("-invited_at", "pk")
    )
    return render(
        request,
        "careers/selection/pool.html",
        {
            "selection": selection,
            "invitees": Paginator(invitees, 50).get_page(request.GET.get("page")),
            "invited": Paginator(invited, 50).get_page(request.GET.get("invited_page")),
            "can_invite": selection.state == "open",
            "batch": services.INVITE_BATCH,
        },
    )
