from django.urls import path

from abdi.careers.views import proposals as views

urlpatterns = [
    path("careers/due/", views.due_list, name="due_list"),
    path("careers/proposals/", views.proposal_list, name="proposals"),
    path("careers/proposals/new/", views.batch_create, name="batch_create"),
    path("careers/proposals/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("careers/proposals/batches/<int:pk>/xlsx/", views.batch_export, name="batch_export"),
    path("careers/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "careers/proposals/<int:pk>/<str:action>/",
        views.proposal_action,
        name="proposal_action",
    ),
]
