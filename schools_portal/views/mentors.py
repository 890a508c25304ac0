"""Mentors pages (journeys.md §4.7–§4.9, §4.11)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
