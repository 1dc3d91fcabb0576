"""``manage.py errors_doc``: write ``docs/errors.md`` from the catalogue in ``hiresscope/errors.py``.

``--check`` writes nothing and fails when the page differs (the test suite checks the same).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hiresscope.errors import markdown

DOC = Path(settings.BASE_DIR) / "docs" / "errors.md"


class Command(BaseCommand):
    help = "Write docs/errors.md (the API's error codes) from hiresscope/errors.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="fail if docs/errors.md is stale; write nothing"
        )

    def handle(self, *args, check: bool = False, **options):
        text = markdown()
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{DOC} is stale: run `manage.py errors_doc`")
            self.stdout.write(f"{DOC} is up to date")
            return
        if current != text:
            DOC.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {DOC}")
