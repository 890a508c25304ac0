"""The TRS client, its fake and the induction-status outbox (integrations.md §2; domain.md §7.3.7)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from integrations.trs.client import (
    PROHIBITED_FROM_TEACHING_CATEGORY_ID,
    HTTPTRSClient,
    TeacherDeactivated,
    TeacherMerged,
    TeacherNotFound,
    TRSUnavailable,
    TRSWriteRejected,
    modified_on,
    parse_person,
)
from integrations.trs.fake import FakeTRS
from integrations.trs.models import TRSInductionStatusUpdate
from integrations.trs.outbox import SUPERSEDED, queue_induction_status_update, send_pending_induction_status_updates
from schools.models import TrainingProgramme
from teachers.services.induction import claim_ect
from tests.builders import create_teacher
from tests.builders_induction import ab_user, trs_teacher

D = dt.date

PERSON = {
    "trn": "1234567",
    "firstName": "Jane",
    "middleName": "Ann",
    "lastName": "Smith",
    "dateOfBirth": "1998-01-02",
    "emailAddress": "jane@example.com",
    "alerts": [
        {
            "alertType": {"alertCategory": {"alertCategoryId": PROHIBITED_FROM_TEACHING_CATEGORY_ID}},
            "endDate": "2026-01-01",
        },
        {"alertType": {"alertCategory": {"alertCategoryId": "5562a5b7-3e32-eb11-a814-000d3a23980a"}}},
    ],
    "induction": {"status": "InProgress", "startDate": "2025-09-01", "completedDate": None},
    "qts": {
        "holdsFrom": "2025-07-01",
        "routes": [{"routeToProfessionalStatusType": {"professionalStatusType": "QualifiedTeacherStatus"}}],
    },
    "routesToProfessionalStatuses": [
        {"trainingProvider": {"name": "Old Provider"}, "trainingEndDate": "2020-07-01"},
        {"trainingProvider": {"name": "Example Provider Ltd."}, "trainingEndDate": "2025-06-30"},
    ],
}


# Parsing (§2.4) --------------------------------------------------------------------------------------


def test_parse_person_reads_the_fields_the_service_uses():
    teacher = parse_person(PERSON, today=D(2026, 9, 15))
    assert (teacher.trn, teacher.first_name, teacher.last_name, teacher.date_of_birth) == (
        "1234567",
        "Jane",
        "Smith",
        D(1998, 1, 2),
    )
    assert (teacher.induction_status, teacher.induction_start_date, teacher.induction_completed_date) == (
        "InProgress",
        D(2025, 9, 1),
        None,
    )
    assert (teacher.qts_awarded_on, teacher.qts_status_description) == (D(2025, 7, 1), "QualifiedTeacherStatus")
    assert (teacher.initial_teacher_training_provider_name, teacher.initial_teacher_training_end_date) == (
        "Example Provider Ltd.",
        D(2025, 6, 30),
    )
    assert teacher.has_alerts
    assert not teacher.prohibited_from_teaching  # the prohibition ended before today


def test_an_active_prohibition_is_detected():
    body = {
        **PERSON,
        "alerts": [
            {
                "alertType": {"alertCategory": {"alertCategoryId": PROHIBITED_FROM_TEACHING_CATEGORY_ID}},
                "endDate": "not a date",
            }
        ],
    }
    assert parse_person(body, today=D(2026, 9, 15)).prohibited_from_teaching
    assert not parse_person({**PERSON, "qts": None}, today=D(2026, 9, 15)).has_qts


def test_modified_on_is_utc_with_milliseconds():
    assert modified_on(dt.datetime(2025, 3, 4, 10, 15, 30, 123456, tzinfo=dt.UTC)) == "2025-03-04T10:15:30.123Z"


# The HTTP client against a local stub (§2.2, §2.3, §2.5) ----------------------------------------------


class StubTRS(BaseHTTPRequestHandler):
    responses: dict[str, tuple[int, dict, object]] = {}
    received: list[dict] = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": json.loads(self.rfile.read(length)) if length else None,
            }
        )
        trn = self.path.split("/v3/persons/")[1].split("?")[0].split("/")[0]
        status, headers, body = self.responses.get(trn, (200, {}, PERSON))
        payload = json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer
    do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    StubTRS.responses = {}
    StubTRS.received = []
    server = HTTPServer(("127.0.0.1", 0), StubTRS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HTTPTRSClient(base_url=f"http://127.0.0.1:{server.server_port}", api_key="secret", timeout=5)
    server.shutdown()


def test_find_teacher_sends_trn_and_date_of_birth(stub, frozen_today):
    teacher = stub.find_teacher(trn="1234567", date_of_birth=D(1998, 1, 2))
    assert teacher.first_name == "Jane"
    request = StubTRS.received[0]
    assert request["path"].startswith("/v3/persons/1234567?")
    assert "dateOfBirth=1998-01-02" in request["path"]
    assert "include=Alerts%2CInduction%2CMandatoryQualifications%2CRoutesToProfessionalStatuses" in request["path"]
    assert (request["headers"]["Authorization"], request["headers"]["X-Api-Version"]) == ("Bearer secret", "20260120")


@pytest.mark.parametrize(
    ("status", "headers", "error"),
    [(404, {}, TeacherNotFound), (410, {}, TeacherDeactivated), (500, {}, TRSUnavailable), (429, {}, TRSUnavailable)],
)
def test_find_teacher_maps_statuses(stub, frozen_today, status, headers, error):
    StubTRS.responses["7000002"] = (status, headers, {"title": "x"})
    with pytest.raises(error):
        stub.find_teacher(trn="7000002")


def test_a_merged_record_names_the_new_trn(stub, frozen_today):
    StubTRS.responses["7000011"] = (308, {"Location": "/v3/persons/7000012"}, {})
    with pytest.raises(TeacherMerged) as excinfo:
        stub.find_teacher(trn="7000011")
    assert (excinfo.value.trn, excinfo.value.redirected_to) == ("7000011", "7000012")


def test_set_induction_status_puts_the_cpd_induction_body(stub, frozen_today):
    stub.pass_induction(
        trn="1234567",
        start_date=D(2025, 9, 1),
        completed_date=D(2026, 7, 20),
        modified_at=dt.datetime(2026, 9, 15, 11, 0, tzinfo=dt.UTC),
    )
    request = StubTRS.received[0]
    assert (request["method"], request["path"]) == ("PUT", "/v3/persons/1234567/cpd-induction")
    assert request["body"] == {
        "status": "Passed",
        "startDate": "2025-09-01",
        "completedDate": "2026-07-20",
        "modifiedOn": "2026-09-15T11:00:00.000Z",
    }
    StubTRS.responses["1234567"] = (400, {}, {"title": "bad"})
    with pytest.raises(TRSWriteRejected):
        stub.reset_induction(trn="1234567")


def test_an_unreachable_trs_is_unavailable(frozen_today):
    client = HTTPTRSClient(base_url="http://127.0.0.1:9", api_key="x", timeout=1)
    with pytest.raises(TRSUnavailable):
        client.find_teacher(trn="1234567")


# The fake (§2.10) ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trn", "check"),
    [
        ("7000001", lambda t: not t.has_qts),
        ("7000003", lambda t: t.prohibited_from_teaching),
        ("7000005", lambda t: t.has_alerts and not t.prohibited_from_teaching),
        ("7000007", lambda t: t.induction_status == "Passed"),
        ("7000008", lambda t: t.induction_status == "Failed"),
        ("7000009", lambda t: t.induction_status == "Exempt"),
        ("7000010", lambda t: t.induction_status == "FailedInWales"),
        (
            "7000099",
            lambda t: (
                t.has_qts
                and t.induction_status == "InProgress"
                and t.initial_teacher_training_provider_name == "Example Provider Ltd."
            ),
        ),
    ],
)
def test_the_fake_keeps_the_reference_special_trns(db, frozen_today, trn, check):
    assert check(FakeTRS().find_teacher(trn=trn))


def test_the_fake_not_found_deactivated_and_merged(db, frozen_today):
    fake = FakeTRS()
    with pytest.raises(TeacherNotFound):
        fake.find_teacher(trn="7000002")
    with pytest.raises(TeacherDeactivated):
        fake.find_teacher(trn="7000004")
    with pytest.raises(TeacherMerged):
        fake.find_teacher(trn="7000011")
    fake.force_not_found("1234567")
    with pytest.raises(TeacherNotFound):
        fake.find_teacher(trn="1234567")


def test_the_fake_checks_the_date_of_birth_unless_echoing(db, frozen_today):
    fake = FakeTRS()
    fake.add_teacher(trn="1234567", date_of_birth=D(1998, 1, 2))
    with pytest.raises(TeacherNotFound):
        fake.find_teacher(trn="1234567", date_of_birth=D(1998, 1, 3))
    assert FakeTRS(echo_date_of_birth=True).find_teacher(trn="1234567", date_of_birth=D(1990, 5, 5)).date_of_birth == D(
        1990, 5, 5
    )


def test_the_fake_uses_known_names_then_a_fixed_pick(db, frozen_today):
    create_teacher(trn="2345678", first_name="Sam", last_name="Patel")
    fake = FakeTRS()
    assert (fake.find_teacher(trn="2345678").first_name, fake.find_teacher(trn="2345678").last_name) == ("Sam", "Patel")
    assert fake.find_teacher(trn="3456789").first_name == FakeTRS().find_teacher(trn="3456789").first_name


def test_the_fake_returns_the_last_write_and_can_refuse(db, frozen_today):
    fake = FakeTRS()
    fake.add_teacher(trn="1234567")
    fake.begin_induction(trn="1234567", start_date=D(2026, 9, 1))
    found = fake.find_teacher(trn="1234567")
    assert (found.induction_status, found.induction_start_date, found.induction_completed_date) == (
        "InProgress",
        D(2026, 9, 1),
        None,
    )
    fake.reject_writes = True
    with pytest.raises(TRSWriteRejected):
        fake.reset_induction(trn="1234567")
    fake.down = True
    with pytest.raises(TRSUnavailable):
        fake.find_teacher(trn="1234567")


def test_the_fake_refuses_to_start_in_production(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(ImproperlyConfigured):
        FakeTRS()


# The outbox (§7.3.7) ---------------------------------------------------------------------------------


def test_queued_updates_are_sent_in_order_and_stamped(world):
    fake = FakeTRS()
    queue_induction_status_update(teacher=world.jane, status="InProgress", start_date=D(2025, 9, 1))
    other = create_teacher(trn="2345678")
    queue_induction_status_update(teacher=other, status="RequiredToComplete")
    assert send_pending_induction_status_updates(client=fake) == 2
    assert [(trn, w.status, w.start_date) for trn, w in fake.write_log] == [
        ("1234567", "InProgress", D(2025, 9, 1)),
        ("2345678", "RequiredToComplete", None),
    ]
    assert not TRSInductionStatusUpdate.objects.filter(sent_at__isnull=True).exists()
    assert send_pending_induction_status_updates(client=fake) == 0  # nothing is sent twice


def test_a_failed_write_is_kept_for_the_next_run(world):
    fake = FakeTRS()
    queue_induction_status_update(teacher=world.jane, status="InProgress", start_date=D(2025, 9, 1))
    fake.down = True
    assert send_pending_induction_status_updates(client=fake) == 0
    row = TRSInductionStatusUpdate.objects.get()
    assert (row.sent_at, row.attempts, "503" in row.last_error) == (None, 1, True)
    fake.down = False
    assert send_pending_induction_status_updates(client=fake) == 1


def test_an_older_unsent_write_is_superseded_by_a_later_one(world):
    fake = FakeTRS()
    queue_induction_status_update(teacher=world.jane, status="InProgress", start_date=D(2025, 9, 1))
    queue_induction_status_update(
        teacher=world.jane, status="Passed", start_date=D(2025, 9, 1), completed_date=D(2026, 7, 20)
    )
    assert send_pending_induction_status_updates(client=fake) == 1
    assert [w.status for _, w in fake.write_log] == ["Passed"]
    assert TRSInductionStatusUpdate.objects.filter(last_error=SUPERSEDED).count() == 1


def test_the_database_refuses_dates_that_do_not_fit_the_status(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TRSInductionStatusUpdate.objects.create(
            teacher=world.jane, trn="1234567", status="Passed", start_date=D(2025, 9, 1)
        )


def test_the_outbox_row_rolls_back_with_the_service(world):
    """The outbox row commits or rolls back with the claim that queued it."""
    from django.db import transaction

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        claim_ect(
            author=ab_user(world.north_hub),
            appropriate_body=world.north_hub,
            trs_teacher=trs_teacher(),
            started_on=D(2026, 9, 1),
            training_programme=TrainingProgramme.PROVIDER_LED,
        )
        assert TRSInductionStatusUpdate.objects.count() == 1
        raise Abandon
    assert not TRSInductionStatusUpdate.objects.exists()


def test_after_an_outcome_is_sent_the_teacher_is_refreshed_from_trs(world):
    """integrations.md §2.5: pass/fail is written, then the teacher is read back from TRS."""
    fake = FakeTRS()
    fake.add_teacher(
        trn="1234567",
        first_name="Jane",
        last_name="Smith",
        initial_teacher_training_provider_name="Example Provider Ltd.",
    )
    queue_induction_status_update(
        teacher=world.jane, status="Passed", start_date=D(2025, 9, 1), completed_date=D(2026, 7, 20)
    )
    assert send_pending_induction_status_updates(client=fake) == 1
    world.jane.refresh_from_db()
    assert (world.jane.trs_induction_status, world.jane.trs_induction_completed_date) == ("Passed", D(2026, 7, 20))
    assert world.jane.trs_initial_teacher_training_provider_name == "Example Provider Ltd."
    assert world.jane.trs_data_last_refreshed_at is not None
