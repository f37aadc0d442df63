"""The e-learner's pages: the course list, a course, its modules (files streamed with ranges), quiz attempts and the certificate links. Thin adapters over the e-learning selectors, services and permissions. The pages stay light for a phone on a slow link: no script of their own (the quiz saves answers with the htmx already loaded by base.html, and works without it), videos with preload="none", PDFs opened on demand."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.errors import error_messages, flash_errors
from abdi.employees.permissions import own_employee
from abdi.learning.choices import ModuleKind
from abdi.learning.models import Enrolment, QuizAttempt
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.permissions.elearning import (
    can_browse_courses,
    can_take_courses,
    course_or_404,
    module_or_404,
    own_attempt_or_404,
)
from abdi.learning.rules import DEADLINE_GRACE
from abdi.learning.selectors import elearning as selectors
from abdi.learning.services import elearning as services


def _require_learner(request) -> None:
    if not can_take_courses(request.user):
        raise PermissionDenied


def _own_enrolment(request, course) -> Enrolment | None:
    me = own_employee(request.user)
    if me is None:
        return None
    return Enrolment.objects.filter(course=course, employee=me).first()


def certificate_links(certificate) -> dict[str, str]:
    """Links to the certificate's PDF and public check, when those pages exist."""
    links: dict[str, str] = {}
    if certificate is None:
        return links
    for key, name, arg in (
        ("pdf", "learning:certificate_pdf", certificate.pk),
        ("verify", "learning:certificate_verify", certificate.code),
    ):
        with contextlib.suppress(NoReverseMatch):
            links[key] = reverse(name, args=[arg])
    return links


# --- the learner: courses -------------------------------------------------------------------


def courses(request):
    if not can_browse_courses(request.user):
        raise PermissionDenied
    search = request.GET.get("q", "").strip()[:100]
    rows = selectors.learner_courses(own_employee(request.user), search=search)
    page = Paginator(rows, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/elearning/courses.html",
        {"page": page, "search": search, "can_manage": can_manage_learning(request.user)},
    )


def course_detail(request, pk):
    course = course_or_404(request.user, pk)
    if not can_browse_courses(request.user):
        raise PermissionDenied
    enrolment = _own_enrolment(request, course)
    outline = selectors.course_outline(course, enrolment)
    return render(
        request,
        "learning/elearning/course_detail.html",
        {
            "course": course,
            "outline": outline,
            "enrolment": enrolment,
            "can_take": can_take_courses(request.user),
            "can_manage": can_manage_learning(request.user),
            "links": certificate_links(outline.certificate),
        },
    )


@require_POST
def course_enrol(request, pk):
    course = course_or_404(request.user, pk)
    _require_learner(request)
    try:
        enrolment = services.enrol(actor=request.user, course=course)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("learning:course_detail", pk=course.pk)
    outline = selectors.course_outline(course, enrolment)
    if outline.resume is None:
        return redirect("learning:course_detail", pk=course.pk)
    return redirect("learning:module", pk=outline.resume.pk)


# --- the learner: modules -------------------------------------------------------------------


def module(request, pk):
    module = module_or_404(request.user, pk)
    course = module.course
    is_admin = can_manage_learning(request.user)
    if not (can_take_courses(request.user) or is_admin):
        raise PermissionDenied
    enrolment = _own_enrolment(request, course)
    if enrolment is None and not is_admin:
        messages.info(request, _("Klik “Mulai” untuk mengikuti kursus ini."))
        return redirect("learning:course_detail", pk=course.pk)
    if enrolment is not None:
        try:
            services.module_open(actor=request.user, module=module)
        except ValidationError as exc:
            flash_errors(request, exc)
            return redirect("learning:course_detail", pk=course.pk)
    outline = selectors.course_outline(course, enrolment)
    index = next(i for i, r in enumerate(outline.rows) if r.module.pk == module.pk)
    row = outline.rows[index]
    previous = outline.rows[index - 1].module if index > 0 else None
    following = outline.rows[index + 1].module if index + 1 < len(outline.rows) else None
    attempts, running = [], None
    allowed = module.quiz.max_attempts if module.quiz_id else 0
    if module.kind == ModuleKind.QUIZ and enrolment is not None and module.quiz_id:
        allowed = selectors.attempt_allowance(enrolment, module.quiz)
        attempts = list(
            QuizAttempt.objects.filter(enrolment=enrolment, quiz_id=module.quiz_id).order_by(
                "number"
            )
        )
        now = timezone.now()
        running = next(
            (
                a
                for a in attempts
                if a.submitted_at is None and not (a.deadline and a.deadline < now)
            ),
            None,
        )
    return render(
        request,
        "learning/elearning/module.html",
        {
            "module": module,
            "course": course,
            "outline": outline,
            "row": row,
            "previous": previous,
            "following": following,
            "enrolment": enrolment,
            "preview": enrolment is None,
            "attempts": attempts,
            "running": running,
            "allowed": allowed,
            "attempts_left": max(allowed - len(attempts), 0),
            "paragraphs": [p for p in re.split(r"\n\s*\n", module.body.strip()) if p.strip()],
        },
    )


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def _ranged(handle, start: int, length: int, chunk: int = 64 * 1024):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(chunk, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def module_file(request, pk):
    """A video or PDF module's file, for admins and enrolled learners. Honours a byte Range, so
    that a phone can start a video in the middle without fetching the beginning."""
    module = module_or_404(request.user, pk)
    if not module.file or module.kind not in (ModuleKind.VIDEO_FILE, ModuleKind.PDF):
        raise Http404
    if not can_manage_learning(request.user):
        _require_learner(request)
        if _own_enrolment(request, module.course) is None:
            raise PermissionDenied
    try:
        handle = module.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    size = module.file.size
    ext = os.path.splitext(module.file.name)[1].lower()
    content_type = mimetypes.types_map.get(ext) or (
        "application/pdf" if module.kind == ModuleKind.PDF else "video/mp4"
    )
    filename = f"modul-{module.pk}{ext}"
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if match and module.kind == ModuleKind.VIDEO_FILE and size:
        first, last = match.groups()
        if first == "":
            start = max(size - int(last or 0), 0)
            end = size - 1
        else:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        if start >= size or start > end:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(
            _ranged(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(
            handle,
            as_attachment=request.GET.get("download") == "1",
            filename=filename,
            content_type=content_type,
        )
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def module_complete(request, pk):
    module = module_or_404(request.user, pk)
    _require_learner(request)
    try:
        following = services.module_complete(actor=request.user, module=module)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("learning:course_detail", pk=module.course_id)
    if following is None:
        return redirect("learning:course_detail", pk=module.course_id)
    return redirect("learning:module", pk=following.pk)


# --- the learner: quizzes -------------------------------------------------------------------


@require_POST
def quiz_start(request, pk):
    module = module_or_404(request.user, pk)
    _require_learner(request)
    try:
        attempt = services.quiz_attempt_start(actor=request.user, module=module)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("learning:module", pk=module.pk)
    return redirect("learning:quiz_attempt", pk=attempt.pk)


def _quiz_module(attempt):
    return (
        attempt.quiz.modules.filter(course_id=attempt.enrolment.course_id).order_by("order").first()
    )


def quiz_attempt(request, pk):
    attempt = own_attempt_or_404(request.user, pk)
    now = timezone.now()
    if (
        attempt.submitted_at is None
        and attempt.deadline
        and now > attempt.deadline + DEADLINE_GRACE
    ):
        # The time ran out while the learner was away: close it as it stands.
        attempt = services.quiz_attempt_submit(actor=request.user, attempt=attempt)
        messages.warning(
            request, _("Waktu pengerjaan habis; percobaan dinilai dengan jawaban yang tersimpan.")
        )
    sheet = selectors.attempt_sheet(attempt)
    quiz_module = _quiz_module(attempt)
    return render(
        request,
        "learning/elearning/quiz_attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.enrolment.course,
            "quiz_module": quiz_module,
            "sheet": sheet,
            "answered": sum(1 for r in sheet if r.selected),
            "attempts_left": max(
                selectors.attempt_allowance(attempt.enrolment, attempt.quiz) - attempt.number, 0
            ),
            # seconds left, for the countdown (the server still decides at the deadline)
            "seconds_left": max(int((attempt.deadline - now).total_seconds()), 0)
            if attempt.deadline and attempt.submitted_at is None
            else None,
        },
    )


def _posted_answers(request, attempt) -> dict[int, list[str]]:
    return {
        int(row["question"]): request.POST.getlist(f"q{row['question']}") for row in attempt.layout
    }


@require_POST
def quiz_answer(request, pk):
    attempt = own_attempt_or_404(request.user, pk)
    try:
        services.quiz_answer_save(
            actor=request.user, attempt=attempt, answers=_posted_answers(request, attempt)
        )
    except ValidationError as exc:
        overdue = any(getattr(e, "code", "") == "overdue" for e in exc.error_list)
        if overdue:
            services.quiz_attempt_submit(actor=request.user, attempt=attempt)
        if request.htmx:
            response = HttpResponse(
                f'<span class="text-danger">{" ".join(error_messages(exc))}</span>', status=200
            )
            if overdue:
                response["HX-Redirect"] = reverse("learning:quiz_attempt", args=[attempt.pk])
            return response
        flash_errors(request, exc)
        return redirect("learning:quiz_attempt", pk=attempt.pk)
    if request.htmx:
        return HttpResponse(
            '<i class="bi bi-check2"></i> '
            + _("Jawaban tersimpan %(time)s") % {"time": timezone.localtime().strftime("%H:%M:%S")}
        )
    messages.success(request, _("Jawaban tersimpan."))
    return redirect("learning:quiz_attempt", pk=attempt.pk)


@require_POST
def quiz_submit(request, pk):
    attempt = own_attempt_or_404(request.user, pk)
    if attempt.submitted_at is not None:
        # A second click (or a resent form): show the result, nothing to refuse loudly.
        return _after_submit(attempt)
    try:
        attempt = services.quiz_attempt_submit(
            actor=request.user, attempt=attempt, answers=_posted_answers(request, attempt)
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("learning:quiz_attempt", pk=attempt.pk)
    if attempt.deadline and attempt.submitted_at > attempt.deadline + DEADLINE_GRACE:
        messages.warning(
            request,
            _("Waktu pengerjaan sudah habis; dinilai dengan jawaban yang tersimpan sebelumnya."),
        )
    return _after_submit(attempt)


def _after_submit(attempt):
    attempt.enrolment.refresh_from_db()
    if attempt.enrolment.completed_at:
        return redirect("learning:course_detail", pk=attempt.enrolment.course_id)
    return redirect("learning:quiz_attempt", pk=attempt.pk)
