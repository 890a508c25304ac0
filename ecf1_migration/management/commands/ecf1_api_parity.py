"""`manage.py ecf1_api_parity --tokens tokens.csv --old-url URL | --old-recorded DIR [--new-url URL]`: the API
parity checks of migration.md §17.5 for every lead provider with an ECF1 id, written as `api_parity.csv` and
`api_parity.html` into the report folder. `--record DIR` keeps the old side's answers for later offline runs.

The 20 POST/PUT variants run too. In process (no `--new-url`) each is rolled back; against recorded old answers
nothing is sent. A live service over HTTP cannot be rolled back, so with `--old-url` or `--new-url` the command
refuses to start unless `--writes` says those services are disposable copies (the writes stay there), or
`--reads-only` leaves the write variants out. Their samples are read from this database (the migrated one), so
a copy given by `--new-url` must hold the same migration."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecf1_migration import parity, parity_writes
from providers.models import LeadProvider


class Command(BaseCommand):
    help = "Send the same requests to the old and the new API per lead provider and compare the answers."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tokens", required=True, help="CSV: lead_provider, old_token, new_token")
        old = parser.add_mutually_exclusive_group(required=True)
        old.add_argument("--old-url", help="base URL of the old service's API")
        old.add_argument("--old-recorded", help="folder of answers recorded from the old API (--record)")
        parser.add_argument("--new-url", help="base URL of our API (default: in this process)")
        parser.add_argument("--record", help="also record the old side's answers into this folder")
        parser.add_argument("--cohort", type=int, default=2024)
        parser.add_argument("--other-cohort", type=int, default=2025)
        parser.add_argument("--updated-since", default="2024-01-01T00:00:00Z")
        parser.add_argument("--concurrent", action="store_true", help="one thread per lead provider")
        writes = parser.add_mutually_exclusive_group()
        writes.add_argument(
            "--writes", action="store_true",
            help="the services given by URL are disposable copies: send them the POST/PUT variants (not undone)",
        )  # fmt: skip
        writes.add_argument("--reads-only", action="store_true", help="only the GET variants")
        parser.add_argument("--report", default="ecf1_reconciliation")

    def handle(self, *args, **options) -> None:
        with open(options["tokens"], newline="") as handle:
            rows = list(csv.DictReader(handle))
        with_ecf_id = set(LeadProvider.objects.filter(ecf_id__isnull=False).values_list("name", flat=True))
        unknown = sorted({row["lead_provider"] for row in rows} - with_ecf_id)
        if unknown:
            raise CommandError(f"Not lead providers with an ECF1 id: {', '.join(unknown)}")
        recorded = options["old_recorded"] is not None
        live = [name for name, url in (("old", options["old_url"]), ("new", options["new_url"])) if url]
        if live and not (options["writes"] or options["reads_only"]):
            raise CommandError(
                f"The POST/PUT variants would change the {' and the '.join(live)} service's data, which cannot be "
                "rolled back over HTTP. Pass --writes if it is a disposable copy, or --reads-only."
            )
        providers = [
            parity.LeadProviderTokens(
                row["lead_provider"], row["lead_provider"] if recorded else row["old_token"], row["new_token"]
            )
            for row in rows
        ]
        old: parity.Side = (
            parity.RecordedSide(Path(options["old_recorded"]))
            if recorded
            else parity.HttpSide(options["old_url"], writes_allowed=options["writes"], old_service=True)
        )
        if options["record"] and not recorded:
            old = parity.Recorder(old, Path(options["record"]), {p.old_token: p.name for p in providers})
        new: parity.Side = (
            parity.HttpSide(options["new_url"], writes_allowed=options["writes"])
            if options["new_url"]
            else parity.DjangoSide()
        )

        def variants_for(tokens: parity.LeadProviderTokens) -> list[parity.Variant]:
            sample = parity.sample_for(tokens.name, new, tokens.new_token, options["cohort"], options["other_cohort"],
                                       options["updated_since"])  # fmt: skip
            reads = parity.variants(sample)
            if options["reads_only"]:
                return reads
            return reads + parity_writes.write_variants(LeadProvider.objects.get(name=tokens.name))

        try:
            results = parity.run(old, new, providers, variants_for, concurrent=options["concurrent"])
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        written = parity.write(results, Path(options["report"]))
        failing = [r for r in results if not parity.passes(r)]
        skipped = [r for r in results if r["outcome"] != "compared"]
        differing = [r for r in results if r["kind"] == "write" and r not in skipped and r["match_rate"] < 100]
        self.stdout.write(
            f"{len(results) - len(skipped)} requests compared; {len(failing)} below their threshold; "
            f"{len(differing)} writes differ; {len(skipped)} variants skipped. Report: "
            + ", ".join(str(p) for p in written)
        )
