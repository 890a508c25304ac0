"""Participant actions as the lead provider API calls them (lead-provider-api.md §11.3 – §11.6): the enrolment is
found from the course identifier, and every attribute's first failing rule is reported together, in the API's
order. Today is 2026-09-15; Alpha is active in 2024–2026 (2021 and 2022 are payments-frozen)."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.errors import DomainError
from events.authors import Author
from events.models import Event
from teachers.messages import training as messages
from teachers.models import Teacher, TrainingPeriod
from teachers.selectors.training_status import participant_status, training_status
from teachers.services.training_changes import (
    change_participant_schedule,
    defer_participant,
    resume_participant,
    withdraw_participant,
)
from tests import builders_training as b
from tests.builders import aware

TODAY = dt.date(2026, 9, 15)
JAN_10 = dt.date(2026, 1, 10)

COURSE_REQUIRED = ("course_identifier", "Enter a '#/course_identifier'.")
COURSE_NOT_RECOGNISED = (
    "course_identifier",
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
)
REASON_REQUIRED = ("reason", "Enter a '#/reason'.")
REASON_NOT_RECOGNISED = (
    "reason",
    "The entered '#/reason' is not recognised for the given participant. Check details and try again.",
)


def errors(caught) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in caught.value.errors]


@pytest.fixture
def alpha(world):
    return Author.lead_provider_api(world.alpha)


@pytest.fixture
def jane_with_alpha(world, alpha_2025):
    """Jane's ECT training with Alpha from 2026-01-10, ongoing, on `ecf-standard-september` 2025."""
    return b.training(b.ect_period(world, started_on=JAN_10), started_on=JAN_10, school_partnership=alpha_2025)


def act(action, world, author, **attributes):
    return action(author=author, lead_provider=world.alpha, teacher=world.jane, **attributes)


# Withdraw (§11.3) ------------------------------------------------------------------------------------------------


def test_withdraw_missing_course_identifier_and_unknown_reason_are_both_reported(world, alpha, jane_with_alpha):
    """§17.3 E22: no course identifier and reason `bored` → both attributes, course identifier first."""
    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier=None, reason="bored")
    assert errors(caught) == [COURSE_REQUIRED, REASON_NOT_RECOGNISED]


@pytest.mark.parametrize("course_identifier", ["", "ecf-induction ", "ECF-INDUCTION", "npq", 1, ["ecf-induction"]])
def test_an_unknown_course_identifier_reads_as_missing(world, alpha, jane_with_alpha, course_identifier):
    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier=course_identifier, reason="other")
    assert errors(caught) == [COURSE_REQUIRED]


def test_withdraw_a_role_the_provider_does_not_train_then_no_reason(world, alpha, jane_with_alpha):
    """§17.3 E23 (Jane is not Alpha's mentor), with the reason rules still run."""
    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier="ecf-mentor", reason=" ")
    assert errors(caught) == [COURSE_NOT_RECOGNISED, REASON_REQUIRED]


@pytest.mark.parametrize("reason", ["moved_school", "Moved-School", " moved-school", 3, {"reason": "other"}])
def test_only_the_dasherised_wire_values_are_reasons(world, alpha, jane_with_alpha, reason):
    """§11.2.2: reasons travel with hyphens; the stored underscore form is not a wire value."""
    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason=reason)
    assert errors(caught) == [REASON_NOT_RECOGNISED]


def test_withdraw_reports_reason_then_participant(world, alpha, alpha_2026):
    """A joining participant with an unknown reason: the reason error, then the participant error."""
    b.training(
        b.ect_period(world, started_on=dt.date(2026, 10, 1)),
        started_on=dt.date(2026, 10, 1),
        school_partnership=alpha_2026,
    )
    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason="moved-country")
    assert errors(caught) == [
        REASON_NOT_RECOGNISED,
        (
            "participant_id",
            "You cannot withdraw #/participant_id. This is because they have not been training with you for at "
            "least one day.",
        ),
    ]


def test_the_ect_only_reason_rule_runs_only_when_nothing_else_failed(world, alpha, alpha_2026):
    """§11.3: started today and `mentor-no-longer-being-mentor` → only the "try again tomorrow" error."""
    b.training(b.ect_period(world, started_on=TODAY), started_on=TODAY, school_partnership=alpha_2026)
    with pytest.raises(DomainError) as caught:
        act(
            withdraw_participant,
            world,
            alpha,
            course_identifier="ecf-induction",
            reason="mentor-no-longer-being-mentor",
        )
    assert errors(caught) == [("participant_id", messages.CANNOT_DEFER_OR_WITHDRAW_TODAY)]


def test_E21_an_ect_cannot_be_withdrawn_for_a_mentor_reason(world, alpha, jane_with_alpha):
    with pytest.raises(DomainError) as caught:
        act(
            withdraw_participant,
            world,
            alpha,
            course_identifier="ecf-induction",
            reason="mentor-no-longer-being-mentor",
        )
    assert errors(caught) == [("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")]


def test_E19_E20_withdraw_then_withdraw_again(world, alpha, jane_with_alpha):
    Teacher.objects.filter(pk=world.jane.pk).update(api_updated_at=aware(JAN_10))
    period = act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason="moved-school")

    assert period == jane_with_alpha
    period = TrainingPeriod.objects.get(pk=period.pk)
    assert (period.withdrawn_at, period.withdrawal_reason, period.finished_on) == (clock.now(), "moved_school", TODAY)
    assert training_status(period) == "withdrawn"
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "left"
    assert Teacher.objects.get(pk=world.jane.pk).api_updated_at == clock.now()
    event = Event.objects.get(event_type="teacher_withdraws_training_period")
    assert (event.author_type, event.lead_provider) == ("lead_provider_api", world.alpha)

    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason="moved-school")
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already withdrawn.")]


def test_the_latest_period_with_the_provider_is_the_one_acted_on(world, alpha, alpha_2025, alpha_2026):
    """§10.2: of Jane's two periods with Alpha the later-starting one; a later period with Beta is not Alpha's."""
    at_school = b.ect_period(world, started_on=JAN_10)
    b.training(at_school, started_on=JAN_10, finished_on=dt.date(2026, 8, 31), school_partnership=alpha_2025)
    current = b.training(at_school, started_on=dt.date(2026, 9, 1), school_partnership=alpha_2026)
    withdrawn = act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason="other")
    assert withdrawn == current


# Defer (§11.4) ---------------------------------------------------------------------------------------------------


def test_E24_defer(world, alpha, jane_with_alpha):
    period = act(defer_participant, world, alpha, course_identifier="ecf-induction", reason="long-term-sickness")
    period.refresh_from_db()
    assert (period.deferred_at, period.deferral_reason, period.finished_on) == (
        clock.now(),
        "long_term_sickness",
        TODAY,
    )
    assert training_status(period) == "deferred"
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "left"


def test_defer_errors_in_order(world, alpha, jane_with_alpha, frozen_today):
    with pytest.raises(DomainError) as caught:
        act(defer_participant, world, alpha, course_identifier="ecf-mentor", reason="moved-school")
    assert errors(caught) == [COURSE_NOT_RECOGNISED, REASON_NOT_RECOGNISED]

    act(defer_participant, world, alpha, course_identifier="ecf-induction", reason="career-break")
    with pytest.raises(DomainError) as caught:
        act(defer_participant, world, alpha, course_identifier="ecf-induction", reason="")
    assert errors(caught) == [REASON_REQUIRED, ("participant_id", "The '#/participant_id' is already deferred.")]

    frozen_today(TODAY, hour=15)
    act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason="other")  # allowed when deferred
    with pytest.raises(DomainError) as caught:
        act(defer_participant, world, alpha, course_identifier="ecf-induction", reason="other")
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already withdrawn.")]


# Resume (§11.5) --------------------------------------------------------------------------------------------------


def test_E27_resume_creates_the_new_latest_period(world, alpha, jane_with_alpha, frozen_today):
    frozen_today(dt.date(2026, 9, 14))
    act(defer_participant, world, alpha, course_identifier="ecf-induction", reason="other")
    frozen_today(TODAY)

    resumed = act(resume_participant, world, alpha, course_identifier="ecf-induction")

    assert resumed != jane_with_alpha
    assert (resumed.started_on, resumed.finished_on, resumed.school_partnership) == (
        TODAY,
        None,
        jane_with_alpha.school_partnership,
    )
    assert participant_status(teacher=world.jane, lead_provider=world.alpha, role="ect") == "active"
    with pytest.raises(DomainError) as caught:
        act(resume_participant, world, alpha, course_identifier="ecf-induction")
    assert errors(caught) == [("participant_id", "The '#/participant_id' is already active.")]


def test_resume_course_identifier_rules(world, alpha, jane_with_alpha):
    for course_identifier, expected in ((None, COURSE_REQUIRED), ("ecf-mentor", COURSE_NOT_RECOGNISED)):
        with pytest.raises(DomainError) as caught:
            act(resume_participant, world, alpha, course_identifier=course_identifier)
        assert errors(caught) == [expected]


# Change schedule (§11.6) -----------------------------------------------------------------------------------------


def test_change_schedule_course_then_schedule_errors(world, alpha, jane_with_alpha):
    """Without an enrolment the identifier rules still run; an omitted cohort then names no schedule."""
    cases = [
        (
            {"schedule_identifier": "ecf-standard-june"},
            [COURSE_REQUIRED, ("schedule_identifier", messages.SCHEDULE_IDENTIFIER_INVALID)],
        ),
        (
            {"schedule_identifier": ""},
            [COURSE_REQUIRED, ("schedule_identifier", messages.SCHEDULE_IDENTIFIER_REQUIRED)],
        ),
        (
            {"schedule_identifier": "ecf-extended-september"},
            [COURSE_REQUIRED, ("schedule_identifier", messages.SCHEDULE_IDENTIFIER_REQUIRED)],
        ),
        ({"schedule_identifier": "ecf-extended-september", "cohort": "2025"}, [COURSE_REQUIRED]),
    ]
    for attributes, expected in cases:
        with pytest.raises(DomainError) as caught:
            act(change_participant_schedule, world, alpha, course_identifier=None, **attributes)
        assert errors(caught) == expected, attributes

    with pytest.raises(DomainError) as caught:
        act(change_participant_schedule, world, alpha, course_identifier="ecf-mentor", schedule_identifier="ecf-x")
    assert errors(caught) == [COURSE_NOT_RECOGNISED, ("schedule_identifier", messages.SCHEDULE_IDENTIFIER_INVALID)]


def test_E30_change_schedule(world, alpha, jane_with_alpha):
    changed = act(
        change_participant_schedule,
        world,
        alpha,
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
        cohort="2025",
    )
    assert (changed.started_on, changed.schedule.identifier, changed.schedule.contract_period_id) == (
        TODAY,
        "ecf-extended-september",
        2025,
    )
    assert TrainingPeriod.objects.get(pk=jane_with_alpha.pk).finished_on == dt.date(2026, 9, 14)
    with pytest.raises(DomainError) as caught:
        act(withdraw_participant, world, alpha, course_identifier="ecf-induction", reason="other")
    assert errors(caught) == [("participant_id", messages.CANNOT_DEFER_OR_WITHDRAW_TODAY)]


def test_change_schedule_reports_schedule_cohort_and_participant_together(world, alpha, jane_with_alpha):
    """§11.6 order: schedule identifier, cohort, participant, the first failing rule of each."""
    jane_with_alpha.finished_on = dt.date(2026, 9, 1)
    jane_with_alpha.save()
    with pytest.raises(DomainError) as caught:
        act(
            change_participant_schedule,
            world,
            alpha,
            course_identifier="ecf-induction",
            schedule_identifier="ecf-replacement-april",
            cohort=2024,
        )
    assert errors(caught) == [
        ("schedule_identifier", "Selected schedule is not valid for the course_identifier"),
        (
            "cohort",
            "You cannot change a participant to this contract_period as you do not have a partnership with the "
            "school for the contract_period. Contact the DfE for assistance.",
        ),
        ("participant_id", messages.SCHEDULE_CHANGE_WHEN_LEFT),
    ]


def test_the_payments_frozen_rule_holds_for_the_current_cohort_too(world, alpha):
    """§11.6: the rule reads the target cohort, which is the current one when none is sent: an enrolment in
    frozen 2022 may change schedule there only if 2022 is the teacher's recorded frozen year."""
    alpha_2022 = b.partnership(school=world.oakfield, lead_provider=world.alpha, year=2022)
    b.training(b.ect_period(world, started_on=JAN_10), started_on=JAN_10, school_partnership=alpha_2022)
    with pytest.raises(DomainError) as caught:
        act(
            change_participant_schedule,
            world,
            alpha,
            course_identifier="ecf-induction",
            schedule_identifier="ecf-extended-september",
        )
    assert errors(caught) == [("cohort", messages.CANNOT_MOVE_TO_FROZEN_COHORT)]

    Teacher.objects.filter(pk=world.jane.pk).update(ect_payments_frozen_year=2022)
    world.jane.refresh_from_db()
    changed = act(
        change_participant_schedule,
        world,
        alpha,
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
    )
    assert (changed.schedule.identifier, changed.schedule.contract_period_id) == ("ecf-extended-september", 2022)
