"""Finance pages' routes (under /admin/finance; journeys.md §6.8, §10 route map)."""

from admin_console.finance import contract_forms, contract_periods, contracts, declarations, lead_providers, statements

urlpatterns: list = [
    *statements.urlpatterns,
    *contracts.urlpatterns,
    *contract_periods.urlpatterns,
    *lead_providers.urlpatterns,
    *declarations.urlpatterns,
    *contract_forms.urlpatterns,
]
