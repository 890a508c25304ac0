"""The POST/PUT variants of the API parity check (migration.md §17.5): generated from a migrated ECF1 world with
the wire contract's bodies, sent to our API in process without leaving anything behind, compared with a recorded
old side, and refused against a live service unless it is declared a disposable copy."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from api.tokens import create_api_token
from declarations.models import Declaration
from ecf1_migration import parity, parity_writes
from ecf1_migration.parity import Answer, DjangoSide, LeadProviderTokens, RecordedSide, Recorder
from ecf1_migration.source_builder import ECT, Profile, stamp
from ecf1_migration.tests.conftest import build_world, migrated_world
from events.authors import Author
from providers.models import LeadProvider
from teachers.models import Teacher, TrainingPeriod

CONTRACT = Path("/work/shared/reference/lead-provider-api-v3.yaml")
D = dt.date

# Variant -> (method, path pattern, the contract's schema for the request's `data.attributes` or body).
EXPECTED = {
    "partnerships: create": ("POST", "/api/v3/partnerships", "PartnershipCreateRequest"),
    "participant declarations: create, pre-2025 cohort": (
        "POST", "/api/v3/participant-declarations", "DeclarationPre2025*"),
    "participant declarations: create, post-2024 cohort": (
        "POST", "/api/v3/participant-declarations", "DeclarationPost2024ECT*"),
    "participant declarations: create, already exists": (
        "POST", "/api/v3/participant-declarations", "Declaration*"),
    "participant declarations: create, completed milestone": (
        "POST", "/api/v3/participant-declarations", "Declaration*"),
    "participant declarations: void a paid declaration (clawback)": (
        "PUT", "/api/v3/participant-declarations/{}/void", None),
    "participant declarations: void a voidable declaration": ("PUT", "/api/v3/participant-declarations/{}/void", None),
    "participant declarations: void an already voided declaration": (
        "PUT", "/api/v3/participant-declarations/{}/void", None),
    "partnerships: update": ("PUT", "/api/v3/partnerships/{}", "PartnershipUpdateRequest"),
    "participants: withdraw an active participant": ("PUT", "/api/v3/participants/{}/withdraw",
                                                     "ParticipantWithdrawRequest"),
    "participants: withdraw a withdrawn participant": ("PUT", "/api/v3/participants/{}/withdraw",
                                                       "ParticipantWithdrawRequest"),
    "participants: defer an active participant": ("PUT", "/api/v3/participants/{}/defer", "ParticipantDeferRequest"),
    "participants: defer a deferred participant": ("PUT", "/api/v3/participants/{}/defer", "ParticipantDeferRequest"),
    "participants: resume a withdrawn participant": ("PUT", "/api/v3/participants/{}/resume",
                                                     "ParticipantResumeRequest"),
    "participants: resume a deferred participant": ("PUT", "/api/v3/participants/{}/resume",
                                                    "ParticipantResumeRequest"),
    "participants: resume an active participant": ("PUT", "/api/v3/participants/{}/resume",
                                                   "ParticipantResumeRequest"),
    "participants: change schedule to a different schedule and cohort": (
        "PUT", "/api/v3/participants/{}/change-schedule", "ParticipantChangeScheduleRequest"),
    "participants: change schedule to a different cohort": (
        "PUT", "/api/v3/participants/{}/change-schedule", "ParticipantChangeScheduleRequest"),
    "participants: change schedule to a different schedule": (
        "PUT", "/api/v3/participants/{}/change-schedule", "ParticipantChangeScheduleRequest"),
    "participants: change schedule with an incorrect course identifier": (
        "PUT", "/api/v3/participants/{}/change-schedule", "ParticipantChangeScheduleRequest"),
}  # fmt: skip

CREATES = (
    "partnerships: create",
    "participant declarations: create, pre-2025 cohort",
    "participant declarations: create, post-2024 cohort",
    "participant declarations: create, completed milestone",
)

# What our API answers each one in the world below: the state the sample was chosen for.
EXPECTED_STATUS = {
    "partnerships: create": 200,
    "participant declarations: create, pre-2025 cohort": 200,
    "participant declarations: create, post-2024 cohort": 200,
    "participant declarations: create, already exists": 422,
    "participant declarations: void a paid declaration (clawback)": 200,
    "participant declarations: void a voidable declaration": 200,
    "participant declarations: void an already voided declaration": 422,
    "partnerships: update": 200,
    "participants: withdraw an active participant": 200,
    "participants: withdraw a withdrawn participant": 422,
    "participants: defer an active participant": 200,
    "participants: defer a deferred participant": 422,
    "participants: resume a withdrawn participant": 200,
    "participants: resume a deferred participant": 200,
    "participants: resume an active participant": 422,
    "participants: change schedule with an incorrect course identifier": 422,
}


def _extended_world():
    """The shared generated world plus, for Ambition, what every write variant needs and the generator leaves
    to chance: a school partnered in 2024 and 2025, 2024 ECTs with an unpaid, a voided and a paid `started`
    declaration, and a 2025 ECT with none."""
    builder, extra = build_world()
    school = builder.school(name="Parity school")
    builder.rows["gias_establishments"].append(
        {
            "urn": builder.school_urns[school], "name": "Parity school", "type_name": "Community school",
            "status": "open", "in_england": True, "section_41_approved": False, "local_authority_code": 202,
            "administrative_district_name": "Camden", "ukprn": 10_000_000 + builder.school_urns[school],
            "phase_name": "Primary",
        }
    )  # fmt: skip
    lead_provider = "Ambition Institute"
    for state in ("eligible", "voided", "paid"):
        ect: Profile = builder.profile(ECT, builder.person(), 2024)
        builder.record(ect, builder.programme(school, 2024, "full_induction_programme", lead_provider), D(2024, 9, 2))
        extra[state] = builder.declaration(ect, lead_provider, 2024, "started", D(2024, 10, 1), state=state)
    # Withdrawn and deferred in 2024 and still at the school (migration.md §17 worked example: the ongoing record
    # after the state continues the school period), so they can be resumed.
    for state, reason in (("withdrawn", "moved-school"), ("deferred", "career-break")):
        ect = builder.profile(ECT, builder.person(), 2024)
        programme = builder.programme(school, 2024, "full_induction_programme", lead_provider)
        builder.record(ect, programme, D(2024, 9, 2), D(2025, 1, 15))
        at = stamp(D(2025, 1, 15), 10, 12)
        builder.state(ect, state, reason, lead_provider, at)
        builder.record(ect, programme, D(2025, 1, 15), None, training_status=state, created_at=at)
    ect = builder.profile(ECT, builder.person(), 2025)
    builder.record(ect, builder.programme(school, 2025, "full_induction_programme", lead_provider), D(2025, 9, 1))
    return builder, extra


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """This module's own migrated world (the conftest's, extended), rolled back after the module."""
    with migrated_world(_extended_world, django_db_blocker) as migrated:
        yield migrated


@pytest.fixture
def ambition(world, db) -> tuple[LeadProvider, LeadProviderTokens]:
    lead_provider = LeadProvider.objects.get(name="Ambition Institute")
    _, token = create_api_token(author=Author.system(), lead_provider=lead_provider)
    return lead_provider, LeadProviderTokens(lead_provider.name, old_token=lead_provider.name, new_token=token)


@pytest.fixture(scope="module")
def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text())["components"]["schemas"]


def _valid_against(document: dict, schema_name: str, schemas: dict) -> list[str]:
    """The contract's schemas (a trailing `*` = any of the declaration attribute schemas with that prefix) the
    document satisfies; the attribute schemas forbid extra keys, so a match means the body is exactly right."""
    if not schema_name.endswith("*"):
        schema = {**schemas[schema_name], "components": {"schemas": schemas}}
        jsonschema.validate(document, schema)
        return [schema_name]
    prefix = schema_name[:-1]
    assert document["data"]["type"] == "participant-declaration" and set(document["data"]) == {"type", "attributes"}
    matched = []
    for name, schema in schemas.items():
        if name.startswith(prefix) and name.endswith("Attributes"):
            try:
                jsonschema.validate(document["data"]["attributes"], schema)
            except jsonschema.ValidationError:
                continue
            matched.append(name)
    return matched


def test_the_twenty_write_variants_come_from_migrated_records_with_the_contracts_bodies(world, ambition, contract):
    lead_provider, _ = ambition
    variants = parity_writes.write_variants(lead_provider)
    assert [v.name for v in variants] == list(EXPECTED)
    assert sum(v.method == "POST" for v in variants) == 5 and sum(v.method == "PUT" for v in variants) == 15
    assert not [v.name for v in variants if v.skipped]
    for variant in variants:
        method, pattern, schema_name = EXPECTED[variant.name]
        assert variant.method == method and not variant.paged and variant.params == ()
        prefix, _, suffix = pattern.partition("{}")
        assert variant.path.startswith(prefix) and variant.path.endswith(suffix), variant
        if schema_name is None:
            assert variant.body is None  # void takes no body (§11.8.4)
        else:
            assert _valid_against(json.loads(variant.body), schema_name, contract), variant
    by_name = {v.name: v for v in variants}

    def target(name: str) -> str:
        return by_name[name].path.split("/")[4]

    def attributes(name: str) -> dict:
        return json.loads(by_name[name].body)["data"]["attributes"]

    # Every id is one ECF1 gave (the migration kept it), in the state the variant is about.
    voids = {target(f"participant declarations: void {what}") for what in ("a paid declaration (clawback)",
             "a voidable declaration", "an already voided declaration")}  # fmt: skip
    assert {str(Declaration.objects.get(api_id=i).payment_status) for i in voids} == {"paid", "eligible", "voided"}
    assert target("participant declarations: void a voidable declaration") == world.extra["eligible"]
    pre, post = (attributes(f"participant declarations: create, {c} cohort") for c in ("pre-2025", "post-2024"))
    assert _valid_against(json.loads(by_name["participant declarations: create, pre-2025 cohort"].body),
                          "DeclarationPre2025*", contract)  # fmt: skip
    assert "evidence_held" in post and post["course_identifier"] == "ecf-induction"
    for attrs, cohorts in ((pre, range(2021, 2025)), (post, range(2025, 2030))):
        teacher = Teacher.objects.get(api_id=attrs["participant_id"], migration_mode__isnull=False)
        periods = TrainingPeriod.objects.filter(teacher=teacher, school_partnership__isnull=False).latest_first()
        assert periods.first().schedule.contract_period_id in cohorts
    withdrawn = target("participants: withdraw a withdrawn participant")
    assert target("participants: resume a withdrawn participant") == withdrawn  # a refused request changes nothing
    changed = [target(n) for n in by_name if n.startswith("participants:") and EXPECTED_STATUS.get(n, 200) == 200]
    assert len(changed) == len(set(changed))  # no participant is changed twice
    assert attributes("participants: change schedule with an incorrect course identifier")["course_identifier"] == (
        "ecf-mentor"
    )
    cohort_change = attributes("participants: change schedule to a different cohort")
    assert "cohort" in cohort_change and "cohort" not in attributes(
        "participants: change schedule to a different schedule"
    )

    # The same snapshot gives the same requests.
    assert parity_writes.write_variants(lead_provider) == variants


def _checksums() -> dict[str, str]:
    """An md5 of every table's rows in the public schema (sequences aside: a rolled-back insert still uses a
    number)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )  # fmt: skip
        tables = [row[0] for row in cursor.fetchall()]
        sums = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            sums[table] = "{}:{}".format(*cursor.fetchone())
    return sums


def test_running_the_writes_in_process_changes_nothing(ambition):
    lead_provider, tokens = ambition
    variants = parity_writes.write_variants(lead_provider)
    before = _checksums()
    answers = {v.name: DjangoSide().request(v.method, v.path, {}, tokens.new_token, v.body) for v in variants}
    assert _checksums() == before
    statuses = {name: answers[name].status for name in EXPECTED_STATUS}
    assert statuses == EXPECTED_STATUS, {
        n: answers[n].body[:300] for n in statuses if statuses[n] != EXPECTED_STATUS[n]
    }
    # The successful ones did their work inside the rolled-back transaction.
    withdrawn = json.loads(answers["participants: withdraw an active participant"].body)["data"]["attributes"]
    assert withdrawn["ecf_enrolments"][0]["training_status"] == "withdrawn"
    clawed = json.loads(answers["participant declarations: void a paid declaration (clawback)"].body)
    assert clawed["data"]["attributes"]["state"] == "awaiting-clawback"
    assert Declaration.objects.get(api_id=clawed["data"]["id"]).clawback_status == "no_clawback"


def test_a_recorded_old_side_with_one_different_answer(ambition, tmp_path):
    lead_provider, tokens = ambition
    variants = parity_writes.write_variants(lead_provider)
    recorded = tmp_path / "old"
    recorder = Recorder(DjangoSide(), recorded, {tokens.new_token: tokens.name})
    first = parity.run(recorder, DjangoSide(), [LeadProviderTokens(tokens.name, tokens.new_token, tokens.new_token)],
                       lambda _: variants)  # fmt: skip
    assert len(first) == 20 and all(row["kind"] == "write" and parity.passes(row) for row in first)
    # Each successful create gets a new id from each service: that id, and only its line, differs.
    created = {row["variant"] for row in first if row["method"] == "POST" and row["new_status"] == "200"}
    assert created == set(CREATES)
    for row in first:
        if row["variant"] in created:
            assert row["ids_only_old"] == row["ids_only_new"] == 1 and 90 <= row["match_rate"] < 100, row
        else:
            assert row["match_rate"] == 100 and row["ids_only_old"] == row["ids_only_new"] == 0, row

    # The old service answered one request differently: another declaration id and a different state.
    void = next(v for v in variants if v.name == "participant declarations: void a voidable declaration")
    file = recorded / f"{parity._key(tokens.name, void.path, {}, 'PUT', None)}.json"
    stored = json.loads(file.read_text())
    old_body = json.loads(stored["body"])
    old_body["data"]["id"] = "00000000-0000-4000-8000-000000000001"
    old_body["data"]["attributes"]["state"] = "submitted"
    stored["body"] = json.dumps(old_body)
    file.write_text(json.dumps(stored))

    rows = {row["variant"]: row for row in parity.run(RecordedSide(recorded), DjangoSide(), [tokens],
                                                      lambda _: variants)}  # fmt: skip
    row = rows[void.name]
    new_answer = DjangoSide().request("PUT", void.path, {}, tokens.new_token)
    a = parity.normalise(stored["body"], "participant_declarations").splitlines()
    b = parity.normalise(new_answer.body, "participant_declarations").splitlines()
    expected = int(100 * (1 - len(set(a) ^ set(b)) / (len(a) + len(b))))
    assert row["match_rate"] == expected < 100 and row["pages_differing"] == 1
    assert row["ids_only_old_list"] == "00000000-0000-4000-8000-000000000001"
    assert row["ids_only_new_list"] == void.path.split("/")[4]
    assert row["method"] == "PUT" and row["outcome"] == "compared"
    assert all(r["match_rate"] == 100 for name, r in rows.items() if name not in (void.name, *CREATES))


def test_replay_is_keyed_by_method_path_and_body(tmp_path):
    """Two writes to one path with different bodies get their own answers back; a body never recorded gets none."""

    class Echo:
        def request(self, method, path, params, token, body=None):
            return Answer(200, json.dumps({"method": method, "body": body}), 1.0)

    recorder = Recorder(Echo(), tmp_path, {"t": "Ambition Institute"})
    path = "/api/v3/participants/x/withdraw"
    one, two = (
        parity_writes.body("participant-withdraw", reason="other", course_identifier="ecf-induction"),
        (parity_writes.body("participant-withdraw", reason="moved-school", course_identifier="ecf-induction")),
    )
    for sent in (one, two):
        recorder.request("PUT", path, {}, "t", sent)
    recorder.request("GET", path, {}, "t")
    replay = RecordedSide(tmp_path)
    assert json.loads(replay.request("PUT", path, {}, "Ambition Institute", one).body)["body"] == one
    assert json.loads(replay.request("PUT", path, {}, "Ambition Institute", two).body)["body"] == two
    spaced = json.dumps(json.loads(one), indent=2)  # the same content, laid out differently
    assert json.loads(replay.request("PUT", path, {}, "Ambition Institute", spaced).body)["body"] == one
    assert json.loads(replay.request("GET", path, {}, "Ambition Institute").body)["method"] == "GET"
    assert replay.request("POST", path, {}, "Ambition Institute", one).status == 404  # another method: not recorded
    other = parity_writes.body("participant-withdraw", reason="other", course_identifier="ecf-mentor")
    assert replay.request("PUT", path, {}, "Ambition Institute", other).status == 404


def test_a_live_side_refuses_writes_unless_it_is_a_disposable_copy(ambition, tmp_path):
    side = parity.HttpSide("http://127.0.0.1:9")  # nothing listens: a refused write never gets that far
    with pytest.raises(parity.WritesRefused):
        side.request("PUT", "/api/v3/participants/x/withdraw", {}, "token", "{}")
    with pytest.raises(parity.WritesRefused):
        side.request("POST", "/api/v3/partnerships", {}, "token", "{}")
    allowed = parity.HttpSide("http://127.0.0.1:9", timeout=2, writes_allowed=True)
    with pytest.raises(OSError):  # sent (and failed to connect), not refused
        allowed.request("POST", "/api/v3/partnerships", {}, "token", "{}")

    lead_provider, tokens = ambition
    csv = tmp_path / "tokens.csv"
    csv.write_text(f"lead_provider,old_token,new_token\n{lead_provider.name},old,{tokens.new_token}\n")
    for flags in (["--old-url", "http://127.0.0.1:9"], ["--old-recorded", str(tmp_path), "--new-url", "http://x"]):
        with pytest.raises(CommandError, match="--writes if it is a disposable copy, or --reads-only"):
            call_command("ecf1_api_parity", "--tokens", str(csv), *flags, "--report", str(tmp_path / "r"))


def test_capita_is_left_out_of_the_void_checks_and_a_missing_sample_is_reported(world, db, tmp_path):
    capita = LeadProvider.objects.get(name="Capita")
    variants = {v.name: v for v in parity_writes.write_variants(capita)}
    voids = [v for n, v in variants.items() if "void" in n]
    assert len(voids) == 3 and all(v.skipped == parity_writes.CAPITA_EXCLUDED and not v.path for v in voids)

    ucl = LeadProvider.objects.get(name="UCL Institute of Education")  # no withdrawn participant in this world
    missing = [v for v in parity_writes.write_variants(ucl) if v.skipped]
    assert missing and all(v.skipped == parity_writes.NO_SAMPLE for v in missing)
    _, token = create_api_token(author=Author.system(), lead_provider=ucl)
    rows = parity.run(RecordedSide(tmp_path), DjangoSide(), [LeadProviderTokens(ucl.name, ucl.name, token)],
                      lambda _: missing)  # fmt: skip
    assert len(rows) == len(missing)
    assert all(r["outcome"] == "skipped: no sample" and r["match_rate"] == "" and parity.passes(r) for r in rows)
    page, csv_path = parity.write(rows, tmp_path / "report")
    assert f"{len(missing)} variants were not sent" in page.read_text()
    assert "skipped: no sample" in csv_path.read_text()


def test_the_command_runs_reads_and_writes_against_recorded_answers(ambition, tmp_path):
    lead_provider, tokens = ambition
    reads = parity.variants(parity.sample_for(tokens.name, DjangoSide(), tokens.new_token, 2023, 2024,
                                              "2020-01-01T00:00:00Z"))  # fmt: skip
    writes = parity_writes.write_variants(lead_provider)
    recorded = tmp_path / "old"
    recorder = Recorder(DjangoSide(), recorded, {tokens.new_token: tokens.name})
    for variant in reads + writes:
        parity.compare(recorder, DjangoSide(), LeadProviderTokens(tokens.name, tokens.new_token, tokens.new_token),
                       variant)  # fmt: skip
    csv = tmp_path / "tokens.csv"
    csv.write_text(f"lead_provider,old_token,new_token\n{lead_provider.name},,{tokens.new_token}\n")
    before = _checksums()
    out = StringIO()
    call_command("ecf1_api_parity", "--tokens", str(csv), "--old-recorded", str(recorded), "--cohort", "2023",
                 "--other-cohort", "2024", "--updated-since", "2020-01-01T00:00:00Z", "--report",
                 str(tmp_path / "report"), stdout=out)  # fmt: skip
    expected = f"{len(reads) + 20} requests compared; 0 below their threshold; 4 writes differ; 0 variants skipped"
    assert expected in out.getvalue()
    assert _checksums() == before
    report = (tmp_path / "report" / "api_parity.csv").read_text()
    assert report.count(",write,") == 20 and report.count(",read,") == len(reads)
    assert "participant-withdraw" in report  # the request body, in the CSV only
    assert "participant-withdraw" not in (tmp_path / "report" / "api_parity.html").read_text()

    out = StringIO()
    call_command("ecf1_api_parity", "--tokens", str(csv), "--old-recorded", str(recorded), "--cohort", "2023",
                 "--other-cohort", "2024", "--updated-since", "2020-01-01T00:00:00Z", "--reads-only", "--report",
                 str(tmp_path / "reads"), stdout=out)  # fmt: skip
    assert f"{len(reads)} requests compared; 0 below their threshold; 0 writes differ" in out.getvalue()


def test_a_run_sends_every_read_before_any_write(db):
    """The old side keeps what a write changes, so no lead provider's read may come after another's write."""
    sent: list[tuple[str, str]] = []

    class Log:
        def request(self, method, path, params, token, body=None):
            sent.append((token, method))
            return Answer(200, "{}", 1.0)

    plan = [
        parity.Variant("read", "participants", "/api/v3/participants/x", paged=False),
        parity.Variant("write", "participants", "/api/v3/participants/x/defer", paged=False, method="PUT", body="{}"),
        parity.Variant("skipped", "participants", "", paged=False, method="PUT", skipped=parity_writes.NO_SAMPLE),
    ]
    providers = [LeadProviderTokens(name, name, name) for name in ("A", "B")]
    rows = parity.run(Log(), Log(), providers, lambda _: plan)
    assert [method for _, method in sent] == ["GET"] * 4 + ["PUT"] * 4
    assert [(r["lead_provider"], r["variant"]) for r in rows] == [
        ("A", "read"), ("B", "read"), ("A", "write"), ("A", "skipped"), ("B", "write"), ("B", "skipped")
    ]  # fmt: skip
    assert [r["outcome"] for r in rows if r["variant"] == "skipped"] == ["skipped: no sample"] * 2
