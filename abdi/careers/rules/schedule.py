"""Pure rules of a selection's schedule: when each stage runs (no ORM).

A stage may have a window (start and end, date-time). Both or neither; the end after the
start; no stage before registration opens; a scored stage (every stage but the administrative
check) only after registration closed (the day after the closing date, 00:00 agency time); no
stage starting before the stage ahead of it. A written test taken as an Abdi quiz must have its
window: the quiz opens and closes on it (docs/decisions/0048-careers-finish.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

ADMINISTRATIVE = "administrative"


@dataclass(frozen=True)
class StageWindow:
    kind: str
    label: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    needs_window: bool = False  # a quiz-linked written test


def _moment(value: dt.datetime) -> str:
    return date_format(localtime(value), "j F Y H:i")


def stage_window_problems(
    windows: Sequence[StageWindow], *, opens_at: dt.datetime, registration_ends_at: dt.datetime
) -> list[str]:
    """The problems of the stages' windows, in stage order; [] when they fit. `opens_at`: the
    opening day 00:00; `registration_ends_at`: the day after the closing date 00:00 (both in
    the agency's time zone)."""
    problems: list[str] = []
    previous: StageWindow | None = None
    for w in windows:
        if (w.starts_at is None) != (w.ends_at is None):
            problems.append(
                _("Isi waktu mulai dan selesai tahap %(stage)s, atau kosongkan keduanya.")
                % {"stage": w.label}
            )
            continue
        if w.starts_at is None or w.ends_at is None:
            if w.needs_window:
                problems.append(
                    _(
                        "Tahap %(stage)s dikerjakan dengan kuis Abdi: isi waktu mulai dan "
                        "selesainya (kuis dibuka dan ditutup pada waktu itu)."
                    )
                    % {"stage": w.label}
                )
            continue
        if w.ends_at <= w.starts_at:
            problems.append(
                _("Waktu selesai tahap %(stage)s harus sesudah waktu mulainya.")
                % {"stage": w.label}
            )
        if w.starts_at < opens_at:
            problems.append(
                _("Tahap %(stage)s tidak dapat dimulai sebelum pendaftaran dibuka (%(when)s).")
                % {"stage": w.label, "when": _moment(opens_at)}
            )
        elif w.kind != ADMINISTRATIVE and w.starts_at < registration_ends_at:
            problems.append(
                _(
                    "Tahap %(stage)s baru dapat dimulai sesudah pendaftaran ditutup, "
                    "paling cepat %(when)s."
                )
                % {"stage": w.label, "when": _moment(registration_ends_at)}
            )
        if previous is not None and previous.starts_at and w.starts_at < previous.starts_at:
            problems.append(
                _("Tahap %(stage)s tidak dapat dimulai sebelum tahap %(previous)s (%(when)s).")
                % {
                    "stage": w.label,
                    "previous": previous.label,
                    "when": _moment(previous.starts_at),
                }
            )
        previous = w
    return problems
