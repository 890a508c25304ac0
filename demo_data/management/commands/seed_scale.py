from django.core.management.base import BaseCommand

from demo_data.scale import ECTS_PER_SCHOOL, MENTORS_PER_SCHOOL, SCALE_SEED, SCALE_TRNS, SCALE_URNS, seed_scale


class Command(BaseCommand):
    help = (
        f"Generate a national-scale data set for benchmarks: N teachers ({MENTORS_PER_SCHOOL} mentors and "
        f"{ECTS_PER_SCHOOL} ECTs a school, spread over every state) with their periods, induction, partnerships and "
        f"timelines, bulk-loaded by COPY. Scale data uses TRNs {SCALE_TRNS[0]}-{SCALE_TRNS[1]} and URNs "
        f"{SCALE_URNS[0]}-{SCALE_URNS[1]}. It REPLACES any previous scale data: those teachers and schools, and "
        "every row referring to them, are deleted first. Demo data and anything else is left alone; reference "
        "data (contract periods, providers, appropriate bodies) is created if missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--teachers", type=int, default=200_000, help="How many teachers (default %(default)s).")
        parser.add_argument("--seed", type=int, default=SCALE_SEED, help="Random seed (default %(default)s).")

    def handle(self, *args, **options) -> None:
        result = seed_scale(teachers=options["teachers"], seed=options["seed"], progress=lambda m: self.stderr.write(m))
        self.stdout.write(
            f"Scale data: {result.teachers} teachers at {result.schools} schools, {result.rows} rows in "
            f"{result.generated_seconds:.1f}s (previous scale data removed in {result.removed_seconds:.1f}s)."
        )
