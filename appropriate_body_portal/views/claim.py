"""Journey: claim an ECT (journeys.md §5.4). Find by TRN and date of birth through TRS, check the details and
whether they can be claimed, tell us about the induction, confirmation. The working record between the steps
is `appropriate_bodies.services.claims`'s; the rules are the induction services'."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from appropriate_bodies.models import PendingInductionSubmission
from appropriate_bodies.services.claims import check_claim, claim_from_submission, confirm_claim_details, start_claim
from appropriate_body_portal import messages as texts
from appropriate_body_portal import selectors
from appropriate_body_portal.forms import FindECTForm, InductionStartForm
from appropriate_body_portal.views.common import author_of, last_year, set_notice, teacher_url
from core.errors import DomainError
from integrations.trs.client import TRSClient, TRSUnavailable, get_trs_client
from sign_in.permissions import appropriate_body_user_required
from teachers.models import Teacher
from teachers.selectors.induction import induction_status_tag
from teachers.services.induction import AlreadyClaimedByThisBody
from web.forms import show_domain_errors
from web.rendering import render_page

PREFIX = "/appropriate-body/claim-an-ect"
CHECK_A_TEACHERS_RECORD = "https://check-a-teachers-record.education.gov.uk/"


def trs_client() -> TRSClient:
    """The TRS client the journey looks teachers up with (tests put a seeded fake here)."""
    return get_trs_client()


def _submission(request: HttpRequest, submission_id: int) -> PendingInductionSubmission:
    """Only this body's own single-claim records; anything else is a 404."""
    return get_object_or_404(
        PendingInductionSubmission.objects.select_related("appropriate_body_period"),
        pk=submission_id,
        appropriate_body_period=request.acting_appropriate_body,
        pending_induction_submission_batch__isnull=True,
    )


def _claimed_here(request: HttpRequest, submission: PendingInductionSubmission) -> Teacher | None:
    """The teacher, once this record's claim has been made (§3.3 rule 4: then only the confirmation is shown)."""
    if submission.started_on is None:
        return None
    teacher = Teacher.objects.filter(trn=submission.trn).first()
    if teacher is None or selectors.ongoing_period_here(teacher, request.acting_appropriate_body) is None:
        return None
    return teacher


@appropriate_body_user_required
def find_ect(request: HttpRequest) -> HttpResponse:
    """Step 1. A "Claim" link from the schools data pre-fills the TRN (`?trn=`)."""
    if request.method == "POST":
        form = FindECTForm(request.POST)
        if form.is_valid():
            try:
                submission = start_claim(
                    appropriate_body=request.acting_appropriate_body,
                    trn=form.cleaned_data["trn"],
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    client=trs_client(),
                )
            except AlreadyClaimedByThisBody as notice:
                set_notice(request, notice.message)
                return redirect(teacher_url(notice.teacher))
            except TRSUnavailable:
                form.add_error(None, texts.TRS_UNAVAILABLE)
            except DomainError as error:
                show_domain_errors(form, error)
            else:
                return redirect(f"{PREFIX}/check-ect/{submission.pk}/edit")
    else:
        trn = request.GET.get("trn", "")
        form = FindECTForm(initial={"trn": trn if trn.isdigit() else ""})
    return render_page(request, "appropriate_body_portal/claim/find_ect.html", {"form": form})


@appropriate_body_user_required
def check_ect(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Step 2: what TRS said, and "Claim induction" unless something blocks the claim. Submitting after another
    body claimed them meanwhile comes back here, which then shows the block."""
    submission = _submission(request, submission_id)
    if _claimed_here(request, submission):
        return redirect(f"{PREFIX}/register-ect/{submission.pk}")
    if request.method == "POST":
        try:
            confirm_claim_details(submission=submission)
        except DomainError:
            return redirect(f"{PREFIX}/check-ect/{submission.pk}/edit")
        return redirect(f"{PREFIX}/register-ect/{submission.pk}/edit")
    check = check_claim(submission)
    teacher = check.teacher
    shown_status = Teacher(trs_induction_status=submission.trs_induction_status)
    summary = selectors.teacher_summary(teacher) if teacher is not None else None
    return render_page(
        request,
        "appropriate_body_portal/claim/check_ect.html",
        {
            "submission": submission,
            "check": check,
            "summary": summary,
            "status_tag": induction_status_tag(
                teacher=shown_status, has_ongoing_period=summary is not None and summary.current is not None
            ),
            "check_record_url": CHECK_A_TEACHERS_RECORD,
        },
    )


@appropriate_body_user_required
def register_ect(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Step 3: start date and programme, then the claim (BR-IP-25 … BR-IP-28)."""
    submission = _submission(request, submission_id)
    if _claimed_here(request, submission):
        return redirect(f"{PREFIX}/register-ect/{submission.pk}")
    if submission.confirmed_at is None:
        return redirect(f"{PREFIX}/check-ect/{submission.pk}/edit")
    check = check_claim(submission)
    form_kwargs = {"name": check.name, "example_year": last_year()}
    if request.method == "POST":
        form = InductionStartForm(request.POST, **form_kwargs)
        if form.is_valid():
            if not check.is_claimable:  # claimed elsewhere since the check page
                return redirect(f"{PREFIX}/check-ect/{submission.pk}/edit")
            try:
                claim_from_submission(
                    author=author_of(request),
                    submission=submission,
                    started_on=form.cleaned_data["started_on"],
                    training_programme=form.cleaned_data["training_programme"] or None,
                )
            except DomainError as error:
                show_domain_errors(form, error)
            else:
                return redirect(f"{PREFIX}/register-ect/{submission.pk}")
    else:
        form = InductionStartForm(**form_kwargs)
    return render_page(
        request,
        "appropriate_body_portal/claim/register_ect.html",
        {
            "form": form,
            "submission": submission,
            "name": check.name,
            "check_url": f"{PREFIX}/check-ect/{submission.pk}/edit",
        },
    )


@appropriate_body_user_required
def claimed(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Step 4: the confirmation, once the claim has been made."""
    submission = _submission(request, submission_id)
    teacher = _claimed_here(request, submission)
    if teacher is None:
        return redirect(f"{PREFIX}/register-ect/{submission.pk}/edit")
    return render_page(
        request, "appropriate_body_portal/claim/claimed.html", {"teacher": teacher, "name": teacher.full_name}
    )


urlpatterns = [
    path("appropriate-body/claim-an-ect/find-ect/new", find_ect, name="claim-find-ect"),
    path("appropriate-body/claim-an-ect/check-ect/<int:submission_id>/edit", check_ect, name="claim-check-ect"),
    path("appropriate-body/claim-an-ect/register-ect/<int:submission_id>/edit", register_ect, name="claim-register"),
    path("appropriate-body/claim-an-ect/register-ect/<int:submission_id>", claimed, name="claim-confirmation"),
]
