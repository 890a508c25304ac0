"""The public documentation under /api/: the contract (interactive page and raw document) and the guidance
pages, reachable from each other, served by this app alone (no outside assets) and readable without JavaScript."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import orjson
import pytest
import yaml

from guidance.content import PAGES, RELEASE_NOTES
from guidance.contract import CONTRACT_PATH

GUIDANCE_PAGES = {
    "/api/guidance": "Lead provider API guidance",
    "/api/guidance/getting-started": "Getting started",
    "/api/guidance/definitions-and-states": "Definitions and states",
    "/api/guidance/schedules-and-milestone-dates": "Schedules and milestone dates",
    "/api/guidance/release-notes": "Release notes",
    "/api/docs/v3": "API reference",
}


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.h1: list[str] = []
        self.title = ""
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon", "apple-touch-icon"):
            self.assets.append(attributes["href"])
        if tag in ("h1", "title"):
            self._in = tag
            if tag == "h1":
                self.h1.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "h1":
            self.h1[-1] += data
        elif self._in == "title":
            self.title += data


def get_page(client, path: str) -> Page:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return Page(response.content.decode())


@pytest.mark.parametrize(("path", "heading"), GUIDANCE_PAGES.items())
def test_each_page_has_its_heading_title_and_local_assets(client, path, heading):
    page = get_page(client, path)

    assert [h.strip() for h in page.h1] == [heading]
    assert page.title.startswith(heading if path != "/api/guidance" else "Lead provider API guidance")
    assert page.title.endswith("– Lead provider API – GOV.UK")
    assert any(asset.endswith("govuk-frontend.min.css") for asset in page.assets)
    for asset in page.assets:
        assert asset.startswith("/static/"), f"{asset} is not served by this app"
        assert client.get(asset).status_code == 200, asset


def test_every_page_links_to_every_other_and_every_link_works(client):
    """Starting from the guidance home page, following this app's links reaches every page, and none is broken."""
    seen: set[str] = set()
    to_visit = ["/api/guidance"]
    while to_visit:
        path = to_visit.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith("text/html"):
            continue
        for link in Page(response.content.decode()).links:
            target = link.split("#")[0]
            if target.startswith("/api/") and not target.startswith("/api/v3"):
                to_visit.append(target)

    expected = set(GUIDANCE_PAGES) | {f"/api/guidance/release-notes/{note.slug}" for note in RELEASE_NOTES}
    expected |= {"/api/docs/v3/openapi.yaml", "/api/docs/v3/openapi.json"}
    assert expected <= seen
    for path in set(GUIDANCE_PAGES) - {"/api/docs/v3"}:
        assert set(GUIDANCE_PAGES) <= {link.split("#")[0] for link in get_page(client, path).links}, path
    assert {
        "/api/guidance",
        "/api/guidance/getting-started",
        "/api/guidance/release-notes",
        "/api/docs/v3/openapi.yaml",
        "/api/docs/v3/openapi.json",
    } <= set(get_page(client, "/api/docs/v3").links)


def test_the_page_list_matches_the_routes(client):
    assert {f"/api/guidance/{page.slug}" if page.slug != "index" else "/api/guidance" for page in PAGES} == set(
        GUIDANCE_PAGES
    ) - {"/api/docs/v3"}


def test_raw_yaml_is_the_contract_file_unchanged(client):
    for path in ("/api/docs/v3/openapi.yaml", "/api/docs/v3/swagger.yaml"):
        response = client.get(path)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/yaml; charset=utf-8"
        assert response.content == CONTRACT_PATH.read_bytes()


def test_raw_json_is_the_same_document(client):
    response = client.get("/api/docs/v3/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = orjson.loads(response.content)
    assert document == yaml.safe_load(CONTRACT_PATH.read_bytes())
    assert document["openapi"] == "3.0.1"
    assert len(document["paths"]) == 21


def test_api_reference_lists_every_operation_without_javascript(client):
    """The endpoint tables are in the HTML itself; Swagger UI only adds the interactive part."""
    html = client.get("/api/docs/v3").content.decode()
    document = yaml.safe_load(CONTRACT_PATH.read_bytes())
    rows = re.findall(
        r'govuk-tag--\w+">(GET|POST|PUT)</strong></td><td class="govuk-table__cell"><code>([^<]+)</code>', html
    )

    expected = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert set(rows) == expected
    assert len(rows) == 24  # the 24 routes of lead-provider-api.md §1.1, as the contract describes them
    assert 'data-openapi-url="/api/docs/v3/openapi.json"' in html
    assert "<noscript>" in html


def test_swagger_ui_assets_come_from_the_installed_package(client):
    page = get_page(client, "/api/docs/v3")

    assert "/static/ninja/swagger-ui-bundle.js" in page.assets
    assert "/static/ninja/swagger-ui.css" in page.assets
    script = b"".join(client.get("/static/guidance/swagger-init.js").streaming_content)
    assert b"validatorUrl: null" in script  # no call to an outside validator


def test_old_documentation_link_redirects_to_the_reference(client):
    response = client.get("/api/guidance/swagger-api-documentation")

    assert response.status_code == 302
    assert response["Location"] == "/api/docs/v3"


@pytest.mark.parametrize("path", ["/api/docs/v4", "/api/docs/", "/api/docs", "/api/guidance/no-such-page"])
def test_unknown_documentation_paths_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_unknown_release_note_is_not_found(client):
    assert client.get("/api/guidance/release-notes/no-such-note").status_code == 404


def test_schedules_page_shows_the_specification_dates(client):
    html = client.get("/api/guidance/schedules-and-milestone-dates").content.decode()

    # lead-provider-api.md §14.4: first and last rows of the standard table, and a 2025+ start date.
    assert "1 Sep 2021 to 30 Nov 2021" in html
    assert "1 Jan 2027 to 31 Mar 2027" in html
    assert '<code>ecf-standard-january</code></td><td class="govuk-table__cell">1 Jan 2026</td>' in html
    # §14.1: payments frozen since, and a cohort without.
    assert "Yes, since 18 June 2024" in html
    assert html.count("<code>ecf-") >= 12


def test_getting_started_covers_what_a_provider_needs(client):
    html = client.get("/api/guidance/getting-started").content.decode()

    for heading in (
        "Get an access token",
        "Base URLs",
        "Authenticate your requests",
        "Pagination",
        "Filtering",
        "Keep your records up to date with updated_since",
        "Errors",
        "Rate limits",
    ):
        assert f">{heading}</h2>" in html
    assert "https://www.register-early-career-teachers.education.gov.uk/api/v3" in html
    assert "https://sandbox.register-early-career-teachers.education.gov.uk/api/v3" in html
    assert '{"error":"HTTP Token: Access denied"}' in html
