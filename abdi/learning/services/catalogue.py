"""Writes of the training catalogue: providers, programmes (with the competencies they address)
and their sessions. Only BKPSDM admins write; every rule is checked before anything is written
(a clear Indonesian message, nothing written), each call is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abdi.accounts.models import User
from abdi.competency.models import Competency
from abdi.core.audit import records_actor
from abdi.core.choices import EmployeeKind, PositionKind
from abdi.core.services import require
from abdi.learning.choices import (
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    SessionApproval,
)
from abdi.learning.models import Programme, ProgrammeCompetency, Provider, TrainingSession
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.selectors.catalogue import seats_taken_one
from abdi.learning.services.registration import session_quota_changed
from abdi.org.models import OrgUnit

ADMIN_ONLY = gettext_lazy("Hanya admin BKPSDM yang dapat mengelola katalog pelatihan.")

LEVELS = range(1, 6)

PROVIDER_FIELDS = {"name", "kind", "agreement_number", "agreement_until", "contact"}
PROGRAMME_FIELDS = {
    "code",
    "title",
    "description",
    "mode",
    "category",
    "provider",
    "jp",
    "gives_certificate",
    "is_active",
    "cost_per_session",
    "cost_per_participant",
}
SESSION_FIELDS = {
    "name",
    "start_date",
    "end_date",
    "location",
    "is_online",
    "online_url",
    "quota",
    "registration_opens",
    "registration_closes",
    "contact",
    "approval",
    "eligible_employee_kinds",
    "eligible_position_kinds",
}


class _Errors:
    """Collects {field: [messages]} and raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _reject_unknown(fields: Iterable[str], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Field tidak dapat diubah: %s") % ", ".join(sorted(unknown)))


def _full_clean(obj: Model, exclude: Sequence[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude))


# --- providers ----------------------------------------------------------------------------


def _check_provider(provider: Provider) -> None:
    errors = _Errors()
    provider.name = (provider.name or "").strip()
    provider.agreement_number = (provider.agreement_number or "").strip()
    if not provider.name:
        errors.add("name", _("Isi nama penyelenggara."))
    if provider.kind not in ProviderKind.values:
        errors.add("kind", _("Jenis penyelenggara tidak dikenal."))
    if provider.kind == ProviderKind.UNIVERSITY:
        if not provider.agreement_number:
            errors.add(
                "agreement_number",
                _("Perguruan tinggi mitra memerlukan nomor perjanjian kerja sama."),
            )
        if provider.agreement_until is None:
            errors.add(
                "agreement_until",
                _("Isi tanggal berakhirnya perjanjian kerja sama dengan perguruan tinggi."),
            )
    if provider.agreement_until and not provider.agreement_number:
        errors.add(
            "agreement_number",
            _("Tanggal berakhir kerja sama diisi, tetapi nomor perjanjiannya kosong."),
        )
    errors.raise_if_any()
    _full_clean(provider)


@records_actor
@transaction.atomic
def provider_create(
    *,
    actor: User,
    name: str,
    kind: str,
    agreement_number: str = "",
    agreement_until: dt.date | None = None,
    contact: str = "",
) -> Provider:
    require(can_manage_learning(actor), ADMIN_ONLY)
    provider = Provider(
        name=name,
        kind=kind,
        agreement_number=agreement_number,
        agreement_until=agreement_until,
        contact=contact.strip(),
    )
    _check_provider(provider)
    provider.save()
    return provider


@records_actor
@transaction.atomic
def provider_update(*, actor: User, provider: Provider, **fields: Any) -> Provider:
    require(can_manage_learning(actor), ADMIN_ONLY)
    _reject_unknown(fields, PROVIDER_FIELDS)
    provider = Provider.objects.select_for_update(of=("self",)).get(pk=provider.pk)
    for name, value in fields.items():
        setattr(provider, name, value)
    _check_provider(provider)
    provider.save()
    return provider


# --- programmes ---------------------------------------------------------------------------

CompetencyTargets = Iterable[tuple[Competency | int, int | str | None]]


def _clean_targets(targets: CompetencyTargets) -> list[tuple[Competency, int | None]]:
    """[(competency or id, level or None)] → [(Competency, level)]; levels 1–5 or empty, no
    competency twice. Raises ValidationError{"competencies": [...]}."""
    pairs = list(targets)
    ids = [getattr(c, "pk", c) for c, _level in pairs]
    known = Competency.objects.in_bulk([i for i in ids if isinstance(i, int)])
    errors: list[str] = []
    cleaned: list[tuple[Competency, int | None]] = []
    seen: set[int] = set()
    for (_c, raw), cid in zip(pairs, ids, strict=True):
        competency = known.get(cid) if isinstance(cid, int) else None
        if competency is None:
            errors.append(_("Kompetensi %(id)s tidak dikenal.") % {"id": cid})
            continue
        if cid in seen:
            errors.append(
                _("Kompetensi %(name)s disebut lebih dari sekali.") % {"name": competency.name}
            )
            continue
        seen.add(competency.pk)
        level: int | None
        if raw in (None, ""):
            level = None
        else:
            try:
                level = int(str(raw))
                if isinstance(raw, bool) or str(level) != str(raw).strip():
                    raise ValueError
            except (TypeError, ValueError):
                level = -1
            if level not in LEVELS:
                errors.append(
                    _("Level yang dicapai untuk %(name)s harus 1–5 atau kosong (diisi: %(value)s).")
                    % {"name": competency.name, "value": raw}
                )
                continue
        cleaned.append((competency, level))
    if errors:
        raise ValidationError({"competencies": errors})
    return cleaned


def _check_programme(programme: Programme) -> None:
    errors = _Errors()
    programme.code = (programme.code or "").strip()
    programme.title = (programme.title or "").strip()
    if not programme.code:
        errors.add("code", _("Isi kode program."))
    if not programme.title:
        errors.add("title", _("Isi judul program."))
    if programme.mode not in ProgrammeMode.values:
        errors.add("mode", _("Moda pelatihan tidak dikenal."))
    if programme.category not in ProgrammeCategory.values:
        errors.add("category", _("Kategori pelatihan tidak dikenal."))
    if programme.provider_id is None:
        errors.add("provider", _("Pilih penyelenggara."))
    jp = programme.jp
    if isinstance(jp, bool) or not isinstance(jp, int) or jp < 1:
        errors.add("jp", _("JP harus bilangan bulat minimal 1."))
    for name in ("cost_per_session", "cost_per_participant"):
        cost = getattr(programme, name)
        if cost is not None and (isinstance(cost, bool) or not isinstance(cost, int) or cost < 0):
            errors.add(name, _("Biaya harus rupiah bulat, 0 atau lebih, atau dikosongkan."))
    errors.raise_if_any()
    _full_clean(programme)


def _write_targets(programme: Programme, targets: list[tuple[Competency, int | None]]) -> None:
    existing = {t.competency_id: t for t in programme.competency_targets.all()}
    wanted = {c.pk: level for c, level in targets}
    gone = [pk for cid, pk in ((cid, t.pk) for cid, t in existing.items()) if cid not in wanted]
    if gone:
        ProgrammeCompetency.objects.filter(pk__in=gone).delete()
    for cid, level in wanted.items():
        target = existing.get(cid)
        if target is None:
            ProgrammeCompetency.objects.create(
                programme=programme, competency_id=cid, target_level=level
            )
        elif target.target_level != level:
            target.target_level = level
            target.save(update_fields=["target_level"])


@records_actor
@transaction.atomic
def programme_create(
    *,
    actor: User,
    code: str,
    title: str,
    mode: str,
    category: str,
    provider: Provider,
    jp: int,
    description: str = "",
    gives_certificate: bool = True,
    is_active: bool = True,
    cost_per_session: int | None = None,
    cost_per_participant: int | None = None,
    competencies: CompetencyTargets = (),
) -> Programme:
    """A programme and the competencies it addresses (each with the level a completion leads
    to, or None), together or not at all."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    programme = Programme(
        code=code,
        title=title,
        description=description,
        mode=mode,
        category=category,
        provider=provider,
        jp=jp,
        gives_certificate=gives_certificate,
        is_active=is_active,
        cost_per_session=cost_per_session,
        cost_per_participant=cost_per_participant,
    )
    targets = _clean_targets(competencies)
    _check_programme(programme)
    programme.save()
    _write_targets(programme, targets)
    return programme


@records_actor
@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    competencies: CompetencyTargets | None = None,
    **fields: Any,
) -> Programme:
    """Change a programme's fields; `competencies` (when given) replaces the list of
    competencies it addresses."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    _reject_unknown(fields, PROGRAMME_FIELDS)
    programme = Programme.objects.select_for_update(of=("self",)).get(pk=programme.pk)
    for name, value in fields.items():
        setattr(programme, name, value)
    targets = _clean_targets(competencies) if competencies is not None else None
    _check_programme(programme)
    programme.save()
    if targets is not None:
        _write_targets(programme, targets)
    return programme


# --- sessions -----------------------------------------------------------------------------


def _clean_units(units: Iterable[OrgUnit | int] | None) -> list[OrgUnit]:
    if units is None:
        return []
    items = list(units)
    ids = [getattr(u, "pk", u) for u in items]
    found = OrgUnit.objects.in_bulk(ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {"eligible_units": [_("Unit kerja tidak dikenal: %s") % ", ".join(missing)]}
        )
    return [found[i] for i in ids]


def _check_session(session: TrainingSession, *, taken: int = 0) -> None:
    errors = _Errors()
    session.name = (session.name or "").strip()
    session.location = (session.location or "").strip()
    session.online_url = (session.online_url or "").strip()
    if not session.name:
        errors.add("name", _("Isi nama angkatan sesi."))
    dates = {
        "registration_opens": session.registration_opens,
        "registration_closes": session.registration_closes,
        "start_date": session.start_date,
        "end_date": session.end_date,
    }
    labels = {
        "registration_opens": _("Tanggal pendaftaran dibuka"),
        "registration_closes": _("Tanggal pendaftaran ditutup"),
        "start_date": _("Tanggal mulai"),
        "end_date": _("Tanggal selesai"),
    }
    for field, value in dates.items():
        if not isinstance(value, dt.date):
            errors.add(field, _("%(label)s wajib diisi.") % {"label": labels[field]})
    if all(isinstance(v, dt.date) for v in dates.values()):
        if session.registration_closes < session.registration_opens:
            errors.add(
                "registration_closes",
                _("Pendaftaran tidak dapat ditutup sebelum dibuka."),
            )
        if session.start_date < session.registration_closes:
            errors.add(
                "registration_closes",
                _("Pendaftaran harus ditutup paling lambat pada tanggal mulai sesi."),
            )
        if session.end_date < session.start_date:
            errors.add("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    quota = session.quota
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 1:
        errors.add("quota", _("Kuota minimal 1 peserta."))
    elif quota < taken:
        errors.add(
            "quota",
            _(
                "Kuota tidak boleh di bawah jumlah kursi yang sudah terisi (%(n)d peserta). "
                "Batalkan pendaftaran lebih dulu bila ingin mengurangi kursi."
            )
            % {"n": taken},
        )
    if not session.is_online:
        # The form hides the link of a face-to-face session: a stale one must not be kept unseen
        # (and later shown to participants).
        session.online_url = ""
    if session.is_online and not session.online_url:
        errors.add("online_url", _("Sesi daring memerlukan tautan daring."))
    if not session.is_online and not session.location:
        errors.add("location", _("Isi tempat pelaksanaan, atau tandai sesi sebagai daring."))
    if session.approval not in SessionApproval.values:
        errors.add("approval", _("Jenis persetujuan tidak dikenal."))
    kinds = session.eligible_employee_kinds or []
    if not isinstance(kinds, list) or any(k not in EmployeeKind.values for k in kinds):
        errors.add("eligible_employee_kinds", _("Jenis ASN tidak dikenal."))
    pkinds = session.eligible_position_kinds or []
    if not isinstance(pkinds, list) or any(k not in PositionKind.values for k in pkinds):
        errors.add("eligible_position_kinds", _("Jenis jabatan tidak dikenal."))
    errors.raise_if_any()
    session.eligible_employee_kinds = sorted(set(kinds))
    session.eligible_position_kinds = sorted(set(pkinds))
    _full_clean(session, exclude=["programme"])


def _check_partnership(programme: Programme, session: TrainingSession) -> None:
    """A partner university's sessions must end while the agreement is in force."""
    provider = programme.provider
    if (
        provider.kind == ProviderKind.UNIVERSITY
        and provider.agreement_until is not None
        and isinstance(session.end_date, dt.date)
        and session.end_date > provider.agreement_until
    ):
        raise ValidationError(
            {
                "end_date": [
                    _(
                        "Perjanjian kerja sama dengan %(provider)s berakhir %(until)s, "
                        "sebelum sesi selesai. Perpanjang perjanjian lebih dulu."
                    )
                    % {
                        "provider": provider.name,
                        "until": provider.agreement_until.strftime("%d-%m-%Y"),
                    }
                ]
            }
        )


@records_actor
@transaction.atomic
def session_create(
    *,
    actor: User,
    programme: Programme,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    quota: int,
    registration_opens: dt.date,
    registration_closes: dt.date,
    location: str = "",
    is_online: bool = False,
    online_url: str = "",
    contact: str = "",
    approval: str = SessionApproval.SUPERVISOR_AND_BKPSDM,
    eligible_employee_kinds: Sequence[str] = (),
    eligible_position_kinds: Sequence[str] = (),
    eligible_units: Iterable[OrgUnit | int] = (),
) -> TrainingSession:
    """A new session (angkatan) of an active programme. Empty eligibility lists mean everyone;
    units include their sub-units."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    programme = Programme.objects.select_related("provider").get(pk=programme.pk)
    if not programme.is_active:
        raise ValidationError(
            _("Program ini tidak aktif; aktifkan program lebih dulu sebelum menambah sesi.")
        )
    session = TrainingSession(
        programme=programme,
        name=name,
        start_date=start_date,
        end_date=end_date,
        location=location,
        is_online=is_online,
        online_url=online_url,
        quota=quota,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        contact=(contact or "").strip(),
        approval=approval,
        eligible_employee_kinds=list(eligible_employee_kinds or []),
        eligible_position_kinds=list(eligible_position_kinds or []),
    )
    units = _clean_units(eligible_units)
    _check_session(session)
    _check_partnership(programme, session)
    session.save()
    if units:
        session.eligible_units.set(units)
    return session


@records_actor
@transaction.atomic
def session_update(
    *,
    actor: User,
    session: TrainingSession,
    eligible_units: Iterable[OrgUnit | int] | None = None,
    **fields: Any,
) -> TrainingSession:
    """Change a session. The quota may not fall below the seats already held; when it rises,
    the waiting list moves up (services_registration.session_quota_changed). A cancelled
    session is not edited (cancel with services_registration.session_cancel)."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    _reject_unknown(fields, SESSION_FIELDS)
    # The same row lock registration takes: seats are counted while nobody else takes one.
    session = (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("programme", "programme__provider")
        .get(pk=session.pk)
    )
    if session.is_cancelled:
        raise ValidationError(_("Sesi yang sudah dibatalkan tidak dapat diubah."))
    old_quota = session.quota
    old_end = session.end_date
    for name, value in fields.items():
        setattr(session, name, value)
    units = _clean_units(eligible_units) if eligible_units is not None else None
    _check_session(session, taken=seats_taken_one(session))
    if session.end_date != old_end:
        _check_partnership(session.programme, session)
    session.save()
    if units is not None:
        session.eligible_units.set(units)
    if session.quota > old_quota:
        session_quota_changed(session=session, actor=actor)
    return session
