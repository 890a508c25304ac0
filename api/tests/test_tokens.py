"""Lead provider API tokens (domain.md §5.21.2; BR-LP-17; lead-provider-api.md §3.1)."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from api.models import APIToken
from api.tokens import (
    ALPHABET,
    api_tokens,
    create_api_token,
    find_api_token,
    lead_provider_for_token,
    revoke_api_token,
    set_api_token_expiry,
)
from core.clock import LONDON
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from events.types import EventType

pytestmark = pytest.mark.django_db

SYSTEM = Author.system()


def test_BR_LP_17_a_token_needs_a_lead_provider(world):
    """BR-LP-17: token without provider → `Lead provider must be specified`."""
    with pytest.raises(DomainError) as error:
        create_api_token(author=SYSTEM, lead_provider=None)
    assert (error.value.field, error.value.message) == ("lead_provider", "Lead provider must be specified")
    assert not APIToken.objects.exists() and not Event.objects.exists()


def test_BR_LP_17_tokens_are_unique(world):
    """BR-LP-17: duplicate token → `Hashed token must be unique`."""
    create_api_token(author=SYSTEM, lead_provider=world.alpha, token="alpha-learning")
    with pytest.raises(DomainError) as error:
        create_api_token(author=SYSTEM, lead_provider=world.beta, token="alpha-learning")
    assert (error.value.field, error.value.message) == ("hashed_token", "Hashed token must be unique")
    assert APIToken.objects.count() == 1
    with pytest.raises(IntegrityError):  # the database backstop
        APIToken.objects.create(
            lead_provider=world.beta, hashed_token=hashlib.sha256(b"alpha-learning").hexdigest(), description="x"
        )


def test_BR_LP_17_creating_a_token_stores_only_its_digest(world):
    """BR-LP-17: the clear token (32 base-58 characters) is returned once; only its SHA-256 is stored; default
    description; event `lead_provider_api_token_created` by the system."""
    api_token, clear = create_api_token(author=SYSTEM, lead_provider=world.alpha)

    assert api_token.pk is not None
    assert len(clear) == 32 and set(clear) <= set(ALPHABET)
    stored = APIToken.objects.get()
    assert stored.hashed_token == hashlib.sha256(clear.encode()).hexdigest()
    assert clear not in {stored.hashed_token, stored.description}
    assert stored.description == "A lead provider token for Alpha Learning"
    assert stored.lead_provider == world.alpha and stored.last_used_at is None
    event = Event.objects.get()
    assert event.event_type == EventType.LEAD_PROVIDER_API_TOKEN_CREATED
    assert event.heading == "An API token was created for lead provider: Alpha Learning"
    assert (event.author_type, event.lead_provider_id) == ("system", world.alpha.pk)
    assert create_api_token(author=SYSTEM, lead_provider=world.alpha)[1] != clear


def test_BR_LP_17_each_use_updates_last_used_at(world, frozen_today):
    """BR-LP-17: each successful lookup touches `last_used_at`; an unknown token finds nothing."""
    api_token, clear = create_api_token(author=SYSTEM, lead_provider=world.alpha)
    frozen_today(dt.date(2026, 9, 16), hour=9)

    found = find_api_token(clear)
    assert found.pk == api_token.pk and found.lead_provider == world.alpha
    api_token.refresh_from_db()
    assert api_token.last_used_at == dt.datetime(2026, 9, 16, 9, tzinfo=LONDON)

    frozen_today(dt.date(2026, 9, 17), hour=9)
    assert lead_provider_for_token(clear) == world.alpha
    api_token.refresh_from_db()
    assert api_token.last_used_at == dt.datetime(2026, 9, 17, 9, tzinfo=LONDON)

    assert find_api_token("not-a-token") is None
    assert find_api_token("") is None


def test_BR_LP_17_expired_tokens_are_refused(world, frozen_today):
    """BR-LP-17: a token past `expires_at` no longer authenticates (and is not touched)."""
    api_token, clear = create_api_token(
        author=SYSTEM, lead_provider=world.alpha, expires_at=dt.datetime(2026, 9, 20, tzinfo=LONDON)
    )
    assert find_api_token(clear) is not None
    frozen_today(dt.date(2026, 9, 20), hour=0)
    assert find_api_token(clear) is None
    assert list(api_tokens(lead_provider=world.alpha)) == []
    assert list(api_tokens(lead_provider=world.alpha, include_unusable=True)) == [api_token]


def test_BR_LP_17_revoked_tokens_are_refused(world):
    """BR-LP-17: revoking stops the token at once; event `lead_provider_api_token_revoked`; revoking twice changes
    nothing."""
    api_token, clear = create_api_token(author=SYSTEM, lead_provider=world.alpha)
    other, other_clear = create_api_token(author=SYSTEM, lead_provider=world.alpha, description="Sandbox")

    revoke_api_token(author=SYSTEM, api_token=api_token)
    revoke_api_token(author=SYSTEM, api_token=api_token)

    assert find_api_token(clear) is None
    assert find_api_token(other_clear).pk == other.pk
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None
    revoked = Event.objects.filter(event_type=EventType.LEAD_PROVIDER_API_TOKEN_REVOKED)
    assert revoked.count() == 1
    assert revoked.get().heading == "An API token was revoked for lead provider: Alpha Learning"
    assert [t.description for t in api_tokens(lead_provider=world.alpha)] == ["Sandbox"]


def test_BR_LP_17_the_command_prints_the_token_last(world):
    """BR-LP-17: `create_api_token "Alpha Learning"` prints a token that authenticates as Alpha."""
    out = StringIO()
    call_command("create_api_token", "Alpha Learning", stdout=out)
    clear = out.getvalue().strip().splitlines()[-1]
    assert lead_provider_for_token(clear) == world.alpha

    with pytest.raises(CommandError):
        call_command("create_api_token", "Nobody Ltd", stdout=StringIO())


def test_a_token_can_be_given_an_expiry_and_stops_working_then(world, frozen_today):
    """Expiring later lets a provider rotate first; event `lead_provider_api_token_expiry_set` each time."""
    api_token, clear = create_api_token(author=SYSTEM, lead_provider=world.alpha)
    set_api_token_expiry(author=SYSTEM, api_token=api_token, expires_at=dt.datetime(2026, 9, 30, 17, tzinfo=LONDON))
    assert find_api_token(clear) is not None
    frozen_today(dt.date(2026, 9, 30), hour=18)
    assert find_api_token(clear) is None

    other, other_clear = create_api_token(author=SYSTEM, lead_provider=world.alpha)
    set_api_token_expiry(author=SYSTEM, api_token=other)  # now
    assert find_api_token(other_clear) is None
    events = Event.objects.filter(event_type=EventType.LEAD_PROVIDER_API_TOKEN_EXPIRY_SET)
    assert events.count() == 2
    assert events.first().heading == "An API token's expiry was set for lead provider: Alpha Learning"


def test_a_revoked_token_keeps_its_revocation_when_expired(world):
    api_token, _ = create_api_token(author=SYSTEM, lead_provider=world.alpha)
    revoke_api_token(author=SYSTEM, api_token=api_token)
    set_api_token_expiry(author=SYSTEM, api_token=api_token, expires_at=dt.datetime(2027, 1, 1, tzinfo=LONDON))
    api_token.refresh_from_db()
    assert api_token.expires_at is None and api_token.revoked_at is not None
    assert not Event.objects.filter(event_type=EventType.LEAD_PROVIDER_API_TOKEN_EXPIRY_SET).exists()


def test_tokens_are_listed_expired_and_revoked_from_the_command_line(world, frozen_today):
    """The commands a support engineer uses: create with an expiry, list (values never shown), expire, revoke."""
    out = StringIO()
    call_command("create_api_token", "Alpha Learning", "--expires-at", "2026-12-31", stdout=out)
    clear = out.getvalue().strip().splitlines()[-1]
    created = find_api_token(clear)
    assert created.expires_at == dt.datetime(2026, 12, 31, tzinfo=LONDON)
    _, second_clear = create_api_token(author=SYSTEM, lead_provider=world.alpha, description="Sandbox")
    second = find_api_token(second_clear)

    listing = StringIO()
    call_command("list_api_tokens", "--lead-provider", "Alpha Learning", stdout=listing)
    lines = listing.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines] == [str(created.pk), str(second.pk)]
    assert "usable until 2026-12-31 00:00" in lines[0] and "Sandbox\tusable\t" in lines[1]
    assert clear not in listing.getvalue() and second_clear not in listing.getvalue()

    call_command("expire_api_token", str(created.pk), stdout=StringIO())
    call_command("revoke_api_token", str(second.pk), stdout=StringIO())
    assert find_api_token(clear) is None and find_api_token(second_clear) is None

    everything = StringIO()
    call_command("list_api_tokens", "--all", stdout=everything)
    assert "expired 2026-09-15" in everything.getvalue() and "revoked 2026-09-15" in everything.getvalue()
    still_usable = StringIO()
    call_command("list_api_tokens", "--lead-provider", "Alpha Learning", stdout=still_usable)
    assert still_usable.getvalue().strip() == "No tokens."

    with pytest.raises(CommandError):
        call_command("expire_api_token", str(second.pk), stdout=StringIO())  # revoked already
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "999999", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_api_token", "Alpha Learning", "--expires-at", "soon", stdout=StringIO())
