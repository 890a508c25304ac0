"""`python -m bench --search`: the console's searches (journeys.md §6.1, §6.6; admin_console.selectors.search)
against whatever data the database holds, each as a multiple of a floor measured in the same run: one indexed
lookup of a teacher by primary key. The target is every search answering in under 200 ms on the 200,000-teacher
seed (`manage.py seed_scale --teachers 200000`). Filters with no search words (every mentor, every teacher in a
contract year) are listed separately and held to the same target: their count stops at 1,001, and they read the
role and contract period facts stored on the teacher (`teachers.services.search_facts`) through indexes in the
list's newest-first order. The seed is the case that used to be slow: every mentor is older than every ECT, and a
past contract year's teachers are older than the current one's, so those matches are not among the newest rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.timing import Measurement, measure

TARGET_SECONDS = 0.200


@dataclass
class SearchSubjects:
    teacher_pk: int
    trn: str
    api_id: str
    training_record_id: str
    full_name: str
    last_name: str
    school_urn: int
    school_word: str
    school_name: str


def pick_subjects() -> SearchSubjects | None:
    from schools.models import School
    from teachers.models import Teacher

    count = Teacher.objects.count()
    if not count:
        return None
    teacher = Teacher.objects.exclude(trn=None).order_by("pk")[count // 2 : count // 2 + 1].get()
    school = School.objects.select_related("gias_school").order_by("pk").first()
    words = [w for w in school.name.split() if len(w) > 3]
    return SearchSubjects(
        teacher_pk=teacher.pk,
        trn=teacher.trn,
        api_id=str(teacher.api_id),
        training_record_id=str(teacher.api_ect_training_record_id),
        full_name=teacher.full_name,
        last_name=teacher.trs_last_name or teacher.full_name,
        school_urn=school.urn,
        school_word=(words or [school.name])[0],
        school_name=school.name,
    )


def floor(subjects: SearchSubjects, *, repeat: int) -> Measurement:
    from teachers.models import Teacher

    def lookup() -> int:
        return len(list(Teacher.objects.filter(pk=subjects.teacher_pk).values_list("pk", flat=True)))

    return measure("floor: one teacher by primary key", lookup, repeat=max(repeat, 50), warmup=10)


def _teachers(query: str = "", **filters: str) -> Callable[[], int]:
    from admin_console.selectors.search import search_teachers

    def run() -> int:
        _, rows = search_teachers(query, **filters)
        return len(rows)

    return run


def _schools(query: str) -> Callable[[], int]:
    from admin_console.selectors.search import search_schools

    def run() -> int:
        return len(search_schools(query).object_list)

    return run


def run(*, repeat: int = 20) -> tuple[Measurement, list[Measurement], list[Measurement]]:
    """(floor, searches held to the target, broad filter-only lists)."""
    subjects = pick_subjects()
    if subjects is None:
        raise SystemExit("No teachers to search: run `manage.py seed_demo` or `manage.py seed_scale` first.")
    base = floor(subjects, repeat=repeat)
    first_name = subjects.full_name.split()[0]
    searches = [
        measure(f"teacher by TRN {subjects.trn}", _teachers(subjects.trn), repeat=repeat),
        measure("teacher by API participant id", _teachers(subjects.api_id), repeat=repeat),
        measure("teacher by training record id", _teachers(subjects.training_record_id), repeat=repeat),
        measure(f"teachers named '{subjects.full_name}'", _teachers(subjects.full_name), repeat=repeat),
        measure(f"teachers by surname '{subjects.last_name}'", _teachers(subjects.last_name), repeat=repeat),
        measure(f"teachers by prefix '{first_name[:3]}'", _teachers(first_name[:3]), repeat=repeat),
        measure(
            f"'{subjects.last_name}' + Mentor + 2025",
            _teachers(subjects.last_name, role="mentor", contract_period="2025"),
            repeat=repeat,
        ),
        measure("every teacher, newest first (page 1)", _teachers(), repeat=repeat),
        measure(f"school by URN {subjects.school_urn}", _schools(str(subjects.school_urn)), repeat=repeat),
        measure(f"schools by word '{subjects.school_word}'", _schools(subjects.school_word), repeat=repeat),
        measure(f"school by name '{subjects.school_name}'", _schools(subjects.school_name), repeat=repeat),
        measure("every school, by name (page 1)", _schools(""), repeat=repeat),
    ]
    broad = [
        measure("filter only: Early career teacher", _teachers(role="ect"), repeat=max(3, repeat // 4)),
        measure("filter only: Mentor", _teachers(role="mentor"), repeat=max(3, repeat // 4)),
        measure("filter only: contract period 2025", _teachers(contract_period="2025"), repeat=max(3, repeat // 4)),
        measure("filter only: contract period Not available", _teachers(contract_period="not_available"), repeat=3),
    ]
    return base, searches, broad


def report(base: Measurement, searches: list[Measurement], broad: list[Measurement], *, teachers: int) -> str:
    lines = [
        f"{teachers} teachers; floor ({base.name}): {base.median_seconds * 1000:.3f} ms median",
        f"{'search':<60} {'median ms':>10} {'x floor':>9} {'queries':>8} {'rows':>5}  target 200 ms",
    ]
    for title, results in (("", searches), ("broad lists (no search words):", broad)):
        if title:
            lines.append(title)
        for r in results:
            verdict = "ok" if r.median_seconds < TARGET_SECONDS else "OVER"
            lines.append(
                f"{r.name[:60]:<60} {r.median_seconds * 1000:>10.2f} {r.ratio(base):>9.1f} {r.queries:>8} {r.rows:>5}"
                f"  {verdict}"
            )
    return "\n".join(lines)
