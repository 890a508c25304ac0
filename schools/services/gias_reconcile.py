"""Reconciling the School records with what GIAS now says (integrations.md §3.6, domain.md §7.6, BR-S-20).

After each import the URNs that changed are offered to four steps, in this order: replace (a school closed and
re-opened under a new URN keeps its record, now under the new URN), merge (a school closed into another one:
its people move there), open (a new establishment gets a School), close (a closed school's people leave on the
closing day). A URN handled by one step is not offered to the next. A failing school is logged and rolled back
on its own; the run goes on. URNs no step could handle are returned for support to look at.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from core import clock
from core.services import service
from events.authors import Author
from events.models import Event
from events.record import school_lifecycle as lifecycle_events
from events.record import schools as school_events
from providers.models import SchoolPartnership
from schools.models import GIASSchool, GIASSchoolStatus, School
from schools.services.api_metadata import refresh_school_api_metadata, touch_school_api_metadata
from schools.services.gias import close_school, open_school, successor_links
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod

logger = logging.getLogger(__name__)

REPLACE_LINK_TYPES = ("Successor",)
MERGE_LINK_TYPES = ("Successor - merged", "Successor - amalgamated")


# Who can be replaced or merged ---------------------------------------------------------------------------


def _closed_by_today(gias_school: GIASSchool, today: dt.date) -> bool:
    return (
        gias_school.status == GIASSchoolStatus.CLOSED
        and gias_school.closed_on is not None
        and gias_school.closed_on <= today
    )


def only_open_successor(gias_school: GIASSchool, link_types: tuple[str, ...]) -> GIASSchool | None:
    """The successor establishment when the school has exactly one successor, that one is linked by one of
    `link_types`, and it is open in GIAS; None otherwise (several successors need a person to decide)."""
    links = list(successor_links(gias_school))
    if len(links) != 1 or links[0].link_type not in link_types:
        return None
    successor = GIASSchool.objects.filter(urn=links[0].link_urn).first()
    if successor is None or not successor.is_open:
        return None
    return successor


def replacement_for(school: School, *, today: dt.date | None = None) -> GIASSchool | None:
    """Replace applies (§3.6): closed by today, one `Successor` that is open and has no School yet."""
    gias_school = school.gias_school
    if not _closed_by_today(gias_school, today or clock.today()):
        return None
    successor = only_open_successor(gias_school, REPLACE_LINK_TYPES)
    if successor is None or School.objects.filter(gias_school=successor).exists():
        return None
    return successor


def merge_target_for(school: School, *, today: dt.date | None = None) -> GIASSchool | None:
    """Merge applies (§3.6): closed by today, one `Successor - merged` / `- amalgamated` successor that is open."""
    if not _closed_by_today(school.gias_school, today or clock.today()):
        return None
    return only_open_successor(school.gias_school, MERGE_LINK_TYPES)


# Shared moves -------------------------------------------------------------------------------------------


def _touch_teachers(teacher_ids: Iterable[int]) -> None:
    """The participants API shows each teacher's school URN, so a move is a change lead providers must see."""
    now = clock.now()
    Teacher.objects.filter(pk__in=set(teacher_ids)).update(api_updated_at=now, api_unfunded_mentor_updated_at=now)


def _move_period(
    *, author: Author, period: ECTAtSchoolPeriod | MentorAtSchoolPeriod, role: str, to: School, from_gias: GIASSchool
) -> None:
    type(period).objects.filter(pk=period.pk).update(school=to)
    period.school = to
    lifecycle_events.at_school_period_moved_school(
        author=author, period=period, role=role, from_urn=from_gias.urn, from_name=from_gias.name, school=to
    )


# Replace ------------------------------------------------------------------------------------------------


@service
def replace_school(*, author: Author, school: School) -> School | None:
    """§3.6 Replace: the School now stands for its successor's URN; every period stays on the same record, so
    nobody's history is split. Events `school_changed` and one `…_moved_school` per ECT and mentor period.
    None when replace does not apply."""
    successor = replacement_for(school)
    if successor is None:
        return None
    old = school.gias_school
    School.objects.filter(pk=school.pk).update(gias_school=successor, api_updated_at=clock.now())
    school.gias_school = successor
    lifecycle_events.school_changed_urn(author=author, school=school, old_urn=old.urn, old_name=old.name)
    teacher_ids = []
    for role, model in (("ect", ECTAtSchoolPeriod), ("mentor", MentorAtSchoolPeriod)):
        for period in model.objects.filter(school=school).select_related("teacher").order_by("started_on", "pk"):
            _move_period(author=author, period=period, role=role, to=school, from_gias=old)
            teacher_ids.append(period.teacher_id)
    _touch_teachers(teacher_ids)
    SchoolPartnership.objects.filter(school=school).update(api_updated_at=clock.now())
    touch_school_api_metadata(school_ids=[school.pk])
    return school


# Merge --------------------------------------------------------------------------------------------------


def _merge_mentor_periods(
    *, author: Author, period: MentorAtSchoolPeriod, into: School, from_gias: GIASSchool
) -> MentorAtSchoolPeriod | None:
    """A mentor at both schools at overlapping times becomes one period at the successor covering both; their
    mentorships and training follow. Returns the merged period, or None when nothing overlapped."""
    overlapping = list(
        MentorAtSchoolPeriod.objects.filter(school=into, teacher_id=period.teacher_id)
        .overlapping(period.started_on, period.finished_on)
        .order_by("started_on", "pk")
    )
    if not overlapping:
        return None
    target, others = overlapping[0], [*overlapping[1:], period]
    started_on = min(p.started_on for p in (target, *others))
    finished_on = (
        None if any(p.finished_on is None for p in (target, *others)) else max(p.finished_on for p in (target, *others))
    )
    other_ids = [p.pk for p in others]
    MentorshipPeriod.objects.filter(mentor_at_school_period_id__in=other_ids).update(mentor_at_school_period=target)
    TrainingPeriod.objects.filter(mentor_at_school_period_id__in=other_ids).update(mentor_at_school_period=target)
    Event.objects.filter(mentor_at_school_period_id__in=other_ids).update(mentor_at_school_period=target)
    MentorAtSchoolPeriod.objects.filter(pk__in=other_ids).delete()
    modifications = []
    if (target.started_on, target.finished_on) != (started_on, finished_on):
        modifications.append(
            f"Dates changed from {target.started_on} – {target.finished_on or 'ongoing'} "
            f"to {started_on} – {finished_on or 'ongoing'}"
        )
        MentorAtSchoolPeriod.objects.filter(pk=target.pk).update(started_on=started_on, finished_on=finished_on)
        target.started_on, target.finished_on = started_on, finished_on
    lifecycle_events.mentor_at_school_periods_merged(
        author=author, period=target, from_name=from_gias.name, school=into, modifications=modifications
    )
    return target


def _move_partnerships(*, predecessor: School, successor: School) -> None:
    """Partnerships follow the school. A pairing the successor already has absorbs the predecessor's training;
    otherwise the partnership itself moves, keeping the id lead providers know it by."""
    now = clock.now()
    for partnership in SchoolPartnership.objects.filter(school=predecessor):
        existing = SchoolPartnership.objects.filter(
            school=successor, lead_provider_delivery_partnership_id=partnership.lead_provider_delivery_partnership_id
        ).first()
        if existing is None:
            SchoolPartnership.objects.filter(pk=partnership.pk).update(school=successor, api_updated_at=now)
            continue
        TrainingPeriod.objects.filter(school_partnership=partnership).update(school_partnership=existing)
        Event.objects.filter(school_partnership=partnership).update(school_partnership=existing)
        SchoolPartnership.objects.filter(pk=existing.pk).update(api_updated_at=now)
        partnership.delete()


@service
def merge_school(*, author: Author, school: School) -> School | None:
    """§3.6 Merge: the predecessor's people and partnerships move to the successor (created if GIAS has it but
    we do not), mentors at both become one period each, and the predecessor School is removed. The teachers'
    own events stay on their timelines, pointing at the successor; the predecessor's school-level events go
    with it. Event `school_merged`. Returns the successor, or None when merge does not apply."""
    successor_gias = merge_target_for(school)
    if successor_gias is None:
        return None
    old = school.gias_school
    successor = School.objects.filter(gias_school=successor_gias).first()
    if successor is None:
        successor = School.objects.create(gias_school=successor_gias)
        school_events.school_opened(
            author=author,
            school=successor,
            happened_at=clock.start_of_day(successor_gias.opened_on or clock.today()),
        )

    teacher_ids = []
    for period in MentorAtSchoolPeriod.objects.filter(school=school).select_related("teacher").order_by("started_on"):
        teacher_ids.append(period.teacher_id)
        if _merge_mentor_periods(author=author, period=period, into=successor, from_gias=old) is None:
            _move_period(author=author, period=period, role="mentor", to=successor, from_gias=old)
    for period in ECTAtSchoolPeriod.objects.filter(school=school).select_related("teacher").order_by("started_on"):
        teacher_ids.append(period.teacher_id)
        _move_period(author=author, period=period, role="ect", to=successor, from_gias=old)
    for model in (ECTAtSchoolPeriod, MentorAtSchoolPeriod):
        model.objects.filter(reported_leaving_by_school=school).update(reported_leaving_by_school=successor)
    _move_partnerships(predecessor=school, successor=successor)

    Event.objects.filter(school=school, teacher__isnull=True).delete()
    Event.objects.filter(school=school).update(school=successor)
    school.delete()

    _touch_teachers(teacher_ids)
    refresh_school_api_metadata(school_ids=[successor.pk])
    lifecycle_events.school_merged(author=author, school=successor, predecessor_urn=old.urn, predecessor_name=old.name)
    return successor


# The run ------------------------------------------------------------------------------------------------


def _replace(author: Author, urn: int) -> bool:
    school = School.objects.select_related("gias_school").filter(gias_school_id=urn).first()
    return school is not None and replace_school(author=author, school=school) is not None


def _merge(author: Author, urn: int) -> bool:
    school = School.objects.select_related("gias_school").filter(gias_school_id=urn).first()
    return school is not None and merge_school(author=author, school=school) is not None


def _open(author: Author, urn: int) -> bool:
    gias_school = GIASSchool.objects.filter(urn=urn).first()
    return gias_school is not None and open_school(author=author, gias_school=gias_school) is not None


def _close(author: Author, urn: int) -> bool:
    school = School.objects.select_related("gias_school").filter(gias_school_id=urn).first()
    return school is not None and close_school(author=author, school=school) is not None


STEPS: tuple[tuple[str, Callable[[Author, int], bool]], ...] = (
    ("replace", _replace),
    ("merge", _merge),
    ("open", _open),
    ("close", _close),
)


def reconcile(urns: Iterable[int], *, author: Author | None = None) -> tuple[dict[str, list[int]], list[int]]:
    """Offer each URN to replace, merge, open and close, in that order (§3.6). Returns which URNs each step
    handled and the URNs nobody could (reported, as the reference does, for support to look at)."""
    author = author or Author.system()
    remaining = list(dict.fromkeys(int(urn) for urn in urns))
    handled: dict[str, list[int]] = {}
    for name, step in STEPS:
        left = []
        for urn in remaining:
            try:
                done = step(author, urn)
            except Exception:  # one school's problem must not stop the others (§3.6)
                logger.exception("GIAS reconciliation failed", extra={"urn": urn, "step": name})
                done = False
            if done:
                handled.setdefault(name, []).append(urn)
            else:
                left.append(urn)
        remaining = left
    for urn in remaining:
        logger.info("Could not reconcile school with URN %s", urn)
    return handled, remaining
