"""E-learning authoring pages for BKPSDM admins: courses, their learners and extra attempts, modules, quizzes and questions. Thin adapters over the e-learning selectors, services and permissions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.errors import error_messages, flash_errors, form_errors
from abdi.core.services import require
from abdi.learning.choices import ModuleKind
from abdi.learning.forms.elearning import (
    AttemptGrantForm,
    ModuleForm,
    QuestionForm,
    QuizForm,
    choice_formset,
    choice_rows,
)
from abdi.learning.models import Course, Enrolment, Programme, Question, Quiz
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.permissions.elearning import (
    course_or_404,
    module_or_404,
)
from abdi.learning.rules import DEADLINE_GRACE
from abdi.learning.selectors import elearning as selectors
from abdi.learning.services import elearning as services

# --- authoring ------------------------------------------------------------------------------


def course_admin_list(request):
    require(can_manage_learning(request.user))
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
    require(can_manage_learning(request.user))
    programme = get_object_or_404(Programme, pk=pk)
    existing = Course.objects.filter(programme=programme).first()
    if existing is not None:
        return redirect("learning:course_manage", pk=existing.pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            course = services.course_create(actor=request.user, programme=programme)
        except ValidationError as exc:
            errors = error_messages(exc)
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
    require(can_manage_learning(request.user))
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
    require(can_manage_learning(request.user))
    course = course_or_404(request.user, pk)
    stuck_only = request.GET.get("status") == "habis"
    page, quizzes, stuck = selectors.course_learners(
        course,
        stuck_only=stuck_only,
        page=request.GET.get("page"),
        grace=DEADLINE_GRACE,
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
    require(can_manage_learning(request.user))
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
            form_errors(form, exc)
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
    require(can_manage_learning(request.user))
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
        flash_errors(request, exc)
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
    require(can_manage_learning(request.user))
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
            form_errors(form, exc)
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
    require(can_manage_learning(request.user))
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
            form_errors(form, exc)
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
    require(can_manage_learning(request.user))
    module = module_or_404(request.user, pk)
    try:
        services.module_move(
            actor=request.user, module=module, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("learning:course_manage", pk=module.course_id)


@require_POST
def module_delete(request, pk):
    require(can_manage_learning(request.user))
    module = module_or_404(request.user, pk)
    try:
        services.module_delete(actor=request.user, module=module)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Modul dihapus."))
    return redirect("learning:course_manage", pk=module.course_id)


def _quiz_kwargs(form) -> dict:
    return dict(form.cleaned_data)


@require_http_methods(["GET", "POST"])
def quiz_create(request, pk):
    require(can_manage_learning(request.user))
    course = course_or_404(request.user, pk)
    form = QuizForm(request.POST or None, initial={"shuffle": True})
    if request.method == "POST" and form.is_valid():
        try:
            quiz = services.quiz_create(actor=request.user, course=course, **_quiz_kwargs(form))
        except ValidationError as exc:
            form_errors(form, exc)
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
    require(can_manage_learning(request.user))
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
            form_errors(form, exc)
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
            form_errors(form, exc)
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
    require(can_manage_learning(request.user))
    question = get_object_or_404(Question.objects.select_related("quiz__course"), pk=pk)
    return _question_page(request, quiz=question.quiz, question=question)
