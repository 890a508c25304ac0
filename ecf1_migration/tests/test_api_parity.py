"""API parity checks (migration.md §17.5): normalisation, match rate, id differences and the performance ratio;
then a run over the migrated world, with the old side's answers recorded first (as §17.6's extraction does) and
compared with our API, before and after the new side changes. The write variants: test_api_parity_writes.py."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from api.tokens import create_api_token
from declarations.models import Declaration
from ecf1_migration import parity, parity_writes
from ecf1_migration.parity import Answer, DjangoSide, LeadProviderTokens, RecordedSide, Recorder
from events.authors import Author
from providers.models import LeadProvider


@pytest.fixture
def paths_asked():
    """A local HTTP server that answers 200 and keeps the path of every request it was sent."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"data": []}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


def test_the_old_service_is_asked_for_schools_where_ecf1_serves_them(paths_asked):
    url, asked = paths_asked
    old, ours = parity.HttpSide(url, old_service=True), parity.HttpSide(url)

    old.get("/api/v3/schools", {"filter[cohort]": "2024"}, "token")
    old.get("/api/v3/schools/0a1b", {}, "token")
    old.get("/api/v3/statements", {}, "token")
    ours.get("/api/v3/schools", {}, "token")

    assert asked == [
        "/api/v3/schools/ecf?filter%5Bcohort%5D=2024",
        "/api/v3/schools/ecf/0a1b",
        "/api/v3/statements",
        "/api/v3/schools",
    ]


def test_normalise_drops_the_endpoints_excluded_keys_at_any_depth_and_ignores_key_order():
    old = json.dumps({"data": [{"id": "1", "attributes": {"status": "active", "cohort": 2024,
                                                           "nested": {"challenged_at": "x", "keep": 1}}}]})  # fmt: skip
    new = json.dumps({"data": [{"attributes": {"nested": {"keep": 1}, "cohort": 2024}, "id": "1"}]})
    assert parity.normalise(old, "partnerships") == parity.normalise(new, "partnerships")
    assert parity.normalise(old, "participants") != parity.normalise(new, "participants")
    assert parity.normalise("not json", "statements") == "not json"


def test_match_rate_follows_the_formula():
    old = json.dumps({"data": [{"id": str(n), "value": n} for n in range(4)]})
    new = json.dumps({"data": [{"id": str(n), "value": n if n else 99} for n in range(4)]})
    assert parity.match_rate(Answer(200, old, 1), Answer(404, old, 1), "participants") == 0
    assert parity.match_rate(Answer(200, old, 1), Answer(200, old, 1), "participants") == 100
    a = parity.normalise(old, "participants").splitlines()
    b = parity.normalise(new, "participants").splitlines()
    only_one = len(set(a) ^ set(b))
    assert only_one == 2  # `"value": 0,` only in the old body, `"value": 99,` only in the new
    expected = int(100 * (1 - only_one / (len(a) + len(b))))
    assert parity.match_rate(Answer(200, old, 1), Answer(200, new, 1), "participants") == expected < 100


def test_ids_and_performance():
    body = json.dumps({"data": [{"id": "a"}, {"id": "b"}]})
    assert parity.ids(body) == {"a", "b"}
    assert parity.ids(json.dumps({"data": {"id": "c"}})) == {"c"}
    assert parity.ids("{}") == set() and parity.ids("oops") == set()
    assert parity.performance(200, 100) == 2.0
    assert parity.performance(100, 250) == -2.5
    assert parity.performance(100, 100) == 1.0


@pytest.fixture
def ambition(world, db):
    lead_provider = LeadProvider.objects.get(name="Ambition Institute")
    assert lead_provider.ecf_id is not None
    _, token = create_api_token(author=Author.system(), lead_provider=lead_provider)
    return LeadProviderTokens(lead_provider.name, old_token=lead_provider.name, new_token=token)


def _variants(ambition: LeadProviderTokens) -> list[parity.Variant]:
    sample = parity.sample_for(ambition.name, DjangoSide(), ambition.new_token, 2023, 2024, "2020-01-01T00:00:00Z")
    assert sample.participant_id and sample.declaration_id and sample.statement_id and sample.school_id
    return parity.variants(sample)


def test_recorded_answers_match_our_api_until_it_changes(ambition, tmp_path):
    variants = _variants(ambition)
    assert len(variants) >= 25
    recorded = tmp_path / "old"
    recorder = Recorder(DjangoSide(), recorded, {ambition.new_token: ambition.name})
    first = parity.run(recorder, DjangoSide(), [LeadProviderTokens(ambition.name, ambition.new_token,
                                                                   ambition.new_token)], lambda _: variants)  # fmt: skip
    assert all(row["match_rate"] == 100 for row in first)

    rows = parity.run(RecordedSide(recorded), DjangoSide(), [ambition], lambda _: variants)
    assert len(rows) == len(variants)
    assert all(row["match_rate"] == 100 and parity.passes(row) for row in rows), [
        r for r in rows if r["match_rate"] < 100
    ]
    assert all(row["old_status"] == row["new_status"] for row in rows)
    assert sum(1 for row in rows if row["old_status"] == "200") >= len(rows) - 1  # transfers: 404 without any

    # The new side loses one declaration: every declaration list shows it only on the old side, and fails.
    by_id = next(v for v in variants if v.name == "participant declarations: by id")
    gone = by_id.path.rsplit("/", 1)[1]
    assert Declaration.objects.filter(api_id=gone).delete()[0] >= 1
    rows = {row["variant"]: row for row in parity.run(RecordedSide(recorded), DjangoSide(), [ambition],
                                                      lambda _: variants)}  # fmt: skip
    assert rows["participant declarations: by id"]["match_rate"] == 0  # 200 before, 404 now
    listing = rows["participant declarations: all"]
    assert listing["match_rate"] < 100 and not parity.passes(listing)
    assert gone in listing["ids_only_old_list"] and listing["ids_only_new"] == 0
    assert rows["statements: all"]["match_rate"] == 100


def test_one_run_at_a_time(ambition):
    """Another session holding the run lock (a run in progress) makes a second run refuse to start."""
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [parity.LOCK_KEY])
        with pytest.raises(RuntimeError, match="in progress"):
            parity.run(DjangoSide(), DjangoSide(), [ambition], lambda _: [])
        with other.cursor() as cursor:  # the run is over (closing alone frees the lock only once the server notices)
            cursor.execute("SELECT pg_advisory_unlock(%s)", [parity.LOCK_KEY])
    finally:
        other.close()
    assert parity.run(DjangoSide(), DjangoSide(), [ambition], lambda _: []) == []


def test_report_files(tmp_path):
    rows = [
        parity.Result("Ambition Institute", parity.Variant("statements: all", "statements", "/api/v3/statements"),
                      pages=1, old_statuses={200}, new_statuses={200}, page_rates=[97], only_old={"x"},
                      old_ms=10, new_ms=20).row(),
    ]  # fmt: skip
    page, csv_path = parity.write(rows, tmp_path)
    assert "below 100% match: <strong>1</strong>" in page.read_text()
    assert "statements: all" in csv_path.read_text() and rows[0]["performance"] == -2.0
    assert not parity.passes(rows[0])


def test_the_command_runs_against_recorded_answers_and_writes_the_report(ambition, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    variants = _variants(ambition)
    writes = parity_writes.write_variants(LeadProvider.objects.get(name=ambition.name))
    recorded = tmp_path / "old"
    recorder = Recorder(DjangoSide(), recorded, {ambition.new_token: ambition.name})
    for variant in variants + writes:
        parity.compare(recorder, DjangoSide(), LeadProviderTokens(ambition.name, ambition.new_token,
                                                                  ambition.new_token), variant)  # fmt: skip
    tokens = tmp_path / "tokens.csv"
    tokens.write_text(f"lead_provider,old_token,new_token\n{ambition.name},,{ambition.new_token}\n")
    out = StringIO()
    call_command("ecf1_api_parity", "--tokens", str(tokens), "--old-recorded", str(recorded), "--cohort", "2023",
                 "--other-cohort", "2024", "--updated-since", "2020-01-01T00:00:00Z", "--report",
                 str(tmp_path / "report"), stdout=out)  # fmt: skip
    skipped = sum(1 for v in writes if v.skipped)
    assert f"{len(variants) + 20 - skipped} requests compared; 0 below their threshold;" in out.getvalue()
    assert f"; {skipped} variants skipped" in out.getvalue()
    assert (tmp_path / "report" / "api_parity.html").exists()
