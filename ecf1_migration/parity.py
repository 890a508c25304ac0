"""API parity checks (migration.md §17.5, §18.5 "API parity", §19 check 12): the same GET request, with each lead
provider's own token, sent to the old service's API and to ours; every page compared after normalisation.

The old side is either the live ECF1 API (`HttpSide`) or answers recorded from it earlier (`RecordedSide`, what
§17.6's extraction scripts keep for offline comparison); `record` writes such a folder from any side. The new
side is our API over HTTP, or in process (`DjangoSide`). The POST/PUT variants of §17.5 change data on both
services and are not run by this tool."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import math
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import connection

PER_PAGE = 100
MAX_PAGES = 10_000
LOCK_KEY = 0x45434631  # "ECF1": one parity run at a time (§17.5 "Runs")

# §17.5 "Normalisation": keys removed at any depth, per endpoint.
EXCLUDED_KEYS: dict[str, frozenset[str]] = {
    "statements": frozenset({"type"}),
    "schools": frozenset({"expression_of_interest", "induction_tutor_name", "induction_tutor_email"}),
    "participant_declarations": frozenset({"has_passed"}),
    "partnerships": frozenset({"participants_currently_training", "challenged_at", "challenged_reason", "status"}),
}


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    ms: float


class Side(Protocol):
    def get(self, path: str, params: dict[str, str], token: str) -> Answer: ...


@dataclass(frozen=True)
class Variant:
    """One GET request shape. `endpoint` names the exclusion list; `paged` ones are walked page by page."""

    name: str
    endpoint: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    paged: bool = True


# Comparison ------------------------------------------------------------------------------------------------


def _strip(node: Any, excluded: frozenset[str]) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v, excluded) for k, v in node.items() if k not in excluded}
    if isinstance(node, list):
        return [_strip(v, excluded) for v in node]
    return node


def normalise(body: str, endpoint: str) -> str:
    """Parse, drop the endpoint's excluded keys at any depth, pretty-print (keys sorted, so key order is no
    difference). A body that is not JSON is compared as it is."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return body
    return json.dumps(_strip(parsed, EXCLUDED_KEYS.get(endpoint, frozenset())), indent=2, sort_keys=True)


def match_rate(old: Answer, new: Answer, endpoint: str) -> int:
    """0 if the status codes differ; 100 if the normalised bodies are identical; otherwise
    ⌊100 × (1 − |lines only in one body| ÷ (lines in old + lines in new))⌋ over sets of lines."""
    if old.status != new.status:
        return 0
    a, b = normalise(old.body, endpoint), normalise(new.body, endpoint)
    if a == b:
        return 100
    old_lines, new_lines = set(a.splitlines()), set(b.splitlines())
    total = len(a.splitlines()) + len(b.splitlines())
    return math.floor(100 * (1 - len(old_lines ^ new_lines) / total)) if total else 100


def ids(body: str) -> set[str]:
    """Resource ids of a JSON:API body (`data` a list or one resource)."""
    try:
        data = json.loads(body).get("data")
    except (ValueError, AttributeError):
        return set()
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return {str(item["id"]) for item in items if isinstance(item, dict) and "id" in item}


def performance(old_ms: float, new_ms: float) -> float:
    """old ÷ new; below 1 shown as −(1 ÷ ratio) (so −2.0 means the new service took twice as long); 1 dp."""
    if old_ms <= 0 or new_ms <= 0:
        return 0.0
    ratio = old_ms / new_ms
    return round(ratio if ratio >= 1 else -(1 / ratio), 1)


# Sides -----------------------------------------------------------------------------------------------------


@dataclass
class HttpSide:
    base_url: str  # e.g. https://manage-training-for-early-career-teachers.education.gov.uk
    timeout: float = 60.0

    def get(self, path: str, params: dict[str, str], token: str) -> Answer:
        url = self.base_url.rstrip("/") + path + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
        )
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        return Answer(status, body, (time.monotonic() - began) * 1000)


@dataclass
class DjangoSide:
    """Our API in this process (tests, or a run beside the database without a web server)."""

    def get(self, path: str, params: dict[str, str], token: str) -> Answer:
        from django.test import Client

        began = time.monotonic()
        response = Client().get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")
        return Answer(response.status_code, response.content.decode(), (time.monotonic() - began) * 1000)


def _key(lead_provider: str, path: str, params: dict[str, str]) -> str:
    text = json.dumps([lead_provider, path, sorted(params.items())])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class RecordedSide:
    """Answers recorded earlier, one JSON file per (lead provider, path, query), keyed by their digest. The token
    given to `get` names the lead provider the answer was recorded for."""

    folder: Path

    def get(self, path: str, params: dict[str, str], token: str) -> Answer:
        file = self.folder / f"{_key(token, path, params)}.json"
        if not file.exists():
            return Answer(404, '{"errors":[{"title":"not recorded"}]}', 0.0)
        stored = json.loads(file.read_text())
        return Answer(stored["status"], stored["body"], stored["ms"])


@dataclass
class Recorder:
    """Wraps a side and writes every answer into a folder a `RecordedSide` reads back."""

    side: Side
    folder: Path
    names: dict[str, str]  # token -> lead provider name (the recorded side's "token")

    def get(self, path: str, params: dict[str, str], token: str) -> Answer:
        answer = self.side.get(path, params, token)
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = {"path": path, "params": params, "status": answer.status, "body": answer.body, "ms": answer.ms}
        (self.folder / f"{_key(self.names[token], path, params)}.json").write_text(json.dumps(stored))
        return answer


# Running ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadProviderTokens:
    """A lead provider's token on each side. For a `RecordedSide` the old "token" is the lead provider's name."""

    name: str
    old_token: str
    new_token: str


@dataclass
class Result:
    lead_provider: str
    variant: Variant
    pages: int = 0
    old_statuses: set[int] = field(default_factory=set)
    new_statuses: set[int] = field(default_factory=set)
    page_rates: list[int] = field(default_factory=list)
    only_old: set[str] = field(default_factory=set)
    only_new: set[str] = field(default_factory=set)
    old_ms: float = 0.0
    new_ms: float = 0.0

    def row(self) -> dict:
        rate = min(self.page_rates) if self.page_rates else 100
        return {
            "lead_provider": self.lead_provider, "endpoint": self.variant.endpoint, "variant": self.variant.name,
            "path": self.variant.path, "query": urllib.parse.urlencode(self.variant.params), "pages": self.pages,
            "old_status": ",".join(map(str, sorted(self.old_statuses))),
            "new_status": ",".join(map(str, sorted(self.new_statuses))),
            "match_rate": rate, "pages_differing": sum(1 for r in self.page_rates if r < 100),
            "ids_only_old": len(self.only_old), "ids_only_new": len(self.only_new),
            "ids_only_old_list": " ".join(sorted(self.only_old)[:50]),
            "ids_only_new_list": " ".join(sorted(self.only_new)[:50]),
            "performance": performance(self.old_ms, self.new_ms),
        }  # fmt: skip


def compare(old: Side, new: Side, tokens: LeadProviderTokens, variant: Variant) -> Result:
    """Every page of one variant for one lead provider (100 per page), until both sides run out."""
    result = Result(tokens.name, variant)
    for page in range(1, MAX_PAGES + 1):
        params = dict(variant.params)
        if variant.paged:
            params.update({"page[page]": str(page), "page[per_page]": str(PER_PAGE)})
        a = old.get(variant.path, params, tokens.old_token)
        b = new.get(variant.path, params, tokens.new_token)
        result.pages += 1
        result.old_statuses.add(a.status)
        result.new_statuses.add(b.status)
        result.page_rates.append(match_rate(a, b, variant.endpoint))
        old_ids, new_ids = ids(a.body), ids(b.body)
        result.only_old |= old_ids - new_ids
        result.only_new |= new_ids - old_ids
        result.old_ms += a.ms
        result.new_ms += b.ms
        if not variant.paged or (len(old_ids) < PER_PAGE and len(new_ids) < PER_PAGE):
            break
    return result


def run(
    old: Side,
    new: Side,
    lead_providers: Iterable[LeadProviderTokens],
    variants_for: Callable[[LeadProviderTokens], list[Variant]],
    *,
    concurrent: bool = False,
) -> list[dict]:
    """One run (refused while another holds the lock): every variant for every lead provider, sequentially or
    one thread per lead provider."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise RuntimeError("Another API parity run is in progress")
    try:

        def one(tokens: LeadProviderTokens) -> list[dict]:
            return [compare(old, new, tokens, variant).row() for variant in variants_for(tokens)]

        providers = list(lead_providers)
        if concurrent:
            with ThreadPoolExecutor(max_workers=min(len(providers), 7) or 1) as pool:
                batches = list(pool.map(one, providers))
        else:
            batches = [one(tokens) for tokens in providers]
        return [row for batch in batches for row in batch]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


# The GET variants ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """Values the variants need, taken from one lead provider's migrated data."""

    cohort: int
    other_cohort: int
    updated_since: str  # ISO 8601 with Z
    statement_id: str | None = None
    school_id: str | None = None
    school_urn: str | None = None
    delivery_partner_id: str | None = None
    partnership_id: str | None = None
    participant_id: str | None = None
    declaration_id: str | None = None
    unfunded_mentor_id: str | None = None


def variants(s: Sample) -> list[Variant]:
    """The GET variants of §17.5 our API serves (schools under /api/v3/schools; ECF1's is /api/v3/schools/ecf)."""
    c, both, since = str(s.cohort), f"{s.cohort},{s.other_cohort}", s.updated_since
    out = [
        Variant("statements: all", "statements", "/api/v3/statements"),
        Variant("statements: by cohort", "statements", "/api/v3/statements", (("filter[cohort]", c),)),
        Variant("statements: by cohorts and updated_since", "statements", "/api/v3/statements",
                (("filter[cohort]", both), ("filter[updated_since]", since))),
        Variant("schools: per cohort", "schools", "/api/v3/schools", (("filter[cohort]", c),)),
        Variant("schools: per cohort, updated_since", "schools", "/api/v3/schools",
                (("filter[cohort]", c), ("filter[updated_since]", since))),
        Variant("schools: per cohort, sorted", "schools", "/api/v3/schools",
                (("filter[cohort]", c), ("sort", "-updated_at"))),
        Variant("delivery partners: all", "delivery_partners", "/api/v3/delivery-partners"),
        Variant("delivery partners: by cohort", "delivery_partners", "/api/v3/delivery-partners",
                (("filter[cohort]", c),)),
        Variant("partnerships: all", "partnerships", "/api/v3/partnerships"),
        Variant("partnerships: by cohort", "partnerships", "/api/v3/partnerships", (("filter[cohort]", c),)),
        Variant("partnerships: updated_since", "partnerships", "/api/v3/partnerships",
                (("filter[updated_since]", since),)),
        Variant("participants: all", "participants", "/api/v3/participants"),
        Variant("participants: by cohort", "participants", "/api/v3/participants", (("filter[cohort]", c),)),
        Variant("participants: updated_since", "participants", "/api/v3/participants",
                (("filter[updated_since]", since),)),
        Variant("participants: sorted by created_at", "participants", "/api/v3/participants",
                (("sort", "created_at"),)),
        Variant("participant declarations: all", "participant_declarations", "/api/v3/participant-declarations"),
        Variant("participant declarations: by cohort", "participant_declarations", "/api/v3/participant-declarations",
                (("filter[cohort]", c),)),
        Variant("participant declarations: updated_since", "participant_declarations",
                "/api/v3/participant-declarations", (("filter[updated_since]", since),)),
        Variant("participant transfers: all", "participant_transfers", "/api/v3/participants/transfers"),
        Variant("unfunded mentors: all", "unfunded_mentors", "/api/v3/unfunded-mentors"),
    ]  # fmt: skip
    by_id = (
        ("statements: by id", "statements", "/api/v3/statements/{}", s.statement_id, ()),
        ("schools: by id", "schools", "/api/v3/schools/{}", s.school_id, (("filter[cohort]", c),)),
        ("delivery partners: by id", "delivery_partners", "/api/v3/delivery-partners/{}", s.delivery_partner_id, ()),
        ("partnerships: by id", "partnerships", "/api/v3/partnerships/{}", s.partnership_id, ()),
        ("participants: by id", "participants", "/api/v3/participants/{}", s.participant_id, ()),
        ("participant transfers: by participant", "participant_transfers", "/api/v3/participants/{}/transfers",
         s.participant_id, ()),
        ("participant declarations: by id", "participant_declarations", "/api/v3/participant-declarations/{}",
         s.declaration_id, ()),
        ("participant declarations: by participant", "participant_declarations", "/api/v3/participant-declarations",
         s.participant_id, (("filter[participant_id]", s.participant_id or ""),)),
        ("unfunded mentors: by id", "unfunded_mentors", "/api/v3/unfunded-mentors/{}", s.unfunded_mentor_id, ()),
    )  # fmt: skip
    for name, endpoint, path, value, params in by_id:
        if value:
            paged = "{}" not in path
            out.append(Variant(name, endpoint, path.format(value), params, paged=paged))
    if s.school_urn:
        out.append(Variant("schools: by URN", "schools", "/api/v3/schools",
                           (("filter[cohort]", c), ("filter[urn]", s.school_urn))))  # fmt: skip
    return out


def sample_for(lead_provider_name: str, new: Side, token: str, cohort: int, other_cohort: int, since: str) -> Sample:
    """Ids for the by-id variants, taken from the first page of the new service's own lists."""

    def first(path: str, params: tuple = ()) -> dict | None:
        answer = new.get(path, dict(params) | {"page[page]": "1", "page[per_page]": "1"}, token)
        try:
            data = json.loads(answer.body).get("data") or []
        except ValueError:
            return None
        return data[0] if data else None

    school = first("/api/v3/schools", (("filter[cohort]", str(cohort)),))
    return Sample(
        cohort=cohort, other_cohort=other_cohort, updated_since=since,
        statement_id=(first("/api/v3/statements") or {}).get("id"),
        school_id=(school or {}).get("id"), school_urn=((school or {}).get("attributes") or {}).get("urn"),
        delivery_partner_id=(first("/api/v3/delivery-partners") or {}).get("id"),
        partnership_id=(first("/api/v3/partnerships") or {}).get("id"),
        participant_id=(first("/api/v3/participants") or {}).get("id"),
        declaration_id=(first("/api/v3/participant-declarations") or {}).get("id"),
        unfunded_mentor_id=(first("/api/v3/unfunded-mentors") or {}).get("id"),
    )  # fmt: skip


# Report ----------------------------------------------------------------------------------------------------


def write(rows: list[dict], folder: Path) -> list[Path]:
    """`api_parity.csv` and `api_parity.html` in the report folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "api_parity.csv"
    with path.open("w", newline="") as handle:
        if rows:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    below = [r for r in rows if r["match_rate"] < 100]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>ECF1 API parity</title>",
        "<style>body{font-family:Arial,sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #b1b4b6;padding:4px 8px;text-align:left}th{background:#f3f2f1}"
        ".mismatch{background:#f6d7d2}</style></head><body><h1>ECF1 API parity</h1>",
        f"<p>{len(rows)} requests by lead provider and variant; below 100% match: <strong>{len(below)}</strong>. "
        "Statements and declarations must match 100%; other endpoints at least 99% with listed exceptions.</p>",
    ]
    if rows:
        shown = [k for k in rows[0] if not k.endswith("_list")]
        parts.append("<table><thead><tr>" + "".join(f"<th scope='col'>{html.escape(k)}</th>" for k in shown) + "</tr>")
        parts.append("</thead><tbody>")
        for row in rows:
            css = " class='mismatch'" if row["match_rate"] < 100 else ""
            parts.append(f"<tr{css}>" + "".join(f"<td>{html.escape(str(row[k]))}</td>" for k in shown) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    page = folder / "api_parity.html"
    page.write_text("\n".join(parts))
    return [page, path]


def passes(row: dict) -> bool:
    """§18.6: 100% for statements and declarations, at least 99% elsewhere."""
    needed = 100 if row["endpoint"] in ("statements", "participant_declarations") else 99
    return row["match_rate"] >= needed
