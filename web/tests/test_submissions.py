"""The one shape of a page that changes something (`web.forms.submitted`): valid POST → service; the service's
rule failures land on the fields they name, read on their own, and appear once; nothing else calls the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.test import RequestFactory

from core.errors import DomainError, DomainErrors
from web.forms import GovUKForm, posted, show_domain_errors, submitted


class AmountForm(GovUKForm):
    amount = forms.CharField(label="Amount", required=False)
    reason = forms.CharField(label="Reason", error_messages={"required": "Enter a reason"})


def _post(data: dict[str, str]) -> Any:
    return RequestFactory().post("/", data)


def test_a_valid_post_calls_the_service_with_what_was_typed():
    calls: list[dict[str, Any]] = []
    request = _post({"amount": "12.50", "reason": "Overpaid"})
    form = AmountForm(posted(request))

    done = submitted(request, form, lambda data: calls.append(data) or len(calls))
    assert done is not None and done.result == 1
    assert calls == [{"amount": "12.50", "reason": "Overpaid"}]


def test_a_get_or_an_invalid_form_never_reaches_the_service():
    calls: list[dict[str, Any]] = []
    get = RequestFactory().get("/")
    assert posted(get) is None
    assert submitted(get, AmountForm(posted(get)), calls.append) is None

    empty_post = _post({})
    form = AmountForm(posted(empty_post))
    assert submitted(empty_post, form, calls.append) is None
    assert calls == []
    assert form.errors["reason"] == ["Enter a reason"]


def test_broken_rules_go_on_their_fields_renamed_labelled_and_once():
    def refuse(data: dict[str, Any]) -> None:
        raise DomainErrors(
            [
                DomainError("payment_amount", "can't be blank"),
                DomainError("payment_amount", "can't be blank"),
                DomainError("statement", "The statement has been paid"),
                DomainError("unknown_field", "Something else is wrong"),
            ]
        )

    request = _post({"amount": "", "reason": "Overpaid"})
    form = AmountForm(posted(request))

    assert submitted(request, form, refuse, fields={"payment_amount": "amount", "statement": None}) is None
    assert form.errors["amount"] == ["Amount can't be blank"]
    assert form.non_field_errors() == ["The statement has been paid", "Something else is wrong"]


def test_a_message_that_reads_on_its_own_is_kept_as_it_is():
    form = AmountForm({"amount": "1", "reason": "x"})
    assert form.is_valid()
    show_domain_errors(form, DomainError("amount", "Amount must be less than £1,000,000"))
    assert form.errors["amount"] == ["Amount must be less than £1,000,000"]
