"""Rendering pages with forms: a failed submission re-renders the page with HTTP 422 (journeys.md §0)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def has_errors(context: dict[str, Any]) -> bool:
    return any(
        isinstance(value, forms.BaseForm) and value.is_bound and bool(value.errors) for value in context.values()
    )


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, status: int | None = None
) -> HttpResponse:
    """`render`, but 422 when any bound form in the context has errors."""
    context = context or {}
    return render(request, template, context, status=status or (422 if has_errors(context) else 200))
