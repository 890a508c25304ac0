"""`python -m bench --api` on a small scale data set: each floor returns exactly what its endpoint returns (same
resources, same order, same values), and the declarations the bench POSTs are ones the API accepts. Timings are
printed by the bench, never asserted."""

from __future__ import annotations

import orjson
import pytest
from django.test import Client

from api.tokens import create_api_token
from bench import api as bench_api
from declarations.models import Declaration
from demo_data.scale import seed_scale
from events.authors import Author


@pytest.fixture
def scale(db, frozen_today):
    seed_scale(teachers=600)


def test_every_floor_returns_what_its_endpoint_returns(scale):
    results = bench_api.run(repeat=1, per_page=40, posts=0)
    names = [read.name for read in results.reads]
    assert names[0] == "GET participants, page 1" and "last full page" in names[1]
    assert {read.same for read in results.reads} == {"yes"}
    assert all(read.rows == 40 for read in results.reads[:4])  # full pages of participants and declarations
    assert results.reads[-1].rows > 0  # schools
    assert all(read.queries >= 1 for read in results.reads)
    text = bench_api.report(results)
    assert "| GET participants, page 1" in text and "last full page / first page" in text


def test_the_declarations_the_bench_posts_are_accepted(scale):
    provider, _ = bench_api.busiest_provider()
    bodies = bench_api.post_candidates(provider, 20)
    assert len(bodies) == 20
    _, token = create_api_token(author=Author.system(), lead_provider=provider)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    before = Declaration.objects.count()
    statuses = [
        client.post("/api/v3/participant-declarations", orjson.dumps(body), "application/json").status_code
        for body in bodies
    ]
    assert statuses == [200] * 20
    assert Declaration.objects.count() == before + 20
