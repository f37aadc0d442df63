"""URL patterns of the learning app: development plans and the training-needs analysis. Joined
in urls.py under the 'learning' namespace."""

from django.urls import path

from abdi.learning.views import plans as views

urlpatterns = [
    path("learning/plans/", views.my_plan, name="my_plan"),
    path("learning/plans/team/", views.team_plans, name="team_plans"),
    path("learning/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("learning/plans/employee/<str:nip>/", views.employee_plan, name="employee_plan"),
    path("learning/plans/employee/<str:nip>/start/", views.plan_start_for, name="plan_start_for"),
    path("learning/plans/<int:pk>/propose/", views.plan_propose, name="plan_propose"),
    path("learning/plans/<int:pk>/items/new/", views.plan_item_create, name="plan_item_create"),
    path("learning/plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("learning/plans/<int:pk>/agree/", views.plan_agree, name="plan_agree"),
    path("learning/plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("learning/plan-items/<int:pk>/edit/", views.plan_item_edit, name="plan_item_edit"),
    path("learning/plan-items/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("learning/plan-items/<int:pk>/status/", views.plan_item_status, name="plan_item_status"),
    path("learning/training-needs/", views.tna, name="tna"),
    path("learning/training-needs/xlsx/", views.tna_export, name="tna_export"),
]
