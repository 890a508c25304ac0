"""The questions of the Register an ECT journey (journeys.md §4.6). Every rule is a call to
`teachers.validation.ect_registration`; these forms only turn its DomainErrors into field errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from appropriate_bodies.models import AppropriateBodyPeriod, AppropriateBodyType
from core.errors import DomainError
from providers.models import ContractPeriod
from schools.models import School
from teachers.models import Teacher
from teachers.selectors.registration import lead_providers_for_registration
from teachers.validation import ect_registration as rules
from web.forms import DateInput, GovUKForm


class DatePartsField(forms.MultiValueField):
    """Three boxes whose raw parts go to the domain's own date rules (their messages are the spec's)."""

    widget = DateInput

    def __init__(self, **kwargs: Any):
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=fields, require_all_fields=False, required=False, **kwargs)

    def clean(self, value: Any) -> list[str]:
        return [str(part or "").strip() for part in (value or ["", "", ""])]

    def compress(self, data_list: list[Any]) -> Any:
        return data_list


class OpenChoiceField(forms.ChoiceField):
    """Radios or a select whose value the domain checks (so its message, not Django's, is shown)."""

    def valid_value(self, value: Any) -> bool:
        return True


class DomainForm(GovUKForm):
    """Runs domain validators, putting each DomainError on the form field it names (`field_map` renames)."""

    field_map: dict[str, str] = {}

    def check(self, field: str, validator: Callable[[], Any]) -> Any:
        try:
            return validator()
        except DomainError as error:
            for each in error.errors:
                name = self.field_map.get(each.field, each.field)
                self.add_error(name if name in self.fields else field, each.message)
            return None


class FindECTForm(DomainForm):
    trn = forms.CharField(
        label="Teacher reference number (TRN)",
        required=False,
        help_text=(
            "This unique ID is usually 7 digits long. It may include letters or a slash, for example RP99/12345. "
            "They can find it on their payslip, teaching contract or General Teaching Council for England (GTCE) "
            "documents."
        ),
    )
    date_of_birth = DatePartsField(label="Date of birth", help_text="For example, 31 3 1980")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["trn"] = self.check("trn", lambda: rules.validate_trn(data.get("trn")))
        parts = data.get("date_of_birth") or ["", "", ""]
        data["date_of_birth"] = self.check("date_of_birth", lambda: rules.date_of_birth_from_parts(*parts))
        return data


class NationalInsuranceNumberForm(DomainForm):
    national_insurance_number = forms.CharField(
        label="National Insurance Number",
        required=False,
        help_text="It’s on their National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 D’.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["national_insurance_number"] = self.check(
            "national_insurance_number",
            lambda: rules.validate_national_insurance_number(data.get("national_insurance_number")),
        )
        return data


class ReviewECTDetailsForm(DomainForm):
    change_name = OpenChoiceField(
        label="Are these details correct for the ECT?",
        choices=[("no", "Yes"), ("yes", "No, they changed their name or it's spelt wrong")],
        widget=forms.RadioSelect,
        required=False,
    )
    corrected_name = forms.CharField(
        label="Enter the correct full name",
        required=False,
        help_text=(
            "This name will be used in this service and in messages to the ECT. They can correct their teacher "
            "record through the Access your teaching qualifications service."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["corrected_name"] = self.check(
            "change_name",
            lambda: rules.validate_corrected_name(
                change_name=data.get("change_name") or None, corrected_name=data.get("corrected_name")
            ),
        )
        return data


class ContinueForm(GovUKForm):
    """A page with only a "Continue" button (its answer is that it was seen)."""

    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class EmailAddressForm(DomainForm):
    email = forms.CharField(label="Email address", required=False, widget=forms.EmailInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["email"] = self.check("email", lambda: rules.validate_email(data.get("email")))
        return data


class StartDateForm(DomainForm):
    started_on = DatePartsField(label="Start date")

    def __init__(self, *args: Any, school: School, teacher: Teacher | None, name: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.school, self.teacher, self.name = school, teacher, name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        parts = data.get("started_on") or ["", "", ""]
        started_on = self.check("started_on", lambda: rules.start_date_from_parts(*parts))
        if started_on is not None:
            started_on = self.check(
                "started_on",
                lambda: rules.validate_start_date(
                    started_on=started_on, teacher=self.teacher, school=self.school, name=self.name
                ),
            )
        data["started_on"] = started_on
        return data


class WorkingPatternForm(DomainForm):
    working_pattern = OpenChoiceField(
        choices=[("full_time", "Full time"), ("part_time", "Part time")], widget=forms.RadioSelect, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["working_pattern"] = self.check(
            "working_pattern", lambda: rules.validate_working_pattern(data.get("working_pattern") or None)
        )
        return data


class UsePreviousChoicesForm(DomainForm):
    use_previous_ect_choices = OpenChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args: Any, school: School, contract_period: ContractPeriod | None, previous: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.school, self.contract_period, self.previous = school, contract_period, previous

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answer = {"yes": True, "no": False}.get(data.get("use_previous_ect_choices") or "")
        choices = self.check(
            "use_previous_ect_choices",
            lambda: (
                rules.use_previous_choices(
                    answer=answer,
                    school=self.school,
                    contract_period=self.contract_period,
                    previous_training_period=self.previous,
                )
                or False
            ),
        )
        data["reuse"] = bool(choices)
        if choices:
            data["appropriate_body"] = choices.appropriate_body.pk
            data["training_programme"] = choices.training_programme
            data["lead_provider"] = choices.lead_provider.pk if choices.lead_provider else None
            data["school_partnership"] = choices.school_partnership.pk if choices.school_partnership else None
        return data


def teaching_school_hubs() -> list[tuple[str, str]]:
    hubs = AppropriateBodyPeriod.objects.filter(
        body_type=AppropriateBodyType.TEACHING_SCHOOL_HUB, dfe_sign_in_organisation_id__isnull=False
    ).order_by("name")
    return [("", "")] + [(str(body.pk), body.name) for body in hubs]


class StateSchoolAppropriateBodyForm(DomainForm):
    appropriate_body = OpenChoiceField(label="Enter appropriate body name", required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["appropriate_body"].choices = teaching_school_hubs()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body = self.check(
            "appropriate_body",
            lambda: rules.validate_appropriate_body_choice(
                school=self.school, appropriate_body=data.get("appropriate_body") or None
            ),
        )
        data["appropriate_body"] = body.pk if body else None
        return data


class IndependentSchoolAppropriateBodyForm(StateSchoolAppropriateBodyForm):
    appropriate_body_type = OpenChoiceField(
        choices=[
            ("national", "Independent Schools Teacher Induction Panel (ISTIP)"),
            ("teaching_school_hub", "A different appropriate body (teaching school hub)"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    field_order = ["appropriate_body_type", "appropriate_body"]

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self)
        body_type = data.get("appropriate_body_type") or None
        chosen = None if body_type == "national" else (data.get("appropriate_body") or None)
        body = self.check(
            "appropriate_body_type" if body_type is None else "appropriate_body",
            lambda: rules.validate_appropriate_body_choice(
                school=self.school, appropriate_body=chosen, body_type=body_type
            ),
        )
        data["appropriate_body"] = body.pk if body else None
        return data


class TrainingProgrammeForm(DomainForm):
    training_programme = OpenChoiceField(
        choices=[("provider_led", "Provider-led"), ("school_led", "School-led")],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["training_programme"].choice_hints = {
            "provider_led": (
                "Your school will work with providers who will design and deliver training based on the initial "
                "teacher training and early career framework, funded by the Department for Education."
            ),
            "school_led": (
                "Your school will design and deliver its own training based on the initial teacher training and "
                "early career framework."
            ),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["training_programme"] = self.check(
            "training_programme", lambda: rules.validate_training_programme(data.get("training_programme") or None)
        )
        return data


class LeadProviderForm(DomainForm):
    lead_provider = OpenChoiceField(widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, contract_period: ContractPeriod | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.contract_period = contract_period
        self.fields["lead_provider"].choices = [
            (str(provider.pk), provider.name) for provider in lead_providers_for_registration(contract_period)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        provider = self.check(
            "lead_provider",
            lambda: rules.validate_lead_provider(
                lead_provider=data.get("lead_provider") or None, contract_period=self.contract_period
            ),
        )
        data["lead_provider"] = provider.pk if provider else None
        return data
