"""Contracts and contract period set-up pages (journeys.md §6.8.7; finance.md §3; domain.md §7.8.1–§7.8.3) through
the Django test client. The rules (year unique, no overlap, editing only before the start, copying schedules)
are `providers.services.contract_periods`'; these tests check the pages reach them and show what they did."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts.models import DfERole
from events.models import Event
from events.types import EventType
from finance.models import BandedFeeStructure, Contract, ContractType, FeeType, StatementStatus
from finance.tests import conftest as finance_fixtures
from finance.tests.conftest import example_1_contract
from providers.models import ActiveLeadProvider, ContractPeriod, LeadProvider, Schedule
from sign_in.testing import create_staff_user, sign_in_dfe_staff
from tests.builders_providers import create_statement

finance = finance_fixtures.finance  # the finance app's fixture, shared here


@pytest.fixture
def staff(db):
    return create_staff_user(role=DfERole.PRODUCT_TEAM, name="Pat Product")


@pytest.fixture
def signed_in(client, staff):
    sign_in_dfe_staff(client, staff)
    return client


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


# Contracts (finance.md §3.3–§3.6) ----------------------------------------------------------------------------------


def test_ecf_contract_shows_type_vat_banded_structure_and_bands(signed_in, finance):
    create_statement(contract=finance.contract, month=1, year=2027)
    page = text(signed_in.get(f"/admin/finance/contracts/{finance.contract.pk}"))
    assert "ECF August 2026 - January 2027" in page
    assert "Contract type ECF" in page and "VAT rate 0.20" in page and "VAT charged 20%" in page
    assert "Mentors: flat-rate fee structure" not in page
    assert "Recruitment target 10 Revised recruitment target (150%) 15" in page
    assert (
        "Uplift fee per declaration £100.00 Uplift target 33% Monthly service fee £2,500.00 Setup fee £30,000.00"
        in page
    )
    assert "Band A 1 3 £1,000.00 60% 40% Band B 4 6 £900.00 60% 40% Band C 7 10 £800.00 60% 40%" in page
    assert "August 2026 Authorised for payment" in page and "November 2026 Open" in page


def test_ittecf_ectp_contract_shows_the_flat_rate_and_a_computed_service_fee(signed_in, finance):
    """finance.md §7.6: a null monthly service fee is computed — here 10 × £1,000 × 0.40 less the £30,000 setup fee
    spread over band A's 3 slots pro rata (3/3 of it), over 29 months: (4,000 − 30,000) ÷ 29."""
    active = ActiveLeadProvider.objects.get(lead_provider=finance.world.beta, contract_period_id=2026)
    contract = example_1_contract(active, ContractType.ITTECF_ECTP)
    BandedFeeStructure.objects.filter(contract=contract).update(monthly_service_fee=None)
    active.lead_provider.vat_registered = False
    active.lead_provider.save()
    page = text(signed_in.get(f"/admin/finance/contracts/{contract.pk}"))
    assert "ITTECF ECTP No statements" in page
    assert "VAT charged 0% (the lead provider is not VAT registered)" in page
    assert "Mentors recruitment target 50 Fee per declaration £1,000.00" in page
    assert "Paid on started (50%) £500.00 Paid on completed (50%) £500.00" in page
    expected = (
        Decimal(3 * 1000) * Decimal("0.40")
        + Decimal(3 * 900) * Decimal("0.40")
        + 4 * 800 * Decimal("0.40")
        - Decimal("30000")
    ) / 29
    assert f"Monthly service fee Calculated: -£{abs(expected).quantize(Decimal('0.01')):,}" in page


def test_unknown_contract_is_404(signed_in, db):
    assert signed_in.get("/admin/finance/contracts/424242").status_code == 404


# Contract periods (§6.8.7) -----------------------------------------------------------------------------------------


def test_contract_periods_list_links_each_year(signed_in, world):
    page = text(signed_in.get("/admin/finance/contract-periods"))
    assert "Add Contract period" in page
    assert "Year Started on Finished on" in page
    for year in range(2021, 2028):
        assert f"{year} 1 June {year}" in page


def test_adding_next_years_period_copies_schedules_and_milestones_a_year_on(signed_in, staff, world):
    """The baseline 2027 has all twelve schedules (September starting 1 June 2027, deadline 31 December 2027)."""
    form = signed_in.get("/admin/finance/contract-periods/new")
    assert 'value="2028"' in form.content.decode()

    response = signed_in.post(
        "/admin/finance/contract-periods/new",
        {
            "year": "2028",
            "started_on_day": "1",
            "started_on_month": "6",
            "started_on_year": "2028",
            "finished_on_day": "31",
            "finished_on_month": "5",
            "finished_on_year": "2029",
            "mentor_funding_enabled": "1",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/finance/contract-periods/2028"
    page = text(response)
    assert "Contract period 2028 added" in page
    assert "Enabled Yes Mentor funding enabled Yes Detailed evidence types enabled No Uplift fees enabled No" in page
    assert "Payments frozen No" in page
    assert "ecf-standard-september" in page and "started 1 June 2028 31 December 2028" in page
    period = ContractPeriod.objects.get(year=2028)
    assert period.schedules.count() == 12
    assert period.enabled and period.mentor_funding_enabled and not period.uplift_fees_enabled
    added = Event.objects.get(event_type=EventType.CONTRACT_PERIOD_ADDED)
    assert added.author_id == staff.pk


def test_a_new_period_must_not_clash_with_another(signed_in, world):
    response = signed_in.post(
        "/admin/finance/contract-periods/new",
        {
            "year": "2027",
            "started_on_day": "1",
            "started_on_month": "1",
            "started_on_year": "2027",
            "finished_on_day": "",
            "finished_on_month": "",
            "finished_on_year": "",
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert "Year has already been taken" in page
    assert "Enter an end date" in page
    assert ContractPeriod.objects.filter(year=2027).count() == 1

    not_a_year = signed_in.post("/admin/finance/contract-periods/new", {"year": "next"})
    assert "Year must be a number" in text(not_a_year)


def test_a_period_can_be_edited_only_before_it_starts(signed_in, world):
    assert "Edit contract period" in text(signed_in.get("/admin/finance/contract-periods/2027"))
    edit = signed_in.post(
        "/admin/finance/contract-periods/2027/edit",
        {
            "started_on_day": "1",
            "started_on_month": "6",
            "started_on_year": "2027",
            "finished_on_day": "31",
            "finished_on_month": "5",
            "finished_on_year": "2028",
            "uplift_fees_enabled": "1",
            "detailed_evidence_types_enabled": "1",
        },
        follow=True,
    )
    assert "Contract period 2027 updated" in text(edit)
    assert ContractPeriod.objects.get(year=2027).detailed_evidence_types_enabled
    assert Event.objects.filter(event_type=EventType.CONTRACT_PERIOD_UPDATED).count() == 1

    started = signed_in.get("/admin/finance/contract-periods/2026")
    assert "This contract period has started, so it can no longer be edited" in text(started)
    response = signed_in.get("/admin/finance/contract-periods/2026/edit")
    assert response.status_code == 302 and response.url == "/admin/finance/contract-periods/2026"


def test_period_page_lists_lead_providers_with_contracts_statements_and_bands(signed_in, finance):
    create_statement(
        contract=finance.contract, month=10, year=2026, fee_type=FeeType.SERVICE, status=StatementStatus.OPEN
    )
    page = text(signed_in.get("/admin/finance/contract-periods/2026"))
    assert "Lead providers Completed" in page
    assert "Alpha Learning ECF August 2026 - November 2026 3 statements for Alpha Learning 1 3" in page
    assert "Beta Institute None 0 statements for Beta Institute 0 0" in page
    assert (
        f'href="/admin/finance/contracts/{finance.contract.pk}"'
        in signed_in.get("/admin/finance/contract-periods/2026").content.decode()
    )


def test_schedules_and_milestones_are_added_and_removed(signed_in, world):
    Schedule.objects.filter(contract_period_id=2027).delete()
    page = text(signed_in.get("/admin/finance/contract-periods/2027"))
    assert "No schedules have been set up" in page

    bad = signed_in.post("/admin/finance/contract-periods/2027/schedules/new", {})
    assert bad.status_code == 422 and "Choose an identifier from the list" in text(bad)
    added = signed_in.post(
        "/admin/finance/contract-periods/2027/schedules/new", {"identifier": "ecf-standard-january"}, follow=True
    )
    assert "Schedule ecf-standard-january added" in text(added)
    schedule = Schedule.objects.get(contract_period_id=2027, identifier="ecf-standard-january")

    base = f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/milestones"
    early = signed_in.post(
        f"{base}/new",
        {"declaration_type": "started", "start_date_day": "1", "start_date_month": "1", "start_date_year": "2027"},
    )
    assert early.status_code == 422 and "The start date must be on or after the 1 June 2027" in text(early)
    ok = signed_in.post(
        f"{base}/new",
        {
            "declaration_type": "started",
            "start_date_day": "1",
            "start_date_month": "1",
            "start_date_year": "2028",
            "milestone_date_day": "31",
            "milestone_date_month": "3",
            "milestone_date_year": "2028",
        },
        follow=True,
    )
    assert "Milestone started added to ecf-standard-january" in text(ok)
    assert "started 1 January 2028 31 March 2028" in text(ok)
    milestone = schedule.milestones.get()

    assert "Are you sure you want to remove the started milestone?" in text(
        signed_in.get(f"{base}/{milestone.pk}/delete")
    )
    signed_in.post(f"{base}/{milestone.pk}/delete")
    assert not schedule.milestones.exists()
    signed_in.post(f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/delete")
    assert not Schedule.objects.filter(pk=schedule.pk).exists()
    kinds = list(
        Event.objects.filter(
            event_type__in=[
                EventType.SCHEDULE_ADDED,
                EventType.SCHEDULE_DELETED,
                EventType.MILESTONE_ADDED,
                EventType.MILESTONE_DELETED,
            ]
        )
        .order_by("pk")
        .values_list("event_type", flat=True)
    )
    assert kinds == ["schedule_added", "milestone_added", "milestone_deleted", "schedule_deleted"]


def test_a_schedule_of_another_period_is_404(signed_in, world):
    schedule = Schedule.objects.get(contract_period_id=2026, identifier="ecf-standard-april")
    assert signed_in.get(f"/admin/finance/contract-periods/2027/schedules/{schedule.pk}/delete").status_code == 404


# A lead provider's statements (§6.8.7 "Statements for an LP") -------------------------------------------------------


def test_lead_provider_page_lists_contracts_bands_and_statements(signed_in, finance):
    page = text(signed_in.get(f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}"))
    assert "Contract period 2026 Alpha Learning" in page
    assert "ECF August 2026 - November 2026" in page
    assert "Band A 3 1 3 Band B 3 4 6 Band C 4 7 10" in page
    assert "August 2026 Output 31 July 2026 25 August 2026 Authorised for payment" in page
    assert "November 2026 Output 31 October 2026 25 November 2026 Open" in page
    assert "Add statement" in page
    other_year = signed_in.get(f"/admin/finance/contract-periods/2025/lead-providers/{finance.active.pk}")
    assert other_year.status_code == 404


def test_migrated_contracts_show_the_old_service_versions_that_tell_them_apart(signed_in, finance):
    """Two versions of one provider and year describe alike; their ECF1 versions tell finance staff which is which."""
    Contract.objects.filter(pk=finance.contract.pk).update(
        ecf_contract_version="1.1", ecf_mentor_contract_version="0.0.2"
    )
    contract_page = text(signed_in.get(f"/admin/finance/contracts/{finance.contract.pk}"))
    lead_provider_page = text(signed_in.get(f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}"))
    period_page = text(signed_in.get("/admin/finance/contract-periods/2026"))

    assert "Old service contract version 1.1, mentor contract 0.0.2" in contract_page
    assert "ECF August 2026 - November 2026 (old service version 1.1, mentor contract 0.0.2)" in lead_provider_page
    assert "(old service version 1.1, mentor contract 0.0.2)" in period_page


def test_contracts_set_up_here_show_no_old_service_version(signed_in, finance):
    assert "Old service contract version" not in text(signed_in.get(f"/admin/finance/contracts/{finance.contract.pk}"))
    assert "old service version" not in text(
        signed_in.get(f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}")
    )


def _dates(prefix: str, day: dt.date | None) -> dict[str, str]:
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    return dict(zip((f"{prefix}_day", f"{prefix}_month", f"{prefix}_year"), parts, strict=True))


def test_adding_changing_and_deleting_a_statement(signed_in, staff, finance):
    base = f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}/statements"
    form = signed_in.get(f"{base}/new")
    assert "ECF August 2026 - November 2026" in text(form)
    assert '<option value="2030">2030</option>' in form.content.decode()  # the contract year to four years on

    bad = signed_in.post(
        f"{base}/new",
        {"contract": "", "month": "1", "year": "2027", **_dates("deadline_date", dt.date(2026, 9, 1)),
         **_dates("payment_date", dt.date(2026, 8, 1))},
    )  # fmt: skip
    assert bad.status_code == 422
    page = text(bad)
    assert "Contract is required" in page
    assert "Deadline date must be in the future" in page
    assert "Payment date must be later than the deadline date" in page

    added = signed_in.post(
        f"{base}/new",
        {"contract": str(finance.contract.pk), "month": "1", "year": "2027",
         **_dates("deadline_date", dt.date(2026, 12, 31)), **_dates("payment_date", dt.date(2027, 1, 25))},
        follow=True,
    )  # fmt: skip
    assert "January 2027 statement added" in text(added)
    statement = finance.active.statements.get(month=1, year=2027)
    assert statement.fee_type == "output"
    assert Event.objects.get(event_type=EventType.STATEMENT_CREATED).author_id == staff.pk

    duplicate = signed_in.post(
        f"{base}/new",
        {"contract": str(finance.contract.pk), "month": "1", "year": "2027",
         **_dates("deadline_date", dt.date(2026, 12, 30)), **_dates("payment_date", dt.date(2027, 1, 25))},
    )  # fmt: skip
    assert "Statement with the same month and year already exists" in text(duplicate)

    edit = signed_in.get(f"{base}/{statement.pk}/edit")
    assert 'name="deadline_date_day" type="text" inputmode="numeric" value="31"' in edit.content.decode()
    changed = signed_in.post(
        f"{base}/{statement.pk}/edit",
        {"contract": str(finance.contract.pk), "month": "2", "year": "2027",
         **_dates("deadline_date", dt.date(2027, 1, 31)), **_dates("payment_date", dt.date(2027, 2, 25))},
        follow=True,
    )  # fmt: skip
    assert "February 2027 statement updated" in text(changed)
    statement.refresh_from_db()
    assert statement.fee_type == "service"

    assert "Are you sure you want to delete the February 2027 statement?" in text(
        signed_in.get(f"{base}/{statement.pk}/delete")
    )
    deleted = signed_in.post(f"{base}/{statement.pk}/delete", follow=True)
    assert "February 2027 statement deleted" in text(deleted)
    assert not finance.active.statements.filter(pk=statement.pk).exists()


def test_a_statement_with_declarations_is_not_deleted(signed_in, finance):
    finance.declaration(payment_status="eligible", payment_statement=finance.november)
    url = f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}/statements/{finance.november.pk}/delete"
    response = signed_in.post(url)
    assert response.status_code == 422
    assert "cannot be deleted because declarations are attached to it" in text(response)


def test_frozen_periods_offer_no_statement_changes(signed_in, world):
    alpha_2024 = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2024)
    example_1_contract(alpha_2024)
    ContractPeriod.objects.filter(year=2024).update(payments_frozen_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    page = text(signed_in.get(f"/admin/finance/contract-periods/2024/lead-providers/{alpha_2024.pk}"))
    assert "Payments for this contract period are frozen" in page and "Add statement" not in page


# Adding, changing and deleting contracts (§6.8.7 "Contracts") -----------------------------------------------------


def test_new_contract_starts_from_the_latest_terms_and_is_added(signed_in, staff, finance):
    base = f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}/contracts"
    form = signed_in.get(f"{base}/new").content.decode()
    assert 'name="band_b_fee_per_declaration" type="text" value="900.00"' in form
    assert 'name="band_c_output_fee_percentage" type="text" value="60"' in form
    assert 'name="monthly_service_fee" type="text" value="2500.00"' in form

    bad = signed_in.post(
        f"{base}/new",
        {"contract_type": "ittecf_ectp", "vat_rate": "2", "recruitment_target": "10", "setup_fee": "0",
         "uplift_fee_per_declaration": "0", "band_a_fee_per_declaration": "0", "band_a_output_fee_percentage": "60",
         "flat_recruitment_target": "", "flat_fee_per_declaration": "1000"},
    )  # fmt: skip
    assert bad.status_code == 422
    page = text(bad)
    assert "VAT rate must be a number between 0 and 1" in page
    assert "Band A fee per declaration must be an amount in pounds and pence greater than 0" in page
    assert "Mentors recruitment target must be a whole number greater than 0" in page
    assert 'href="#id_band_a_fee_per_declaration"' in bad.content.decode()

    added = signed_in.post(
        f"{base}/new",
        {"contract_type": "ittecf_ectp", "vat_rate": "0.2", "recruitment_target": "3000", "setup_fee": "50000",
         "uplift_fee_per_declaration": "0", "monthly_service_fee": "", "uplift_target_ratio": "",
         "band_a_fee_per_declaration": "1400", "band_a_output_fee_percentage": "60",
         "band_b_fee_per_declaration": "1300", "band_b_output_fee_percentage": "60",
         "band_c_fee_per_declaration": "1200", "band_c_output_fee_percentage": "100",
         "flat_recruitment_target": "50", "flat_fee_per_declaration": "1000"},
        follow=True,
    )  # fmt: skip
    assert "ITTECF ECTP No statements contract added" in text(added)
    contract = finance.active.contracts.order_by("-pk").first()
    assert contract.contract_type == "ittecf_ectp"
    assert contract.banded_fee_structure.monthly_service_fee is None
    assert contract.flat_rate_fee_structure.recruitment_target == 50
    assert Event.objects.get(event_type=EventType.CONTRACT_CREATED).author_id == staff.pk
    shown = text(signed_in.get(f"/admin/finance/contracts/{contract.pk}"))
    assert "Band C 7 10 £1,200.00 100% 0%" in shown


def test_changing_and_deleting_a_contract(signed_in, finance):
    base = f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}/contracts"
    edit = signed_in.get(f"{base}/{finance.contract.pk}/edit")
    assert 'name="contract_type"' not in edit.content.decode()
    assert "Mentors: flat-rate fee structure" not in text(edit)  # an ECF contract has none
    changed = signed_in.post(
        f"{base}/{finance.contract.pk}/edit",
        {"vat_rate": "0.20", "recruitment_target": "10", "setup_fee": "30000", "uplift_fee_per_declaration": "100",
         "monthly_service_fee": "2600", "uplift_target_ratio": "0.33",
         "band_a_fee_per_declaration": "1000", "band_a_output_fee_percentage": "60",
         "band_b_fee_per_declaration": "900", "band_b_output_fee_percentage": "60",
         "band_c_fee_per_declaration": "800", "band_c_output_fee_percentage": "60"},
        follow=True,
    )  # fmt: skip
    assert "contract updated" in text(changed)
    event = Event.objects.get(event_type=EventType.CONTRACT_UPDATED)
    assert event.modifications == ["Monthly service fee changed from '2500.00' to '2600.00'"]
    # Statements are computed, so the open statement shows the new service fee at once (finance.md §12 #14).
    assert "Service fee £2,600.00" in text(signed_in.get(f"/admin/finance/statements/{finance.november.pk}"))

    refused = signed_in.post(f"{base}/{finance.contract.pk}/delete")
    assert refused.status_code == 422 and "statements use it" in text(refused)


# Lead providers of a year and their bands (§6.8.7; finance.md §3.2) -------------------------------------------------


def test_adding_a_lead_provider_to_next_year_copies_its_set_up(signed_in, finance):
    assert "Add lead provider" not in text(signed_in.get("/admin/finance/contract-periods/2026"))  # started
    assert signed_in.get("/admin/finance/contract-periods/2026/lead-providers/new").status_code == 302

    form = text(signed_in.get("/admin/finance/contract-periods/2027/lead-providers/new"))
    assert "Alpha Learning" in form and "Beta Institute" in form
    incomplete = signed_in.post(
        "/admin/finance/contract-periods/2027/lead-providers/new", {"lead_provider": str(finance.world.beta.pk)}
    )
    assert incomplete.status_code == 422
    assert "Key info for Beta Institute is missing" in text(incomplete)

    added = signed_in.post(
        "/admin/finance/contract-periods/2027/lead-providers/new", {"lead_provider": str(finance.world.alpha.pk)},
        follow=True,
    )  # fmt: skip
    page = text(added)
    assert "Alpha Learning added for 2027" in page
    assert "Band A 3 1 3 Band B 3 4 6 Band C 4 7 10" in page
    assert "August 2027" in page and "November 2027" in page
    active = ActiveLeadProvider.objects.get(lead_provider=finance.world.alpha, contract_period_id=2027)

    removed = signed_in.post(f"/admin/finance/contract-periods/2027/lead-providers/{active.pk}/delete", follow=True)
    assert "Alpha Learning removed for 2027" in text(removed)
    assert not ActiveLeadProvider.objects.filter(pk=active.pk).exists()


def test_lead_providers_of_a_started_year_are_refused_by_the_service_and_the_page_says_why(signed_in, finance):
    """§6.8.7: 2026 started on 1 June 2026. The rule is `providers.services.lead_providers`'; the pages show its
    refusal in an error summary and change nothing."""
    started = "Lead providers can only be added or removed before the contract period starts"
    gamma = LeadProvider.objects.create(name="Gamma Trust")
    added = signed_in.post("/admin/finance/contract-periods/2026/lead-providers/new", {"lead_provider": str(gamma.pk)})
    assert added.status_code == 422
    assert f"There is a problem {started}" in text(added)
    assert not ActiveLeadProvider.objects.filter(lead_provider=gamma).exists()

    url = f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}/delete"
    assert f"There is a problem {started}" in text(signed_in.get(url))
    removed = signed_in.post(url)
    assert removed.status_code == 422 and f"There is a problem {started}" in text(removed)
    assert ActiveLeadProvider.objects.filter(pk=finance.active.pk).exists()
    assert not Event.objects.filter(event_type=EventType.ACTIVE_LEAD_PROVIDER_DELETED).exists()


def test_bands_are_added_enlarged_and_deleted_from_the_last(signed_in, world):
    active = ActiveLeadProvider.objects.create(lead_provider=world.beta, contract_period_id=2027)
    base = f"/admin/finance/contract-periods/2027/lead-providers/{active.pk}/bands"
    zero = signed_in.post(f"{base}/new", {"capacity": "0"})
    assert zero.status_code == 422 and "Capacity must be a number greater than zero" in text(zero)
    signed_in.post(f"{base}/new", {"capacity": "2000"})
    added = signed_in.post(f"{base}/new", {"capacity": "1,000"}, follow=True)
    assert "Band B added" in text(added)
    assert "Band A 2,000 1 2,000 Band B 1,000 2,001 3,000" in text(added)
    first, last = active.bands.order_by("allocation_order")

    smaller = signed_in.post(f"{base}/{last.pk}/edit", {"capacity": "900"})
    assert "Capacity can only be increased" in text(smaller)
    not_last = signed_in.post(f"{base}/{first.pk}/edit", {"capacity": "3000"})
    assert "Only the last band can be updated" in text(not_last)
    bigger = signed_in.post(f"{base}/{last.pk}/edit", {"capacity": "1500"}, follow=True)
    assert "Band B updated" in text(bigger) and "2,001 3,500" in text(bigger)

    deleted = signed_in.post(f"{base}/{last.pk}/delete", follow=True)
    assert "Band B deleted" in text(deleted)
    assert list(active.bands.values_list("capacity", flat=True)) == [2000]
    kinds = list(
        Event.objects.filter(event_type__in=[EventType.BAND_ADDED, EventType.BAND_UPDATED, EventType.BAND_DELETED])
        .order_by("pk")
        .values_list("event_type", flat=True)
    )
    assert kinds == ["band_added", "band_added", "band_updated", "band_deleted"]


def test_delivery_partners_are_paired_and_unpaired(signed_in, finance):
    from tests.builders import create_delivery_partner

    echo_partner = create_delivery_partner(name="Echo Partners")
    base = f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}/delivery-partners"
    assert "Delivery partners Add delivery partner Delta Partners Remove" in text(
        signed_in.get(f"/admin/finance/contract-periods/2026/lead-providers/{finance.active.pk}")
    )
    form = text(signed_in.get(f"{base}/new"))
    assert "Echo Partners" in form and "Delta Partners" not in form.split("Delivery partner")[-1]
    empty = signed_in.post(f"{base}/new", {"delivery_partner": ""})
    assert empty.status_code == 422 and "Select a delivery partner" in text(empty)
    added = signed_in.post(f"{base}/new", {"delivery_partner": str(echo_partner.pk)}, follow=True)
    assert "Echo Partners added as a delivery partner" in text(added)
    echo = finance.active.delivery_partnerships.get(delivery_partner__name="Echo Partners")
    removed = signed_in.post(f"{base}/{echo.pk}/delete", follow=True)
    assert "Echo Partners removed as a delivery partner" in text(removed)

    delta = finance.active.delivery_partnerships.get(delivery_partner__name="Delta Partners")
    refused = signed_in.post(f"{base}/{delta.pk}/delete")  # Oakfield's school partnership uses it
    assert refused.status_code == 422 and "Cannot remove a delivery partner with school partnerships" in text(refused)
