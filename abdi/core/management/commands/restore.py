from pathlib import Path

from django.core.management.base import BaseCommand

from abdi.core.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into an EMPTY database and MEDIA_ROOT; "
        "checks the checksum first and the row counts after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--no-verify", action="store_true", help="Skip the checksum (not recommended)."
        )

    def handle(self, *args, **options):
        manifest = restore_backup(Path(options["archive"]), verify=not options["no_verify"])
        tables = len(manifest["row_counts"])
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Restored {tables} tables ({rows} rows) and {manifest['media_files']} files "
            f"from a backup of {manifest['created_at']}."
        )
