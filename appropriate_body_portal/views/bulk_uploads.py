"""Bulk claims and outcomes by CSV upload (journeys.md §5)."""

from __future__ import annotations

urlpatterns: list = []
