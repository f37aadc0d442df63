"""Pure rules of complaint handling (SP4N-LAPOR!, Permen PANRB 62/2018): the allowed transitions,
tracking codes, overdue checks and the numbers of the scorecard. No ORM here."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import statistics
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintStatus as S

# Letters and digits that cannot be confused on a phone screen or read aloud (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 7.9e17 codes: unguessable at any rate a throttle lets through
_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")

FINAL = frozenset({S.NOT_OUR_AUTHORITY, S.ARCHIVED, S.CLOSED})
WAITING_VERIFICATION = frozenset({S.RECEIVED, S.POSTPONED})
WAITING_FOLLOW_UP = frozenset({S.DISPATCHED, S.REOPENED})
MAX_REOPEN = 1

# action -> (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    A.VERIFY: (frozenset({S.RECEIVED, S.POSTPONED}), S.VERIFIED),
    A.POSTPONE: (frozenset({S.RECEIVED}), S.POSTPONED),
    A.NOT_AUTHORITY: (frozenset({S.RECEIVED, S.POSTPONED, S.VERIFIED}), S.NOT_OUR_AUTHORITY),
    A.ARCHIVE: (frozenset({S.RECEIVED, S.POSTPONED, S.VERIFIED}), S.ARCHIVED),
    A.DISPATCH: (frozenset({S.VERIFIED, S.DISPATCHED}), S.DISPATCHED),
    A.RESPOND: (frozenset({S.DISPATCHED, S.REOPENED}), S.FOLLOWED_UP),
    A.NOTE: (frozenset(S.values) - FINAL, None),
    A.CLOSE: (frozenset({S.FOLLOWED_UP, S.REOPENED}), S.CLOSED),
    A.AUTO_CLOSE: (frozenset({S.FOLLOWED_UP}), S.CLOSED),
    A.CITIZEN_REPLY: (frozenset(S.values) - FINAL, None),
    A.RATE: (frozenset({S.FOLLOWED_UP, S.CLOSED}), None),
    A.REOPEN: (frozenset({S.FOLLOWED_UP, S.CLOSED}), S.REOPENED),
    A.ESCALATE: (WAITING_VERIFICATION | WAITING_FOLLOW_UP, None),
    A.LINK_EMPLOYEE: (
        frozenset({S.VERIFIED, S.DISPATCHED, S.FOLLOWED_UP, S.REOPENED, S.CLOSED}),
        None,
    ),
}

# Why an action is refused in a status: the one message a user reads.
_REFUSALS: dict[str, Promise] = {
    A.VERIFY: _("Hanya laporan yang baru diterima atau ditunda yang dapat diverifikasi."),
    A.POSTPONE: _("Hanya laporan yang baru diterima yang dapat ditunda."),
    A.NOT_AUTHORITY: _("Laporan ini sudah diproses; tidak dapat dinyatakan bukan kewenangan."),
    A.ARCHIVE: _("Laporan ini sudah diproses; tidak dapat diarsipkan."),
    A.DISPATCH: _("Laporan harus diverifikasi sebelum diteruskan ke unit."),
    A.RESPOND: _("Hanya laporan yang sedang diteruskan ke unit yang dapat dijawab."),
    A.NOTE: _("Laporan ini sudah selesai."),
    A.CLOSE: _("Hanya laporan yang sudah ditindaklanjuti yang dapat ditutup."),
    A.AUTO_CLOSE: _("Hanya laporan yang sudah ditindaklanjuti yang dapat ditutup otomatis."),
    A.CITIZEN_REPLY: _("Laporan ini sudah selesai; tanggapan tidak dapat dikirim lagi."),
    A.RATE: _("Penilaian dapat diberikan setelah laporan ditindaklanjuti."),
    A.REOPEN: _("Laporan hanya dapat dibuka kembali setelah ditindaklanjuti."),
    A.ESCALATE: _("Laporan ini tidak sedang menunggu verifikasi atau tindak lanjut."),
    A.LINK_EMPLOYEE: _("Laporan harus diverifikasi sebelum dikaitkan dengan pegawai."),
}


class TransitionRefused(ValueError):
    """An action that the complaint's status does not allow; str() is the user's message."""


def next_status(action: str, current: str) -> str:
    """The status after `action` from `current`, or TransitionRefused with the reason."""
    if action not in TRANSITIONS:
        raise TransitionRefused(str(_("Tindakan tidak dikenal.")))
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise TransitionRefused(str(_REFUSALS[action]))
    return target or current


def allowed_actions(current: str) -> set[str]:
    return {action for action, (sources, _t) in TRANSITIONS.items() if current in sources}


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_tracking_code(raw: str) -> str:
    """Upper-case, without spaces or dashes; '' when it cannot be a code at all."""
    code = re.sub(r"[\s\-]", "", raw or "").upper()
    return code if _CODE_RE.match(code) else ""


def format_tracking_code(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to read aloud and to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def overdue_step(
    status: str,
    *,
    now: dt.datetime,
    verification_due: dt.datetime | None,
    follow_up_due: dt.datetime | None,
) -> str:
    """'verification', 'follow_up' or '' — which deadline, if any, the complaint has missed."""
    if status in WAITING_VERIFICATION and verification_due and verification_due < now:
        return "verification"
    if status in WAITING_FOLLOW_UP and follow_up_due and follow_up_due < now:
        return "follow_up"
    return ""


def completion_due(received_at: dt.datetime, days: int) -> dt.datetime:
    """The outer limit of handling: `days` calendar days after receipt."""
    return received_at + dt.timedelta(days=days)


def on_time_share(
    pairs: Iterable[tuple[dt.datetime | None, dt.datetime]], now: dt.datetime
) -> tuple[int, int, float | None]:
    """Share of complaints followed up by their deadline, among those followed up or past due.

    `pairs` are (followed_up_at, follow_up_due). Returns (on_time, counted, share or None)."""
    on_time = counted = 0
    for done_at, due in pairs:
        if done_at is None and due >= now:
            continue  # still within its deadline: neither on time nor late yet
        counted += 1
        if done_at is not None and done_at <= due:
            on_time += 1
    return on_time, counted, (on_time / counted if counted else None)


def median_days(durations: Iterable[dt.timedelta]) -> float | None:
    values = [d.total_seconds() / 86400 for d in durations]
    return round(statistics.median(values), 1) if values else None


def mean(values: Iterable[int | float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 2) if items else None
