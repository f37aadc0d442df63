"""Pages of the talent app, by sub-feature."""

from django.urls import path

from abdi.talent.views import changes, placement, projects, review, succession

app_name = "talent"

urlpatterns = [
    # the talent map
    path("talent/", placement.talent_map, name="map"),
    path("talent/box/", placement.box_people, name="box_people"),
    path("talent/compute/", placement.compute, name="compute"),
    path("talent/thresholds/", placement.thresholds, name="thresholds"),
    path("talent/me/", placement.my_talent, name="my_talent"),
    path("talent/employees/<str:nip>/", placement.employee_talent, name="employee_talent"),
    path("talent/changes/", changes.talent_changes, name="changes"),
    # talent review
    path("talent/reviews/", review.reviews, name="reviews"),
    path("talent/reviews/new/", review.review_new, name="review_new"),
    path("talent/reviews/<int:pk>/", review.review_detail, name="review_detail"),
    path("talent/reviews/<int:pk>/adjust/", review.review_adjust, name="review_adjust"),
    # critical positions and succession
    path("talent/critical/", succession.critical_list, name="critical_list"),
    path("talent/critical/add/", succession.critical_add, name="critical_add"),
    path("talent/critical/<int:pk>/", succession.critical_detail, name="critical_detail"),
    path("talent/critical/<int:pk>/successors/", succession.successor_new, name="successor_new"),
    path(
        "talent/critical/<int:pk>/appointments/",
        succession.appointment_new,
        name="appointment_new",
    ),
    path("talent/successors/<int:pk>/end/", succession.successor_end, name="successor_end"),
    path("talent/successors/<int:pk>/actions/", succession.action_new, name="action_new"),
    # change projects
    path("talent/projects/", projects.projects, name="projects"),
    path("talent/projects/new/", projects.project_new, name="project_new"),
    path("talent/projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("talent/projects/<int:pk>/milestones/", projects.milestone_new, name="milestone_new"),
    path("talent/projects/<int:pk>/state/", projects.project_state, name="project_state"),
    path("talent/milestones/<int:pk>/report/", projects.milestone_report, name="milestone_report"),
    path(
        "talent/milestones/<int:pk>/confirm/", projects.milestone_confirm, name="milestone_confirm"
    ),
    path(
        "talent/milestones/<int:pk>/evidence/",
        projects.milestone_evidence,
        name="milestone_evidence",
    ),
    # public gallery (no login)
    path("inovasi/", projects.gallery, name="gallery"),
    path("inovasi/<int:pk>/", projects.gallery_detail, name="gallery_detail"),
]
