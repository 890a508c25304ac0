import datetime as dt

from django.core.management.base import BaseCommand

from demo_data.demo import DEMO_SEED, seed_demo
from demo_data.sign_in_data import ensure_dual_role_school


class Command(BaseCommand):
    help = (
        "Load the demo data set: contract periods 2021-2027 with schedules and milestones, the seven lead "
        "providers, delivery partners and partnerships, appropriate bodies of each kind, fifty schools and about "
        "four hundred teachers in every state, with their timelines. Dates follow the school year containing "
        "today. Safe to run repeatedly: nothing is duplicated, and the teachers are only written the first time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="Random seed (default %(default)s).")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args, **options) -> None:
        result = seed_demo(today=options["today"], seed=options["seed"])
        if result.teachers_created:
            tables = ", ".join(f"{count} {table}" for table, count in result.rows.items())
            self.stdout.write(f"Demo data loaded: {tables}.")
        else:
            self.stdout.write("Demo data already loaded; nothing to add.")
        lead_school = ensure_dual_role_school()
        if lead_school is not None:
            self.stdout.write(f"Sign in at /personas (or /sign-in); {lead_school.name} is a dual-role hub lead school.")
