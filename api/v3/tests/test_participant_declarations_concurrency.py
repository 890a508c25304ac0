"""Issue 3 item 3, "declarations exactly once": 50 simultaneous identical POSTs create one declaration, and every
response is the created declaration (a request that raced past the checks, §12.10) or the spec's duplicate error
(one that arrived after the first committed, V8), never a server error.

Real threads against PostgreSQL: each thread has its own database connection (Django's are per thread) and its own
test client, all released together by a barrier. The data is committed (`transactional_db`), so the threads see it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from api.tokens import create_api_token
from api.v3.testing import V3Client, assert_matches_contract, envelope
from api.v3.tests.declarations_world import P1_ID, build_declarations_world, travel_to_now
from declarations.models import Declaration
from events.authors import Author
from events.models import Event
from events.types import EventType

THREADS = 50
DUPLICATE = {
    "errors": [
        {
            "title": "declaration_type",
            "detail": "A declaration has already been submitted that will be, or has been, paid for this event.",
        }
    ]
}


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_identical_posts_create_one_declaration(transactional_db):
    traveller = travel_to_now()
    try:
        world = build_declarations_world()
        _, token = create_api_token(author=Author.system(), lead_provider=world.caller)
        body = envelope(
            "participant-declaration",
            participant_id=P1_ID,
            declaration_type="started",
            declaration_date="2025-10-01T10:00:00+01:00",
            course_identifier="ecf-induction",
            evidence_held="training-event-attended",
        )
        barrier = threading.Barrier(THREADS, timeout=30)
        responses: list = [None] * THREADS

        def post(index: int) -> None:
            client = V3Client(token=token)
            try:
                barrier.wait()
                responses[index] = client.post("/api/v3/participant-declarations", body, check_contract=False)
            except Exception as error:  # reported by the assertions below
                responses[index] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=post, args=(index,)) for index in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        created = Declaration.objects.filter(teacher__api_id=P1_ID, declaration_type="started")
        assert created.count() == 1
        declaration = created.get()
        statuses = sorted({getattr(response, "status_code", repr(response)) for response in responses})
        assert set(statuses) <= {200, 422}, statuses
        for response in responses:
            assert_matches_contract(response)
            if response.status_code == 200:
                assert response.json()["data"]["id"] == str(declaration.api_id)
                assert response.json()["data"]["attributes"]["state"] == "eligible"
            else:
                assert response.json() == DUPLICATE
        assert any(response.status_code == 200 for response in responses)
        assert (
            Event.objects.filter(event_type=EventType.TEACHER_DECLARATION_CREATED, declaration=declaration).count() == 1
        )
    finally:
        traveller.stop()
        connection.close()
