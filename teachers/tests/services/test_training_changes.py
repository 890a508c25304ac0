"""Training changes after creation (domain.md §7.4.2 – §7.4.8, BR-TP-20 … BR-TP-33, BR-LP-13), on the spec's
examples: today is 2026-09-15; Alpha is active in 2024–2026 and paired with Delta in 2025 and 2026; Beta is
active in 2026 only."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from core import clock
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from schools.models import TrainingProgramme
from teachers.messages import training as messages
from teachers.models import Teacher, TrainingPeriod
from teachers.selectors.training_status import participant_status, training_status
from teachers.services.training_changes import (
    change_contract_period,
    change_lead_provider,
    change_schedule,
    confirm_expressions_of_interest,
    contract_periods_available_for_change,
    defer_training_period,
    participant_training_period,
    resume_training_period,
    switch_training_programme,
    withdraw_training_period,
)
from tests import builders_training as b
from tests.builders import aware, create_induction_period, create_mentorship_period, create_teacher, schedule

TODAY = dt.date(2026, 9, 15)
YESTERDAY = dt.date(2026, 9, 14)
JAN_10 = dt.date(2026, 1, 10)
SEP_1 = dt.date(2026, 9, 1)


def errors(caught) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in caught.value.errors]


def events_of(event_type: str):
    return Event.objects.filter(event_type=event_type)


@pytest.fixture
def alpha(world):
    return Author.lead_provider_api(world.alpha)


@pytest.fixture
def school_user(world):
    return Author.school_user(email="tutor@oakfield.sch.uk", name="Ian Tutor", school=world.oakfield)


@pytest.fixture
def jane_at_oakfield(world):
    return b.ect_period(world, started_on=JAN_10)


@pytest.fixture
def jane_with_alpha(jane_at_oakfield, alpha_2025):
    """Jane's period 2026-01-10 → ongoing on `ecf-standard-september` 2025 with Alpha (partnership)."""
    return b.training(jane_at_oakfield, started_on=JAN_10, school_partnership=alpha_2025)


# BR-TP-20 ------------------------------------------------------------------------------------------------------


def test_BR_TP_20_participant_actions_need_a_known_participant_course_and_provider(world, jane_with_alpha):
    """BR-TP-20: blank / unknown participant, blank course, a course the participant does not have with this
    provider, unknown provider → the provider-facing messages."""
    jane_id = world.jane.api_id
    with pytest.raises(DomainError) as caught:
        participant_training_period(lead_provider=world.alpha, participant_id="", course_identifier="ecf-induction")
    assert errors(caught) == [("participant_id", "Enter a '#/participant_id'.")]

    with pytest.raises(DomainError) as caught:
        participant_training_period(
            lead_provider=world.alpha,
            participant_id="3b4f3c0e-0000-4000-8000-000000000000",
            course_identifier="ecf-induction",
        )
    assert errors(caught) == [
        (
            "participant_id",
            "Your update cannot be made as the '#/participant_id' is not recognised. "
            "Check participant details and try again.",
        )
    ]

    with pytest.raises(DomainError) as caught:
        participant_training_period(lead_provider=world.alpha, participant_id=jane_id, course_identifier="")
    assert errors(caught) == [("course_identifier", "Enter a '#/course_identifier'.")]

    with pytest.raises(DomainError) as caught:
        participant_training_period(lead_provider=world.alpha, participant_id=jane_id, course_identifier="ecf-mentor")
    assert errors(caught) == [
        (
            "course_identifier",
            "The entered '#/course_identifier' is not recognised for the given participant. "
            "Check details and try again.",
        )
    ]

    with pytest.raises(DomainError) as caught:
        participant_training_period(lead_provider=None, participant_id=jane_id, course_identifier="ecf-induction")
    assert ("lead_provider_id", "The '#/lead_provider_id' you have entered is invalid.") in errors(caught)

    # Beta cannot see Jane at all.
    with pytest.raises(DomainError) as caught:
        participant_training_period(lead_provider=world.beta, participant_id=jane_id, course_identifier="ecf-induction")
    assert errors(caught) == [("participant_id", messages.PARTICIPANT_ID_NOT_RECOGNISED)]

    found = participant_training_period(
        lead_provider=world.alpha, participant_id=str(jane_id), course_identifier="ecf-induction"
    )
    assert found == jane_with_alpha


# Withdraw (BR-TP-21 … BR-TP-24, BR-TP-08) ------------------------------------------------------------------------


def test_BR_TP_21_withdraw_needs_a_valid_reason(world, alpha, jane_with_alpha):
    """BR-TP-21: blank → `Enter a '#/reason'.`; `moved-country` → not recognised."""
    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=jane_with_alpha, reason="")
    assert errors(caught) == [("reason", "Enter a '#/reason'.")]
    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=jane_with_alpha, reason="moved-country")
    assert errors(caught) == [
        ("reason", "The entered '#/reason' is not recognised for the given participant. Check details and try again.")
    ]
    with pytest.raises(DomainError) as caught:
        defer_training_period(author=alpha, training_period=jane_with_alpha, reason="holiday")
    assert errors(caught) == [("reason", messages.REASON_NOT_RECOGNISED)]
    jane_with_alpha.refresh_from_db()
    assert jane_with_alpha.withdrawn_at is None and jane_with_alpha.deferred_at is None
    assert not Event.objects.exists()


def test_BR_TP_22_withdraw_and_defer_refused_before_a_full_day_of_training(world, alpha, alpha_2026):
    """BR-TP-22: a period starting 2026-10-01 → `not been training with you for at least one day`; a period starting
    today → `try again tomorrow`."""
    future = b.training(
        b.ect_period(world, started_on=dt.date(2026, 10, 1)),
        started_on=dt.date(2026, 10, 1),
        school_partnership=alpha_2026,
    )
    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=future, reason="left-teaching-profession")
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot withdraw #/participant_id. This is because they have not been training with you for at "
            "least one day.",
        )
    ]
    with pytest.raises(DomainError) as caught:
        defer_training_period(author=alpha, training_period=future, reason="parental-leave")
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot defer #/participant_id. This is because they have not been training with you for at least "
            "one day.",
        )
    ]

    tom_at_oakfield = b.ect_period(world, teacher=b.tom(), started_on=SEP_1)
    starts_today = b.training(tom_at_oakfield, started_on=TODAY, school_partnership=alpha_2026)
    for action, reason in ((withdraw_training_period, "other"), (defer_training_period, "other")):
        with pytest.raises(DomainError) as caught:
            action(author=alpha, training_period=starts_today, reason=reason)
        assert errors(caught) == [
            (
                "participant_id",
                "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training "
                "was recently changed for this participant.",
            )
        ]


def test_BR_TP_22_reason_and_participant_errors_are_reported_together(world, alpha, alpha_2026):
    """lead-provider-api.md §11.3: each attribute reports its first failing rule."""
    future = b.training(
        b.ect_period(world, started_on=dt.date(2026, 10, 1)),
        started_on=dt.date(2026, 10, 1),
        school_partnership=alpha_2026,
    )
    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=future, reason=None)
    assert errors(caught) == [
        ("reason", messages.REASON_REQUIRED),
        ("participant_id", messages.CANNOT_WITHDRAW_NOT_STARTED),
    ]


def test_BR_TP_23_cannot_withdraw_twice_or_defer_a_withdrawn_or_deferred_participant(
    world, alpha, jane_with_alpha, frozen_today
):
    """BR-TP-23: `already withdrawn` / `already deferred`; a deferred participant may still be withdrawn."""
    defer_training_period(author=alpha, training_period=jane_with_alpha, reason="long-term-sickness")
    with pytest.raises(DomainError) as caught:
        defer_training_period(author=alpha, training_period=jane_with_alpha, reason="bereavement")
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already deferred.")]

    frozen_today(TODAY, hour=16)  # later the same day
    withdraw_training_period(author=alpha, training_period=jane_with_alpha, reason="moved-school")
    assert training_status(jane_with_alpha) == "withdrawn"
    assert jane_with_alpha.withdrawn_at > jane_with_alpha.deferred_at

    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=jane_with_alpha, reason="other")
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already withdrawn.")]
    with pytest.raises(DomainError) as caught:
        defer_training_period(author=alpha, training_period=jane_with_alpha, reason="other")
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already withdrawn.")]


def test_BR_TP_24_withdraw_ends_the_period_today(world, alpha, jane_with_alpha):
    """BR-TP-24: period 2026-01-10 → ongoing, withdrawn on 2026-09-15 with `left-teaching-profession` →
    `withdrawn_at = now`, reason `left_teaching_profession`, `finished_on = 2026-09-15`; event recorded."""
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=aware(JAN_10))
    withdraw_training_period(author=alpha, training_period=jane_with_alpha, reason="left-teaching-profession")

    period = TrainingPeriod.objects.get(pk=jane_with_alpha.pk)
    assert period.withdrawn_at == clock.now()
    assert period.withdrawal_reason == "left_teaching_profession"
    assert period.finished_on == TODAY
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "left"
    assert Teacher.objects.get(pk=world.jane.pk).api_updated_at == clock.now()  # §3.3

    event = events_of("teacher_withdraws_training_period").get()
    assert event.heading == "Jane Smith’s ECT training period was withdrawn by Alpha Learning"
    assert (event.author_type, event.author_name) == ("lead_provider_api", "Alpha Learning")
    assert (event.training_period, event.teacher, event.lead_provider) == (period, world.jane, world.alpha)
    assert event.school_id == world.oakfield.pk
    assert event.happened_at == clock.now()


def test_BR_TP_24_an_earlier_end_date_is_kept(world, alpha, jane_at_oakfield, alpha_2025):
    """BR-TP-24: if the period already ended 2026-08-31 it stays 2026-08-31 (withdraw and defer alike)."""
    ended = b.training(
        jane_at_oakfield, started_on=JAN_10, finished_on=dt.date(2026, 8, 31), school_partnership=alpha_2025
    )
    defer_training_period(author=alpha, training_period=ended, reason="career-break")
    ended.refresh_from_db()
    assert (ended.finished_on, ended.deferral_reason) == (dt.date(2026, 8, 31), "career_break")
    assert ended.deferred_at == clock.now()
    assert events_of("teacher_defers_training_period").get().heading == (
        "Jane Smith’s ECT training period was deferred by Alpha Learning"
    )


def test_BR_TP_08_an_ect_cannot_be_withdrawn_as_no_longer_being_a_mentor(world, alpha, jane_with_alpha):
    """BR-TP-08 via the API: ECT with `mentor-no-longer-being-mentor` → error on `reason`; a mentor may be."""
    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=jane_with_alpha, reason="mentor-no-longer-being-mentor")
    assert errors(caught) == [("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")]

    tom_period = b.mentor_period(world, started_on=JAN_10)
    tom_training = b.training(tom_period, started_on=JAN_10, school_partnership=jane_with_alpha.school_partnership)
    withdraw_training_period(author=alpha, training_period=tom_training, reason="mentor-no-longer-being-mentor")
    tom_training.refresh_from_db()
    assert tom_training.withdrawal_reason == "mentor_no_longer_being_mentor"
    assert events_of("teacher_withdraws_training_period").get().heading == (
        "Tom Brown’s mentor training period was withdrawn by Alpha Learning"
    )


# Resume (BR-TP-25, BR-TP-26) -----------------------------------------------------------------------------------


def test_BR_TP_25_resume_is_refused_when_active_same_day_covered_or_left(
    world, alpha, frozen_today, jane_at_oakfield, alpha_2025
):
    """BR-TP-25: already active; deferred this morning; another period covers today; no longer at the school."""
    active = b.training(
        jane_at_oakfield, started_on=JAN_10, finished_on=dt.date(2026, 6, 30), school_partnership=alpha_2025
    )
    with pytest.raises(DomainError) as caught:
        resume_training_period(author=alpha, training_period=active)
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already active.")]

    # A school-led period now covers today.
    active.deferred_at, active.deferral_reason = aware(dt.date(2026, 6, 30)), "other"
    active.save()
    school_led = b.training(jane_at_oakfield, started_on=dt.date(2026, 7, 1), training_programme="school_led")
    with pytest.raises(DomainError) as caught:
        resume_training_period(author=alpha, training_period=active)
    assert errors(caught) == [
        ("participant_id", "This participant cannot be resumed because they are already active with another provider.")
    ]
    school_led.delete()

    # Deferred this morning: the period finished today.
    tom_at_oakfield = b.ect_period(world, teacher=b.tom(), started_on=JAN_10)
    this_morning = b.training(tom_at_oakfield, started_on=JAN_10, school_partnership=alpha_2025)
    frozen_today(TODAY, hour=9)
    defer_training_period(author=alpha, training_period=this_morning, reason="other")
    frozen_today(TODAY, hour=15)
    with pytest.raises(DomainError) as caught:
        resume_training_period(author=alpha, training_period=this_morning)
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow "
            "or later.",
        )
    ]

    # The ECT period ended 2026-08-31.
    jane_at_oakfield.finished_on = dt.date(2026, 8, 31)
    jane_at_oakfield.save()
    with pytest.raises(DomainError) as caught:
        resume_training_period(author=alpha, training_period=active)
    assert errors(caught) == [
        ("participant_id", "The participant is no longer at the school. Please contact the induction tutor to resolve.")
    ]
    assert TrainingPeriod.objects.filter(teacher=world.jane).count() == 1


def test_BR_TP_26_resume_creates_a_new_period_from_today(world, alpha, jane_at_oakfield, alpha_2025):
    """BR-TP-26: deferred period ended 2026-06-30; resume on 2026-09-15 → new period 2026-09-15 → ECT period end,
    same partnership and schedule; the old period is unchanged."""
    jane_at_oakfield.finished_on = dt.date(2027, 7, 31)
    jane_at_oakfield.save()
    deferred = b.training(
        jane_at_oakfield,
        started_on=JAN_10,
        finished_on=dt.date(2026, 6, 30),
        school_partnership=alpha_2025,
        deferred_at=aware(dt.date(2026, 6, 30)),
        deferral_reason="parental_leave",
    )
    resumed = resume_training_period(author=alpha, training_period=deferred)

    assert (resumed.started_on, resumed.finished_on) == (TODAY, dt.date(2027, 7, 31))
    assert resumed.school_partnership == alpha_2025
    assert resumed.schedule == deferred.schedule
    assert resumed.expression_of_interest is None
    assert resumed.training_programme == "provider_led"
    assert (resumed.withdrawn_at, resumed.deferred_at) == (None, None)
    old = TrainingPeriod.objects.get(pk=deferred.pk)
    assert (old.finished_on, old.deferral_reason) == (dt.date(2026, 6, 30), "parental_leave")
    # The school period ends in the future, so the resumed participant is `leaving` (lead-provider-api.md §11.5).
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "leaving"
    assert training_status(resumed) == "active"

    event = events_of("teacher_resumes_training_period").get()
    assert event.heading == "Jane Smith’s ECT training period was resumed by Alpha Learning"
    assert event.metadata == {"new_training_period_id": resumed.pk}
    assert event.training_period == old

    # A withdraw on the same day now fails (the new period starts today).
    with pytest.raises(DomainError) as caught:
        withdraw_training_period(author=alpha, training_period=resumed, reason="other")
    assert errors(caught) == [("participant_id", messages.CANNOT_DEFER_OR_WITHDRAW_TODAY)]


# Change schedule (BR-TP-27 … BR-TP-30) ---------------------------------------------------------------------------


def test_BR_TP_27_change_schedule_input_rules(world, alpha, jane_with_alpha):
    """BR-TP-27: blank, unknown, same schedule, ECT to replacement, mentor to reduced."""
    cases = [
        (None, "The property '#/schedule_identifier' must be present and correspond to a valid schedule."),
        ("ecf-fast", "Enter a valid schedule identifier."),
        ("ecf-standard-september", "Selected schedule is already on the profile"),
        ("ecf-replacement-september", "Selected schedule is not valid for the course_identifier"),
    ]
    for identifier, message in cases:
        with pytest.raises(DomainError) as caught:
            change_schedule(author=alpha, training_period=jane_with_alpha, schedule_identifier=identifier)
        assert errors(caught) == [("schedule_identifier", message)], identifier

    tom_training = b.training(
        b.mentor_period(world, started_on=JAN_10),
        started_on=JAN_10,
        school_partnership=jane_with_alpha.school_partnership,
    )
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=tom_training, schedule_identifier="ecf-reduced-april")
    assert errors(caught) == [
        ("schedule_identifier", "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.")
    ]
    assert not Event.objects.exists()


def test_BR_TP_27_no_such_schedule_in_the_target_cohort(world, alpha, jane_with_alpha, alpha_2026):
    """lead-provider-api.md §11.6: the target cohort has no schedule with that identifier."""
    from providers.models import Schedule

    Schedule.objects.filter(contract_period_id=2026, identifier="ecf-extended-april").delete()
    with pytest.raises(DomainError) as caught:
        change_schedule(
            author=alpha,
            training_period=jane_with_alpha,
            schedule_identifier="ecf-extended-april",
            contract_period_year=2026,
        )
    assert errors(caught) == [("schedule_identifier", messages.SCHEDULE_IDENTIFIER_REQUIRED)]


def test_BR_TP_28_completed_participants_only_move_to_reduced(world, alpha, jane_with_alpha):
    """BR-TP-28: Jane passed induction → `ecf-standard-april` refused; `ecf-reduced-april` allowed (in place)."""
    create_induction_period(
        teacher=world.jane, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 20), outcome="pass"
    )
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=jane_with_alpha, schedule_identifier="ecf-standard-april")
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot change this participant's schedule as they have completed their training or induction.",
        )
    ]

    changed = change_schedule(author=alpha, training_period=jane_with_alpha, schedule_identifier="ecf-reduced-april")
    assert changed.pk == jane_with_alpha.pk
    assert changed.schedule == schedule("ecf-reduced-april", 2025)
    assert TrainingPeriod.objects.filter(teacher=world.jane).count() == 1
    event = events_of("teacher_changes_schedule_training_period").get()
    assert event.heading == (
        "Jane Smith’s ECT training changed schedule from Standard September for 2025 to Reduced April for 2025 "
        "by Alpha Learning"
    )


def test_BR_TP_28_left_withdrawn_or_due_elsewhere(world, alpha, jane_at_oakfield, alpha_2025):
    """BR-TP-28: `left` participant; withdrawn (finishing in the future); due to start with another provider."""
    left = b.training(
        jane_at_oakfield, started_on=JAN_10, finished_on=dt.date(2026, 8, 31), school_partnership=alpha_2025
    )
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=left, schedule_identifier="ecf-extended-september")
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot change this participant's schedule. This is because the participant has a "
            "'left' participant_status, so they are not training with you currently.",
        )
    ]

    tom_period = b.ect_period(world, teacher=b.tom(), started_on=JAN_10)
    withdrawn = b.training(
        tom_period,
        started_on=JAN_10,
        finished_on=dt.date(2026, 12, 31),
        school_partnership=alpha_2025,
        withdrawn_at=aware(YESTERDAY),
        withdrawal_reason="other",
    )
    # Rule 1 of §6.4 says `leaving`, so the withdrawn rule is the one that answers.
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=withdrawn, schedule_identifier="ecf-extended-september")
    assert errors(caught) == [("participant_id", "Cannot perform actions on a withdrawn participant")]

    # Leaving Alpha on 2026-09-30, due to start with Beta on 2026-10-01.
    TrainingPeriod.objects.filter(pk=left.pk).update(finished_on=dt.date(2026, 9, 30))
    left.refresh_from_db()
    beta_2026 = b.partnership(school=world.oakfield, lead_provider=world.beta, year=2026)
    b.training(jane_at_oakfield, started_on=dt.date(2026, 10, 1), school_partnership=beta_2026)
    with pytest.raises(DomainError) as caught:
        change_schedule(author=alpha, training_period=left, schedule_identifier="ecf-extended-september")
    assert errors(caught) == [
        (
            "participant_id",
            "You cannot change this participant's schedule as they are due to start with another lead "
            "provider in the future.",
        )
    ]


def test_BR_TP_29_cohort_rules(world, alpha, jane_at_oakfield, alpha_2026):
    """BR-TP-29: moving to 2025 without a 2025 partnership with Jane's school → refused; moving to frozen 2022 when
    her original frozen year is not 2022 → refused."""
    period = b.training(jane_at_oakfield, started_on=JAN_10, school_partnership=alpha_2026)
    with pytest.raises(DomainError) as caught:
        change_schedule(
            author=alpha,
            training_period=period,
            schedule_identifier="ecf-extended-september",
            contract_period_year=2025,
        )
    assert errors(caught) == [
        (
            "cohort",
            "You cannot change a participant to this contract_period as you do not have a partnership with "
            "the school for the contract_period. Contact the DfE for assistance.",
        )
    ]

    b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2022)
    with pytest.raises(DomainError) as caught:
        change_schedule(
            author=alpha,
            training_period=period,
            schedule_identifier="ecf-extended-september",
            contract_period_year="2022",
        )
    assert errors(caught) == [
        (
            "cohort",
            "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.",
        )
    ]


def test_BR_TP_29_moving_back_into_the_original_frozen_cohort_is_allowed(world, alpha, jane_at_oakfield, alpha_2026):
    """§7.4.5: moving into the participant's original frozen cohort is allowed and clears the remembered year."""
    world.jane.ect_payments_frozen_year = world.contract_periods[2022]
    world.jane.save()
    alpha_2022 = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2022)
    period = b.training(jane_at_oakfield, started_on=TODAY, school_partnership=alpha_2026)
    changed = change_schedule(
        author=alpha, training_period=period, schedule_identifier="ecf-extended-september", contract_period_year=2022
    )
    assert (changed.pk, changed.school_partnership, changed.schedule) == (
        period.pk,
        alpha_2022,
        schedule("ecf-extended-september", 2022),
    )
    assert Teacher.objects.get(pk=world.jane.pk).ect_payments_frozen_year_id is None


def test_BR_TP_30_a_schedule_change_on_a_started_period_splits_it(world, alpha, jane_with_alpha):
    """BR-TP-30: period 2026-01-10 → ongoing on `ecf-standard-september` 2025; change to `ecf-extended-september`
    on 2026-09-15 → old period finished 2026-09-14, new period from 2026-09-15 on the new schedule."""
    changed = change_schedule(
        author=alpha, training_period=jane_with_alpha, schedule_identifier="ecf-extended-september"
    )

    old = TrainingPeriod.objects.get(pk=jane_with_alpha.pk)
    assert old.finished_on == YESTERDAY
    assert old.schedule == schedule("ecf-standard-september", 2025)
    assert changed.pk != old.pk
    assert (changed.started_on, changed.finished_on) == (TODAY, None)
    assert changed.schedule == schedule("ecf-extended-september", 2025)
    assert changed.school_partnership == old.school_partnership
    event = events_of("teacher_changes_schedule_training_period").get()
    assert event.metadata["training_period_id"] == changed.pk
    assert event.training_period == old


def test_BR_TP_30_a_cohort_change_moves_to_the_providers_partnership_and_remembers_a_frozen_year(
    world, alpha, jane_at_oakfield
):
    """§7.4.5: changing cohort uses the lead provider's partnership with the school in the new cohort (same delivery
    partner if possible); leaving a frozen cohort records it on the teacher."""
    alpha_2022 = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2022)
    period = b.training(
        jane_at_oakfield, started_on=JAN_10, finished_on=dt.date(2026, 12, 31), school_partnership=alpha_2022
    )
    other_dp = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2026)
    same_dp = b.partnership(
        school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=alpha_2022.delivery_partner
    )
    assert other_dp != same_dp

    changed = change_schedule(
        author=alpha, training_period=period, schedule_identifier="ecf-standard-september", contract_period_year=2026
    )
    assert changed.school_partnership == same_dp
    assert changed.schedule == schedule("ecf-standard-september", 2026)
    assert (changed.started_on, changed.finished_on) == (TODAY, dt.date(2026, 12, 31))
    assert Teacher.objects.get(pk=world.jane.pk).ect_payments_frozen_year_id == 2022


def test_BR_TP_30_a_period_starting_today_or_later_is_changed_in_place(world, alpha, alpha_2026):
    """BR-TP-30: a period starting today or later is updated in place instead."""
    at_school = b.ect_period(world, started_on=dt.date(2026, 10, 1))
    period = b.training(at_school, started_on=dt.date(2026, 10, 1), school_partnership=alpha_2026)
    changed = change_schedule(author=alpha, training_period=period, schedule_identifier="ecf-standard-january")
    assert changed.pk == period.pk
    assert TrainingPeriod.objects.get(pk=period.pk).schedule == schedule("ecf-standard-january", 2026)
    assert TrainingPeriod.objects.count() == 1


# Switch training programme (BR-TP-31, BR-TP-32) -----------------------------------------------------------------


def test_BR_TP_31_switching_an_unconfirmed_period_to_school_led_deletes_it(world, school_user):
    """BR-TP-31: Jane's provider-led period (EOI only) since 2026-09-01 → deleted; school-led from 2026-09-15."""
    at_school = b.ect_period(world, started_on=SEP_1)
    eoi = b.training(at_school, started_on=SEP_1, expression_of_interest=b.active_lead_provider(world.alpha, 2026))

    new_period = switch_training_programme(
        author=school_user, ect_at_school_period=at_school, training_programme="school_led"
    )
    assert not TrainingPeriod.objects.filter(pk=eoi.pk).exists()
    assert (new_period.training_programme, new_period.started_on, new_period.finished_on) == ("school_led", TODAY, None)
    assert (new_period.school_partnership, new_period.expression_of_interest, new_period.schedule) == (None, None, None)
    event = events_of("teacher_training_programme_updated").get()
    assert event.heading == "Training programme changed from 'provider led' to 'school led'"
    assert event.ect_at_school_period == at_school

    with pytest.raises(DomainError) as caught:
        switch_training_programme(author=school_user, ect_at_school_period=at_school, training_programme="school_led")
    assert caught.value.message == messages.ALREADY_SCHOOL_LED


def test_BR_TP_31_switching_a_confirmed_period_to_school_led_finishes_it_yesterday(world, school_user, alpha_2026):
    """BR-TP-31: with a partnership → finished 2026-09-14."""
    at_school = b.ect_period(world, started_on=SEP_1)
    confirmed = b.training(at_school, started_on=SEP_1, school_partnership=alpha_2026)
    new_period = switch_training_programme(
        author=school_user, ect_at_school_period=at_school, training_programme="school_led"
    )
    assert TrainingPeriod.objects.get(pk=confirmed.pk).finished_on == YESTERDAY
    assert (new_period.training_programme, new_period.started_on) == ("school_led", TODAY)


def test_BR_TP_31_a_period_that_has_not_started_is_deleted(world, school_user, alpha_2026):
    """§7.4.6: an ECT starting 2026-10-01 → the provider-led period is deleted; school-led from 2026-10-01."""
    at_school = b.ect_period(world, started_on=dt.date(2026, 10, 1))
    future = b.training(at_school, started_on=dt.date(2026, 10, 1), school_partnership=alpha_2026)
    new_period = switch_training_programme(
        author=school_user, ect_at_school_period=at_school, training_programme="school_led"
    )
    assert not TrainingPeriod.objects.filter(pk=future.pk).exists()
    assert new_period.started_on == dt.date(2026, 10, 1)


def test_BR_TP_32_switching_to_provider_led_also_starts_the_mentors_training(world, school_user):
    """BR-TP-32: school-led Jane switched to Alpha on 2026-09-15 → school-led period finished 2026-09-14;
    provider-led period from 2026-09-15; her mentor Tom (eligible, never trained) gets one from 2026-09-15."""
    at_school = b.ect_period(world, started_on=SEP_1)
    school_led = b.training(at_school, started_on=SEP_1, training_programme="school_led")
    tom_period = b.mentor_period(world, started_on=SEP_1)
    create_mentorship_period(mentee=at_school, mentor=tom_period, started_on=SEP_1)

    new_period = switch_training_programme(
        author=school_user, ect_at_school_period=at_school, training_programme="provider_led", lead_provider=world.alpha
    )
    assert TrainingPeriod.objects.get(pk=school_led.pk).finished_on == YESTERDAY
    assert (new_period.training_programme, new_period.started_on, new_period.finished_on) == (
        "provider_led",
        TODAY,
        None,
    )
    assert new_period.expression_of_interest == b.active_lead_provider(world.alpha, 2026)
    assert new_period.schedule.contract_period_id == 2026

    tom_training = TrainingPeriod.objects.get(mentor_at_school_period=tom_period)
    assert (tom_training.training_programme, tom_training.started_on) == ("provider_led", TODAY)
    assert tom_training.expression_of_interest == b.active_lead_provider(world.alpha, 2026)
    assert events_of("teacher_training_programme_updated").get().heading == (
        "Training programme changed from 'school led' to 'provider led'"
    )
    assert events_of("teacher_starts_training_period").filter(teacher=tom_period.teacher).exists()


def test_BR_TP_32_needs_a_lead_provider_and_a_school_led_ect(world, school_user, alpha_2026):
    """BR-TP-32: no lead provider → error; already provider-led → error."""
    at_school = b.ect_period(world, started_on=SEP_1)
    b.training(at_school, started_on=SEP_1, training_programme="school_led")
    with pytest.raises(DomainError) as caught:
        switch_training_programme(author=school_user, ect_at_school_period=at_school, training_programme="provider_led")
    assert (caught.value.field, caught.value.message) == ("lead_provider", messages.LEAD_PROVIDER_REQUIRED)

    other = b.ect_period(world, teacher=b.tom(), started_on=SEP_1)
    b.training(other, started_on=SEP_1, school_partnership=alpha_2026)
    with pytest.raises(DomainError) as caught:
        switch_training_programme(
            author=school_user, ect_at_school_period=other, training_programme="provider_led", lead_provider=world.beta
        )
    assert caught.value.message == messages.ALREADY_PROVIDER_LED
    assert not Event.objects.exists()


def test_BR_TP_32_a_mentor_who_already_trained_gets_no_new_training(world, school_user, alpha_2025):
    """BR-TP-32 / BR-M-07: a mentor who has had training before gets none."""
    at_school = b.ect_period(world, started_on=SEP_1)
    b.training(at_school, started_on=SEP_1, training_programme="school_led")
    tom_period = b.mentor_period(world, started_on=dt.date(2025, 9, 1))
    b.training(
        tom_period, started_on=dt.date(2025, 9, 1), finished_on=dt.date(2026, 7, 31), school_partnership=alpha_2025
    )
    create_mentorship_period(mentee=at_school, mentor=tom_period, started_on=SEP_1)
    switch_training_programme(
        author=school_user, ect_at_school_period=at_school, training_programme="provider_led", lead_provider=world.alpha
    )
    assert TrainingPeriod.objects.filter(mentor_at_school_period=tom_period).count() == 1


# Change lead provider (BR-TP-33) -----------------------------------------------------------------------------


def test_BR_TP_33_changing_lead_provider_finishes_confirmed_training_and_starts_a_new_period(
    world, school_user, jane_with_alpha
):
    """BR-TP-33: Jane with Alpha (partnership) since 2026-01-10 changes to Beta on 2026-09-15 → Alpha period finished
    2026-09-14; Beta period from 2026-09-15 with EOI (Beta, 2026); heading records Alpha → Beta."""
    changed = change_lead_provider(
        author=school_user, at_school_period=jane_with_alpha.ect_at_school_period, lead_provider=world.beta
    )
    assert TrainingPeriod.objects.get(pk=jane_with_alpha.pk).finished_on == YESTERDAY
    assert (changed.started_on, changed.finished_on, changed.school_partnership) == (TODAY, None, None)
    assert changed.expression_of_interest == b.active_lead_provider(world.beta, 2026)
    assert changed.schedule.contract_period_id == 2026
    event = events_of("teacher_training_lead_provider_updated").get()
    assert event.heading == "Lead provider changed from 'Alpha Learning' to 'Beta Institute'"
    assert (event.author_type, event.author_email) == ("school_user", "tutor@oakfield.sch.uk")
    assert event.training_period == changed


def test_BR_TP_33_a_not_yet_started_period_is_updated_in_place(world, school_user, alpha_2026):
    """BR-TP-33: a period starting 2026-10-01 takes the new provider's partnership (or EOI) in place."""
    at_school = b.ect_period(world, started_on=dt.date(2026, 10, 1))
    future = b.training(at_school, started_on=dt.date(2026, 10, 1), school_partnership=alpha_2026)
    beta_2026 = b.partnership(school=world.oakfield, lead_provider=world.beta, year=2026)
    changed = change_lead_provider(author=school_user, at_school_period=at_school, lead_provider=world.beta)
    assert changed.pk == future.pk
    changed.refresh_from_db()
    assert (changed.school_partnership, changed.expression_of_interest) == (beta_2026, None)
    assert TrainingPeriod.objects.count() == 1


def test_BR_TP_33_an_eoi_only_period_that_started_is_deleted(world, school_user, jane_at_oakfield):
    """§7.4.7: a started EOI-only period is deleted and replaced."""
    eoi = b.training(
        jane_at_oakfield, started_on=SEP_1, expression_of_interest=b.active_lead_provider(world.alpha, 2026)
    )
    changed = change_lead_provider(author=school_user, at_school_period=jane_at_oakfield, lead_provider=world.beta)
    assert not TrainingPeriod.objects.filter(pk=eoi.pk).exists()
    assert changed.started_on == TODAY


def test_BR_ECT_33_same_provider_or_school_led_is_refused(world, school_user, jane_with_alpha):
    """BR-ECT-33: Alpha → Alpha → no change; a school-led ECT → error."""
    with pytest.raises(DomainError) as caught:
        change_lead_provider(
            author=school_user, at_school_period=jane_with_alpha.ect_at_school_period, lead_provider=world.alpha
        )
    assert caught.value.message == messages.SAME_LEAD_PROVIDER

    sam = b.ect_period(world, teacher=b.tom(), started_on=SEP_1)
    b.training(sam, started_on=SEP_1, training_programme="school_led")
    with pytest.raises(DomainError) as caught:
        change_lead_provider(author=school_user, at_school_period=sam, lead_provider=world.beta)
    assert caught.value.message == messages.SCHOOL_LED_HAS_NO_LEAD_PROVIDER
    assert not Event.objects.exists()


def test_Q10_the_new_lead_provider_must_be_active_in_the_contract_period(world, school_user, alpha_2026):
    """Q10: no ActiveLeadProvider is created silently; a provider not active in 2026 is refused."""
    from tests.builders import create_lead_provider

    gamma = create_lead_provider(name="Gamma", active_in=(2025,))
    at_school = b.ect_period(world, started_on=SEP_1)
    b.training(at_school, started_on=SEP_1, school_partnership=alpha_2026)
    with pytest.raises(DomainError) as caught:
        change_lead_provider(author=school_user, at_school_period=at_school, lead_provider=gamma)
    assert caught.value.message == messages.LEAD_PROVIDER_NOT_ACTIVE
    assert not gamma.active_lead_providers.filter(contract_period_id=2026).exists()


def test_changing_a_mentors_lead_provider(world, school_user, alpha_2025):
    """§7.4.7 applies to mentors as well."""
    tom_period = b.mentor_period(world, started_on=JAN_10)
    current = b.training(tom_period, started_on=JAN_10, school_partnership=alpha_2025)
    changed = change_lead_provider(author=school_user, at_school_period=tom_period, lead_provider=world.beta)
    assert TrainingPeriod.objects.get(pk=current.pk).finished_on == YESTERDAY
    assert changed.mentor_at_school_period == tom_period
    assert events_of("teacher_training_lead_provider_updated").get().mentor_at_school_period == tom_period


# Expression of interest → confirmed partnership (§7.4.2, BR-LP-13) -----------------------------------------------


def test_BR_LP_13_a_new_partnership_confirms_matching_expressions_of_interest(world, alpha, jane_at_oakfield):
    """BR-LP-13: Jane's ECT period at Oakfield has EOI (Alpha, 2026) and no partnership; Alpha creates
    Oakfield/Delta/2026 → Jane's period gets the partnership; event recorded; EOI kept."""
    eoi = b.active_lead_provider(world.alpha, 2026)
    jane_training = b.training(jane_at_oakfield, started_on=SEP_1, expression_of_interest=eoi)
    tom_training = b.training(b.mentor_period(world, started_on=SEP_1), started_on=SEP_1, expression_of_interest=eoi)
    # Not matching: another year, another provider, another school.
    other_year = b.training(
        b.ect_period(world, teacher=create_teacher(first_name="Ann"), school=world.oakfield, started_on=SEP_1),
        started_on=SEP_1,
        expression_of_interest=b.active_lead_provider(world.alpha, 2025),
    )
    other_school = b.training(
        b.ect_period(
            world,
            teacher=create_teacher(first_name="Sam", last_name="Lee"),
            school=world.hillside,
            started_on=SEP_1,
        ),
        started_on=SEP_1,
        expression_of_interest=eoi,
    )

    partnership = b.partnership(
        school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta
    )
    confirmed = confirm_expressions_of_interest(author=alpha, school_partnership=partnership)

    assert {p.pk for p in confirmed} == {jane_training.pk, tom_training.pk}
    for period in (jane_training, tom_training):
        period.refresh_from_db()
        assert period.school_partnership == partnership
        assert period.expression_of_interest == eoi
    for period in (other_year, other_school):
        period.refresh_from_db()
        assert period.school_partnership is None
    jane_event = events_of("training_period_assigned_to_school_partnership").get(training_period=jane_training)
    assert jane_event.heading == "Jane Smith’s ECT training period was assigned to a school partnership"
    assert (jane_event.school_partnership, jane_event.delivery_partner, jane_event.lead_provider) == (
        partnership,
        world.delta,
        world.alpha,
    )
    assert events_of("training_period_assigned_to_school_partnership").count() == 2


def test_confirming_with_nothing_waiting_changes_nothing(world, alpha, alpha_2026):
    """§7.4.2: no matching EOI → nothing written, no event."""
    assert confirm_expressions_of_interest(author=alpha, school_partnership=alpha_2026) == []
    assert not Event.objects.exists()


# Admin change of contract period (§7.4.8) -----------------------------------------------------------------


@pytest.fixture
def admin(db):
    user = User.objects.create(email="admin@education.gov.uk", name="Ada Admin")
    return Author.dfe_staff_user(user)


def test_admin_change_of_contract_period_splits_a_started_period(world, admin, jane_with_alpha, alpha_2026):
    """§7.4.8: 2025 → 2026 with the chosen 2026 partnership; old period ends yesterday, the new one starts today on
    the same schedule identifier."""
    changed = change_contract_period(
        author=admin,
        training_period=jane_with_alpha,
        contract_period=world.contract_periods[2026],
        school_partnership=alpha_2026,
    )
    assert TrainingPeriod.objects.get(pk=jane_with_alpha.pk).finished_on == YESTERDAY
    assert (changed.started_on, changed.finished_on, changed.school_partnership) == (TODAY, None, alpha_2026)
    assert changed.schedule == schedule("ecf-standard-september", 2026)
    assert changed.expression_of_interest is None
    event = events_of("teacher_training_period_contract_period_changed").get()
    assert event.heading == "Jane Smith’s ECT training contract period changed from 2025 to 2026"
    assert event.metadata == {"new_training_period_id": changed.pk, "to_contract_period_id": 2026}
    assert (event.author_type, event.author_id) == ("dfe_staff_user", admin.user_id)
    assert not events_of("teacher_changes_schedule_training_period").exists()


def test_admin_change_of_contract_period_for_an_eoi_only_period(world, admin, jane_at_oakfield):
    """§7.4.8: EOI-only → the same lead provider's EOI in the target year; limited to years where it is active."""
    period = b.training(
        jane_at_oakfield,
        started_on=JAN_10,
        finished_on=dt.date(2026, 10, 31),
        expression_of_interest=b.active_lead_provider(world.alpha, 2025),
    )
    assert [cp.year for cp in contract_periods_available_for_change(period)] == [2024, 2026]
    changed = change_contract_period(author=admin, training_period=period, contract_period=world.contract_periods[2026])
    assert changed.expression_of_interest == b.active_lead_provider(world.alpha, 2026)
    assert changed.school_partnership is None
    assert changed.finished_on == dt.date(2026, 10, 31)


def test_admin_change_of_contract_period_refusals(world, admin, jane_at_oakfield, alpha_2025, alpha_2026):
    """§7.4.8: finished periods are not eligible; frozen years only for the original frozen year; the chosen
    partnership must be the school's in that year."""
    finished = b.training(
        jane_at_oakfield, started_on=JAN_10, finished_on=dt.date(2026, 8, 31), school_partnership=alpha_2025
    )
    with pytest.raises(DomainError) as caught:
        change_contract_period(
            author=admin,
            training_period=finished,
            contract_period=world.contract_periods[2026],
            school_partnership=alpha_2026,
        )
    assert caught.value.message == messages.NOT_ELIGIBLE_FOR_CONTRACT_PERIOD_CHANGE

    TrainingPeriod.objects.filter(pk=finished.pk).update(finished_on=None)
    finished.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        change_contract_period(
            author=admin,
            training_period=finished,
            contract_period=world.contract_periods[2022],
            school_partnership=alpha_2026,
        )
    assert caught.value.message == messages.CONTRACT_PERIOD_NOT_AVAILABLE
    assert 2022 not in [cp.year for cp in contract_periods_available_for_change(finished)]
    assert 2027 not in [cp.year for cp in contract_periods_available_for_change(finished)]

    with pytest.raises(DomainError) as caught:
        change_contract_period(
            author=admin,
            training_period=finished,
            contract_period=world.contract_periods[2026],
            school_partnership=alpha_2025,
        )
    assert caught.value.message == messages.PARTNERSHIP_NOT_IN_CONTRACT_PERIOD
    assert not Event.objects.exists()
    assert TrainingPeriod.objects.get(pk=finished.pk).school_partnership == alpha_2025
    assert TrainingProgramme.PROVIDER_LED == finished.training_programme


# Payments-frozen cohorts when schools change training (§6.2 step 1, §7.4.6, §7.4.7) ----------------------------


@pytest.fixture
def jane_trained_in_2022(world):
    """Jane at Oakfield since 2022-09-01; provider-led with Old Provider in frozen 2022 from then."""
    from tests.builders import create_lead_provider

    old_provider = create_lead_provider(name="Old Provider", active_in=(2022,))
    at_school = b.ect_period(world, started_on=dt.date(2022, 9, 1))
    partnership_2022 = b.partnership(school=world.oakfield, lead_provider=old_provider, year=2022)
    return at_school, partnership_2022


def test_BR_TP_33_leaving_a_frozen_cohort_moves_the_ect_to_2024(world, school_user, jane_trained_in_2022):
    """§7.4.7: an ECT with confirmed training in frozen 2022 who changes lead provider is reassigned to 2024
    (`ecf-extended-september`) and 2022 is recorded as her frozen year."""
    at_school, partnership_2022 = jane_trained_in_2022
    old = b.training(at_school, started_on=dt.date(2022, 9, 1), school_partnership=partnership_2022)
    changed = change_lead_provider(author=school_user, at_school_period=at_school, lead_provider=world.alpha)
    assert TrainingPeriod.objects.get(pk=old.pk).finished_on == YESTERDAY
    assert changed.expression_of_interest == b.active_lead_provider(world.alpha, 2024)
    assert changed.schedule == schedule("ecf-extended-september", 2024)
    assert Teacher.objects.get(pk=world.jane.pk).ect_payments_frozen_year_id == 2022


def test_BR_TP_32_switching_back_to_provider_led_after_a_frozen_cohort_goes_to_2024(
    world, school_user, jane_trained_in_2022
):
    """§7.4.6: the ECT's latest earlier provider-led period is in frozen 2022 → the new period is in 2024 and the
    frozen year is recorded."""
    at_school, partnership_2022 = jane_trained_in_2022
    b.training(
        at_school, started_on=dt.date(2022, 9, 1), finished_on=dt.date(2023, 8, 31), school_partnership=partnership_2022
    )
    b.training(at_school, started_on=dt.date(2023, 9, 1), training_programme="school_led")
    new_period = switch_training_programme(
        author=school_user, ect_at_school_period=at_school, training_programme="provider_led", lead_provider=world.alpha
    )
    assert new_period.schedule == schedule("ecf-extended-september", 2024)
    assert new_period.expression_of_interest == b.active_lead_provider(world.alpha, 2024)
    assert Teacher.objects.get(pk=world.jane.pk).ect_payments_frozen_year_id == 2022


def test_BR_TP_32_switching_back_reuses_the_previous_provider_led_contract_period(
    world, school_user, jane_at_oakfield, alpha_2025
):
    """§7.4.6: the latest provider-led schedule is in 2025 while the transition date is in 2026 → the new period
    stays in 2025 (schedule reused, the 2025 partnership linked)."""
    b.training(jane_at_oakfield, started_on=JAN_10, finished_on=dt.date(2026, 6, 30), school_partnership=alpha_2025)
    b.training(jane_at_oakfield, started_on=dt.date(2026, 7, 1), training_programme="school_led")
    new_period = switch_training_programme(
        author=school_user,
        ect_at_school_period=jane_at_oakfield,
        training_programme="provider_led",
        lead_provider=world.alpha,
    )
    assert new_period.school_partnership == alpha_2025
    assert new_period.schedule == schedule("ecf-standard-september", 2025)
    assert Teacher.objects.get(pk=world.jane.pk).ect_payments_frozen_year_id is None
