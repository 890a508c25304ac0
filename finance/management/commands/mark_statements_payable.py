"""`python manage.py mark_statements_payable`: the daily statements job by hand (finance.md §5.2)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from finance.selectors.statements import statement_name
from finance.services.lifecycle import mark_statements_payable


class Command(BaseCommand):
    help = (
        "Mark every open output statement whose deadline date has passed as payable, with its eligible "
        "declarations (the daily job; safe to run again)."
    )

    def handle(self, *args, **options) -> None:
        marked = mark_statements_payable()
        for statement in marked:
            self.stdout.write(f"Marked payable: {statement_name(statement)} (statement {statement.api_id})")
        self.stdout.write(f"{len(marked)} statements marked payable")
