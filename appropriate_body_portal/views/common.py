"""What the appropriate body views share: who is acting, the notice shown on the teacher page, and finding a
teacher this body may act on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from appropriate_body_portal import messages as texts
from appropriate_body_portal import selectors
from core import clock
from events.authors import Author
from sign_in import session
from teachers.models import InductionPeriod, Teacher

NOTICE_KEY = "appropriate_body_notice"


def author_of(request: HttpRequest) -> Author:
    return session.current_user(request).author()


def set_notice(request: HttpRequest, text: str) -> None:
    """An "Important" banner for the next teacher page (not a success message, so not a flash)."""
    request.session[NOTICE_KEY] = text


def pop_notice(request: HttpRequest) -> str | None:
    return request.session.pop(NOTICE_KEY, None)


def last_year() -> int:
    """Date hints give an example in the previous year ("20 4 {last year}")."""
    return clock.today().year - 1


def teacher_url(teacher: Teacher) -> str:
    return f"/appropriate-body/teachers/{teacher.pk}"


def visible_teacher(request: HttpRequest, teacher_id: int) -> Teacher:
    """A teacher current or completed at this body; anyone else is a 404 (journeys.md §5.3)."""
    return get_object_or_404(selectors.visible_teachers(request.acting_appropriate_body), pk=teacher_id)


def teacher_with_open_induction(request: HttpRequest, teacher_id: int) -> tuple[Teacher, InductionPeriod | None]:
    teacher = visible_teacher(request, teacher_id)
    return teacher, selectors.ongoing_period_here(teacher, request.acting_appropriate_body)


def no_open_induction(request: HttpRequest, teacher: Teacher) -> HttpResponse:
    """§5.6: without an open induction here, back to the teacher page with a notice."""
    set_notice(request, texts.NO_ACTIVE_INDUCTION.format(name=teacher.full_name))
    return redirect(teacher_url(teacher))


def bulk_links(body) -> dict[str, str | None]:
    """Where "Claim multiple ECTs" and "Record outcomes for multiple ECTs" go (§5.1): the upload history when this
    body has uploaded that type before, else the upload form; no link until the bulk pages exist."""
    from appropriate_bodies.models import BatchType, PendingInductionSubmissionBatch
    from appropriate_body_portal.views import bulk_uploads

    routes = {str(pattern.pattern) for pattern in bulk_uploads.urlpatterns}
    links: dict[str, str | None] = {}
    for key, batch_type in (("claims", BatchType.CLAIM), ("actions", BatchType.ACTION)):
        history, new = f"appropriate-body/bulk/{key}", f"appropriate-body/bulk/{key}/new"
        uploaded = PendingInductionSubmissionBatch.objects.filter(
            appropriate_body_period=body, batch_type=batch_type
        ).exists()
        if uploaded and history in routes:
            links[key] = f"/{history}"
        elif new in routes:
            links[key] = f"/{new}"
        else:
            links[key] = f"/{history}" if history in routes else None
    return links
