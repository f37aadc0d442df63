"""When each stage of a selection runs: its window (start and end, date-time), set with the
weights while the selection is a draft and changed afterwards for a stage that has not started
(a postponed test). The checks are `rules.stage_window_problems`; a quiz-linked written test
opens and closes on its window (docs/decisions/0048-careers-finish.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models.selection import (
    Selection,
    SelectionAction,
    SelectionStage,
    SelectionState,
    StageKind,
)
from abdi.careers.services.selection.common import (
    lock_selection,
    require_admin,
    require_state,
    selection_step,
)
from abdi.core.audit import records_actor

Window = tuple[dt.datetime | None, dt.datetime | None]
SCHEDULE_EDITABLE = (
    SelectionState.DRAFT,
    SelectionState.OPEN,
    SelectionState.SCREENING,
    SelectionState.SCORING,
)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def registration_ends_at(selection: Selection) -> dt.datetime:
    """Registration closes at the end of the closing date (agency time)."""
    return _day_start(selection.closes_on + dt.timedelta(days=1))


def window_problems(selection: Selection, stages: Iterable[tuple[str, Window, bool]]) -> list[str]:
    """(kind, (start, end), quiz-linked) per stage, in any order."""
    order = list(StageKind.values)
    windows = [
        rules.StageWindow(kind, str(StageKind(kind).label), start, end, needs_window=quiz)
        for kind, (start, end), quiz in sorted(stages, key=lambda s: order.index(s[0]))
    ]
    return rules.stage_window_problems(
        windows,
        opens_at=_day_start(selection.opens_on),
        registration_ends_at=registration_ends_at(selection),
    )


@records_actor
@transaction.atomic
def stage_schedule_set(
    *, actor: User, selection: Selection, windows: Mapping[str, Window]
) -> list[SelectionStage]:
    """Change the windows of the stages ({stage kind: (start, end)}) until scoring ends. A
    stage that has started keeps its window (the applicants are taking it); the others are
    checked with the rest as one schedule."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection,
        *SCHEDULE_EDITABLE,
        message=_("Jadwal tahap seleksi yang sudah selesai dinilai tidak dapat diubah."),
    )
    stages = list(selection.stages.select_for_update().order_by("order"))
    now = timezone.now()
    changed = []
    for stage in stages:
        if stage.kind not in windows:
            continue
        new = windows[stage.kind]
        if new == (stage.starts_at, stage.ends_at):
            continue
        if stage.starts_at is not None and stage.starts_at <= now:
            raise ValidationError(
                {
                    "stages": [
                        _("Tahap %(stage)s sudah dimulai; jadwalnya tidak dapat diubah.")
                        % {"stage": stage.get_kind_display()}
                    ]
                }
            )
        stage.starts_at, stage.ends_at = new
        changed.append(stage)
    problems = window_problems(
        selection, [(s.kind, (s.starts_at, s.ends_at), s.quiz_id is not None) for s in stages]
    )
    if problems:
        raise ValidationError({"stages": problems})
    for stage in changed:
        stage.save(update_fields=["starts_at", "ends_at"])
    if changed:
        selection_step(
            selection,
            SelectionAction.UPDATED,
            actor,
            _("Jadwal tahap diubah: %(stages)s.")
            % {"stages": ", ".join(s.get_kind_display() for s in changed)},
        )
    return stages
