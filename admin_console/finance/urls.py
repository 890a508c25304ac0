"""Finance pages' routes (under /admin/finance; journeys.md §6.8, §10 route map)."""

from admin_console.finance import (
    contract_forms,
    contract_periods,
    contracts,
    declarations,
    lead_providers,
    provider_set_up,
    statements,
)

urlpatterns: list = [
    *provider_set_up.urlpatterns,  # before lead_providers: `…/lead-providers/new` is not an id
    *statements.urlpatterns,
    *contracts.urlpatterns,
    *contract_periods.urlpatterns,
    *lead_providers.urlpatterns,
    *declarations.urlpatterns,
    *contract_forms.urlpatterns,
]
