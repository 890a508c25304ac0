"""Fill schools with people: mentors first (so ECTs can be given one), then mentors who also work at a second
school, then ECTs, each following a scenario from `demo_data.scenarios`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from demo_data import scenarios
from demo_data.schools import SchoolInfo
from demo_data.world import SYSTEM, World
from events.types import EventType
from providers.models import SchoolPartnership


@dataclass
class SchoolPlan:
    school: SchoolInfo
    mentors: list[str] = field(default_factory=list)
    ects: list[str] = field(default_factory=list)


def school_year_of(day: dt.date) -> int:
    """The school year (September to August) containing the day, by its first year, kept to the years the
    contract periods cover (2021–2027) with room for two earlier cohorts."""
    year = day.year if day.month >= 9 else day.year - 1
    return min(max(year, 2023), 2026)


def preload_partnerships(w: World, schools: list[SchoolInfo]) -> None:
    """Partnerships already in the database for these schools, so they are reused rather than duplicated."""
    by_id = {s.id: s for s in schools}
    existing = SchoolPartnership.objects.filter(school_id__in=by_id).values_list(
        "pk",
        "school_id",
        "lead_provider_delivery_partnership__active_lead_provider__lead_provider_id",
        "lead_provider_delivery_partnership__active_lead_provider__contract_period_id",
        "lead_provider_delivery_partnership__delivery_partner_id",
    )
    for pk, school_id, provider_id, year, partner_id in existing:
        w.partnerships.setdefault((school_id, provider_id, year), (pk, partner_id))


def _other_school(plans: list[SchoolPlan], index: int, *, provider_led: bool) -> SchoolInfo | None:
    """The next open school after this one (one that can train with a provider, if asked)."""
    for step in range(1, len(plans)):
        candidate = plans[(index + step) % len(plans)].school
        if candidate.closed_on is None and (candidate.can_be_provider_led or not provider_led):
            return candidate
    return None


def populate(w: World, plans: list[SchoolPlan], *, mentors_at_two_schools: int) -> None:
    for plan in plans:
        for name in plan.mentors:
            scenarios.MENTOR_SCENARIOS[name](w, plan.school)

    open_plans = [p for p in plans if p.school.closed_on is None]
    for k in range(min(mentors_at_two_schools, len(open_plans) // 2)):
        first, second = open_plans[2 * k].school, open_plans[2 * k + 1].school
        ongoing = [m for m in w.mentors_at[first.id] if m["finished_on"] is None and m["_school"].id == first.id]
        if ongoing:
            scenarios.mentor_at_second_school(w, ongoing[0], second)

    for index, plan in enumerate(plans):
        school = plan.school
        for name in plan.ects:
            if school.closed_on is not None:
                name = "moved_school"
            scenario = scenarios.ECT_SCENARIOS[name]
            keyword = scenarios.NEEDS_OTHER_SCHOOL.get(name)
            if keyword is None:
                scenario(w, school)
                continue
            other = _other_school(plans, index, provider_led=name == "reassigned")
            if other is None:
                scenarios.second_year(w, school)
            else:
                scenario(w, school, **{keyword: other})
        if school.closed_on is not None and school.closed_on < w.today:
            w.event(EventType.SCHOOL_CLOSED, f"{school.name} closed", by=SYSTEM, on=school.closed_on, school=school.id)
