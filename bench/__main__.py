"""`python -m bench`: time representative reads against whatever data the database holds (seed it first with
`manage.py seed_demo` or `manage.py seed_scale --teachers 200000`) and print each as a multiple of one database
round trip measured in the same run; then the lead provider API's pages of 3,000 against their floors (one
hand-written SQL query + orjson) and POST declaration throughput (`bench.api`; `--api` runs only that). Ratios are
comparable between machines and runs; nothing is asserted."""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per benchmark (default %(default)s)")
    parser.add_argument("--per-page", type=int, default=100, help="participants per page (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--finance",
        action="store_true",
        help="instead: one provider-month statement over 50,000 declarations, pure calculation (no database)",
    )
    parser.add_argument(
        "--search", action="store_true", help="instead: the console's teacher and school searches (bench.search)"
    )
    parser.add_argument("--api", action="store_true", help="only the lead provider API benchmark (bench.api)")
    parser.add_argument(
        "--ab-bulk",
        action="store_true",
        help="instead: an appropriate body's 10,000-row outcomes CSV checked and committed (bench.ab_bulk)",
    )
    parser.add_argument("--ab-bulk-rows", type=int, default=10_000, help="rows for --ab-bulk (default %(default)s)")
    parser.add_argument(
        "--migration", action="store_true", help="instead: generate and migrate an ECF1 database (bench.migration)"
    )
    parser.add_argument("--participants", type=int, default=100_000, help="ECF1 participants for --migration")
    parser.add_argument("--source-url", help="database for the generated ECF1 source (default: DATABASE_URL)")
    parser.add_argument("--workers", type=int, help="migration worker processes for --migration (default: CPUs)")
    parser.add_argument("--no-api", action="store_true", help="skip the lead provider API benchmark")
    parser.add_argument("--api-repeat", type=int, default=7, help="timed runs per API read (default %(default)s)")
    parser.add_argument("--posts", type=int, default=400, help="POSTed declarations, 0 for none (default %(default)s)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent POST clients (default %(default)s)")
    options = parser.parse_args(argv)
    if options.finance:
        from bench import finance

        results = finance.run()
        print(json.dumps(results, indent=2) if options.json else finance.report(results))
        return 0

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()

    if options.api:
        return _api(options)
    if options.ab_bulk:
        from bench import ab_bulk

        result = ab_bulk.run(rows=options.ab_bulk_rows)
        print(json.dumps(vars(result), indent=2) if options.json else ab_bulk.report(result))
        return 0

    if options.search:
        from bench import search
        from teachers.models import Teacher

        base, searches, broad = search.run(repeat=options.repeat)
        print(search.report(base, searches, broad, teachers=Teacher.objects.count()))
        return 0
    if options.migration:
        from bench import migration

        bench = migration.run(participants=options.participants, source_url=options.source_url, workers=options.workers)
        print(migration.report(bench))
        return 0

    from bench import queries
    from bench.timing import floor, measure
    from teachers.models import Teacher

    subjects = queries.pick_subjects(per_page=options.per_page)
    if subjects is None:
        print("No data to benchmark: run `manage.py seed_demo` or `manage.py seed_scale` first.", file=sys.stderr)
        return 1
    per_page, repeat = options.per_page, options.repeat
    middle = max(1, subjects.participant_pages // 2)
    base = floor(repeat=repeat)
    results = [
        measure(
            f"participants page 1 ({subjects.lead_provider.name}, {per_page} a page)",
            lambda: queries.participants_page(subjects.lead_provider, page=1, per_page=per_page),
            repeat=repeat,
        ),
        measure(
            f"participants page {middle} of {subjects.participant_pages}",
            lambda: queries.participants_page(subjects.lead_provider, page=middle, per_page=per_page),
            repeat=repeat,
        ),
        measure(
            f"school ECT list ({subjects.school.name})", lambda: queries.school_ects(subjects.school), repeat=repeat
        ),
        measure(
            "teacher timeline (busiest teacher)", lambda: queries.teacher_timeline(subjects.teacher), repeat=repeat
        ),
    ]
    teachers = Teacher.objects.count()
    if options.json:
        print(
            json.dumps(
                {
                    "teachers": teachers,
                    "floor_seconds": base.median_seconds,
                    "benchmarks": [
                        {
                            "name": r.name,
                            "median_seconds": r.median_seconds,
                            "best_seconds": r.best_seconds,
                            "ratio_to_floor": r.ratio(base),
                            "queries": r.queries,
                            "rows": r.rows,
                        }
                        for r in results
                    ],
                },
                indent=2,
            )
        )
        return 0
    print(f"{teachers} teachers; floor (one SELECT 1 round trip): {base.median_seconds * 1000:.3f} ms median")
    print(f"{'benchmark':<70} {'median ms':>10} {'x floor':>9} {'queries':>8} {'rows':>6}")
    for r in results:
        print(f"{r.name[:70]:<70} {r.median_seconds * 1000:>10.2f} {r.ratio(base):>9.1f} {r.queries:>8} {r.rows:>6}")
    if not options.no_api:
        print()
        return _api(options)
    return 0


def _api(options: argparse.Namespace) -> int:
    from bench import api

    results = api.run(repeat=options.api_repeat, clients=options.clients, posts=options.posts)
    print(json.dumps(api.as_json(results), indent=2) if options.json else api.report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
