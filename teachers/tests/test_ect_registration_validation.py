"""The ECT registration journey's checks (domain.md §7.1.1; BR-ECT-01 … 18, BR-ECT-35, Q6, Q14)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError
from integrations.trs.fake import FakeTRS
from providers.models import ActiveLeadProvider
from schools.models import TrainingProgramme
from teachers.selectors.registration import (
    ect_confirmation_email,
    lead_providers_for_registration,
    previous_choices,
    reusable_expression_of_interest,
    reusable_school_partnership,
)
from teachers.validation.ect_registration import (
    FindOutcome,
    RegistrationGuard,
    check_can_register,
    check_contract_period_open,
    check_email_not_in_use,
    date_of_birth_from_parts,
    find_ect_in_trs,
    find_ect_in_trs_by_national_insurance_number,
    registration_guard,
    start_date_from_parts,
    use_previous_choices,
    validate_appropriate_body_choice,
    validate_corrected_name,
    validate_date_of_birth,
    validate_email,
    validate_lead_provider,
    validate_national_insurance_number,
    validate_start_date,
    validate_training_programme,
    validate_trn,
    validate_working_pattern,
)
from tests.builders import (
    create_appropriate_body,
    create_ect_at_school_period,
    create_induction_period,
    create_lead_provider,
    create_mentor_at_school_period,
    create_school_partnership,
    create_teacher,
    create_training_period,
)

pytestmark = pytest.mark.django_db


def message_of(callable_, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as error:
        callable_(*args, **kwargs)
    return error.value.message


# BR-ECT-01 — TRN and date of birth --------------------------------------------------------------------


def test_BR_ECT_01_trn_is_required_and_normalised(frozen_today):
    """BR-ECT-01 (with BR-T-01): blank TRN refused; `RP 12345` → `0012345`."""
    assert message_of(validate_trn, "") == "Enter the teacher reference number (TRN)"
    assert message_of(validate_trn, None) == "Enter the teacher reference number (TRN)"
    assert validate_trn("RP 12345") == "0012345"
    assert message_of(validate_trn, "1234") == "Teacher reference number must include at least 5 digits"
    assert message_of(validate_trn, "12345678") == "Teacher reference number cannot include more than 7 digits"


def test_BR_ECT_01_date_of_birth(frozen_today):
    """BR-ECT-01: blank, `31 02 1998`, born 1920 and born 2010 are refused."""
    assert message_of(date_of_birth_from_parts, "", "", "") == "Enter a date of birth"
    assert message_of(validate_date_of_birth, None) == "Enter a date of birth"
    assert (
        message_of(date_of_birth_from_parts, "31", "02", "1998")
        == "Enter the date of birth in the correct format, for example 12 03 1998"
    )
    assert message_of(date_of_birth_from_parts, "1", "1", "1920") == "The teacher cannot be more than 100 years old"
    assert message_of(validate_date_of_birth, dt.date(2010, 1, 1)) == "The teacher cannot be less than 18 years old"
    assert date_of_birth_from_parts("12", "03", "1998") == dt.date(1998, 3, 12)


def test_BR_ECT_01_age_limits_are_inclusive(frozen_today):
    assert validate_date_of_birth(dt.date(2008, 9, 15)) == dt.date(2008, 9, 15)  # 18 today
    assert message_of(validate_date_of_birth, dt.date(2008, 9, 16)) == "The teacher cannot be less than 18 years old"
    assert validate_date_of_birth(dt.date(1926, 9, 15)) == dt.date(1926, 9, 15)  # 100 today
    assert message_of(validate_date_of_birth, dt.date(1926, 9, 14)) == "The teacher cannot be more than 100 years old"


# BR-ECT-02 / BR-ECT-03 — TRS lookups --------------------------------------------------------------------


def test_BR_ECT_02_a_trn_unknown_deactivated_or_merged_in_trs_is_not_found(db, frozen_today):
    """BR-ECT-02: TRS 404 (and 410, 308) → "TRN not found"."""
    trs = FakeTRS()
    trs.force_not_found("7654321")
    for trn in ("7654321", "7000004", "7000011"):
        assert find_ect_in_trs(trn=trn, date_of_birth=dt.date(1990, 1, 1), client=trs).outcome == (
            FindOutcome.TRN_NOT_FOUND
        )


def test_BR_ECT_02_a_matching_date_of_birth_finds_the_teacher(db, frozen_today):
    trs = FakeTRS()
    trs.add_teacher(trn="1234567", date_of_birth=dt.date(1998, 3, 12))
    result = find_ect_in_trs(trn="1234567", date_of_birth=dt.date(1998, 3, 12), client=trs)
    assert result.outcome == FindOutcome.FOUND and result.trs_teacher.first_name == "Jane"


def test_BR_ECT_03_a_different_date_of_birth_asks_for_the_national_insurance_number(db, frozen_today):
    """BR-ECT-03: date of birth mismatch → NINO step; TRS finds nothing for TRN + NINO → "not found"."""
    trs = FakeTRS()
    trs.add_teacher(trn="1234567", date_of_birth=dt.date(1998, 3, 12), national_insurance_number="AB123456C")
    result = find_ect_in_trs(trn="1234567", date_of_birth=dt.date(1998, 3, 13), client=trs)
    assert result.outcome == FindOutcome.NATIONAL_INSURANCE_NUMBER
    found = find_ect_in_trs_by_national_insurance_number(
        trn="1234567", national_insurance_number="AB123456C", client=trs
    )
    assert found.outcome == FindOutcome.FOUND
    assert (
        find_ect_in_trs_by_national_insurance_number(trn="1234567", national_insurance_number="AB654321C", client=trs)
    ).outcome == FindOutcome.NOT_FOUND
    trs.force_not_found("1234567")
    assert (
        find_ect_in_trs_by_national_insurance_number(trn="1234567", national_insurance_number="AB123456C", client=trs)
    ).outcome == FindOutcome.NOT_FOUND


def test_BR_ECT_03_national_insurance_number_format():
    """BR-ECT-03: blank; `QQ123456C`; `ab 12 34 56 c` → `AB123456C`."""
    assert message_of(validate_national_insurance_number, " ") == "Enter a National Insurance Number"
    assert (
        message_of(validate_national_insurance_number, "QQ123456C")
        == "Enter a National Insurance Number in the correct format"
    )
    assert validate_national_insurance_number("ab 12 34 56 c") == "AB123456C"
    for bad in ("GB123456A", "AO123456A", "AB123456E", "AB12345C", "DA123456A"):
        assert message_of(validate_national_insurance_number, bad) == (
            "Enter a National Insurance Number in the correct format"
        )


# BR-ECT-04 — the TRS name ------------------------------------------------------------------------------


def test_BR_ECT_04_confirm_or_correct_the_name():
    """BR-ECT-04: no answer; "yes, change it" with blank; 71 characters."""
    assert (
        message_of(validate_corrected_name, change_name=None, corrected_name=None)
        == "Select 'Yes' or 'No' to confirm whether the details are correct"
    )
    assert message_of(validate_corrected_name, change_name="yes", corrected_name="  ") == "Enter the correct full name"
    assert (
        message_of(validate_corrected_name, change_name="yes", corrected_name="a" * 71)
        == "Corrected name must be 70 characters or less"
    )
    assert validate_corrected_name(change_name="yes", corrected_name="  Jane   Smith-Jones ") == "Jane Smith-Jones"
    assert validate_corrected_name(change_name="yes", corrected_name="a" * 70) == "a" * 70
    assert validate_corrected_name(change_name="no", corrected_name="ignored") is None


# BR-ECT-05 / BR-ECT-06 — email ------------------------------------------------------------------------


def test_BR_ECT_05_email_is_required_and_valid():
    """BR-ECT-05: blank; `jane@school`."""
    assert message_of(validate_email, "") == "Enter the email address"
    assert message_of(validate_email, "jane@school") == (
        "Enter an email address in the correct format, like name@example.com"
    )
    for bad in ("a@@b.com", "a..b@school.org", "a b@school.org", "a@-school.org", "a@school.c0m"):
        assert message_of(validate_email, bad) == "Enter an email address in the correct format, like name@example.com"
    assert validate_email(" jane.smith@oakfield.sch.uk ") == "jane.smith@oakfield.sch.uk"
    assert validate_email("x@xn--bcher-kva.example") == "x@xn--bcher-kva.example"


def test_BR_ECT_06_email_on_someone_elses_ongoing_period_cannot_be_used(world):
    """BR-ECT-06: on Tom Brown's ongoing mentor period → refused; on Jane's own or a finished period → allowed."""
    tom = create_teacher(first_name="Tom", last_name="Brown")
    create_mentor_at_school_period(teacher=tom, school=world.oakfield, email="j.smith@oakfield.sch.uk")
    assert (
        message_of(check_email_not_in_use, email="J.Smith@Oakfield.sch.uk", trn="1234567")
        == "This email address is already in use by another teacher"
    )
    create_ect_at_school_period(teacher=world.jane, school=world.hillside, email="jane@hillside.sch.uk")
    check_email_not_in_use(email="jane@hillside.sch.uk", trn="1234567")  # her own
    sam = create_teacher(first_name="Sam", last_name="Jones")
    create_ect_at_school_period(
        teacher=sam,
        school=world.oakfield,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 7, 31),
        email="old@oakfield.sch.uk",
    )
    check_email_not_in_use(email="old@oakfield.sch.uk", trn="1234567")  # finished period


# BR-ECT-07 … BR-ECT-10, BR-ECT-12 — start date -------------------------------------------------------


def test_BR_ECT_07_start_date_is_required_and_real(frozen_today):
    """BR-ECT-07: blank; `32 13 2026`."""
    assert message_of(start_date_from_parts, "", " ", None) == (
        "Enter the date the ECT started or will start teaching at your school"
    )
    assert message_of(start_date_from_parts, "32", "13", "2026") == (
        "Enter the start date using the correct format, for example, 17 09 1999"
    )
    assert start_date_from_parts("1", "9", "2026") == dt.date(2026, 9, 1)


def test_BR_ECT_08_start_date_not_before_the_earliest_permitted(world):
    """BR-ECT-08: current 2026 → earliest 2024-06-01."""
    assert message_of(validate_start_date, started_on=dt.date(2024, 5, 31), teacher=None, school=world.oakfield) == (
        "Start date cannot be this far in the past. Enter a date later than 1 June 2024."
    )
    assert validate_start_date(started_on=dt.date(2024, 6, 1), teacher=None, school=world.oakfield) == dt.date(
        2024, 6, 1
    )


def test_BR_ECT_09_start_date_at_least_two_days_after_the_previous_start(world):
    """BR-ECT-09: Jane's Oakfield period started 2026-09-01; Hillside enters 2026-09-02 → refused; 09-03 accepted."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    assert message_of(
        validate_start_date, started_on=dt.date(2026, 9, 2), teacher=world.jane, school=world.hillside
    ) == (
        "Our records show that Jane Smith started teaching at Oakfield Primary on 1 September 2026. "
        "Enter a start date after 2 September 2026."
    )
    assert validate_start_date(started_on=dt.date(2026, 9, 3), teacher=world.jane, school=world.hillside)


def test_BR_ECT_09_start_date_after_the_latest_started_training(world):
    """BR-ECT-09: her Oakfield training started 2026-09-15; entering 2026-09-16 → refused."""
    oakfield = create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1))
    create_training_period(
        ect_at_school_period=oakfield, started_on=dt.date(2026, 9, 15), training_programme=TrainingProgramme.SCHOOL_LED
    )
    assert message_of(
        validate_start_date, started_on=dt.date(2026, 9, 16), teacher=world.jane, school=world.hillside
    ) == (
        "Our records show that Jane Smith started their latest training at Oakfield Primary on 15 September 2026. "
        "Enter a start date after 16 September 2026."
    )
    assert validate_start_date(started_on=dt.date(2026, 9, 17), teacher=world.jane, school=world.hillside)


def test_BR_ECT_10_at_most_four_months_ahead_while_at_another_school(world):
    """BR-ECT-10: on 2026-09-15, start 2027-01-16 → refused; 2027-01-15 accepted."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    assert message_of(
        validate_start_date, started_on=dt.date(2027, 1, 16), teacher=world.jane, school=world.hillside
    ) == ("Start date must be before 16 January 2027. You cannot register the ECT this far in advance.")
    assert validate_start_date(started_on=dt.date(2027, 1, 15), teacher=world.jane, school=world.hillside)


def test_BR_ECT_10_skipped_in_a_contract_period_not_yet_enabled(world):
    """BR-ECT-10: a date in 2027 (not enabled) is left to BR-ECT-12."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    assert validate_start_date(started_on=dt.date(2027, 7, 1), teacher=world.jane, school=world.hillside)
    assert message_of(check_contract_period_open, dt.date(2027, 7, 1)) == "You cannot register this ECT yet"


def test_BR_ECT_10_does_not_apply_without_an_ongoing_period_elsewhere(world):
    create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 31)
    )
    assert validate_start_date(started_on=dt.date(2027, 3, 1), teacher=world.jane, school=world.hillside)


def test_BR_ECT_12_registration_needs_a_contract_period_enabled_for_future_starts(world):
    """BR-ECT-12: 2027-07-01 (2027 not enabled) → "cannot register ECT yet"; 2026-09-01 and 2027-03-01 continue."""
    assert message_of(check_contract_period_open, dt.date(2027, 7, 1)) == "You cannot register this ECT yet"
    assert message_of(check_contract_period_open, dt.date(2030, 1, 1)) == "You cannot register this ECT yet"
    check_contract_period_open(dt.date(2026, 9, 1))
    check_contract_period_open(dt.date(2027, 3, 1))


# BR-ECT-13 … BR-ECT-17 -----------------------------------------------------------------------------------


def test_BR_ECT_13_working_pattern():
    """BR-ECT-13: blank; `term_time`."""
    assert message_of(validate_working_pattern, "") == "Select if the ECT's working pattern is full or part time"
    assert message_of(validate_working_pattern, "term_time") == "'term_time' is not a valid working pattern"
    assert validate_working_pattern("part_time") == "part_time"


def test_BR_ECT_14_appropriate_body_choice_for_a_state_funded_school(world):
    """BR-ECT-14: none; Old County Council; Oakfield choosing ISTIP."""
    assert message_of(validate_appropriate_body_choice, school=world.oakfield, appropriate_body=None) == (
        "Select the appropriate body which will be supporting the ECT's induction"
    )
    assert message_of(
        validate_appropriate_body_choice, school=world.oakfield, appropriate_body=world.old_county_council.pk
    ) == ("Select a valid appropriate body which will be supporting the ECT's induction")
    assert message_of(validate_appropriate_body_choice, school=world.oakfield, appropriate_body=world.istip) == (
        "Select a teaching school hub appropriate body which will be supporting the ECT's induction"
    )
    assert message_of(validate_appropriate_body_choice, school=world.oakfield, appropriate_body="999999") == (
        "Select a valid appropriate body which will be supporting the ECT's induction"
    )
    inactive_hub = create_appropriate_body(name="Closed Hub", active=False)
    assert message_of(validate_appropriate_body_choice, school=world.oakfield, appropriate_body=inactive_hub) == (
        "Select a valid appropriate body which will be supporting the ECT's induction"
    )
    assert validate_appropriate_body_choice(school=world.oakfield, appropriate_body=str(world.north_hub.pk)) == (
        world.north_hub
    )


def test_BR_ECT_15_an_independent_school_may_choose_national_or_a_hub(world):
    """BR-ECT-15: Hillside selects type `national` → ISTIP; Hillside selects North Hub → allowed."""
    assert validate_appropriate_body_choice(school=world.hillside, body_type="national") == world.istip
    assert validate_appropriate_body_choice(school=world.hillside, appropriate_body=world.north_hub) == world.north_hub
    assert message_of(validate_appropriate_body_choice, school=world.hillside) == (
        "Select the appropriate body which will be supporting the ECT's induction"
    )
    assert message_of(validate_appropriate_body_choice, school=world.oakfield, body_type="national") == (
        "Select the appropriate body which will be supporting the ECT's induction"
    )


def test_BR_ECT_16_training_programme():
    """BR-ECT-16: blank; `diy`."""
    assert message_of(validate_training_programme, None) == "Select either 'Provider-led' or 'School-led' training"
    assert message_of(validate_training_programme, "diy") == "'diy' is not a valid training programme"
    assert validate_training_programme("school_led") == "school_led"


def test_BR_ECT_17_lead_provider_must_be_active_in_the_registration_period(world):
    """BR-ECT-17: none; unknown id; a provider active only in 2025 is not offered for 2026."""
    period_2026 = world.contract_periods[2026]
    only_2025 = create_lead_provider(name="Gamma Trust", active_in=(2025,))
    assert message_of(validate_lead_provider, lead_provider="", contract_period=period_2026) == (
        "Select which lead provider will be training the ECT"
    )
    assert message_of(validate_lead_provider, lead_provider="999999", contract_period=period_2026) == (
        "Enter the name of a known lead provider"
    )
    assert message_of(validate_lead_provider, lead_provider=only_2025.pk, contract_period=period_2026) == (
        "Enter the name of a known lead provider"
    )
    assert list(lead_providers_for_registration(period_2026)) == [world.alpha, world.beta]
    assert only_2025 in lead_providers_for_registration(world.contract_periods[2025])
    assert validate_lead_provider(lead_provider=str(world.beta.pk), contract_period=period_2026) == world.beta


# BR-ECT-11 / BR-ECT-18 — guards ---------------------------------------------------------------------------


def test_BR_ECT_11_already_active_at_this_school(world):
    """BR-ECT-11: Jane's Oakfield period is ongoing → "already active at school"."""
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    guard = registration_guard(school=world.oakfield, teacher=world.jane, trs_induction_status="InProgress")
    assert guard == RegistrationGuard.ALREADY_ACTIVE_AT_SCHOOL
    assert registration_guard(school=world.hillside, teacher=world.jane, trs_induction_status="InProgress") is None
    assert message_of(
        check_can_register, school=world.oakfield, teacher=world.jane, trs_induction_status="InProgress"
    ) == ("Jane Smith is already registered as an ECT at your school")


@pytest.mark.parametrize(
    ("status", "prohibited", "guard"),
    [
        ("Passed", False, RegistrationGuard.INDUCTION_COMPLETED),
        ("Exempt", False, RegistrationGuard.INDUCTION_EXEMPT),
        ("Failed", False, RegistrationGuard.INDUCTION_FAILED),
        ("InProgress", True, RegistrationGuard.CANNOT_REGISTER_ECT),
        ("RequiredToComplete", False, None),
        (None, False, None),
    ],
)
def test_BR_ECT_18_trs_status_and_prohibition_guards(world, status, prohibited, guard):
    """BR-ECT-18: Passed, Exempt, Failed or an active prohibition stop registration; no QTS is fine."""
    no_qts = create_teacher(trn="7000001", qts_awarded_on=None)
    assert (
        registration_guard(
            school=world.oakfield, teacher=no_qts, trs_induction_status=status, prohibited_from_teaching=prohibited
        )
        == guard
    )


def test_BR_ECT_18_guards_are_evaluated_in_order(world):
    create_ect_at_school_period(teacher=world.jane, school=world.oakfield, started_on=dt.date(2025, 9, 1))
    assert (
        registration_guard(
            school=world.oakfield, teacher=world.jane, trs_induction_status="Passed", prohibited_from_teaching=True
        )
        == RegistrationGuard.ALREADY_ACTIVE_AT_SCHOOL
    )
    assert (
        registration_guard(
            school=world.hillside, teacher=world.jane, trs_induction_status="Exempt", prohibited_from_teaching=True
        )
        == RegistrationGuard.INDUCTION_EXEMPT
    )


def test_Q6_failed_in_wales_is_blocked_like_failed(world):
    """Q6: the reference lets `FailedInWales` through; we block it (only one chance to complete induction)."""
    assert (
        registration_guard(school=world.oakfield, teacher=None, trs_induction_status="FailedInWales")
        == RegistrationGuard.INDUCTION_FAILED
    )
    assert message_of(
        check_can_register, school=world.oakfield, teacher=None, trs_induction_status="FailedInWales", name="Sam Jones"
    ) == ("Sam Jones has failed their induction")


def test_Q14_a_local_outcome_blocks_registration_before_trs_catches_up(world):
    """Q14: passed (or failed) in RECT while TRS still says InProgress."""
    create_induction_period(
        teacher=world.jane,
        appropriate_body=world.north_hub,
        started_on=dt.date(2024, 9, 1),
        finished_on=dt.date(2026, 7, 20),
        outcome="fail",
    )
    assert (
        registration_guard(school=world.oakfield, teacher=world.jane, trs_induction_status="InProgress")
        == RegistrationGuard.INDUCTION_FAILED
    )


# §6.10 / BR-ECT-35 — previous choices ---------------------------------------------------------------------


def _last_choices(school, *, body, programme, lead_provider=None):
    school.last_chosen_appropriate_body = body
    school.last_chosen_training_programme = programme
    school.last_chosen_lead_provider = lead_provider
    school.save()


def test_BR_ECT_35_school_led_with_an_active_body_is_offered(world):
    """BR-ECT-35: Oakfield last chose school-led with North Hub (active) → offered."""
    _last_choices(world.oakfield, body=world.north_hub, programme="school_led")
    choices = previous_choices(school=world.oakfield, contract_period=world.contract_periods[2026])
    assert choices.offered
    assert (choices.appropriate_body, choices.training_programme, choices.lead_provider) == (
        world.north_hub,
        "school_led",
        None,
    )
    assert use_previous_choices(answer=True, school=world.oakfield, contract_period=world.contract_periods[2026]) == (
        choices
    )
    assert use_previous_choices(answer=False, school=world.oakfield, contract_period=world.contract_periods[2026]) is (
        None
    )
    assert message_of(
        use_previous_choices, answer=None, school=world.oakfield, contract_period=world.contract_periods[2026]
    ) == ("Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously")


def test_BR_ECT_35_an_inactive_body_is_not_offered(world):
    """BR-ECT-35: last chose provider-led Alpha with an inactive AB → not offered."""
    create_school_partnership(school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta)
    _last_choices(world.oakfield, body=world.old_county_council, programme="provider_led", lead_provider=world.alpha)
    choices = previous_choices(school=world.oakfield, contract_period=world.contract_periods[2026])
    assert not choices.offered
    assert message_of(
        use_previous_choices, answer=True, school=world.oakfield, contract_period=world.contract_periods[2026]
    ) == ("Your school's previous choices cannot be used for this ECT")


def test_BR_ECT_35_provider_led_needs_a_reusable_partnership_or_eoi(world):
    """§6.10: provider-led Alpha with North Hub, nothing to reuse → not offered; a 2025 partnership with Delta (who
    also works with Alpha in 2026) → offered."""
    _last_choices(world.oakfield, body=world.north_hub, programme="provider_led", lead_provider=world.alpha)
    period_2026 = world.contract_periods[2026]
    assert not previous_choices(school=world.oakfield, contract_period=period_2026).offered
    partnership_2025 = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025
    )
    choices = previous_choices(school=world.oakfield, contract_period=period_2026)
    assert choices.offered and choices.school_partnership == partnership_2025


def test_reusable_partnership_prefers_the_registration_period(world):
    period_2026 = world.contract_periods[2026]
    create_school_partnership(school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025)
    in_2026 = create_school_partnership(
        school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2026
    )
    assert (
        reusable_school_partnership(school=world.oakfield, lead_provider=world.alpha, contract_period=period_2026)
        == in_2026
    )


def test_reusable_partnership_needs_the_provider_active_in_the_period(world):
    create_school_partnership(school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025)
    assert (
        reusable_school_partnership(
            school=world.oakfield, lead_provider=world.alpha, contract_period=world.contract_periods[2027]
        )
        is None
    )


def test_reusable_partnership_after_frozen_training_only_in_the_period(world):
    """§6.10: after a payments-frozen previous training period only a candidate in R qualifies."""
    create_school_partnership(school=world.oakfield, lead_provider=world.alpha, delivery_partner=world.delta, year=2025)
    frozen = ActiveLeadProvider.objects.create(lead_provider=world.alpha, contract_period=world.contract_periods[2022])
    old = create_ect_at_school_period(
        teacher=world.jane, school=world.hillside, started_on=dt.date(2022, 9, 1), finished_on=dt.date(2023, 7, 31)
    )
    previous = create_training_period(
        ect_at_school_period=old,
        started_on=dt.date(2022, 9, 1),
        finished_on=dt.date(2023, 7, 31),
        expression_of_interest=frozen,
    )
    assert (
        reusable_school_partnership(
            school=world.oakfield,
            lead_provider=world.alpha,
            contract_period=world.contract_periods[2026],
            previous_training_period=previous,
        )
        is None
    )


def test_reusable_expression_of_interest(world):
    """§6.10: the most recent provider-led EOI training period at the school with the last lead provider."""
    sam = create_ect_at_school_period(school=world.oakfield, started_on=dt.date(2026, 9, 1))
    eoi = create_training_period(
        ect_at_school_period=sam,
        expression_of_interest=ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period=2026),
    )
    period_2026 = world.contract_periods[2026]
    assert (
        reusable_expression_of_interest(school=world.oakfield, lead_provider=world.alpha, contract_period=period_2026)
        == eoi
    )
    assert (
        reusable_expression_of_interest(school=world.hillside, lead_provider=world.alpha, contract_period=period_2026)
        is None
    )
    _last_choices(world.oakfield, body=world.north_hub, programme="provider_led", lead_provider=world.alpha)
    assert previous_choices(school=world.oakfield, contract_period=period_2026).expression_of_interest == eoi


# BR-ECT-36 — confirmation email -----------------------------------------------------------------------------


def test_BR_ECT_36_no_email_no_confirmation(world):
    """BR-ECT-36: a migrated record with a null email gets no confirmation."""
    period = create_ect_at_school_period(teacher=world.jane, school=world.oakfield)
    period.email = None
    training = create_training_period(ect_at_school_period=period)
    assert ect_confirmation_email(period=period, training_period=training) is None
    period.email = "jane@example.com"
    email = ect_confirmation_email(period=period, training_period=training)
    assert (email.to, email.template, email.ect_name, email.school_name, email.ect_at_school_period_id) == (
        "jane@example.com",
        "provider_led",
        "Jane Smith",
        "Oakfield Primary",
        period.pk,
    )
