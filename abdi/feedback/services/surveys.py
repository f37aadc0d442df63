"""Writes of the satisfaction surveys (IKM): create/edit/open/close a survey, an online response
(one per device per day), paper questionnaires one by one or as an XLSX (all-or-nothing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from abdi.accounts.models import User
from abdi.core import tabular
from abdi.core.audit import history_actor
from abdi.core.exports import append_xlsx
from abdi.core.services import today as agency_today
from abdi.feedback.choices import (
    AgeBand,
    RespondentEducation,
    RespondentOccupation,
    RespondentSex,
    ResponseChannel,
)
from abdi.feedback.models import (
    PublicService,
    SatisfactionSurvey,
    SurveyElement,
    SurveyExclusion,
    SurveyResponse,
)
from abdi.feedback.permissions import (
    can_exclude_survey_answers,
    can_manage_service_unit,
    can_manage_survey,
)
from abdi.feedback.rules import surveys as rules

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
CODE_LENGTH = 10
MAX_QUESTION_LENGTH = 500
MAX_SUGGESTION_LENGTH = 2000
MAX_IMPORT_ROWS = 5000
PROFILE_CHOICES = {
    "age_band": AgeBand,
    "sex": RespondentSex,
    "education": RespondentEducation,
    "occupation": RespondentOccupation,
}


def msg_survey_closed() -> str:
    return _("Survei ini sudah ditutup dan tidak menerima jawaban lagi.")


def msg_already_answered() -> str:
    return _(
        "Terima kasih, perangkat ini sudah mengisi survei ini hari ini. "
        "Silakan kembali besok bila Anda menerima layanan lagi."
    )


class AlreadyAnswered(ValidationError):
    """The device already answered this survey today (a friendly refusal, not a form error)."""


class SurveyClosed(ValidationError):
    pass


class AddressCapReached(ValidationError):
    """This address already sent the day's maximum of answers to this survey."""


def msg_address_cap() -> str:
    return _(
        "Terima kasih. Dari jaringan Anda sudah masuk banyak jawaban untuk survei ini hari ini, "
        "sehingga jawaban berikutnya tidak dapat kami terima. Silakan coba lagi besok."
    )


def address_cap() -> int:
    return int(settings.ABDI_SURVEY_ANSWERS_PER_ADDRESS_PER_DAY)


@dataclass
class ResponseInput:
    answers: dict[str, Any]
    age_band: str = ""
    sex: str = ""
    education: str = ""
    occupation: str = ""
    suggestion: str = ""


# --- surveys ----------------------------------------------------------------------------------


def new_survey_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def default_questions() -> dict[str, str]:
    return dict(SurveyElement.objects.order_by("order").values_list("code", "question"))


def _clean_questions(questions: dict[str, str] | None) -> dict[str, str]:
    defaults = default_questions()
    out = {}
    errors = []
    for code in rules.ELEMENT_CODES:
        text = ((questions or {}).get(code) or defaults.get(code) or "").strip()
        if not text:
            errors.append(_("Pertanyaan %(code)s wajib diisi.") % {"code": code})
        elif len(text) > MAX_QUESTION_LENGTH:
            errors.append(
                _("Pertanyaan %(code)s terlalu panjang (paling banyak %(n)d karakter).")
                % {"code": code, "n": MAX_QUESTION_LENGTH}
            )
        out[code] = text
    if errors:
        raise ValidationError({"questions": errors})
    return out


def _check_period(period_start: dt.date, period_end: dt.date, population: int | None) -> None:
    errors: dict[str, list[str]] = {}
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = [_("Akhir periode tidak boleh sebelum awal periode.")]
    if population is not None and population < 1:
        errors["population"] = [_("Jumlah pengguna layanan harus lebih dari nol.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_create(
    *,
    actor: User,
    service: PublicService,
    period_start: dt.date,
    period_end: dt.date,
    population: int | None = None,
    title: str = "",
    questions: dict[str, str] | None = None,
) -> SatisfactionSurvey:
    if not can_manage_service_unit(actor, service.org_unit):
        raise PermissionDenied(_("Anda tidak mengelola layanan unit ini."))
    if not service.is_active:
        raise ValidationError({"service": [_("Layanan ini sudah tidak aktif.")]})
    _check_period(period_start, period_end, population)
    cleaned = _clean_questions(questions)
    for _attempt in range(5):
        code = new_survey_code()
        if not SatisfactionSurvey.objects.filter(code=code).exists():
            break
    return SatisfactionSurvey.objects.create(
        service=service,
        code=code,
        title=(title or "").strip()[:200],
        period_start=period_start,
        period_end=period_end,
        population=population,
        questions=cleaned,
        created_by=actor,
    )


@transaction.atomic
def survey_update(
    *,
    survey: SatisfactionSurvey,
    actor: User,
    period_start: dt.date,
    period_end: dt.date,
    population: int | None,
    title: str = "",
    questions: dict[str, str] | None = None,
    is_open: bool | None = None,
) -> SatisfactionSurvey:
    if not can_manage_survey(actor, survey):
        raise PermissionDenied(_("Anda tidak mengelola survei unit ini."))
    _check_period(period_start, period_end, population)
    survey.questions = _clean_questions(questions or survey.questions)
    survey.title = (title or "").strip()[:200]
    survey.period_start, survey.period_end, survey.population = (
        period_start,
        period_end,
        population,
    )
    if is_open is not None:
        survey.is_open = is_open
    survey.save()
    return survey


@transaction.atomic
def survey_set_open(
    *, survey: SatisfactionSurvey, actor: User, is_open: bool
) -> SatisfactionSurvey:
    if not can_manage_survey(actor, survey):
        raise PermissionDenied(_("Anda tidak mengelola survei unit ini."))
    if survey.is_open != is_open:
        survey.is_open = is_open
        survey.save(update_fields=["is_open", "updated_at"])
    return survey


# --- responses --------------------------------------------------------------------------------


def device_day_hash(survey_id: int, device_token: str, day: dt.date) -> str:
    """sha256 of survey, device cookie and the Jakarta date: one online response per device per
    day without keeping the device token itself."""
    raw = f"{survey_id}:{device_token}:{day.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def address_hash(survey_id: int, address: str) -> str:
    """sha256 of the site secret, survey and client address: answers per address can be counted
    and a burst excluded, but the address itself is not kept (nor linkable across surveys)."""
    raw = f"{settings.SECRET_KEY}:{survey_id}:{address}"
    return hashlib.sha256(raw.encode()).hexdigest()


def response_problems(data: ResponseInput, *, require_all: bool) -> dict[str, list[str]]:
    """Field errors of one response: answers per element code, profile fields by name."""
    answers = {str(k).upper(): v for k, v in (data.answers or {}).items()}
    problems: dict[str, list[str]] = {
        code: [str(msg)]
        for code, msg in rules.answer_problems(answers, require_all=require_all).items()
    }
    for name, choices in PROFILE_CHOICES.items():
        value = getattr(data, name) or ""
        if value and value not in choices.values:
            problems[name] = [_("Pilihan tidak dikenal.")]
    if len(data.suggestion or "") > MAX_SUGGESTION_LENGTH:
        problems["suggestion"] = [
            _("Saran terlalu panjang (paling banyak %(n)d karakter).")
            % {"n": MAX_SUGGESTION_LENGTH}
        ]
    return problems


def _build(survey: SatisfactionSurvey, data: ResponseInput, **extra: Any) -> SurveyResponse:
    answers = {str(k).upper(): v for k, v in (data.answers or {}).items()}
    values = {
        f"u{i}": answers.get(code) if answers.get(code) not in ("", None) else None
        for i, code in enumerate(rules.ELEMENT_CODES, start=1)
    }
    return SurveyResponse(
        survey=survey,
        age_band=data.age_band or "",
        sex=data.sex or "",
        education=data.education or "",
        occupation=data.occupation or "",
        suggestion=(data.suggestion or "").strip(),
        **values,
        **extra,
    )


def survey_response_submit(
    *,
    survey: SatisfactionSurvey,
    data: ResponseInput,
    device_token: str,
    address: str = "",
    today: dt.date | None = None,
) -> SurveyResponse:
    """An online response from the public link or QR code: every element 1–4, one per device
    per Jakarta day, and at most `address_cap()` per client address per Jakarta day (a device
    that drops its cookie still counts against its address)."""
    if not survey.is_open:
        raise SurveyClosed(msg_survey_closed())
    problems = response_problems(data, require_all=True)
    if problems:
        raise ValidationError(problems)
    if not device_token:
        raise ValidationError(_("Token perangkat tidak ada."))
    digest = device_day_hash(survey.pk, device_token, today or agency_today())
    if SurveyResponse.objects.filter(survey=survey, device_day_hash=digest).exists():
        raise AlreadyAnswered(msg_already_answered())
    by_address = address_hash(survey.pk, address) if address else ""
    if by_address:
        day = today or agency_today()
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        sent = SurveyResponse.objects.filter(
            survey=survey,
            address_hash=by_address,
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).count()
        if sent >= address_cap():
            raise AddressCapReached(msg_address_cap())
    response = _build(
        survey,
        data,
        channel=ResponseChannel.ONLINE,
        device_day_hash=digest,
        address_hash=by_address,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:  # the same device twice at the same moment
        raise AlreadyAnswered(msg_already_answered()) from exc
    return response


@transaction.atomic
def paper_responses_enter(
    *, survey: SatisfactionSurvey, rows: list[ResponseInput], actor: User
) -> list[SurveyResponse]:
    """Paper questionnaires typed in by the unit's admin: all or nothing, not limited per device.
    A paper form may leave an element blank (the respondent skipped it), not all of them. Paper
    forms may be entered after the online link is closed (they were collected in the period)."""
    if not can_manage_survey(actor, survey):
        raise PermissionDenied(_("Anda tidak mengelola survei unit ini."))
    if not rows:
        raise ValidationError({"responses": [_("Tidak ada kuesioner untuk disimpan.")]})
    errors: list[str] = []
    for number, data in enumerate(rows, start=1):
        for field_name, messages in response_problems(data, require_all=False).items():
            for message in messages:
                errors.append(
                    _("Kuesioner %(n)d, %(field)s: %(message)s")
                    % {"n": number, "field": field_name, "message": message}
                )
    if errors:
        raise ValidationError({"responses": errors})
    objs = [_build(survey, data, channel=ResponseChannel.PAPER, entered_by=actor) for data in rows]
    return SurveyResponse.objects.bulk_create(objs, batch_size=1000)


# --- XLSX of paper questionnaires ---------------------------------------------------------------

IMPORT_COLUMNS = (*rules.ELEMENT_CODES, "USIA", "JK", "PENDIDIKAN", "PEKERJAAN", "SARAN")
PROFILE_COLUMNS = {
    "USIA": "age_band",
    "JK": "sex",
    "PENDIDIKAN": "education",
    "PEKERJAAN": "occupation",
}
EXTRA_ALIASES = {
    "sex": {"l": "m", "lk": "m", "laki-laki": "m", "p": "f", "pr": "f", "perempuan": "f"},
    "education": {
        "sd": "sd",
        "smp": "smp",
        "sma": "sma",
        "smk": "sma",
        "d1": "diploma",
        "d2": "diploma",
        "d3": "diploma",
        "d4": "diploma",
        "s1": "s1",
        "s2": "s2plus",
        "s3": "s2plus",
    },
    "occupation": {
        "pns": "asn",
        "pppk": "asn",
        "tni": "asn",
        "polri": "asn",
        "swasta": "private",
        "wiraswasta": "entrepreneur",
        "pelajar": "student",
        "mahasiswa": "student",
        "lainnya": "other",
    },
}


def age_band_of(age: int) -> str:
    if age < 20:
        return AgeBand.UNDER_20
    if age >= 60:
        return AgeBand.AGE_60_PLUS
    return {2: AgeBand.AGE_20_29, 3: AgeBand.AGE_30_39, 4: AgeBand.AGE_40_49}.get(
        age // 10, AgeBand.AGE_50_59
    )


def _profile_lookup(name: str) -> dict[str, str]:
    choices = PROFILE_CHOICES[name]
    lookup = {str(v).lower(): v for v in choices.values}
    lookup.update({str(label).lower(): v for v, label in choices.choices})
    lookup.update(EXTRA_ALIASES.get(name, {}))
    return lookup


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class ImportOutcome:
    rows: list[ResponseInput] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def paper_import_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kuesioner"
    append_xlsx(ws, list(IMPORT_COLUMNS))
    append_xlsx(ws, [4, 3, 3, 4, 3, 3, 4, 3, 3, 34, "P", "SMA", "Wiraswasta", "Antrian sudah baik"])
    help_ws = wb.create_sheet("Petunjuk")
    append_xlsx(help_ws, [_("Kolom"), _("Isi")])
    append_xlsx(
        help_ws, ["U1–U9", _("Jawaban 1–4 (1 tidak sesuai … 4 sangat sesuai); boleh kosong.")]
    )
    append_xlsx(
        help_ws, ["USIA", _("Umur dalam tahun, atau kelompok usia: ") + ", ".join(AgeBand.values)]
    )
    for column, name in list(PROFILE_COLUMNS.items())[1:]:
        labels = ", ".join(str(label) for label in PROFILE_CHOICES[name].labels)
        append_xlsx(help_ws, [column, labels])
    append_xlsx(help_ws, ["SARAN", _("Saran dan masukan (boleh kosong).")])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell_answer(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def parse_paper_xlsx(file: File) -> ImportOutcome:
    """Read the XLSX of paper questionnaires (columns U1..U9, USIA, JK, PENDIDIKAN, PEKERJAAN,
    SARAN) into responses and per-row errors. Reads only; nothing is written."""
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read() if hasattr(file, "read") else bytes(file)
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(
            {"file": [_("Berkas tidak dapat dibaca sebagai XLSX. Gunakan templat yang tersedia.")]}
        )
    try:
        # Limits (rows incl. blank ones, columns, cell size) are checked before reading.
        table = tabular.read_xlsx(content, tabular.Limits.default(MAX_IMPORT_ROWS))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    header = table.header
    rows = table.rows  # (sheet row number, cells), blank rows left out
    names = [str(h or "").strip().upper() for h in header]
    missing = [c for c in rules.ELEMENT_CODES if c not in names]
    if missing:
        raise ValidationError(
            {"file": [_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)}]}
        )
    index = {name: i for i, name in enumerate(names) if name}
    lookups = {name: _profile_lookup(name) for name in PROFILE_CHOICES}
    outcome = ImportOutcome()
    for number, values in rows:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(outcome.rows) + len(outcome.errors) >= MAX_IMPORT_ROWS:
            raise ValidationError(
                {"file": [_("Paling banyak %(n)d baris per berkas.") % {"n": MAX_IMPORT_ROWS}]}
            )

        def cell(column: str, values: Sequence[Any] = values) -> Any:
            i = index.get(column)
            return values[i] if i is not None and i < len(values) else None

        messages: list[str] = []
        profile: dict[str, str] = {}
        for column, name in PROFILE_COLUMNS.items():
            raw = cell(column)
            if raw is None or str(raw).strip() == "":
                profile[name] = ""
                continue
            if name == "age_band" and isinstance(_cell_answer(raw), int):
                age = _cell_answer(raw)
                if not 10 <= age <= 120:
                    messages.append(
                        _("%(col)s: umur tidak wajar (%(v)s).") % {"col": column, "v": raw}
                    )
                    continue
                profile[name] = age_band_of(age)
                continue
            value = lookups[name].get(str(raw).strip().lower())
            if value is None:
                messages.append(
                    _("%(col)s: nilai tidak dikenal (%(v)s).") % {"col": column, "v": raw}
                )
            else:
                profile[name] = value
        data = ResponseInput(
            answers={code: _cell_answer(cell(code)) for code in rules.ELEMENT_CODES},
            suggestion=str(cell("SARAN") or "").strip(),
            **profile,
        )
        for field_name, problems in response_problems(data, require_all=False).items():
            if field_name in PROFILE_CHOICES:
                continue
            label = "SARAN" if field_name == "suggestion" else field_name
            label = "U1–U9" if field_name == "answers" else label
            messages.extend(f"{label}: {m}" for m in problems)
        if messages:
            outcome.errors.append(RowError(number, messages))
        else:
            outcome.rows.append(data)
    if not outcome.rows and not outcome.errors:
        raise ValidationError({"file": [_("Berkas tidak berisi kuesioner.")]})
    return outcome


def paper_import(
    *, survey: SatisfactionSurvey, actor: User, file: File, dry_run: bool
) -> ImportOutcome:
    """Dry run: the parsed rows and row errors. Otherwise all rows are saved, or none when a
    single row has an error."""
    if not can_manage_survey(actor, survey):
        raise PermissionDenied(_("Anda tidak mengelola survei unit ini."))
    outcome = parse_paper_xlsx(file)
    if dry_run or outcome.errors:
        return outcome
    created = paper_responses_enter(survey=survey, rows=outcome.rows, actor=actor)
    outcome.created = len(created)
    return outcome


@transaction.atomic
def survey_address_exclude(
    *, survey: SatisfactionSurvey, address_hash: str, reason: str, actor: User
) -> SurveyExclusion:
    """Leave the online answers of one address out of the survey's IKM, with the reason. Only a
    BKPSDM admin may (a unit's own admin could otherwise drop the answers it dislikes). The
    exclusion row is the record: who, when, why, how many; the answers stay stored."""
    if not can_exclude_survey_answers(actor, survey):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengecualikan jawaban survei."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": [_("Tuliskan alasannya (paling sedikit 10 karakter).")]})
    responses = SurveyResponse.objects.select_for_update().filter(
        survey=survey, address_hash=address_hash, exclusion__isnull=True
    )
    count = responses.count()
    if not address_hash or not count:
        raise ValidationError(_("Tidak ada jawaban dari alamat ini yang dapat dikecualikan."))
    if SurveyExclusion.objects.filter(survey=survey, address_hash=address_hash).exists():
        raise ValidationError(_("Jawaban dari alamat ini sudah dikecualikan."))
    with history_actor(actor):
        exclusion = SurveyExclusion.objects.create(
            survey=survey,
            address_hash=address_hash,
            reason=reason,
            response_count=count,
            created_by=actor,
        )
    responses.update(exclusion=exclusion)
    return exclusion
