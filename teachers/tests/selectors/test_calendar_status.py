"""Who flips status at midnight (lead-provider-api.md §11.2.4; issue 3 item 4).

The SQL selector is checked against the Python reading of §11.2.4 (`participant_status`) for every teacher,
lead provider and role, day by day across a fortnight holding every kind of flip and of non-flip."""

from __future__ import annotations

import datetime as dt

import pytest

from providers.models import LeadProvider
from schools.models import TrainingProgramme
from teachers.models import Teacher, TrainingRole
from teachers.selectors.calendar_status import teachers_whose_participant_status_changes_on
from teachers.selectors.training_status import participant_status
from tests import builders_training as b
from tests.builders import aware, create_induction_period, create_teacher

TODAY = dt.date(2026, 9, 15)
SEP_1 = dt.date(2026, 9, 1)
COMPLETED = {"mentor_became_ineligible_for_funding_reason": "completed_declaration_received"}


def day(n: int) -> dt.date:
    return dt.date(2026, 9, n)


def expected_flips(on: dt.date) -> set[int]:
    """The teachers for whom some lead provider sees another `participant_status` on `on` than the day before."""
    flipped = set()
    for teacher in Teacher.objects.all():
        for lead_provider in LeadProvider.objects.all():
            for role in TrainingRole.values:
                before = participant_status(
                    teacher=teacher, lead_provider=lead_provider, role=role, on=on - dt.timedelta(days=1)
                )
                after = participant_status(teacher=teacher, lead_provider=lead_provider, role=role, on=on)
                if before != after:
                    flipped.add(teacher.pk)
    return flipped


@pytest.fixture
def scenarios(world) -> dict[str, Teacher]:
    """One teacher per case; the name says what happens when."""
    alpha_2026 = b.partnership(
        school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta
    )
    beta_2026 = b.partnership(school=world.oakfield, lead_provider=world.beta, year=2026)
    teachers: dict[str, Teacher] = {}

    def ect(name: str, school_start: dt.date = SEP_1, school_end: dt.date | None = None):
        teacher = create_teacher(first_name=name, last_name="Case")
        teachers[name] = teacher
        return b.ect_period(world, teacher=teacher, started_on=school_start, finished_on=school_end)

    def mentor(name: str, school_start: dt.date = SEP_1, **teacher_fields):
        teacher = create_teacher(first_name=name, last_name="Case", **teacher_fields)
        teachers[name] = teacher
        return b.mentor_period(world, teacher=teacher, started_on=school_start)

    # joining → active on the 18th
    b.training(ect("joins_18", school_start=day(18)), started_on=day(18), school_partnership=alpha_2026)
    # leaving → left on the 19th
    b.training(
        ect("leaves_19", school_end=day(19)), started_on=day(1), finished_on=day(19), school_partnership=alpha_2026
    )
    # withdrawn earlier with a finish date still ahead (rule 1): leaving → left on the 20th
    b.training(
        ect("withdrawn_ends_20"),
        started_on=day(1),
        finished_on=day(20),
        school_partnership=alpha_2026,
        withdrawn_at=aware(day(10)),
        withdrawal_reason="other",
    )
    # deferred, finish date ahead: leaving → left on the 21st
    b.training(
        ect("deferred_ends_21"),
        started_on=day(1),
        finished_on=day(21),
        school_partnership=alpha_2026,
        deferred_at=aware(day(10)),
        deferral_reason="career_break",
    )
    # passed induction before the period ends (rule 2): active throughout, no flip on the 19th
    passed = ect("passed_ends_19")
    b.training(passed, started_on=day(1), finished_on=day(19), school_partnership=alpha_2026)
    create_induction_period(
        teacher=teachers["passed_ends_19"],
        appropriate_body=world.north_hub,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 7, 20),
        outcome="pass",
    )
    # ... but a completed ECT who is withdrawn still goes leaving → left (rule 1 comes first)
    withdrawn_completed = ect("passed_withdrawn_ends_22")
    b.training(
        withdrawn_completed,
        started_on=day(1),
        finished_on=day(22),
        school_partnership=alpha_2026,
        withdrawn_at=aware(day(12)),
        withdrawal_reason="other",
    )
    create_induction_period(
        teacher=teachers["passed_withdrawn_ends_22"],
        appropriate_body=world.north_hub,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2026, 7, 20),
        outcome="pass",
    )
    # TRS completion date only (rule 2 through the teacher record): joins the 18th but is already `active`
    b.training(ect("trs_completed_joins_18", school_start=day(18)), started_on=day(18), school_partnership=alpha_2026)
    Teacher.objects.filter(pk=teachers["trs_completed_joins_18"].pk).update(
        trs_induction_completed_date=dt.date(2026, 7, 1)
    )
    # mentor whose completion date is before the finish (rule 3): no flip on the 20th
    b.training(
        mentor("mentor_completed_ends_20", mentor_became_ineligible_for_funding_on=dt.date(2026, 9, 2), **COMPLETED),
        started_on=day(1),
        finished_on=day(20),
        school_partnership=alpha_2026,
    )
    # mentor whose completion date comes after the finish: rule 3 does not apply, leaving → left on the 20th
    b.training(
        mentor(
            "mentor_completed_later_ends_20", mentor_became_ineligible_for_funding_on=dt.date(2026, 9, 25), **COMPLETED
        ),
        started_on=day(1),
        finished_on=day(20),
        school_partnership=alpha_2026,
    )
    # a mentor joining on the 17th
    b.training(mentor("mentor_joins_17", school_start=day(17)), started_on=day(17), school_partnership=alpha_2026)
    # with Alpha to the 17th, then Beta from the 18th: Alpha's view flips on the 17th, Beta's on the 18th
    moving = ect("alpha_to_17_beta_from_18")
    b.training(moving, started_on=day(1), finished_on=day(17), school_partnership=alpha_2026)
    b.training(moving, started_on=day(18), school_partnership=beta_2026)
    # with Alpha to the 19th, then Alpha again from the 20th: only the latest period counts, so the end on the
    # 19th is not a flip (the latest is `joining` on both days) and the 20th is
    changed = ect("alpha_to_19_alpha_from_20")
    b.training(changed, started_on=day(1), finished_on=day(19), school_partnership=alpha_2026)
    b.training(changed, started_on=day(20), school_partnership=alpha_2026, schedule_identifier="ecf-extended-september")
    # starts in the future with an end date: `leaving` from the start (rule 4), `left` on the 23rd
    b.training(
        ect("future_with_end_23", school_start=day(16)),
        started_on=day(16),
        finished_on=day(23),
        school_partnership=alpha_2026,
    )
    # only an expression of interest (no lead provider sees it), and school-led training: never
    b.training(
        ect("eoi_joins_18", school_start=day(18)),
        started_on=day(18),
        expression_of_interest=b.active_lead_provider(world.beta, 2026),
    )
    b.training(
        ect("school_led_joins_18", school_start=day(18)),
        started_on=day(18),
        training_programme=TrainingProgramme.SCHOOL_LED,
    )
    # already active and ongoing: never
    b.training(ect("ongoing"), started_on=day(1), school_partnership=alpha_2026)
    return teachers


FLIPS = {
    day(16): set(),
    day(17): {"mentor_joins_17", "alpha_to_17_beta_from_18"},
    day(18): {"joins_18", "alpha_to_17_beta_from_18"},
    day(19): {"leaves_19"},
    day(20): {"withdrawn_ends_20", "mentor_completed_later_ends_20", "alpha_to_19_alpha_from_20"},
    day(21): {"deferred_ends_21"},
    day(22): {"passed_withdrawn_ends_22"},
    day(23): {"future_with_end_23"},
    day(24): set(),
}


@pytest.mark.parametrize("on", sorted(FLIPS), ids=lambda d: d.isoformat())
def test_exactly_the_participants_whose_status_flips_that_day(scenarios, on):
    """The selector agrees with §11.2.4 evaluated on the day and the day before, and with the cases' names."""
    found = set(teachers_whose_participant_status_changes_on(on))
    assert found == expected_flips(on)
    assert found == {scenarios[name].pk for name in FLIPS[on]}


def test_one_query_whatever_the_number_of_participants(scenarios, django_assert_num_queries):
    with django_assert_num_queries(1):
        teachers_whose_participant_status_changes_on(day(18))
