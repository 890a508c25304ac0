"""Views for the contract and guidance pages. Content lives in the templates (prose) and in `content.py`
(tables taken from the specification, release notes)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import content
from .contract import contract_json, contract_yaml, operations_by_tag


def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/api_docs.html", {"operations_by_tag": operations_by_tag(), "section": "docs"})


def contract_as_yaml(request: HttpRequest) -> HttpResponse:
    return HttpResponse(contract_yaml(), content_type="application/yaml; charset=utf-8")


def contract_as_json(request: HttpRequest) -> HttpResponse:
    return HttpResponse(contract_json(), content_type="application/json; charset=utf-8")


def page(request: HttpRequest, slug: str) -> HttpResponse:
    guidance_page = content.PAGES_BY_SLUG.get(slug)
    if guidance_page is None or guidance_page.slug == "release-notes":
        raise Http404
    return render(
        request, guidance_page.template, {"page": guidance_page, "section": "guidance", **guidance_page.context()}
    )


def release_notes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/release_notes.html",
        {"page": content.PAGES_BY_SLUG["release-notes"], "notes": content.RELEASE_NOTES, "section": "release-notes"},
    )


def release_note(request: HttpRequest, slug: str) -> HttpResponse:
    note = content.RELEASE_NOTES_BY_SLUG.get(slug)
    if note is None:
        raise Http404
    return render(
        request,
        "guidance/release_note.html",
        {"page": content.PAGES_BY_SLUG["release-notes"], "note": note, "section": "release-notes"},
    )
