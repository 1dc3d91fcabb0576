"""``manage.py permissions_table [--write]``: the permission map as a markdown table.

Without options it prints the table; ``--write`` puts it into ``docs/architecture.md`` between the
``permissions-table`` markers, where ``tests/test_permission_map.py`` checks it is current.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hiresscope.permissions import permission_table_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "architecture.md"
START = "<!-- permissions-table:start (manage.py permissions_table --write) -->\n"
END = "<!-- permissions-table:end -->\n"


def documented_table(text: str) -> str:
    """The table between the markers of ``text`` (empty if the markers are missing)."""
    if START not in text or END not in text:
        return ""
    return text.split(START, 1)[1].split(END, 1)[0]


class Command(BaseCommand):
    help = "Print the permission map (roles and API-key scopes) as markdown, or write it into the docs."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"Replace the table in {DOC.name}.")

    def handle(self, *args, write: bool = False, **options):
        table = permission_table_markdown()
        if not write:
            self.stdout.write(table, ending="")
            return
        text = DOC.read_text()
        if START not in text or END not in text:
            raise CommandError(f"{DOC} has no permissions-table markers.")
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        DOC.write_text(before + START + table + END + after)
        self.stdout.write(f"Wrote the permission table into {DOC}.")
