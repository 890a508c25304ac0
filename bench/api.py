"""`python -m bench --api`: the lead provider API at national scale (issue 3 item 7), after
`manage.py seed_scale --teachers 200000`.

Each read goes through Django's test client in this process, so URL routing, every middleware (rate limiting
included, with limits raised so it counts but never refuses) and token authentication run as in production, with
DEBUG off. Its floor, measured in the same run and interleaved with it, is one hand-written SQL query returning the
same rows, encoded with orjson (`bench.api_floors`). Each pair is run `repeat` times; medians are compared. The floor
and the endpoint bodies are also compared (same resources, same order), so a mismatch shows up in the table.

Then POST participant-declarations from 8 threads, each with its own client and database connection, for
declarations the API must accept today (the next milestone of participants in the 2025 and 2026 cohorts). The
declarations made are deleted afterwards, so the data set stays as seeded.
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.db import connection, connections
from django.test import Client, override_settings

from api.models import APIToken
from api.tokens import create_api_token
from bench import api_floors
from core import clock
from events.authors import Author
from providers.models import DeclarationType, LeadProvider

PER_PAGE = 3000
RATIO_TARGET = 2.0
LAST_PAGE_TARGET = 1.2


@dataclass
class Read:
    name: str
    rows: int
    endpoint_ms: float
    floor_ms: float
    queries: int
    same: str  # whether the endpoint's body equals the floor's ("yes", or what differs)

    @property
    def ratio(self) -> float:
        return self.endpoint_ms / self.floor_ms if self.floor_ms else float("inf")


@dataclass
class Posts:
    clients: int
    requests: int
    created: int
    seconds: float
    median_ms: float
    statuses: dict[int, int]
    first_error: str | None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def created_per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


@dataclass
class Results:
    provider: str
    participants: int
    declarations: int
    schools: int
    reads: list[Read] = field(default_factory=list)
    last_over_first: float | None = None
    posts: Posts | None = None


def _compare(endpoint: bytes, floor: bytes) -> str:
    mine, theirs = orjson.loads(floor)["data"], orjson.loads(endpoint)["data"]
    if mine == theirs:
        return "yes"
    if [r["id"] for r in mine] != [r["id"] for r in theirs]:
        return "different rows"
    fields = sorted(
        {
            name
            for a, b in zip(mine, theirs, strict=True)
            for name in set(a["attributes"]) | set(b["attributes"])
            if a["attributes"].get(name) != b["attributes"].get(name)
        }
    )
    return "differs: " + ", ".join(fields)


def _pair(
    name: str, client: Client, path: str, params: dict[str, Any], floor: Callable[[], bytes], repeat: int
) -> Read:
    """Endpoint and floor alternately, after one warm-up each; medians in milliseconds."""
    response = client.get(path, params)
    assert response.status_code == 200, (name, response.status_code, response.content[:300])
    floor()
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        endpoint_body = client.get(path, params).content
    floor_body = floor()
    endpoint_times, floor_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, params)
        endpoint_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        floor()
        floor_times.append(time.perf_counter() - started)
    return Read(
        name,
        len(orjson.loads(endpoint_body)["data"]),
        statistics.median(endpoint_times) * 1000,
        statistics.median(floor_times) * 1000,
        len(queries),
        _compare(endpoint_body, floor_body),
    )


def busiest_provider() -> tuple[LeadProvider, int]:
    counts = [(api_floors.visible_participants(lead_provider_id=lp.pk), lp) for lp in LeadProvider.objects.all()]
    count, provider = max(counts, key=lambda pair: (pair[0], -pair[1].pk))
    return provider, count


# Candidates for POST: the caller's latest ECT training period per teacher in a 2025+ cohort (milestones open from
# their start date, order checked by V18), not withdrawn or deferred, whose schedule has a milestone already open
# after every type the teacher has billable; the first such type is the one to send.
_CANDIDATES = """
WITH latest AS (
    SELECT DISTINCT ON (tp.teacher_id) tp.*, alp.contract_period_year AS cohort
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
      JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id
     WHERE alp.lead_provider_id = %(lead_provider_id)s AND tp.role = 'ect'
     ORDER BY tp.teacher_id, tp.started_on DESC, tp.id DESC
)
SELECT t.api_id::text, next_type.declaration_type
  FROM latest l
  JOIN teachers t ON t.id = l.teacher_id
  CROSS JOIN LATERAL (
      SELECT m.declaration_type FROM milestones m
       WHERE m.schedule_id = l.schedule_id AND m.start_date <= %(today)s
         AND array_position(%(order)s, m.declaration_type::text) > COALESCE((
             SELECT max(array_position(%(order)s, d.declaration_type::text)) FROM declarations d
              WHERE d.teacher_id = l.teacher_id AND d.role = 'ect'
                AND d.payment_status <> 'voided' AND d.clawback_status = 'no_clawback'), 0)
       ORDER BY array_position(%(order)s, m.declaration_type::text) LIMIT 1
  ) next_type
 WHERE l.cohort >= 2025 AND l.withdrawn_at IS NULL AND l.deferred_at IS NULL
   AND l.started_on <= %(today)s AND (l.finished_on IS NULL OR l.finished_on >= %(today)s)
 ORDER BY t.id
 LIMIT %(limit)s
"""

EVIDENCE = {"retained-2": "75-percent-engagement-met", "completed": "75-percent-engagement-met"}


def post_candidates(lead_provider: LeadProvider, count: int) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(
            _CANDIDATES,
            {
                "lead_provider_id": lead_provider.pk,
                "today": clock.today(),
                "order": list(DeclarationType.values),
                "limit": count,
            },
        )
        rows = cursor.fetchall()
    declared_at = clock.now().replace(microsecond=0) - dt.timedelta(minutes=1)
    return [
        {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": participant_id,
                    "declaration_type": declaration_type,
                    "declaration_date": declared_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "course_identifier": "ecf-induction",
                    "evidence_held": EVIDENCE.get(declaration_type, "training-event-attended"),
                },
            }
        }
        for participant_id, declaration_type in rows
    ]


def post_throughput(token: str, bodies: list[dict[str, Any]], clients: int) -> Posts:
    """`clients` threads share the bodies round-robin; each thread has its own test client and connection."""
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    created: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def work(mine: list[dict[str, Any]]) -> None:
        client = Client(headers={"Authorization": f"Bearer {token}"})
        start.wait()
        try:
            for body in mine:
                began = time.perf_counter()
                response = client.post("/api/v3/participant-declarations", orjson.dumps(body), "application/json")
                took = time.perf_counter() - began
                with lock:
                    latencies.append(took)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if response.status_code == 200:
                        created.append(orjson.loads(response.content)["data"]["id"])
                    elif not errors:
                        errors.append(response.content.decode()[:300])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(bodies[k::clients],)) for k in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    _remove_declarations(created)
    return Posts(
        clients,
        len(latencies),
        len(created),
        seconds,
        statistics.median(latencies) * 1000 if latencies else 0.0,
        dict(sorted(statuses.items())),
        errors[0] if errors else None,
    )


def _remove_declarations(api_ids: list[str]) -> None:
    """Undo the POSTs (declarations and their events), so the seeded data stays as it was."""
    if not api_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM events WHERE declaration_id IN (SELECT id FROM declarations WHERE api_id = ANY(%s::uuid[]))",
            [api_ids],
        )
        cursor.execute("DELETE FROM declarations WHERE api_id = ANY(%s::uuid[])", [api_ids])


def run(*, repeat: int = 7, per_page: int = PER_PAGE, clients: int = 8, posts: int = 400, cohort: int | None = None):
    with override_settings(DEBUG=False, RATE_LIMIT_PER_AUTHORIZATION=10**9, RATE_LIMIT_PER_IP=10**9):
        provider, participants = busiest_provider()
        token_row, token = create_api_token(
            author=Author.system(), lead_provider=provider, description="bench --api (deleted when it finishes)"
        )
        try:
            return _run(provider, participants, token, repeat=repeat, per_page=per_page, clients=clients,
                        posts=posts, cohort=cohort)  # fmt: skip
        finally:
            APIToken.objects.filter(pk=token_row.pk).delete()


def _run(provider: LeadProvider, participants: int, token: str, *, repeat, per_page, clients, posts, cohort):
    client = Client(headers={"Authorization": f"Bearer {token}"})
    today = clock.today()
    cohort = cohort or (today.year if today.month >= 6 else today.year - 1)
    lp = provider.pk
    results = Results(
        provider.name,
        participants,
        api_floors.visible_declarations(lead_provider_id=lp),
        api_floors.listed_schools(lead_provider_id=lp, cohort=cohort),
    )
    last_full = max(1, participants // per_page)

    def page(number: int) -> dict[str, Any]:
        return {"page[page]": number, "page[per_page]": per_page}

    first = _pair(
        "GET participants, page 1",
        client,
        "/api/v3/participants",
        page(1),
        lambda: api_floors.participants_page(lead_provider_id=lp, offset=0, limit=per_page, today=today),
        repeat,
    )
    last = _pair(
        f"GET participants, page {last_full} (last full page)",
        client,
        "/api/v3/participants",
        page(last_full),
        lambda: api_floors.participants_page(
            lead_provider_id=lp, offset=(last_full - 1) * per_page, limit=per_page, today=today
        ),
        repeat,
    )
    results.reads += [first, last]
    results.last_over_first = last.endpoint_ms / first.endpoint_ms
    results.reads.append(
        _pair(
            "GET participant-declarations, page 1",
            client,
            "/api/v3/participant-declarations",
            page(1),
            lambda: api_floors.declarations_page(lead_provider_id=lp, offset=0, limit=per_page),
            repeat,
        )
    )
    last_declarations = max(1, results.declarations // per_page)
    results.reads.append(
        _pair(
            f"GET participant-declarations, page {last_declarations} (last full page)",
            client,
            "/api/v3/participant-declarations",
            page(last_declarations),
            lambda: api_floors.declarations_page(
                lead_provider_id=lp, offset=(last_declarations - 1) * per_page, limit=per_page
            ),
            repeat,
        )
    )
    results.reads.append(
        _pair(
            f"GET schools (cohort {cohort}), page 1",
            client,
            "/api/v3/schools",
            {"filter[cohort]": cohort, **page(1)},
            lambda: api_floors.schools_page(lead_provider_id=lp, cohort=cohort, offset=0, limit=per_page),
            repeat,
        )
    )
    if posts:
        results.posts = post_throughput(token, post_candidates(provider, posts), clients)
    return results


def report(results: Results) -> str:
    lines = [
        f"Lead provider API v3 as {results.provider}: {results.participants} participants, "
        f"{results.declarations} visible declarations, {results.schools} schools in the cohort",
        "",
        f"| {'endpoint':<58} | {'rows':>5} | {'ms':>8} | {'floor ms':>8} | {'ratio':>5} | {'queries':>7} | same as floor |",
        f"|{'-' * 60}|{'-' * 7}|{'-' * 10}|{'-' * 10}|{'-' * 7}|{'-' * 9}|---------------|",
    ]
    for r in results.reads:
        flag = "" if r.ratio <= RATIO_TARGET else " !"
        lines.append(
            f"| {r.name:<58} | {r.rows:>5} | {r.endpoint_ms:>8.1f} | {r.floor_ms:>8.1f} | {r.ratio:>5.2f} | "
            f"{r.queries:>7} | {r.same}{flag} |"
        )
    if results.last_over_first is not None:
        lines.append("")
        lines.append(
            f"participants last full page / first page: {results.last_over_first:.2f} (target ≤ {LAST_PAGE_TARGET})"
        )
    p = results.posts
    if p is not None:
        lines.append(
            f"POST participant-declarations, {p.clients} clients: {p.requests} requests in {p.seconds:.1f} s = "
            f"{p.per_second:.1f} responses/s, {p.created} created ({p.created_per_second:.1f}/s), median "
            f"{p.median_ms:.0f} ms; statuses {p.statuses}"
        )
        if p.first_error:
            lines.append(f"  first non-200 body: {p.first_error}")
    return "\n".join(lines)


def as_json(results: Results) -> dict[str, Any]:
    return {
        "provider": results.provider,
        "participants": results.participants,
        "declarations": results.declarations,
        "schools": results.schools,
        "reads": [
            {
                "name": r.name,
                "rows": r.rows,
                "endpoint_ms": r.endpoint_ms,
                "floor_ms": r.floor_ms,
                "ratio": r.ratio,
                "queries": r.queries,
                "same_as_floor": r.same,
            }
            for r in results.reads
        ],
        "last_over_first": results.last_over_first,
        "posts": None
        if results.posts is None
        else {
            "clients": results.posts.clients,
            "requests": results.posts.requests,
            "created": results.posts.created,
            "seconds": results.posts.seconds,
            "responses_per_second": results.posts.per_second,
            "created_per_second": results.posts.created_per_second,
            "median_ms": results.posts.median_ms,
            "statuses": results.posts.statuses,
        },
    }
