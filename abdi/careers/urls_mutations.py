from django.urls import path

from abdi.careers.views import mutations as views

urlpatterns = [
    path("careers/transfers/", views.transfer_list, name="transfers"),
    path("careers/transfers/new/", views.transfer_create, name="transfer_create"),
    path("careers/transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("careers/transfers/<int:pk>/document/", views.transfer_document, name="transfer_document"),
    path("careers/transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("careers/transfers/<int:pk>/decree/", views.transfer_decree, name="transfer_decree"),
    path("careers/transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("careers/rotations/", views.rotation_list, name="rotations"),
    path("careers/rotations/<int:pk>/", views.rotation_detail, name="rotation_detail"),
    path("careers/rotations/<int:pk>/moves/", views.rotation_move_add, name="rotation_move_add"),
    path(
        "careers/rotations/moves/<int:pk>/remove/",
        views.rotation_move_remove,
        name="rotation_move_remove",
    ),
    path("careers/rotations/<int:pk>/<str:action>/", views.rotation_action, name="rotation_action"),
]
