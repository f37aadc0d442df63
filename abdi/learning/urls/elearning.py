"""URL patterns of the learning app: e-learning. Joined in urls.py under the 'learning' namespace.

Learners: /e-learning/...; BKPSDM authoring: /e-learning/kelola/..."""

from django.urls import path

from abdi.learning.views import elearning as views

urlpatterns: list = [
    # the learner
    path("e-learning/", views.courses, name="courses"),
    path("e-learning/kursus/<int:pk>/", views.course_detail, name="course_detail"),
    path("e-learning/kursus/<int:pk>/mulai/", views.course_enrol, name="course_enrol"),
    path("e-learning/modul/<int:pk>/", views.module, name="module"),
    path("e-learning/modul/<int:pk>/berkas/", views.module_file, name="module_file"),
    path("e-learning/modul/<int:pk>/selesai/", views.module_complete, name="module_complete"),
    path("e-learning/modul/<int:pk>/kuis/", views.quiz_start, name="quiz_start"),
    path("e-learning/percobaan/<int:pk>/", views.quiz_attempt, name="quiz_attempt"),
    path("e-learning/percobaan/<int:pk>/jawab/", views.quiz_answer, name="quiz_answer"),
    path("e-learning/percobaan/<int:pk>/kumpulkan/", views.quiz_submit, name="quiz_submit"),
    # authoring (BKPSDM)
    path("e-learning/kelola/", views.course_admin_list, name="course_admin_list"),
    path(
        "e-learning/kelola/program/<int:pk>/kursus-baru/",
        views.course_create,
        name="course_create",
    ),
    path("e-learning/kelola/kursus/<int:pk>/", views.course_manage, name="course_manage"),
    path("e-learning/kelola/kursus/<int:pk>/terbit/", views.course_publish, name="course_publish"),
    path(
        "e-learning/kelola/kursus/<int:pk>/peserta/", views.course_learners, name="course_learners"
    ),
    path(
        "e-learning/kelola/peserta/<int:pk>/tambah-percobaan/",
        views.attempt_grant,
        name="attempt_grant",
    ),
    path(
        "e-learning/kelola/kursus/<int:pk>/modul-baru/", views.module_create, name="module_create"
    ),
    path("e-learning/kelola/kursus/<int:pk>/kuis-baru/", views.quiz_create, name="quiz_create"),
    path("e-learning/kelola/modul/<int:pk>/", views.module_edit, name="module_edit"),
    path("e-learning/kelola/modul/<int:pk>/pindah/", views.module_move, name="module_move"),
    path("e-learning/kelola/modul/<int:pk>/hapus/", views.module_delete, name="module_delete"),
    path("e-learning/kelola/kuis/<int:pk>/", views.quiz_edit, name="quiz_edit"),
    path(
        "e-learning/kelola/kuis/<int:pk>/soal-baru/", views.question_create, name="question_create"
    ),
    path("e-learning/kelola/soal/<int:pk>/", views.question_edit, name="question_edit"),
]
