from django.core.management.base import BaseCommand
from django.db import transaction

from demo_data.reference_data import ensure_contract_periods, ensure_lead_providers


class Command(BaseCommand):
    help = "Load realistic demo data. Safe to run repeatedly: nothing is duplicated."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            periods = ensure_contract_periods()
            providers = ensure_lead_providers()
        self.stdout.write(f"Demo data ready: {len(periods)} contract periods, {len(providers)} lead providers.")
