"""Fixtures the teachers app's tests share: Oakfield's partnerships with Alpha (through Delta) in two years."""

import pytest

from tests import builders_training as b


@pytest.fixture
def alpha_2025(world):
    return b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2025, delivery_partner=world.delta)


@pytest.fixture
def alpha_2026(world):
    return b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta)
