"""Talent review: the committee meeting and its box adjustments. An adjustment needs a reason,
is never edited, and is undone only by another adjustment (which names the one it reverses)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.talent.models import (
    BoxAdjustment,
    ReviewedPlacement,
    TalentPlacement,
    TalentReview,
)
from abdi.talent.selectors.placement import placements_changed
from abdi.talent.services.reference import require_talent_admin


@transaction.atomic
def review_create(
    *,
    actor: User,
    year: int,
    title: str,
    held_on: dt.date,
    members: Sequence[Employee],
    org_unit: OrgUnit | None = None,
    level: str = "",
    other_members: str = "",
    notes: str = "",
) -> TalentReview:
    """Record a committee meeting and snapshot the placements in its scope."""
    require_talent_admin(actor)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Nama rapat wajib diisi.")]
    if not members and not other_members.strip():
        errors["members"] = [_("Sebutkan anggota komite.")]
    placements = TalentPlacement.objects.filter(year=year)
    if org_unit is not None:
        placements = placements.filter(unit_path__startswith=org_unit.path)
    if level:
        placements = placements.filter(level=level)
    if not placements.exists():
        errors["year"] = [_("Belum ada pemetaan talenta untuk tahun dan cakupan ini.")]
    if errors:
        raise ValidationError(errors)
    review = TalentReview.objects.create(
        year=year,
        title=title.strip(),
        held_on=held_on,
        org_unit=org_unit,
        level=level,
        other_members=other_members.strip(),
        notes=notes.strip(),
        created_by=actor,
    )
    review.members.set(members)
    ReviewedPlacement.objects.bulk_create(
        (
            ReviewedPlacement(review=review, employee_id=emp_id, box=box)
            for emp_id, box in placements.values_list("employee_id", "box").iterator(2000)
        ),
        batch_size=2000,
    )
    return review


@transaction.atomic
def box_adjust(
    *,
    actor: User,
    review: TalentReview,
    employee: Employee,
    to_box: int,
    reason: str,
    reverses: BoxAdjustment | None = None,
) -> BoxAdjustment:
    """Move a reviewed employee to another box, with the committee's reason."""
    require_talent_admin(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Alasan penyesuaian kotak wajib diisi.")]})
    if not isinstance(to_box, int) or not 1 <= to_box <= 9:
        raise ValidationError({"to_box": [_("Pilih kotak 1 sampai 9.")]})
    if not review.reviewed.filter(employee=employee).exists():
        raise ValidationError(_("Pegawai ini tidak termasuk penempatan yang dikaji rapat ini."))
    placement = (
        TalentPlacement.objects.select_for_update()
        .filter(year=review.year, employee=employee)
        .first()
    )
    if placement is None:
        raise ValidationError(_("Pegawai ini belum dipetakan pada tahun tersebut."))
    if placement.box is None:
        raise ValidationError(
            _("Pegawai yang tidak terpetakan tidak dapat dipindah kotak; lengkapi datanya dulu.")
        )
    if placement.box == to_box:
        raise ValidationError({"to_box": [_("Pegawai sudah berada di kotak itu.")]})
    if reverses is not None and (
        reverses.employee_id != employee.pk or reverses.year != review.year
    ):
        raise ValidationError(_("Keputusan yang dibatalkan bukan milik pegawai ini."))
    adjustment = BoxAdjustment.objects.create(
        review=review,
        year=review.year,
        employee=employee,
        from_box=placement.box,
        to_box=to_box,
        reason=reason.strip(),
        reverses=reverses,
        decided_by=actor,
    )
    placement.box = to_box
    placement.save(update_fields=["box"])
    transaction.on_commit(placements_changed)
    return adjustment


def adjustment_reverse(
    *, actor: User, review: TalentReview, adjustment: BoxAdjustment, reason: str
) -> BoxAdjustment:
    """Undo a decision by a new one that puts the employee back in the box it moved from."""
    if adjustment.from_box is None:
        raise ValidationError(_("Keputusan ini tidak dapat dibalik."))
    return box_adjust(
        actor=actor,
        review=review,
        employee=adjustment.employee,
        to_box=adjustment.from_box,
        reason=reason,
        reverses=adjustment,
    )
