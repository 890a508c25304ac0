"""The GIAS mirror and the school lifecycle it drives (domain.md §5.3, §6.7, §7.6; BR-S-01, 02, 18 … 20, 22).

GIAS says which establishments exist, what type they are and whether they are open. We copy the ones the
service can use, decide their funding eligibility, and open or close the matching School records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from core import clock
from core.errors import ErrorCollector
from core.services import service
from events.authors import Author
from events.models import Event
from events.record import schools as school_events
from events.recorder import describe_changes
from events.types import EventType
from providers.models import SchoolPartnership
from schools import messages
from schools.models import GIASSchool, GIASSchoolLink, GIASSchoolStatus, School
from schools.services.api_metadata import refresh_school_api_metadata, touch_school_api_metadata
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod

RECENT_CLOSURE_CUT_OFF = dt.date(2020, 1, 1)


# School types (§5.3.3) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GIASTypeFacts:
    name: str
    funding_eligible: bool
    independent: bool
    in_england: bool

    @property
    def state_funded(self) -> bool:
        """All types except the two independent ones; drives which appropriate bodies a school may choose."""
        return not self.independent


_TYPES = [
    # name, funding-eligible type, independent, in England
    ("Academy 16 to 19 sponsor led", True, False, True),
    ("Academy 16-19 converter", True, False, True),
    ("Academy alternative provision converter", True, False, True),
    ("Academy alternative provision sponsor led", True, False, True),
    ("Academy converter", True, False, True),
    ("Academy secure 16 to 19", True, False, True),
    ("Academy special converter", True, False, True),
    ("Academy special sponsor led", True, False, True),
    ("Academy sponsor led", True, False, True),
    ("British schools overseas", False, False, False),
    ("City technology college", True, False, True),
    ("Children's centre", True, False, True),
    ("Children's centre linked site", True, False, True),
    ("Community school", True, False, True),
    ("Community special school", True, False, True),
    ("Foundation school", True, False, True),
    ("Foundation special school", True, False, True),
    ("Free schools 16 to 19", True, False, True),
    ("Free schools alternative provision", True, False, True),
    ("Free schools special", True, False, True),
    ("Free schools", True, False, True),
    ("Further education", True, False, True),
    ("Higher education institutions", False, False, True),
    ("Institution funded by other government department", False, False, True),
    ("Local authority nursery school", True, False, True),
    ("Miscellaneous", False, False, True),
    ("Non-maintained special school", True, False, True),
    ("Offshore schools", False, False, False),
    ("Online provider", False, False, True),
    ("Other independent school", False, True, True),
    ("Other independent special school", False, True, True),
    ("Pupil referral unit", True, False, True),
    ("Secure units", True, False, True),
    ("Service children's education", False, False, False),
    ("Sixth form centres", True, False, True),
    ("Special post 16 institution", True, False, True),
    ("Studio schools", True, False, True),
    ("University technical college", True, False, True),
    ("Voluntary aided school", True, False, True),
    ("Voluntary controlled school", True, False, True),
    ("Welsh establishment", False, False, False),
]
GIAS_TYPES: dict[str, GIASTypeFacts] = {name: GIASTypeFacts(name, *facts) for name, *facts in _TYPES}
CHILDRENS_CENTRE_TYPES = ("Children's centre", "Children's centre linked site")
CIP_ONLY_TYPES = (
    "Other independent special school",
    "Other independent school",
    "Welsh establishment",
    "British schools overseas",
)


def gias_type_facts(type_name: str | None) -> GIASTypeFacts | None:
    """The §5.3.3 row for an exact GIAS `type_name`; None for anything GIAS types do not include."""
    return GIAS_TYPES.get(type_name or "")


# Link types (§5.3.2) ---------------------------------------------------------------------------------

SUCCESSOR_LINK_TYPES = ("Successor - amalgamated", "Successor - merged", "Successor - Split School", "Successor")
PREDECESSOR_LINK_TYPES = (
    "Predecessor - amalgamated",
    "Predecessor - merged",
    "Predecessor - Split School",
    "Predecessor",
)
MERGE_LINK_TYPES = (
    "Merged - change in age range",
    "Merged - expansion in school capacity and changer in age range",
    "Merged - expansion of school capacity",
)
OTHER_LINK_TYPES = (
    "Children's Centre Link",
    "Closure",
    "Expansion",
    "Other",
    "Result of Amalgamation",
    "Sixth Form Centre Link",
    "Sixth Form Centre School",
)
LINK_TYPES = frozenset((*SUCCESSOR_LINK_TYPES, *PREDECESSOR_LINK_TYPES, *MERGE_LINK_TYPES, *OTHER_LINK_TYPES))


# Import and eligibility rules (BR-S-01, BR-S-02) -----------------------------------------------------

_STATUS_FROM_GIAS = {
    "open": GIASSchoolStatus.OPEN,
    "closed": GIASSchoolStatus.CLOSED,
    "open, but proposed to close": GIASSchoolStatus.PROPOSED_TO_CLOSE,
    "open but proposed to close": GIASSchoolStatus.PROPOSED_TO_CLOSE,
    "proposed to close": GIASSchoolStatus.PROPOSED_TO_CLOSE,
    "proposed to open": GIASSchoolStatus.PROPOSED_TO_OPEN,
}


def gias_status(raw: str | None) -> str:
    """GIAS "EstablishmentStatus" (e.g. `Open, but proposed to close`) or one of our values → our value."""
    value = (raw or "").strip()
    if value in GIASSchoolStatus.values:
        return value
    status = _STATUS_FROM_GIAS.get(value.lower())
    if status is None:
        raise ValueError(f"Unknown GIAS establishment status {raw!r}")
    return status


def is_open_status(status: str) -> bool:
    """`open?` = open or proposed to close; everything else (including proposed to open) counts as closed."""
    return status in (GIASSchoolStatus.OPEN, GIASSchoolStatus.PROPOSED_TO_CLOSE)


def should_import_establishment(*, type_name: str | None, status: str, closed_on: dt.date | None) -> bool:
    """BR-S-01: open (or closed on/after 2020-01-01), in England, and of a funding-eligible or independent type."""
    facts = gias_type_facts(type_name)
    if facts is None or not facts.in_england or not (facts.funding_eligible or facts.independent):
        return False
    return is_open_status(status) or (closed_on is not None and closed_on >= RECENT_CLOSURE_CUT_OFF)


def gias_eligible(*, type_name: str | None, status: str, section_41_approved: bool) -> bool:
    """BR-S-02: open AND in England AND (eligible type OR (independent type AND section 41 approved))."""
    facts = gias_type_facts(type_name)
    if facts is None or not is_open_status(status) or not facts.in_england:
        return False
    return facts.funding_eligible or (facts.independent and section_41_approved)


# Field rules (BR-S-18, BR-S-19) ----------------------------------------------------------------------


def _integer_error(value: Any) -> str | None:
    if isinstance(value, bool):
        return messages.IS_NOT_A_NUMBER
    if isinstance(value, int):
        return None
    text = str(value).strip()
    try:
        int(text)
        return None
    except ValueError:
        pass
    try:
        float(text)
    except ValueError:
        return messages.IS_NOT_A_NUMBER
    return messages.MUST_BE_AN_INTEGER


def validate_gias_school(gias_school: GIASSchool) -> None:
    """BR-S-18: name present, a known type, integer URN / LA code / establishment number / UKPRN, unique
    URN and UKPRN."""
    errors = ErrorCollector()
    for field, required in (
        ("urn", True),
        ("local_authority_code", True),
        ("establishment_number", False),
        ("ukprn", False),
    ):
        value = getattr(gias_school, field)
        if value in (None, ""):
            if required:
                errors.add(field, messages.IS_NOT_A_NUMBER)
            continue
        if problem := _integer_error(value):
            errors.add(field, problem)
    if not (gias_school.name or "").strip():
        errors.add("name", messages.CANT_BE_BLANK)
    if gias_type_facts(gias_school.type_name) is None:
        errors.add("type_name", messages.INVALID_SCHOOL_TYPE)
    if gias_school.status not in GIASSchoolStatus.values:
        errors.add("status", messages.IS_NOT_INCLUDED_IN_THE_LIST)
    if not errors.has("urn") and gias_school._state.adding:
        if GIASSchool.objects.filter(urn=int(gias_school.urn)).exists():
            errors.add("urn", messages.HAS_ALREADY_BEEN_TAKEN)
    if gias_school.ukprn not in (None, "") and not errors.has("ukprn"):
        others = GIASSchool.objects.filter(ukprn=int(gias_school.ukprn))
        if not gias_school._state.adding:
            others = others.exclude(urn=gias_school.urn)
        if others.exists():
            errors.add("ukprn", messages.HAS_ALREADY_BEEN_TAKEN)
    errors.raise_if_any()


def validate_gias_link(link: GIASSchoolLink) -> None:
    """BR-S-19: a known link type, and one link per (urn, link_urn)."""
    errors = ErrorCollector()
    if link.link_type not in LINK_TYPES:
        errors.add("link_type", messages.IS_NOT_INCLUDED_IN_THE_LIST)
    if link.link_urn in (None, ""):
        errors.add("link_urn", messages.CANT_BE_BLANK)
    elif problem := _integer_error(link.link_urn):
        errors.add("link_urn", problem)
    else:
        duplicates = GIASSchoolLink.objects.filter(gias_school_id=link.gias_school_id, link_urn=int(link.link_urn))
        if link.pk:
            duplicates = duplicates.exclude(pk=link.pk)
        if duplicates.exists():
            errors.add("link_urn", messages.HAS_ALREADY_BEEN_TAKEN)
    errors.raise_if_any()


# Daily import (§7.6, BR-S-22) ------------------------------------------------------------------------

GIAS_FIELDS = (
    "name",
    "type_name",
    "status",
    "section_41_approved",
    "local_authority_code",
    "local_authority_name",
    "establishment_number",
    "ukprn",
    "phase_name",
    "opened_on",
    "closed_on",
    "address_line1",
    "address_line2",
    "address_line3",
    "postcode",
    "administrative_district_name",
    "primary_contact_email",
    "secondary_contact_email",
    "website",
)
CONTACT_EMAIL_FIELDS = ("primary_contact_email", "secondary_contact_email")


def _attributes_from(record_: Mapping[str, Any]) -> dict[str, Any]:
    """One GIAS row (already keyed by our field names) → GIASSchool attributes, with derived values."""
    values = {field: record_.get(field) for field in GIAS_FIELDS if field in record_}
    for field, value in list(values.items()):
        if isinstance(value, str) and field not in ("name", "type_name"):
            values[field] = value.strip() or None
    values["status"] = gias_status(record_.get("status") or GIASSchoolStatus.OPEN)
    s41 = record_.get("section_41_approved")
    values["section_41_approved"] = s41 is True or (isinstance(s41, str) and s41.strip().lower() == "approved")
    facts = gias_type_facts(values.get("type_name"))
    values["in_england"] = bool(facts and facts.in_england)
    values["eligible"] = gias_eligible(
        type_name=values.get("type_name"),
        status=values["status"],
        section_41_approved=values["section_41_approved"],
    )
    for field in ("local_authority_code", "establishment_number", "ukprn"):
        if values.get(field) is not None and _integer_error(values[field]) is None:
            values[field] = int(values[field])
    return values


def import_gias_school(*, author: Author, record: Mapping[str, Any]) -> GIASSchool | None:
    """Create or refresh one GIAS::School from the daily GIAS file (BR-S-01, BR-S-02, BR-S-18).

    The mirror is a copy of GIAS, not a change anybody made, so only what the spec audits is recorded:
    an `eligible` flip (BR-S-22, `school_eligibility_changed`). New rows outside BR-S-01 are skipped
    (None). Contact email changes touch the school's partnerships for the API (§3.3)."""
    urn = record.get("urn")
    values = _attributes_from(record)
    with transaction.atomic():
        existing = (
            GIASSchool.objects.select_for_update().filter(urn=int(urn)).first() if _integer_error(urn) is None else None
        )
        if existing is None:
            if not should_import_establishment(
                type_name=values.get("type_name"), status=values["status"], closed_on=values.get("closed_on")
            ):
                return None
            gias_school = GIASSchool(urn=urn, **values)
            validate_gias_school(gias_school)
            gias_school.urn = int(urn)
            gias_school.save()
            return gias_school

        changes = {}
        for field, value in values.items():
            if getattr(existing, field) != value:
                changes[field] = (getattr(existing, field), value)
                setattr(existing, field, value)
        if not changes:
            return existing
        validate_gias_school(existing)
        existing.save(update_fields=[*changes, "updated_at"])
        school = School.objects.filter(gias_school=existing).first()
        if school is not None and changes.keys() & set(CONTACT_EMAIL_FIELDS):
            SchoolPartnership.objects.filter(school=school).update(api_updated_at=clock.now())
        if school is not None and changes.keys() & {"name", *CONTACT_EMAIL_FIELDS}:
            touch_school_api_metadata(school_ids=[school.pk])  # every cohort's school record shows them (§13.3)
        if "eligible" in changes:
            school_events.school_eligibility_changed(
                author=author,
                gias_school=existing,
                school=school,
                eligible=existing.eligible,
                modifications=describe_changes({"eligible": changes["eligible"]}),
            )
        return existing


def import_gias_link(*, urn: int, link_urn: int, link_type: str, link_date: dt.date | None = None) -> GIASSchoolLink:
    """Create or update one GIAS link (BR-S-19); like the schools, a copy of GIAS with no event."""
    with transaction.atomic():
        link = GIASSchoolLink.objects.filter(gias_school_id=urn, link_urn=link_urn).first()
        if link is None:
            link = GIASSchoolLink(gias_school_id=urn, link_urn=link_urn, link_type=link_type, link_date=link_date)
            validate_gias_link(link)
            link.save()
        elif (link.link_type, link.link_date) != (link_type, link_date):
            link.link_type, link.link_date = link_type, link_date
            validate_gias_link(link)
            link.save(update_fields=["link_type", "link_date", "updated_at"])
        return link


# Opening and closing (§7.6, BR-S-20) -----------------------------------------------------------------


def successor_links(gias_school: GIASSchool):
    return GIASSchoolLink.objects.filter(gias_school=gias_school, link_type__in=SUCCESSOR_LINK_TYPES)


def predecessor_links(gias_school: GIASSchool):
    return GIASSchoolLink.objects.filter(gias_school=gias_school, link_type__in=PREDECESSOR_LINK_TYPES)


def listed_by_others_as(gias_school: GIASSchool, link_types: tuple[str, ...]):
    """Links from other schools naming this one (e.g. someone whose predecessor this school is)."""
    return GIASSchoolLink.objects.filter(link_urn=gias_school.urn, link_type__in=link_types)


def can_be_opened(gias_school: GIASSchool) -> bool:
    """§7.6 Open: status exactly open, no School yet, no predecessors or successors, and nobody lists it as
    their successor or predecessor (those are replacements and merges, handled separately)."""
    return (
        gias_school.status == GIASSchoolStatus.OPEN
        and not School.objects.filter(gias_school=gias_school).exists()
        and not predecessor_links(gias_school).exists()
        and not successor_links(gias_school).exists()
        and not listed_by_others_as(gias_school, (*SUCCESSOR_LINK_TYPES, *PREDECESSOR_LINK_TYPES)).exists()
    )


def can_be_closed(school: School, *, on: dt.date | None = None) -> bool:
    """BR-S-20: GIAS says closed, `closed_on` ≤ today, no close event yet, no successors, nobody's predecessor."""
    gias_school = school.gias_school
    today = on or clock.today()
    return (
        gias_school.status == GIASSchoolStatus.CLOSED
        and gias_school.closed_on is not None
        and gias_school.closed_on <= today
        and not Event.objects.filter(school=school, event_type=EventType.SCHOOL_CLOSED).exists()
        and not successor_links(gias_school).exists()
        and not listed_by_others_as(gias_school, PREDECESSOR_LINK_TYPES).exists()
    )


@service
def open_school(*, author: Author, gias_school: GIASSchool) -> School | None:
    """§7.6 Open: create the School for a newly opened establishment; event `school_opened`, dated the GIAS
    opening date (else today). Returns None when the establishment is not one to open."""
    if not can_be_opened(gias_school):
        return None
    school = School.objects.create(gias_school=gias_school)
    refresh_school_api_metadata(school_ids=[school.pk])
    school_events.school_opened(
        author=author, school=school, happened_at=clock.start_of_day(gias_school.opened_on or clock.today())
    )
    return school


@service
def close_school(*, author: Author, school: School) -> School | None:
    """§7.6 Close (BR-S-20): registrations that would start after the closing date are deleted, and the
    ECTs and mentors there on that day leave on it, reported by the school itself. Event `school_closed`,
    dated `closed_on`. Returns None when the school is not one to close."""
    from teachers.services.leaving import (
        delete_unstarted_registration,
        finish_ect_at_school_period,
        finish_mentor_at_school_period,
    )
    from teachers.services.mentoring import delete_mentorship_period

    if not can_be_closed(school):
        return None
    closed_on = school.gias_school.closed_on

    unstarted_mentorships = MentorshipPeriod.objects.filter(started_on__gt=closed_on).filter(
        Q(ect_at_school_period__school=school) | Q(mentor_at_school_period__school=school)
    )
    for mentorship in unstarted_mentorships.distinct():
        delete_mentorship_period(mentorship)
    for model in (MentorAtSchoolPeriod, ECTAtSchoolPeriod):
        for period in model.objects.filter(school=school, started_on__gt=closed_on).select_related("teacher"):
            delete_unstarted_registration(author=author, period=period, on=closed_on)

    for period in ECTAtSchoolPeriod.objects.filter(school=school).containing(closed_on).select_related("teacher"):
        finish_ect_at_school_period(author=author, period=period, finished_on=closed_on, reported_by_school=school)
    for period in MentorAtSchoolPeriod.objects.filter(school=school).containing(closed_on).select_related("teacher"):
        finish_mentor_at_school_period(author=author, period=period, finished_on=closed_on, reported_by_school=school)

    school_events.school_closed(author=author, school=school, happened_at=clock.start_of_day(closed_on))
    return school
