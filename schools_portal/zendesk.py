"""Zendesk, for support queries (integrations.md §8): one call, create a ticket. The real client speaks Zendesk's
REST API when `ZENDESK_URL`, `ZENDESK_USERNAME` and `ZENDESK_TOKEN` are set; otherwise a local fake records the
tickets and answers with increasing ids, so development and tests need no outside system."""

from __future__ import annotations

import base64
import itertools
import json
import os
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

TAG = "ecf-web-form-support-query"


class ZendeskError(Exception):
    """Zendesk refused or could not be reached (rate limits included), so the query is marked failed."""


@dataclass(frozen=True)
class Ticket:
    requester_name: str
    requester_email: str
    subject: str
    description: str
    tags: tuple[str, ...] = (TAG,)


class Zendesk(Protocol):
    def create_ticket(self, ticket: Ticket) -> int: ...


@dataclass
class FakeZendesk:
    """Keeps the tickets in memory; ids count up from 1."""

    tickets: list[Ticket] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def create_ticket(self, ticket: Ticket) -> int:
        self.tickets.append(ticket)
        return next(self._ids)


class RealZendesk:
    def __init__(self, url: str, username: str, token: str, timeout: float = 10.0):
        self.url, self.timeout = url.rstrip("/"), timeout
        self.auth = base64.b64encode(f"{username}/token:{token}".encode()).decode()

    def create_ticket(self, ticket: Ticket) -> int:
        body = {
            "ticket": {
                "subject": ticket.subject,
                "comment": {"body": ticket.description},
                "requester": {"name": ticket.requester_name, "email": ticket.requester_email},
                "tags": list(ticket.tags),
            }
        }
        request = urllib.request.Request(
            f"{self.url}/api/v2/tickets.json",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Basic {self.auth}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return int(json.loads(response.read())["ticket"]["id"])
        except Exception as exc:  # HTTP errors (429 included), timeouts, bad answers
            raise ZendeskError(str(exc)) from exc


_fake = FakeZendesk()


def zendesk() -> Zendesk:
    url, username, token = (os.environ.get(name) for name in ("ZENDESK_URL", "ZENDESK_USERNAME", "ZENDESK_TOKEN"))
    if url and username and token:
        return RealZendesk(url, username, token)
    return _fake
