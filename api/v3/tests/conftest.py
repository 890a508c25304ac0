"""Fixtures for v3 endpoint tests."""

from __future__ import annotations

import pytest

from api.v3.testing import V3Client


@pytest.fixture
def v3_client():
    """`v3_client(lead_provider)`: a client authenticated as that provider, checking the contract."""
    return V3Client
