"""What the guidance pages say that is data rather than prose: the page list, the schedule and milestone
tables of lead-provider-api.md §14, and the release notes. Tables are kept as data so the templates render
them consistently and tests can check them against the specification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    template: str
    context: Callable[[], dict[str, Any]] = field(default=dict)


def _window(text: str) -> tuple[dt.date, dt.date | None]:
    start, _, end = text.partition(" > ")
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None


DECLARATION_TYPES = ("started", "retained-1", "retained-2", "retained-3", "retained-4", "completed")
EXTENDED_TYPES = ("extended-1", "extended-2", "extended-3")

# §14.1: year, runs from, runs to, partnerships can be created, payments frozen since, mentor funding,
# detailed evidence types, uplift fees.
COHORTS = (
    (2021, "2021-06-01", "2022-05-31", False, "2024-06-18", False, False, True),
    (2022, "2022-06-01", "2023-05-31", False, "2025-06-16", False, False, True),
    (2023, "2023-06-01", "2024-05-31", True, None, False, False, True),
    (2024, "2024-06-01", "2025-05-31", True, None, False, False, True),
    (2025, "2025-06-01", "2026-05-31", True, None, True, True, False),
    (2026, "2026-06-01", "2027-05-31", True, None, True, True, False),
)

# §14.2: identifier, type, intake, for ECTs, for mentors.
SCHEDULES = tuple(
    (f"ecf-{kind}-{intake}", kind, intake, kind != "replacement", kind != "reduced")
    for kind in ("standard", "extended", "reduced", "replacement")
    for intake in ("september", "january", "april")
)

# §14.4, standard schedules 2021 to 2024: cohort, intake, one "start > milestone date" per declaration type.
STANDARD_WINDOWS_TEXT = (
    (2021, "september", ("2021-09-01 > 2021-11-30", "2021-09-01 > 2022-01-31", "2022-02-01 > 2022-04-30", "2022-05-01 > 2022-09-30", "2022-10-01 > 2023-01-31", "2023-02-01 > 2023-04-30")),
    (2021, "january", ("2021-12-01 > 2022-01-31", "2022-02-01 > 2022-04-30", "2022-05-01 > 2022-09-30", "2022-10-01 > 2023-01-31", "2023-02-01 > 2023-04-30", "2023-05-01 > 2023-09-30")),
    (2021, "april", ("2022-02-01 > 2022-05-31", "2022-05-01 > 2022-09-30", "2022-10-01 > 2023-01-31", "2023-02-01 > 2023-04-30", "2023-05-01 > 2023-09-30", "2023-10-01 > 2024-01-31")),
    (2022, "september", ("2022-06-01 > 2022-12-31", "2023-01-01 > 2023-03-31", "2023-04-01 > 2023-07-31", "2023-08-01 > 2023-12-31", "2024-01-01 > 2024-03-31", "2024-04-01 > 2024-07-31")),
    (2022, "january", ("2023-01-01 > 2023-03-31", "2023-04-01 > 2023-07-31", "2023-08-01 > 2023-12-31", "2024-01-01 > 2024-03-31", "2024-04-01 > 2024-07-31", "2024-08-01 > 2024-12-31")),
    (2022, "april", ("2023-04-01 > 2023-07-31", "2023-08-01 > 2023-12-31", "2024-01-01 > 2024-03-31", "2024-04-01 > 2024-07-31", "2024-08-01 > 2024-12-31", "2025-01-01 > 2025-03-31")),
    (2023, "september", ("2023-06-01 > 2023-12-31", "2024-01-01 > 2024-03-31", "2024-04-01 > 2024-07-31", "2024-08-01 > 2024-12-31", "2025-01-01 > 2025-03-31", "2025-04-01 > 2025-07-31")),
    (2023, "january", ("2024-01-01 > 2024-03-31", "2024-04-01 > 2024-07-31", "2024-08-01 > 2024-12-31", "2025-01-01 > 2025-03-31", "2025-04-01 > 2025-07-31", "2025-08-01 > 2025-12-31")),
    (2023, "april", ("2024-04-01 > 2024-07-31", "2024-08-01 > 2024-12-31", "2025-01-01 > 2025-03-31", "2025-04-01 > 2025-07-31", "2025-08-01 > 2025-12-31", "2026-01-01 > 2026-03-31")),
    (2024, "september", ("2024-06-01 > 2024-12-31", "2025-01-01 > 2025-03-31", "2025-04-01 > 2025-07-31", "2025-08-01 > 2025-12-31", "2026-01-01 > 2026-03-31", "2026-04-01 > 2026-07-31")),
    (2024, "january", ("2025-01-01 > 2025-03-31", "2025-04-01 > 2025-07-31", "2025-08-01 > 2025-12-31", "2026-01-01 > 2026-03-31", "2026-04-01 > 2026-07-31", "2026-08-01 > 2026-12-31")),
    (2024, "april", ("2025-04-01 > 2025-07-31", "2025-08-01 > 2025-12-31", "2026-01-01 > 2026-03-31", "2026-04-01 > 2026-07-31", "2026-08-01 > 2026-12-31", "2027-01-01 > 2027-03-31")),
)  # fmt: skip
STANDARD_WINDOWS = tuple(
    (year, intake, tuple(_window(text) for text in windows)) for year, intake, windows in STANDARD_WINDOWS_TEXT
)

# §14.4, extended, reduced and replacement schedules 2021 to 2024: one start date per intake and cohort.
OTHER_SCHEDULE_STARTS = tuple(
    (
        intake,
        tuple(dt.date(year + (0 if intake == "september" else 1), month, 1) for year in (2021, 2022, 2023, 2024)),
    )
    for intake, month in (("september", 9), ("january", 1), ("april", 4))
)

# §14.4, cohorts 2025 and 2026: one start date per schedule for every declaration type, no milestone date.
FROM_2025_STARTS = (
    ("ecf-standard-september", dt.date(2025, 6, 1), dt.date(2026, 6, 1)),
    ("ecf-standard-january", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    ("ecf-standard-april", dt.date(2026, 4, 1), dt.date(2027, 4, 1)),
    ("ecf-extended-september, ecf-reduced-september, ecf-replacement-september", dt.date(2025, 9, 1), dt.date(2026, 9, 1)),
    ("ecf-extended-january, ecf-reduced-january, ecf-replacement-january", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    ("ecf-extended-april, ecf-reduced-april, ecf-replacement-april", dt.date(2026, 4, 1), dt.date(2027, 4, 1)),
)  # fmt: skip

# §14.5
DECLARATION_ORDER = (
    ("ECTs, 2025 cohort onwards", (*DECLARATION_TYPES, *EXTENDED_TYPES), True),
    ("ECTs, 2023 and 2024 cohorts", (*DECLARATION_TYPES[:5], *EXTENDED_TYPES, "completed"), False),
    ("Mentors, 2025 cohort onwards", ("started", "completed"), True),
    ("Mentors, 2023 and 2024 cohorts", DECLARATION_TYPES, False),
)


def schedules_context() -> dict[str, Any]:
    return {
        "cohorts": [
            {
                "year": year,
                "starts": dt.date.fromisoformat(starts),
                "ends": dt.date.fromisoformat(ends),
                "enabled": enabled,
                "frozen_since": dt.date.fromisoformat(frozen) if frozen else None,
                "mentor_funding": mentor_funding,
                "detailed_evidence": detailed_evidence,
                "uplifts": uplifts,
            }
            for year, starts, ends, enabled, frozen, mentor_funding, detailed_evidence, uplifts in COHORTS
        ],
        "schedules": SCHEDULES,
        "declaration_types": DECLARATION_TYPES,
        "extended_types": EXTENDED_TYPES,
        "standard_windows": STANDARD_WINDOWS,
        "other_schedule_starts": OTHER_SCHEDULE_STARTS,
        "from_2025_starts": FROM_2025_STARTS,
        "declaration_order": DECLARATION_ORDER,
    }


@dataclass(frozen=True)
class ReleaseNote:
    slug: str
    title: str
    published_on: dt.date
    tags: tuple[str, ...]
    template: str


RELEASE_NOTES = (
    ReleaseNote(
        slug="a-change-feed-and-webhooks",
        title="A change feed for participants, and webhooks",
        published_on=dt.date(2026, 11, 29),
        tags=("New feature",),
        template="guidance/release_notes/change_feed_and_webhooks.html",
    ),
    ReleaseNote(
        slug="participant-status-changes-now-move-updated-at",
        title="Participant status changes now move updated_at",
        published_on=dt.date(2026, 9, 1),
        tags=("New feature",),
        template="guidance/release_notes/participant_status_updated_at.html",
    ),
    ReleaseNote(
        slug="clearer-responses-to-malformed-requests",
        title="Clearer responses to malformed requests",
        published_on=dt.date(2026, 9, 1),
        tags=("Sandbox release", "Production release"),
        template="guidance/release_notes/malformed_requests.html",
    ),
    ReleaseNote(
        slug="api-v3-on-the-new-service",
        title="API v3 is served by the new Register early career teachers service",
        published_on=dt.date(2026, 9, 1),
        tags=("Sandbox release", "Production release"),
        template="guidance/release_notes/new_service.html",
    ),
)
RELEASE_NOTES_BY_SLUG = {note.slug: note for note in RELEASE_NOTES}

PAGES = (
    Page(
        slug="index",
        title="Lead provider API guidance",
        summary="How to connect to the API and use what it returns.",
        template="guidance/index.html",
    ),
    Page(
        slug="getting-started",
        title="Getting started",
        summary="Tokens, base URLs, authentication, pagination, filtering, keeping in sync, errors and rate limits.",
        template="guidance/getting_started.html",
    ),
    Page(
        slug="definitions-and-states",
        title="Definitions and states",
        summary="What the terms mean, and the states participants, training, declarations and statements can be in.",
        template="guidance/definitions_and_states.html",
    ),
    Page(
        slug="schedules-and-milestone-dates",
        title="Schedules and milestone dates",
        summary="Cohorts, schedules, which declarations each schedule allows and the dates we accept them.",
        template="guidance/schedules.html",
        context=schedules_context,
    ),
    Page(
        slug="release-notes",
        title="Release notes",
        summary="What has changed in the API, newest first.",
        template="guidance/release_notes.html",
    ),
)
PAGES_BY_SLUG = {page.slug: page for page in PAGES}
