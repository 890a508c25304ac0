"""`python manage.py import_gias <folder | zip | url | files…>`: copy a GIAS extract into the service and reconcile
the schools that changed (integrations.md §3.5–3.8). The work is in `schools.services.gias_import`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from schools.services.gias_import import GIASExtractError, import_gias, read_extract


class Command(BaseCommand):
    help = "Import a GIAS extract (establishments and links CSVs, ISO-8859-1) and reconcile the changed schools"

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="+", help="a folder or ZIP holding ecf_tech.csv and links.csv, its URL, or the CSV files"
        )
        parser.add_argument(
            "--no-reconcile", action="store_true", help="only copy GIAS; do not open, close, replace or merge schools"
        )
        parser.add_argument("--verbose-errors", action="store_true", help="list every row that was not imported")

    def handle(self, *args, sources, no_reconcile, verbose_errors, **options):
        try:
            extract = read_extract(sources)
            result = import_gias(extract, reconcile_schools=not no_reconcile)
        except GIASExtractError as exc:
            raise CommandError(str(exc)) from exc
        if verbose_errors:
            for error in result.errors:
                self.stderr.write(error)
        for name, urns in result.reconciled.items():
            self.stdout.write(f"{name}: {', '.join(map(str, urns))}")
        if result.unreconciled:
            self.stdout.write(f"could not reconcile: {', '.join(map(str, result.unreconciled))}")
        self.stdout.write(result.summary())
