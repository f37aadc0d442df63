"""Merit-selection data of the demo province (issue 10), reached through the services:

- an open JPT Pratama selection at the interview stage: six applicants (one from another
  agency), a five-member panel (two internal) with one declared conflict; the written test an
  Abdi quiz from the e-learning question bank (careers_written_test), taken by every applicant
  five days ago and scored by the quiz engine; assessment scored, interviews partly scored;
- a finished internal Administrator selection: ranked, top three proposed, the first appointed
  (the position change written by decree);
- two selections open for applications: a Pengawas selection `pegawai` is eligible for, and a
  JPT selection `pegawai` is not eligible for (and sees why).

Panel logins pansel1–pansel5 share the demo password. Dates move with `today`; where a state
needs time to have passed (registration closed), the closing date is set in the past directly.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.accounts.models import User
from abdi.careers.models import Selection, SelectionStage
from abdi.careers.selectors import selection as selectors
from abdi.careers.services import selection as services
from abdi.core.models import EducationLevel, Rank
from abdi.demo.builders.careers_written_test import take_written_test, written_test_quiz
from abdi.employees.models import AnnualPredikat, Employee
from abdi.org.models import OrgUnit, Position

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCUMENTS = ["Surat lamaran", "Daftar riwayat hidup", "SKP dua tahun terakhir"]
PANEL = [
    ("pansel1", "Prof. Dr. Hendra Wijaya", "Universitas Jambi", False, "chair"),
    ("pansel2", "Dr. Sri Rahayu, M.Si.", "Lembaga Administrasi Negara", False, "member"),
    ("pansel3", "Drs. Bambang Sutrisno", "Sekretariat Daerah", True, "member"),
    ("pansel4", "Dr. Ir. Maria Ulfa", "Asesor SDM Aparatur", False, "member"),
    ("pansel5", "Ahmad Fauzi, S.H., M.H.", "Inspektorat Daerah", True, "secretary"),
]


PENGAWAS_REQUIREMENTS: list[tuple[str, dict[str, object]]] = [
    ("min_education", {"level": "SLTA"}),
    ("position_experience", {"kinds": ["pelaksana"], "years": 1}),
    ("predikat", {"years": 2, "minimum": "baik"}),
    ("no_discipline", {}),
]


def _docs2() -> dict:
    return {name: SimpleUploadedFile(f"{i}.pdf", PDF) for i, name in enumerate(DOCUMENTS[:2])}


def _docs() -> dict:
    return {name: SimpleUploadedFile(f"{i}.pdf", PDF) for i, name in enumerate(DOCUMENTS)}


def _good_record(employees, today: dt.date) -> None:
    """The last three annual predikat at least Baik (demo candidates). Sanctions are left as
    they are: a candidate with one in force is simply not eligible."""
    for e in employees:
        for year in range(today.year - 3, today.year):
            AnnualPredikat.objects.update_or_create(
                employee=e, year=year, defaults={"predikat": "baik", "source": "demo"}
            )


def _post(code: str, name: str, kind: str, unit: OrgUnit, grade: int) -> Position:
    """A vacant post to select for, in the position tree like any other: a JPT post reports to
    the top of the agency (Sekretaris Daerah), a lower post to the head of its unit. The unit
    keeps its own head position, so the post is not marked as the unit's head."""
    top = Position.objects.filter(reports_to__isnull=True).order_by("pk").first()
    head = Position.objects.filter(org_unit=unit, is_unit_head=True).order_by("pk").first() or top
    position, _created = Position.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "class_grade": grade,
            "org_unit": unit,
            "reports_to": top if kind.startswith("jpt") else head,
        },
    )
    return position


def _panel(password: str) -> tuple[list[User], list[services.PanelInput]]:
    inputs, users = [], []
    for username, name, institution, internal, role in PANEL:
        user = User.objects.filter(username=username).first()
        if user is None:
            if password not in _HASHES:
                _HASHES[password] = make_password(password)
            user = User.objects.create(
                username=username, password=_HASHES[password], first_name=name.split(",")[0]
            )
        users.append(user)
        inputs.append(
            services.PanelInput(
                user=user, name=name, institution=institution, is_internal=internal, role=role
            )
        )
    return users, inputs


def _eligible(selection: Selection, candidates, n: int, today: dt.date) -> list:
    chosen = []
    for e in candidates:
        _good_record([e], today)
        if selectors.employee_eligibility(e, selection).eligible:
            chosen.append(e)
        if len(chosen) == n:
            break
    return chosen


def _create(admin, *, title, kind, position, today, opens, closes, quiz=None) -> Selection:
    selection = services.selection_create(
        actor=admin,
        title=title,
        kind=kind,
        positions=[position],
        opens_on=today - dt.timedelta(days=opens),
        closes_on=today + dt.timedelta(days=closes),
        announcement=(
            "Dalam rangka pengisian jabatan secara terbuka dan kompetitif berdasarkan sistem "
            "merit, dibuka kesempatan bagi ASN yang memenuhi persyaratan. Pendaftaran melalui "
            "Abdi; seluruh tahapan tidak dipungut biaya."
        ),
        objection_days=3,
        required_documents=DOCUMENTS,
    )
    if quiz is not None:
        # The kind's stages and weights, the written test taken as the quiz: its window is
        # set first after registration closes (moved when the test is actually held).
        after = services.registration_ends_at(selection)
        services.stages_set(
            actor=admin,
            selection=selection,
            weights={s.kind: s.weight for s in selection.stages.all()},
            quiz=quiz,
            windows={"written_test": (after, after + dt.timedelta(hours=2))},
        )
    return services.selection_announce(actor=admin, selection=selection)


def _close(admin, selection: Selection, today: dt.date) -> Selection:
    Selection.objects.filter(pk=selection.pk).update(closes_on=today - dt.timedelta(days=7))
    selection.refresh_from_db()
    return services.selection_close(actor=admin, selection=selection)


def _score(users, application, stage, rng: random.Random, base: int, skip=()) -> None:
    for user in users:
        if user.pk in skip:
            continue
        value = Decimal(max(55, min(98, base + rng.randint(-6, 6))))
        services.score_submit(actor=user, application=application, stage=stage, value=value)


def seed_selection(*, seed: int, today: dt.date, users: dict, password: str) -> dict:
    """`today` is the demo's reference date for whom to pick; the selections themselves run on
    the real calendar (the services check registration windows against the real date)."""
    rng = random.Random(seed + 1010)
    pick_day, today = today, timezone.localdate()
    admin = users["admin"]
    top = OrgUnit.objects.filter(depth=1).first()
    if top is None:  # no organisation at all (its builder runs first)
        raise RuntimeError("The selection demo needs the organisation units.")
    region_units = list(OrgUnit.objects.filter(depth=2, kind="opd").order_by("code")[:4])
    unit_a = region_units[0] if region_units else top
    unit_b = region_units[1] if len(region_units) > 1 else top

    administrators = list(
        Employee.objects.filter(
            is_active=True,
            position__kind="administrator",
            position_effective_from__lte=pick_day - dt.timedelta(days=3 * 365),
            birth_date__gte=today - dt.timedelta(days=55 * 366),
            education_level__order__gte=7,
            user__isnull=True,
        ).order_by("nip")[:40]
    )
    pelaksana = list(
        Employee.objects.filter(
            is_active=True,
            position__kind="pelaksana",
            position_effective_from__lte=pick_day - dt.timedelta(days=3 * 365),
            user__isnull=True,
        ).order_by("nip")[:60]
    )
    panel_users, panel_inputs = _panel(password)

    # 1. Open JPT selection at the interview stage.
    jpt_post = _post(
        "DEMO-SEL-JPT",
        f"Kepala {unit_a.name}".replace("Kepala Dinas", "Kepala Dinas"),
        "jpt_pratama",
        unit_a,
        14,
    )
    jpt = _create(
        admin,
        title=f"Seleksi Terbuka JPT Pratama — {jpt_post.name}",
        kind="open_jpt",
        position=jpt_post,
        today=today,
        opens=40,
        closes=1,
        quiz=written_test_quiz(admin),
    )
    services.panel_set(actor=admin, selection=jpt, members=panel_inputs)
    applicants = _eligible(jpt, administrators, 5, today)
    apps = [
        services.application_submit(actor=_login_for(e, password), selection=jpt, documents=_docs())
        for e in applicants
    ]
    external = services.application_register(
        actor=admin,
        selection=jpt,
        documents=_docs(),
        external=services.ExternalApplicant(
            name="Dr. Rahmat Hidayat, S.STP., M.Si.",
            nip="197806152000121002",
            agency="Pemerintah Kabupaten Muaro Jambi",
            position="Kepala Bagian Organisasi",
            position_kind="administrator",
            position_since=today - dt.timedelta(days=6 * 365),  # 5 years for JPT Pratama
            birth_date=dt.date(1978, 6, 15),
            education=EducationLevel.objects.get(code="S2"),
            rank=Rank.objects.get(code="IV/a"),
        ),
    )
    _close(admin, jpt, today)
    for req in jpt.requirements.filter(rule__in=["predikat", "no_discipline"]):
        services.eligibility_override(
            actor=admin,
            application=external,
            requirement=req,
            reason="Salinan SKP dua tahun dan surat keterangan tidak sedang dijatuhi hukuman "
            "disiplin dari instansi asal telah diverifikasi.",
        )
    for app in [*apps, external]:
        services.administrative_result(actor=admin, application=app, passed=True)
    jpt = services.selection_start_scoring(actor=admin, selection=jpt)
    if apps:
        services.conflict_declare(
            actor=panel_users[2],
            application=apps[0],
            reason="Pelamar adalah adik ipar anggota panitia.",
        )
    stages = {s.kind: s for s in SelectionStage.objects.filter(selection=jpt)}
    written = stages["written_test"]
    if written.quiz_id is not None:
        take_written_test(
            admin,
            [*apps, external],
            lambda e: _login_for(e, password),
            rng=rng,
            days_ago=5,
        )
    conflicted = {panel_users[2].pk}
    for i, app in enumerate([*apps, external]):
        skip = conflicted if i == 0 else set()
        if written.quiz_id is None:
            _score(panel_users, app, written, rng, 75 + i, skip)
        _score(panel_users, app, stages["competency_assessment"], rng, 72 + (i * 3) % 11, skip)
        if i < 3:  # interviews under way
            _score(panel_users[:3], app, stages["interview"], rng, 80 - i, skip)
    services.selection_next_stage(actor=admin, selection=jpt)
    services.selection_next_stage(actor=admin, selection=jpt)

    # 2. A finished internal Pengawas selection with an appointment.
    adm_post = _post("DEMO-SEL-PGW1", f"Kepala Subbagian Umum {unit_b.name}", "pengawas", unit_b, 9)
    adm = services.selection_create(
        actor=admin,
        title=f"Seleksi Internal Pengawas — {adm_post.name}",
        kind="pengawas",
        positions=[adm_post],
        opens_on=today - dt.timedelta(days=60),
        closes_on=today + dt.timedelta(days=1),
        announcement="Seleksi kompetitif jabatan Pengawas bagi pelaksana berprestasi.",
        objection_days=3,
        required_documents=DOCUMENTS[:2],
    )
    services.requirements_set(actor=admin, selection=adm, requirements=PENGAWAS_REQUIREMENTS)
    adm = services.selection_announce(actor=admin, selection=adm)
    services.panel_set(actor=admin, selection=adm, members=panel_inputs)
    candidates = _eligible(adm, pelaksana, 4, today)
    adm_apps = [
        services.application_submit(
            actor=_login_for(e, password), selection=adm, documents=_docs2()
        )
        for e in candidates
    ]
    appointed = None
    if len(adm_apps) >= 3:
        _close(admin, adm, today)
        for app in adm_apps:
            services.administrative_result(actor=admin, application=app, passed=True)
        services.selection_start_scoring(actor=admin, selection=adm)
        adm_stages = [s for s in SelectionStage.objects.filter(selection=adm) if s.is_panel_scored]
        for i, app in enumerate(adm_apps):
            for stage in adm_stages:
                _score(panel_users, app, stage, rng, 86 - 4 * i)
        entries = services.ranking_propose(actor=admin, selection=adm)
        appointed = services.appointment_decide(
            actor=admin,
            application=entries[0].application,
            position=adm_post,
            decree_number=f"821.2/{rng.randint(100, 999)}/BKPSDM/{today.year}",
            effective_from=today - dt.timedelta(days=1),
        )

    # 3. Two selections open for applications: pegawai qualifies for one, not the other.
    pegawai = Employee.objects.filter(user=users.get("pegawai")).first()
    open_jpt_post = _post(
        "DEMO-SEL-JPT2",
        f"Kepala {region_units[2].name if len(region_units) > 2 else 'Badan'}",
        "jpt_pratama",
        region_units[2] if len(region_units) > 2 else top,
        14,
    )
    open_jpt = _create(
        admin,
        title=f"Seleksi Terbuka JPT Pratama — {open_jpt_post.name}",
        kind="open_jpt",
        position=open_jpt_post,
        today=today,
        opens=3,
        closes=21,
    )
    pengawas_post = _post(
        "DEMO-SEL-PGW", f"Kepala Seksi Pelayanan {unit_a.name}", "pengawas", unit_a, 9
    )
    sel = services.selection_create(
        actor=admin,
        title=f"Seleksi Internal Pengawas — {pengawas_post.name}",
        kind="pengawas",
        positions=[pengawas_post],
        opens_on=today - dt.timedelta(days=2),
        closes_on=today + dt.timedelta(days=14),
        announcement="Seleksi kompetitif jabatan Pengawas bagi pelaksana berprestasi.",
        objection_days=3,
        required_documents=DOCUMENTS[:2],
    )
    services.requirements_set(actor=admin, selection=sel, requirements=PENGAWAS_REQUIREMENTS)
    open_pengawas = services.selection_announce(actor=admin, selection=sel)
    pegawai_ok = None
    if pegawai is not None:
        _good_record([pegawai], today)
        pegawai_ok = (
            selectors.employee_eligibility(pegawai, open_pengawas).eligible,
            selectors.employee_eligibility(pegawai, open_jpt).eligible,
        )
    return {
        "jpt_applicants": len(apps) + 1,
        "jpt_selection": jpt.pk,
        "finished_selection": adm.pk,
        "appointed": str(appointed.application) if appointed else "-",
        "pegawai_eligible": pegawai_ok,
    }


_HASHES: dict[str, str] = {}


def _login_for(employee: Employee, password: str) -> User:
    """The applicant's login (demo employees have none: one is made, with the demo password,
    hashed once)."""
    if employee.user is not None:
        return employee.user
    if password not in _HASHES:
        _HASHES[password] = make_password(password)
    user = User.objects.create(
        username=f"asn{employee.nip}",
        password=_HASHES[password],
        first_name=employee.name.split(" ")[0],
    )
    Employee.objects.filter(pk=employee.pk).update(user=user)
    employee.user = user
    return user


def summary(stats: dict) -> dict:
    return {
        "selections": (
            f"JPT at interview ({stats['jpt_applicants']} applicants), finished internal "
            f"(appointed: {stats['appointed']}), 2 open"
        ),
        "pegawai eligible (pengawas, jpt)": stats["pegawai_eligible"],
    }
