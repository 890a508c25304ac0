"""Forms of the finance pages. They only read what was typed; the rules are the finance and providers services'
(`web.forms.submitted` puts their `DomainError`s back on the fields)."""

from __future__ import annotations

import calendar
from typing import Any

from django import forms

from web.forms import DateField, GovUKForm


class StatementFilterForm(GovUKForm):
    """The statements list's filter bar (journeys.md §6.8.2); choices are set by the view."""

    lead_provider = forms.ChoiceField(label="Lead provider", required=False)
    contract_period = forms.ChoiceField(label="Contract year", required=False)
    statement_date = forms.ChoiceField(label="Statement date", required=False)
    statement_type = forms.ChoiceField(label="Statement type", required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, field_choices in choices.items():
            self.fields[name].choices = field_choices


class StatementSelectorForm(GovUKForm):
    """The statement page's "View a different …" selector (§6.8.3 item 1)."""

    lead_provider = forms.ChoiceField(label="View a different provider", required=False)
    contract_period = forms.ChoiceField(label="View a different contract year", required=False)
    statement_date = forms.ChoiceField(label="View a different statement", required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, field_choices in choices.items():
            self.fields[name].choices = field_choices


class AdjustmentForm(GovUKForm):
    """§6.8.5. The amount stays text: `add_statement_adjustment` parses it and says what is wrong with it."""

    payment_type = forms.CharField(
        label="Adjustment name",
        help_text="Describe what the adjustment is for, for example, backdated service fee",
        required=False,
    )
    amount = forms.CharField(
        label="Adjustment amount",
        help_text="Use a minus sign for a negative amount, for example, -45",
        required=False,
    )


class AuthoriseForm(GovUKForm):
    """§6.8.4: one checkbox; the service refuses when it is not ticked."""

    assurance_checks_completed = forms.BooleanField(
        label="I confirm that all assurance checks have been completed and this statement is authorised for payment",
        required=False,
    )


class ContractPeriodForm(GovUKForm):
    """§6.8.7 new / edit contract period; `create_contract_period` and `update_contract_period` check it."""

    year = forms.CharField(label="Year", required=False)
    started_on = DateField(
        label="Start date", error_name="the start date", required=False, help_text="For example, 1 6 2027"
    )
    finished_on = DateField(
        label="End date", error_name="the end date", required=False, help_text="For example, 31 5 2028"
    )
    detailed_evidence_types_enabled = forms.BooleanField(label="Detailed evidence types enabled", required=False)
    mentor_funding_enabled = forms.BooleanField(label="Mentor funding enabled", required=False)
    uplift_fees_enabled = forms.BooleanField(label="Uplift fees enabled", required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"]  # the year is the period's identity

    def clean_year(self) -> int | None:
        """Blank reaches the service (whose rule names it); anything else must be a whole number."""
        value = (self.cleaned_data.get("year") or "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise forms.ValidationError("Year must be a number, for example 2027")
        return int(value)


class ScheduleForm(GovUKForm):
    identifier = forms.ChoiceField(label="Schedule", widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, identifiers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].choices = identifiers


class MilestoneForm(GovUKForm):
    declaration_type = forms.ChoiceField(label="Declaration type", required=False)
    start_date = DateField(
        label="Start date", error_name="the start date", required=False, help_text="For example, 1 6 2027"
    )
    milestone_date = DateField(
        label="Milestone date",
        error_name="the milestone date",
        required=False,
        help_text="Leave blank if there is none",
    )

    def __init__(self, *args: Any, declaration_types: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["declaration_type"].choices = declaration_types


class StatementForm(GovUKForm):
    """§6.8.7 "Statements for an LP": contract, month, year (the contract year to four years on), deadline and
    payment dates. `create_statement` / `update_statement` check them."""

    contract = forms.ChoiceField(label="Contract", required=False)
    month = forms.ChoiceField(label="Month", required=False)
    year = forms.ChoiceField(label="Year", required=False)
    deadline_date = DateField(
        label="Deadline date", error_name="the deadline date", required=False, help_text="For example, 31 12 2027"
    )
    payment_date = DateField(
        label="Payment date", error_name="the payment date", required=False, help_text="For example, 25 1 2028"
    )

    def __init__(self, *args: Any, contracts: list[tuple[str, str]], years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [("", "Choose a contract"), *contracts]
        self.fields["month"].choices = [("", "Choose a month")] + [
            (str(number), calendar.month_name[number]) for number in range(1, 13)
        ]
        self.fields["year"].choices = [("", "Choose a year")] + [(str(year), str(year)) for year in years]


class VoidDeclarationForm(GovUKForm):
    """§6.8.6: one checkbox before a declaration is voided (or clawed back)."""

    confirmed = forms.BooleanField(
        label="I confirm I want to void this declaration and understand it cannot be undone",
        required=False,
    )

    def clean_confirmed(self) -> bool:
        if not self.cleaned_data["confirmed"]:
            raise forms.ValidationError("Confirm you want to void this declaration")
        return True


class SearchDeclarationsForm(GovUKForm):
    declaration_id = forms.CharField(label="Declaration ID", required=False)


class ContractForm(GovUKForm):
    """§6.8.7 "Contracts": type (new contracts only), VAT rate, the flat-rate structure (ITTECF ECTP only), the
    banded structure and one fee and output percentage per band. Everything is text; `finance.services.contracts`
    reads and checks it, with errors named after these fields."""

    contract_type = forms.ChoiceField(
        label="Contract type",
        widget=forms.RadioSelect,
        choices=[("ecf", "ECF"), ("ittecf_ectp", "ITTECF_ECTP")],
        required=False,
    )
    vat_rate = forms.CharField(label="VAT rate", help_text="A decimal, for example 0.2 for 20%", required=False)
    flat_recruitment_target = forms.CharField(label="Mentors recruitment target", required=False)
    flat_fee_per_declaration = forms.CharField(label="Mentor fee per declaration", required=False)
    recruitment_target = forms.CharField(label="Recruitment target", required=False)
    uplift_fee_per_declaration = forms.CharField(label="Uplift fee per declaration", required=False)
    monthly_service_fee = forms.CharField(
        label="Monthly service fee",
        help_text="Leave blank to calculate it from the recruitment target, bands and setup fee",
        required=False,
    )
    setup_fee = forms.CharField(label="Setup fee", required=False)
    uplift_target_ratio = forms.CharField(
        label="Uplift target", help_text="Optional. A decimal, for example 0.33 for 33%", required=False
    )

    def __init__(self, *args: Any, bands: list, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["contract_type"]
        self.band_fields = []
        for band in bands:
            letter = chr(ord("a") + band.allocation_order - 1)
            fee, output = f"band_{letter}_fee_per_declaration", f"band_{letter}_output_fee_percentage"
            self.fields[fee] = forms.CharField(label=f"Band {letter.upper()} fee per declaration", required=False)
            self.fields[output] = forms.CharField(
                label=f"Band {letter.upper()} output fee percentage",
                help_text="The service fee percentage is 100 minus this",
                required=False,
            )
            self.band_fields.append((band, self[fee], self[output]))


class ActivateLeadProviderForm(GovUKForm):
    lead_provider = forms.ChoiceField(label="Lead provider", required=False)

    def __init__(self, *args: Any, lead_providers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lead_provider"].choices = [("", "Choose a lead provider"), *lead_providers]


class BandForm(GovUKForm):
    capacity = forms.CharField(label="Capacity", help_text="The number of declarations of each type", required=False)


class PairDeliveryPartnerForm(GovUKForm):
    delivery_partner = forms.ChoiceField(label="Delivery partner", required=False)

    def __init__(self, *args: Any, delivery_partners: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["delivery_partner"].choices = [("", "Choose a delivery partner"), *delivery_partners]
