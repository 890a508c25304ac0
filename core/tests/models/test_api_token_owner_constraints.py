"""Raw-SQL tests: an API token belongs to exactly one lead provider or one appropriate body
(docs/appropriate-body-api.md), so the lead provider API and the appropriate body API never share a token."""

from __future__ import annotations

import pytest

from core.tests.models.sql import insert, refused
from tests.builders import create_appropriate_body, create_lead_provider

pytestmark = pytest.mark.django_db


def test_a_token_for_a_lead_provider_or_an_appropriate_body_is_accepted():
    insert("api_tokens", lead_provider_id=create_lead_provider().pk, hashed_token="a" * 64, description="LP")
    insert("api_tokens", appropriate_body_id=create_appropriate_body().pk, hashed_token="b" * 64, description="AB")


def test_a_token_with_no_owner_is_refused():
    assert refused("api_tokens", hashed_token="c" * 64, description="nobody's") == "api_tokens_one_owner"


def test_a_token_with_both_owners_is_refused():
    both = dict(lead_provider_id=create_lead_provider().pk, appropriate_body_id=create_appropriate_body().pk)
    assert refused("api_tokens", **both, hashed_token="d" * 64, description="both") == "api_tokens_one_owner"
