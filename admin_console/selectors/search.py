"""Finding anyone from the console (journeys.md §6.1, §6.6, §6.7): teachers by name, TRN or API id, schools by
name or URN, organisations by name.

Each query picks the one index that answers it: a TRN or URN is an equality on a unique key, an API id an
equality on one of the teacher's unique UUIDs, and words are a PostgreSQL full-text query (`simple`
dictionary, every word a prefix) over the GIN indexes of migration `admin_console.0001`. Words are matched as
prefixes so "jan smi" finds Jane Smith. Results are newest teacher first / schools by name, counted before
the page is cut, so the summary line is exact. The role and contract period filters and labels read facts the
database keeps on the teacher row (`teachers.services.search_facts`), so a filter with no words is one walk of a
partial or composite index in the list's own order, however the matches are spread over the table.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from appropriate_bodies.models import AppropriateBodyPeriod
from providers.models import DeliveryPartner, LeadProvider
from schools.models import GIASSchool, School
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher

PER_PAGE = 20
# Broad lists (every teacher, every mentor) are counted only this far: an exact count of 200,000 rows costs
# more than the whole 200 ms budget, and nobody pages that far; the summary then says "more than 1,000".
COUNT_CAP = 1000

# Keep these identical to the indexed expressions in admin_console/migrations/0001_search_indexes.py.
TEACHER_NAME_VECTOR = (
    "to_tsvector('simple'::regconfig, coalesce(corrected_name, '') || ' ' || coalesce(trs_first_name, '') "
    "|| ' ' || coalesce(trs_last_name, ''))"
)
SCHOOL_NAME_VECTOR = "to_tsvector('simple'::regconfig, name)"

ROLE_ECT = "ect"
ROLE_MENTOR = "mentor"
ROLES = [("", "All"), (ROLE_ECT, "Early career teacher"), (ROLE_MENTOR, "Mentor")]
NOT_AVAILABLE = "not_available"

WORD = re.compile(r"[^\W_]+")
SEVEN_DIGITS = re.compile(r"^\d{7}$")


class CappedPaginator(Paginator):
    """Counts at most `COUNT_CAP` + 1 rows, newest first, so the count reads as few rows as the page does."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def prefix_tsquery(text: str) -> str | None:
    """`jan smi` → `jan:* & smi:*`; only letters and digits survive, so the result is always valid tsquery."""
    words = [w.lower() for w in WORD.findall(text)]
    return " & ".join(f"{w}:*" for w in words) or None


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def _trn(text: str) -> str | None:
    """A 7-digit TRN, also as typed in TRS's old `RP99/12345` form."""
    cleaned = text.strip()
    if SEVEN_DIGITS.match(cleaned):
        return cleaned
    match = re.match(r"^RP(\d{2})/(\d{5})$", cleaned, re.IGNORECASE)
    return f"{match.group(1)}{match.group(2)}" if match else None


def teachers_matching(query: str = "") -> QuerySet[Teacher]:
    """Teachers whose TRN or API id is `query`, or whose name has every word of it as a word prefix."""
    qs = Teacher.objects.all()
    query = (query or "").strip()
    if not query:
        return qs
    if trn := _trn(query):
        return qs.filter(trn=trn)
    if api_id := _as_uuid(query):
        return qs.filter(
            Q(api_id=api_id) | Q(api_ect_training_record_id=api_id) | Q(api_mentor_training_record_id=api_id)
        )
    terms = prefix_tsquery(query)
    if terms is None:
        return qs.none()
    return qs.filter(
        RawSQL(f"{TEACHER_NAME_VECTOR} @@ to_tsquery('simple'::regconfig, %s)", [terms], output_field=BooleanField())
    )


def filter_teachers(qs: QuerySet[Teacher], *, role: str = "", contract_period: str = "") -> QuerySet[Teacher]:
    """§6.1's filters, applied before pagination. "ECT" is any ECT school period or induction period; the contract
    period is that of the latest-started training period, "not available" when it is school-led or there is none."""
    if role == ROLE_ECT:
        qs = qs.filter(is_ect_for_search=True)
    elif role == ROLE_MENTOR:
        qs = qs.filter(is_mentor_for_search=True)
    if contract_period == NOT_AVAILABLE:
        qs = qs.filter(latest_training_contract_period_year__isnull=True)
    elif contract_period.isdigit():
        qs = qs.filter(latest_training_contract_period_year=int(contract_period))
    elif contract_period:
        qs = qs.none()
    return qs


@dataclass
class TeacherRow:
    teacher: Teacher
    role: str
    contract_period: str


def _role_label(teacher: Teacher) -> str:
    roles = []
    if teacher.is_ect_for_search:
        roles.append("ECT")
    if teacher.is_mentor_for_search:
        roles.append("Mentor")
    return " & ".join(roles) or "Not available"


def _contract_period_label(teacher: Teacher) -> str:
    year = teacher.latest_training_contract_period_year
    return "Not available" if year is None else str(year)


def search_teachers(
    query: str = "",
    *,
    role: str = "",
    contract_period: str = "",
    school: School | None = None,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> tuple[Page, list[TeacherRow]]:
    """One page of §6.1's results, newest created first; with `school`, only teachers who were ever there."""
    qs = filter_teachers(teachers_matching(query), role=role, contract_period=contract_period)
    if school is not None:
        qs = qs.filter(
            Exists(ECTAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"), school=school))
            | Exists(MentorAtSchoolPeriod.objects.filter(teacher=OuterRef("pk"), school=school))
        )
    qs = qs.order_by("-created_at", "-pk")
    result = CappedPaginator(qs, per_page).get_page(page)
    rows = [
        TeacherRow(teacher=teacher, role=_role_label(teacher), contract_period=_contract_period_label(teacher))
        for teacher in result.object_list
    ]
    return result, rows


def schools_matching(query: str = "") -> QuerySet[School]:
    """Schools by URN (exact) or by name words (prefixes), in name order."""
    qs = School.objects.select_related("gias_school")
    query = (query or "").strip()
    if query.isdigit():
        qs = qs.filter(gias_school_id=int(query)) if len(query) <= 7 else qs.none()
    elif query:
        terms = prefix_tsquery(query)
        if terms is None:
            return qs.none()
        named = GIASSchool.objects.filter(
            RawSQL(f"{SCHOOL_NAME_VECTOR} @@ to_tsquery('simple'::regconfig, %s)", [terms], output_field=BooleanField())
        )
        qs = qs.filter(gias_school__in=named.values("urn"))
    return qs.order_by("gias_school__name", "gias_school_id")


def search_schools(query: str = "", *, page: Any = 1, per_page: int = PER_PAGE) -> Page:
    return CappedPaginator(schools_matching(query), per_page).get_page(page)


def _named(qs: QuerySet, query: str) -> QuerySet:
    """Organisation lists are short (tens of rows): every word must appear somewhere in the name."""
    for word in WORD.findall(query or ""):
        qs = qs.filter(name__icontains=word)
    return qs.order_by("name")


def appropriate_bodies_matching(query: str = "") -> QuerySet[AppropriateBodyPeriod]:
    return _named(AppropriateBodyPeriod.objects.all(), query)


def lead_providers_matching(query: str = "") -> QuerySet[LeadProvider]:
    return _named(LeadProvider.objects.all(), query)


def delivery_partners_matching(query: str = "") -> QuerySet[DeliveryPartner]:
    return _named(DeliveryPartner.objects.all(), query)


@dataclass
class Everything:
    """One query box for all kinds of record (the console's quick search)."""

    teachers: list[TeacherRow]
    teacher_count: int
    schools: list[School]
    school_count: int
    appropriate_bodies: list[AppropriateBodyPeriod]
    lead_providers: list[LeadProvider]
    delivery_partners: list[DeliveryPartner]


def search_everything(query: str, *, limit: int = 5) -> Everything:
    teacher_page, teacher_rows = search_teachers(query, per_page=limit)
    school_page = search_schools(query, per_page=limit)
    return Everything(
        teachers=teacher_rows,
        teacher_count=teacher_page.paginator.count,
        schools=list(school_page.object_list),
        school_count=school_page.paginator.count,
        appropriate_bodies=list(appropriate_bodies_matching(query)[:limit]),
        lead_providers=list(lead_providers_matching(query)[:limit]),
        delivery_partners=list(delivery_partners_matching(query)[:limit]),
    )
