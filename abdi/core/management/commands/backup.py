from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from abdi.core.backup import create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump or SQLite's backup API) and the uploaded files into one "
        "dated archive with a .sha256 checksum beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Where to write the archive (default: var/backups).",
        )

    def handle(self, *args, **options):
        archive = create_backup(Path(options["output_dir"]))
        self.stdout.write(str(archive))
