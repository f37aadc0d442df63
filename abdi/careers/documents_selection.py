"""The selection's ranking and minutes (berita acara) as PDF: the selection, its posts, stages
and weights, the panel with declared conflicts, the ranking with the scores per stage and the
tie rule, the PPK's decision, the trail of steps, signature lines of the panel. HTML template
rendered by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from abdi.careers.models.selection import ConflictDeclaration, Selection
from abdi.careers.selectors import selection as selectors
from abdi.org.models import Agency


def selection_document_context(selection: Selection) -> dict:
    stages = [s for s in selection.stages.all() if s.is_scored]
    rows = selectors.ranking_for(selection)
    return {
        "selection": selection,
        "agency": Agency.objects.order_by("pk").first(),
        "positions": list(selection.positions.select_related("org_unit")),
        "stages": list(selection.stages.all()),
        "scored": stages,
        "rows": [(r, [r.scores.get(s.kind) for s in stages]) for r in rows],
        "panel": list(selection.panel.all()),
        "conflicts": list(
            ConflictDeclaration.objects.filter(member__selection=selection).select_related(
                "member", "application__employee"
            )
        ),
        "appointments": list(
            selection.appointments.select_related("application__employee", "position")
        ),
        "steps": list(selection.steps.select_related("actor")),
        "applicant_count": selection.applications.count(),
        "printed_at": timezone.localtime(),
        "provisional": selection.state not in ("ranked", "decided"),
    }


def selection_pdf(selection: Selection, *, base_url: str | None = None) -> bytes:
    # local: weasyprint is heavy and only the PDF download needs it
    from weasyprint import HTML

    html = render_to_string(
        "careers/selection/documents/minutes.html", selection_document_context(selection)
    )
    return HTML(string=html, base_url=base_url).write_pdf()
