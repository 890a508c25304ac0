"""The GIAS import and reconciliation run on the sample extract in `schools/gias_sample/` (integrations.md
§3.3–3.6, §3.11; domain.md §7.6; BR-S-01, 02, 18, 19, 20, 22). Day 1 is a first import; day 2 closes, replaces,
merges and splits schools. See `schools/gias_sample/README.md` for what each row is for."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core import clock
from events.models import Event
from events.types import EventType
from providers.models import SchoolPartnership
from schools.models import GIASSchool, GIASSchoolLink, School
from schools.services.gias_import import (
    GIASExtractError,
    import_gias,
    parse_gias_date,
    read_extract,
    status_from_gias,
)
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from tests.builders import (
    create_ect_at_school_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school_partnership,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "gias_sample"
DAY1, DAY2 = SAMPLE / "day1", SAMPLE / "day2"
D = dt.date


def run(folder: Path):
    return import_gias(read_extract([folder]))


def school(urn: int) -> School | None:
    return School.objects.filter(gias_school_id=urn).first()


# Parsing (§3.3) ------------------------------------------------------------------------------------------


def test_statuses_and_dates_are_read_as_gias_writes_them():
    assert [status_from_gias(s) for s in ("Open", "Closed", "Open, but proposed to close", "Proposed to open")] == [
        "open",
        "closed",
        "proposed_to_close",
        "proposed_to_open",
    ]
    assert parse_gias_date("31-08-2026") == D(2026, 8, 31)
    assert parse_gias_date("") is None
    with pytest.raises(ValueError):
        parse_gias_date("2026-31-08")


def test_the_extract_is_read_as_iso_8859_1_from_a_folder_a_zip_or_files():
    from_folder = read_extract([DAY1])
    assert "Saint-Léger Primary" in from_folder.establishments
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("ecf_tech.csv", "links.csv"):
            z.writestr(name, (DAY1 / name).read_bytes())
    zipped = DAY1.parent / "_test_extract.zip"
    zipped.write_bytes(archive.getvalue())
    try:
        assert read_extract([zipped]).establishments == from_folder.establishments
    finally:
        zipped.unlink()
    as_files = read_extract([DAY1 / "links.csv", DAY1 / "ecf_tech.csv"])  # told apart by their headers
    assert (as_files.establishments, as_files.links) == (from_folder.establishments, from_folder.links)


def test_a_broken_extract_writes_nothing(tmp_path, world):
    """§3.11: a missing file or column fails the whole run before anything is written."""
    (tmp_path / "ecf_tech.csv").write_bytes((DAY1 / "ecf_tech.csv").read_bytes())
    with pytest.raises(GIASExtractError, match="links"):
        read_extract([tmp_path])
    (tmp_path / "links.csv").write_text("URN,LinkURN\n1,2\n", encoding="iso-8859-1")
    with pytest.raises(GIASExtractError, match="LinkType"):
        run(tmp_path)
    bad_zip = tmp_path / "extract.zip"
    bad_zip.write_bytes(b"not a zip")
    with pytest.raises(GIASExtractError, match="ZIP"):
        read_extract([bad_zip])
    assert not GIASSchool.objects.filter(urn__gte=900000).exists()


# Day 1: a first import (§3.5, BR-S-01, BR-S-02, §3.6 open) --------------------------------------------------


def test_BR_S_01_only_establishments_the_service_can_use_are_imported(world):
    result = run(DAY1)
    imported = set(GIASSchool.objects.filter(urn__gte=900000).values_list("urn", flat=True))
    assert imported == {900001, 900002, 900004, 900005, 900009, 900010, 900011, 900012, 900013, 900023}
    # proposed to open (900003, neither open nor recently closed), Welsh (900006), closed before 2020 (900007),
    # not an eligible or independent type (900008): left out
    assert result.skipped == 4
    saint_leger = GIASSchool.objects.get(urn=900001)
    assert (saint_leger.name, saint_leger.local_authority_code, saint_leger.establishment_number) == (
        "Saint-Léger Primary",
        201,
        1,
    )
    assert (saint_leger.address_line2, saint_leger.address_line3, saint_leger.opened_on) == (
        None,
        "Northtown",
        D(2010, 9, 1),
    )


def test_BR_S_02_eligibility_is_derived_at_import(world):
    run(DAY1)
    eligible = dict(GIASSchool.objects.filter(urn__gte=900000).values_list("urn", "eligible"))
    assert eligible[900001] is True  # open community school
    assert eligible[900002] is True  # proposed to close still counts as open
    assert eligible[900004] is True  # independent, section 41 approved
    assert eligible[900005] is False  # independent without section 41
    assert eligible[900009] is False  # closed
    assert GIASSchool.objects.get(urn=900004).section_41_approved is True


def test_BR_S_18_rows_with_an_unknown_type_or_a_bad_urn_are_reported_and_the_rest_imported(world):
    result = run(DAY1)
    assert len(result.errors) == 2
    assert "'Academy' is not a valid school type" in result.errors[0]
    assert "ABC" in result.errors[1]
    assert not GIASSchool.objects.filter(urn=900014).exists()


def test_open_gives_new_open_establishments_a_school(world):
    """§3.6 Open: status exactly open, no School, no links; event `school_opened`."""
    result = run(DAY1)
    opened = {900001, 900004, 900005, 900010, 900011, 900012, 900013, 900023}
    assert set(result.reconciled["open"]) == opened
    assert set(School.objects.filter(gias_school_id__gte=900000).values_list("gias_school_id", flat=True)) == opened
    assert Event.objects.filter(event_type=EventType.SCHOOL_OPENED).count() == len(opened)
    # proposed to close / closed: imported but not opened, reported as not reconciled
    assert set(result.unreconciled) == {900002, 900009}


def test_BR_S_19_links_of_imported_schools_only(world):
    result = run(DAY1)
    assert list(GIASSchoolLink.objects.values_list("gias_school_id", "link_urn", "link_type")) == [
        (900002, 900003, "Other")
    ]  # 900006 (Welsh, not imported) → skipped
    assert result.links_created == 1


def test_a_second_import_of_the_same_files_changes_nothing(world):
    run(DAY1)
    run(DAY2)
    counts = (
        GIASSchool.objects.count(),
        GIASSchoolLink.objects.count(),
        School.objects.count(),
        Event.objects.count(),
    )
    stamps = list(GIASSchool.objects.order_by("urn").values_list("updated_at", flat=True))
    again = run(DAY2)
    assert (again.created, again.updated, again.links_created, again.links_updated, again.flagged) == ([], [], 0, 0, [])
    assert again.reconciled == {}
    assert (
        GIASSchool.objects.count(),
        GIASSchoolLink.objects.count(),
        School.objects.count(),
        Event.objects.count(),
    ) == counts
    assert list(GIASSchool.objects.order_by("urn").values_list("updated_at", flat=True)) == stamps


# Day 2: changes, replace, merge, close (§3.5 step 3, §3.6) ------------------------------------------------------


def test_BR_S_22_an_eligibility_flip_is_audited(world):
    run(DAY1)
    result = run(DAY2)
    assert 900004 in result.updated
    event = Event.objects.get(event_type=EventType.SCHOOL_ELIGIBILITY_CHANGED, school=school(900004))
    assert event.heading == "Dale College became ineligible"
    # the closures flip too (Juniper, Maple, Poplar; Kestrel's went with its School when it merged)
    assert Event.objects.filter(event_type=EventType.SCHOOL_ELIGIBILITY_CHANGED).count() == 4


def test_replace_moves_the_school_record_to_its_successor_urn(world):
    """§3.6 Replace: Juniper (900010) closed with one `Successor` (900020, open, no School): the same School now
    has URN 900020 and keeps Jane's period; events `school_changed` and `…_ect_at_school_period_moved_school`."""
    run(DAY1)
    juniper = school(900010)
    jane_there = create_ect_at_school_period(teacher=world.jane, school=juniper, started_on=D(2025, 9, 1))
    result = run(DAY2)

    assert result.reconciled["replace"] == [900010]
    juniper.refresh_from_db()
    assert (juniper.urn, juniper.name) == (900020, "New Juniper Academy")
    assert school(900010) is None
    assert ECTAtSchoolPeriod.objects.get(pk=jane_there.pk).school == juniper
    changed = Event.objects.get(event_type=EventType.SCHOOL_CHANGED)
    assert changed.heading == "Juniper Primary (URN 900010) replaced by New Juniper Academy (URN 900020)"
    moved = Event.objects.get(event_type=EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_MOVED_SCHOOL)
    assert (moved.teacher, moved.ect_at_school_period, moved.school) == (world.jane, jane_there, juniper)
    # the successor is someone's successor, so it is never opened as a new school
    assert (
        not Event.objects.filter(event_type=EventType.SCHOOL_OPENED, school=juniper)
        .exclude(heading="Juniper Primary opened")
        .exists()
    )


def test_merge_moves_people_and_partnerships_to_the_successor_and_removes_the_predecessor(world):
    """§3.6 Merge: Kestrel (900011) closed into Larch (900012) by `Successor - merged`. Jane's ECT period and its
    partnership move; Tom, mentoring at both, ends up with one period at Larch covering both; Kestrel's School
    and its school-level events go; `school_merged` is recorded."""
    run(DAY1)
    kestrel, larch = school(900011), school(900012)
    jane_there = create_ect_at_school_period(teacher=world.jane, school=kestrel, started_on=D(2025, 9, 1))
    partnership = create_school_partnership(school=kestrel)
    jane_training = create_training_period(
        ect_at_school_period=jane_there, started_on=D(2025, 9, 1), school_partnership=partnership
    )
    tom = create_teacher(trn="2345678", first_name="Tom", last_name="Brown")
    tom_at_kestrel = create_mentor_at_school_period(teacher=tom, school=kestrel, started_on=D(2024, 9, 1))
    tom_at_larch = create_mentor_at_school_period(teacher=tom, school=larch, started_on=D(2025, 1, 1))
    mentorship = create_mentorship_period(mentee=jane_there, mentor=tom_at_kestrel, started_on=D(2025, 9, 1))
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=clock.now() - dt.timedelta(days=1))

    result = run(DAY2)

    assert result.reconciled["merge"] == [900011]
    assert school(900011) is None
    assert ECTAtSchoolPeriod.objects.get(pk=jane_there.pk).school == larch
    assert not MentorAtSchoolPeriod.objects.filter(pk=tom_at_kestrel.pk).exists()
    merged = MentorAtSchoolPeriod.objects.get(teacher=tom)
    assert (merged.pk, merged.school, merged.started_on, merged.finished_on) == (
        tom_at_larch.pk,
        larch,
        D(2024, 9, 1),
        None,
    )
    assert MentorshipPeriod.objects.get(pk=mentorship.pk).mentor_at_school_period == merged
    partnership.refresh_from_db()
    assert partnership.school == larch  # moved, keeping the id lead providers know
    assert TrainingPeriod.objects.get(pk=jane_training.pk).school_partnership == partnership
    assert SchoolPartnership.objects.filter(school=larch).count() == 1

    event = Event.objects.get(event_type=EventType.SCHOOL_MERGED)
    assert (event.heading, event.school) == (
        "Kestrel Academy (URN 900011) merged into Larch Academy (URN 900012)",
        larch,
    )
    assert Event.objects.filter(event_type=EventType.TEACHER_MENTOR_AT_SCHOOL_PERIODS_MERGED, teacher=tom).exists()
    assert Event.objects.filter(
        event_type=EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_MOVED_SCHOOL, teacher=world.jane, school=larch
    ).exists()
    assert not Event.objects.filter(heading="Kestrel Academy opened").exists()  # its school-level events went
    assert Teacher.objects.get(pk=world.jane.pk).api_updated_at == clock.now()  # lead providers see the move


def test_BR_S_20_close_finishes_people_on_the_closing_date(world):
    """§3.6 Close: Maple (900013) closed on 2026-08-31 with no links: Jane leaves on that day."""
    run(DAY1)
    maple = school(900013)
    jane_there = create_ect_at_school_period(teacher=world.jane, school=maple, started_on=D(2025, 9, 1))
    result = run(DAY2)
    assert result.reconciled["close"] == [900013]
    jane_there.refresh_from_db()
    assert (jane_there.finished_on, jane_there.reported_leaving_by_school) == (D(2026, 8, 31), maple)
    assert Event.objects.filter(event_type=EventType.SCHOOL_CLOSED, school=maple).count() == 1


def test_several_successors_are_left_for_a_person_and_new_schools_open(world):
    """§3.6 / §3.11: Poplar (900023) split into two schools: no step applies, so it is reported and its people
    stay; the two successors are not opened as unrelated new schools. Nightingale (900021) opens."""
    run(DAY1)
    result = run(DAY2)
    assert result.reconciled["open"] == [900021]
    assert {900023, 900024, 900025} <= set(result.unreconciled)
    assert school(900023) is not None and school(900024) is None and school(900025) is None
    assert GIASSchoolLink.objects.filter(gias_school_id=900001).count() == 0  # `Sibling` is no GIAS link type
    assert any("link_type" in error for error in result.errors)


def test_the_order_is_replace_merge_open_close(world):
    run(DAY1)
    assert list(run(DAY2).reconciled) == ["replace", "merge", "open", "close"]


def test_one_schools_failure_does_not_stop_the_others(world, monkeypatch):
    """§3.6: an error is logged for that school, rolled back, and the run goes on."""
    from schools.services import gias_reconcile

    run(DAY1)

    def broken(*, author, school):
        raise RuntimeError("boom")

    monkeypatch.setattr(gias_reconcile, "merge_school", broken)
    result = run(DAY2)
    assert 900011 in result.unreconciled
    assert school(900011) is not None
    assert result.reconciled["replace"] == [900010] and result.reconciled["close"] == [900013]


# The command ---------------------------------------------------------------------------------------------


def test_the_command_imports_and_reconciles(world):
    out = io.StringIO()
    call_command("import_gias", str(DAY1), stdout=out)
    assert "10 created" in out.getvalue()
    assert school(900001) is not None
    with pytest.raises(CommandError):
        call_command("import_gias", str(SAMPLE), stdout=io.StringIO())  # no CSVs directly in it


def test_support_can_reconcile_given_urns_again(world):
    """§3.8: after a person fixes a split by hand (one successor left), reconciling the URN merges it."""
    run(DAY1)
    run(DAY2)
    GIASSchoolLink.objects.filter(gias_school_id=900023, link_urn=900025).delete()
    GIASSchoolLink.objects.filter(gias_school_id=900023).update(link_type="Successor - amalgamated")
    out = io.StringIO()
    call_command("reconcile_gias", "900023", stdout=out)
    assert out.getvalue().strip() == "merge: 900023"
    assert school(900023) is None and school(900024) is not None
