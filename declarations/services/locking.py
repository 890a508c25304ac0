"""The critical section for a teacher's declarations (lead-provider-api.md §12.10).

Every service that creates a declaration or takes one out of the billable-or-changeable set locks the teacher's row
first, in that order, so concurrent creates meet one at a time (the later one sees what the earlier committed) and a
create and a void of the same teacher's declarations cannot deadlock on the unique index."""

from __future__ import annotations

from teachers.models import Teacher


def lock_participant(teacher_id: int) -> None:
    """`SELECT ... FOR UPDATE` on the teacher; held until the surrounding transaction ends."""
    list(Teacher.objects.select_for_update().filter(pk=teacher_id).values_list("pk", flat=True))
