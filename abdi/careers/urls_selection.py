"""Pages of merit selection (abdi.careers.views.selection)."""

from django.urls import path

from abdi.careers.views import selection as views

urlpatterns = [
    # public, without login
    path("seleksi/", views.public_selections, name="public_selections"),
    path("seleksi/<int:pk>/", views.public_selection, name="public_selection"),
    path("seleksi/ujian/<slug:token>/", views.written_test, name="written_test"),
    # employee
    path("karier/seleksi/saya/", views.my_selections, name="my_selections"),
    path("karier/seleksi/<int:pk>/lamar/", views.apply, name="apply"),
    path("karier/lamaran/<int:pk>/", views.application_detail, name="application_detail"),
    path("karier/lamaran/<int:pk>/tarik/", views.application_withdraw, name="application_withdraw"),
    path("karier/lamaran/<int:pk>/sanggah/", views.objection_file, name="objection_file"),
    path(
        "karier/lamaran/<int:pk>/dokumen/<int:doc_pk>/",
        views.application_document,
        name="application_document",
    ),
    # BKPSDM
    path("karier/seleksi/", views.selection_list, name="selection_list"),
    path("karier/seleksi/baru/", views.selection_create, name="selection_create"),
    path("karier/seleksi/<int:pk>/", views.selection_detail, name="selection_detail"),
    path("karier/seleksi/<int:pk>/ubah/", views.selection_edit, name="selection_edit"),
    path("karier/seleksi/<int:pk>/tahap/", views.selection_stages, name="selection_stages"),
    path(
        "karier/seleksi/<int:pk>/syarat/",
        views.selection_requirements,
        name="selection_requirements",
    ),
    path("karier/seleksi/<int:pk>/panitia/", views.selection_panel, name="selection_panel"),
    path(
        "karier/seleksi/<int:pk>/aksi/<slug:action>/",
        views.selection_action,
        name="selection_action",
    ),
    path(
        "karier/seleksi/<int:pk>/pelamar/baru/", views.register_applicant, name="register_applicant"
    ),
    path("karier/seleksi/<int:pk>/peringkat/", views.ranking, name="ranking"),
    path("karier/seleksi/<int:pk>/berita-acara.pdf", views.selection_pdf, name="selection_pdf"),
    path(
        "karier/lamaran/<int:pk>/administrasi/",
        views.administrative_result,
        name="administrative_result",
    ),
    path(
        "karier/lamaran/<int:pk>/pengecualian/",
        views.eligibility_override,
        name="eligibility_override",
    ),
    path("karier/lamaran/<int:pk>/sanggah/putus/", views.objection_decide, name="objection_decide"),
    path("karier/lamaran/<int:pk>/angkat/", views.appoint, name="appoint"),
    path(
        "karier/lamaran/<int:pk>/tautan-ujian/",
        views.written_test_link,
        name="written_test_link",
    ),
    # panel
    path("karier/panitia/", views.panel_home, name="panel_home"),
    path("karier/lamaran/<int:pk>/konflik/", views.conflict_declare, name="conflict_declare"),
    path("karier/lamaran/<int:pk>/nilai/<int:stage_pk>/", views.score, name="score"),
    path("karier/lamaran/<int:pk>/rekam-jejak/", views.track_record_adjust, name="track_record"),
]
