"""API parity checks (migration.md §17.5, §18.5 "API parity", §19 check 12): the same request, with each lead
provider's own token, sent to the old service's API and to ours; every page compared after normalisation.

The old side is either the live ECF1 API (`HttpSide`) or answers recorded from it earlier (`RecordedSide`, what
§17.6's extraction scripts keep for offline comparison); `record` writes such a folder from any side. The new
side is our API over HTTP, or in process (`DjangoSide`).

Besides the GET variants below, §17.5's 5 POST and 15 PUT variants (`parity_writes`) change data. In process,
each write runs inside a transaction that is rolled back, so our database is as it was after the run. A live side
over HTTP cannot be rolled back: `HttpSide` refuses them unless built with `writes_allowed=True`, which says its
target is a disposable copy (the command's `--writes`). Recorded answers are keyed by method, path, query and
body, so a replayed write gets the answer to exactly that request."""

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

from django.db import connection, transaction

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
    def request(
        self, method: str, path: str, params: dict[str, str], token: str, body: str | None = None
    ) -> Answer: ...

    def get(self, path: str, params: dict[str, str], token: str) -> Answer: ...


class WritesRefused(RuntimeError):
    """A POST/PUT to a live service nobody said was a disposable copy."""


class _Gets:
    def get(self, path: str, params: dict[str, str], token: str) -> Answer:
        return self.request("GET", path, params, token)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Variant:
    """One request shape. `endpoint` names the exclusion list; `paged` ones are walked page by page. A write
    (POST/PUT) is one request with its JSON body; `skipped` says why a variant was not sent (no sample, ...)."""

    name: str
    endpoint: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    paged: bool = True
    method: str = "GET"
    body: str | None = None
    skipped: str = ""

    @property
    def write(self) -> bool:
        return self.method != "GET"


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


def ecf1_path(path: str) -> str:
    """Where the old service serves one of our paths: its v3 schools live under `/api/v3/schools/ecf` (§17.5)."""
    if path == "/api/v3/schools" or path.startswith("/api/v3/schools/"):
        return "/api/v3/schools/ecf" + path.removeprefix("/api/v3/schools")
    return path


@dataclass
class HttpSide(_Gets):
    base_url: str  # e.g. https://manage-training-for-early-career-teachers.education.gov.uk
    timeout: float = 60.0
    writes_allowed: bool = False  # True only for a disposable copy: writes there cannot be undone
    old_service: bool = False  # the live ECF1 API: our paths are sent where it serves them (`ecf1_path`)

    def request(self, method: str, path: str, params: dict[str, str], token: str, body: str | None = None) -> Answer:
        if method != "GET" and not self.writes_allowed:
            raise WritesRefused(f"{method} {path} would change {self.base_url}; allow writes only on a disposable copy")
        if self.old_service:
            path = ecf1_path(path)
        url = self.base_url.rstrip("/") + path + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            url, data=None if body is None else body.encode(), headers=headers, method=method
        )
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        return Answer(status, body, (time.monotonic() - began) * 1000)


@dataclass
class DjangoSide(_Gets):
    """Our API in this process (tests, or a run beside the database without a web server). A write runs in a
    transaction rolled back once its answer is read: it leaves no rows, events or queued jobs behind (the test
    client keeps the connection, and its on-commit work, inside that transaction)."""

    def request(self, method: str, path: str, params: dict[str, str], token: str, body: str | None = None) -> Answer:
        from django.test import Client

        client, auth = Client(), f"Bearer {token}"
        if method == "GET":
            began = time.monotonic()
            response = client.get(path, params, HTTP_AUTHORIZATION=auth)
            return Answer(response.status_code, response.content.decode(), (time.monotonic() - began) * 1000)
        with transaction.atomic():
            began = time.monotonic()
            response = client.generic(
                method, path, body or "", content_type="application/json", HTTP_AUTHORIZATION=auth
            )
            ms = (time.monotonic() - began) * 1000
            transaction.set_rollback(True)
        return Answer(response.status_code, response.content.decode(), ms)


def _key(lead_provider: str, path: str, params: dict[str, str], method: str = "GET", body: str | None = None) -> str:
    """A GET's key is what it was before writes were recorded (older folders still replay); a write's adds the
    method and the body (parsed and re-serialised, so only its content counts)."""
    request: list = [lead_provider, path, sorted(params.items())]
    if method != "GET" or body is not None:
        try:
            content = json.dumps(json.loads(body), sort_keys=True) if body else body
        except ValueError:
            content = body
        request += [method, content]
    return hashlib.sha256(json.dumps(request).encode()).hexdigest()[:32]


@dataclass
class RecordedSide(_Gets):
    """Answers recorded earlier, one JSON file per (lead provider, method, path, query, body), keyed by their
    digest. The token given names the lead provider the answer was recorded for. Nothing is changed by a replayed
    write; a request never recorded answers 404 "not recorded"."""

    folder: Path

    def request(self, method: str, path: str, params: dict[str, str], token: str, body: str | None = None) -> Answer:
        file = self.folder / f"{_key(token, path, params, method, body)}.json"
        if not file.exists():
            return Answer(404, '{"errors":[{"title":"not recorded"}]}', 0.0)
        stored = json.loads(file.read_text())
        return Answer(stored["status"], stored["body"], stored["ms"])


@dataclass
class Recorder(_Gets):
    """Wraps a side and writes every answer into a folder a `RecordedSide` reads back."""

    side: Side
    folder: Path
    names: dict[str, str]  # token -> lead provider name (the recorded side's "token")

    def request(self, method: str, path: str, params: dict[str, str], token: str, body: str | None = None) -> Answer:
        answer = self.side.request(method, path, params, token, body)
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = {"method": method, "path": path, "params": params, "body_sent": body, "status": answer.status,
                  "body": answer.body, "ms": answer.ms}  # fmt: skip
        (self.folder / f"{_key(self.names[token], path, params, method, body)}.json").write_text(json.dumps(stored))
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
        """One report line. A skipped variant has no match rate (an empty cell) and says why in `outcome`."""
        skipped = self.variant.skipped
        rate: int | str = "" if skipped else min(self.page_rates) if self.page_rates else 100
        return {
            "lead_provider": self.lead_provider, "endpoint": self.variant.endpoint, "variant": self.variant.name,
            "kind": "write" if self.variant.write else "read", "method": self.variant.method,
            "path": self.variant.path, "query": urllib.parse.urlencode(self.variant.params),
            "outcome": skipped or "compared", "pages": self.pages,
            "old_status": ",".join(map(str, sorted(self.old_statuses))),
            "new_status": ",".join(map(str, sorted(self.new_statuses))),
            "match_rate": rate, "pages_differing": sum(1 for r in self.page_rates if r < 100),
            "ids_only_old": len(self.only_old), "ids_only_new": len(self.only_new),
            "ids_only_old_list": " ".join(sorted(self.only_old)[:50]),
            "ids_only_new_list": " ".join(sorted(self.only_new)[:50]),
            "performance": "" if skipped else performance(self.old_ms, self.new_ms),
            "request_body": self.variant.body or "",
        }  # fmt: skip


def compare(old: Side, new: Side, tokens: LeadProviderTokens, variant: Variant) -> Result:
    """Every page of one variant for one lead provider (100 per page), until both sides run out; a write is one
    request; a skipped variant sends nothing."""
    result = Result(tokens.name, variant)
    if variant.skipped:
        return result
    for page in range(1, MAX_PAGES + 1):
        params = dict(variant.params)
        if variant.paged:
            params.update({"page[page]": str(page), "page[per_page]": str(PER_PAGE)})
        a = old.request(variant.method, variant.path, params, tokens.old_token, variant.body)
        b = new.request(variant.method, variant.path, params, tokens.new_token, variant.body)
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
    one thread per lead provider. All the reads go before any write, as the old side keeps what a write changes
    (ours rolls it back), and the variants are all chosen before the first request."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise RuntimeError("Another API parity run is in progress")
    try:
        providers = list(lead_providers)

        def each(work: Callable[[LeadProviderTokens], list]) -> list[list]:
            if not concurrent:
                return [work(tokens) for tokens in providers]
            with ThreadPoolExecutor(max_workers=min(len(providers), 7) or 1) as pool:
                return list(pool.map(work, providers))

        plans = dict(zip([p.name for p in providers], each(variants_for), strict=True))
        rows = []
        for writes in (False, True):
            batches = each(
                lambda tokens, writes=writes: [
                    compare(old, new, tokens, variant).row()
                    for variant in plans[tokens.name]
                    if variant.write == writes
                ]
            )
            rows += [row for batch in batches for row in batch]
        return rows
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
    """The GET variants of §17.5, in our paths (the old side sends schools to ECF1's /api/v3/schools/ecf, `ecf1_path`)."""
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
    below = [r for r in rows if not r["outcome"].startswith("skipped") and r["match_rate"] < 100]
    skipped = [r for r in rows if r["outcome"].startswith("skipped")]
    writes = [r for r in rows if r["kind"] == "write"]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>ECF1 API parity</title>",
        "<style>body{font-family:Arial,sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #b1b4b6;padding:4px 8px;text-align:left}th{background:#f3f2f1}"
        ".mismatch{background:#f6d7d2}</style></head><body><h1>ECF1 API parity</h1>",
        f"<p>{len(rows)} requests by lead provider and variant; below 100% match: <strong>{len(below)}</strong>. "
        "Statements and declarations must match 100%; other endpoints at least 99% with listed exceptions.</p>",
        f"<p>{len(writes)} of them are write variants (POST/PUT, marked <em>write</em>), which have no threshold: a "
        "successful create gets a new id from each service, so at least its id differs. "
        f"{len(skipped)} variants were not sent, each with its reason (no sample, Capita excluded from void "
        "checks).</p>",
    ]
    if rows:
        shown = [k for k in rows[0] if not k.endswith("_list") and k != "request_body"]  # long: in the CSV
        parts.append("<table><thead><tr>" + "".join(f"<th scope='col'>{html.escape(k)}</th>" for k in shown) + "</tr>")
        parts.append("</thead><tbody>")
        for row in rows:
            css = " class='mismatch'" if row in below else ""
            parts.append(f"<tr{css}>" + "".join(f"<td>{html.escape(str(row[k]))}</td>" for k in shown) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    page = folder / "api_parity.html"
    page.write_text("\n".join(parts))
    return [page, path]


def passes(row: dict) -> bool:
    """§18.6: 100% for statements and declarations, at least 99% elsewhere. The thresholds are for GET match rates:
    a write has none (a successful create gets a new id from each service, so its answers can never be identical)
    and a skipped variant was not compared; the report shows both, with their rates or reasons."""
    if row["outcome"].startswith("skipped") or row["kind"] == "write":
        return True
    needed = 100 if row["endpoint"] in ("statements", "participant_declarations") else 99
    return row["match_rate"] >= needed
