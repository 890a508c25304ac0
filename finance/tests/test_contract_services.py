"""Contracts and fee structures (finance.md §3.3–§3.6, §5.8) on the `finance` fixture: Alpha Learning 2026 with
bands A 3, B 3, C 4 and Example 1's `ecf` contract used by the August and November statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import DfERole, User
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType
from finance.models import BandTerm, Contract, ContractType
from finance.services import contracts as service
from finance.services.contracts import BandedValues, BandTermValues, FlatRateValues
from providers.models import ActiveLeadProvider, Band, ContractPeriod
from tests.builders_providers import create_band


@pytest.fixture
def author(db) -> Author:
    return Author.dfe_staff_user(
        User.objects.create(email="fi@education.gov.uk", name="Fi Nance", role=DfERole.FINANCE)
    )


def bands(active) -> list[Band]:
    return list(active.bands.order_by("allocation_order"))


def banded(active, **overrides) -> BandedValues:
    terms = tuple(
        BandTermValues(band, fee, "60") for band, fee in zip(bands(active), ("1,400.00", "1300", "1200"), strict=False)
    )
    values = {
        "recruitment_target": "3000",
        "setup_fee": "50000",
        "uplift_fee_per_declaration": "0",
        "monthly_service_fee": "",
        "uplift_target_ratio": "",
        "band_terms": terms,
        **overrides,
    }
    return BandedValues(**values)


def errors_of(error: DomainError) -> dict[str, str]:
    return {failure.field: failure.message for failure in error.errors}


def test_creating_an_ittecf_ectp_contract_with_both_structures(finance, author):
    contract = service.create_contract(
        author=author,
        active_lead_provider=finance.active,
        contract_type=ContractType.ITTECF_ECTP,
        vat_rate="0.2",
        banded=banded(finance.active),
        flat_rate=FlatRateValues("50", "1000"),
    )
    structure = contract.banded_fee_structure
    assert structure.monthly_service_fee is None and structure.setup_fee == Decimal("50000.00")
    terms = list(BandTerm.objects.filter(banded_fee_structure=structure).order_by("band__allocation_order"))
    assert [(t.fee_per_declaration, t.output_fee_ratio, t.service_fee_ratio) for t in terms] == [
        (Decimal("1400.00"), Decimal("0.6"), Decimal("0.4")),
        (Decimal("1300.00"), Decimal("0.6"), Decimal("0.4")),
        (Decimal("1200.00"), Decimal("0.6"), Decimal("0.4")),
    ]
    assert contract.flat_rate_fee_structure.fee_per_declaration == Decimal("1000.00")
    event = Event.objects.get(event_type=EventType.CONTRACT_CREATED)
    assert event.author_id == author.user_id and event.metadata["contract_id"] == contract.pk


def test_every_rule_is_reported_at_once(finance, author):
    with pytest.raises(DomainError) as caught:
        service.create_contract(
            author=author,
            active_lead_provider=finance.active,
            contract_type=ContractType.ITTECF_ECTP,
            vat_rate="1.5",
            banded=banded(
                finance.active,
                recruitment_target="-1",
                setup_fee="12.345",
                band_terms=(BandTermValues(bands(finance.active)[0], "0", "101"),),
            ),
            flat_rate=FlatRateValues("0", "abc"),
        )
    found = errors_of(caught.value)
    assert found["vat_rate"] == service.VAT_RATE_INVALID
    assert found["recruitment_target"] == "Recruitment target must be a whole number, 0 or more"
    assert found["setup_fee"] == "Setup fee must be an amount in pounds and pence, 0 or more"
    assert (
        found["band_a_fee_per_declaration"]
        == "Band A fee per declaration must be an amount in pounds and pence greater than 0"
    )
    assert (
        found["band_a_output_fee_percentage"] == "Band A output fee percentage must be a whole number between 0 and 100"
    )
    assert found["flat_recruitment_target"] == "Mentors recruitment target must be a whole number greater than 0"
    assert (
        found["flat_fee_per_declaration"]
        == "Mentor fee per declaration must be an amount in pounds and pence greater than 0"
    )
    assert Contract.objects.filter(active_lead_provider=finance.active).count() == 1


def test_structure_rules_follow_the_contract_type(finance, author):
    with pytest.raises(DomainError, match=service.FLAT_RATE_NOT_ALLOWED):
        service.create_contract(
            author=author, active_lead_provider=finance.active, contract_type=ContractType.ECF,
            banded=banded(finance.active), flat_rate=FlatRateValues("50", "1000"),
        )  # fmt: skip
    with pytest.raises(DomainError, match=service.FLAT_RATE_REQUIRED):
        service.create_contract(
            author=author, active_lead_provider=finance.active, contract_type=ContractType.ITTECF_ECTP,
            banded=banded(finance.active),
        )  # fmt: skip
    with pytest.raises(DomainError, match=service.CONTRACT_TYPE_INVALID):
        service.create_contract(
            author=author, active_lead_provider=finance.active, contract_type="other", banded=banded(finance.active)
        )


def test_band_terms_only_for_the_providers_own_bands(finance, author):
    beta = ActiveLeadProvider.objects.get(lead_provider=finance.world.beta, contract_period_id=2026)
    other = create_band(active_lead_provider=beta, capacity=5)
    with pytest.raises(DomainError, match=service.BAND_OF_ANOTHER_PROVIDER):
        service.create_contract(
            author=author, active_lead_provider=finance.active, contract_type=ContractType.ECF,
            banded=banded(finance.active, band_terms=(BandTermValues(other, "1000", "60"),)),
        )  # fmt: skip


def test_updating_names_band_fields_by_letter(finance, author):
    updated = service.update_contract(
        author=author,
        contract=finance.contract,
        vat_rate="0.20",
        banded=BandedValues(
            recruitment_target="10",
            setup_fee="30000",
            uplift_fee_per_declaration="100",
            monthly_service_fee="2500",
            uplift_target_ratio="0.33",
            band_terms=(
                BandTermValues(bands(finance.active)[0], "1000", "60"),
                BandTermValues(bands(finance.active)[1], "950", "100"),
            ),
        ),
    )
    assert updated.pk == finance.contract.pk
    event = Event.objects.get(event_type=EventType.CONTRACT_UPDATED)
    assert event.modifications == [
        "Band b fee per declaration changed from '900.00' to '950.00'",
        "Band b output fee ratio changed from '0.6000' to '1.00'",
        "Band b service fee ratio changed from '0.4000' to '0.00'",
    ]
    term = BandTerm.objects.get(band=bands(finance.active)[1], banded_fee_structure__contract=finance.contract)
    assert term.output_fee_ratio == 1 and term.service_fee_ratio == 0

    service.update_contract(
        author=author,
        contract=finance.contract,
        vat_rate="0.20",
        banded=BandedValues("10", "30000", "100", "2500", "0.33", ()),
    )
    assert Event.objects.filter(event_type=EventType.CONTRACT_UPDATED).count() == 1  # nothing changed


def test_a_contract_used_by_statements_cannot_be_deleted(finance, author):
    with pytest.raises(DomainError, match=service.CONTRACT_IN_USE):
        service.delete_contract(author=author, contract=finance.contract)
    spare = service.create_contract(
        author=author,
        active_lead_provider=finance.active,
        contract_type=ContractType.ECF,
        banded=banded(finance.active),
    )
    service.delete_contract(author=author, contract=spare)
    assert not Contract.objects.filter(pk=spare.pk).exists()
    event = Event.objects.get(event_type=EventType.CONTRACT_DELETED)
    assert event.metadata["contract_id"] == spare.pk and event.lead_provider_id == finance.world.alpha.pk


def test_no_contract_changes_once_payments_are_frozen(finance, author):
    ContractPeriod.objects.filter(year=2026).update(payments_frozen_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    with pytest.raises(DomainError, match="payments are frozen"):
        service.create_contract(
            author=author, active_lead_provider=finance.active, contract_type=ContractType.ECF,
            banded=banded(finance.active),
        )  # fmt: skip
    with pytest.raises(DomainError, match="payments are frozen"):
        service.update_contract(author=author, contract=finance.contract, vat_rate="0.2", banded=banded(finance.active))


def test_new_contracts_start_from_the_latest_contracts_band_terms(finance, author):
    defaults = service.band_term_defaults(finance.active)
    assert {
        bands(finance.active)[i].pk: defaults[bands(finance.active)[i].pk].fee_per_declaration for i in range(3)
    } == {
        bands(finance.active)[0].pk: Decimal("1000.00"),
        bands(finance.active)[1].pk: Decimal("900.00"),
        bands(finance.active)[2].pk: Decimal("800.00"),
    }
