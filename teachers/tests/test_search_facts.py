"""The console list's facts stored on each teacher (teachers migration 0004, `teachers.services.search_facts`):
whatever writes the periods (a service, a raw statement, a COPY, a merge, a schedule moved to another contract
period), the stored facts are the ones the periods give, computed here from the periods in Python."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from events.authors import Author
from providers.models import Schedule
from schools.models import TrainingProgramme
from teachers.models import ECTAtSchoolPeriod, InductionPeriod, MentorAtSchoolPeriod, Teacher, TrainingPeriod
from teachers.services.identity import merge_teachers
from teachers.services.induction_admin import delete_induction_period
from teachers.services.search_facts import refresh_search_facts, search_facts_refreshed_once
from teachers.services.training_changes import change_contract_period, change_schedule, switch_training_programme
from tests import builders_training as b
from tests.builders import (
    create_appropriate_body,
    create_contract_period,
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_school,
    create_teacher,
    schedule,
)

pytestmark = pytest.mark.django_db

SEP_1 = dt.date(2026, 9, 1)
JAN_10 = dt.date(2026, 1, 10)


def stored(teacher: Teacher) -> tuple[bool, bool, int | None]:
    return Teacher.objects.filter(pk=teacher.pk).values_list(
        "is_ect_for_search", "is_mentor_for_search", "latest_training_contract_period_year"
    )[0]


def from_periods(teacher: Teacher) -> tuple[bool, bool, int | None]:
    """journeys.md §6.1 as the list defined it before the facts were stored: ECT = an ECT or induction period;
    the contract period of the latest-started training period (then highest id), none when school-led."""
    is_ect = (
        ECTAtSchoolPeriod.objects.filter(teacher=teacher).exists()
        or InductionPeriod.objects.filter(teacher=teacher).exists()
    )
    is_mentor = MentorAtSchoolPeriod.objects.filter(teacher=teacher).exists()
    latest = (
        TrainingPeriod.objects.filter(teacher=teacher).select_related("schedule").order_by("-started_on", "-pk").first()
    )
    year = None
    if latest is not None and latest.training_programme != TrainingProgramme.SCHOOL_LED and latest.schedule:
        year = latest.schedule.contract_period_id
    return is_ect, is_mentor, year


@pytest.fixture
def support_user(db):
    from accounts.models import User

    return Author.dfe_staff_user(User.objects.create(email="support@education.gov.uk", name="Sam Support"))


def test_every_table_the_facts_come_from_has_its_three_statement_triggers():
    """The raw-SQL tests below write through these; listed here so a dropped trigger is named when it goes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
            " WHERE NOT tgisinternal AND (tgname LIKE 'teacher_search_facts_%' OR tgname LIKE 'teachers_keep_%')"
        )
        found = sorted(cursor.fetchall())
    periods = ["ect_at_school_periods", "induction_periods", "mentor_at_school_periods", "training_periods"]
    each = [
        "teacher_search_facts_deleted",
        "teacher_search_facts_inserted",
        "teacher_search_facts_truncated",
        "teacher_search_facts_updated",
    ]
    assert found == sorted(
        [(table, trigger) for table in periods for trigger in each]
        + [
            ("schedules", "teacher_search_facts_updated"),
            ("teachers", "teacher_search_facts_inserted"),
            ("teachers", "teachers_keep_search_facts"),
        ]
    )


def test_a_new_teacher_has_no_role_and_no_contract_period(world):
    teacher = create_teacher(first_name="Nora", last_name="New")
    assert stored(teacher) == (False, False, None)


def test_periods_written_by_the_orm_set_each_fact_and_deleting_them_clears_it(world, alpha_2025):
    at_school = b.ect_period(world, started_on=JAN_10)
    assert stored(world.jane) == (True, False, None)
    training = b.training(at_school, started_on=JAN_10, school_partnership=alpha_2025)
    assert stored(world.jane) == (True, False, 2025)
    training.delete()
    assert stored(world.jane) == (True, False, None)
    at_school.delete()
    assert stored(world.jane) == (False, False, None)
    induction = create_induction_period(teacher=world.jane)
    assert stored(world.jane) == (True, False, None)
    induction.delete()
    mentor = b.mentor_period(world, teacher=world.jane)
    assert stored(world.jane) == (False, True, None)
    mentor.delete()
    assert stored(world.jane) == (False, False, None)


def test_the_latest_started_training_decides_the_contract_period_and_school_led_is_none(world, alpha_2025, alpha_2026):
    at_school = b.ect_period(world, started_on=JAN_10)
    first = b.training(at_school, started_on=JAN_10, finished_on=dt.date(2026, 8, 31), school_partnership=alpha_2025)
    later = b.training(at_school, started_on=SEP_1, school_partnership=alpha_2026)
    assert stored(world.jane) == (True, False, 2026)
    TrainingPeriod.objects.filter(pk=later.pk).update(
        training_programme="school_led", school_partnership=None, schedule=None
    )
    assert stored(world.jane) == (True, False, None)
    later.delete()
    assert stored(world.jane) == from_periods(world.jane) == (True, False, 2025)
    assert first.pk


def test_of_two_trainings_started_on_one_day_the_later_written_decides(world, alpha_2025, alpha_2026):
    """An ECT who also mentors, both trainings from 1 September: the one with the higher id is the latest."""
    ect_training = b.training(b.ect_period(world, started_on=SEP_1), started_on=SEP_1, school_partnership=alpha_2026)
    mentoring = b.mentor_period(world, teacher=world.jane, school=world.hillside, started_on=SEP_1)
    b.training(mentoring, started_on=SEP_1, school_partnership=alpha_2025)
    assert stored(world.jane) == (True, True, 2025)
    TrainingPeriod.objects.filter(pk=ect_training.pk).delete()
    b.training(ect_training.ect_at_school_period, started_on=SEP_1, school_partnership=alpha_2026)
    assert stored(world.jane) == (True, True, 2026)


def test_registering_an_ect_through_the_service(world):
    """The registration service creates the teacher, the ECT period and provider-led training in one action."""
    from teachers.models import WorkingPattern
    from teachers.services.registration import register_ect

    period = register_ect(
        author=Author.school_user(email="tutor@oakfield.sch.uk", name="Ian Tutor", school=world.oakfield),
        school=world.oakfield,
        trn="7654321",
        trs_first_name="Reg",
        trs_last_name="Istered",
        started_on=SEP_1,
        email="reg@example.com",
        working_pattern=WorkingPattern.FULL_TIME,
        appropriate_body=world.north_hub,
        training_programme=TrainingProgramme.PROVIDER_LED,
        lead_provider=world.alpha,
    )
    assert stored(period.teacher) == from_periods(period.teacher) == (True, False, 2026)


def test_a_switch_to_school_led_and_back_through_the_service(world, alpha_2026):
    school_user = Author.school_user(email="tutor@oakfield.sch.uk", name="Ian Tutor", school=world.oakfield)
    at_school = b.ect_period(world, started_on=SEP_1)
    b.training(at_school, started_on=SEP_1, expression_of_interest=b.active_lead_provider(world.alpha, 2026))
    assert stored(world.jane) == (True, False, 2026)
    switch_training_programme(author=school_user, ect_at_school_period=at_school, training_programme="school_led")
    assert stored(world.jane) == from_periods(world.jane) == (True, False, None)  # the EOI period was deleted


def test_a_schedule_change_that_splits_the_period_and_a_contract_period_change(world, alpha_2025, alpha_2026):
    alpha = Author.lead_provider_api(world.alpha)
    at_school = b.ect_period(world, started_on=JAN_10)
    training = b.training(at_school, started_on=JAN_10, school_partnership=alpha_2025)
    changed = change_schedule(author=alpha, training_period=training, schedule_identifier="ecf-extended-september")
    assert changed.pk != training.pk
    assert stored(world.jane) == from_periods(world.jane) == (True, False, 2025)
    change_contract_period(
        author=alpha,
        training_period=changed,
        contract_period=alpha_2026.lead_provider_delivery_partnership.active_lead_provider.contract_period,
        school_partnership=alpha_2026,
    )
    assert stored(world.jane) == from_periods(world.jane) == (True, False, 2026)


def test_deleting_an_induction_period_through_the_service(world, support_user):
    induction = create_induction_period(teacher=world.jane, appropriate_body=world.north_hub)
    assert stored(world.jane) == (True, False, None)
    delete_induction_period(author=support_user, period=induction, note="Entered in error")
    assert stored(world.jane) == (False, False, None)


def test_a_merge_moves_the_facts_and_a_stale_save_of_the_source_cannot_put_them_back(world, support_user):
    source = create_teacher(trn="7654321", first_name="Jane", last_name="Smyth")
    create_mentor_at_school_period(teacher=source, school=world.hillside, started_on=dt.date(2026, 1, 5))
    create_induction_period(teacher=source, appropriate_body=world.north_hub)
    source.refresh_from_db()  # the in-memory source holds (True, True, None) from here on
    assert stored(source) == (True, True, None)
    merge_teachers(author=support_user, source=source, destination=world.jane)  # anonymising saves `source`
    assert stored(world.jane) == (True, True, None)
    assert stored(source) == (False, False, None)


def test_saving_a_teacher_loaded_before_its_periods_changed_keeps_the_new_facts(world):
    stale = Teacher.objects.get(pk=world.jane.pk)
    b.ect_period(world, started_on=JAN_10)
    stale.corrected_name = "Janet Smith"
    stale.save()
    assert stored(world.jane) == (True, False, None)
    with connection.cursor() as cursor:  # nor can a direct write set them
        cursor.execute("UPDATE teachers SET is_mentor_for_search = true WHERE id = %s", [world.jane.pk])
    assert stored(world.jane) == (True, False, None)


def test_raw_sql_inserts_updates_and_deletes(world, alpha_2025, alpha_2026):
    at_school = b.ect_period(world, started_on=JAN_10)
    mentor = b.mentor_period(world, started_on=JAN_10)
    tom = mentor.teacher
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO training_periods (ect_at_school_period_id, teacher_id, role, started_on, training_programme,"
            " school_partnership_id, schedule_id, created_at, updated_at)"
            " VALUES (%s, %s, 'ect', %s, 'provider_led', %s, %s, now(), now())",
            [at_school.pk, world.jane.pk, JAN_10, alpha_2025.pk, schedule(year=2025).pk],
        )
        assert stored(world.jane) == (True, False, 2025)
        cursor.execute(
            "UPDATE training_periods SET schedule_id = %s, school_partnership_id = %s WHERE teacher_id = %s",
            [schedule(year=2026).pk, alpha_2026.pk, world.jane.pk],
        )
        assert stored(world.jane) == (True, False, 2026)
        # One statement moving a period from one teacher to another changes both.
        cursor.execute("UPDATE ect_at_school_periods SET teacher_id = %s WHERE id = %s", [tom.pk, at_school.pk])
        cursor.execute("UPDATE training_periods SET teacher_id = %s WHERE teacher_id = %s", [tom.pk, world.jane.pk])
        assert stored(world.jane) == (False, False, None)
        assert stored(tom) == (True, True, 2026)
        cursor.execute("DELETE FROM training_periods WHERE teacher_id = %s", [tom.pk])
        assert stored(tom) == (True, True, None)


def test_truncating_a_period_table(world, alpha_2025):
    at_school = b.ect_period(world, started_on=JAN_10)
    b.training(at_school, started_on=JAN_10, school_partnership=alpha_2025)
    b.mentor_period(world, teacher=world.jane, school=world.hillside)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
        cursor.execute("TRUNCATE training_periods CASCADE")
        assert stored(world.jane) == (True, True, None)
        cursor.execute("TRUNCATE mentor_at_school_periods CASCADE")
        assert stored(world.jane) == (True, False, None)


def test_a_copy_of_many_periods(world):
    teachers = [create_teacher(first_name=f"Copy{n}", last_name="Load") for n in range(30)]
    school = create_school()
    body = world.north_hub
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY mentor_at_school_periods (teacher_id, school_id, started_on, email, created_at, updated_at)"
            " FROM STDIN"
        ) as copy:
            for teacher in teachers[::2]:
                copy.write_row([teacher.pk, school.pk, SEP_1, f"m{teacher.pk}@example.com", "now", "now"])
        with cursor.copy(
            "COPY induction_periods (teacher_id, appropriate_body_period_id, started_on, induction_programme,"
            " training_programme, created_at, updated_at) FROM STDIN"
        ) as copy:
            for teacher in teachers[::3]:
                copy.write_row([teacher.pk, body.pk, SEP_1, "fip", "provider_led", "now", "now"])
    for n, teacher in enumerate(teachers):
        assert stored(teacher) == (n % 3 == 0, n % 2 == 0, None)


def test_a_schedule_moved_to_another_contract_period_moves_its_teachers(world, alpha_2025):
    at_school = b.ect_period(world, started_on=JAN_10)
    training = b.training(at_school, started_on=JAN_10, school_partnership=alpha_2025)
    create_contract_period(2030, with_schedules=False)
    Schedule.objects.filter(pk=training.schedule_id).update(contract_period_id=2030)
    assert stored(world.jane) == from_periods(world.jane) == (True, False, 2030)


def test_refresh_search_facts_puts_right_what_was_written_with_the_triggers_off(world, alpha_2025):
    at_school = b.ect_period(world, started_on=JAN_10)
    with connection.cursor() as cursor:  # as a bulk loader may: no triggers (nor foreign key checks) fire
        cursor.execute("SET session_replication_role = replica")
        try:
            b.training(at_school, started_on=JAN_10, school_partnership=alpha_2025)
            b.mentor_period(world, teacher=world.jane, school=world.hillside)
        finally:
            cursor.execute("SET session_replication_role = origin")
    assert stored(world.jane) == (True, False, None)
    assert refresh_search_facts([world.jane.pk]) == 1
    assert stored(world.jane) == (True, True, 2025)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            ECTAtSchoolPeriod.objects.filter(pk=at_school.pk).update(teacher=create_teacher(first_name="Other"))
        finally:
            cursor.execute("SET session_replication_role = origin")
    assert refresh_search_facts() == 2  # every teacher: Jane and the other teacher were wrong, no one else
    assert stored(world.jane) == (False, True, 2025)
    assert refresh_search_facts() == 0


def test_a_bulk_load_can_switch_the_triggers_off_and_pay_one_refresh_at_its_end(world, alpha_2025):
    at_school = b.ect_period(world, started_on=JAN_10)
    with connection.cursor() as cursor:  # as seed_scale does first: ALTER TABLE refuses pending deferred checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with search_facts_refreshed_once():
        b.training(at_school, started_on=JAN_10, school_partnership=alpha_2025)
        b.mentor_period(world, teacher=world.jane, school=world.hillside)
        assert stored(world.jane) == (True, False, None)  # not yet
    assert stored(world.jane) == (True, True, 2025)
    TrainingPeriod.objects.filter(teacher=world.jane).delete()  # the triggers are back on
    assert stored(world.jane) == (True, True, None)


def test_random_histories_leave_the_facts_the_periods_give(world):
    """Property-style: many teachers, each with a random history of periods written and then changed in random
    ways; every teacher's stored facts equal those computed from their periods in Python."""
    rng = random.Random(20260915)
    partnerships = {
        year: b.partnership(school=world.oakfield, lead_provider=world.alpha, year=year) for year in (2024, 2025, 2026)
    }
    teachers = [create_teacher(first_name=f"Random{n}", last_name="History") for n in range(40)]
    trainings: list[TrainingPeriod] = []
    at_schools: list[ECTAtSchoolPeriod | MentorAtSchoolPeriod] = []
    for teacher in teachers:
        # Half the teachers start as ECT and mentor on one day, so their two trainings' starts tie (then: higher id).
        same_day = dt.date(2024, 9, 1) + dt.timedelta(days=rng.randrange(0, 400)) if rng.random() < 0.5 else None
        for make in (b.ect_period, b.mentor_period):
            if rng.random() < 0.4:
                continue
            started = same_day or dt.date(2024, 9, 1) + dt.timedelta(days=rng.randrange(0, 400))
            at_school = make(world, teacher=teacher, started_on=started)
            at_schools.append(at_school)
            day = started
            for _ in range(1 if same_day else rng.randrange(0, 3)):
                day += dt.timedelta(days=0 if same_day else rng.randrange(0, 2) * 30)
                ends = day + dt.timedelta(days=29)
                if make is b.ect_period and rng.random() < 0.3:  # mentors' training is always provider-led
                    trainings.append(
                        b.training(at_school, started_on=day, finished_on=ends, training_programme="school_led")
                    )
                else:
                    year = rng.choice(list(partnerships))
                    trainings.append(
                        b.training(at_school, started_on=day, finished_on=ends, school_partnership=partnerships[year])
                    )
                day = ends + dt.timedelta(days=1)
        if rng.random() < 0.3:
            create_induction_period(teacher=teacher, appropriate_body=world.north_hub)
    rng.shuffle(trainings)
    for training in trainings[: len(trainings) // 4]:
        training.delete()
    for training in trainings[len(trainings) // 4 : len(trainings) // 2]:
        year = rng.choice(list(partnerships))
        TrainingPeriod.objects.filter(pk=training.pk).update(
            schedule=schedule(year=year),
            school_partnership=partnerships[year],
            training_programme="provider_led",
            expression_of_interest=None,
        )
    for at_school in rng.sample(at_schools, len(at_schools) // 5):
        TrainingPeriod.objects.filter(teacher=at_school.teacher).filter(
            ect_at_school_period=at_school if isinstance(at_school, ECTAtSchoolPeriod) else None,
            mentor_at_school_period=at_school if isinstance(at_school, MentorAtSchoolPeriod) else None,
        ).delete()
        at_school.delete()
    mismatched = [(t.pk, stored(t), from_periods(t)) for t in teachers if stored(t) != from_periods(t)]
    assert mismatched == []
    assert len({from_periods(t) for t in teachers}) >= 6  # the histories really differ


def test_the_scale_seed_loads_with_the_triggers_off_and_leaves_every_teacher_right(db, frozen_today):
    from demo_data.scale import seed_scale

    seed_scale(teachers=130)
    teachers = list(Teacher.objects.all())
    assert [(t.pk, stored(t)) for t in teachers] == [(t.pk, from_periods(t)) for t in teachers]
    assert {stored(t)[:2] for t in teachers} >= {(True, False), (False, True)}
    assert refresh_search_facts() == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'teacher_search_facts_%%' AND tgenabled <> 'O'"
        )
        assert cursor.fetchone()[0] == 0  # back on for whatever writes next


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_periods_to_one_teacher_leave_both_in_the_facts():
    """READ COMMITTED: the second refresh waits for the first transaction, then reads with a snapshot that
    includes its period; computed from its older snapshot it would write "mentor, not ECT" over "ECT"."""
    import threading
    import time

    from django.db import transaction

    teacher = create_teacher(first_name="Rae", last_name="Race")
    school = create_school()
    body = create_appropriate_body()
    failures: list[BaseException] = []
    other_backend: list[int] = []

    def add_mentor_period() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    other_backend.append(cursor.fetchone()[0])
                create_mentor_at_school_period(teacher=teacher, school=school)
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connection.close()

    waited = False
    with transaction.atomic():
        create_ect_at_school_period(teacher=teacher, school=school, appropriate_body=body)
        other = threading.Thread(target=add_mentor_period)
        other.start()
        with connection.cursor() as cursor:
            for _ in range(200):  # until the other transaction waits for this one (to lock the teacher's row)
                if other_backend:
                    cursor.execute("SELECT pg_backend_pid() = ANY(pg_blocking_pids(%s))", [other_backend[0]])
                    waited = cursor.fetchone()[0]
                if waited or not other.is_alive():
                    break
                time.sleep(0.05)
    other.join(timeout=30)
    assert failures == []
    assert waited, "the other transaction never waited for this one"
    assert stored(teacher) == (True, True, None)
