"""Print the demo URL and the login of every role (see seed_demo)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from abdi.accounts.models import User
from abdi.demo.builders.accounts import DEMO_LOGINS
from abdi.demo.builders.feedback import FEEDBACK_LOGINS

ALL_LOGINS = [*DEMO_LOGINS, *FEEDBACK_LOGINS]


class Command(BaseCommand):
    help = "Tampilkan URL dan akun demo setiap peran."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="abdi-demo-2026")
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, **opts):
        password, url = opts["password"], opts["url"]
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[d.username for d in ALL_LOGINS])
            .select_related("employee")
            .prefetch_related("role_assignments__org_unit")
        }
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Abdi berjalan di {url}"))
        out.write(f"API docs: {url.rstrip('/')}/api/docs/")
        out.write("")
        rows = []
        other_password = False
        checked: dict[str, bool] = {}  # seed_demo gives every login the same hash: check it once
        for login in ALL_LOGINS:
            user = users.get(login.username)
            if user is None:
                rows.append((login.label, login.username, "-", "(belum ada: jalankan seed_demo)"))
                continue
            note = ""
            employee = getattr(user, "employee", None)
            if employee is not None:
                note = f"{employee.full_name} — {employee.nip}"
            else:
                scopes = [ra.org_unit.name for ra in user.role_assignments.all() if ra.org_unit]
                note = ", ".join(scopes)
            if user.password not in checked:
                checked[user.password] = user.check_password(password)
            if not checked[user.password]:
                other_password = True
                note = f"{note} [kata sandi lain]".strip()
            rows.append((login.label, login.username, password, note))
        widths = [
            max(len(r[i]) for r in [*rows, ("Peran", "Username", "Kata sandi", "")])
            for i in range(3)
        ]
        header = ("Peran", "Username", "Kata sandi", "Keterangan")
        for r in [header, tuple("-" * w for w in widths) + ("-" * 10,), *rows]:
            out.write(
                "  ".join(str(c).ljust(w) for c, w in zip(r[:3], widths, strict=True)) + "  " + r[3]
            )
        out.write("")
        if other_password:
            out.write(
                self.style.WARNING(
                    "Catatan: basis data ini diisi dengan kata sandi lain sebelumnya; akun bertanda "
                    "[kata sandi lain] tidak menerima kata sandi di atas. Kosongkan basis data "
                    "(make clean) dan jalankan ulang, atau ubah kata sandi lewat "
                    "`manage.py changepassword USERNAME`."
                )
            )
