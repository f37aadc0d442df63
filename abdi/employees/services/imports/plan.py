"""The rows of an import checked one by one against reference data loaded once, up front; the
result is a plan (creates, updates, errors, warnings) that the dry run reports and the write
carries out (docs/decisions/0003-import.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db.models import Count, Field, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.choices import EmployeeKind
from abdi.core.models import EducationLevel, Rank
from abdi.employees.choices import EmploymentStatus
from abdi.employees.import_format import (
    COLUMN_BY_HEADER,
    COLUMN_OF_FIELD,
    COLUMNS,
    SEX_VALUES,
    STATUS_VALUES,
    TEXT_FIELDS,
    WRITABLE_FIELDS,
    Table,
    code_key,
)
from abdi.employees.models import Employee, ImportJob
from abdi.employees.permissions import import_scope_paths
from abdi.employees.rules import clean_nip
from abdi.employees.services.employees import (
    EmployeeInput,
    employee_input_problems,
    min_appointment_age,
)
from abdi.org.models import OrgUnit, Position

BATCH_SIZE = 500  # rows per progress update and per bulk write
IN_CHUNK = 500  # values per `IN (...)` lookup (portable under SQLite's parameter limit)

# --- Checking rows --------------------------------------------------------------------------


@dataclass
class Reference:
    """Everything a row is checked against, loaded with a fixed number of queries."""

    units: dict[str, OrgUnit]
    units_by_id: dict[int, OrgUnit]
    positions: dict[str, Position]
    positions_by_id: dict[int, Position]
    ranks: dict[str, Rank]
    ranks_by_id: dict[int, Rank]
    education: dict[str, EducationLevel]
    education_by_id: dict[int, EducationLevel]
    holders: Counter
    min_age: int
    today: dt.date

    @classmethod
    def load(cls) -> Reference:
        units = list(OrgUnit.objects.all())
        ranks = list(Rank.objects.all())
        education = list(EducationLevel.objects.select_related("highest_rank"))
        units_by_id = {u.pk: u for u in units}
        positions = {}
        for p in Position.objects.all():
            # Attach the unit (already loaded) so messages can name it without a query.
            p.org_unit = units_by_id[p.org_unit_id]
            positions[code_key(p.code)] = p
        holders = Counter(
            dict(
                Employee.objects.filter(is_active=True, position__isnull=False)
                .order_by()
                .values("position_id")
                .annotate(n=Count("id"))
                .values_list("position_id", "n")
            )
        )
        return cls(
            units={code_key(u.code): u for u in units},
            units_by_id=units_by_id,
            positions=positions,
            positions_by_id={p.pk: p for p in positions.values()},
            ranks={code_key(r.code): r for r in ranks},
            ranks_by_id={r.pk: r for r in ranks},
            education={code_key(e.code): e for e in education},
            education_by_id={e.pk: e for e in education},
            holders=holders,
            min_age=min_appointment_age(),
            today=timezone.localdate(),
        )


def chunks(items: list, size: int = IN_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_by_nip(nips: Iterable[str]) -> dict[str, Employee]:
    found: dict[str, Employee] = {}
    for chunk in chunks(sorted(set(nips))):
        for employee in Employee.objects.filter(nip__in=chunk):
            found[employee.nip] = employee
    return found


@dataclass
class RowPlan:
    """A row that creates an employee (`existing` is None) or updates one (RowUpdate)."""

    row: int
    data: EmployeeInput
    existing: Employee | None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class RowUpdate(RowPlan):
    existing: Employee  # the employee the row's NIP found


class RowMessage(TypedDict):
    """An error or warning of a row, as the report keeps it: "" for the whole row."""

    column: str
    message: str


@dataclass
class Plan:
    creates: list[RowPlan] = field(default_factory=list)
    updates: list[RowUpdate] = field(default_factory=list)
    unchanged: int = 0
    errors: dict[int, list[RowMessage]] = field(default_factory=dict)
    warnings: dict[int, list[RowMessage]] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _parse_date(value: Any) -> dt.date | None:
    """None for an empty cell; ValueError for anything that is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError
    text = value.strip()
    if not text:
        return None
    if " " in text:  # "2020-01-02 00:00:00" from some exports
        text = text.split(" ", 1)[0]
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def display_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


class RowChecker:
    """Checks rows one by one against preloaded data; collects errors, warnings and the plan."""

    def __init__(self, *, actor: User, table: Table, reference: Reference) -> None:
        self.actor = actor
        self.reference = reference
        self.paths = import_scope_paths(actor)
        self.index = {h: i for i, h in enumerate(table.headers) if h in COLUMN_BY_HEADER}
        self.table = table
        nip_index = self.index["NIP_BARU"]
        nips = []
        for _number, cells in table.rows:
            if nip_index < len(cells):
                nip = clean_nip(_text(cells[nip_index]))
                if nip:
                    nips.append(nip)
        self.existing = _existing_by_nip(nips)
        self.seen: dict[str, int] = {}
        self.plan = Plan()
        self.holders = self._future_holders()

    def _future_holders(self) -> Counter:
        """Active holders per position once the file is in: today's holders, minus the
        employees the file moves away, plus the file's own rows (estimated from the cells)."""
        holders = Counter(self.reference.holders)
        pos_index = self.index.get("JABATAN_KODE")
        if pos_index is None:
            return holders
        nip_index = self.index["NIP_BARU"]
        for _number, cells in self.table.rows:
            code = code_key(_text(cells[pos_index])) if pos_index < len(cells) else ""
            position = self.reference.positions.get(code) if code else None
            nip = clean_nip(_text(cells[nip_index])) if nip_index < len(cells) else ""
            existing = self.existing.get(nip)
            if position is None:
                continue
            if existing is not None and existing.position_id and existing.is_active:
                if existing.position_id == position.pk:
                    continue
                holders[existing.position_id] -= 1
            holders[position.pk] += 1
        return holders

    def _in_scope(self, unit: OrgUnit) -> bool:
        return self.paths is None or any(unit.path.startswith(p) for p in self.paths)

    def check(self, number: int, cells: tuple[Any, ...]) -> None:
        errors: list[RowMessage] = []

        def err(column: str, message: str) -> None:
            errors.append({"column": column, "message": str(message)})

        def cell(header: str) -> Any:
            i = self.index.get(header)
            return cells[i] if i is not None and i < len(cells) else None

        ref = self.reference
        values: dict[str, Any] = {}
        nip_cell = cell("NIP_BARU")
        if isinstance(nip_cell, float):
            err(
                "NIP_BARU",
                _(
                    "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                    "Format kolom NIP_BARU sebagai teks."
                ),
            )
            nip = ""
        else:
            nip = clean_nip(_text(nip_cell))
        existing = self.existing.get(nip) if nip else None

        for column in COLUMNS:
            raw = cell(column.header)
            text = _text(raw)
            if not text:
                if column.required and not (column.header == "NIP_BARU" and errors):
                    err(column.header, _("Wajib diisi."))
                continue
            if column.kind == "text":
                values[column.field] = nip if column.field == "nip" else text
            elif column.kind == "date":
                try:
                    values[column.field] = _parse_date(raw)
                except ValueError:
                    err(
                        column.header,
                        _("'%(value)s' bukan tanggal. Tulis TTTT-BB-HH atau HH-BB-TTTT.")
                        % {"value": text},
                    )
            elif column.field == "sex":
                sex = SEX_VALUES.get(text.upper())
                if sex is None:
                    err(column.header, _("Isi L (laki-laki) atau P (perempuan)."))
                else:
                    values["sex"] = sex
            elif column.field == "status":
                status = STATUS_VALUES.get(text.upper())
                if status is None:
                    err(column.header, _("Isi CPNS, PNS atau PPPK."))
                else:
                    values["status"] = status
            else:
                tables: dict[str, Mapping[str, Model]] = {
                    "rank": ref.ranks,
                    "position": ref.positions,
                    "org_unit": ref.units,
                    "education_level": ref.education,
                }
                obj = tables[column.field].get(code_key(text))
                if obj is None:
                    message = {
                        "rank": _("Kode golongan '%(code)s' tidak dikenal."),
                        "position": _("Kode jabatan '%(code)s' tidak dikenal."),
                        "org_unit": _("Kode unit kerja '%(code)s' tidak dikenal."),
                        "education_level": _("Kode pendidikan '%(code)s' tidak dikenal."),
                    }[column.field]
                    err(column.header, message % {"code": text})
                else:
                    values[column.field] = obj

        # Text lengths and formats (NIK, phone, e-mail) as the model defines them.
        for name in TEXT_FIELDS:
            if name in values:
                model_field = Employee._meta.get_field(name)
                assert isinstance(model_field, Field)  # TEXT_FIELDS are the model's own columns
                try:
                    model_field.run_validators(values[name])
                except ValidationError as exc:
                    for message in exc.messages:
                        err(COLUMN_OF_FIELD[name], message)

        if nip:
            first = self.seen.get(nip)
            if first is not None:
                err(
                    "NIP_BARU",
                    _("NIP ini sudah muncul di baris %(row)d pada berkas yang sama.")
                    % {"row": first},
                )
            else:
                self.seen[nip] = number

        unit = values.get("org_unit")
        if unit is not None and not self._in_scope(unit):
            err("UNOR_KODE", _("Unit kerja di luar wewenang Anda."))
        if existing is not None:
            current_unit = ref.units_by_id.get(existing.org_unit_id)
            if current_unit is not None and not self._in_scope(current_unit):
                err(
                    "NIP_BARU",
                    _("Pegawai dengan NIP ini berada di unit kerja di luar wewenang Anda."),
                )

        data = self._merge(existing, values, err)
        warnings: list[str] = []
        if data is not None:
            position = data.position
            holders = None
            if position is not None and (existing is None or existing.position_id != position.pk):
                # The other holders once the file is in (this row counted in the total).
                holders = max(self.holders[position.pk] - 1, 0)
            problems, warnings = employee_input_problems(
                data,
                min_age=ref.min_age,
                position_holders=holders,
                today=ref.today,
            )
            # A cell that could not be read has said so already: no second message about it.
            unreadable = {e["column"] for e in errors}
            for name, messages in problems.items():
                header = COLUMN_OF_FIELD.get(name, "NIP_BARU")
                if header in unreadable and name != "nip":
                    continue
                for message in messages:
                    err(header, message)

        if errors:
            self.plan.errors[number] = errors
            return
        assert data is not None  # a row _merge cannot complete has a required cell's error above
        if warnings:
            self.plan.warnings[number] = [{"column": "", "message": str(w)} for w in warnings]
        if existing is None:
            self.plan.creates.append(RowPlan(number, data, None))
            return
        changes = _changes(existing, data)
        if changes:
            self.plan.updates.append(RowUpdate(number, data, existing, changes))
        else:
            self.plan.unchanged += 1

    def _merge(
        self, existing: Employee | None, values: dict[str, Any], err: Callable[[str, str], None]
    ) -> EmployeeInput | None:
        """The employee's data after this row: the row's non-empty cells over the stored values.

        An empty cell never clears a stored value."""
        ref = self.reference
        if existing is not None:
            base: dict[str, Any] = {
                "nip": existing.nip,
                "name": existing.name,
                "birth_date": existing.birth_date,
                "sex": existing.sex,
                "status": existing.status,
                "org_unit": ref.units_by_id.get(existing.org_unit_id),
                "front_title": existing.front_title,
                "back_title": existing.back_title,
                "birth_place": existing.birth_place,
                "nik": existing.nik,
                "address": existing.address,
                "phone": existing.phone,
                "email": existing.email,
                "tmt_cpns": existing.tmt_cpns,
                "tmt_pns": existing.tmt_pns,
                "appointment_date": existing.appointment_date,
                "rank": (
                    ref.ranks_by_id.get(existing.rank_id) if existing.rank_id is not None else None
                ),
                "rank_effective_from": existing.rank_effective_from,
                "position": position_by_id(ref, existing.position_id),
                "position_effective_from": existing.position_effective_from,
                "education_level": (
                    ref.education_by_id.get(existing.education_level_id)
                    if existing.education_level_id is not None
                    else None
                ),
                "last_kgb_date": existing.last_kgb_date,
            }
            rank = values.get("rank")
            if (
                rank is not None
                and rank.pk != existing.rank_id
                and "rank_effective_from" not in values
            ):
                err("TMT_GOLONGAN", _("TMT golongan wajib diisi bila golongan berubah."))
                return None
            position = values.get("position")
            if (
                position is not None
                and position.pk != existing.position_id
                and "position_effective_from" not in values
            ):
                err("TMT_JABATAN", _("TMT jabatan wajib diisi bila jabatan berubah."))
                return None
            base.update(values)
            values = base
        required = ("nip", "name", "birth_date", "sex", "status", "org_unit")
        if any(values.get(name) in (None, "") for name in required):
            return None
        return EmployeeInput(**values)


def position_by_id(ref: Reference, pk: int | None) -> Position | None:
    return None if pk is None else ref.positions_by_id.get(pk)


def employee_values(data: EmployeeInput) -> dict[str, Any]:
    values = {
        name: getattr(data, name)
        for name in (
            "name",
            "front_title",
            "back_title",
            "birth_place",
            "birth_date",
            "sex",
            "status",
            "nik",
            "address",
            "phone",
            "email",
            "tmt_cpns",
            "tmt_pns",
            "appointment_date",
            "rank_effective_from",
            "position_effective_from",
            "last_kgb_date",
        )
    }
    values["kind"] = EmployeeKind.PPPK if data.status == EmploymentStatus.PPPK else EmployeeKind.PNS
    values["rank_id"] = data.rank.pk if data.rank else None
    values["position_id"] = data.position.pk if data.position else None
    values["org_unit_id"] = data.org_unit.pk
    values["education_level_id"] = data.education_level.pk if data.education_level else None
    return values


def _changes(existing: Employee, data: EmployeeInput) -> dict[str, tuple[Any, Any]]:
    new = employee_values(data)
    return {
        name: (getattr(existing, name), new[name])
        for name in WRITABLE_FIELDS
        if getattr(existing, name) != new[name]
    }


ProgressCallback = Callable[[int], None]


def progress_saver(job: ImportJob) -> ProgressCallback:
    def save(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, updated_at=timezone.now())

    return save


def build_plan(
    *, actor: User, table: Table, progress: ProgressCallback | None = None
) -> tuple[Plan, Reference]:
    reference = Reference.load()
    checker = RowChecker(actor=actor, table=table, reference=reference)
    for i, (number, cells) in enumerate(table.rows, start=1):
        checker.check(number, cells)
        if progress and i % BATCH_SIZE == 0:
            progress(i)
    return checker.plan, reference
