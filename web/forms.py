"""Form pieces for GOV.UK pages: the three-field date input (journeys.md §0), a base form whose errors read
the GOV.UK way, and the one way a page submits a change to a service (`submitted`). Render fields with
`{% govuk_field %}` and the summary with `{% govuk_error_summary %}` (`web.templatetags.govuk`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, QueryDict

from core.errors import DomainError

Result = TypeVar("Result")

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class DateInput(forms.MultiWidget):
    """Day, Month, Year text boxes named `<name>_day`, `<name>_month`, `<name>_year`."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        numeric = {"inputmode": "numeric"}
        super().__init__(
            widgets={
                "day": forms.TextInput(numeric),
                "month": forms.TextInput(numeric),
                "year": forms.TextInput(numeric),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A real date from three boxes, with GOV.UK error messages naming what is wrong. `label` in the messages
    is the field's `error_name` (for example "the start date"), else its label in lower case."""

    widget = DateInput

    def __init__(self, *, error_name: str | None = None, **kwargs: Any):
        self.error_name = error_name
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        if self.error_name:
            return self.error_name
        return str(self.label or "the date").lower()

    def clean(self, value: Any) -> dt.date | None:
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        day, month, year = parts
        name = self._name()
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {name}", code="required")
            return None
        missing = [label for label, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValidationError(
                f"{name[0].upper()}{name[1:]} must include a {' and a '.join(missing)}", code="incomplete"
            )
        month_number = MONTH_NAMES.get(month.lower()) if not month.isdigit() else int(month)
        if not (day.isdigit() and month_number and year.isdigit()):
            raise ValidationError(f"{name[0].upper()}{name[1:]} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return dt.date(int(year), int(month_number), int(day))
        except ValueError as exc:
            raise ValidationError(f"{name[0].upper()}{name[1:]} must be a real date", code="invalid") from exc

    def compress(self, data_list: list[Any]) -> Any:  # clean() above does the work
        return data_list


class GovUKForm(forms.Form):
    """Forms whose fields render with `{% govuk_field %}`. Adds nothing but the GOV.UK-style required message
    when a field has none of its own ("Enter …" / "Select …" are better written per field)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST (even an empty one, so its errors show), else None for an unbound form."""
    return request.POST if request.method == "POST" else None


def show_domain_errors(form: forms.Form, error: DomainError, *, fields: Mapping[str, str | None] | None = None) -> None:
    """Put each failure of a service on the form: on the field it names (after renaming through `fields`, service
    field → form field, or → None for the top), else at the top, once each. Messages kept in the reference's Rails
    style ("can't be blank") get the field's label in front so that they read on their own in the error summary."""
    renames = fields or {}
    for failure in error.errors:
        name = renames.get(failure.field, failure.field)
        field = form.fields.get(name) if name else None
        message = failure.message
        if field is not None and message[:1].islower():
            message = f"{field.label} {message}"
        target = name if field is not None else None
        if message not in form.errors.get(target or NON_FIELD_ERRORS, []):
            form.add_error(target, message)


@dataclass(frozen=True)
class Done(Generic[Result]):
    """A change the service made, with what it returned (the created record, say) for the success message."""

    result: Result


def submitted(
    request: HttpRequest,
    form: forms.Form,
    change: Callable[[dict[str, Any]], Result],
    *,
    fields: Mapping[str, str | None] | None = None,
) -> Done[Result] | None:
    """Every page that changes something has one shape: a valid POST calls a service with what was typed, and the
    service's rule failures go back onto the form. `Done` when the change was made; the view then says so and
    redirects. None (a GET, a form error or a broken rule) means show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Done(change(form.cleaned_data))
    except DomainError as error:
        show_domain_errors(form, error, fields=fields)
        return None
