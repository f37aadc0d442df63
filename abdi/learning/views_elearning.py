"""E-learning pages: authoring for BKPSDM admins and the learner's path to the certificate.
Thin adapters over selectors_elearning, services_elearning and permissions_elearning.

The learner's pages stay light for a phone on a slow link: no script of their own (the quiz
saves answers with the htmx already loaded by base.html, and works without it), videos with
preload="none", PDFs opened on demand."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.employees.permissions import own_employee
from abdi.learning import selectors_elearning as selectors
from abdi.learning import services_elearning as services
from abdi.learning.choices import ModuleKind
from abdi.learning.forms_elearning import (
    AttemptGrantForm,
    ModuleForm,
    QuestionForm,
    QuizForm,
    choice_formset,
    choice_rows,
)
from abdi.learning.models import Course, Enrolment, Programme, Question, Quiz, QuizAttempt
from abdi.learning.permissions import can_manage_learning
from abdi.learning.permissions_elearning import (
    can_browse_courses,
    can_take_courses,
    course_or_404,
    module_or_404,
    own_attempt_or_404,
)

# --- helpers --------------------------------------------------------------------------------


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


def _flash(request, exc: ValidationError) -> None:
    for message in _messages_of(exc):
        messages.error(request, message)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, msgs in exc.message_dict.items():
            for message in msgs:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _require_admin(request) -> None:
    if not can_manage_learning(request.user):
        raise PermissionDenied


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
    links = {}
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
        _flash(request, exc)
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
            _flash(request, exc)
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
        _flash(request, exc)
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
        _flash(request, exc)
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
        and now > attempt.deadline + services.DEADLINE_GRACE
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
                f'<span class="text-danger">{" ".join(_messages_of(exc))}</span>', status=200
            )
            if overdue:
                response["HX-Redirect"] = reverse("learning:quiz_attempt", args=[attempt.pk])
            return response
        _flash(request, exc)
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
        _flash(request, exc)
        return redirect("learning:quiz_attempt", pk=attempt.pk)
    if attempt.deadline and attempt.submitted_at > attempt.deadline + services.DEADLINE_GRACE:
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


# --- authoring ------------------------------------------------------------------------------


def course_admin_list(request):
    _require_admin(request)
    return render(
        request,
        "learning/elearning/admin_list.html",
        {
            "courses": selectors.admin_courses(),
            "programmes": selectors.programmes_without_course(),
        },
    )


@require_http_methods(["GET", "POST"])
def course_create(request, pk):
    _require_admin(request)
    programme = get_object_or_404(Programme, pk=pk)
    existing = Course.objects.filter(programme=programme).first()
    if existing is not None:
        return redirect("learning:course_manage", pk=existing.pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            course = services.course_create(actor=request.user, programme=programme)
        except ValidationError as exc:
            errors = _messages_of(exc)
        else:
            messages.success(request, _("Kursus dibuat. Tambahkan modul dan kuisnya."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(
        request,
        "learning/elearning/course_create.html",
        {"programme": programme, "errors": errors},
        status=400 if errors else 200,
    )


def course_manage(request, pk):
    _require_admin(request)
    course = course_or_404(request.user, pk)
    modules = list(course.modules.select_related("quiz").order_by("order"))
    quizzes = course.quizzes.order_by("title").annotate(
        question_count=Count("questions"),
        active_count=Count("questions", filter=Q(questions__is_active=True)),
    )
    return render(
        request,
        "learning/elearning/course_manage.html",
        {
            "course": course,
            "modules": modules,
            "quizzes": quizzes,
            "problems": services.course_problems(course) if not course.is_published else [],
            "enrolments": course.enrolments.count(),
            "completed": course.enrolments.filter(completed_at__isnull=False).count(),
        },
    )


def course_learners(request, pk):
    """The course's learners and their progress; who is out of attempts at a quiz comes first,
    with the button to grant more."""
    _require_admin(request)
    course = course_or_404(request.user, pk)
    stuck_only = request.GET.get("status") == "habis"
    page, quizzes, stuck = selectors.course_learners(
        course,
        stuck_only=stuck_only,
        page=request.GET.get("page"),
        grace=services.DEADLINE_GRACE,
    )
    return render(
        request,
        "learning/elearning/course_learners.html",
        {
            "course": course,
            "page_obj": page,
            "rows": page.object_list,
            "quizzes": quizzes,
            "stuck": stuck,
            "stuck_only": stuck_only,
            "module_count": course.modules.count(),
        },
    )


@require_http_methods(["GET", "POST"])
def attempt_grant(request, pk):
    """Grant a learner extra attempts at a quiz of their course (BKPSDM admins)."""
    _require_admin(request)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("employee", "employee__org_unit", "course__programme"),
        pk=pk,
    )
    course = enrolment.course
    quizzes = selectors.course_quizzes(course)
    initial = {"extra": 1}
    raw = request.GET.get("quiz", "")
    if raw.isdigit():
        initial["quiz"] = int(raw)
    elif len(quizzes) == 1:
        initial["quiz"] = quizzes[0].pk
    form = AttemptGrantForm(request.POST or None, quizzes=quizzes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_attempts_grant(
                actor=request.user, enrolment=enrolment, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(n)d percobaan tambahan diberikan kepada %(name)s; peserta diberi tahu.")
                % {"n": form.cleaned_data["extra"], "name": enrolment.employee.name},
            )
            return redirect("learning:course_learners", pk=course.pk)
    return render(
        request,
        "learning/elearning/attempt_grant.html",
        {
            "form": form,
            "enrolment": enrolment,
            "course": course,
            "grants": enrolment.attempt_grants.select_related("quiz", "granted_by").order_by(
                "-granted_at"
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def course_publish(request, pk):
    _require_admin(request)
    course = course_or_404(request.user, pk)
    action = request.POST.get("action", "publish")
    try:
        if action == "unpublish":
            services.course_unpublish(actor=request.user, course=course)
            messages.success(request, _("Penerbitan kursus dibatalkan."))
        else:
            services.course_publish(actor=request.user, course=course)
            messages.success(request, _("Kursus diterbitkan; pegawai dapat mengikutinya."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("learning:course_manage", pk=course.pk)


def _module_service_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "file": data.get("file"),
        "url": data["url"],
        "quiz": data["quiz"],
        "minutes": data["minutes"],
    }


@require_http_methods(["GET", "POST"])
def module_create(request, pk):
    _require_admin(request)
    course = course_or_404(request.user, pk)
    initial = {"kind": request.GET.get("kind", ModuleKind.TEXT), "minutes": 10}
    form = ModuleForm(request.POST or None, request.FILES or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_create(
                actor=request.user,
                course=course,
                kind=form.cleaned_data["kind"],
                **_module_service_kwargs(form),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Modul ditambahkan."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(
        request,
        "learning/elearning/module_form.html",
        {"form": form, "course": course, "module": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def module_edit(request, pk):
    _require_admin(request)
    module = module_or_404(request.user, pk)
    course = module.course
    initial = {
        "title": module.title,
        "kind": module.kind,
        "body": module.body,
        "url": module.url,
        "quiz": module.quiz_id,
        "minutes": module.minutes,
    }
    form = ModuleForm(
        request.POST or None, request.FILES or None, course=course, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(
                actor=request.user, module=module, **_module_service_kwargs(form)
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Modul disimpan."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(
        request,
        "learning/elearning/module_form.html",
        {"form": form, "course": course, "module": module},
        status=400 if form.errors else 200,
    )


@require_POST
def module_move(request, pk):
    _require_admin(request)
    module = module_or_404(request.user, pk)
    try:
        services.module_move(
            actor=request.user, module=module, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("learning:course_manage", pk=module.course_id)


@require_POST
def module_delete(request, pk):
    _require_admin(request)
    module = module_or_404(request.user, pk)
    try:
        services.module_delete(actor=request.user, module=module)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Modul dihapus."))
    return redirect("learning:course_manage", pk=module.course_id)


def _quiz_kwargs(form) -> dict:
    return dict(form.cleaned_data)


@require_http_methods(["GET", "POST"])
def quiz_create(request, pk):
    _require_admin(request)
    course = course_or_404(request.user, pk)
    form = QuizForm(request.POST or None, initial={"shuffle": True})
    if request.method == "POST" and form.is_valid():
        try:
            quiz = services.quiz_create(actor=request.user, course=course, **_quiz_kwargs(form))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Kuis dibuat. Isi bank soalnya."))
            return redirect("learning:quiz_edit", pk=quiz.pk)
    return render(
        request,
        "learning/elearning/quiz_form.html",
        {"form": form, "course": course, "quiz": None},
        status=400 if form.errors else 200,
    )


def _quiz_or_404(request, pk) -> Quiz:
    _require_admin(request)
    return get_object_or_404(Quiz.objects.select_related("course__programme"), pk=pk)


@require_http_methods(["GET", "POST"])
def quiz_edit(request, pk):
    quiz = _quiz_or_404(request, pk)
    initial = {
        "title": quiz.title,
        "pass_mark": quiz.pass_mark,
        "max_attempts": quiz.max_attempts,
        "time_limit_minutes": quiz.time_limit_minutes,
        "questions_per_attempt": quiz.questions_per_attempt,
        "shuffle": quiz.shuffle,
    }
    form = QuizForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_update(actor=request.user, quiz=quiz, **_quiz_kwargs(form))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan kuis disimpan."))
            return redirect("learning:quiz_edit", pk=quiz.pk)
    bank = list(selectors.quiz_bank(quiz))
    return render(
        request,
        "learning/elearning/quiz_form.html",
        {
            "form": form,
            "course": quiz.course,
            "quiz": quiz,
            "bank": bank,
            "usable": len(services.usable_questions(quiz)),
        },
        status=400 if form.errors else 200,
    )


def _question_page(request, *, quiz: Quiz, question: Question | None):
    initial = (
        {"text": question.text, "kind": question.kind, "is_active": question.is_active}
        if question
        else {"kind": "single", "is_active": True}
    )
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, initial=initial)
    formset = choice_formset(data, question=question)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kwargs = {
            "actor": request.user,
            "text": form.cleaned_data["text"],
            "kind": form.cleaned_data["kind"],
            "choices": choice_rows(formset),
            "is_active": form.cleaned_data["is_active"],
        }
        try:
            if question is None:
                services.question_create(quiz=quiz, **kwargs)
            else:
                services.question_update(question=question, **kwargs)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Soal disimpan."))
            if question is None and "again" in request.POST:
                return redirect("learning:question_create", pk=quiz.pk)
            return redirect("learning:quiz_edit", pk=quiz.pk)
    return render(
        request,
        "learning/elearning/question_form.html",
        {"form": form, "formset": formset, "quiz": quiz, "question": question},
        status=400 if (form.errors or formset.total_error_count()) else 200,
    )


@require_http_methods(["GET", "POST"])
def question_create(request, pk):
    quiz = _quiz_or_404(request, pk)
    return _question_page(request, quiz=quiz, question=None)


@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    _require_admin(request)
    question = get_object_or_404(Question.objects.select_related("quiz__course"), pk=pk)
    return _question_page(request, quiz=question.quiz, question=question)
