"""Every URL pattern × every role: allowed, login redirect, 401/403 or 404 — as the table says.

The table below is the one place that says who may open what (docs/decisions/0004-permissions.md).
A URL pattern that is not in it fails `test_every_url_pattern_is_in_the_matrix`, so a new view
cannot forget its permission check.

Policy: a record outside the user's scope is a 404 (pages and API alike); a page or action the user
may not use at all — or may not use on a record they can see — is a 403; an anonymous visitor is
sent to the login page (pages) or gets 401/403 (API).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from abdi.employees.models import CorrectionRequest, ImportJob
from abdi.org.models import OrgUnit

ROLES = (
    "anonymous",
    "nobody",
    "employee",
    "supervisor",
    "operator",
    "leader",
    "auditor",
    "admin",
    "superuser",
    # The public-voice roles: the agency's complaint coordinator, the complaint liaison of OPD A
    # and the service admin of OPD A (their own pages are tested in abdi/feedback/tests).
    "coordinator",
    "liaison",
    "service_admin",
)
LOGGED_IN = frozenset(ROLES[1:])
WITH_RECORD = frozenset({"employee", "supervisor"})  # logins that are an employee
EDITORS = frozenset({"operator", "admin", "superuser"})  # create/edit/import personnel data
ORG_ADMINS = frozenset({"admin", "superuser"})  # change the organisation
AUDITORS = frozenset({"auditor", "admin", "superuser"})
AGENCY_WIDE = frozenset({"leader", "auditor", "admin", "superuser"})
# Who can see the persona 'employee' (in the operator's OPD, below the supervisor) ...
SEES_EMPLOYEE = frozenset({"employee", "supervisor", "operator"}) | AGENCY_WIDE
# ... and the persona 'outsider' (another OPD).
SEES_OUTSIDER = AGENCY_WIDE
# A correction request filed by 'employee': corrections_visible_to.
SEES_CORRECTION = frozenset({"employee", "operator", "auditor", "admin", "superuser"})

# Performance (issue 3): who watches teams and units, who calibrates the Bidang, who sees the
# employee's draft evaluation (everyone who sees the SKP except the employee).
PERF_WATCHERS = frozenset({"supervisor", "leader", "admin", "superuser"})
PERF_CALIBRATORS = frozenset({"supervisor", "admin", "superuser"})
SEES_DRAFT_EVALUATION = SEES_EMPLOYEE - {"employee"}
# The SKP cycle's own actors: the persona 'employee' owns the SKP, 'supervisor' appraises it.
SKP_OWNER = frozenset({"employee"})
SKP_APPRAISER = frozenset({"supervisor"})

# Not walked: Django admin (its own staff checks), static files, the language switch and the
# public API schema and docs.
SKIPPED_PREFIXES = ("admin/", "static/", "media/")
# api-not-found: the JSON 404 for any unmatched /api/ path (tests/api/test_api_contract.py).
SKIPPED_NAMES = {"set_language", "api-schema", "api-docs", "api-redoc", "api-not-found"}


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    target: str = ""  # which object fills the URL's parameters (see url_kwargs)
    visible: frozenset[str] | None = None  # roles in whose scope the object is; others get 404
    denied: str = "403"  # what a role that sees the object (or page) but may not act gets
    method: str = "get"
    data: dict = field(default_factory=dict)
    api: bool = False
    # The exact status an allowed role gets (see ok_status for the default), and exceptions per
    # role (e.g. a page that redirects the roles it does not concern).
    ok: int | None = None
    ok_for: dict = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return "anonymous" in self.allowed


PUBLIC = frozenset(ROLES)
# Surveys: leaders read; the service admin of OPD A manages the surveys of its services.
# The auditor (inspektorat) reads everything, agency-wide, and acts on nothing (ADR 0060).
SURVEY_READERS = frozenset({"leader", "auditor", "admin", "superuser", "service_admin"})
SURVEY_MANAGERS = frozenset({"admin", "superuser", "service_admin"})
SERVICE_ADMINS = SURVEY_MANAGERS
# Complaints: the coordinator handles every report (as does the superuser); BKPSDM admins read
# them; a liaison has an inbox of the reports dispatched to their units (none here: 404).
COMPLAINT_HANDLERS = frozenset({"superuser", "coordinator"})
SEES_COMPLAINT = ORG_ADMINS | COMPLAINT_HANDLERS | {"auditor"}

# (url name, variant) -> expectation. The variant tells cases of one URL apart.
MATRIX: dict[tuple[str, str], Case] = {
    # --- core and accounts
    ("home", ""): Case(LOGGED_IN),
    ("landing", ""): Case(LOGGED_IN, ok=302),  # redirects: home, or the dashboard for leaders
    ("tasks", ""): Case(LOGGED_IN),  # "Tugas saya": each user's own pending work
    ("core:healthz", ""): Case(PUBLIC),
    # The notification centre: each user's own notifications (another's is a 404).
    ("core:notifications", ""): Case(LOGGED_IN),
    ("core:notifications_read_all", ""): Case(LOGGED_IN, method="post"),
    ("core:notification_open", ""): Case(
        frozenset({"employee"}), "notification", frozenset({"employee"}), method="post"
    ),
    ("accounts:login", ""): Case(
        PUBLIC, ok=302, ok_for={"anonymous": 200}
    ),  # signed-in users are redirected home
    ("accounts:logout", ""): Case(LOGGED_IN, ok=405),  # GET is 405 (logout is a POST): not a denial
    ("accounts:password_change", ""): Case(LOGGED_IN),
    # "Forgot password" (issue 14): public; an invalid link shows a page saying so.
    ("accounts:password_reset", ""): Case(PUBLIC),
    ("accounts:password_reset", "post"): Case(PUBLIC, method="post", data={"email": "x@x.id"}),
    ("accounts:password_reset_done", ""): Case(PUBLIC),
    ("accounts:password_reset_confirm", ""): Case(PUBLIC, "reset_link"),
    ("accounts:password_reset_complete", ""): Case(PUBLIC),
    # --- organisation: everyone reads, BKPSDM admins change
    ("org:tree", ""): Case(LOGGED_IN),
    ("org:unit_detail", ""): Case(LOGGED_IN, target="unit"),
    ("org:unit_create", ""): Case(ORG_ADMINS),
    ("org:unit_edit", ""): Case(ORG_ADMINS, target="unit"),
    ("org:unit_move", ""): Case(ORG_ADMINS, target="unit"),
    ("org:unit_close", ""): Case(ORG_ADMINS, target="unit"),
    ("org:positions", ""): Case(LOGGED_IN),
    ("org:unit_options", ""): Case(LOGGED_IN),  # the unit picker's search (names are public)
    ("org:position_options", ""): Case(LOGGED_IN),  # the position picker's search
    ("org:position_create", ""): Case(ORG_ADMINS),
    ("org:position_edit", ""): Case(ORG_ADMINS, target="position"),
    # --- employees: the list shows each role its own scope (nobody: an empty list)
    ("employees:list", ""): Case(LOGGED_IN),
    ("employees:export", ""): Case(LOGGED_IN, target="template"),  # the list's own scope
    ("employees:create", ""): Case(EDITORS),
    ("employees:detail", "in scope"): Case(SEES_EMPLOYEE, "employee", SEES_EMPLOYEE),
    ("employees:detail", "out of scope"): Case(SEES_OUTSIDER, "outsider", SEES_OUTSIDER),
    ("employees:edit", "in scope"): Case(EDITORS, "employee", SEES_EMPLOYEE),
    ("employees:edit", "out of scope"): Case(ORG_ADMINS, "outsider", SEES_OUTSIDER),
    ("employees:record_create", "in scope"): Case(EDITORS, "employee_record", SEES_EMPLOYEE),
    ("employees:record_create", "out of scope"): Case(ORG_ADMINS, "outsider_record", SEES_OUTSIDER),
    ("employees:history", "in scope"): Case(AUDITORS | {"operator"}, "employee", SEES_EMPLOYEE),
    ("employees:history", "out of scope"): Case(AUDITORS, "outsider", SEES_OUTSIDER),
    # "Profil saya" redirects to the own record; a login without one gets a page saying so.
    ("employees:me", ""): Case(LOGGED_IN, ok_for={"employee": 302, "supervisor": 302}),
    ("employees:org_chart", ""): Case(LOGGED_IN),
    ("employees:audit", ""): Case(AUDITORS),
    ("employees:personal_reads", ""): Case(AUDITORS),  # issue 14: the read log of personal data
    # --- import: operators (own OPD) and BKPSDM admins
    ("employees:import", ""): Case(EDITORS),
    ("employees:import_template", ""): Case(EDITORS, target="template"),
    ("employees:import_detail", ""): Case(EDITORS, "import", EDITORS),
    ("employees:import_progress", ""): Case(EDITORS, "import", EDITORS),
    ("employees:import_confirm", ""): Case(EDITORS, "import", EDITORS, method="post"),
    # --- corrections: employees ask, the operator in scope (or an admin) decides
    ("employees:corrections", ""): Case(LOGGED_IN),
    ("employees:correction_create", ""): Case(WITH_RECORD),
    ("employees:correction_detail", ""): Case(SEES_CORRECTION, "correction", SEES_CORRECTION),
    ("employees:correction_document", ""): Case(SEES_CORRECTION, "correction", SEES_CORRECTION),
    ("employees:correction_approve", ""): Case(
        EDITORS, "correction", SEES_CORRECTION, method="post"
    ),
    ("employees:correction_reject", ""): Case(
        EDITORS,
        "correction",
        SEES_CORRECTION,
        method="post",
        data={"reject-note": "Dokumen tidak terbaca."},
    ),
    # --- API (session login here; tokens work the same way)
    # The owner revokes their own token (by session here; by the token itself: abdi/accounts).
    ("api-token", "revoke"): Case(LOGGED_IN, method="delete", api=True, ok=204),
    ("api-token", "login"): Case(PUBLIC, method="post", api=True),  # 400: no password sent
    ("api-token", ""): Case(PUBLIC, api=True, ok=405),  # GET is 405: the endpoint is POST-only
    ("api-org-unit-list", ""): Case(LOGGED_IN, api=True),
    ("api-org-unit-list", "create"): Case(ORG_ADMINS, method="post", api=True),
    ("api-org-unit-detail", ""): Case(LOGGED_IN, target="unit", api=True),
    ("api-org-unit-move", ""): Case(ORG_ADMINS, target="unit", method="post", api=True),
    ("api-org-unit-close", ""): Case(ORG_ADMINS, target="unit", method="post", api=True),
    ("api-position-list", ""): Case(LOGGED_IN, api=True),
    ("api-position-list", "create"): Case(ORG_ADMINS, method="post", api=True),
    ("api-position-detail", ""): Case(LOGGED_IN, target="position", api=True),
    ("api-employee-list", ""): Case(LOGGED_IN, api=True),
    ("api-employee-list", "create"): Case(EDITORS, method="post", api=True),
    ("api-employee-detail", "in scope"): Case(SEES_EMPLOYEE, "employee", SEES_EMPLOYEE, api=True),
    ("api-employee-detail", "out of scope"): Case(
        SEES_OUTSIDER, "outsider", SEES_OUTSIDER, api=True
    ),
    ("api-employee-import", ""): Case(EDITORS, method="post", api=True, ok=415),
    ("api-nip", ""): Case(LOGGED_IN, target="nip", api=True),
    # --- complaints (issue 5): the coordinator (and the superuser) handle every report; BKPSDM
    # admins read them; the liaison of OPD A has an inbox, but the report here is not dispatched
    # to OPD A, so its pages are a 404 for them (dispatched reports: abdi/feedback/tests).
    ("feedback:inbox", ""): Case(SEES_COMPLAINT | {"liaison"}),
    ("feedback:lapor_import", ""): Case(COMPLAINT_HANDLERS),
    ("feedback:scorecard", ""): Case(
        frozenset({"leader", "auditor", "admin", "superuser", "coordinator"})
    ),
    ("feedback:complaint_detail", ""): Case(SEES_COMPLAINT, "complaint", SEES_COMPLAINT),
    ("feedback:complaint_act", ""): Case(
        COMPLAINT_HANDLERS,
        "complaint_act",
        SEES_COMPLAINT,
        method="post",
        data={"verify-note": "Lengkap."},
    ),
    ("feedback:attachment", ""): Case(SEES_COMPLAINT, "attachment", SEES_COMPLAINT),
    ("feedback:services", ""): Case(SERVICE_ADMINS | {"auditor"}),
    ("feedback:service_create", ""): Case(SERVICE_ADMINS),
    ("feedback:service_edit", ""): Case(SERVICE_ADMINS, "service"),
    ("public:complaint_form", ""): Case(PUBLIC),
    ("public:complaint_sent", ""): Case(PUBLIC, "code", ok=302),  # redirects to the tracking page
    ("public:track_form", ""): Case(PUBLIC),
    ("public:track_detail", ""): Case(PUBLIC, "code"),
    ("public:track_act", ""): Case(
        PUBLIC, "code_act", method="post", data={"message": "Tambahan keterangan."}
    ),
    # --- satisfaction surveys (issue 5): service admins of the unit and BKPSDM admins manage,
    # leaders read; the others do not see the survey (404). The survey here is of a service of
    # OPD A; another OPD's service admin: abdi/feedback/tests/test_surveys_web.py.
    ("feedback:surveys", ""): Case(SURVEY_READERS),
    ("feedback:survey_create", ""): Case(SURVEY_MANAGERS),
    ("feedback:survey_result", ""): Case(SURVEY_READERS, "survey", SURVEY_READERS),
    ("feedback:survey_edit", ""): Case(SURVEY_MANAGERS, "survey", SURVEY_READERS),
    ("feedback:survey_qr", ""): Case(SURVEY_READERS, "survey_qr", SURVEY_READERS),
    ("feedback:survey_report", ""): Case(SURVEY_READERS, "survey", SURVEY_READERS),
    ("feedback:paper_response", ""): Case(SURVEY_MANAGERS, "survey", SURVEY_READERS),
    ("feedback:paper_import", ""): Case(SURVEY_MANAGERS, "survey", SURVEY_READERS),
    # Excluding a burst of answers (issue 14): BKPSDM only; an empty POST is a message, not a 403.
    ("feedback:survey_exclude", ""): Case(ORG_ADMINS, "survey", SURVEY_READERS, method="post"),
    ("public:survey_form", ""): Case(PUBLIC, "survey_code"),
    ("public:survey_thanks", ""): Case(PUBLIC, "survey_code"),
    ("api-survey-list", ""): Case(SURVEY_READERS, api=True),
    ("api-survey-list", "create"): Case(SURVEY_MANAGERS, method="post", api=True),
    ("api-survey-responses", ""): Case(
        SURVEY_MANAGERS, "survey", SURVEY_READERS, method="post", api=True
    ),
    ("api-survey-result", ""): Case(SURVEY_READERS, "survey", SURVEY_READERS, api=True),
    ("api-public-survey-response", ""): Case(PUBLIC, "survey_code", method="post", api=True),
    ("api-public-complaint-create", ""): Case(PUBLIC, method="post", api=True),
    ("api-public-service-list", ""): Case(PUBLIC, api=True),
    ("api-service-list", ""): Case(SERVICE_ADMINS, api=True),
    ("api-public-complaint-track", ""): Case(PUBLIC, "code", api=True),
    ("api-complaint-list", ""): Case(SEES_COMPLAINT | {"liaison"}, api=True),
    ("api-complaint-detail", ""): Case(SEES_COMPLAINT, "complaint", SEES_COMPLAINT, api=True),
    ("api-complaint-action", ""): Case(
        COMPLAINT_HANDLERS,
        "complaint_act",
        SEES_COMPLAINT,
        method="post",
        data={"note": "Lengkap."},
        api=True,
        ok=200,
    ),
    # --- performance: monitoring, calibration, documents (issue 3). The supervisor persona
    # heads the Bidang (subunit_a): a unit head who watches and calibrates it; the leader is an
    # agency-wide pimpinan. The evaluation is a draft: the employee does not see it yet.
    ("performance:monitor", ""): Case(PERF_WATCHERS | {"auditor"}),
    ("performance:monitor_partial", ""): Case(PERF_WATCHERS | {"auditor"}),
    ("performance:unit_monitor", ""): Case(PERF_WATCHERS | {"auditor"}),
    ("performance:calibration", ""): Case(PERF_CALIBRATORS),
    ("performance:calibration_unit", ""): Case(PERF_CALIBRATORS, "perf_unit_period"),
    ("performance:unit_recap", ""): Case(PERF_CALIBRATORS, "perf_unit_period"),
    ("performance:raters", ""): Case(PERF_CALIBRATORS),
    ("performance:evaluation_adjust", ""): Case(
        PERF_CALIBRATORS, "perf_evaluation", SEES_DRAFT_EVALUATION, method="post"
    ),
    ("performance:skp_pdf", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE),
    ("performance:evaluation_pdf", ""): Case(
        SEES_DRAFT_EVALUATION, "perf_evaluation", SEES_DRAFT_EVALUATION
    ),
    ("api-skp-create", ""): Case(LOGGED_IN, method="post", api=True),  # {} is a 400
    ("api-skp-detail", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE, api=True),
    ("api-skp-work-results", ""): Case(
        frozenset({"employee"}), "perf_skp", SEES_EMPLOYEE, method="post", api=True
    ),
    ("api-work-result-indicators", ""): Case(
        frozenset({"employee"}), "perf_work_result", SEES_EMPLOYEE, method="post", api=True
    ),
    # Submitting an approved SKP: the owner gets a 400 (let through), the others 403.
    ("api-skp-transition", ""): Case(
        frozenset({"employee"}), "perf_skp_submit", SEES_EMPLOYEE, method="post", api=True
    ),
    ("api-skp-evaluations", ""): Case(
        frozenset({"supervisor"}), "perf_skp", SEES_EMPLOYEE, method="post", api=True
    ),
    # The rest of the SKP cycle over the API (issue 14): lists as the pages scope them; the
    # appraiser writes expectations on the draft; the owner records activities and realisations.
    ("api-skp-create", "list"): Case(LOGGED_IN, api=True),
    ("api-behaviour-values", ""): Case(LOGGED_IN, api=True),
    ("api-skp-expectations", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE, api=True),
    ("api-skp-expectations", "put"): Case(
        SKP_APPRAISER,
        "perf_draft",
        SEES_EMPLOYEE,
        method="put",
        data={"expectations": [{"behaviour_value": 1, "expectation": "Ramah."}]},
        api=True,
        ok=200,
    ),
    ("api-skp-cascade", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE, api=True),
    ("api-skp-activities", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE, api=True),
    ("api-skp-activities", "post"): Case(
        SKP_OWNER, "perf_skp", SEES_EMPLOYEE, method="post", api=True
    ),
    ("api-skp-realisations", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE, api=True),
    ("api-skp-realisations", "post"): Case(
        SKP_OWNER, "perf_skp", SEES_EMPLOYEE, method="post", api=True
    ),
    # Without ?period= a permitted user gets a 400 (let through).
    ("api-predikat-distribution", ""): Case(
        PERF_WATCHERS | {"auditor"}, "perf_unit", api=True, ok=400
    ),
    # --- performance: planning, execution and evaluation pages (issue 3). 'employee' owns the
    # approved SKP (v1) and its draft revision (v2); 'supervisor' appraises it; the released Q2
    # evaluation carries an objection that only head_a (the appraiser's superior) may decide.
    ("performance:dashboard", ""): Case(LOGGED_IN),
    ("performance:years", ""): Case(AUDITORS),
    ("performance:year_create", ""): Case(ORG_ADMINS),
    ("performance:year_detail", ""): Case(AUDITORS, "perf_year"),
    ("performance:org_predikat", ""): Case(ORG_ADMINS, "perf_year"),
    ("performance:skp_list", ""): Case(LOGGED_IN),
    ("performance:skp_create", ""): Case(WITH_RECORD),
    ("performance:skp_detail", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE),
    ("performance:work_result_create", ""): Case(SKP_OWNER, "perf_draft", SEES_EMPLOYEE),
    ("performance:work_result_edit", ""): Case(SKP_OWNER, "perf_draft_wr", SEES_EMPLOYEE),
    ("performance:work_result_delete", ""): Case(
        SKP_OWNER, "perf_draft_wr", SEES_EMPLOYEE, method="post"
    ),
    ("performance:indicator_create", ""): Case(SKP_OWNER, "perf_draft_wr", SEES_EMPLOYEE),
    ("performance:indicator_edit", ""): Case(SKP_OWNER, "perf_draft_ind", SEES_EMPLOYEE),
    ("performance:indicator_delete", ""): Case(
        SKP_OWNER, "perf_draft_ind", SEES_EMPLOYEE, method="post"
    ),
    ("performance:expectations", ""): Case(SKP_APPRAISER, "perf_draft", SEES_EMPLOYEE),
    ("performance:skp_submit", ""): Case(SKP_OWNER, "perf_draft", SEES_EMPLOYEE, method="post"),
    # Approving/returning an approved SKP: the appraiser gets the service's message (let
    # through), everyone else who sees it a 403.
    ("performance:skp_approve", ""): Case(SKP_APPRAISER, "perf_skp", SEES_EMPLOYEE, method="post"),
    ("performance:skp_approve_bulk", ""): Case(LOGGED_IN, method="post"),
    ("performance:skp_return", ""): Case(SKP_APPRAISER, "perf_skp", SEES_EMPLOYEE, method="post"),
    ("performance:skp_revise", ""): Case(SKP_OWNER, "perf_skp", SEES_EMPLOYEE, method="post"),
    ("performance:inbox", ""): Case(LOGGED_IN),
    ("performance:notifications", ""): Case(LOGGED_IN),
    ("performance:activities", ""): Case(SEES_EMPLOYEE, "perf_skp", SEES_EMPLOYEE),
    ("performance:activity_evidence", ""): Case(SEES_EMPLOYEE, "perf_activity", SEES_EMPLOYEE),
    ("performance:realisations", ""): Case(SEES_EMPLOYEE, "perf_skp_period", SEES_EMPLOYEE),
    ("performance:realisation_evidence", ""): Case(
        SEES_EMPLOYEE, "perf_realisation", SEES_EMPLOYEE
    ),
    ("performance:feedback", ""): Case(SKP_APPRAISER, "perf_skp", SEES_EMPLOYEE),
    ("performance:evaluate", ""): Case(SKP_APPRAISER, "perf_skp_period", SEES_EMPLOYEE),
    ("performance:evaluation_detail", "released"): Case(
        SEES_EMPLOYEE, "perf_released", SEES_EMPLOYEE
    ),
    ("performance:evaluation_detail", "draft"): Case(
        SEES_DRAFT_EVALUATION, "perf_evaluation", SEES_DRAFT_EVALUATION
    ),
    ("performance:evaluation_release", ""): Case(
        PERF_CALIBRATORS, "perf_evaluation", SEES_DRAFT_EVALUATION, method="post"
    ),
    ("performance:evaluation_acknowledge", ""): Case(
        SKP_OWNER, "perf_released", SEES_EMPLOYEE, method="post"
    ),
    ("performance:objection_file", ""): Case(
        SKP_OWNER, "perf_released", SEES_EMPLOYEE, method="post"
    ),
    ("performance:objection_decide", ""): Case(frozenset(), "perf_objection", SEES_EMPLOYEE),
}

# --- competency (issue 4): BKPSDM admins keep the dictionary, standards and assessments; gaps are
# seen by whoever sees the employee; the unit heat-map by admins and pimpinan.
HEATMAP_VIEWERS = frozenset({"leader", "auditor", "admin", "superuser"})
MATRIX.update(
    {
        ("competency:dictionary", ""): Case(LOGGED_IN),
        ("competency:detail", ""): Case(LOGGED_IN, "competency"),
        ("competency:position_standard", ""): Case(ORG_ADMINS, "position"),
        ("competency:assessment_create", ""): Case(ORG_ADMINS, "employee", SEES_EMPLOYEE),
        ("competency:assessment_import", ""): Case(ORG_ADMINS),
        ("competency:employee_gaps", "in scope"): Case(SEES_EMPLOYEE, "employee", SEES_EMPLOYEE),
        ("competency:employee_gaps", "out of scope"): Case(
            SEES_OUTSIDER, "outsider", SEES_OUTSIDER
        ),
        ("competency:heatmap_home", ""): Case(HEATMAP_VIEWERS, ok=302),
        ("competency:unit_heatmap", ""): Case(HEATMAP_VIEWERS, "unit"),
        ("api-competency-list", ""): Case(LOGGED_IN, api=True),
        ("api-position-standard", ""): Case(LOGGED_IN, "position", api=True),
        ("api-position-standard", "put"): Case(
            ORG_ADMINS, "position", method="put", data={"levels": {}}, api=True
        ),
        ("api-employee-competency-gaps", "in scope"): Case(
            SEES_EMPLOYEE, "employee", SEES_EMPLOYEE, api=True
        ),
        ("api-employee-competency-gaps", "out of scope"): Case(
            SEES_OUTSIDER, "outsider", SEES_OUTSIDER, api=True
        ),
    }
)

# --- learning (issue 4). Targets named "learn_*" come from `abdi.learning.testing`'s world:
# LEARNING_TARGETS maps each to the URL kwargs. Each area keeps its rows in its own block.
LEARNING_TARGETS = {
    "learn_programme": lambda w: {"pk": w.programme.pk},
    "learn_session": lambda w: {"pk": w.session.pk},
    "learn_pending": lambda w: {"pk": w.pending.pk},
    "learn_completed": lambda w: {"pk": w.completed.pk},
    "learn_certificate_code": lambda w: {"code": w.certificate.code},
    "learn_certificate": lambda w: {"pk": w.certificate.pk},
    "learn_course": lambda w: {"pk": w.course.pk},
    "learn_module": lambda w: {"pk": w.module.pk},
    "learn_quiz": lambda w: {"pk": w.quiz.pk},
    "learn_enrolment": lambda w: {"pk": w.enrolment.pk},
    "learn_plan": lambda w: {"pk": w.plan.pk},
    "learn_plan_item": lambda w: {"pk": w.plan_item.pk},
    "learn_external": lambda w: {"pk": w.external.pk},
    "learn_employee": lambda w: {"nip": w.enrolment.employee.nip},
    "learn_unit": lambda w: {"pk": OrgUnit.objects.get_parent(w.enrolment.employee.org_unit).pk},
}
# [learning: catalogue]
LEARNING_TARGETS.update(
    {
        "learn_provider": lambda w: {"pk": w.provider.pk},
        # the world's e-learning programme, switched off (update() returns 1 row: truthy)
        "learn_inactive_programme": lambda w: (
            type(w.elearning_programme)
            .objects.filter(pk=w.elearning_programme.pk)
            .update(is_active=False)
            and {"pk": w.elearning_programme.pk}
        ),
    }
)
MATRIX.update(
    {
        ("learning:catalogue", ""): Case(LOGGED_IN),
        ("learning:programme_detail", ""): Case(LOGGED_IN, "learn_programme"),
        ("learning:programme_detail", "inactive"): Case(
            ORG_ADMINS, "learn_inactive_programme", ORG_ADMINS
        ),
        ("learning:programme_create", ""): Case(ORG_ADMINS),
        ("learning:programme_create", "post"): Case(ORG_ADMINS, method="post", ok=400),
        ("learning:programme_edit", ""): Case(ORG_ADMINS, "learn_programme"),
        ("learning:programme_edit", "post"): Case(
            ORG_ADMINS, "learn_programme", method="post", ok=400
        ),
        ("learning:programme_admin_list", ""): Case(ORG_ADMINS),
        ("learning:session_create", ""): Case(ORG_ADMINS, "learn_programme"),
        ("learning:session_create", "post"): Case(
            ORG_ADMINS, "learn_programme", method="post", ok=400
        ),
        ("learning:session_edit", ""): Case(ORG_ADMINS, "learn_session"),
        ("learning:session_edit", "post"): Case(ORG_ADMINS, "learn_session", method="post", ok=400),
        ("learning:session_admin_list", ""): Case(ORG_ADMINS),
        ("learning:provider_list", ""): Case(ORG_ADMINS),
        ("learning:provider_create", ""): Case(ORG_ADMINS),
        ("learning:provider_create", "post"): Case(ORG_ADMINS, method="post", ok=400),
        ("learning:provider_edit", ""): Case(ORG_ADMINS, "learn_provider"),
        ("learning:provider_edit", "post"): Case(
            ORG_ADMINS, "learn_provider", method="post", ok=400
        ),
    }
)
# [/learning: catalogue]
# [learning: registration]
# A registration is seen by its employee, the superiors, BKPSDM and auditors/pimpinan in scope
# (not operators); the supervisor approves, BKPSDM confirms and records the outcome.
SEES_REGISTRATION = frozenset({"employee", "supervisor"}) | AGENCY_WIDE
REG_MANAGERS = ORG_ADMINS
MATRIX.update(
    {
        ("learning:session_detail", ""): Case(LOGGED_IN, "learn_session"),
        ("learning:register", ""): Case(WITH_RECORD, "learn_session", method="post"),
        ("learning:nominate", ""): Case(
            frozenset({"supervisor"}) | REG_MANAGERS, "learn_session", method="post"
        ),
        ("learning:session_roster", ""): Case(REG_MANAGERS, "learn_session"),
        ("learning:attendance", ""): Case(REG_MANAGERS, "learn_session", method="post"),
        ("learning:session_cancel", ""): Case(REG_MANAGERS, "learn_session", method="post"),
        ("learning:my_registrations", ""): Case(LOGGED_IN),
        ("learning:approvals", ""): Case(frozenset({"supervisor"})),
        ("learning:approvals_bulk", ""): Case(frozenset({"supervisor"}), method="post"),
        ("learning:confirmations", ""): Case(REG_MANAGERS),
        ("learning:registration_detail", ""): Case(
            SEES_REGISTRATION, "learn_pending", SEES_REGISTRATION
        ),
        ("learning:registration_approve", ""): Case(
            frozenset({"supervisor"}), "learn_pending", SEES_REGISTRATION, method="post"
        ),
        ("learning:registration_reject", ""): Case(
            frozenset({"supervisor"}) | REG_MANAGERS,
            "learn_pending",
            SEES_REGISTRATION,
            method="post",
        ),
        ("learning:registration_cancel", ""): Case(
            frozenset({"employee", "supervisor"}) | REG_MANAGERS,
            "learn_pending",
            SEES_REGISTRATION,
            method="post",
        ),
        ("learning:registration_confirm", ""): Case(
            REG_MANAGERS, "learn_pending", SEES_REGISTRATION, method="post"
        ),
        ("learning:registration_scores", ""): Case(
            REG_MANAGERS, "learn_pending", SEES_REGISTRATION, method="post"
        ),
        ("learning:registration_complete", ""): Case(
            REG_MANAGERS, "learn_pending", SEES_REGISTRATION, method="post"
        ),
        ("learning:reaction_survey", ""): Case(
            frozenset({"employee"}), "learn_completed", SEES_REGISTRATION
        ),
        ("api-session-registrations", ""): Case(
            WITH_RECORD,
            "learn_session",
            method="post",
            data={"motivation": "x"},
            api=True,
            ok_for={"supervisor": 201},
        ),
        ("api-registration-list", ""): Case(LOGGED_IN, api=True),
        ("api-registration-detail", ""): Case(
            SEES_REGISTRATION, "learn_pending", SEES_REGISTRATION, api=True
        ),
        ("api-registration-approve", ""): Case(
            frozenset({"supervisor"}),
            "learn_pending",
            SEES_REGISTRATION,
            method="post",
            api=True,
            ok=200,
        ),
        ("api-registration-reject", ""): Case(
            frozenset({"supervisor"}) | REG_MANAGERS,
            "learn_pending",
            SEES_REGISTRATION,
            method="post",
            data={"reason": "x"},
            api=True,
            ok=200,
        ),
        ("api-registration-confirm", ""): Case(
            REG_MANAGERS, "learn_pending", SEES_REGISTRATION, method="post", api=True
        ),
        ("api-registration-cancel", ""): Case(
            frozenset({"employee", "supervisor"}) | REG_MANAGERS,
            "learn_pending",
            SEES_REGISTRATION,
            method="post",
            api=True,
            ok=200,
        ),
        ("api-registration-complete", ""): Case(
            REG_MANAGERS,
            "learn_pending",
            SEES_REGISTRATION,
            method="post",
            data={"passed": True},
            api=True,
        ),
    }
)
# [/learning: registration]
# [learning: certificates and JP]
# The certificate PDF and external files: the employee, superiors, BKPSDM admins (others 404).
LEARN_DOCS = frozenset({"employee", "supervisor", "admin", "superuser"})
LEARN_JP_DASHBOARD = frozenset(
    {"supervisor", "operator", "leader", "auditor", "admin", "superuser"}
)
MATRIX.update(
    {
        ("learning:verify_form", ""): Case(PUBLIC),
        ("learning:certificate_verify", ""): Case(PUBLIC, "learn_certificate_code"),
        ("api-certificate-verify", ""): Case(PUBLIC, "learn_certificate_code", api=True),
        ("learning:my_certificates", ""): Case(LOGGED_IN),
        ("learning:certificate_pdf", ""): Case(LEARN_DOCS, "learn_certificate", LEARN_DOCS),
        ("learning:certificate_revoke", ""): Case(ORG_ADMINS, "learn_certificate", LEARN_DOCS),
        ("learning:my_jp", ""): Case(LOGGED_IN),
        ("learning:employee_jp", ""): Case(SEES_EMPLOYEE, "learn_employee", SEES_EMPLOYEE),
        ("api-employee-jp", ""): Case(SEES_EMPLOYEE, "learn_employee", SEES_EMPLOYEE, api=True),
        ("learning:jp_dashboard", ""): Case(LEARN_JP_DASHBOARD),
        ("learning:jp_dashboard_export", ""): Case(LEARN_JP_DASHBOARD),
        ("learning:external_list", ""): Case(LOGGED_IN),
        ("learning:external_create", ""): Case(WITH_RECORD),
        ("learning:external_detail", ""): Case(LEARN_DOCS, "learn_external", LEARN_DOCS),
        ("learning:external_file", ""): Case(LEARN_DOCS, "learn_external", LEARN_DOCS),
        ("learning:external_decide", ""): Case(
            ORG_ADMINS, "learn_external", LEARN_DOCS, method="post", data={"decision": "verify"}
        ),
        ("learning:completion_confirmations", ""): Case(frozenset({"supervisor"})),
        ("learning:completion_confirm", ""): Case(
            frozenset({"supervisor"}), "learn_completed", frozenset({"supervisor"}), method="post"
        ),
        ("learning:enrolment_completion_confirm", ""): Case(
            frozenset({"supervisor"}), "learn_enrolment", frozenset({"supervisor"}), method="post"
        ),
    }
)
# [/learning: certificates and JP]
# [learning: e-learning]
# Learners are logins with an employee record; BKPSDM admins author and preview. An unpublished
# course is a 404 to everyone else; a quiz attempt is its learner's alone (404 for all others).
ELEARNERS = WITH_RECORD | ORG_ADMINS  # browse courses: learners, and admins to preview
ATTEMPT_OWNER = frozenset({"employee"})


def _elearning_attempt(w):
    from abdi.learning.models import QuizAttempt

    layout = [{"question": w.question.pk, "choices": [c.pk for c in w.question.choices.all()]}]
    attempt = QuizAttempt.objects.create(
        enrolment=w.enrolment,
        quiz=w.quiz,
        number=1,
        layout=layout,
        started_at=dt.datetime.now(dt.UTC),
    )
    return {"pk": attempt.pk}


def _elearning_draft_module(w):
    from abdi.learning.models import Course, Module
    from abdi.learning.testing import make_programme

    programme = make_programme(
        code="UJI-EL-DRAF", title="Draf", provider=w.provider, mode="elearning"
    )
    course = Course.objects.create(programme=programme)
    module = Module.objects.create(course=course, order=1, title="Draf", kind="text", body="x")
    return {"pk": module.pk, "course": course.pk}


def _elearning_pdf_module(w):
    from django.core.files.base import ContentFile

    from abdi.learning.models import Module
    from abdi.learning.testing import TINY_PDF

    module = Module(course=w.course, order=3, title="PDF", kind="pdf")
    module.file.save("materi.pdf", ContentFile(TINY_PDF), save=True)
    return {"pk": module.pk}


LEARNING_TARGETS.update(
    {
        "learn_attempt": _elearning_attempt,
        "learn_draft_course": lambda w: {"pk": _elearning_draft_module(w)["course"]},
        "learn_draft_module": lambda w: {"pk": _elearning_draft_module(w)["pk"]},
        "learn_pdf_module": _elearning_pdf_module,
        "learn_quiz_module": lambda w: {"pk": w.quiz_module.pk},
        "learn_question": lambda w: {"pk": w.question.pk},
        "learn_elearning_programme": lambda w: {"pk": w.elearning_programme.pk},
    }
)
MATRIX.update(
    {
        ("learning:courses", ""): Case(ELEARNERS),
        ("learning:course_detail", "published"): Case(ELEARNERS, "learn_course"),
        ("learning:course_detail", "unpublished"): Case(
            ORG_ADMINS, "learn_draft_course", ORG_ADMINS
        ),
        ("learning:course_enrol", ""): Case(WITH_RECORD, "learn_course", method="post"),
        # 'supervisor' is not enrolled: sent to the course page (let through)
        ("learning:module", "published"): Case(
            ELEARNERS, "learn_module", ok_for={"supervisor": 302}
        ),
        ("learning:module", "unpublished"): Case(ORG_ADMINS, "learn_draft_module", ORG_ADMINS),
        ("learning:module_file", ""): Case(ORG_ADMINS | {"employee"}, "learn_pdf_module"),
        ("learning:module_complete", ""): Case(WITH_RECORD, "learn_module", method="post"),
        ("learning:quiz_start", ""): Case(WITH_RECORD, "learn_quiz_module", method="post"),
        ("learning:quiz_attempt", ""): Case(ATTEMPT_OWNER, "learn_attempt", ATTEMPT_OWNER),
        ("learning:quiz_answer", ""): Case(
            ATTEMPT_OWNER, "learn_attempt", ATTEMPT_OWNER, method="post"
        ),
        ("learning:quiz_submit", ""): Case(
            ATTEMPT_OWNER, "learn_attempt", ATTEMPT_OWNER, method="post"
        ),
        ("learning:course_admin_list", ""): Case(ORG_ADMINS),
        ("learning:course_create", ""): Case(ORG_ADMINS, "learn_elearning_programme", ok=302),
        ("learning:course_manage", ""): Case(ORG_ADMINS, "learn_course"),
        ("learning:course_publish", ""): Case(ORG_ADMINS, "learn_course", method="post"),
        ("learning:module_create", ""): Case(ORG_ADMINS, "learn_course"),
        ("learning:module_edit", ""): Case(ORG_ADMINS, "learn_module"),
        ("learning:module_move", ""): Case(ORG_ADMINS, "learn_module", method="post"),
        ("learning:module_delete", ""): Case(ORG_ADMINS, "learn_module", method="post"),
        ("learning:quiz_create", ""): Case(ORG_ADMINS, "learn_course"),
        ("learning:quiz_edit", ""): Case(ORG_ADMINS, "learn_quiz"),
        ("learning:question_create", ""): Case(ORG_ADMINS, "learn_quiz"),
        ("learning:question_edit", ""): Case(ORG_ADMINS, "learn_question"),
    }
)
# [/learning: e-learning]
# [learning: plans and training-needs analysis]
# A plan is seen by whoever sees its employee; the employee and the superiors work on it, the
# employee submits, a superior agrees or returns (anyone else: 404); the training-needs analysis
# is for BKPSDM admins and pimpinan (as the heat-map).
PLAN_EDITORS = frozenset({"employee", "supervisor"})
PLAN_DECIDERS = frozenset({"supervisor"})
MATRIX.update(
    {
        ("learning:my_plan", ""): Case(LOGGED_IN),  # without an employee record: a page saying so
        ("learning:team_plans", ""): Case(PLAN_DECIDERS),
        ("learning:plan_detail", ""): Case(SEES_EMPLOYEE, "learn_plan", SEES_EMPLOYEE),
        ("learning:plan_propose", ""): Case(
            PLAN_EDITORS, "learn_plan", SEES_EMPLOYEE, method="post"
        ),
        ("learning:plan_item_create", ""): Case(PLAN_EDITORS, "learn_plan", SEES_EMPLOYEE),
        ("learning:plan_item_create", "post"): Case(
            PLAN_EDITORS, "learn_plan", SEES_EMPLOYEE, method="post", ok=200
        ),
        ("learning:plan_item_edit", ""): Case(PLAN_EDITORS, "learn_plan_item", SEES_EMPLOYEE),
        ("learning:plan_item_edit", "post"): Case(
            PLAN_EDITORS, "learn_plan_item", SEES_EMPLOYEE, method="post", ok=200
        ),
        ("learning:plan_item_delete", ""): Case(
            PLAN_EDITORS, "learn_plan_item", SEES_EMPLOYEE, method="post"
        ),
        ("learning:plan_item_status", ""): Case(
            PLAN_EDITORS, "learn_plan_item", SEES_EMPLOYEE, method="post", data={"status": "done"}
        ),
        ("learning:plan_submit", ""): Case(
            frozenset({"employee"}), "learn_plan", SEES_EMPLOYEE, method="post"
        ),
        ("learning:plan_agree", ""): Case(
            PLAN_DECIDERS, "learn_plan", PLAN_DECIDERS, method="post"
        ),
        ("learning:plan_return", ""): Case(
            PLAN_DECIDERS, "learn_plan", PLAN_DECIDERS, method="post", data={"note": "Ubah."}
        ),
        ("learning:tna", ""): Case(HEATMAP_VIEWERS),
        ("learning:tna_export", ""): Case(HEATMAP_VIEWERS),
    }
)
# [/learning: plans and training-needs analysis]
# [learning: catalogue and e-learning API]
# The catalogue reads as the catalogue page (everyone signed in; an inactive programme is the
# admins' alone); courses as the course page; enrolments are the caller's own (none: empty list).
MATRIX.update(
    {
        ("api-training-programme-list", ""): Case(LOGGED_IN, api=True),
        ("api-training-programme-detail", ""): Case(LOGGED_IN, "learn_programme", api=True),
        ("api-training-programme-detail", "inactive"): Case(
            ORG_ADMINS, "learn_inactive_programme", ORG_ADMINS, api=True
        ),
        ("api-training-session-list", ""): Case(LOGGED_IN, api=True),
        ("api-elearning-course-list", ""): Case(ELEARNERS, api=True),
        ("api-elearning-enrolment-list", ""): Case(LOGGED_IN, api=True),
    }
)
# [/learning: catalogue and e-learning API]
# [learning: supervisor starts a plan; extra quiz attempts]
# The employee's plan page follows who sees the employee (the employee is sent to their own
# page); only a superior starts a subordinate's plan (anyone else: 404).
MATRIX.update(
    {
        ("learning:employee_plan", ""): Case(
            SEES_EMPLOYEE, "learn_employee", SEES_EMPLOYEE, ok=302
        ),
        ("learning:plan_start_for", ""): Case(
            PLAN_DECIDERS,
            "learn_employee",
            PLAN_DECIDERS,
            method="post",
            data={"year": dt.date.today().year},
        ),
        # BKPSDM admins manage courses: the learners' page and extra attempts (others: 403)
        ("learning:course_learners", ""): Case(ORG_ADMINS, "learn_course"),
        ("learning:attempt_grant", ""): Case(ORG_ADMINS, "learn_enrolment"),
        ("learning:attempt_grant", "post"): Case(
            ORG_ADMINS, "learn_enrolment", method="post", ok=200
        ),
    }
)
# [/learning: supervisor starts a plan; extra quiz attempts]

# [talent]
# Talent data is personal (docs/decisions/0016-talent.md): the map for BKPSDM admins, leaders and
# operators (their OPD); succession for BKPSDM admins and leaders; BKPSDM admins compute, keep
# thresholds, record reviews and succession plans; an employee opens only their own talent page;
# supervisors, auditors and colleagues see nothing (404 on a person, 403 on a page).
TALENT_VIEWERS = frozenset({"operator", "leader", "admin", "superuser"})
TALENT_SEES_EMPLOYEE = TALENT_VIEWERS | {"employee"}
SUCCESSION_VIEWERS = frozenset({"leader", "admin", "superuser"})
PROJECT_SEES = frozenset({"employee", "supervisor", "operator", "leader", "admin", "superuser"})
PROJECT_EDITORS = frozenset({"employee", "admin", "superuser"})
MATRIX.update(
    {
        ("talent:map", ""): Case(TALENT_VIEWERS),
        ("talent:box_people", ""): Case(TALENT_VIEWERS),
        ("talent:compute", ""): Case(ORG_ADMINS, method="post"),
        ("talent:thresholds", ""): Case(ORG_ADMINS),
        ("talent:my_talent", ""): Case(LOGGED_IN),
        ("talent:employee_talent", "in scope"): Case(
            TALENT_SEES_EMPLOYEE, "talent_employee", TALENT_SEES_EMPLOYEE
        ),
        ("talent:employee_talent", "out of scope"): Case(
            SUCCESSION_VIEWERS, "talent_outsider", SUCCESSION_VIEWERS
        ),
        ("talent:reviews", ""): Case(ORG_ADMINS),
        ("talent:review_new", ""): Case(ORG_ADMINS),
        ("talent:review_detail", ""): Case(ORG_ADMINS, "talent_review"),
        ("talent:review_adjust", ""): Case(ORG_ADMINS, "talent_review", method="post"),
        ("talent:critical_list", ""): Case(SUCCESSION_VIEWERS),
        ("talent:critical_add", ""): Case(ORG_ADMINS, method="post"),
        ("talent:critical_detail", ""): Case(
            SUCCESSION_VIEWERS, "talent_position", SUCCESSION_VIEWERS
        ),
        ("talent:successor_new", ""): Case(
            ORG_ADMINS, "talent_position", SUCCESSION_VIEWERS, method="post"
        ),
        ("talent:appointment_new", ""): Case(
            ORG_ADMINS, "talent_position", SUCCESSION_VIEWERS, method="post"
        ),
        ("talent:successor_end", ""): Case(
            ORG_ADMINS, "talent_successor", SUCCESSION_VIEWERS, method="post"
        ),
        ("talent:action_new", ""): Case(
            ORG_ADMINS, "talent_successor", SUCCESSION_VIEWERS, method="post"
        ),
        ("api-talent-placement-list", ""): Case(TALENT_VIEWERS, api=True),
        ("api-employee-talent", "in scope"): Case(
            TALENT_SEES_EMPLOYEE, "talent_employee", TALENT_SEES_EMPLOYEE, api=True
        ),
        ("api-employee-talent", "out of scope"): Case(
            SUCCESSION_VIEWERS, "talent_outsider", SUCCESSION_VIEWERS, api=True
        ),
        ("api-critical-position-list", ""): Case(SUCCESSION_VIEWERS, api=True),
        # change projects: the participant ('employee'), the mentor ('supervisor'), operators
        # and leaders in scope, BKPSDM; only the mentor confirms; the gallery is public.
        ("talent:projects", ""): Case(PROJECT_SEES),  # not for complaint/service/audit roles
        ("talent:project_new", ""): Case(WITH_RECORD),
        ("talent:project_detail", ""): Case(PROJECT_SEES, "talent_project", PROJECT_SEES),
        ("talent:milestone_new", ""): Case(
            PROJECT_EDITORS, "talent_project", PROJECT_SEES, method="post"
        ),
        ("talent:project_state", ""): Case(
            ORG_ADMINS, "talent_project", PROJECT_SEES, method="post"
        ),
        ("talent:milestone_report", ""): Case(
            PROJECT_EDITORS, "talent_milestone", PROJECT_SEES, method="post"
        ),
        ("talent:milestone_confirm", ""): Case(
            frozenset({"supervisor"}), "talent_milestone", PROJECT_SEES, method="post"
        ),
        ("talent:milestone_evidence", ""): Case(PROJECT_SEES, "talent_milestone", PROJECT_SEES),
        ("talent:changes", ""): Case(SUCCESSION_VIEWERS),
        ("talent:gallery", ""): Case(PUBLIC),
        ("talent:gallery_detail", ""): Case(PUBLIC, "talent_published"),
        ("api-change-project-list", ""): Case(LOGGED_IN, api=True),
    }
)
# [/talent]
# [careers: selection]
# A JPT selection in scoring (announced: every signed-in user sees it) with the persona
# 'supervisor' as applicant. BKPSDM runs it; auditors read all; an application is seen by its
# applicant, the panel (not a persona role) and agency-wide readers; others get 404.
SEL_ADMINS = ORG_ADMINS
SEL_READERS = AUDITORS
SEES_APPLICATION = frozenset({"supervisor"}) | SEL_READERS


def selection_targets(p) -> dict:
    from abdi.careers.testing_selection import build_selection_world

    w = build_selection_world(p, scoring=True)
    app = w.application
    stage = w.selection.stages.get(kind="interview")
    return {
        "sel": {"pk": w.selection.pk},
        "sel_action": {"pk": w.selection.pk, "action": "next_stage"},
        "sel_app": {"pk": app.pk},
        "sel_doc": {"pk": app.pk, "doc_pk": app.documents.first().pk},
        "sel_score": {"pk": app.pk, "stage_pk": stage.pk},
        "sel_nip": {"nip": p.employee.nip},
        "sel_outsider_nip": {"nip": p.outsider.nip},
        "sel_test_token": {"token": _written_test_link(p, w)},
    }


def _written_test_link(p, w) -> str:
    """A live one-time written-test link (the page needs no login: the link is the key). Made
    directly on the application for the matrix; the real flow is in
    abdi/careers/tests/test_written_test_link.py."""
    from django.utils import timezone

    from abdi.careers.models import WrittenTestSitting
    from abdi.careers.services.selection.written_test import token_hash

    token = "matrix-" + "x" * 36
    WrittenTestSitting.objects.create(
        application=w.application,
        stage=w.selection.stages.get(kind="written_test"),
        token_hash=token_hash(token),
        expires_at=timezone.now() + dt.timedelta(days=1),
        issued_by=p.admin,
        issued_at=timezone.now(),
    )
    return token


MATRIX.update(
    {
        ("careers:public_selections", ""): Case(PUBLIC),
        ("careers:public_selection", ""): Case(PUBLIC, "sel"),
        ("careers:my_selections", ""): Case(LOGGED_IN),
        ("careers:apply", ""): Case(WITH_RECORD, "sel"),
        ("careers:application_detail", ""): Case(SEES_APPLICATION, "sel_app", SEES_APPLICATION),
        ("careers:application_withdraw", ""): Case(
            frozenset({"supervisor"}), "sel_app", SEES_APPLICATION, method="post"
        ),
        ("careers:objection_file", ""): Case(
            frozenset({"supervisor"}), "sel_app", SEES_APPLICATION, method="post"
        ),
        ("careers:application_document", ""): Case(SEES_APPLICATION, "sel_doc", SEES_APPLICATION),
        ("careers:selection_list", ""): Case(LOGGED_IN),
        ("careers:selection_create", ""): Case(SEL_ADMINS),
        ("careers:selection_create", "post"): Case(SEL_ADMINS, method="post", ok=200),
        ("careers:selection_detail", ""): Case(LOGGED_IN, "sel"),
        ("careers:selection_edit", ""): Case(SEL_ADMINS, "sel"),
        ("careers:selection_stages", ""): Case(SEL_ADMINS, "sel"),
        ("careers:selection_requirements", ""): Case(SEL_ADMINS, "sel"),
        ("careers:selection_panel", ""): Case(SEL_ADMINS, "sel"),
        ("careers:selection_action", ""): Case(SEL_ADMINS, "sel_action", method="post"),
        ("careers:register_applicant", ""): Case(SEL_ADMINS, "sel"),
        ("careers:selection_pool", ""): Case(SEL_ADMINS, "sel"),
        ("careers:ranking", ""): Case(SEL_READERS, "sel"),
        ("careers:selection_pdf", ""): Case(SEL_READERS, "sel"),
        ("careers:administrative_result", ""): Case(
            SEL_ADMINS, "sel_app", SEES_APPLICATION, method="post"
        ),
        ("careers:eligibility_override", ""): Case(
            SEL_ADMINS, "sel_app", SEES_APPLICATION, method="post"
        ),
        ("careers:objection_decide", ""): Case(
            SEL_ADMINS, "sel_app", SEES_APPLICATION, method="post"
        ),
        ("careers:appoint", ""): Case(SEL_ADMINS, "sel_app", SEES_APPLICATION, method="post"),
        ("careers:panel_home", ""): Case(LOGGED_IN),
        # panel members only (no persona role is one): others who see the application get 403
        ("careers:conflict_declare", ""): Case(
            frozenset(), "sel_app", SEES_APPLICATION, method="post"
        ),
        ("careers:score", ""): Case(frozenset(), "sel_score", SEES_APPLICATION),
        ("careers:track_record", ""): Case(SEL_ADMINS, "sel_app", SEES_APPLICATION, method="post"),
        # an external applicant's written-test link: BKPSDM issues it (for this employee's
        # application it is refused with a message, back to the application: 302)
        ("careers:written_test_link", ""): Case(
            SEL_ADMINS, "sel_app", SEES_APPLICATION, method="post"
        ),
        # the link's page, without login: the link is the key (an unknown one is a 404, see
        # abdi/careers/tests/test_written_test_link.py)
        ("careers:written_test", ""): Case(PUBLIC, "sel_test_token"),
        # API
        ("api-selection-list", ""): Case(LOGGED_IN, api=True),
        ("api-selection-public-list", ""): Case(PUBLIC, api=True),
        ("api-selection-public-results", ""): Case(PUBLIC, "sel", api=True),
        ("api-selection-detail", ""): Case(LOGGED_IN, "sel", api=True),
        ("api-selection-applications", ""): Case(LOGGED_IN, "sel", api=True),
        ("api-selection-ranking", ""): Case(SEL_READERS, "sel", api=True),
        # the employee's eligibility: whoever sees the employee (the query names no selection:
        # a structured 400, past the scope check)
        ("api-employee-eligibility", "in scope"): Case(
            SEES_EMPLOYEE, "sel_nip", SEES_EMPLOYEE, api=True, ok=400
        ),
        ("api-employee-eligibility", "out of scope"): Case(
            SEES_OUTSIDER, "sel_outsider_nip", SEES_OUTSIDER, api=True, ok=400
        ),
    }
)
# [/careers: selection]
# [insights]
# Leadership insights (issue 12): the dashboard, unit indices and reports are for BKPSDM admins
# and pimpinan (a leader scoped to an OPD sees its subtree); an employee's IP ASN follows who sees
# the employee; BKPSDM admins ask for a recompute.
INSIGHT_VIEWERS = frozenset({"leader", "auditor", "admin", "superuser"})
REPORT_VIEWERS = frozenset({"leader", "operator", "admin", "superuser"})
MERIT_READERS = INSIGHT_VIEWERS


def _insights_export(p):
    from django.core.files.base import ContentFile

    from abdi.insights.models import ReportExport

    export = ReportExport.objects.create(
        kind="duk", org_unit=p.unit_a, requested_by=p.admin, status="done"
    )
    export.file.save("duk.xlsx", ContentFile(b"PK"), save=True)
    return {"pk": export.pk}


def _insights_merit(p, status="draft"):
    from abdi.insights.models import MeritAnswer
    from abdi.insights.services.merit import merit_start

    assessment = merit_start(actor=p.admin, year=2025)
    if status != "draft":
        type(assessment).objects.filter(pk=assessment.pk).update(status=status)
    answer = MeritAnswer.objects.filter(assessment=assessment).first()
    return {"year": 2025, "pk": answer.pk}


def _insights_programme(p) -> dict:
    import datetime as dt

    from abdi.insights.services import programmes as ps

    programme = ps.programme_save(
        actor=p.admin, name="Program uji", org_unit=p.unit_a, start_year=2025, end_year=2026
    )
    indicator = ps.indicator_add(actor=p.admin, programme=programme, name="Indikator uji")
    rec = ps.recommendation_add(
        actor=p.admin,
        programme=programme,
        text="Rekomendasi uji",
        owner=p.head_a.user,
        due_on=dt.date(2025, 6, 30),
    )
    return {"programme": programme.pk, "indicator": indicator.pk, "recommendation": rec.pk}


def _insights_engagement(p) -> dict:
    from abdi.insights.services.engagement import engagement_open

    return {"year": engagement_open(actor=p.admin, year=2025).year}


INSIGHTS_TARGETS = {
    "insights_engagement": _insights_engagement,
    "insights_programme": lambda p: {"pk": _insights_programme(p)["programme"]},
    "insights_indicator": lambda p: {"pk": _insights_programme(p)["indicator"]},
    "insights_recommendation": lambda p: {"pk": _insights_programme(p)["recommendation"]},
    "insights_unit": lambda p: {"pk": p.unit_a.pk},
    "insights_merit": lambda p: {"year": _insights_merit(p)["year"]},
    "insights_merit_submitted": lambda p: {"year": _insights_merit(p, "submitted")["year"]},
    "insights_merit_answer": lambda p: {"pk": _insights_merit(p)["pk"]},
    "insights_report": lambda p: {"kind": "duk"},
    "insights_export": _insights_export,
}
MATRIX.update(
    {
        ("insights:dashboard", ""): Case(INSIGHT_VIEWERS),
        ("insights:dashboard_xlsx", ""): Case(INSIGHT_VIEWERS, ok=302),
        ("insights:dashboard_pdf", ""): Case(INSIGHT_VIEWERS, ok=302),
        ("insights:dashboard_recount", ""): Case(ORG_ADMINS, method="post", data={"year": "2025"}),
        ("insights:ip_asn", ""): Case(INSIGHT_VIEWERS),
        ("insights:my_ip_asn", ""): Case(LOGGED_IN, ok_for={"employee": 302, "supervisor": 302}),
        ("insights:ip_asn_recompute", ""): Case(ORG_ADMINS, method="post", data={"year": "2025"}),
        ("insights:employee_ip_asn", "in scope"): Case(SEES_EMPLOYEE, "employee", SEES_EMPLOYEE),
        ("insights:employee_ip_asn", "out of scope"): Case(
            SEES_OUTSIDER, "outsider", SEES_OUTSIDER
        ),
        ("api-employee-ip-asn", "in scope"): Case(
            SEES_EMPLOYEE, "employee", SEES_EMPLOYEE, api=True
        ),
        ("api-employee-ip-asn", "out of scope"): Case(
            SEES_OUTSIDER, "outsider", SEES_OUTSIDER, api=True
        ),
        ("api-ip-asn-list", ""): Case(LOGGED_IN, api=True),
        ("api-insights-summary", ""): Case(INSIGHT_VIEWERS, api=True),
        # Standard reports: BKPSDM admins, pimpinan and operators (their OPD); an export is
        # its requester's alone (others: 404).
        # Merit self-assessment: BKPSDM fills it in, an auditor verifies, pimpinan read.
        ("insights:merit", ""): Case(MERIT_READERS),
        ("insights:merit_start", ""): Case(ORG_ADMINS, method="post", data={"year": "2025"}),
        ("insights:merit_detail", ""): Case(MERIT_READERS, "insights_merit"),
        ("insights:merit_answer", ""): Case(
            ORG_ADMINS, "insights_merit_answer", method="post", data={"score": "0.5"}
        ),
        ("insights:merit_pdf", ""): Case(MERIT_READERS, "insights_merit"),
        ("insights:merit_submit", ""): Case(ORG_ADMINS, "insights_merit", method="post"),
        ("insights:merit_verify", ""): Case(
            frozenset({"auditor", "superuser"}),
            "insights_merit_submitted",
            method="post",
            data={"decision": "approve"},
        ),
        # Engagement survey: employees answer (once, anonymously); BKPSDM opens and closes;
        # the merit readers see the results.
        ("insights:engagement", ""): Case(WITH_RECORD | MERIT_READERS),
        ("insights:engagement_answer", ""): Case(WITH_RECORD, method="post"),
        ("insights:engagement_open", ""): Case(ORG_ADMINS, method="post", data={"year": "2025"}),
        ("insights:engagement_result", ""): Case(MERIT_READERS, "insights_engagement"),
        ("insights:engagement_close", ""): Case(ORG_ADMINS, "insights_engagement", method="post"),
        ("api-merit-list", ""): Case(MERIT_READERS, api=True),
        ("api-merit-detail", ""): Case(MERIT_READERS, "insights_merit", api=True),
        # Policy M&E: BKPSDM records; pimpinan and auditors read; an owner of a recommendation
        # follows it up (the persona head_a here, no login of the matrix).
        ("insights:programmes", ""): Case(AGENCY_WIDE),
        ("insights:programme_create", ""): Case(ORG_ADMINS, method="post"),
        ("insights:programme_detail", ""): Case(AGENCY_WIDE, "insights_programme", AGENCY_WIDE),
        ("insights:programme_pdf", ""): Case(AGENCY_WIDE, "insights_programme", AGENCY_WIDE),
        ("insights:indicator_add", ""): Case(
            ORG_ADMINS, "insights_programme", AGENCY_WIDE, method="post"
        ),
        ("insights:programme_measure", ""): Case(
            ORG_ADMINS, "insights_programme", AGENCY_WIDE, method="post"
        ),
        ("insights:programme_budget", ""): Case(
            ORG_ADMINS, "insights_programme", AGENCY_WIDE, method="post"
        ),
        ("insights:finding_add", ""): Case(
            ORG_ADMINS, "insights_programme", AGENCY_WIDE, method="post"
        ),
        ("insights:recommendation_add", ""): Case(
            ORG_ADMINS, "insights_programme", AGENCY_WIDE, method="post"
        ),
        ("insights:indicator_target", ""): Case(
            ORG_ADMINS, "insights_indicator", AGENCY_WIDE, method="post"
        ),
        ("insights:indicator_value", ""): Case(
            ORG_ADMINS, "insights_indicator", AGENCY_WIDE, method="post"
        ),
        ("insights:recommendation_follow_up", ""): Case(
            ORG_ADMINS, "insights_recommendation", AGENCY_WIDE, method="post"
        ),
        ("api-programme-list", ""): Case(AGENCY_WIDE, api=True),
        ("api-programme-detail", ""): Case(
            AGENCY_WIDE, "insights_programme", AGENCY_WIDE, api=True
        ),
        # The unit service composite: pimpinan and BKPSDM (and scorecard readers) over their units.
        # The service score is also shown to whoever reads the complaints scorecard.
        ("insights:service_score", ""): Case(INSIGHT_VIEWERS | {"coordinator"}, "insights_unit"),
        ("api-org-unit-service-score", ""): Case(
            INSIGHT_VIEWERS | {"coordinator"}, "insights_unit", api=True
        ),
        ("insights:reports", ""): Case(REPORT_VIEWERS),
        ("api-report-duk", ""): Case(REPORT_VIEWERS, api=True),
        ("insights:report", ""): Case(REPORT_VIEWERS, "insights_report"),
        ("insights:report_export", ""): Case(
            REPORT_VIEWERS, "insights_report", method="post", ok=200
        ),
        ("insights:report_pdf", ""): Case(REPORT_VIEWERS, "insights_report"),
        ("insights:export_detail", ""): Case(
            frozenset({"admin"}), "insights_export", frozenset({"admin"})
        ),
        ("insights:export_download", ""): Case(
            frozenset({"admin"}), "insights_export", frozenset({"admin"})
        ),
    }
)
# [/insights]
# [careers: proposals, mutations, workforce]
# Targets named "career_*" come from `abdi.careers.testing_proposals`'s world. Due lists,
# proposals and workforce needs: operators (their OPD), leaders, auditors, BKPSDM. Proposals are
# decided by BKPSDM only; a batch of the Dinkes operator is not the leader's (no operator role).
CAREER_TARGETS = {
    "career_batch": lambda w: {"pk": w.batch.pk},
    "career_proposal": lambda w: {"pk": w.proposal.pk},
    "career_proposal_act": lambda w: {"pk": w.proposal.pk, "action": "verify"},
    "career_transfer": lambda w: {"pk": w.transfer.pk},
    "career_approved_transfer": lambda w: {"pk": w.approved_transfer.pk},
    "career_plan": lambda w: {"pk": w.plan.pk},
    "career_plan_act": lambda w: {"pk": w.plan.pk, "action": "check"},
    "career_move": lambda w: {"pk": w.move.pk},
}
DUE_VIEWERS = frozenset({"operator", "leader", "auditor", "admin", "superuser"})
PROPOSERS = EDITORS
SEES_PROPOSAL = frozenset({"operator", "auditor", "admin", "superuser"})
# The employee's transfer request (home: Dinkes, destination: Disdik) ...
SEES_TRANSFER = frozenset({"employee", "operator", "auditor", "admin", "superuser"})
# ... and the colleague's (the colleague is no role of the walk).
SEES_COLLEAGUE_TRANSFER = frozenset({"operator", "auditor", "admin", "superuser"})
ROTATION_READERS = AUDITORS
MATRIX.update(
    {
        ("careers:due_list", ""): Case(DUE_VIEWERS),
        ("careers:proposals", ""): Case(DUE_VIEWERS),
        ("careers:batch_create", ""): Case(PROPOSERS, method="post"),
        ("careers:batch_detail", ""): Case(SEES_PROPOSAL, "career_batch", SEES_PROPOSAL),
        ("careers:batch_export", ""): Case(SEES_PROPOSAL, "career_batch", SEES_PROPOSAL),
        ("careers:proposal_detail", ""): Case(SEES_PROPOSAL, "career_proposal", SEES_PROPOSAL),
        ("careers:proposal_action", ""): Case(
            ORG_ADMINS, "career_proposal_act", SEES_PROPOSAL, method="post", ok=400
        ),
        ("careers:transfers", ""): Case(LOGGED_IN),
        ("careers:transfer_create", ""): Case(WITH_RECORD),
        ("careers:transfer_detail", ""): Case(SEES_TRANSFER, "career_transfer", SEES_TRANSFER),
        ("careers:transfer_document", ""): Case(SEES_TRANSFER, "career_transfer", SEES_TRANSFER),
        ("careers:transfer_decide", ""): Case(
            EDITORS, "career_transfer", SEES_TRANSFER, method="post", ok=400
        ),
        ("careers:transfer_decree", ""): Case(
            ORG_ADMINS, "career_approved_transfer", SEES_COLLEAGUE_TRANSFER, method="post", ok=400
        ),
        ("careers:transfer_withdraw", ""): Case(
            frozenset({"employee"}), "career_transfer", SEES_TRANSFER, method="post"
        ),
        ("careers:rotations", ""): Case(ROTATION_READERS),
        ("careers:rotation_detail", ""): Case(ROTATION_READERS, "career_plan", ROTATION_READERS),
        ("careers:rotation_move_add", ""): Case(
            ORG_ADMINS, "career_plan", ROTATION_READERS, method="post", ok=400
        ),
        ("careers:rotation_move_remove", ""): Case(
            ORG_ADMINS, "career_move", ROTATION_READERS, method="post"
        ),
        ("careers:rotation_action", ""): Case(
            ORG_ADMINS, "career_plan_act", ROTATION_READERS, method="post"
        ),
        ("careers:workforce", ""): Case(DUE_VIEWERS),
        ("careers:workforce_export", ""): Case(DUE_VIEWERS),
        ("api-career-due", ""): Case(DUE_VIEWERS, api=True, ok=400),
        ("api-proposal-list", ""): Case(DUE_VIEWERS, api=True),
        ("api-proposal-list", "create"): Case(PROPOSERS, method="post", api=True),
        ("api-proposal-detail", ""): Case(
            SEES_PROPOSAL, "career_proposal", SEES_PROPOSAL, api=True
        ),
        # The BKPSDM steps of a proposal: {} is a 400 for BKPSDM, a 403 for whoever sees it.
        **{
            (f"api-proposal-{step}", ""): Case(
                ORG_ADMINS, "career_proposal", SEES_PROPOSAL, method="post", api=True
            )
            for step in ("verify", "technical-approval", "decree", "refuse")
        },
        ("api-mutation-decide", ""): Case(
            EDITORS, "career_transfer", SEES_TRANSFER, method="post", api=True
        ),
        ("api-mutation-decree", ""): Case(
            ORG_ADMINS,
            "career_approved_transfer",
            SEES_COLLEAGUE_TRANSFER,
            method="post",
            api=True,
        ),
        ("api-mutation-list", ""): Case(LOGGED_IN, api=True),
        ("api-mutation-detail", ""): Case(
            SEES_TRANSFER, "career_transfer", SEES_TRANSFER, api=True
        ),
        ("api-rotation-plan-detail", ""): Case(
            ROTATION_READERS, "career_plan", ROTATION_READERS, api=True
        ),
    }
)
# [/careers: proposals, mutations, workforce]

# Views whose owners have not delivered yet: (url name, variant) -> reason. Keep this short.
PENDING: dict[tuple[str, str], str] = {}


def walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield prefix + str(entry.pattern), name


def walked_names() -> dict[str, str]:
    names = {}
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name in SKIPPED_NAMES:
            continue
        names[name or route] = route
    return names


def test_every_url_pattern_is_in_the_matrix():
    routes = walked_names()
    missing = sorted(
        f"{name}  ({route})"
        for name, route in routes.items()
        if not any(key[0] == name for key in MATRIX)
    )
    assert not missing, "URL patterns without an entry in the permission matrix:\n" + "\n".join(
        missing
    )
    stale = sorted({key[0] for key in MATRIX} - set(walked_names()))
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


def test_every_pattern_is_unnamed_never():
    unnamed = [route for route, name in walk(get_resolver().url_patterns) if not name]
    unnamed = [r for r in unnamed if not r.startswith(SKIPPED_PREFIXES)]
    assert not unnamed, f"give these URL patterns a name: {unnamed}"


# --- the walk -------------------------------------------------------------------------------------


def make_objects(p) -> dict:
    job = ImportJob.objects.create(
        file="imports/matrix.csv",
        original_name="matrix.csv",
        status="done",
        created_by=p.operator,
        scope_unit=p.unit_a,
    )
    correction = CorrectionRequest.objects.create(
        employee=p.employee,
        field_name="phone",
        current_value=p.employee.phone,
        requested_value="081298765432",
        reason="Nomor lama tidak aktif.",
        document=SimpleUploadedFile("matrix.pdf", b"%PDF-1.4\n%%EOF\n"),
        submitted_by=p.employee.user,
    )
    from abdi.feedback.models import PublicService
    from abdi.feedback.services import complaints as complaint_services

    service = PublicService.objects.create(org_unit=p.unit_a, name="Layanan Matriks")
    complaint = complaint_services.complaint_submit(
        data=complaint_services.ComplaintInput(
            kind="complaint",
            title="Matriks",
            description="Uji izin.",
            service=service,
            attachments=[SimpleUploadedFile("m.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
    )
    code = complaint.tracking_code
    from abdi.feedback.models import SatisfactionSurvey

    survey = SatisfactionSurvey.objects.create(
        service=service,
        code="matrixsurvey",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        population=100,
        created_by=p.admin,
    )
    from abdi.competency.models import Competency
    from abdi.core.models import Notification

    notification = Notification.objects.create(
        user=p.employee.user, verb="test", message="Uji", url="/"
    )
    return {
        "": {},
        "notification": {"pk": notification.pk},
        "competency": {"pk": Competency.objects.order_by("pk").first().pk},
        "survey": {"pk": survey.pk},
        "survey_qr": {"pk": survey.pk, "fmt": "svg"},
        "survey_code": {"code": survey.code},
        "complaint": {"pk": complaint.pk},
        "complaint_act": {"pk": complaint.pk, "action": "verify"},
        "attachment": {"pk": complaint.pk, "attachment_pk": complaint.attachments.get().pk},
        "service": {"pk": service.pk},
        "code": {"code": code},
        "code_act": {"code": code, "action": "reply"},
        "unit": {"pk": p.unit_a.pk},
        "position": {"pk": p.staff_position.pk},
        "employee": {"nip": p.employee.nip},
        "outsider": {"nip": p.outsider.nip},
        "employee_record": {"nip": p.employee.nip, "kind": "rank"},
        "outsider_record": {"nip": p.outsider.nip, "kind": "rank"},
        "template": {"fmt": "csv"},
        "import": {"pk": job.pk},
        "correction": {"pk": correction.pk},
        "nip": {"value": p.employee.nip},
        "reset_link": {"uidb64": "MQ", "token": "set-password"},
    }


def make_performance_objects(p) -> dict:
    """The approved SKP chain of the personas and a draft evaluation of the employee's SKP."""
    from abdi.performance import services as performance_services
    from abdi.performance.testing import approved_skp_chain, period

    chain = approved_skp_chain(p)
    evaluation = performance_services.evaluation_create(
        actor=p.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q1"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    # Planning and evaluation pages: a released Q2 evaluation with an objection, an activity and
    # a realisation with evidence, and a draft revision (v2) of the employee's SKP.
    released = performance_services.evaluation_create(
        actor=p.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q2"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    performance_services.evaluation_release(actor=p.supervisor.user, evaluation=released)
    objection = performance_services.objection_file(
        actor=p.employee.user, evaluation=released, reason="Uji matriks."
    )
    result = chain.employee.work_results.first()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    activity = performance_services.activity_log(
        actor=p.employee.user,
        skp=chain.employee,
        work_result=result,
        date=dt.date(2026, 2, 10),
        description="Uji matriks",
        evidence=SimpleUploadedFile("bukti.pdf", pdf),
    )
    realisation = performance_services.realisation_submit(
        actor=p.employee.user,
        indicator=result.indicators.first(),
        period=period("2026-Q1"),
        value=3,
        evidence=SimpleUploadedFile("realisasi.pdf", pdf),
    )
    draft = performance_services.skp_revise(actor=p.employee.user, skp=chain.employee)
    draft_result = draft.work_results.first()
    return {
        "perf_year": {"year": 2026},
        "perf_skp_period": {"pk": chain.employee.pk, "period": "2026-Q3"},
        "perf_draft": {"pk": draft.pk},
        "perf_draft_wr": {"pk": draft_result.pk},
        "perf_draft_ind": {"pk": draft_result.indicators.first().pk},
        "perf_activity": {"pk": activity.pk},
        "perf_realisation": {"pk": realisation.pk},
        "perf_released": {"pk": released.pk},
        "perf_objection": {"pk": objection.pk},
        "perf_skp": {"pk": chain.employee.pk},
        "perf_skp_submit": {"pk": chain.employee.pk, "action": "submit"},
        "perf_work_result": {"pk": chain.employee.work_results.first().pk},
        "perf_evaluation": {"pk": evaluation.pk},
        "perf_unit": {"pk": p.subunit_a.pk},
        "perf_unit_period": {"unit": p.subunit_a.pk, "period": "2026-Q1"},
    }


def expected(case: Case, role: str) -> str:
    if role == "anonymous" and not case.public:
        return "401/403" if case.api else "login"
    if role in case.allowed:
        return "allowed"
    if case.visible is not None and role not in case.visible:
        return "404"
    return case.denied


def ok_status(case: Case, role: str) -> int:
    """What an allowed role gets: a page 200 (GET) or a redirect after the POST (302); the API 200
    (GET) or 400 for a write whose empty or sample body the service refuses — unless the row says
    otherwise."""
    if role in case.ok_for:
        return case.ok_for[role]
    if case.ok is not None:
        return case.ok
    if case.method == "get":
        return 200
    return 400 if case.api else 302


def observed(response, case: Case) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308) and "/accounts/login/" in response.get("Location", ""):
        return "login"
    if status == 404:
        return "404"
    if status in (401, 403):
        return str(status)
    if status >= 500:
        return f"{status} error"
    # 2xx, a redirect elsewhere, 400 (an empty form posted), 405 (wrong method): the check let
    # the user through.
    return "allowed"


def agrees(want: str, got: str) -> bool:
    if want == "401/403":
        return got in ("401", "403")
    return want == got


FEEDBACK_ROLES = {
    "coordinator": ("koordinator", "complaint_coordinator", None),
    "liaison": ("penghubung_dinkes", "complaint_liaison", "unit_a"),
    "service_admin": ("admin_layanan_dinkes", "service_admin", "unit_a"),
}


def add_feedback_roles(p) -> dict:
    from django.contrib.auth.models import Group

    from abdi.accounts.models import RoleAssignment
    from abdi.testing import make_user

    users = {}
    for role, (username, assigned, unit) in FEEDBACK_ROLES.items():
        user = make_user(username)
        RoleAssignment.objects.create(
            user=user, role=assigned, org_unit=getattr(p, unit) if unit else None
        )
        user.groups.add(Group.objects.get(name=assigned))
        users[role] = user
    return users


def login_of(p, role: str):
    return p.feedback_users[role] if role in FEEDBACK_ROLES else p.user(role)


def request_as(role: str, p, url: str, case: Case, method: str | None = None):
    method = method or case.method
    data = case.data if method == case.method else {}
    # One address per role, so that the public rate limits (per address) never decide a row.
    client = Client(REMOTE_ADDR=f"10.20.30.{ROLES.index(role) + 1}")
    if role != "anonymous":
        client.force_login(login_of(p, role))
    with transaction.atomic():  # a request that is let through changes nothing for the next role
        if method == "get":
            response = client.get(url, HTTP_ACCEPT="application/json" if case.api else "*/*")
        elif case.api:
            response = getattr(client, method)(
                url, json.dumps(data), content_type="application/json"
            )
        elif method == "post":
            response = client.post(url, data)
        else:
            response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def accepted_methods(url: str) -> list[str]:
    """The methods the view behind the URL has a handler for (a function view: GET and POST)."""
    func = resolve(url).func
    actions = getattr(func, "actions", None)  # a DRF viewset route: method -> action
    if actions:  # (DRF adds HEAD beside GET itself)
        return [m for m in ("get", "post", "put", "patch", "delete") if m in actions]
    cls = getattr(func, "view_class", None) or getattr(func, "cls", None)
    if cls is None:
        return ["get", "post"]
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]


def matrix_params():
    for key, case in MATRIX.items():
        marks = []
        if key in PENDING:
            marks.append(pytest.mark.xfail(strict=False, reason=PENDING[key]))
        yield pytest.param(key, case, id=f"{key[0]}[{key[1] or '-'}]", marks=marks)


def case_url(personas, key, case) -> str:
    if case.target.startswith("perf_"):
        kwargs = make_performance_objects(personas)[case.target]
    elif case.target.startswith("talent_"):
        from abdi.talent.testing import matrix_objects

        kwargs = matrix_objects(personas)[case.target]
    elif case.target.startswith("insights_"):
        kwargs = INSIGHTS_TARGETS[case.target](personas)
    elif case.target.startswith("career_"):
        from abdi.careers.testing_proposals import build_careers_world

        kwargs = CAREER_TARGETS[case.target](build_careers_world(personas))
    elif case.target.startswith("learn_"):
        from abdi.learning.testing import build_learning_world

        kwargs = LEARNING_TARGETS[case.target](build_learning_world(personas))
    elif case.target.startswith("sel_") or case.target == "sel":
        kwargs = selection_targets(personas)[case.target]
    else:
        kwargs = make_objects(personas)[case.target]
    return reverse(key[0], kwargs=kwargs)


def other_methods(key, case: Case, url: str) -> list[str]:
    """The methods the view accepts that no row of this URL covers."""
    covered = {c.method for k, c in MATRIX.items() if k[0] == key[0]}
    return [m for m in accepted_methods(url) if m not in covered]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "case"), list(matrix_params()))
def test_permission_matrix(personas, key, case):
    personas.feedback_users = add_feedback_roles(personas)
    url = case_url(personas, key, case)
    rows = []
    for role in ROLES:
        response = request_as(role, personas, url, case)
        want, got = expected(case, role), observed(response, case)
        if not agrees(want, got):
            rows.append(f"  {role:<13} expected {want:<8} got {got} ({response.status_code})")
        elif want == "allowed" and response.status_code != ok_status(case, role):
            rows.append(f"  {role:<13} expected {ok_status(case, role)} got {response.status_code}")
    # Every other method the view accepts: a role refused above is refused (or the method is
    # not allowed, 405) — a POST branch that skipped its check would let it through. An allowed
    # role may get anything but a server error.
    for method in other_methods(key, case, url):
        for role in ROLES:
            response = request_as(role, personas, url, case, method)
            want, got = expected(case, role), observed(response, case)
            if want == "allowed" or response.status_code == 405:
                if response.status_code >= 500:
                    rows.append(f"  {role:<13} {method.upper()} got {response.status_code}")
            elif not agrees(want, got):
                rows.append(
                    f"  {role:<13} {method.upper()} expected {want:<8} got {got} "
                    f"({response.status_code})"
                )
    assert not rows, f"{case.method.upper()} {url}\n" + "\n".join(rows)
