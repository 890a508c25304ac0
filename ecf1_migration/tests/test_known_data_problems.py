"""migration.md §16: each known data problem, planted by the generator, and its treatment in the migrated data and
the ledger. One generated world (conftest `world`) is migrated once for the module."""

from __future__ import annotations

import datetime as dt

from declarations.models import Declaration
from ecf1_migration.source_builder import LEAD_PROVIDER_IDS
from finance.models import BandedFeeStructure, StatementAdjustment
from providers.models import Band, SchoolPartnership
from schools.models import GIASSchool, School
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, TeacherIdChange, TrainingPeriod

D = dt.date


def ect_teacher(world, record_id: str) -> Teacher:
    return Teacher.objects.get(api_ect_training_record_id=world.profile_of_record(record_id))


def ect_spans(teacher: Teacher) -> list[tuple[int, dt.date, dt.date | None]]:
    return [(p.school.urn, p.started_on, p.finished_on)
            for p in ECTAtSchoolPeriod.objects.filter(teacher=teacher).order_by("started_on")]  # fmt: skip


def urn(world, school_id: str) -> int:
    return world.builder.school_urns[school_id]


def record_row(world, record_id: str) -> dict:
    return next(r for r in world.builder.rows["induction_records"] if r["id"] == record_id)


def rules(entries) -> set[str]:
    return {e.rule for e in entries}


def test_problem_01_overlapping_records_at_different_schools_cut_the_earlier_period(world, db):
    [planted] = world.planted(1)
    teacher = ect_teacher(world, planted["source_id"])
    a, b = ect_spans(teacher)
    assert (a[1], a[2]) == (D(2023, 9, 1), D(2024, 1, 4))
    assert (b[1], b[2]) == (D(2024, 1, 5), None)
    assert teacher.migration_mode == "all_induction_records"


def test_problem_02_inverted_dates_become_a_one_day_stub_in_economy_mode(world, db):
    [planted] = world.planted(2)
    teacher = ect_teacher(world, planted["source_id"])
    assert teacher.migration_mode == "latest_induction_records"
    assert ect_spans(teacher)[0][1:] == (D(2023, 9, 1), D(2023, 9, 2))
    assert "e7 Corrupted dates" in rules(world.changes("induction_records", planted["source_id"]))


def test_problem_03_zero_length_record_ends_a_day_later(world, db):
    [planted] = world.planted(3)
    teacher = ect_teacher(world, planted["source_id"])
    assert teacher.migration_mode == "latest_induction_records"
    assert ect_spans(teacher)[0][1:] == (D(2023, 10, 1), D(2023, 10, 2))
    assert "e8 Zero-day" in rules(world.changes("induction_records", planted["source_id"]))


def test_problem_04_end_before_the_service_moves_to_the_next_records_start(world, db):
    [planted] = world.planted(4)
    teacher = ect_teacher(world, planted["source_id"])
    first, second = ect_spans(teacher)
    assert first[2] == D(2022, 1, 9) and second[1] == D(2022, 1, 10)  # ended 2021-06-30 in ECF1
    assert "e6 Service start" in rules(world.changes("induction_records", planted["source_id"]))


def test_problem_05_first_record_on_the_backfill_date_starts_on_1_september_2021(world, db):
    [planted] = world.planted(5)
    teacher = ect_teacher(world, planted["source_id"])
    assert teacher.migration_mode == "latest_induction_records"
    assert ect_spans(teacher)[0][1] == D(2021, 9, 1)


def test_problem_06_first_record_starting_after_its_creation_starts_at_creation(world, db):
    [planted] = world.planted(6)
    teacher = ect_teacher(world, planted["source_id"])
    assert ect_spans(teacher)[0][1] == D(2023, 9, 1)
    assert "e9 Creation date" in rules(world.changes("induction_records", planted["source_id"]))


def test_problem_07_records_after_induction_completion_are_removed_or_closed(world, db):
    after, ongoing = sorted(world.planted(7), key=lambda p: p["note"])
    assert world.fate("induction_records", ongoing["source_id"]).rule == ""
    assert world.fate("induction_records", after["source_id"]).rule == "5 After induction completion"
    assert ect_spans(ect_teacher(world, after["source_id"]))[-1][2] == D(2024, 7, 20)
    assert ect_spans(ect_teacher(world, ongoing["source_id"]))[-1][2] == D(2025, 7, 18)
    assert "6 Close ongoing after completion" in rules(world.changes("induction_records", ongoing["source_id"]))


def test_problem_08_closed_2022_cohort_cut_at_31_july_2025(world, db):
    running, later = sorted(world.planted(8, "induction_records"), key=lambda p: p["note"])
    teacher = ect_teacher(world, running["source_id"])
    assert ect_spans(teacher) == [(ect_spans(teacher)[0][0], D(2022, 9, 1), D(2025, 7, 31))]
    assert world.fate("induction_records", later["source_id"]).rule == "8 2021/2022 cohort closure (start)"
    assert "9 2021/2022 cohort closure (end)" in rules(world.changes("induction_records", running["source_id"]))


def test_problem_08_participant_moved_from_a_closed_cohort_keeps_its_frozen_year(world, db):
    [moved] = world.planted(8, "participant_profiles")
    teacher = Teacher.objects.get(api_ect_training_record_id=moved["source_id"])
    assert teacher.ect_payments_frozen_year_id == 2021
    assert [span[1:] for span in ect_spans(teacher)] == [(D(2021, 9, 1), None)]


def test_problem_09_withdrawal_recorded_twice_applies_the_state_to_the_previous_record(world, db):
    record = world.planted(9, "induction_records")[0]["source_id"]
    state = world.planted(9, "participant_profile_states")[0]["source_id"]
    assert world.fate("induction_records", record).rule == "7 Duplicate withdrawal/deferral record"
    assert world.fate("participant_profile_states", state).outcome == "merged"
    [training] = TrainingPeriod.objects.filter(teacher=ect_teacher(world, record))
    assert training.finished_on == D(2024, 3, 15)
    assert training.withdrawal_reason == "moved_school"
    assert training.withdrawn_at == dt.datetime(2024, 3, 15, 10, 12, tzinfo=dt.UTC)


def test_problem_10_future_withdrawn_records_are_removed_in_economy_mode(world, db):
    [planted] = world.planted(10)
    assert world.fate("induction_records", planted["source_id"]).rule == "e11 Future withdrawn/deferred"
    assert ect_teacher(world, planted["source_id"]).migration_mode == "latest_induction_records"


def test_problem_11_school_funded_fip_is_removed(world, db):
    [planted] = world.planted(11)
    assert world.fate("induction_records", planted["source_id"]).rule == "2 School-funded FIP"
    assert [span[1] for span in ect_spans(ect_teacher(world, planted["source_id"]))] == [D(2024, 1, 1)]


def test_problem_12_british_schools_overseas_are_removed(world, db):
    [planted] = world.planted(12)
    assert world.fate("induction_records", planted["source_id"]).rule == "1 British schools overseas"
    assert [span[1] for span in ect_spans(ect_teacher(world, planted["source_id"]))] == [D(2024, 1, 1)]


def test_problem_13_independent_school_without_section_41_is_removed(world, db):
    [planted] = world.planted(13)
    assert world.fate("induction_records", planted["source_id"]).rule == "3 Independent school without section 41"
    assert ect_spans(ect_teacher(world, planted["source_id"])) == []


def test_problem_14_provider_led_ect_record_without_partnership_is_removed(world, db):
    [planted] = world.planted(14)
    assert world.fate("induction_records", planted["source_id"]).rule == "4 Provider-led ECT without partnership"
    assert [span[1:] for span in ect_spans(ect_teacher(world, planted["source_id"]))] == [
        (D(2023, 9, 1), D(2024, 1, 1))
    ]


def test_problem_15_replacement_schedule_on_an_ect_is_not_kept(world, db):
    [planted] = world.planted(15)
    [training] = TrainingPeriod.objects.filter(teacher=ect_teacher(world, planted["source_id"]))
    assert training.schedule.identifier == "ecf-standard-september"
    assert "15 Replacement schedule on ECT" in rules(world.changes("induction_records", planted["source_id"]))


def test_problem_16_ero_mentors_train_only_with_paid_declarations(world, db):
    profiles = world.planted(16, "participant_profiles")
    paid_mentor = next(p for p in profiles if "paid" in p["note"])["source_id"]
    unpaid_mentor = next(p for p in profiles if "paid" not in p["note"])["source_id"]
    assert TrainingPeriod.objects.filter(teacher__api_mentor_training_record_id=paid_mentor).count() == 1
    assert not TrainingPeriod.objects.filter(teacher__api_mentor_training_record_id=unpaid_mentor).exists()
    assert MentorAtSchoolPeriod.objects.filter(teacher__api_mentor_training_record_id=unpaid_mentor).exists()
    declarations = world.planted(16, "participant_declarations")
    paid = next(d for d in declarations if "paid" in d["note"])["source_id"]
    assert Declaration.objects.get(api_id=paid).payment_status == "paid"
    for voided in (d for d in declarations if "voided" in d["note"]):
        assert world.fate("participant_declarations", voided["source_id"]).rule.startswith("16 ")
        assert not Declaration.objects.filter(api_id=voided["source_id"]).exists()


def test_problem_17_mentor_training_after_completion_is_not_created(world, db):
    [planted] = world.planted(17)
    mentor = Teacher.objects.get(api_mentor_training_record_id=world.profile_of_record(planted["source_id"]))
    assert [(t.started_on, t.finished_on) for t in TrainingPeriod.objects.filter(teacher=mentor)] == [
        (D(2023, 9, 1), D(2024, 7, 1))
    ]
    [change] = [c for c in world.changes("induction_records", planted["source_id"]) if c.rule == "no training period"]
    assert change.message == "17 Mentor training after completion"


def test_problem_18_mentor_in_several_pools_gets_a_period_at_each_open_school(world, db):
    [planted] = world.planted(18)
    pool = next(r for r in world.builder.rows["school_mentors"] if r["id"] == planted["source_id"])
    periods = MentorAtSchoolPeriod.objects.filter(teacher__api_mentor_training_record_id=pool["participant_profile_id"])
    assert sorted((p.school.urn, p.started_on, p.finished_on) for p in periods) == sorted([
        (urn(world, pool["school_id"]), D(2023, 10, 1), None),
        (next(p.school.urn for p in periods if p.school.urn != urn(world, pool["school_id"])), D(2023, 9, 1), None),
    ])  # fmt: skip
    assert world.fate("school_mentors", planted["source_id"]).rule == "18 Pooled mentor period"


def test_problem_19_declarations_matching_no_training_period(world, db):
    fallback, stray = sorted(world.planted(19), key=lambda p: p["note"])
    declaration = Declaration.objects.get(api_id=fallback["source_id"])
    assert declaration.training_period.school_partnership.lead_provider.name == "Ambition Institute"
    entry = world.fate("participant_declarations", stray["source_id"])
    assert (entry.outcome, entry.message) == ("failed", "19 No training period of this lead provider and cohort")


def test_problem_20_two_users_with_one_trn_become_one_teacher_with_an_id_change(world, db):
    [planted] = world.planted(20)
    second_user = planted["source_id"]
    trn = next(r["trn"] for r in world.builder.rows["teacher_profiles"] if r["user_id"] == second_user)
    teacher = Teacher.objects.get(trn=trn)
    assert str(teacher.api_id) != second_user
    assert teacher.ect_at_school_periods.exists() and teacher.mentor_at_school_periods.exists()
    change = TeacherIdChange.objects.get(teacher=teacher)
    assert (str(change.api_from_teacher_id), change.api_to_teacher_id) == (second_user, teacher.api_id)
    assert world.fate("users", second_user).outcome == "merged"


def test_problem_21_teacher_without_trn_is_trnless_and_keyed_by_user_id(world, db):
    [planted] = world.planted(21)
    teacher = Teacher.objects.get(api_id=planted["source_id"])
    assert (teacher.trn, teacher.trnless) == (None, True)


def test_problem_22_ineligible_declarations_excluded_participant_eligible_from_profile_creation(world, db):
    declaration = world.planted(22, "participant_declarations")[0]["source_id"]
    profile = world.planted(22, "participant_profiles")[0]["source_id"]
    assert world.fate("participant_declarations", declaration).rule == "22 Ineligible declaration"
    teacher = Teacher.objects.get(api_ect_training_record_id=profile)
    created = next(r for r in world.builder.rows["participant_profiles"] if r["id"] == profile)["created_at"]
    assert teacher.ect_first_became_eligible_for_training_at == created


def test_problem_23_deferrals_are_written_on_training_periods(world, db):
    [planted] = world.planted(23)
    state = next(r for r in world.builder.rows["participant_profile_states"] if r["id"] == planted["source_id"])
    [training] = TrainingPeriod.objects.filter(teacher__api_ect_training_record_id=state["participant_profile_id"])
    assert (training.deferral_reason, training.deferred_at) == ("career_break", state["created_at"])
    assert training.finished_on == D(2024, 2, 1)


def test_problem_24_zero_adjustments_null_uplifts_and_open_ended_bands(world, db):
    adjustment = world.planted(24, "finance_adjustments")[0]["source_id"]
    assert world.fate("finance_adjustments", adjustment).rule == "24 Zero adjustment"
    assert not StatementAdjustment.objects.filter(ecf_id=adjustment).exists()
    capita = {"active_lead_provider__lead_provider__ecf_id": LEAD_PROVIDER_IDS["Capita"],
              "active_lead_provider__contract_period_id": 2023}  # fmt: skip
    structure = BandedFeeStructure.objects.get(**{f"contract__{k}": v for k, v in capita.items()})
    assert structure.uplift_fee_per_declaration == 0
    band = world.planted(24, "participant_bands")[0]["source_id"]
    assert world.fate("participant_bands", band).outcome == "failed"
    assert list(
        Band.objects.filter(**capita).values_list("allocation_order", flat=True).order_by("allocation_order")
    ) == [1, 2]


def test_problem_25_each_period_takes_the_latest_records_email(world, db):
    [planted] = world.planted(25)
    identity = record_row(world, planted["source_id"])["preferred_identity_id"]
    email = next(r["email"] for r in world.builder.rows["participant_identities"] if r["id"] == identity)
    [period] = ECTAtSchoolPeriod.objects.filter(teacher=ect_teacher(world, planted["source_id"]))
    assert period.email == email and email.startswith("new-")


def test_problem_26_mentor_not_migrated_at_the_school_gives_no_mentorship(world, db):
    for planted in world.planted(26):
        teacher = ect_teacher(world, planted["source_id"])
        assert not ECTAtSchoolPeriod.objects.get(teacher=teacher).mentorship_periods.exists()
        assert "mentorship not created" in rules(world.changes("induction_records", planted["source_id"]))


def test_problem_27_relationship_partnership_is_an_ordinary_school_partnership(world, db):
    [planted] = world.planted(27)
    partnership = SchoolPartnership.objects.get(api_id=planted["source_id"])
    assert TrainingPeriod.objects.filter(school_partnership=partnership).count() == 1
    assert world.fate("partnerships", planted["source_id"]).rule == "27 Relationship migrated as a school partnership"


def test_problem_28_school_missing_from_gias_is_built_from_ecf1(world, db):
    [planted] = world.planted(28)
    school = School.objects.get(api_id=planted["source_id"])
    assert (school.gias_school.name, school.gias_school.status) == ("Closed before GIAS extract", "closed")
    assert "28 Missing from GIAS" in rules(world.changes("schools", planted["source_id"]))


def test_problem_29_gias_wins_over_ecf1_and_differences_are_reported(world, db):
    [planted] = world.planted(29)
    school = School.objects.get(api_id=planted["source_id"])
    assert GIASSchool.objects.get(urn=school.urn).name == "New name in GIAS"
    messages = [c.message for c in world.changes("schools", planted["source_id"])]
    assert any(m.startswith(":name - School") and "'Old name in ECF1' on ECF" in m for m in messages)
    assert any(m.startswith(":phase_name") for m in messages)
