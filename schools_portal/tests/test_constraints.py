"""What the database itself refuses on support queries (domain.md §5.23). Rows go straight to PostgreSQL."""

from __future__ import annotations

import pytest

from core.tests.models.sql import insert, refused, refused_update

pytestmark = pytest.mark.django_db


def query(**values):
    return {
        "name": "Ida Tutor",
        "email": "ida@oakfield.sch.uk",
        "school_name": "Oakfield Primary",
        "school_urn": 100001,
        "message": "Help",
        "state": "pending",
        **values,
    }


def test_a_support_query_state_is_one_of_the_four():
    assert refused("support_queries", **query(state="lost")) == "support_queries_state_valid"
    insert("support_queries", **query(state="failed"))


def test_a_sent_support_query_has_its_zendesk_ticket():
    assert refused("support_queries", **query(state="sent")) == "support_queries_sent_has_ticket"
    row = insert("support_queries", **query(state="sending"))
    assert refused_update("support_queries", row, state="sent") == "support_queries_sent_has_ticket"
    insert("support_queries", **query(state="sent", zendesk_id=12))
