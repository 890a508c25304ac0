"""`python manage.py reconcile_gias URN [URN…]`: offer the given schools to replace, merge, open and close again
(integrations.md §3.8 "reconcile given URNs"), e.g. after support has fixed a link by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from schools.services.gias_reconcile import reconcile


class Command(BaseCommand):
    help = "Reconcile the schools with these URNs against GIAS (replace, merge, open, close)"

    def add_arguments(self, parser):
        parser.add_argument("urns", nargs="+", type=int)

    def handle(self, *args, urns, **options):
        handled, unreconciled = reconcile(urns)
        for name, done in handled.items():
            self.stdout.write(f"{name}: {', '.join(map(str, done))}")
        if unreconciled:
            self.stdout.write(f"could not reconcile: {', '.join(map(str, unreconciled))}")
