"""Writes to the organisation: units (add, rename, move, close) and positions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.concurrency import conflict_on_integrity_error
from abdi.core.services import lock_in_order, require
from abdi.org.models import Agency, OrgUnit, Position
from abdi.org.permissions import can_manage_organisation


@records_actor
@transaction.atomic
def org_unit_create(
    *, actor: User, agency: Agency, parent: OrgUnit | None, code: str, name: str, kind: str
) -> OrgUnit:
    require(can_manage_organisation(actor))
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("Kode unit %(code)s sudah dipakai.") % {"code": code}]})
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": [_("Unit induk sudah ditutup.")]})
    fields = {"agency": agency, "code": code, "name": name, "kind": kind}
    probe = OrgUnit(**fields, path="0", depth=1)
    probe.full_clean(exclude=["path", "depth", "numchild", "parent"])
    if parent is None:
        unit = OrgUnit.objects.add_root(fields)
    else:
        parent = OrgUnit.objects.get(pk=parent.pk)
        unit = OrgUnit.objects.add_child(parent, {**fields, "parent": parent})
    return unit


@records_actor
@transaction.atomic
def org_unit_update(*, actor: User, unit: OrgUnit, name: str, kind: str, code: str) -> OrgUnit:
    require(can_manage_organisation(actor))
    if OrgUnit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": [_("Kode unit %(code)s sudah dipakai.") % {"code": code}]})
    if (unit.name, unit.kind, unit.code) == (name, kind, code):
        return unit  # nothing changed: no history row
    unit.name, unit.kind, unit.code = name, kind, code
    unit.full_clean(exclude=["path", "depth", "numchild", "parent"])
    unit._history_user = actor  # simple-history records the actor outside requests too
    unit.save()
    return unit


@records_actor
@transaction.atomic
def org_unit_move(*, actor: User, unit: OrgUnit, new_parent: OrgUnit | None) -> OrgUnit:
    require(can_manage_organisation(actor))
    # Serialise moves that touch the same parent: treebeard gives the moved unit the path after
    # the parent's last child, so two moves under one parent at once would pick the same path.
    # Lock the unit and its new parent (or, for a move to the top, the first root) before
    # reading anything treebeard computes from; the second move then sees the first one's result.
    target = new_parent.pk if new_parent is not None else None
    if target is None:
        target = OrgUnit.objects.get_root_nodes().values_list("pk", flat=True).first()
    lock_in_order(OrgUnit.objects.filter(pk__in=[unit.pk, target]))
    unit = OrgUnit.objects.get(pk=unit.pk)
    if new_parent is not None:
        new_parent = OrgUnit.objects.get(pk=new_parent.pk)
        if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
            raise ValidationError(
                {
                    "parent": [
                        _(
                            "Unit tidak dapat dipindah ke bawah dirinya sendiri atau unit turunannya."
                        )
                    ]
                }
            )
        if not new_parent.is_active:
            raise ValidationError({"parent": [_("Unit tujuan sudah ditutup.")]})
    if (new_parent.pk if new_parent else None) == unit.parent_id:
        return unit
    old_parent = unit.parent
    with conflict_on_integrity_error(
        _(
            "Unit kerja ini sedang diubah bersamaan oleh pengguna lain. Muat ulang halaman, "
            "periksa susunannya, lalu coba lagi."
        )
    ):
        if new_parent is None:
            first_root = OrgUnit.objects.get_root_nodes().first()
            OrgUnit.objects.move(unit, first_root, "sorted-sibling")
        else:
            OrgUnit.objects.move(unit, new_parent, "sorted-child")
    unit = OrgUnit.objects.get(pk=unit.pk)
    unit.parent = new_parent
    unit._history_user = actor
    unit.save(update_fields=["parent", "updated_at"])
    update_change_reason(
        unit,
        _("Dipindah dari %(old)s ke %(new)s")
        % {"old": old_parent or "—", "new": new_parent or "—"},
    )
    return unit


@records_actor
@transaction.atomic
def org_unit_close(*, actor: User, unit: OrgUnit, closed_on: dt.date) -> OrgUnit:
    require(can_manage_organisation(actor))
    unit = OrgUnit.objects.get(pk=unit.pk)  # a stale numchild would make get_tree() skip children
    subtree = OrgUnit.objects.get_tree(unit)
    staffed = subtree.aggregate(n=Count("employees", filter=Q(employees__is_active=True)))["n"]
    if staffed:
        raise ValidationError(
            _(
                "Unit masih memiliki %(n)d pegawai aktif (termasuk unit di bawahnya). Pindahkan dahulu."
            )
            % {"n": staffed}
        )
    for node in subtree.filter(is_active=True):
        node.is_active, node.closed_on = False, closed_on
        node._history_user = actor
        node.save(update_fields=["is_active", "closed_on", "updated_at"])
        update_change_reason(node, _("Unit ditutup"))
    Position.objects.filter(org_unit__in=subtree).update(is_active=False)
    unit.refresh_from_db()
    return unit


@records_actor
@transaction.atomic
def position_save(*, actor: User, position: Position) -> Position:
    """Create or update a position after checking its place in the reporting tree."""
    require(can_manage_organisation(actor))
    if position.reports_to_id:
        seen = {position.pk} if position.pk else set()
        current = (
            Position.objects.filter(pk=position.reports_to_id)
            .values_list("id", "reports_to_id")
            .first()
        )
        while current is not None:
            if current[0] in seen:
                raise ValidationError(
                    {"reports_to": [_("Atasan ini membuat rantai pelaporan melingkar.")]}
                )
            seen.add(current[0])
            current = (
                Position.objects.filter(pk=current[1]).values_list("id", "reports_to_id").first()
                if current[1]
                else None
            )
    position.full_clean()
    position._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
    position.save()
    return position
